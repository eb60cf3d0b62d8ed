"""The dates people type (issue 14, item 11): every form that worked before, and the
natural ones: next friday, next friday 10am, in 2 weeks, 31.03., tomorrow 15:00."""

from __future__ import annotations

from datetime import date

import pytest

from rung.core.dates import describe_moment, parse_user_date, parse_user_datetime

MONDAY = date(2026, 11, 23)
WEDNESDAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the forms accepted before
        ("2026-03-14", "2026-03-14"),
        ("3/14/2026", "2026-03-14"),
        ("14.03.2026", "2026-03-14"),
        ("2026/03/14", "2026-03-14"),
        ("3/14/26", "2026-03-14"),
        ("14 Mar 2026", "2026-03-14"),
        ("Mar 14, 2026", "2026-03-14"),
        ("today", "2026-11-23"),
        ("Tomorrow", "2026-11-24"),
        ("yesterday", "2026-11-22"),
        ("+3d", "2026-11-26"),
        ("2w", "2026-12-07"),
        ("-2d", "2026-11-21"),
        ("friday", "2026-11-27"),
        ("fri", "2026-11-27"),
        ("thur", "2026-11-26"),
        ("monday", "2026-11-30"),  # on a Monday: the next one
        ("2026-03-14T15:00:00", "2026-03-14"),
        # the new ones
        ("next friday", "2026-12-04"),  # the Friday of next week
        ("this friday", "2026-11-27"),
        ("on thursday", "2026-11-26"),
        ("last friday", "2026-11-20"),
        ("in 2 weeks", "2026-12-07"),
        ("in 3 days", "2026-11-26"),
        ("in a week", "2026-11-30"),
        ("2 weeks ago", "2026-11-09"),
        ("3 days", "2026-11-26"),
        ("in 1 month", "2026-12-23"),
        ("next week", "2026-11-30"),
        ("last month", "2026-10-23"),
        ("31.03.", "2026-03-31"),
        ("31.03", "2026-03-31"),
        ("1.4.27", "2027-04-01"),
        ("31/03/2026", "2026-03-31"),  # day first when the month cannot be
        ("3/14", "2026-03-14"),
        ("14 mar", "2026-03-14"),
        ("March 14th 2026", "2026-03-14"),
        ("day after tomorrow", "2026-11-25"),
        ("20260314", "2026-03-14"),
    ],
)
def test_dates_people_type(text, expected):
    assert parse_user_date(text, today=MONDAY).isoformat() == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-14 15:00", "2026-03-14T15:00"),
        ("2026-03-14T15:00", "2026-03-14T15:00"),
        ("2026-03-14T15:00:59", "2026-03-14T15:00"),
        ("tomorrow 15:00", "2026-11-24T15:00"),
        ("tomorrow 10:00", "2026-11-24T10:00"),
        ("next friday 10am", "2026-12-04T10:00"),
        ("friday at 9:30pm", "2026-11-27T21:30"),
        ("friday at 10", "2026-11-27T10:00"),
        ("10am fri", "2026-11-27T10:00"),
        ("15:00", "2026-11-23T15:00"),
        ("3pm", "2026-11-23T15:00"),
        ("12am tomorrow", "2026-11-24T00:00"),
        ("noon +2d", "2026-11-25T12:00"),
        ("14.03.2026 09:05", "2026-03-14T09:05"),
        ("31.03. 14h30", "2026-03-31T14:30"),
        ("Sat 14 Mar 2026 3pm", "2026-03-14T15:00"),
        ("in 2 weeks", "2026-12-07"),  # a date with no time stays a date
        ("2026-03-14", "2026-03-14"),
    ],
)
def test_moments_people_type(text, expected):
    assert parse_user_datetime(text, today=MONDAY) == expected


def test_next_friday_is_the_friday_of_next_week():
    assert parse_user_datetime("next friday 10am", today=WEDNESDAY) == "2026-12-11T10:00"
    assert parse_user_date("friday", today=WEDNESDAY) == date(2026, 12, 4)
    saturday = date(2026, 12, 5)
    assert parse_user_date("next friday", today=saturday) == date(2026, 12, 11)


def test_now_is_this_minute(monkeypatch):
    monkeypatch.setenv("RUNG_TODAY", "2026-11-23")
    assert parse_user_datetime("now") == "2026-11-23T12:00"


def test_a_month_is_a_calendar_month():
    assert parse_user_date("+1m", today=date(2026, 1, 31)) == date(2026, 2, 28)
    assert parse_user_date("-1m", today=MONDAY) == date(2026, 10, 23)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("someday", "not a date: 'someday' (try 2026-03-14, 31.03., tomorrow"),
        ("14", "not a date: '14'"),  # a bare number is no day
        ("may", "not a date: 'may'"),
        ("next", "not a date: 'next'"),
        ("31.02.", "no such day: '31.02.' (day 31, month 2, 2026)"),
        ("tomorrow 25:00", "not a time: 'tomorrow 25:00' (up to 23:59)"),
        ("13pm", "with am/pm, hours go 1-12"),
        ("99999999d", "too far away"),
        ("  ", "empty date"),
    ],
)
def test_what_does_not_parse_says_why(text, message):
    with pytest.raises(ValueError) as caught:
        parse_user_datetime(text, today=MONDAY)
    assert message in str(caught.value)


def test_a_date_field_keeps_the_day_of_a_moment():
    assert parse_user_date("tomorrow 15:00", today=MONDAY) == date(2026, 11, 24)


def test_describe_reads_back_a_day_and_a_moment():
    assert describe_moment("2026-12-11T10:00") == "Fri 2026-12-11 10:00"
    assert describe_moment("2026-12-11") == "Fri 2026-12-11"
