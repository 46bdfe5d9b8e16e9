"""Every error gremien-rdf reports, under one base class with its exit code.

- InputError (exit 2): the user's input is wrong (a file, an option, a parameter);
- ValidationFailed (exit 1): the data breaks the shapes at the chosen threshold;
- RemoteError (exit 3): a server failed (unreachable, too slow, an error, too much);
- ResourceError (exit 70, EX_SOFTWARE of sysexits.h): a resource file of gremien-rdf (the
  shipped ontology, JSON-LD context, vocabularies, shapes or queries, or those of
  GREMIEN_RDF_RESOURCES) is broken: not the user's input, a defect to report. The
  settings (publication.yaml) and the register are input, even the shipped ones.

Each carries its problems: where (file, line, column), what is wrong and how to fix it.
Messages and hints name options and commands with `option()` and `command()`, never as
text: the command line shows them as --output and `gremien-rdf build`, the Python API as
`output` and the function (see `words`). The CLI prints the problems and exits with the
code; no traceback reaches the user.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

from gremien_rdf.characters import FIX, describe, printable, refused

if TYPE_CHECKING:
    from gremien_rdf.validation.findings import ValidationReport

#: who reads a message: a person at the command line, or a program using the Python API
Style = Literal["cli", "api"]

# Markers around the name of an option or a command in a message or hint. They are
# Unicode noncharacters, which the character policy refuses in every input, so no text
# from a file, an option or a server can hold one.
_OPTION, _COMMAND, _END, _ARGUMENTS = "\ufdd0", "\ufdd1", "\ufdd2", "\ufdd3"
_NAMED = re.compile(f"([{_OPTION}{_COMMAND}])([^{_END}]*){_END}")
#: the Python API's way to do what a command does, for hints that name the command
API_COMMANDS = {
    "build": "gremien_rdf.load(…).write(folder)",
    "import": "gremien_rdf.import_raw(…)",
    "query list": "gremien_rdf.stored_queries()",
    "query show": "gremien_rdf.stored_queries()",
    "query run": "gremien_rdf.load(…).query(…)",
}


def option(name: str) -> str:
    """The option `name` (as on the command line, without dashes: "output", "base-iri")
    in a message or hint."""
    return f"{_OPTION}{name}{_END}"


def command(name: str, *arguments: str) -> str:
    """The command `name` ("build", "query show"), with its `arguments` on the command line,
    in a message or hint."""
    return f"{_COMMAND}{name}{_ARGUMENTS}{' '.join(arguments)}{_END}"


def words(text: str, style: Style = "api") -> str:
    """`text` with its options and commands named as `style`'s reader knows them: --output
    and `gremien-rdf build` on the command line; `output` and the Python function in the
    API."""

    def say(match: re.Match[str]) -> str:
        kind, (name, _, arguments) = match[1], match[2].partition(_ARGUMENTS)
        line = f"`gremien-rdf {name}{' ' + arguments if arguments else ''}`"
        if style == "cli":
            return f"--{name}" if kind == _OPTION else line
        if kind == _OPTION:
            return f"`{name.replace('-', '_')}`"
        return API_COMMANDS.get(name, line)

    return _NAMED.sub(say, text)


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
    """One thing wrong with an input, where it is (`position`), what (`message`) and how to
    fix it (`hint`). The templates keep the options and commands they name marked (see
    `words`); `message` and `hint` give them in the Python API's words."""

    position: Position | None
    message_template: str
    hint_template: str = ""

    @property
    def message(self) -> str:
        return words(self.message_template)

    @property
    def hint(self) -> str:
        return words(self.hint_template)

    def render(self, style: Style = "api") -> str:
        """The problem in one line (and its fix on a second), for `style`'s reader."""
        where = f"{self.position}: " if self.position else ""
        hint = (f"\n    fix: {printable(words(self.hint_template, style))}"
                if self.hint_template else "")
        return (f"{printable(where)}error: "
                f"{printable(words(self.message_template, style))}{hint}")

    def __str__(self) -> str:
        return self.render()


class GremienError(Exception):
    """An error gremien-rdf reports to its user: its problems, and the exit code of the
    command line."""

    exit_code: ClassVar[int] = 2

    def __init__(self, problems: Iterable[Problem] = ()):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InputError(GremienError):
    """One or more problems in the user's input; the CLI exits with code 2."""

    exit_code = 2


class ValidationFailed(GremienError):
    """The data breaks the shapes at the chosen threshold; nothing was written. `report`
    holds the findings. The CLI exits with code 1."""

    exit_code = 1

    def __init__(self, report: ValidationReport):
        super().__init__()
        self.args = ("validation failed",)
        self.report = report


class RemoteError(GremienError):
    """The server could not be reached or answered with an error; the CLI exits with 3."""

    exit_code = 3


class ResourceError(GremienError):
    """A resource file of gremien-rdf is broken; the CLI exits with 70."""

    exit_code = 70


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
