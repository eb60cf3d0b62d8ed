"""Warm paths on the company names real LinkedIn exports hold.

Two public Connections.csv exports (read, never committed) showed what the first matcher
missed: people write "Freelance", "Self Employed" or "Confidential" where LinkedIn asks
for a company (and agencies post jobs as "Confidential"), so a shared placeholder made
everyone "at" one employer; branches carry their region ("Accenture in India",
"Solutions30 Iberia") and names carry taglines ("FINSA - Financiera Maderera S.A.").
The names below reproduce those shapes; the people and URLs are invented.
"""

from __future__ import annotations

import textwrap

import pytest
from click.testing import CliRunner

from rung.core.store import Store
from rung.core.warm import companies_match, company_keys, is_placeholder, warm_counts, warm_paths
from rung.tui.cli import cli

ONE_EMPLOYER = [
    ("Accenture", "Accenture in India"),
    ("Accenture", "Accenture Brasil"),
    ("Solutions30", "Solutions30 Iberia"),
    ("Optare Solutions", "Optare Solutions de Mexico"),
    ("Canon", "Canon Europe"),
    ("Vodafone", "Vodafone UK"),
    ("Finsa", "FINSA - Financiera Maderera S.A."),
    ("The Chief Circle | TCC", "The Chief Circle"),
    ("Acme Private Limited", "Acme"),
    ("Acme S.L.", "Acme"),
    ("Acme d.o.o.", "Acme"),
]

TWO_EMPLOYERS = [
    ("Air France", "Air India"),  # what is left before the region is no name
    ("Bank of America", "Bank of India"),
    ("Universidad de Vigo", "Universidad de La Laguna"),
    ("Banco Sabadell", "Banco Santander"),
    ("Grupo Comar", "Grupo Femxa"),
    ("Red Hat", "Red Itevelesa"),
    ("Amazon", "Amazon Web Services"),
]

PLACEHOLDERS = [
    "Freelance",
    "Self Employed",
    "Self-employed",
    "Confidential",
    "Stealth Mode",
    "Independent Consultant",
    "Open to work",
    "Profesional independiente",
    "En busca de oportunidad laboral",
    "Retired",
    "N/A",
]


@pytest.mark.parametrize(("a", "b"), ONE_EMPLOYER)
def test_branches_taglines_and_suffixes_are_one_employer(a, b):
    assert companies_match(a, b), (company_keys(a), company_keys(b))
    assert companies_match(b, a)


@pytest.mark.parametrize(("a", "b"), TWO_EMPLOYERS)
def test_names_sharing_a_first_word_or_a_region_stay_apart(a, b):
    assert not companies_match(a, b), (company_keys(a), company_keys(b))


@pytest.mark.parametrize("name", PLACEHOLDERS)
def test_a_placeholder_is_no_employer_not_even_itself(name):
    assert is_placeholder(name)
    assert company_keys(name) == ()
    assert not companies_match(name, name)


APPLICATIONS = """\
Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,Job Url,Resume Name,Question And Answers
"11/02/26, 9:00 AM",,,Confidential,Director of Engineering,https://www.linkedin.com/jobs/view/9101,cv.pdf,
"11/04/26, 9:00 AM",,,Accenture,Engineering Manager,https://www.linkedin.com/jobs/view/9102,cv.pdf,
"11/06/26, 9:00 AM",,,Freelance,Head of Platform,https://www.linkedin.com/jobs/view/9103,cv.pdf,
"""

CONNECTIONS = """\
Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Ana,Silva,https://www.linkedin.com/in/ana-silva-example,,Confidential,Engineering Director,14 Mar 2024
Ben,Okafor,https://www.linkedin.com/in/ben-okafor-example,,Confidential,Recruiter,02 Jan 2025
Chen,Wu,https://www.linkedin.com/in/chen-wu-example,,Freelance,Consultant,10 Feb 2025
Dana,Levi,https://www.linkedin.com/in/dana-levi-example,,Accenture in India,Delivery Lead,01 Jun 2023
Eli,Stone,https://www.linkedin.com/in/eli-stone-example,,Self-employed,Coach,05 May 2025
"""


def test_imported_exports_give_no_warm_path_through_a_placeholder(tmp_path):
    db = tmp_path / "rung.db"
    for name, text in (("Job Applications.csv", APPLICATIONS), ("Connections.csv", CONNECTIONS)):
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        result = CliRunner().invoke(cli, ["--db", str(db), "import", str(path)])
        assert result.exit_code == 0, result.output
    store = Store(db)
    paths = {p.company: [c.name for c in p.contacts] for p in warm_paths(store)}
    assert paths == {"Accenture": ["Dana Levi"]}  # the branch counts; the placeholders do not
    counts = {
        store.scalar(
            "SELECT c.name FROM applications a JOIN companies c "
            "ON c.id = a.company_id WHERE a.id = ?",
            [app_id],
        ): n
        for app_id, n in warm_counts(store).items()
    }
    assert counts == {"Confidential": 0, "Accenture": 1, "Freelance": 0}
    store.close()
