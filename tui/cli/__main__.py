"""`python -m rung.tui.cli` runs the rung command line."""

from rung.tui.cli import main

main()
