"""Import CSV files (LinkedIn, Huntr, Teal, spreadsheets): read, detect, map, validate, write.

All files of one call are validated before anything is written; then every file is written in
one transaction, so a refused file (or an interrupted run) leaves the database unchanged.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..clock import now_iso
from ..search import bulk_index
from ..store import Store
from .profiles import Profile, detect, load_profiles
from .reader import Refused, Source, load_sources, parse_table
from .report import ImportReport, RowError
from .rows import Prepared, prepare
from .writer import Writer

__all__ = ["ImportReport", "Progress", "RowError", "import_files", "preview", "profile_names"]

Progress = Callable[[str, int, int], None]  # (stage, done, total); stage: "reading",
# "writing", then "finishing" once (indexes and the search index are built, then the commit)


def profile_names() -> list[str]:
    """Names accepted by ``--profile``."""
    return sorted(load_profiles())


def _choose_profile(header: list[str], name: str | None, source: str) -> Profile:
    profiles = load_profiles()
    if name is not None:
        if name not in profiles:
            raise Refused(f"unknown profile {name!r} (one of: {', '.join(sorted(profiles))})")
        return profiles[name]
    found = detect(header)
    return found or profiles["generic"]


class _NotAMember(Exception):
    """A zip member that is no format rung reads (Profile.csv, Skills.csv, ...)."""


def _prepare_source(source: Source, profile_name: str | None, limit: int | None = None,
                    in_zip: bool = False, mapping: dict[str, int] | None = None,
                    progress: Progress | None = None,
                    require_company: bool = True) -> tuple[Prepared, ImportReport]:
    table = parse_table(source)
    if in_zip and profile_name is None and detect(table.header) is None:
        raise _NotAMember
    profile = _choose_profile(table.header, profile_name, source.name)
    if mapping is not None and any(not 0 <= i < len(table.header) for i in mapping.values()):
        raise Refused(f"{source.name}: the mapping names a column the file does not have")
    prepared = prepare(table, profile, limit, mapping=mapping, progress=progress)
    if require_company and profile.kind == "applications" and "company" not in prepared.mapping:
        raise Refused(f"{source.name}:{table.header_line}: no column maps to the company; "
                      f"columns seen: {', '.join(h or '(blank)' for h in table.header)}")
    report = ImportReport(source.name, profile.name, prepared.rows_read,
                          errors=list(prepared.errors))
    return prepared, report


_PREVIEW_BYTES = 1 << 20


def preview(path: str | os.PathLike[str], profile: str | None = None,
            rows: int = 50, *, mapping: dict[str, int] | None = None,
            ) -> tuple[Prepared, ImportReport]:
    """The first ``rows`` records of a file mapped and validated, nothing written.

    ``mapping`` (field -> column index) replaces the profile's header mapping. A sheet
    with no company column is previewed too (its mapping lacks "company"): importing it
    is what gets refused.
    """
    sources = load_sources(Path(path))
    source = sources[0]
    if len(source.data) > _PREVIEW_BYTES:  # the first rows of a big file need only its start
        cut = source.data.rfind(b"\n", 0, _PREVIEW_BYTES)
        source = Source(source.name, source.data[:cut + 1] if cut > 0 else source.data)
    return _prepare_source(source, profile, rows, in_zip=len(sources) > 1, mapping=mapping,
                           require_company=False)


def import_files(store: Store, paths: Sequence[str | os.PathLike[str]], profile: str | None = None,
                 dry_run: bool = False, skip_bad_rows: bool = False,
                 accept_feedback: bool = False, *, mapping: dict[str, int] | None = None,
                 progress: Progress | None = None) -> list[ImportReport]:
    """Import every file (zip members included); one report per CSV.

    If any file is refused (unreadable, or bad rows without ``skip_bad_rows``) nothing is
    written at all. A dry run reports the same figures and rolls everything back.
    ``mapping`` (field -> column index) replaces the header mapping of a single CSV;
    ``progress(stage, done, total)`` is called as rows are read and written.
    """
    with _gc_paused():
        return _import(store, paths, profile, dry_run, skip_bad_rows, accept_feedback,
                       mapping, progress)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while an import builds its rows: they are hundreds of
    thousands of dicts with no cycles, and the collector kept walking them (0.7 s of a
    100 000-row import). Cycles made meanwhile are collected after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _import(store: Store, paths: Sequence[str | os.PathLike[str]], profile: str | None,
            dry_run: bool, skip_bad_rows: bool, accept_feedback: bool,
            mapping: dict[str, int] | None, progress: Progress | None) -> list[ImportReport]:
    reports: list[ImportReport] = []
    work: list[tuple[Source, Prepared, ImportReport]] = []
    for path in paths:
        try:
            sources = load_sources(Path(path))
        except Refused as exc:
            reports.append(ImportReport(str(path), refused=True, message=str(exc)))
            continue
        in_zip = len(sources) > 1 or sources[0].name != str(path)
        if mapping is not None and (in_zip or len(paths) > 1):
            reports.append(ImportReport(str(path), refused=True,
                                        message=f"{path}: a column mapping applies to one CSV "
                                                "file, not to several or to a zip"))
            continue
        for source in sources:
            try:
                prepared, report = _prepare_source(source, profile, in_zip=in_zip,
                                                   mapping=mapping, progress=progress)
            except _NotAMember:
                continue
            except Refused as exc:
                reports.append(ImportReport(source.name, refused=True, message=str(exc)))
                continue
            if report.errors and not skip_bad_rows:
                report.refused = True
                first = report.errors[0]
                report.message = (f"{source.name}:{first.line}:{first.column}: {first.message}"
                                  f" ({len(report.errors)} bad row(s), --json lists them;"
                                  " nothing imported; --skip-bad-rows imports the others)")
            report.skipped += len(report.errors)
            reports.append(report)
            work.append((source, prepared, report))
    refused = any(r.refused for r in reports)
    if refused or not work:
        return reports
    order = {"contacts": 0, "applications": 1, "messages": 2}
    work.sort(key=lambda w: order[w[1].profile.kind])
    try:
        with store.transaction(), bulk_index(store), \
                store.indexes_deferred(_outgrown_tables(store, work)):
            writer = Writer(store, accept_feedback, progress)
            for source, prepared, report in work:
                getattr(writer, prepared.profile.kind)(prepared, report)
                report.dry_run = dry_run
                if not dry_run:
                    _record(store, source, report)
            if dry_run:
                raise _DryRun
            if progress is not None:  # what is left: indexes, the search index, the commit
                progress("finishing", 1, 1)
    except _DryRun:
        return reports
    if accept_feedback and any(r.created.get("feedback") for r in reports):
        from ..clustering.assign import assign_unplaced  # only when there is feedback to place

        assign_unplaced(store)
    return reports


_DEFER_FROM = 5000  # rows: below this, keeping indexes current costs next to nothing


def _outgrown_tables(store: Store, work: list[tuple[Source, Prepared, ImportReport]]) -> list[str]:
    """The tables this import may more than double: their indexes are built after the rows
    are written (one sort each) instead of row by row. (Contacts are matched in memory
    during the run, so their indexes are not needed before the end either.)"""
    adding: dict[str, int] = {}
    for _, prepared, _ in work:
        for table in _FILLS[prepared.profile.kind]:
            adding[table] = adding.get(table, 0) + len(prepared.rows)
    return [table for table, n in adding.items()
            if n >= _DEFER_FROM and n >= store.count(table)]


_FILLS = {"applications": ("applications", "stage_events"), "contacts": ("contacts",),
          "messages": ("interactions",)}


class _DryRun(Exception):
    """Rolls back the transaction of a dry run."""


def _record(store: Store, source: Source, report: ImportReport) -> None:
    store.conn.execute(
        "INSERT INTO imports(file_name, sha256, profile, at, rows_read, created, merged, skipped,"
        " errors) VALUES (?,?,?,?,?,?,?,?,?)",
        (source.name, hashlib.sha256(source.data).hexdigest(), report.profile, now_iso(),
         report.rows_read, json.dumps(report.created), report.merged, report.skipped,
         json.dumps([e.__dict__ for e in report.errors])))
