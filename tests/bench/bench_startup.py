"""Benchmark: `rung demo` launch to the first painted Pipeline, vs a bare Textual app.

Both run in a real terminal (tmux, 80x24): the clock starts when tmux starts the command
and stops when capture-pane first shows the expected text (polled every 5 ms). The bare
app imports the same libraries (textual, rapidfuzz, numpy, dateutil, platformdirs,
click) and paints one line. Runs alternate; medians are compared.
Budget: rung <= 1.3x the bare app.

The demo database is built once a day and copied after that (warm); `--cold` gives every
run an empty cache, so each one loads the whole demo data set through the core.

Run: .venv/bin/python tests/bench/bench_startup.py [repetitions] [--cold]
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

BIN = Path(sys.executable).parent
HERE = Path(__file__).parent


def time_to_text(command: str, text: str, timeout: float = 30.0) -> float:
    name = f"bench-{uuid.uuid4().hex[:6]}"
    for _ in range(20):  # the tmux server may still be exiting from the previous run
        start = time.perf_counter()
        started = subprocess.run(
            [
                "tmux",
                "new-session",
                "-d",
                "-s",
                name,
                "-x",
                "80",
                "-y",
                "24",
                f"{command}; sleep 10",
            ],
            capture_output=True,
        )
        if started.returncode == 0:
            break
        time.sleep(0.2)
    else:
        raise RuntimeError(f"tmux would not start: {started.stderr.decode()}")
    try:
        while time.perf_counter() - start < timeout:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True
            ).stdout
            if text in screen:
                return time.perf_counter() - start
            time.sleep(0.005)
        raise RuntimeError(f"{text!r} never appeared for {command}")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def main() -> None:
    if shutil.which("tmux") is None:
        sys.exit("bench_startup needs tmux")
    args = [a for a in sys.argv[1:] if a != "--cold"]
    cold = "--cold" in sys.argv
    reps = int(args[0]) if args else 7
    cache = tempfile.mkdtemp(prefix="rung-bench-cache-")
    rung = f"RUNG_CONFIG=/nonexistent.toml XDG_CACHE_HOME={cache} {BIN / 'rung'} demo"
    bare = f"{BIN / 'python'} {HERE / 'bare_app.py'}"
    # pip byte-compiles a wheel install; an editable install under PYTHONDONTWRITEBYTECODE
    # (set on these machines) would recompile rung's sources at every start.
    root = HERE.parent.parent
    subprocess.run(
        [str(BIN / "python"), "-m", "compileall", "-q", str(root / "core"), str(root / "tui")],
        check=True,
    )
    time_to_text(bare, "bare app ready")  # warm the page cache
    time_to_text(rung, "Sable Robotics")
    rung_times, bare_times = [], []
    for _ in range(reps):
        bare_times.append(time_to_text(bare, "bare app ready"))
        if cold:
            shutil.rmtree(cache, ignore_errors=True)
        rung_times.append(time_to_text(rung, "Sable Robotics"))
    shutil.rmtree(cache, ignore_errors=True)
    b, r = statistics.median(bare_times), statistics.median(rung_times)
    print(
        f"bare Textual app, same imports: median {b * 1000:.0f} ms "
        f"(min {min(bare_times) * 1000:.0f})"
    )
    print(
        f"rung demo ({'cold: demo built' if cold else 'warm: demo copied'}) to painted Pipeline: median {r * 1000:.0f} ms "
        f"(min {min(rung_times) * 1000:.0f})"
    )
    print(f"ratio {r / b:.2f}x (budget <= 1.3x) -> {'OK' if r / b <= 1.3 else 'OVER'}")


if __name__ == "__main__":
    main()
