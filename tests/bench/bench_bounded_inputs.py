"""Benchmark: time and peak memory of `rung` on inputs that used to be unbounded (issue 15,
item 4): a FIFO named x.csv, symlinks to /dev/zero and /dev/urandom, a sparse 300 MB file,
a 300 MB zip bomb, the same bomb with a header that lies about its size, a zip member just
under the 200 MB cap, a 70 MB cell, and 100 KB search queries.

Each case runs the real CLI in its own process (killed after 60 s) and reports its wall
time, exit code, peak RSS (from wait4) and the first line it printed. A baseline row
(`rung search` of one word) shows what a process costs anyway.

Run: .venv/bin/python tests/bench/bench_bounded_inputs.py
"""

from __future__ import annotations

import os
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from rung.core.demo import load_demo
from rung.core.store import Store

RUNG = str(Path(sys.executable).with_name("rung"))
TIMEOUT = 60.0


def measure(args: list[str]) -> tuple[float, int | None, float, str]:
    """(seconds, exit code or None if killed, peak RSS in MB, first output line)."""
    with tempfile.TemporaryFile("w+") as out:
        start = time.monotonic()
        proc = subprocess.Popen(
            [RUNG, *args], stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        code: int | None = None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() - start > TIMEOUT:
                os.kill(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        seconds = time.monotonic() - start
        proc.returncode = code if code is not None else -9  # reaped here, not by Popen
        out.seek(0)
        first = out.readline().strip() or "(no output)"
    return seconds, code, usage.ru_maxrss / 1024, first


def zeros_zip(path: Path, mb: int, head: bytes = b"First Name,Last Name\n") -> Path:
    zeros = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("Connections.csv", "w") as member:
            member.write(head)
            for _ in range(mb):
                member.write(zeros)
    return path


def lying(path: Path, source: Path, size: int) -> Path:
    data = bytearray(source.read_bytes())
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    data[local + 22 : local + 26] = struct.pack("<I", size)
    data[central + 24 : central + 28] = struct.pack("<I", size)
    path.write_bytes(bytes(data))
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db = tmp / "rung.db"
        with Store(db) as store:
            load_demo(store)
        fifo = tmp / "x.csv"
        os.mkfifo(fifo)
        (tmp / "zero.csv").symlink_to("/dev/zero")
        (tmp / "urandom.csv").symlink_to("/dev/urandom")
        sparse = tmp / "sparse.csv"
        with sparse.open("wb") as f:
            f.write(b"Company,Role\n")
            f.truncate(300 << 20)
        bomb = zeros_zip(tmp / "bomb.zip", 300)
        liar = lying(tmp / "liar.zip", bomb, 100)
        under = zeros_zip(tmp / "under.zip", 199)
        cell = tmp / "cell.csv"
        with cell.open("w") as f:
            f.write('Company,Role,Notes\nAcme,Manager,"')
            chunk = "x" * (1 << 20)
            for _ in range(70):
                f.write(chunk)
            f.write('"\n')
        one_word = "brightline " * 9300
        distinct = " ".join(f"w{i:05d}" for i in range(17000))[:102_000]
        cases = [
            ("baseline: search one word", ["search", "brightline"]),
            ("FIFO named x.csv", ["import", str(fifo)]),
            ("symlink to /dev/zero", ["import", str(tmp / "zero.csv")]),
            ("symlink to /dev/urandom", ["import", str(tmp / "urandom.csv")]),
            ("sparse 300 MB file", ["import", str(sparse)]),
            (f"zip bomb 300 MB ({bomb.stat().st_size // 1024} KB)", ["import", str(bomb)]),
            ("zip bomb, header says 100 B", ["import", str(liar)]),
            ("zip member of 199 MB (under cap)", ["import", str(under)]),
            ("70 MB cell", ["import", str(cell)]),
            ("search 100 KB of one word", ["search", one_word]),
            ("search 100 KB of distinct words", ["search", distinct]),
        ]
        print(f"{'case':<36} {'time':>8} {'exit':>5} {'peak RSS':>9}  first line")
        for label, args in cases:
            seconds, code, rss, first = measure(["--db", str(db), *args])
            shown = "killed" if code is None else str(code)
            print(f"{label:<36} {seconds:>7.2f}s {shown:>5} {rss:>7.0f} MB  {first[:110]}")


if __name__ == "__main__":
    main()
