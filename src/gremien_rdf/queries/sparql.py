"""What a SPARQL request is, told from its words without a full parser: its form (SELECT,
ASK, CONSTRUCT, DESCRIBE); an update is refused, SERVICE allowed only when asked for."""

from __future__ import annotations

import re

from gremien_rdf.errors import (
    Position,
    fail,
    option,
)

#: SPARQL's tokens, as far as telling a query's form needs. Comments (to the end of a line:
#: \n or \r), strings, language tags, IRIs, variables and blank nodes are skipped whole, so
#: that a keyword inside them is none; every other run of name characters is looked at by
#: _words. Each pattern matches what it starts to match (an unterminated string runs to the
#: end of its line, or of the text) and never backtracks (possessive), so that scanning is
#: linear in the length of the text, whatever the text.
_TOKENS = re.compile(r"""
    (?P<skip> \#[^\n\r]*+
      | '{3}(?:[^'\\]|\\.|'(?!''))*+(?:'{3}|\Z)
      | "{3}(?:[^"\\]|\\.|"(?!""))*+(?:"{3}|\Z)
      | '(?:[^'\\\n\r]|\\.)*+(?:'|(?=[\n\r])|\Z)
      | "(?:[^"\\\n\r]|\\.)*+(?:"|(?=[\n\r])|\Z)
      | @[A-Za-z]++(?:-[A-Za-z0-9]++)*+
      | [?$][\w\u00b7\u00c0-\uffff]++
      | _:[\w.\-\u00b7\u00c0-\uffff]*+)
  | (?P<iri> <[^<>"{}|^`\\\x00-\x20]*+>)
  | (?P<run> [\w.\-:%\\\u00b7\u00c0-\uffff]++)
  | (?P<other> \S)
""", re.VERBOSE | re.DOTALL)


#: a number at the start of a run: `1SERVICE` is the number 1 and the keyword SERVICE
_NUMBER = re.compile(r"\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?")


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


#: keywords of SPARQL Update: none of them is a keyword of a query
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
                "WITH")


#: SPARQL's codepoint escapes, which a parser replaces before it reads the text (SPARQL 1.1
#: Query, 19.2): `\u0044ROP` is DROP
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _words(run: str) -> tuple[list[str], bool]:
    """The words of a run of name characters, upper case, split at numbers, dots and hyphens
    (`1SERVICE`, `?o.FILTER`); and whether it is a prefixed name (`ex:drop`), whose words
    are those of its prefix only."""
    prefixed = ":" in run
    end = run.find(":") if prefixed else len(run)
    words: list[str] = []
    position = 0
    while position < end:
        number = _NUMBER.match(run, position, end)
        if number:
            position = number.end()
            continue
        word = _WORD.match(run, position, end)
        if word:
            words.append(word[0].upper())
            position = word.end()
        else:
            position += 1
    return words, prefixed


def _keyword(word: str, keywords: tuple[str, ...]) -> str | None:
    """The keyword `word` begins with: a PEG parser such as pyoxigraph's reads a keyword
    without a word boundary after it (`SELECTDISTINCT`, `DROPALL`, `SERVICEex:x`)."""
    return next((keyword for keyword in keywords if word.startswith(keyword)), None)


def query_form(text: str) -> tuple[str, frozenset[str]]:
    """The form of a SPARQL request (its first keyword after BASE and PREFIX: SELECT, ASK,
    CONSTRUCT, DESCRIBE, or an update's keyword), and the refused keywords it uses (the
    update's, and SERVICE), read as a parser may read them: a keyword that begins a word,
    SERVICE also where it begins the prefix of a prefixed name (pyoxigraph reads
    `services:x { … }` as SERVICE and `s:x`), and `<…>` where it may be a less-than (after
    an operand inside parentheses) both as an IRI and as the words inside it."""
    unescaped = _CODEPOINT.sub(lambda m: chr(int(m[1] or m[2], 16))
                               if int(m[1] or m[2], 16) <= 0x10FFFF else m[0], text)
    if unescaped == text:
        return _form_and_words(text)
    # SPARQL replaces codepoint escapes before it parses (`\u0044ROP` is DROP), pyoxigraph
    # does not inside strings (`"x\u0022"` ends later): refused if either reading says so.
    # The decoded reading counts SERVICE and its form only: an update's word in it is the
    # text of a string to pyoxigraph (`'Tom\u0027s copy'`), and a request whose decoded
    # form is a query cannot hold an update.
    raw, decoded = _form_and_words(text), _form_and_words(unescaped)
    form = raw[0] if raw[0] in QUERY_FORMS + UPDATE_WORDS else decoded[0]
    service = {"SERVICE"} & decoded[1]
    return form, raw[1] | service | ({decoded[0]} & set(UPDATE_WORDS))


def _form_and_words(text: str) -> tuple[str, frozenset[str]]:
    """query_form of a text whose codepoint escapes are as they are."""
    form = ""
    found: set[str] = set()
    depth, operand, declaring = 0, False, False
    position = 0
    while True:
        token = _TOKENS.search(text, position)
        if token is None:
            break
        position = token.end()
        inside = token[0][1:-1] if token["iri"] else ""
        if depth and operand and ("#" in inside or "'" in inside):
            # FILTER(0<1)SERVICE#> … : read as a less-than, the # or ' would begin a comment
            # or a string that hides the rest of the line; so a SERVICE inside counts
            words, _ = _words(inside.replace(":", " "))
            found.update("SERVICE" for word in words if word.startswith("SERVICE"))
        if token["other"]:
            if token[0] == "(":
                depth += 1
            elif token[0] == ")":
                depth = max(depth - 1, 0)
            operand = token[0] == ")"
            continue
        if not token["run"]:
            operand = True  # a string, variable, blank node or IRI
            continue
        words, prefixed = _words(token["run"])
        operand = prefixed or not words  # a prefixed name or a number
        if declaring:  # the name a PREFIX declares is no use of it
            declaring = False
            continue
        if prefixed:
            found.update("SERVICE" for word in words if word.startswith("SERVICE"))
            continue
        for word in words:
            update = _keyword(word, UPDATE_WORDS)
            if update:
                found.add(update)
            if word.startswith("SERVICE"):
                found.add("SERVICE")
            if word == "PREFIX":
                declaring = True
            elif not form and word != "BASE":
                form = _keyword(word, QUERY_FORMS + UPDATE_WORDS) or word
    return form, frozenset(found)


def check_request(text: str, where: Position | None, allow_service: bool = False,
                  forms: tuple[str, ...] = QUERY_FORMS,
                  service_hint: str = f"pass {option('allow-service')} if you trust the "
                                      "query and that server") -> str:
    """The form of `text`; InputError unless it is a query of one of `forms`, without
    SERVICE unless `allow_service`. Nothing that could change data, and no request to a
    third server, is ever sent or run by mistake."""
    form, words = query_form(text)
    if form in UPDATE_WORDS or words & set(UPDATE_WORDS):
        raise fail(where, "this is a SPARQL Update (it changes data), not a query: it is "
                   "never sent or run", "gremien-rdf only runs SELECT, ASK, CONSTRUCT and "
                   "DESCRIBE queries")
    if form not in forms:
        raise fail(where, f"only {' and '.join(forms)} queries are accepted here, this one "
                   f"is {form or 'empty'}", "write the query as SELECT … WHERE { … }")
    if "SERVICE" in words and not allow_service:
        raise fail(where, "the query calls another server (SERVICE): refused", service_hint)
    return form
