"""Errors a user can cause and fix: bad input files, bad options.

Every such error carries where it happened (file, line, column) and a hint how to fix it.
The CLI prints them and exits with code 2; no traceback reaches the user.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gremien_rdf.characters import FIX, describe, printable, refused


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
        hint = f"\n    fix: {printable(self.hint)}" if self.hint else ""
        return f"{printable(where)}error: {printable(self.message)}{hint}"


class InputError(Exception):
    """One or more problems in the user's input; the CLI exits with code 2."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def fail(position: Position | None, message: str, hint: str = "") -> InputError:
    """An InputError with a single problem, to be raised by the caller."""
    return InputError([Problem(position, message, hint)])


def environment(name: str) -> str | None:
    """The value of the environment variable `name`, None if it is not set; InputError if
    it is set but empty (an unset variable in a script), which never means "the default"."""
    value = os.environ.get(name)
    if value is not None and not value.strip():
        raise fail(None, f"{name} is set but empty",
                   f"unset it (unset {name}) or give it a value")
    return value


def position_of(text: str | bytes, offset: int, file: str) -> Position:
    """The line and column of `offset` in `text`; only "\\n" ends a line."""
    newline = b"\n" if isinstance(text, bytes) else "\n"
    line = text.count(newline, 0, offset) + 1  # type: ignore[arg-type]
    column = offset - (text.rfind(newline, 0, offset) + 1) + 1  # type: ignore[arg-type]
    return Position(file, line, column)


def read_utf8(path: Path) -> str:
    """The text of the regular file at `path`, without a BOM; InputError if unreadable, or
    if it holds a character that the policy of `characters` refuses (at its line and
    column)."""
    if not path.is_file():
        what = "does not exist" if not path.exists() else "is not a regular file"
        raise fail(None, f"{path} {what}", "pass the path of a file")
    try:
        data = path.read_bytes().removeprefix(codecs.BOM_UTF8)
    except OSError as error:
        raise fail(None, f"cannot read {path}: {error.strerror}", "check the path") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise fail(
            position_of(data, error.start, str(path)),
            f"byte 0x{data[error.start]:02x} is not UTF-8",
            "save the file as UTF-8",
        ) from None
    found = refused(text, in_file=True)
    if found:
        raise fail(position_of(text, found.start(), str(path)),
                   f"the file holds the character {describe(found[0])}", FIX)
    return text


def display_path(path: str | Path) -> str:
    """A path as people and repositories name it: relative to the working folder when it
    lies below it, with forward slashes."""
    text = str(path)
    try:
        relative = os.path.relpath(text)
    except ValueError:
        return text.replace(os.sep, "/")
    return (os.path.abspath(text) if relative.startswith("..") else relative).replace(os.sep, "/")


_WRITTEN: list[Path | str] = []


def record_written(what: Path | str) -> None:
    """Note that `what` was written completely (a file moved into place, a folder swapped
    in, a graph on a server; a str says it in words), so that an error after it does not
    claim that nothing was written."""
    _WRITTEN.append(what)


def written() -> list[Path | str]:
    """What this command has written so far."""
    return list(_WRITTEN)


def forget_written() -> None:
    """Start a new command: nothing written yet (the CLI runs one command per process, but
    tests run many)."""
    _WRITTEN.clear()
