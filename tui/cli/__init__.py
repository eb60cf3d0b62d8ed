"""The ``rung`` command line: bare ``rung`` opens the app; subcommands script the domain.

``group`` builds the group (global options, one-line errors), ``common`` holds what the
commands share, and each command family lives in a module of its own, registered here by
plain imports, in one place: no command module imports this one or ``group``. A command
module imports only click and ``common`` at its top; what its domain needs it imports
inside the command, so ``rung list applications`` loads no clustering (numpy, rapidfuzz),
no Textual and no other command's modules.
"""

from __future__ import annotations

from .add import add
from .ask import ask_group
from .config import config
from .contact import contact_group
from .demo import demo
from .export import export_cmd
from .feedback import feedback_group, gaps_cmd
from .group import cli
from .importing import import_cmd
from .ladder import evidence_group, ladder_cmd
from .listing import list_
from .maintenance import backup, check
from .prep import prep_cmd
from .review import review_cmd
from .search import search_cmd
from .warm import warm_cmd

for _command in (
    demo,
    add,
    list_,
    backup,
    check,
    config,
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
