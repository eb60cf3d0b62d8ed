"""Normalizers used for deduplication: company names, person names, job URLs, titles."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Legal-form suffixes dropped from company names: "Acme Inc." and "ACME" are one company.
_COMPANY_SUFFIXES = {
    "inc",
    "incorporated",
    "llc",
    "l l c",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "co",
    "company",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "sarl",
    "bv",
    "nv",
    "ab",
    "as",
    "oy",
    "spa",
    "srl",
    "pty",
    "pte",
    "kk",
    "kg",
    "lp",
    "llp",
    "group",
    "holdings",
    "the",
    "se",
    "pvt",
    "ltda",
    "oyj",
    "asa",
    "aps",
    "kgaa",
    "sdn",
    "bhd",
    "private",
    "sl",
    "slu",
    "doo",
    "sro",
    "kft",
    "zrt",
}
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPACES = re.compile(r"\s+")

# Query parameters that identify a visit, not a job.
_TRACKING_PARAMS = re.compile(
    r"^(utm_.*|ref|refid|ref_src|trk|trkinfo|tracking.*|src|source|gh_src|lever-source.*|"
    r"lipi|midtoken|midsig|eba|trackingid|originalsubdomain|fbclid|gclid|mc_.*|"
    r"currentjobid|position|pagenum|origin|referer|referrer|_hs.*|hs.*|igshid|si)$",
    re.IGNORECASE,
)


def strip_accents(text: str) -> str:
    """Compatibility-decomposed (NFKD) with the combining marks dropped: "José" -> "Jose",
    "ﬁ" -> "fi". The one accent folding of rung: ``fold`` here, the clustering's
    ``fold_for_patterns`` and the search's query words build on it."""
    if text.isascii():  # nothing to decompose: the common case, ten times faster
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """A matching key: lowercase, accents stripped, punctuation and spaces collapsed to one
    space ("Acme, Inc." -> "acme inc")."""
    return _SPACES.sub(" ", _NON_WORD.sub(" ", strip_accents(text).casefold())).strip()


def normalize_company(name: str) -> str:
    """A company's dedup key: "Acme, Inc." -> "acme"; "The ACME Corp" -> "acme"."""
    words = fold(name.replace("&", " and ")).split()
    while len(words) > 1 and words[-1] in _COMPANY_SUFFIXES:
        words.pop()
    while len(words) > 1 and words[0] == "the":
        words.pop(0)
    return " ".join(words) or fold(name)


def normalize_person(name: str) -> str:
    """A person's name folded for matching: "José  García" -> "jose garcia"."""
    return fold(name)


def normalize_title(title: str) -> str:
    """A job title folded for dedup ("Sr." and "Senior" are the same)."""
    folded = fold(title)
    folded = re.sub(r"\bsr\b", "senior", folded)
    folded = re.sub(r"\bmgr\b", "manager", folded)
    folded = re.sub(r"\beng\b", "engineering", folded)
    return folded


_LINKEDIN_JOB = re.compile(
    r"^(?:https?://)?(?:[\w-]+\.)?linkedin\.com/jobs/view/(?:[^/?#]*?-)?(\d+)", re.IGNORECASE
)


def normalize_url(url: str | None) -> str | None:
    """A job URL's dedup key: scheme and ``www.`` dropped, tracking parameters dropped.

    LinkedIn job URLs reduce to ``linkedin.com/jobs/view/<id>``.
    """
    if not url:
        return None
    url = url.strip()
    fast = _LINKEDIN_JOB.match(url)
    if fast:
        return f"linkedin.com/jobs/view/{fast.group(1)}"
    if not url or url in {"-", "n/a", "N/A"}:
        return None
    if "://" not in url:
        url = "https://" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.casefold()
    host = (parts.hostname or "").casefold()
    if host.startswith("www."):
        host = host[4:]
    path = parts.path.rstrip("/")
    if host.endswith("linkedin.com"):
        host = "linkedin.com"
        match = re.search(r"/jobs/view/(?:[^/]*?-)?(\d+)", path)
        if match:
            return f"linkedin.com/jobs/view/{match.group(1)}"
        job_id = dict(parse_qsl(parts.query)).get("currentJobId")
        if job_id:
            return f"linkedin.com/jobs/view/{job_id}"
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING_PARAMS.match(k))
    )
    return urlunsplit(("", host, path, query, "")).lstrip("/")


def normalize_linkedin_profile(url: str | None) -> str | None:
    """A LinkedIn profile URL's key: ``linkedin.com/in/<slug>``, lowercased."""
    if not url:
        return None
    match = re.search(r"linkedin\.com/in/([^/?#\s]+)", url, re.IGNORECASE)
    if match:
        return f"https://www.linkedin.com/in/{match.group(1).casefold()}"
    return url.strip() or None


# Words that start the role part of a cell holding "Company Role" ("Meta SDE 1").
_ROLE_WORDS = frozenset(
    """
    software sde swe sre engineer engineering developer dev senior sr staff principal lead
    junior jr associate intern internship head director manager mgr vp chief cto cio ciso coo
    cfo ceo architect analyst scientist data product program project technical tech it qa test
    security cloud devops platform backend back frontend front full fullstack mobile ios android
    ml ai machine research consultant specialist administrator admin designer ux ui solutions
    systems system infrastructure support team group site founding distinguished executive
    operations owner partner graduate new entry
""".split()
)


def split_company_role(text: str) -> tuple[str, str]:
    """(company, role) from one cell holding both: "Meta SDE 1" -> ("Meta", "SDE 1");
    "Goldman Sachs Software Engineer" -> ("Goldman Sachs", "Software Engineer"). A dash or
    a slash between them wins; else the role starts at its first role word (the first word
    is always the company's)."""
    text = " ".join(text.split())
    for separator in (" - ", " – ", " — ", " / ", " | ", ", ", ": "):
        if separator in text:
            company, role = text.split(separator, 1)
            return company.strip(), role.strip()
    words = text.split(" ")
    for i, word in enumerate(words[1:], 1):
        if fold(word).split(" ")[0] in _ROLE_WORDS:
            return " ".join(words[:i]), " ".join(words[i:])
    return text, ""
