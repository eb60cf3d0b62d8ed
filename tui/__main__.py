"""`python -m rung.tui` runs the rung command line."""

from rung.tui.cli import main

main()
