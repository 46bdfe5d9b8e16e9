"""The progress display on standard error: a step of the work (gremien_rdf.progress) that
runs longer than AFTER seconds appears as a bar (click.progressbar) when its number of
items is known, else as its name and the seconds it has run; when it ends, one line says
how long it took. A thread draws it every TICK seconds, so that counting an item costs the
step only an addition."""

from __future__ import annotations

import contextlib
import math
import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TextIO

import click

#: the environment variable that sets AFTER (for tests and the curious): seconds, >= 0
AFTER_VAR = "GREMIEN_RDF_PROGRESS_AFTER"
#: a step appears once it has run this long
AFTER = 2.0
#: how often the display is drawn
TICK = 0.2
#: erases the rest of the line
CLEAR = "\x1b[K"
#: shows the cursor again (the ANSI sequence that click.progressbar writes when it ends)
SHOW_CURSOR = "\x1b[?25h"


def after() -> float:
    """GREMIEN_RDF_PROGRESS_AFTER if set, else AFTER; click.UsageError (exit 2) if it is
    set but empty or no number of seconds >= 0."""
    value = os.environ.get(AFTER_VAR)
    if value is None:
        return AFTER
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not seconds >= 0 or math.isinf(seconds):
        raise click.UsageError(f"{AFTER_VAR}={value!r} is no number of seconds (0 or more); "
                               f"unset it (unset {AFTER_VAR}) or give it e.g. 2")
    return seconds


class _Step:
    __slots__ = ("name", "total", "done", "start", "bar", "text")

    def __init__(self, name: str, total: int | None):
        self.name = name
        self.total = total
        self.done = 0
        self.start = time.monotonic()
        self.bar: Any = None
        self.text = ""  # what was drawn last, if it was the step's name and seconds

    def advance(self, count: int = 1) -> None:
        self.done += count


class TerminalProgress:
    """Draws the innermost running step on `stream` (a terminal) from a thread."""

    def __init__(self, stream: TextIO, seconds: float):
        self.stream = stream
        self.after = seconds
        self.steps: list[_Step] = []
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._draw_until_stopped, daemon=True,
                                       name="gremien-rdf progress")

    def __enter__(self) -> TerminalProgress:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.thread.join()

    @contextlib.contextmanager
    def step(self, name: str, total: int | None) -> Iterator[Callable[[int], None]]:
        current = _Step(name, total)
        with self.lock:
            self.steps.append(current)
        try:
            yield current.advance
        finally:
            with self.lock:
                self.steps.remove(current)
                self._finish(current)

    def _draw_until_stopped(self) -> None:
        while not self.stopped.wait(TICK):
            with self.lock:
                if self.steps:
                    current = self.steps[-1]
                    if time.monotonic() - current.start >= self.after:
                        self._draw(current)

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # stderr gone: the command says so at its end
            self.stopped.set()

    def _draw(self, current: _Step) -> None:
        if current.total:
            if current.bar is None:
                self._write("\r" + CLEAR)
                current.bar = click.progressbar(length=current.total, label=current.name,
                                                file=self.stream, show_eta=True,
                                                show_percent=True, show_pos=True)
            bar = current.bar
            try:
                bar.update(min(current.done, current.total) - bar.pos)
            except (OSError, ValueError):
                self.stopped.set()
        else:
            elapsed = time.monotonic() - current.start
            text = f"\r{current.name} … {elapsed:.0f} s{CLEAR}"
            if text != current.text:
                self._write(text)
                current.text = text

    def _finish(self, current: _Step) -> None:
        """A line that says how long the step took, if it ran long enough to be shown (in
        place of its bar or seconds, if they were drawn)."""
        elapsed = time.monotonic() - current.start
        if elapsed >= self.after:
            self._write(f"\r{current.name}: {elapsed:.1f} s{CLEAR}\n")
        if current.bar is not None:
            self._write(SHOW_CURSOR)  # click.progressbar hides it while it draws
