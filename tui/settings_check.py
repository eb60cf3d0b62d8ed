"""What only the app knows about settings: its binding ids, the keys Textual reads, the
themes. ``core.config.check_settings`` takes them as plain values (core imports no Textual);
``rung config check`` and the start-up toast use ``check_config_text``."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from rung.core.config import ConfigProblem, check_settings

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})


@cache
def binding_ids() -> frozenset[str]:
    """The ids of every binding of the app, its screens and widgets (and of the Textual
    widgets they use): what a ``[keymap]`` entry may name."""
    from textual.binding import Binding
    from textual.dom import DOMNode

    import rung.tui.app  # noqa: F401 - the app and the screens it imports
    import rung.tui.screens
    import rung.tui.widgets

    for package in (rung.tui.screens, rung.tui.widgets):
        for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
    found: set[str] = set()
    todo: list[type] = [DOMNode]
    seen: set[type] = set()
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        todo.extend(cls.__subclasses__())
        for binding in vars(cls).get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                found.add(binding.id)
    return frozenset(found)


@cache
def _named_keys() -> frozenset[str]:
    from textual.keys import Keys

    names = {k.value.split("+")[-1] for k in Keys}
    return frozenset(n for n in names if not n.startswith("<")) | {"space", "minus", "plus"}


def is_key(key: str) -> bool:
    """Whether Textual can read ``key`` ("ctrl+n", "f2", "escape", "a", "question_mark"):
    known modifiers, each once, then one key by its character or its name."""
    from textual.keys import REPLACED_KEYS, key_to_character

    if len(key) == 1:
        return key.isprintable()
    *mods, base = key.split("+")
    if not base or any(m not in MODIFIERS for m in mods) or len(set(mods)) != len(mods):
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace()
    if base in _named_keys():
        return True
    return key_to_character(REPLACED_KEYS.get(base, base)) is not None


def theme_names() -> frozenset[str]:
    """The themes the app can show."""
    from textual.theme import BUILTIN_THEMES

    return frozenset(BUILTIN_THEMES)


def check_config_text(text: str) -> list[ConfigProblem]:
    """Every problem of a settings file, the app's binding ids, keys and themes included."""
    return check_settings(text, binding_ids=binding_ids(), themes=theme_names(), is_key=is_key)
