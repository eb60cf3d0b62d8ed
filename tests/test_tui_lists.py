"""Lists: k9s-like sorting, side panels on wide terminals, small pictures (issue 14)."""

from __future__ import annotations

from rung.tui.widgets.spark import resample, sparkline


def test_sparkline_scales_to_the_largest():
    assert sparkline([0, 1, 2, 4, 8]) == "▁▂▃▅█"
    assert sparkline([3, 3, 3]) == "███"
    assert sparkline([0, 0, 0, 0]) == "▁▁▁▁"
    assert sparkline([]) == ""
    assert sparkline([], width=5) == ""


def test_sparkline_resamples_to_width():
    assert resample([1, 3, 5, 7], 2) == [2.0, 6.0]
    assert resample([1, 2], 4) == [1.0, 1.0, 2.0, 2.0]
    assert len(sparkline(range(30), width=12)) == 12
    assert sparkline([0, 8], width=4) == "▁▁██"
    assert sparkline([0, 0, 0], width=6) == "▁" * 6
    assert sparkline([1, 2, 3], width=0) == ""
