"""Every key binding rung defines has an id (what the keymap remaps) and a description
(what the help and the key bar show), and no two share an id. The classes are found, not
listed: every module under rung.tui is imported and every class defining BINDINGS read."""

from __future__ import annotations

import importlib
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import rung.tui
from rung.tui.app import RungApp
from rung.tui.screens.help import HelpScreen
from rung.tui.widgets.record_table import RecordTable


def binding_classes() -> list[type[DOMNode]]:
    """Every App, Screen and Widget class under rung.tui that defines its own BINDINGS."""
    found: dict[str, type[DOMNode]] = {}
    for module_info in pkgutil.walk_packages(rung.tui.__path__, "rung.tui."):
        if module_info.name.endswith("__main__"):
            continue  # running it starts the command line
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, DOMNode)
                and value.__module__.startswith("rung.tui.")
                and "BINDINGS" in vars(value)
            ):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


def bindings_of(cls: type[DOMNode]) -> list[Binding | tuple | str]:
    return list(vars(cls)["BINDINGS"])


def all_bindings() -> list[Binding]:
    """Every Binding of every class found, once each (an inherited one is the same object)."""
    out: dict[int, Binding] = {}
    for cls in binding_classes():
        out.update({id(b): b for b in bindings_of(cls) if isinstance(b, Binding)})
    return list(out.values())


def test_the_classes_with_bindings_are_found():
    classes = binding_classes()
    for known in (RungApp, HelpScreen, RecordTable):  # one of each kind: app, screen, widget
        assert known in classes, f"{known.__name__} was not found"
    assert len(classes) >= 15, [c.__qualname__ for c in classes]


def test_every_binding_is_a_binding_with_an_id_and_a_description():
    missing = []
    for cls in binding_classes():
        for binding in bindings_of(cls):
            where = f"{cls.__module__}.{cls.__qualname__}"
            if not isinstance(binding, Binding):
                missing.append(f"{where}: {binding!r} is not a Binding (it can have no id)")
            elif not binding.id:
                missing.append(f"{where}: {binding.key} -> {binding.action} has no id")
            elif not binding.description:
                missing.append(f"{where}: {binding.id} has no description")
    assert not missing, "\n".join(missing)


def test_binding_ids_are_unique():
    """Within a class and across them: the keymap remaps by id, the help lists one row per
    id. A binding a subclass inherits is the same object and counts once."""
    owners: dict[str, list[str]] = {}
    seen: set[int] = set()
    for cls in binding_classes():
        for binding in bindings_of(cls):
            if isinstance(binding, Binding) and binding.id and id(binding) not in seen:
                seen.add(id(binding))
                owners.setdefault(binding.id, []).append(f"{cls.__qualname__}:{binding.key}")
    shared = {ident: where for ident, where in owners.items() if len(where) > 1}
    assert not shared, shared
