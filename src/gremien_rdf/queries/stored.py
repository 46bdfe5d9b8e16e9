"""Stored SPARQL queries: a catalogue of files, parameters bound (never pasted), results.

A stored query is a file `queries/<name>.rq` with a comment header:

    # title: Bodies per Land
    # title@de: Gremien je Bundesland
    # description: …            (and description@de)
    # param actor: akteur = Polizei — the actor type (label or abbreviation)

Parameters are the query's `$name` variables; the header only describes them (kind,
default, words). `$lang` is always bound, to the language of the labels. A value is
checked and turned into an RDF term first (a label into its concept, a body's id or title
into the body), then bound with pyoxigraph's substitutions, so no user text ever becomes
query text.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlencode

from gremien_rdf import resources
from gremien_rdf.characters import FIX, describe, printable, refused
from gremien_rdf.errors import (
    GremienError,
    InputError,
    Position,
    Problem,
    RemoteError,
    command,
    fail,
    option,
    position_of,
    read_utf8,
)
from gremien_rdf.rdf.namespaces import SCHEMES
from gremien_rdf.resources import reading_resources

if TYPE_CHECKING:
    import pyoxigraph as ox

    from gremien_rdf.rdf.vocabularies import Vocabularies
from gremien_rdf.remote.client import (
    Reader,
    Server,
    check_graph_iri,
    remote_failure,
    with_parameter,
)

NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
HEADER = re.compile(r"^#\s*(title|description|message)(?:@(de|en))?:\s*(.+)$")
EXTRA = re.compile(r"^#\s*(severity):\s*(\S+)\s*$")
PARAM = re.compile(r"^#\s*param\s+(\w+):\s*(\w+)(?:\s*=\s*(.+?))?(?:\s+—\s+(.*))?$")
VARIABLE = re.compile(r"\$([A-Za-z_]\w*)")
#: kinds of parameter: a concept scheme (value: a label), a body (id or title), or plain
KINDS = (*SCHEMES, "body", "text", "integer")
RESULT_FORMATS = ("table", "csv", "tsv", "json", "md", "xlsx")
#: the readable name of each variable of the stored queries: (German, English); the
#: headers of csv, tsv, table, md and xlsx (JSON keeps the variable names)
COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "body": ("Gremium", "Body"), "title": ("Titel", "Title"),
    "land": ("Land (IRI)", "Land (IRI)"), "landLabel": ("Land", "Land"),
    "level": ("Ebene (IRI)", "Level (IRI)"), "levelLabel": ("Ebene", "Level"),
    "frequency": ("Turnus (IRI)", "Frequency (IRI)"), "frequencyLabel": ("Turnus", "Frequency"),
    "focusLabel": ("Schwerpunkt", "Focus area"), "areas": ("Schwerpunkte", "Focus areas"),
    "actorLabel": ("Akteurstyp", "Actor type"), "types": ("Akteurstypen", "Actor types"),
    "statusLabel": ("Status", "Status"), "aLabel": ("Akteurstyp A", "Actor type A"),
    "bLabel": ("Akteurstyp B", "Actor type B"), "bodies": ("Gremien", "Bodies"),
    "bodiesWithFbs": ("Gremien mit FBS", "Bodies with FBS"),
    "actorTypes": ("Akteurstypen", "Actor types"), "row": ("Zeile im Bericht", "Row in the report"),
    "place": ("Ort", "Place"), "formerTitle": ("Früherer Titel", "Former title"),
    "until": ("Bis", "Until"), "since": ("Seit", "Since"),
}


def column_label(name: str, lang: str) -> str:
    """The header of the result column of variable `name` in `lang` (the name itself for a
    variable that no stored query uses, as in a query of one's own)."""
    labels = COLUMN_LABELS.get(name)
    return name if labels is None else labels[0 if lang == "de" else 1]
#: the rows a table (or Markdown) view shows at most; csv, tsv and json stream every row
TABLE_ROWS = 1000

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


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str
    default: str | None
    description: str


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
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.startswith("#"):
            break
        header, param, other = HEADER.match(line), PARAM.match(line), EXTRA.match(line)
        if header:
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


@dataclass
class QueryData:
    """The register and its vocabularies, in a pyoxigraph store, ready for queries."""

    store: ox.Store
    base_iri: str
    vocabularies: Vocabularies
    bodies: dict[str, str]  # body IRI by id and by normalised title


def load_data(source: Path, base_iri: str) -> QueryData:
    """The register at `source` (YAML) and the vocabularies, loaded into pyoxigraph."""
    from gremien_rdf.source.register import load_converted

    register, vocabularies, conversion = load_converted(source, base_iri)
    return query_data(register, vocabularies, conversion.graph)


def query_data(register, vocabularies, graph) -> QueryData:
    """A converted register (`graph`) and the vocabularies, loaded into pyoxigraph."""
    import pyoxigraph as ox

    from gremien_rdf.rdf.serialize import ntriples
    from gremien_rdf.rdf.vocabularies import normalise

    store = ox.Store()
    for part in (graph, vocabularies.graph):
        store.load(ntriples(part).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    bodies: dict[str, str] = {}
    for body in register.bodies:
        iri = str(vocabularies.iris.body(body.id))
        bodies[body.id] = iri
        for title in (body.title, *(f.title for f in body.former_titles)):
            bodies[normalise(title)] = iri
    return QueryData(store, vocabularies.iris.base, vocabularies, bodies)


def bindings(query: StoredQuery, values: dict[str, str], data: QueryData, lang: str) -> dict:
    """The query's parameters as pyoxigraph terms, from `values` or the defaults."""
    import pyoxigraph as ox

    from gremien_rdf.rdf.vocabularies import normalise

    unknown = sorted(set(values) - {p.name for p in query.parameters})
    if unknown:
        names = ", ".join(p.name for p in query.parameters) or "none"
        raise fail(None, f"{query.name} has no parameter {unknown[0]!r}",
                   f"its parameters: {names} (see {command('query show')} {query.name})")
    bound: dict[ox.Variable, ox.NamedNode | ox.Literal] = {}
    if "lang" in VARIABLE.findall(query.text):
        bound[ox.Variable("lang")] = ox.Literal(lang)
    for parameter in query.parameters:
        value = values.get(parameter.name, parameter.default)
        if value is None:
            raise fail(None, f"{query.name} needs the parameter {parameter.name!r}",
                       f"pass {option('param')} {parameter.name}=… ({parameter.description})")
        what = f"value of {parameter.name!r}"
        found = refused(value)
        if found:
            raise fail(None, f"the {what} holds the character {describe(found[0])}", FIX)
        if parameter.kind in SCHEMES:
            match = data.vocabularies[parameter.kind].resolve(value, None, what)
            concept = data.vocabularies.iris.concept(parameter.kind, match.concept.key)
            term: ox.NamedNode | ox.Literal = ox.NamedNode(str(concept))
        elif parameter.kind == "body":
            iri = data.bodies.get(value) or data.bodies.get(normalise(value))
            if iri is None:
                close = difflib.get_close_matches(value, list(data.bodies), n=3)
                shown = value if len(value) <= 80 else value[:77] + "…"
                raise fail(None, f"no body has the id or title {shown!r}",
                           f"did you mean {' or '.join(map(repr, close))}?" if close
                           else f"list them with {command('query run')} actor-types-per-body")
            term = ox.NamedNode(iri)
        elif parameter.kind == "integer":
            if not re.fullmatch(r"-?\d{1,9}", value):
                raise fail(None, f"the {what} must be a whole number, not {value!r}")
            term = ox.Literal(value, datatype=ox.NamedNode(
                "http://www.w3.org/2001/XMLSchema#integer"))
        else:
            term = ox.Literal(value)
        bound[ox.Variable(parameter.name)] = term
    return bound


def bound_text(query: StoredQuery, bound: dict) -> str:
    """The query text with each `$name` replaced by its bound RDF term.

    The terms come from checked input (a concept or body IRI, a literal that pyoxigraph
    writes with its escapes, a whole number), so the user's text never becomes query text.
    Direct substitution binds parameters inside subqueries and in LIMIT too, and works the
    same for the in-process store and for endpoints.
    """
    import pyoxigraph as ox

    terms = {variable.value: term for variable, term in bound.items()}

    def term_text(match: re.Match) -> str:
        term = terms.get(match[1])
        if term is None:
            return "?" + match[1]
        integer = isinstance(term, ox.Literal) and term.datatype.value.endswith("#integer")
        return term.value if integer else str(term)

    return VARIABLE.sub(term_text, query.text)


def prepared(query: StoredQuery, data: QueryData, values: dict[str, str], lang: str = "en",
             allow_service: bool = False) -> str:
    """The query text with its parameters bound, checked: a query (never an update), and
    without SERVICE unless `allow_service`."""
    text = bound_text(query, bindings(query, values, data, lang))
    check_request(text, Position(str(query.path), 1), allow_service)
    return text


def run(query: StoredQuery, data: QueryData, values: dict[str, str], lang: str = "en",
        endpoint: str | None = None, graph: str | None = None, server: Server | None = None,
        allow_service: bool = False):
    """The query's solutions, parameters bound: in process on `data`, or from a SPARQL 1.1
    Protocol `endpoint` (then `data` only resolves the parameters; the answer is read
    whole, within the server's byte limit), over its named `graph` if given (else its
    default graph). See `stream` for the answer of an endpoint read as it arrives."""
    text = prepared(query, data, values, lang, allow_service)
    if endpoint is not None:
        server = server or Server()
        answer = server.request("POST", *_endpoint_request(endpoint, text, graph),
                                what="the endpoint")
        return _results(answer.body)
    return _in_process(data, text, query.path, allow_service)


@contextlib.contextmanager
def stream(query: StoredQuery, data: QueryData, values: dict[str, str], lang: str = "en",
           endpoint: str | None = None, graph: str | None = None,
           server: Server | None = None, allow_service: bool = False) -> Iterator:
    """Like `run`, but an endpoint's answer is parsed while it arrives, within the server's
    deadline and byte limit, so that a large answer never sits in memory whole."""
    text = prepared(query, data, values, lang, allow_service)
    if endpoint is None:
        yield _in_process(data, text, query.path, allow_service)
        return
    with (server or Server()).open("POST", *_endpoint_request(endpoint, text, graph),
                                   what="the endpoint") as answer:
        yield _results(answer)


def _in_process(data: QueryData, text: str, path: Path, allow_service: bool = False):
    """The solutions of `text` from the store; with `allow_service`, a failure of another
    server called by SERVICE (found while the solutions are read) is a RemoteError."""
    try:
        solutions = data.store.query(text)
    except SyntaxError as error:
        raise fail(Position(str(path), 1), f"the query is not valid SPARQL: {error}",
                   "fix the query text") from None
    except (OSError, RuntimeError) as error:
        raise _failed_in_process(error, path) from None
    kinds = (OSError, RuntimeError) if allow_service else (RuntimeError,)
    return _Checked(solutions, kinds, lambda error: _failed_in_process(error, path))


def _failed_in_process(error: Exception, path: Path) -> GremienError:
    """The error for a query that failed while its solutions were read: a server called by
    SERVICE (OSError), or the query itself (RuntimeError: pyoxigraph cannot evaluate it)."""
    if isinstance(error, OSError):
        return remote_failure(f"a server the query calls with SERVICE failed: {error}",
                              "check the SERVICE address and that its server is running")
    return fail(Position(str(path), 1), f"the query cannot be evaluated: {error}",
                "fix the query text")


def _endpoint_request(endpoint: str, text: str, graph: str | None
                      ) -> tuple[str, bytes, dict[str, str]]:
    """URL, body and headers of a SPARQL 1.1 Protocol query to `endpoint` (over its named
    `graph`, if given), asking for SPARQL JSON results. The query and its graph go as a
    URL-encoded POST (SPARQL 1.1 Protocol 2.1.2), the form every server takes: Virtuoso 7.2
    never answers a query POSTed directly as application/sparql-query."""
    form = {"query": text}
    if graph is not None:
        check_graph_iri(graph)
        with_parameter(endpoint, "default-graph-uri", graph)  # refuses a URL naming a graph
        form["default-graph-uri"] = graph
    return endpoint, urlencode(form).encode("ascii"), {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json"}


#: how deep SPARQL JSON results may nest: a binding is 4 levels deep; a triple term (RDF-star)
#: nests further, and pyoxigraph's parser crashes (no exception) on thousands of them
MAX_JSON_DEPTH = 32
#: up to the next bracket, whole strings included (or to a string that goes on)
_OUTSIDE = re.compile(rb'(?:[^"{}\[\]]++|"(?:[^"\\]|\\.)*+")*+')
_STRING = re.compile(rb'(?:[^"\\]|\\.)*+')  # the inside of a string, escapes included


def _end(pattern: re.Pattern[bytes], data: bytes, position: int) -> int:
    """Where the match of `pattern` (which matches the empty string too) at `position`
    ends."""
    match = pattern.match(data, position)
    assert match is not None, "the pattern matches the empty string"
    return match.end()


class _ShallowJson(Reader):
    """An answer being read, refused (RemoteError) as soon as its JSON nests deeper than
    MAX_JSON_DEPTH. Strings are skipped whole (escapes cannot hide a bracket), and the
    state carries over from one piece to the next."""

    def __init__(self, answer):
        self.answer = answer
        self.depth = 0
        self.in_string = False
        self.escaped = False  # a piece ended with the backslash of an escape

    def read(self, size: int = -1) -> bytes:
        data = self.answer.read(size)
        self._scan(data)
        return data

    def _scan(self, data: bytes) -> None:
        position = 0
        if self.escaped and data:
            position, self.escaped = 1, False
        while position < len(data):
            if self.in_string:
                position = _end(_STRING, data, position)
                if position == len(data) - 1 and data[position:] == b"\\":
                    self.escaped, position = True, len(data)
                elif position < len(data):  # the closing quote
                    self.in_string, position = False, position + 1
                continue
            position = _end(_OUTSIDE, data, position)
            if position == len(data):
                break
            character = data[position:position + 1]
            position += 1
            if character == b'"':
                self.in_string = True
            elif character in b"{[":
                self.depth += 1
                if self.depth > MAX_JSON_DEPTH:
                    raise remote_failure(
                        f"the endpoint's answer nests deeper than {MAX_JSON_DEPTH} levels "
                        "(triple terms, RDF-star?), which gremien-rdf does not read",
                        "ask for plain values")
            else:
                self.depth -= 1


def _results(answer):
    """SPARQL JSON results (bytes, or a stream being read), parsed by pyoxigraph so that
    they render exactly like in-process results."""
    import pyoxigraph as ox

    if isinstance(answer, bytes | bytearray):
        _ShallowJson(io.BytesIO(answer)).read()
    else:
        answer = _ShallowJson(answer)
    try:
        return _Checked(ox.parse_query_results(answer, format=ox.QueryResultsFormat.JSON),
                        (SyntaxError, ValueError, MemoryError), _not_results)
    except (SyntaxError, ValueError, MemoryError) as error:
        raise _not_results(error) from None


def _not_results(error: Exception) -> RemoteError:
    if isinstance(error, MemoryError):
        return remote_failure("the endpoint's answer holds a value too large for this "
                              "machine's memory", "ask for less (a narrower query)")
    return remote_failure(f"the endpoint did not answer with SPARQL JSON results: {error}",
                          "check that the URL is the endpoint's query URL")


class _Checked:
    """Solutions whose reading may fail for a reason that is a server's, not the user's: a
    syntax error in an answer parsed as it arrives, or a failed SERVICE call; `failure`
    turns such an error (one of `kinds`) into the RemoteError that says so."""

    def __init__(self, solutions, kinds: tuple[type[Exception], ...], failure):
        self.solutions = solutions
        self.variables = getattr(solutions, "variables", [])
        self.kinds = kinds
        self.failure = failure

    def __iter__(self):
        try:
            yield from self.solutions
        except self.kinds as error:
            raise self.failure(error) from None

    def serialize(self, output=None, format=None):  # noqa: A002 -- pyoxigraph's name
        try:
            return self.solutions.serialize(output, format=format)
        except self.kinds as error:
            raise self.failure(error) from None


def _display(term, base_iri: str) -> str:
    if term is None:
        return ""
    value = term.value
    if type(term).__name__ == "NamedNode" and value.startswith(base_iri):
        return value[len(base_iri):]
    return value


def write_results(solutions, fmt: str, base_iri: str, out: IO[bytes],
                  escape: bool = False, max_rows: int = TABLE_ROWS,
                  lang: str | None = None) -> None:
    """Write solutions to `out` as they come: the W3C SPARQL 1.1 CSV, TSV or JSON results
    (every row), a workbook (xlsx, every row), or a table or Markdown (at most `max_rows`
    rows; a last line says when more were left out, since a table's column widths need
    all its rows at hand).

    With `lang`, the headers of all but JSON are the columns' readable names
    (COLUMN_LABELS) in that language; JSON keeps the variable names. `escape` writes
    control characters as escapes (\\x1b), for a terminal: text from a server must not
    rewrite it."""
    import pyoxigraph as ox

    def header(name: str) -> str:
        return column_label(name, lang) if lang else name

    if fmt == "xlsx":
        _write_xlsx(solutions, out, header)
        return
    if fmt in ("csv", "tsv", "json"):
        kind = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                "json": ox.QueryResultsFormat.JSON}[fmt]
        target: Any = _Escaping(out) if escape else out  # a binary file
        if lang and fmt != "json":
            import csv

            names = [header(v.value) for v in solutions.variables]
            heading = io.StringIO()
            if fmt == "csv":
                csv.writer(heading, lineterminator="\r\n").writerow(names)
            else:
                heading.write("\t".join(names) + "\n")
            # the W3C header line (?name in TSV) is replaced by the readable one
            target = _Relabelled(target, heading.getvalue())
        solutions.serialize(target, format=kind)
        if fmt == "json":
            target.write(b"\n")
        if escape or isinstance(target, _Relabelled):
            target.close()
        return
    def show(value: str) -> str:
        """A cell: a line break or tab in a value would break the table's rows."""
        value = value.replace("\n", "\\n").replace("\t", "\\t")
        return printable(value) if escape else value.replace("\r", "\\r")
    # a server names the variables (SPARQL allows U+061C, tag characters, … in names)
    names = [variable.value for variable in solutions.variables]
    shown_names = [show(header(name)) for name in names]
    rows: list[list[str]] = []
    more = False
    for solution in solutions:
        if len(rows) == max_rows:
            more = True
            break
        rows.append([show(_display(solution[name], base_iri)) for name in names])
    if fmt == "md":
        def cell(text: str) -> str:
            return text.replace("|", "\\|")
        lines = ["| " + " | ".join(map(cell, shown_names)) + " |", "|" + "---|" * len(names)]
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    else:
        widths = [max([len(n), *(len(r[i]) for r in rows)])
                  for i, n in enumerate(shown_names)]

        def line(values: list[str]) -> str:
            return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()
        lines = [line(shown_names), line(["-" * w for w in widths]), *(line(r) for r in rows)]
        if not more:
            lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    if more:
        lines.append(f"(the first {max_rows:,} rows; more were left out: --format csv, tsv "
                     "or json gives every row)")
    out.write(("\n".join(lines) + "\n").encode("utf-8"))


class _Relabelled:
    """A binary stream that drops what is written up to the first line feed (a results
    serializer's header) and writes `header` in its place."""

    def __init__(self, out: IO[bytes], header: str):
        self.out, self.header, self.done = out, header.encode("utf-8"), False

    def write(self, data: bytes) -> int:
        if not self.done:
            end = data.find(b"\n")
            if end < 0:
                return len(data)  # still inside the header line
            self.out.write(self.header)
            self.done = True
            self.out.write(data[end + 1:])
        else:
            self.out.write(data)
        return len(data)

    def close(self) -> None:
        if not self.done:  # no line feed at all: the header alone
            self.out.write(self.header)
        if isinstance(self.out, _Escaping):
            self.out.close()

    def flush(self) -> None:
        self.out.flush()


def _write_xlsx(solutions, out: IO[bytes], header) -> None:
    """The solutions as a workbook of one sheet (gremien_rdf.workbook, rows as they come):
    readable headers, the values as the CSV has them (the whole IRI, the literal's text),
    an xsd:integer as a number."""
    from gremien_rdf.workbook import workbook

    names = [variable.value for variable in solutions.variables]

    def cell(term) -> int | str | None:
        if term is None:
            return None
        datatype = getattr(term, "datatype", None)
        if datatype is not None and datatype.value.endswith("#integer"):
            return int(term.value)
        return term.value

    rows = ([cell(solution[name]) for name in names] for solution in solutions)
    out.write(workbook([("Ergebnis", [header(name) for name in names], rows)],
                       widths=False))


class _Escaping:
    """A binary stream that writes control characters as escapes (for a terminal)."""

    def __init__(self, out: IO[bytes]):
        import codecs

        self.out = out
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.held = ""  # a carriage return at the end of a piece: CSV's line end, or not

    def write(self, data: bytes) -> int:
        text = self.held + self.decoder.decode(data)
        self.held = "\r" if text.endswith("\r") else ""
        self.out.write(printable(text[: len(text) - len(self.held)]).encode("utf-8"))
        return len(data)

    def close(self) -> None:
        self.out.write(printable(self.held + self.decoder.decode(b"", final=True))
                       .encode("utf-8"))
        self.held = ""

    def flush(self) -> None:
        self.out.flush()


def render(solutions, fmt: str, base_iri: str, max_rows: int = TABLE_ROWS) -> str:
    """Solutions as text in one of RESULT_FORMATS (see write_results)."""
    import io

    out = io.BytesIO()
    write_results(solutions, fmt, base_iri, out, max_rows=max_rows)
    text = out.getvalue().decode("utf-8")
    return text if text.endswith("\n") else text + "\n"
