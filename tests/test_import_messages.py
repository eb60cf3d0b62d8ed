"""LinkedIn messages: each becomes an interaction with its contact, tied to the application
it is about (the most recent one whose company it names, else the contact's company's)."""

from __future__ import annotations

import csv
from pathlib import Path

from rung.core.importing import import_files
from rung.core.store import Store

APPS = [
    ("1/10/26, 9:00 AM", "Globex", "Engineering Manager", "1"),
    ("3/02/26, 9:00 AM", "Globex", "Director of Engineering", "2"),
    ("2/15/26, 9:00 AM", "Initech Systems", "VP Engineering", "3"),
    ("2/20/26, 9:00 AM", "Umbrella", "Head of Platform", "4"),
]
PEOPLE = [("Jane", "Roe", "jane-roe", "Globex"), ("Sam", "Lee", "sam-lee", "")]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _files(tmp_path: Path, messages: list[tuple[str, str]]) -> list[Path]:
    apps = _write(
        tmp_path / "Job Applications.csv",
        [
            "Application Date",
            "Contact Email",
            "Contact Phone Number",
            "Company Name",
            "Job Title",
            "Job Url",
            "Resume Name",
            "Question And Answers",
        ],
        [
            [d, "", "", c, t, f"https://www.linkedin.com/jobs/view/{j}", "", ""]
            for d, c, t, j in APPS
        ],
    )
    people = _write(
        tmp_path / "Connections.csv",
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
        [
            [
                f,
                last,
                f"https://www.linkedin.com/in/{slug}",
                "",
                company,
                "Recruiter",
                "14 Mar 2025",
            ]
            for f, last, slug, company in PEOPLE
        ],
    )
    inbox = _write(
        tmp_path / "messages.csv",
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
        ],
        [
            [
                f"c{i}",
                "",
                sender,
                f"https://www.linkedin.com/in/{slug}",
                "Pat Example",
                "https://www.linkedin.com/in/pat",
                f"2026-03-1{i} 10:00:00 UTC",
                "",
                text,
                "INBOX",
                "",
            ]
            for i, (sender, text) in enumerate(messages)
            for slug in ["jane-roe" if sender == "Jane Roe" else "sam-lee"]
        ],
    )
    return [apps, people, inbox]


def test_each_message_is_tied_to_the_application_it_is_about(tmp_path):
    store = Store(tmp_path / "rung.db")
    messages = [
        ("Jane Roe", "Also, the team at Initech Systems asked about you."),  # names Initech
        ("Jane Roe", "Umbrella or Initech Systems, which do you prefer?"),  # most recent named
        ("Jane Roe", "Quick question about your notice period."),  # her company: latest Globex
        ("Sam Lee", "Great to connect!"),  # no company named, none known: no application
        ("Sam Lee", "Saw the INITECH SYSTEMS, Inc. news?"),  # case and punctuation folded
        ("Sam Lee", "initech alone is not the company's name"),
    ]
    reports = import_files(store, _files(tmp_path, messages))
    assert not any(r.refused for r in reports)
    ids = {r["title"]: r["id"] for r in store.query("SELECT id, title FROM applications")}
    tied = [
        r["application_id"]
        for r in store.query("SELECT application_id FROM interactions ORDER BY at")
    ]
    assert tied == [
        ids["VP Engineering"],
        ids["Head of Platform"],
        ids["Director of Engineering"],
        None,
        ids["VP Engineering"],
        None,
    ]
    store.close()
