"""Small pictures drawn with block characters: sparklines for counts over time.

Pure functions of numbers to text (no Textual import), so screens, the CLI and tests
share one drawing.
"""

from __future__ import annotations

from collections.abc import Sequence

BLOCKS = "▁▂▃▄▅▆▇█"


def resample(values: Sequence[float], width: int) -> list[float]:
    """``values`` stretched or squeezed to ``width`` cells.

    Squeezing averages the values each cell covers; stretching repeats each value over
    the cells it covers. ``width <= 0`` or no values gives ``[]``.
    """
    n = len(values)
    if n == 0 or width <= 0:
        return []
    if width == n:
        return [float(v) for v in values]
    if width > n:
        return [float(values[i * n // width]) for i in range(width)]
    cells: list[float] = []
    for i in range(width):
        start, end = i * n // width, max(i * n // width + 1, (i + 1) * n // width)
        chunk = values[start:end]
        cells.append(sum(chunk) / len(chunk))
    return cells


def sparkline(values: Sequence[float], width: int | None = None) -> str:
    """One block character per value (or per cell of ``width``), scaled to the largest.

    ``▁`` is zero (or the smallest value when some are negative) and ``█`` the largest;
    any value above the floor is at least ``▂`` so that it never looks like nothing.
    All zero draws a flat ``▁`` line; no values draw ``""``.
    """
    cells = resample(values, len(values) if width is None else width)
    if not cells:
        return ""
    floor = min(0.0, min(cells))
    span = max(cells) - floor
    if span <= 0:
        return BLOCKS[0] * len(cells)
    top = len(BLOCKS) - 1
    out = []
    for v in cells:
        level = (v - floor) / span * top
        index = 0 if v <= floor else max(1, min(top, round(level)))
        out.append(BLOCKS[index])
    return "".join(out)
