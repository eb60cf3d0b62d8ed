"""Benchmark: how fast the ``rung`` command line answers, against a bare ``import click``.

Each command runs in a fresh interpreter (subprocess, output to a pipe, bytecode cached
in a temporary folder) on the demo database; the figure is the median wall time of N runs (default 15), then its ratio to
``python -c 'import click'``. Budget: the listings at most 2x that baseline (commands that
do not cluster import neither numpy nor rapidfuzz nor textual).

Run: .venv/bin/python tests/bench/bench_cli.py [repetitions]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
BUDGET = 2.0


def commands(db: Path) -> list[tuple[str, list[str]]]:
    rung = [PY, "-m", "rung.tui", "--db", str(db)]
    return [
        ("python -c 'import click'", [PY, "-c", "import click"]),
        ("rung --version", [*rung, "--version"]),
        ("rung list applications --json", [*rung, "list", "applications", "--json"]),
        ("rung list contacts --json", [*rung, "list", "contacts", "--json"]),
        ("rung review --format json", [*rung, "review", "--format", "json"]),
        ("rung gaps --json", [*rung, "gaps", "--json"]),
    ]


def run_ms(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, env=env, cwd="/")
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr.decode()[-400:]}")
    return elapsed


def main() -> None:
    repetitions = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    from rung.core.demo import build_demo_database

    with tempfile.TemporaryDirectory(prefix="rung-bench-cli-") as tmp:
        db = Path(tmp) / "demo.db"
        build_demo_database(db)
        env = {**os.environ, "XDG_CONFIG_HOME": tmp, "HOME": tmp}  # no user settings file
        # bytecode written and read as an installed rung's would be (a checkout under edit,
        # or PYTHONDONTWRITEBYTECODE, would compile every changed module on every run)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        cases = commands(db)
        for _, argv in cases:  # warm the file cache and the bytecode
            run_ms(argv, env)
        times: dict[str, list[float]] = {name: [] for name, _ in cases}
        for _ in range(repetitions):  # interleaved: a slow moment hits every command alike
            for name, argv in cases:
                times[name].append(run_ms(argv, env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians[cases[0][0]]
    print(f"median of {repetitions} runs each (ms; ratio to import click; budget {BUDGET:g}x)")
    for name, ms in medians.items():
        print(f"  {name:<32} {ms:7.1f} ms  {ms / base:5.2f}x")


if __name__ == "__main__":
    main()
