"""Read rung's bundled data files (SQL, TOML, CSV) through importlib.resources.

Every non-Python file is read here, so a wheel install works like an editable one.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any


def data_dir(package: str) -> Traversable:
    """The folder of a rung data package, e.g. ``"schemas.migrations"``."""
    return resources.files(f"rung.{package}")


def read_text(package: str, name: str) -> str:
    """The text of one bundled file, e.g. ``read_text("schemas", "levels.toml")``."""
    return data_dir(package).joinpath(name).read_text(encoding="utf-8")


@cache
def read_toml(package: str, name: str) -> dict[str, Any]:
    """A bundled TOML file, parsed once per process."""
    return tomllib.loads(read_text(package, name))


def list_files(package: str, suffix: str) -> list[str]:
    """Names of the files of a data package that end with ``suffix``, sorted."""
    return sorted(
        entry.name
        for entry in data_dir(package).iterdir()
        if entry.is_file() and entry.name.endswith(suffix)
    )
