"""The long steps of the work, named where they run, for a progress display.

The library marks a step with `step(name, total)`; it shows nothing itself. The command
line installs a display (`showing`) when standard error is a terminal and --quiet is not
given, and only a step that runs longer than a few seconds appears there. Without a
display a step costs a function call, and `advance` (for a step of `total` items) adds a
number.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Protocol


class Display(Protocol):
    """Shows the steps as they run (the command line's is cli.progress.TerminalProgress)."""

    def step(self, name: str, total: int | None
             ) -> contextlib.AbstractContextManager[Callable[[int], None]]: ...


_display: Display | None = None


def _ignore(count: int = 1) -> None:
    """`advance` when nothing is shown."""


@contextlib.contextmanager
def step(name: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """A step of the work called `name` (in words: "validating with SHACL"); with `total`,
    of that many items, each counted by calling the `advance` it yields (advance(n) for n
    at once)."""
    if _display is None:
        yield _ignore
        return
    with _display.step(name, total) as advance:
        yield advance


@contextlib.contextmanager
def showing(display: Display) -> Iterator[None]:
    """Within it, the steps are shown on `display`."""
    global _display
    saved, _display = _display, display
    try:
        yield
    finally:
        _display = saved
