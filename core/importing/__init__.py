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
from .kinds import WRITE_ORDER
from .profiles import Profile, detect, header_key, load_profiles, map_headers
from .reader import Refused, Source, load_sources, parse_table
from .report import ImportDuplicate, ImportReport, RowError
from .rows import FUSED, Prepared, fused_column, prepare
from .writer import Writer

__all__ = [
    "ImportReport",
    "Progress",
    "RowError",
    "import_files",
    "preview",
    "profile_names",
    "resolve_mapping",
]

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


def _prepare_source(
    source: Source,
    profile_name: str | None,
    limit: int | None = None,
    in_zip: bool = False,
    mapping: dict[str, int] | None = None,
    progress: Progress | None = None,
    require_company: bool = True,
) -> tuple[Prepared, ImportReport]:
    table = parse_table(source)
    if in_zip and profile_name is None and detect(table.header) is None:
        raise _NotAMember
    profile = _choose_profile(table.header, profile_name, source.name)
    if mapping is not None and any(not 0 <= i < len(table.header) for i in mapping.values()):
        raise Refused(f"{source.name}: the mapping names a column the file does not have")
    offered = None
    if mapping is None and profile.fuzzy and profile.kind == "applications":
        found = map_headers(profile, table.header)
        offered = fused_column(table, found) if "company" not in found else None
        found.pop(FUSED, None)
        if offered is not None:  # "Meta SDE 1": the only column that says which job
            found = {k: v for k, v in found.items() if v != offered}
            found[FUSED] = offered
        mapping = found
    if mapping is not None and FUSED in mapping and "company" not in mapping:
        offered = mapping[FUSED]
    if mapping is None:
        mapping = map_headers(profile, table.header)
    prepared = prepare(table, profile, limit, mapping=mapping, progress=progress)
    if (
        require_company
        and profile.kind == "applications"
        and "company" not in prepared.mapping
        and FUSED not in prepared.mapping
    ):
        raise Refused(
            f"{source.name}:{table.header_line}: no column says which company the job "
            f"is at; columns seen: {', '.join(h or '(blank)' for h in table.header)}; "
            "name one with --map company=COLUMN"
        )
    report = ImportReport(
        source.name,
        profile.name,
        prepared.rows_read,
        errors=list(prepared.errors),
        warnings=list(prepared.warnings),
        skipped=prepared.skipped,
    )
    report.mapping = {
        ("company+title" if f == FUSED else f): table.header[i]
        for f, i in sorted(prepared.mapping.items(), key=lambda kv: kv[1])
    }
    used = set(prepared.mapping.values())
    report.unmapped = [
        h or f"(column {i + 1})" for i, h in enumerate(table.header) if i not in used
    ]
    if offered is not None and "company" not in prepared.mapping:
        report.message = (
            f"{table.header[offered]!r} holds company and role together: each "
            "value is split at its first role word ('Meta SDE 1' -> Meta, SDE 1)"
        )
    return prepared, report


_PREVIEW_BYTES = 1 << 20


def preview(
    path: str | os.PathLike[str],
    profile: str | None = None,
    rows: int = 50,
    *,
    mapping: dict[str, int] | None = None,
) -> tuple[Prepared, ImportReport]:
    """The first ``rows`` records of a file mapped and validated, nothing written.

    ``mapping`` (field -> column index) replaces the profile's header mapping. A sheet
    with no company column is previewed too (its mapping lacks "company"): importing it
    is what gets refused.
    """
    sources = [s for s in load_sources(Path(path)) if not s.skip_reason]
    in_zip = len(sources) > 1 or sources[0].name != str(path)
    for source in sources:
        if len(source.data) > _PREVIEW_BYTES:  # the first rows of a big file: its start
            cut = source.data.rfind(b"\n", 0, _PREVIEW_BYTES)
            source = Source(source.name, source.data[: cut + 1] if cut > 0 else source.data)
        try:
            return _prepare_source(
                source, profile, rows, in_zip=in_zip, mapping=mapping, require_company=False
            )
        except _NotAMember:
            continue
    raise Refused(f"{path}: no file in this archive is one rung reads")


def import_files(
    store: Store,
    paths: Sequence[str | os.PathLike[str]],
    profile: str | None = None,
    dry_run: bool = False,
    skip_bad_rows: bool = True,
    accept_feedback: bool = False,
    *,
    mapping: dict[str, int] | None = None,
    progress: Progress | None = None,
    strict: bool = False,
) -> list[ImportReport]:
    """Import every file (zip members included); one report per CSV, and one per zip
    archive that lists the members rung does not read.

    Rows an exporter writes (a removed posting, a hidden member, a date that does not
    parse) are warnings, never a reason to refuse a file; ``strict`` refuses a file with
    any warning. If any file is refused (unreadable, or strict) nothing is written at all.
    A dry run reports the same figures and rolls everything back.
    ``mapping`` (field -> column index) replaces the header mapping of a single CSV;
    ``progress(stage, done, total)`` is called as rows are read and written.
    """
    with _gc_paused():
        return _import(
            store,
            paths,
            profile,
            dry_run,
            skip_bad_rows,
            accept_feedback,
            mapping,
            progress,
            strict,
        )


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


def _import(
    store: Store,
    paths: Sequence[str | os.PathLike[str]],
    profile: str | None,
    dry_run: bool,
    skip_bad_rows: bool,
    accept_feedback: bool,
    mapping: dict[str, int] | None,
    progress: Progress | None,
    strict: bool,
) -> list[ImportReport]:
    reports: list[ImportReport] = []
    work: list[tuple[Source, Prepared, ImportReport]] = []
    for path in paths:
        try:
            sources = load_sources(Path(path))
        except Refused as exc:
            reports.append(ImportReport(str(path), refused=True, message=str(exc), dry_run=dry_run))
            continue
        in_zip = len(sources) > 1 or sources[0].name != str(path)
        if mapping is not None and (in_zip or len(paths) > 1):
            reports.append(
                ImportReport(
                    str(path),
                    refused=True,
                    dry_run=dry_run,
                    message=f"{path}: a column mapping applies to one CSV "
                    "file, not to several or to a zip",
                )
            )
            continue
        not_read: list[str] = [s.name.rsplit(":", 1)[-1] for s in sources if s.skip_reason]
        taken = 0
        for source in sources:
            if source.skip_reason:
                continue
            try:
                prepared, report = _prepare_source(
                    source, profile, in_zip=in_zip, mapping=mapping, progress=progress
                )
            except _NotAMember:
                not_read.append(source.name.rsplit(":", 1)[-1])
                continue
            except Refused as exc:
                taken += 1
                reports.append(
                    ImportReport(source.name, refused=True, message=str(exc), dry_run=dry_run)
                )
                continue
            taken += 1
            report.dry_run = dry_run
            if report.errors and not skip_bad_rows:
                _refuse(report, report.errors, "bad row(s)")
            elif strict and report.warnings:
                _refuse(report, report.warnings, "warning(s) and --strict")
            reports.append(report)
            work.append((source, prepared, report))
        if in_zip:
            reports.append(_archive_report(str(path), not_read, taken, dry_run))
    refused = any(r.refused for r in reports)
    if refused or not work:
        return reports
    refused = any(r.refused for r in reports)
    if refused or not work:
        return reports
    work.sort(key=lambda w: WRITE_ORDER[w[1].profile.kind])  # contacts first: others find them
    try:
        with (
            store.transaction(),
            bulk_index(store),
            store.indexes_deferred(_outgrown_tables(store, work)),
        ):
            writer = Writer(store, accept_feedback, progress)
            kept_up_to = writer.next_app_id - 1  # the applications kept before this import
            for source, prepared, report in work:
                first_new = writer.next_app_id
                prepared.profile.record.write(writer, prepared, report)
                if writer.next_app_id > first_new and kept_up_to:
                    report.possible_duplicates = _possible_duplicates(
                        store, prepared, range(first_new, writer.next_app_id), kept_up_to, dry_run
                    )
                report.warnings.sort(key=lambda w: w.line)
                if not dry_run:
                    _record(store, source, report)
            if strict and any(r.warnings for _, _, r in work):  # the writer's own warnings
                for _, _, report in work:
                    if report.warnings:
                        _refuse(report, report.warnings, "warning(s) and --strict")
                raise _DryRun
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


def _possible_duplicates(
    store: Store, prepared: Prepared, new_ids: range, kept_up_to: int, dry_run: bool
) -> list[ImportDuplicate]:
    """The applications this file made that read like one kept before the import (same
    company, a title alike, another date: the merge rules kept them apart). Listed, not
    merged: the user decides. A dry run's new ids are none (rolled back)."""
    from dataclasses import replace

    from ..commands.duplicates import imported_duplicates

    first, last = new_ids.start, new_ids.stop  # the rows that became new applications
    lines = {
        ident: row["line"]
        for row in prepared.rows
        if isinstance(ident := row.get("id"), int) and first <= ident < last and "line" in row
    }
    found = imported_duplicates(store, new_ids, kept_up_to, lines)
    return [replace(d, id=None) for d in found] if dry_run else found


_DEFER_FROM = 5000  # rows: below this, keeping indexes current costs next to nothing


def _outgrown_tables(store: Store, work: list[tuple[Source, Prepared, ImportReport]]) -> list[str]:
    """The tables this import may more than double: their indexes are built after the rows
    are written (one sort each) instead of row by row. (Contacts are matched in memory
    during the run, so their indexes are not needed before the end either.)"""
    adding: dict[str, int] = {}
    for _, prepared, _ in work:
        for table in prepared.profile.record.tables:
            adding[table] = adding.get(table, 0) + len(prepared.rows)
    return [table for table, n in adding.items() if n >= _DEFER_FROM and n >= store.count(table)]


def _refuse(report: ImportReport, notes: list[RowError], why: str) -> None:
    first = notes[0]
    report.refused = True
    report.message = (
        f"{report.file}:{first.line}:{first.column}: {first.message}"
        f" ({len(notes)} {why}; --json lists them; nothing imported)"
    )


def _archive_report(path: str, not_read: list[str], taken: int, dry_run: bool) -> ImportReport:
    """The report of a zip archive itself: the members rung does not read, by name."""
    report = ImportReport(path, dry_run=dry_run, skipped_members=sorted(not_read))
    if not taken:
        report.refused = True
        report.message = f"{path}: no file in this archive is one rung reads" + (
            f" ({', '.join(sorted(not_read)[:8])}{' …' if len(not_read) > 8 else ''})"
            if not_read
            else ""
        )
    elif not_read:
        report.message = (
            f"{len(not_read)} member(s) rung does not read, left out: "
            f"{', '.join(sorted(not_read)[:12])}{' …' if len(not_read) > 12 else ''}"
        )
    return report


class _DryRun(Exception):
    """Rolls back the transaction of a dry run."""


def _record(store: Store, source: Source, report: ImportReport) -> None:
    store.conn.execute(
        "INSERT INTO imports(file_name, sha256, profile, at, rows_read, created, merged, skipped,"
        " errors) VALUES (?,?,?,?,?,?,?,?,?)",
        (
            source.name,
            hashlib.sha256(source.data).hexdigest(),
            report.profile,
            now_iso(),
            report.rows_read,
            json.dumps(report.created),
            report.merged,
            report.skipped,
            json.dumps([e.to_json() for e in report.errors + report.warnings]),
        ),
    )


def resolve_mapping(
    path: str | os.PathLike[str], columns: dict[str, str], profile: str | None = None
) -> dict[str, int]:
    """field -> column index for ``--map`` (each column named by its header, or by its
    1-based number), completed with the profile's own mapping for the other fields."""
    sources = [s for s in load_sources(Path(path)) if not s.skip_reason]
    if len(sources) != 1 or sources[0].name != str(path):
        raise Refused(f"{path}: a column mapping applies to one CSV file, not to a zip")
    table = parse_table(sources[0])
    keys = [header_key(h) for h in table.header]
    chosen: dict[str, int] = {}
    for field_name, column in columns.items():
        if column.isdigit() and 1 <= int(column) <= len(keys):
            chosen[field_name] = int(column) - 1
        elif header_key(column) in keys:
            chosen[field_name] = keys.index(header_key(column))
        else:
            raise Refused(
                f"{path}:{table.header_line}: no column {column!r} (columns: "
                f"{', '.join(h or '(blank)' for h in table.header)})"
            )
    found = map_headers(_choose_profile(table.header, profile, str(path)), table.header)
    found.pop(FUSED, None)
    taken = set(chosen.values())
    return {**{f: i for f, i in found.items() if i not in taken and f not in chosen}, **chosen}
