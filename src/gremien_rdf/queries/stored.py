"""Stored SPARQL queries: the catalogue of files, each read with its header and checked
(run.py binds their parameters and runs them, results.py writes what they return).

A stored query is a file `queries/<name>.rq` with a comment header:

    # title: Bodies per Land
    # title@de: Gremien je Bundesland
    # description: …            (and description@de)
    # param actor: akteur = Polizei — the actor type (label or abbreviation)
    # param@de actor: der Akteurstyp (Bezeichnung oder Abkürzung)

Parameters are the query's `$name` variables; the header only describes them (kind,
default, words; `param@de` gives the words in German). `$lang` is always bound, to the
language of the labels. A value is checked and turned into an RDF term first (a label
into its concept, a body's id or title into the body), then bound with pyoxigraph's
substitutions, so no user text ever becomes query text.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from gremien_rdf import resources
from gremien_rdf.characters import FIX, describe, refused
from gremien_rdf.errors import (
    InputError,
    Position,
    Problem,
    command,
    fail,
    position_of,
    read_utf8,
)
from gremien_rdf.queries.sparql import check_request
from gremien_rdf.rdf.names import SCHEMES
from gremien_rdf.resources import reading_resources

NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
HEADER = re.compile(r"^#\s*(title|description|message)(?:@(de|en))?:\s*(.+)$")
EXTRA = re.compile(r"^#\s*(severity):\s*(\S+)\s*$")
PARAM = re.compile(r"^#\s*param\s+(\w+):\s*(\w+)(?:\s*=\s*(.+?))?(?:\s+—\s+(.*))?$")
PARAM_TEXT = re.compile(r"^#\s*param@(de|en)\s+(\w+):\s*(.+)$")
VARIABLE = re.compile(r"\$([A-Za-z_]\w*)")
#: kinds of parameter: a concept scheme (value: a label), a body (id or title), or plain
KINDS = (*SCHEMES, "body", "text", "integer")



@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str
    default: str | None
    description: str
    #: the description in other languages than English (`# param@de name: …`)
    descriptions: tuple[tuple[str, str], ...] = ()

    def text(self, lang: str = "en") -> str:
        """The description in `lang` (English where it has none in `lang`)."""
        return dict(self.descriptions).get(lang) or self.description


@dataclass(frozen=True)
class StoredQuery:
    name: str
    path: Path
    text: str
    titles: dict[str, str]
    descriptions: dict[str, str]
    parameters: tuple[Parameter, ...]
    messages: dict[str, str]
    extra: dict[str, str]

    def title(self, lang: str = "en") -> str:
        return self.titles.get(lang) or self.titles.get("en") or self.name

    def description(self, lang: str = "en") -> str:
        return self.descriptions.get(lang) or self.descriptions.get("en") or ""


#: a SPARQL escape: \uXXXX and \UXXXXXXXX anywhere, \t \b \n \r \f (and \" …) in strings
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f"}


def _check_escapes(path: Path, text: str) -> None:
    """InputError for an escape in the query that writes a character the policy refuses
    (read_utf8 refuses them raw): a stored query's strings reach the website."""
    for match in _ESCAPE.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if text.startswith("#", line_start):
            continue  # a comment line (the header)
        if match[3] is not None:
            char = _ECHAR.get(match[3], "")
        else:
            code = int(match[1] or match[2], 16)
            char = chr(code) if code <= 0x10FFFF else ""
        if char and refused(char):
            raise fail(position_of(text, match.start(), str(path)),
                       f"the query writes the character {describe(char)} as the escape "
                       f"{match[0]}", FIX)


def read_query(path: Path) -> StoredQuery:
    """The stored query in `path`; InputError for a header that does not fit the text."""
    text = read_utf8(path)
    _check_escapes(path, text)
    titles: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    messages: dict[str, str] = {}
    extra: dict[str, str] = {}
    parameters: list[Parameter] = []
    texts: dict[str, list[tuple[str, str]]] = {}  # parameter → (language, description)
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.startswith("#"):
            break
        header, param, other = HEADER.match(line), PARAM.match(line), EXTRA.match(line)
        text_line = PARAM_TEXT.match(line)
        if text_line:
            texts.setdefault(text_line[2], []).append((text_line[1], text_line[3].strip()))
        elif header:
            target = {"title": titles, "description": descriptions, "message": messages}
            target[header[1]][header[2] or "en"] = header[3].strip()
        elif other:
            extra[other[1]] = other[2]
        elif param:
            if param[2] not in KINDS:
                problems.append(Problem(Position(str(path), number),
                                        f"parameter {param[1]!r} has the unknown kind {param[2]!r}",
                                        f"use one of: {', '.join(KINDS)}"))
            parameters.append(Parameter(param[1], param[2], param[3], param[4] or ""))
    used = set(VARIABLE.findall(text)) - {"lang"}
    described = {p.name for p in parameters}
    for name in sorted(set(texts) - described):
        problems.append(Problem(Position(str(path), 1), f"the header describes the parameter "
                                f"{name!r} in another language, but has no '# param {name}:' "
                                "line", f"add '# param {name}: <kind> — …'"))
    parameters = [Parameter(p.name, p.kind, p.default, p.description,
                            tuple(texts.get(p.name, ()))) for p in parameters]
    for name in sorted(used - described):
        problems.append(Problem(Position(str(path), 1), f"the query uses ${name} but its header "
                                "does not describe it", f"add '# param {name}: <kind> — …'"))
    for name in sorted(described - used):
        problems.append(Problem(Position(str(path), 1), f"the header describes the parameter "
                                f"{name!r}, which the query does not use",
                                f"use ${name} in the query or remove the header line"))
    try:
        check_request(text, Position(str(path), 1), allow_service=True, forms=("SELECT",))
    except InputError as error:
        problems.extend(error.problems)
    if "en" not in titles:
        problems.append(Problem(Position(str(path), 1), "the query has no '# title:' line",
                                "start the file with '# title: …'"))
    if problems:
        raise InputError(problems)
    return StoredQuery(path.stem, path, text, titles, descriptions, tuple(parameters),
                       messages, extra)


def allowed_values(parameter: Parameter) -> str:
    """The values a parameter takes, in words (a vocabulary's preferred labels, listed)."""
    if parameter.kind in SCHEMES:
        from gremien_rdf.rdf.vocabularies import load_vocabularies

        vocabulary = load_vocabularies()[parameter.kind]
        labels = sorted(c.label_de for c in vocabulary.concepts.values())
        return ", ".join(labels) + " (or an alternative label, e.g. an abbreviation)"
    return {"body": "a body's id or title", "integer": "a whole number",
            "text": "any text"}[parameter.kind]


def catalogue() -> list[StoredQuery]:
    """Every stored query shipped with gremien-rdf, by name."""
    with reading_resources():
        return [read_query(path) for path in sorted((resources.queries_dir()).glob("*.rq"))]


def find_query(name: str) -> StoredQuery:
    """A stored query by name, or any query file by its path (ending in .rq)."""
    if name.endswith(".rq"):
        return read_query(Path(name))
    if not NAME.match(name):
        raise fail(None, f"{name!r} is not the name of a stored query",
                   f"names are lower-case words joined by hyphens; see {command('query list')}")
    known = {query.name: query for query in catalogue()}
    if name not in known:
        close = difflib.get_close_matches(name, list(known), n=3)
        hint = f"did you mean {' or '.join(map(repr, close))}? " if close else ""
        raise fail(None, f"there is no stored query {name!r}",
                   hint + f"see {command('query list')}")
    return known[name]


