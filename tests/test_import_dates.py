"""Date cells: every format an export uses, read into (ISO date, ISO moment)."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rung.core.importing.values import DateColumn, compile_format

LINKEDIN = ("%m/%d/%y, %I:%M %p",)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("3/4/25, 10:32 AM", ("2025-03-04", "2025-03-04T10:32")),  # a time keeps its precision
        ("12/31/25, 12:05 AM", ("2025-12-31", "2025-12-31T00:05")),
        ("1/1/26, 12:00 PM", ("2026-01-01", "2026-01-01T12:00")),
        ("1/1/26, 11:59 pm", ("2026-01-01", "2026-01-01T23:59")),
        ("2026-03-14", ("2026-03-14", "2026-03-14")),
        ("2026-03-14 09:15:07", ("2026-03-14", "2026-03-14T09:15:07")),
        ("14.03.2026", ("2026-03-14", "2026-03-14")),
        ("14 Mar 2026", ("2026-03-14", "2026-03-14")),
        ("2026-03-14T10:00:00+02:00", ("2026-03-14", "2026-03-14T08:00:00Z")),  # zoned: UTC
        ("March 14, 2026", ("2026-03-14", "2026-03-14")),
    ],
)
def test_cells_of_every_shape_read_as_iso(cell, expected):
    assert DateColumn(LINKEDIN).read(cell) == expected


def test_a_utc_profile_marks_times_with_z_and_leaves_dates_alone():
    column = DateColumn(("%Y-%m-%dT%H:%M:%SZ",), utc=True)
    assert column.read("2026-03-14T10:00:00Z") == ("2026-03-14", "2026-03-14T10:00:00Z")
    assert column.read("2026-03-14") == ("2026-03-14", "2026-03-14")


@pytest.mark.parametrize(
    "cell", ["2/30/25, 1:00 PM", "3/4/25, 13:00 PM", "2026-13-40", "someday", "3/4/25, 10:75 AM"]
)
def test_impossible_dates_are_refused(cell):
    with pytest.raises(ValueError, match="not a date|out of range"):
        DateColumn(LINKEDIN).read(cell)


@given(
    st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2068, 12, 31)),
    st.sampled_from(
        ["%m/%d/%y, %I:%M %p", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y", "%m/%d/%Y", "%Y-%m-%dT%H:%M:%S"]
    ),
)
def test_the_fast_reader_agrees_with_strptime(moment, fmt):
    cell = moment.strftime(fmt)
    expected = datetime.strptime(cell, fmt)
    day, when = compile_format(fmt)(cell)
    assert day == expected.date().isoformat()
    spec = "seconds" if "%S" in fmt else "minutes"
    assert when == (expected.isoformat(timespec=spec) if "%H" in fmt or "%I" in fmt else day)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2026-03-14T09:05:00Z", ("2026-03-14", "2026-03-14T09:05:00Z")),
        ("2026-03-14 09:05:00 UTC", ("2026-03-14", "2026-03-14T09:05:00Z")),
        ("2026-03-14 11:05:00 +02:00", ("2026-03-14", "2026-03-14T09:05:00Z")),
        ("2026-03-14 09:05", ("2026-03-14", "2026-03-14T09:05")),
    ],
)
def test_zoned_times_are_stored_in_utc_and_naive_ones_stay_naive(cell, expected):
    assert DateColumn(("%Y-%m-%d", "%m/%d/%Y")).read(cell) == expected


GENERIC = ("%m/%d/%Y", "%d/%m/%Y")


def test_a_day_first_column_reads_its_ambiguous_dates_day_first():
    column = DateColumn(GENERIC)
    column.settle({"25/03/2026", "03/04/2026"})
    assert column.read("03/04/2026") == ("2026-04-03", "2026-04-03")
    assert column.read("25/03/2026")[0] == "2026-03-25"


def test_a_month_first_column_stays_month_first():
    column = DateColumn(GENERIC)
    column.settle({"03/25/2026", "03/04/2026"})
    assert column.read("03/04/2026")[0] == "2026-03-04"


def test_a_column_that_mixes_both_orders_flags_the_ambiguous_ones_instead_of_guessing():
    column = DateColumn(GENERIC)
    column.settle({"25/03/2026", "03/25/2026", "03/04/2026", "05/05/2026"})
    moment, problem = column.read_noted("03/04/2026")
    assert moment is None and problem.kind == "ambiguous_date"
    assert column.read("25/03/2026")[0] == "2026-03-25"  # one reading only
    assert column.read("03/25/2026")[0] == "2026-03-25"
    assert column.read("05/05/2026")[0] == "2026-05-05"  # both readings agree


def test_a_yearless_date_takes_the_year_its_column_settles_or_is_flagged():
    column = DateColumn(GENERIC)
    column.settle({"8-Jul", "7/1/2019", "9/12/2019", "Aug 3"})
    assert column.read("8-Jul")[0] == "2019-07-08"
    assert column.read("Aug 3")[0] == "2019-08-03"
    spread = DateColumn(GENERIC)
    spread.settle({"8-Jul", "7/1/2019", "9/12/2020"})
    moment, problem = spread.read_noted("8-Jul")
    assert moment is None and problem.kind == "yearless_date"


def test_typos_and_two_dates_in_a_cell():
    column = DateColumn(GENERIC)
    column.settle({"8/82019", "8/3/2019 and 9/9/2019"})
    moment, problem = column.read_noted("8/82019")
    assert moment is None and problem.kind == "bad_date"
    moment, problem = column.read_noted("8/3/2019 and 9/9/2019")
    assert moment[0] == "2019-08-03" and problem.kind == "two_dates"


@pytest.mark.parametrize("cell", ["1", "42", "ASAP", "soon", "Q3"])
def test_bare_numbers_and_words_are_never_dates(cell):
    moment, problem = DateColumn(GENERIC).read_noted(cell)
    assert moment is None and problem.kind == "bad_date"
