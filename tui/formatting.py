"""Short, fixed-width renderings of dates and labels for tables."""

from __future__ import annotations

from rich.markup import escape as _escape_markup

from rung.core import clock
from rung.core.dates import to_date
from rung.core.levels import LEVEL_LABELS
from rung.core.models import Application
from rung.core.visible import visible


def escape(text: str, *, multiline: bool = True) -> str:
    """Stored text (a name, a note, a cell of an imported file) for Rich markup: its
    control characters shown (``␛``, see ``core.visible``), never sent to the terminal,
    and its square brackets escaped. ``multiline=False`` for a one-line widget."""
    return _escape_markup(visible(text, multiline=multiline))


def short_date(value: str | None) -> str:
    """``2026-03-14`` (the date part of stored ISO text), or an empty string."""
    day = to_date(value)
    return day.isoformat() if day else ""


def span(days: int) -> str:
    """A number of days, compactly: ``3d``, ``5w``, ``4mo``."""
    if days < 14:
        return f"{days}d"
    if days < 70:
        return f"{days // 7}w"
    return f"{days // 30}mo"


def ago(value: str | None) -> str:
    """How long ago, compactly: ``today``, ``3d``, ``5w``, ``4mo``; future as ``in 3d``."""
    day = to_date(value)
    if day is None:
        return ""
    days = (clock.today() - day).days
    if days < 0:
        return f"in {span(-days)}"
    if days == 0:
        return "today"
    return span(days)


def days_between(value: str | None) -> str:
    """Whole days from a stored date to today, as text."""
    day = to_date(value)
    return str((clock.today() - day).days) if day else ""


def due_text(value: str | None) -> str:
    """A due date as ``overdue 3d``, ``today``, ``in 4d`` or the date when far away."""
    day = to_date(value)
    if day is None:
        return ""
    days = (day - clock.today()).days
    if days < 0:
        return f"overdue {span(-days)}"
    if days == 0:
        return "today"
    if days <= 14:
        return f"in {days}d"
    return day.isoformat()


def application_extra_lines(application: Application) -> list[str]:
    """The markup lines under an application's heading wherever it is shown in full (the
    detail, the Pipeline's side panel): location · salary · source, the URL, the notes."""
    lines = []
    extra = [escape(x) for x in (application.location, application.salary, application.source) if x]
    if extra:
        lines.append(" · ".join(extra))
    if application.url:
        lines.append(f"[dim]{escape(application.url)}[/]")
    if application.notes:
        lines.append(f"[i]{escape(application.notes)}[/]")
    return lines


def level_label(level: str | None) -> str:
    """A level's display name."""
    return LEVEL_LABELS.get(level or "", level or "")


def humanize(value: str | None) -> str:
    """``hiring_manager`` -> ``hiring manager``."""
    return (value or "").replace("_", " ")


SPARKS = " ▁▂▃▄▅▆▇█"
EIGHTHS = " ▏▎▍▌▋▊▉█"


def sparkline(counts: list[int]) -> str:
    """One character per period, scaled to the busiest; ``·`` marks an empty period."""
    top = max(counts) if counts else 0
    if not top:
        return "·" * len(counts)
    return "".join("·" if n == 0 else SPARKS[max(1, round(n / top * 8))] for n in counts)


def bar(value: float, top: float, width: int) -> str:
    """A horizontal bar ``width`` cells long at ``top``, in eighths of a cell."""
    if top <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = max(1, round(value / top * width * 8))
    full, part = divmod(min(eighths, width * 8), 8)
    return "█" * full + (EIGHTHS[part] if part else "")
