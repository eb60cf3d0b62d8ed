"""Small pictures drawn with block characters: sparklines for counts over time.

Pure functions of numbers to text (no Textual import), so screens, the CLI and tests
share one drawing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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


_EIGHTHS = " ▏▎▍▌▋▊▉█"


def hbar(value: float, top: float, width: int) -> str:
    """A horizontal bar, ``width`` cells at ``top``, drawn in eighths of a cell
    (any value above zero shows at least ``▏``)."""
    if top <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = max(1, round(value / top * width * 8))
    full, part = divmod(min(eighths, width * 8), 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def funnel_line(
    steps: Sequence[tuple[str, int]],
    width: int,
    extras: Sequence[tuple[str, int]] = (),
    short: Mapping[str, str] | None = None,
) -> str:
    """One line ``applied 12 ████ › screening 5 ██ › … · closed 40`` in ``width`` cells.

    Bars are as long as fits (at most 8 cells for the largest step); narrower, the bars
    go, then the ``extras``, then the ``short`` labels are used, then labels are cut.
    """
    top = max((n for _, n in steps), default=0)

    def line(bar_width: int, label_len: int | None, with_extras: bool) -> str:
        parts = []
        for label, n in steps:
            if label_len == 0:
                name = (short or {}).get(label, label)
            elif label_len is None or len(label) <= label_len:
                name = label
            else:
                name = label[: label_len - 1] + "." if label_len > 2 else label[:label_len]
            bar = hbar(n, top, bar_width)
            parts.append(f"{name} {n}" + (f" {bar}" if bar else ""))
        text = " › ".join(parts)
        if with_extras and extras:
            text += "  · " + " · ".join(f"{label} {n}" for label, n in extras)
        return text

    tries = [(b, None, True) for b in (8, 6, 4, 3, 2)]
    tries += [(b, None, False) for b in (4, 2, 1, 0)]
    tries += [(0, n, False) for n in ((0, 5, 4, 3, 1) if short else (5, 4, 3, 1))]
    for bar_width, label_len, with_extras in tries:
        text = line(bar_width, label_len, with_extras)
        if len(text) <= width:
            return text
    return line(0, 1, False)[: max(0, width)]
