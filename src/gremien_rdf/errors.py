"""Errors a user can cause and fix: bad input files, bad options.

Every such error carries where it happened (file, line, column) and a hint how to fix it.
The CLI prints them and exits with code 2; no traceback reaches the user.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Position:
    """A place in a source file; line and column count from 1."""

    file: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, where it is and how to fix it."""

    position: Position | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.position}: " if self.position else ""
        hint = f"\n    fix: {self.hint}" if self.hint else ""
        return f"{where}error: {self.message}{hint}"


class InputError(Exception):
    """One or more problems in the user's input; the CLI exits with code 2."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def fail(position: Position | None, message: str, hint: str = "") -> InputError:
    """An InputError with a single problem, to be raised by the caller."""
    return InputError([Problem(position, message, hint)])
