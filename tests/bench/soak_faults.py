"""Soak test of faults (issue 15; not part of the suite): kill -9 an import at random
moments, then two writers and a backup loop on one database for a minute.

1. A ~200 000-row LinkedIn *Job Applications* CSV is imported by `rung import` into a copy
   of a small base database, and the process is sent SIGKILL at N random moments between
   its start and its end (measured by one full run first). After each kill: `PRAGMA
   integrity_check` must say ok, and the row counts must be those of the base (nothing
   written) or those of the full run (all written), never in between; then a `rung add`
   must get the write lock at once (the killed holder's ``.owner`` file must not mislead).
2. Two `rung add application` loops and a `rung backup` loop run concurrently for
   SECONDS; every command's outcome is counted (tried, survived, failed with its reason),
   every backup is opened and checked, and the database must hold exactly base + the adds
   that said they succeeded.

Run: .venv/bin/python tests/bench/soak_faults.py [ROWS] [KILLS] [SECONDS] [SEED]
"""

from __future__ import annotations

import collections
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import import make_csv  # noqa: E402 - a sibling script

RUNG = str(Path(sys.executable).with_name("rung"))
TABLES = ("applications", "companies", "stage_events", "imports", "search_index")


def rung(
    db: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [RUNG, "--db", str(db), *args], capture_output=True, text=True, env=env, timeout=timeout
    )


def counts(db: Path) -> tuple[int, ...]:
    conn = sqlite3.connect(db)
    try:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES)
    finally:
        conn.close()


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    finally:
        conn.close()
    return "ok" if rows == ["ok"] else "; ".join(rows[:3])


def fresh_copy(base: Path, work: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".owner"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base, work)


def reason(proc: subprocess.CompletedProcess[str]) -> str:
    line = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
    return line.replace(str(Path(tempfile.gettempdir())), "$TMP")[:160]


def kill_phase(folder: Path, rows: int, kills: int, rng: random.Random) -> list[str]:
    base, work = folder / "base.db", folder / "work.db"
    small, big = folder / "small.csv", folder / "Job Applications.csv"
    make_csv(small, 1000, 1, 1)
    make_csv(big, rows, 10_000_000, 2)
    done = rung(base, "import", str(small))
    assert done.returncode == 0, done.stderr
    before = counts(base)

    fresh_copy(base, work)
    started = time.monotonic()
    full = subprocess.Popen(
        [RUNG, "--db", str(work), "import", str(big)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    window: list[float] = []  # when its write transaction ran: while DB.owner exists
    while full.poll() is None:
        if Path(f"{work}.owner").exists():
            window.append(time.monotonic() - started)
        time.sleep(0.01)
    duration = time.monotonic() - started
    assert full.returncode == 0, full.stderr.read()  # type: ignore[union-attr]
    full.stderr.close()  # type: ignore[union-attr]
    after = counts(work)
    write_from, write_to = (min(window), max(window)) if window else (0.0, duration)
    print(
        f"import of {rows} rows: {duration:.1f} s, its write transaction from "
        f"{write_from:.1f} to {write_to:.1f} s; counts "
        f"{dict(zip(TABLES, before, strict=True))} -> {dict(zip(TABLES, after, strict=True))}"
    )

    lines, outcomes, phases = [], collections.Counter(), collections.Counter()
    failed = 0
    for n in range(1, kills + 1):
        fresh_copy(base, work)
        # every other kill inside the write transaction, the others anywhere in the run
        moment = (
            rng.uniform(write_from, write_to) if n % 2 == 0 else rng.uniform(0.05, duration * 1.05)
        )
        proc = subprocess.Popen(
            [RUNG, "--db", str(work), "import", str(big)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(moment)
        finished = proc.poll() is not None
        writing = Path(f"{work}.owner").exists()  # the holder's sidecar: in its transaction
        if not finished:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stderr.close()  # type: ignore[union-attr]
        now = counts(work)
        state = "nothing" if now == before else "all" if now == after else "PARTIAL"
        check = integrity(work)
        waited = time.monotonic()
        add = rung(
            work,
            "add",
            "application",
            "Soak",
            "Engineering Manager",
            env={**os.environ, "RUNG_LOCK_WAIT": "10"},
        )
        add_s = time.monotonic() - waited
        ok = state != "PARTIAL" and check == "ok" and add.returncode == 0 and add_s < 5
        failed += not ok
        outcomes[state] += 1
        phase = (
            "had finished"
            if finished
            else "writing"
            if writing
            else "after its commit"
            if state == "all"
            else "reading"
        )
        phases[phase] += 1
        lines.append(
            f"  kill {n:2d} at {moment:5.2f} s ({phase}): "
            f"{state}, integrity {check}, next add {add.returncode == 0 and 'ok' or reason(add)}"
            f" in {add_s:.2f} s{'' if ok else '  <-- FAILED'}"
        )
    print("\n".join(lines))
    summary = (
        f"kill -9 during import: {kills} tried, {kills - failed} survived, {failed} "
        f"failed; found {', '.join(f'{k} {v}' for k, v in sorted(outcomes.items()))};"
        f" killed {', '.join(f'{k} {v}' for k, v in sorted(phases.items()))}"
    )
    return [summary]


def concurrency_phase(folder: Path, seconds: float) -> list[str]:
    db = folder / "busy.db"
    backups = folder / "backups"
    backups.mkdir()
    seed = rung(db, "import", str(folder / "small.csv"))
    assert seed.returncode == 0, seed.stderr
    base = counts(db)[0]
    stop = time.monotonic() + seconds
    results: dict[str, collections.Counter[str]] = {}
    slowest: dict[str, float] = {}
    lock = threading.Lock()

    def loop(name: str, args_for: object) -> None:
        tally: collections.Counter[str] = collections.Counter()
        worst = 0.0
        i = 0
        while time.monotonic() < stop:
            i += 1
            t = time.monotonic()
            proc = rung(db, *args_for(i))  # type: ignore[operator]
            worst = max(worst, time.monotonic() - t)
            tally["tried"] += 1
            tally["survived" if proc.returncode == 0 else f"failed: {reason(proc)}"] += 1
            tally["waited"] += "waiting for another rung" in proc.stderr
        with lock:
            results[name], slowest[name] = tally, worst

    threads = [
        threading.Thread(
            target=loop,
            args=(
                "writer A",
                lambda i: ("add", "application", f"Writer A {i}", "Engineering Manager"),
            ),
            daemon=True,
        ),
        threading.Thread(
            target=loop,
            args=(
                "writer B",
                lambda i: ("add", "application", f"Writer B {i}", "Director of Engineering"),
            ),
            daemon=True,
        ),
        threading.Thread(
            target=loop,
            args=("backup", lambda i: ("backup", str(backups / f"copy-{i % 5}.db"))),
            daemon=True,
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    lines = [f"two writers and a backup loop for {seconds:.0f} s:"]
    failed = 0
    for name in ("writer A", "writer B", "backup"):
        tally = results[name]
        bad = {k: v for k, v in tally.items() if k.startswith("failed")}
        failed += sum(bad.values())
        lines.append(
            f"  {name}: {tally['tried']} tried, {tally['survived']} survived, "
            f"{sum(bad.values())} failed; {tally['waited']} waited for a lock; "
            f"slowest {slowest[name]:.2f} s"
        )
        lines += [f"    {v} x {k}" for k, v in bad.items()]
    copies = sorted(backups.glob("copy-*.db"))
    broken = [c.name for c in copies if integrity(c) != "ok"]
    lines.append(
        f"  backups: {len(copies)} kept copies opened, {len(copies) - len(broken)} "
        f"intact" + (f", BROKEN: {broken}" if broken else "")
    )
    added = results["writer A"]["survived"] + results["writer B"]["survived"]
    final = counts(db)[0]
    check = integrity(db)
    ok = final == base + added and check == "ok"
    lines.append(
        f"  database: integrity {check}; applications {final} = {base} + {added} "
        f"successful adds: {'yes' if final == base + added else 'NO'}"
    )
    tried = sum(r["tried"] for r in results.values())
    lines.insert(
        0,
        f"concurrency: {tried} tried, {tried - failed} survived, {failed} failed; "
        f"{'consistent' if ok and not broken else 'INCONSISTENT'}",
    )
    return lines


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    kills = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 60
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 15
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="rung-soak-") as tmp:
        folder = Path(tmp)
        os.environ.pop("RUNG_LOCK_WAIT", None)
        os.environ["RUNG_CONFIG"] = str(folder / "config.toml")
        summary = kill_phase(folder, rows, kills, rng)
        summary += concurrency_phase(folder, seconds)
    print("\n".join(summary))


if __name__ == "__main__":
    main()
