"""Baseline for bench_startup: a bare Textual app importing the same libraries as rung."""

import click  # noqa: F401
import dateutil  # noqa: F401
import numpy  # noqa: F401
import platformdirs  # noqa: F401
import rapidfuzz  # noqa: F401
from textual.app import App
from textual.widgets import Footer, Static


class Bare(App):
    def compose(self):
        yield Static("bare app ready")
        yield Footer()


if __name__ == "__main__":
    Bare().run()
