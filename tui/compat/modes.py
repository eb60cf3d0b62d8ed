"""Screen stacks of App modes, built ahead and looked into.

Written against Textual 8.2.8, where ``App._init_mode(mode)`` builds a mode's first screen
(instantiates it from ``MODES``, registers it, posts ``ScreenResume``) into
``App._screen_stacks[mode]`` without showing it, as ``switch_mode`` does first, and
``App._screen_stacks`` maps every mode built so far to its stack (bottom first). Textual has
no public API for either: ``tests/test_textual_internals.py`` checks both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.app import App
from textual.screen import Screen

WRITTEN_AGAINST = "8.2.8"


def mode_stacks(app: App[Any]) -> Mapping[str, list[Screen[Any]]]:
    """Every mode built so far and its screen stack (bottom first); empty if Textual has no
    such map (then only the current mode's stack, ``app.screen_stack``, is known)."""
    stacks = getattr(app, "_screen_stacks", None)
    return stacks if isinstance(stacks, Mapping) else {}


def mode_is_built(app: App[Any], mode: str) -> bool:
    """Whether ``mode``'s screen stack exists (shown before, or built ahead)."""
    return bool(mode_stacks(app).get(mode))


def build_mode_ahead(app: App[Any], mode: str) -> bool:
    """Build ``mode``'s first screen without showing it (a later ``switch_mode`` only shows
    it). False when this Textual cannot (the screen is then built on its first visit)."""
    init_mode = getattr(app, "_init_mode", None)
    if init_mode is None:
        return False
    init_mode(mode)
    return True
