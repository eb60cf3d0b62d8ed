"""Date cells: every format an export uses, read into (ISO date, ISO moment)."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rung.core.importing.values import DateColumn, compile_format

LINKEDIN = ("%m/%d/%y, %I:%M %p",)


@pytest.mark.parametrize(("cell", "expected"), [
    ("3/4/25, 10:32 AM", ("2025-03-04", "2025-03-04T10:32:00")),
    ("12/31/25, 12:05 AM", ("2025-12-31", "2025-12-31T00:05:00")),
    ("1/1/26, 12:00 PM", ("2026-01-01", "2026-01-01T12:00:00")),
    ("1/1/26, 11:59 pm", ("2026-01-01", "2026-01-01T23:59:00")),
    ("2026-03-14", ("2026-03-14", "2026-03-14")),
    ("2026-03-14 09:15:07", ("2026-03-14", "2026-03-14T09:15:07")),
    ("14.03.2026", ("2026-03-14", "2026-03-14")),
    ("14 Mar 2026", ("2026-03-14", "2026-03-14")),
    ("2026-03-14T10:00:00+02:00", ("2026-03-14", "2026-03-14T08:00:00")),  # zoned: to UTC
    ("March 14, 2026", ("2026-03-14", "2026-03-14")),
])
def test_cells_of_every_shape_read_as_iso(cell, expected):
    assert DateColumn(LINKEDIN).read(cell) == expected


def test_a_utc_profile_marks_times_with_z_and_leaves_dates_alone():
    column = DateColumn(("%Y-%m-%dT%H:%M:%SZ",), utc=True)
    assert column.read("2026-03-14T10:00:00Z") == ("2026-03-14", "2026-03-14T10:00:00Z")
    assert column.read("2026-03-14") == ("2026-03-14", "2026-03-14")


@pytest.mark.parametrize("cell", ["2/30/25, 1:00 PM", "3/4/25, 13:00 PM",
                                  "2026-13-40", "someday", "3/4/25, 10:75 AM"])
def test_impossible_dates_are_refused(cell):
    with pytest.raises(ValueError, match="not a date|out of range"):
        DateColumn(LINKEDIN).read(cell)


@given(st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2068, 12, 31)),
       st.sampled_from(["%m/%d/%y, %I:%M %p", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y", "%m/%d/%Y",
                        "%Y-%m-%dT%H:%M:%S"]))
def test_the_fast_reader_agrees_with_strptime(moment, fmt):
    cell = moment.strftime(fmt)
    expected = datetime.strptime(cell, fmt)
    day, when = compile_format(fmt)(cell)
    assert day == expected.date().isoformat()
    assert when == (expected.isoformat() if "%H" in fmt or "%I" in fmt else day)
