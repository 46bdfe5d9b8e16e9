"""A YAML reader that keeps the line and column of every value: it checks each value's
kind, length and characters, and collects every problem with its position instead of
stopping at the first."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import yaml

from gremien_rdf.characters import FIX, describe, refused
from gremien_rdf.errors import InputError, Position, Problem, read_utf8

if TYPE_CHECKING:  # only a type here: reading the settings needs no rdflib
    from gremien_rdf.rdf.vocabularies import Vocabularies

#: libyaml's loader where PyYAML has it, else the pure-Python one
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

T = TypeVar("T")


#: longest text a value may have (the longest cell of the report has 137 characters)
MAX_TEXT = 2_000


#: a text that starts with one of these is a formula to a spreadsheet (CSV injection)
FORMULA_START = ("=", "+", "-", "@")


PLAIN_INT = re.compile(r"^[+-]?(0|[1-9][0-9_]*)$")


ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


YEARS = (1949, 2100)


STR = "tag:yaml.org,2002:str"


INT = "tag:yaml.org,2002:int"


NULL = "tag:yaml.org,2002:null"


TYPE_NAMES = {
    INT: "a whole number",
    "tag:yaml.org,2002:float": "a decimal number",
    "tag:yaml.org,2002:bool": "true/false",
    NULL: "nothing",
    "tag:yaml.org,2002:timestamp": "a date",
    STR: "text",
}


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping (key: value pairs)"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return TYPE_NAMES.get(node.tag, "a value")


class YamlReader:
    """Walks the composed YAML nodes; collects problems instead of stopping at the first."""

    def __init__(self, path: Path, vocabularies: Vocabularies | None = None):
        self.path = path
        self.name = str(path)
        self.vocabularies = vocabularies
        self.problems: list[Problem] = []
        self.seen: set[int] = set()

    def pos(self, node: yaml.Node) -> Position:
        return Position(self.name, node.start_mark.line + 1, node.start_mark.column + 1)

    def problem(self, node: yaml.Node | None, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.pos(node) if node else None, message, hint))

    def mapping(self, node: yaml.Node, what: str,
                keys: dict[str, bool]) -> dict[str, yaml.Node] | None:
        """The mapping's values by key; problems for wrong type, unknown or missing keys."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be a mapping (key: value pairs), "
                         f"found {_describe(node)}", "write it as 'key: value' lines")
            return None
        values: dict[str, yaml.Node] = {}
        aliased: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                self.problem(key_node, f"{what} has a key that is not text")
                continue
            if key in values:
                self.problem(key_node, f"{what} has the key {key!r} twice",
                             f"remove one; the first is at line {values[key].start_mark.line + 1}")
                continue
            if not self.first_use(value_node, key_node):
                aliased.add(key)
                continue
            if key not in keys:
                close = difflib.get_close_matches(key, list(keys), n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                self.problem(key_node, f"{what} has an unknown key {key!r}",
                             hint + f"known keys: {', '.join(keys)}")
                continue
            values[key] = value_node
        for key, required in keys.items():
            if key in aliased:
                continue
            if required and (key not in values or values[key].tag == NULL):
                where = values.get(key, node)
                self.problem(where, f"{what} is missing {key!r}", f"add '{key}: ...'")
        return values

    def text(self, node: yaml.Node | None, what: str) -> str | None:
        if node is None or node.tag == NULL:
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag != STR:
            self.problem(node, f"{what} must be text, found {_describe(node)}",
                         "put the value in quotes if it is meant as text")
            return None
        # only spaces (and a block scalar's final line ends) are trimmed: str.strip would
        # also drop a vertical tab, U+0085 or U+2028 at either end, unseen
        value = node.value.strip(" \n" if node.style in ("|", ">") else " ")
        if not value:
            self.problem(node, f"{what} is empty", "write the text or remove the key")
            return None
        if len(value) > MAX_TEXT:
            self.problem(node, f"{what} is {len(value):,} characters long, more than {MAX_TEXT:,}",
                         "shorten it: the longest cell of the report has 137 characters")
            return None
        if value[:1] in FORMULA_START:
            self.problem(node, f"{what} starts with {value[0]!r}, which a spreadsheet reads as "
                         "the start of a formula (in gremien.csv, opened in Excel or "
                         "LibreOffice)", f"write it without the leading {value[0]!r}, or "
                         "begin it with a word")
            return None
        found = refused(value)
        if found:
            # the file holds no other raw ones (read_utf8): the rest came from an escape
            written = "" if found[0] in "\t\n\r" else ", written as an escape"
            if found.start():
                written += f", after {value[:found.start()][-40:]!r}"
            if found[0] in "\n\r\x85\u2028\u2029":
                self.problem(node, f"{what} holds a line break, {describe(found[0])}"
                             f"{written}", "write it on one line")
            else:
                self.problem(node, f"{what} holds the character {describe(found[0])}"
                             f"{written}", FIX)
            return None
        return value

    def integer(self, node: yaml.Node | None, what: str, low: int, high: int) -> int | None:
        if node is None or node.tag == NULL:
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag != INT:
            self.problem(node, f"{what} must be a whole number, found {_describe(node)}",
                         f"write a number from {low} to {high}, without quotes")
            return None
        if not PLAIN_INT.match(node.value) or len(node.value) > 12:
            self.problem(node, f"{what} {node.value!r} is not a plain whole number",
                         "write it in decimal digits, without leading zeros")
            return None
        value = int(node.value.replace("_", ""))
        if not low <= value <= high:
            self.problem(node, f"{what} is {value}, outside {low}..{high}",
                         f"write a number from {low} to {high}")
            return None
        return value

    def sequence(self, node: yaml.Node | None, what: str) -> list[yaml.Node]:
        if node is None or node.tag == NULL:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{what} must be a list, found {_describe(node)}",
                         "write each entry on its own line, starting with '- '")
            return []
        if not node.value:
            self.problem(node, f"{what} is an empty list", "add at least one entry")
        return [item for item in node.value if self.first_use(item, node)]

    def first_use(self, node: yaml.Node, user: yaml.Node) -> bool:
        """False, with a problem at `user`, if `node` was met before (a YAML alias)."""
        if id(node) in self.seen:
            self.problem(user, "a YAML alias (*name) repeats a value given elsewhere",
                         "write the value out in full: the register allows no aliases")
            return False
        self.seen.add(id(node))
        return True

    def concept(self, node: yaml.Node | None, scheme: str, kind: str, owner: str) -> str | None:
        """The key of the concept a label names; a problem with suggestions if none."""
        label = self.text(node, f"{kind} of {owner}")
        if label is None or node is None:
            return None
        assert self.vocabularies is not None, "a reader for concepts needs the vocabularies"
        try:
            match = self.vocabularies[scheme].resolve(label, self.pos(node), kind, f" in {owner}")
            return match.concept.key
        except InputError as error:
            self.problems.extend(error.problems)
            return None

    def entry(self, node: yaml.Node, main: str, keys: dict[str, bool], what: str,
              build: Callable[[dict[str, yaml.Node]], T | None]) -> T | None:
        """A list entry that is either a plain label or a mapping with `main` and more."""
        if isinstance(node, yaml.ScalarNode):
            return build({main: node})
        values = self.mapping(node, what, keys)
        return build(values) if values is not None else None


    def entries(self, node: yaml.Node | None, what: str, main: str, keys: dict[str, bool],
                build: Callable[[dict[str, yaml.Node]], T | None],
                concept_of: Callable[[T], tuple[str, str]]) -> list[T]:
        """A list of entries (labels or mappings); a problem for a concept named twice."""
        result: list[T] = []
        seen: set[tuple[str, str]] = set()
        for item in self.sequence(node, what):
            entry = self.entry(item, main, keys, f"an entry of {what}", build)
            if entry is None:
                continue
            scheme, key = concept_of(entry)
            if (scheme, key) in seen:
                assert self.vocabularies is not None
                label = self.vocabularies[scheme].concepts[key].label_de
                self.problem(item, f"{what} names {label!r} twice", "remove one of them")
                continue
            seen.add((scheme, key))
            result.append(entry)
        return result


def parse_yaml(path: Path) -> yaml.Node | None:
    text = read_utf8(path)  # refuses the characters that characters.REFUSED_IN_FILES names
    try:
        return yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark and "end of stream" in (error.problem or ""):
            mark = error.context_mark  # an unclosed quote: point to where it opened
        position = Position(str(path), mark.line + 1, mark.column + 1) if mark else None
        message = " ".join(filter(None, [error.context, error.problem]))
        hint = "check indentation, colons and quotes on this line"
        context = error.context_mark
        if context and mark and mark is not context and context.line < mark.line:
            hint += (f" and above it, from line {context.line + 1} on (a quote opened there may "
                     "be unclosed)")
        raise InputError([Problem(position, f"YAML syntax: {message}", hint)]) from None
    except yaml.YAMLError as error:
        raise InputError([Problem(Position(str(path), 1), f"YAML: {error}",
                                  "check the file is valid YAML")]) from None


def calendar_date(text: str) -> bool:
    """Whether `text` is a year (YYYY), a month (YYYY-MM) or a day (YYYY-MM-DD) that exists
    in the Gregorian calendar: no year 0000, no month 13, no 30 February."""
    match = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", text)
    if not match:
        return False
    try:
        date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        return False
    return True
