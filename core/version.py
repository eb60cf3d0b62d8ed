"""rung's version: the installed distribution's metadata, the one place it is read."""

from __future__ import annotations

from functools import cache


@cache
def rung_version() -> str:
    """The version of the installed ``rung`` (pyproject's ``version``); ``"unknown"`` when
    rung runs from a source tree that was never installed. importlib.metadata is imported
    here, not at start-up: a command that never shows the version does not pay for it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rung")
    except PackageNotFoundError:
        return "unknown"
