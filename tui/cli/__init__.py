"""The ``rung`` command line: bare ``rung`` opens the app; subcommands script the domain.

The group is built in ``common``; each command family lives in a module of its own and is
registered here, by plain imports, in one place (no command module imports this one).
"""

from __future__ import annotations

from .ask import ask_group
from .common import cli
from .contact import contact_group
from .export import export_cmd
from .feedback import feedback_group, gaps_cmd
from .importing import import_cmd
from .ladder import evidence_group, ladder_cmd
from .prep import prep_cmd
from .review import review_cmd
from .search import search_cmd
from .warm import warm_cmd

for _command in (
    search_cmd,
    import_cmd,
    feedback_group,
    gaps_cmd,
    ask_group,
    review_cmd,
    export_cmd,
    ladder_cmd,
    evidence_group,
    warm_cmd,
    prep_cmd,
    contact_group,
):
    cli.add_command(_command)


def main() -> None:
    """Console-script entry point."""
    cli.main(prog_name="rung")


__all__ = ["cli", "main"]
