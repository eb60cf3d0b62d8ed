"""Benchmark: a whole LinkedIn data export, as a year of job hunting leaves it.

A zip with 3 000 job applications, 8 000 connections and 30 000 messages (a tenth of them a
recruiter's rejection): the time `import_files` takes for all of it in one transaction, the
time a re-import takes (it creates nothing), and csv.reader over the same members in the
same run, as this machine's speed. Run: .venv/bin/python tests/bench/bench_import_export.py
"""

from __future__ import annotations

import csv
import io
import random
import tempfile
import time
import zipfile
from pathlib import Path

from rung.core.importing import import_files
from rung.core.store import Store

APPS, CONNECTIONS, MESSAGES = 3000, 8000, 30000
FIRST = ["Ana", "Ben", "Chen", "Dana", "Eli", "Fatima", "Goran", "Hana", "Ivan", "Jules"]
LAST = ["Garcia", "Okafor", "Novak", "Schmidt", "Tanaka", "Rossi", "Dubois", "Silva"]
TEXTS = [
    "Thanks for applying; we decided to move forward with a candidate who has more "
    "experience managing managers.",
    "Are you free for a call next week?",
    "Great to connect!",
    "About the role at Company {n}: shall we talk on Tuesday?",
]


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def make_export(path: Path) -> dict[str, str]:
    rng = random.Random(3)
    apps = [
        [
            "Application Date",
            "Contact Email",
            "Contact Phone Number",
            "Company Name",
            "Job Title",
            "Job Url",
            "Resume Name",
            "Question And Answers",
        ]
    ]
    for i in range(APPS):
        apps.append(
            [
                f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/25, {rng.randint(1, 12)}:"
                f"{rng.randint(0, 59):02d} PM",
                "",
                "",
                f"Company {rng.randint(1, 1500)}",
                "Engineering Manager",
                f"https://www.linkedin.com/jobs/view/{i}",
                "cv.pdf",
                "Years managing managers?:3",
            ]
        )
    people, connections = (
        [],
        [
            [
                "First Name",
                "Last Name",
                "URL",
                "Email Address",
                "Company",
                "Position",
                "Connected On",
            ]
        ],
    )
    for i in range(CONNECTIONS):
        first, last = rng.choice(FIRST), f"{rng.choice(LAST)}{i}"
        url = f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}"
        people.append((f"{first} {last}", url))
        connections.append(
            [
                first,
                last,
                url,
                "",
                f"Company {rng.randint(1, 3000)}",
                "Technical Recruiter",
                "14 Mar 2025",
            ]
        )
    messages = [
        [
            "CONVERSATION ID",
            "CONVERSATION TITLE",
            "FROM",
            "SENDER PROFILE URL",
            "TO",
            "RECIPIENT PROFILE URLS",
            "DATE",
            "SUBJECT",
            "CONTENT",
            "FOLDER",
            "ATTACHMENTS",
        ]
    ]
    for i in range(MESSAGES):
        name, url = rng.choice(people)
        text = rng.choice(TEXTS).format(n=rng.randint(1, 1500))
        messages.append(
            [
                f"c{i // 3}",
                "",
                name,
                url,
                "Pat Example",
                "https://www.linkedin.com/in/pat-example",
                f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)} 1{rng.randint(0, 9)}:00:00 UTC",
                "",
                text,
                "INBOX",
                "",
            ]
        )
    members = {
        "Jobs/Job Applications.csv": _csv(apps),
        "Connections.csv": 'Notes:\n"When exporting your connection data…"\n\n' + _csv(connections),
        "messages.csv": _csv(messages),
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return members


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "Complete_LinkedInDataExport_11-23-2026.zip"
        members = make_export(archive)
        rows = APPS + CONNECTIONS + MESSAGES
        start = time.perf_counter()
        for text in members.values():
            sum(1 for _ in csv.reader(io.StringIO(text, newline="")))
        parse = time.perf_counter() - start
        store = Store(Path(tmp) / "rung.db")
        start = time.perf_counter()
        reports = import_files(store, [archive])
        first = time.perf_counter() - start
        start = time.perf_counter()
        again = import_files(store, [archive])
        second = time.perf_counter() - start
        created: dict[str, int] = {}
        for report in reports:
            for table, n in report.created.items():
                created[table] = created.get(table, 0) + n
        print(f"export: {APPS} applications, {CONNECTIONS} connections, {MESSAGES} messages")
        print(f"csv.reader alone over the members: {parse:.2f} s (this machine's speed)")
        print(
            f"rung import_files, first time:     {first:.2f} s, {rows / first:,.0f} rows/s "
            f"({first / parse:.0f}x csv.reader alone); created {created}"
        )
        print(
            f"rung import_files, again:          {second:.2f} s "
            f"(created {sum(sum(r.created.values()) for r in again)})"
        )
        store.close()


if __name__ == "__main__":
    main()
