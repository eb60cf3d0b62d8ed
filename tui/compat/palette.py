"""A command palette that shows hits as soon as its providers are done.

Written against Textual 8.2.8, where ``CommandPalette._search_for(search_value)`` is the
async generator the palette drains on each keystroke (``_gather_commands`` calls it and
sends it ``True`` to abort), and it runs each of ``self._providers``' ``_search(value)``
through ``self._consume`` into a queue, between ``_start_busy_countdown()`` and
``_stop_busy_countdown()``. Textual's version polls that queue with a 0.1 s timeout, so
after the last hit it idles up to 100 ms on each keystroke; this one wakes on whichever
comes first, a hit or a provider finishing. ``tests/test_textual_internals.py`` checks
every name used here.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

from textual.command import CommandPalette, DiscoveryHit, Hit

WRITTEN_AGAINST = "8.2.8"


class EagerCommandPalette(CommandPalette):
    """Textual's palette, minus a 100 ms wait per keystroke; ranking and display are
    Textual's."""

    async def _search_for(self, search_value: str) -> AsyncGenerator[DiscoveryHit | Hit, bool]:
        commands: asyncio.Queue[DiscoveryHit | Hit] = asyncio.Queue()
        searches = [
            asyncio.create_task(self._consume(provider._search(search_value), commands))
            for provider in self._providers
        ]
        self._start_busy_countdown()
        aborted = False
        try:
            while not aborted:
                if not commands.empty():
                    aborted = yield commands.get_nowait()
                    continue
                running = [search for search in searches if not search.done()]
                if not running:
                    break
                getter = asyncio.create_task(commands.get())
                done, _ = await asyncio.wait(
                    [getter, *running], return_when=asyncio.FIRST_COMPLETED
                )
                if getter in done:
                    aborted = yield getter.result()
                else:
                    getter.cancel()  # an item that raced in stays in the queue
        except asyncio.CancelledError:
            aborted = True
        for search in searches:
            if search.done() and not search.cancelled() and search.exception() is not None:
                self.log.error(repr(search.exception()))
        if aborted:
            for search in searches:
                search.cancel()
        else:
            self._stop_busy_countdown()
