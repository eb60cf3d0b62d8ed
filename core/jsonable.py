"""Dataclasses that are their own JSON: ``to_json()`` lists the fields in order, nested
records and lists of them included; ``JSON_NAMES`` renames a field where the JSON contract
spells it otherwise (``from_stage`` is ``"from"``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any, ClassVar


class JsonRecord:
    """Mix into a dataclass (slots welcome) whose JSON is its fields."""

    __slots__ = ()
    JSON_NAMES: ClassVar[Mapping[str, str]] = {}

    def to_json(self) -> dict[str, Any]:
        names = self.JSON_NAMES
        return {
            names.get(f.name, f.name): json_value(getattr(self, f.name))
            for f in fields(self)  # type: ignore[arg-type]  # a dataclass by contract
        }


def json_value(value: Any) -> Any:
    """``value`` as JSON values: a record by its ``to_json()``, a list item by item."""
    to_json = getattr(value, "to_json", None)
    if to_json is not None:
        return to_json()
    if isinstance(value, list | tuple):
        return [json_value(item) for item in value]
    return value
