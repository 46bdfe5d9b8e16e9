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

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from gremien_rdf import resources
from gremien_rdf.errors import InputError, Position, Problem, fail, read_utf8
from gremien_rdf.namespaces import SCHEMES
from gremien_rdf.remote import Server, check_graph_iri, remote_failure, with_parameter

NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
HEADER = re.compile(r"^#\s*(title|description|message)(?:@(de|en))?:\s*(.+)$")
EXTRA = re.compile(r"^#\s*(severity):\s*(\S+)\s*$")
PARAM = re.compile(r"^#\s*param\s+(\w+):\s*(\w+)(?:\s*=\s*(.+?))?(?:\s+—\s+(.*))?$")
VARIABLE = re.compile(r"\$([A-Za-z_]\w*)")
#: kinds of parameter: a concept scheme (value: a label), a body (id or title), or plain
KINDS = (*SCHEMES, "body", "text", "integer")
RESULT_FORMATS = ("table", "csv", "tsv", "json", "md")


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


def read_query(path: Path) -> StoredQuery:
    """The stored query in `path`; InputError for a header that does not fit the text."""
    text = read_utf8(path)
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
    body = "\n".join(line for line in text.split("\n") if not line.lstrip().startswith("#"))
    if not re.search(r"\bSELECT\b", body, re.IGNORECASE) or re.search(
            r"\b(ASK|CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE):
        problems.append(Problem(Position(str(path), 1), "only SELECT queries can be stored",
                                "write the query as SELECT … WHERE { … }"))
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
        from gremien_rdf.vocab import load_vocabularies

        vocabulary = load_vocabularies()[parameter.kind]
        labels = sorted(c.label_de for c in vocabulary.concepts.values())
        return ", ".join(labels) + " (or an alternative label, e.g. an abbreviation)"
    return {"body": "a body's id or title", "integer": "a whole number",
            "text": "any text"}[parameter.kind]


def catalogue() -> list[StoredQuery]:
    """Every stored query shipped with gremien-rdf, by name."""
    return [read_query(path) for path in sorted((resources.queries_dir()).glob("*.rq"))]


def find_query(name: str) -> StoredQuery:
    """A stored query by name, or any query file by its path (ending in .rq)."""
    if name.endswith(".rq"):
        return read_query(Path(name))
    if not NAME.match(name):
        raise fail(None, f"{name!r} is not the name of a stored query",
                   "names are lower-case words joined by hyphens; see `gremien-rdf query list`")
    known = {query.name: query for query in catalogue()}
    if name not in known:
        close = difflib.get_close_matches(name, list(known), n=3)
        hint = f"did you mean {' or '.join(map(repr, close))}? " if close else ""
        raise fail(None, f"there is no stored query {name!r}",
                   hint + "see `gremien-rdf query list`")
    return known[name]


@dataclass
class QueryData:
    """The register and its vocabularies, in a pyoxigraph store, ready for queries."""

    store: object
    base_iri: str
    vocabularies: object
    bodies: dict[str, str]  # body IRI by id and by normalised title


def load_data(source: Path, base_iri: str) -> QueryData:
    """The register at `source` (YAML) and the vocabularies, loaded into pyoxigraph."""
    from gremien_rdf.convert import register_graph
    from gremien_rdf.source import load

    register, vocabularies = load(source, base_iri)
    return query_data(register, vocabularies, register_graph(register, vocabularies).graph)


def query_data(register, vocabularies, graph) -> QueryData:
    """A converted register (`graph`) and the vocabularies, loaded into pyoxigraph."""
    import pyoxigraph as ox

    from gremien_rdf.serialize import ntriples
    from gremien_rdf.vocab import normalise

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

    from gremien_rdf.vocab import normalise

    unknown = sorted(set(values) - {p.name for p in query.parameters})
    if unknown:
        names = ", ".join(p.name for p in query.parameters) or "none"
        raise fail(None, f"{query.name} has no parameter {unknown[0]!r}",
                   f"its parameters: {names} (see `gremien-rdf query show {query.name}`)")
    bound = {ox.Variable("lang"): ox.Literal(lang)} if "lang" in VARIABLE.findall(query.text) \
        else {}
    for parameter in query.parameters:
        value = values.get(parameter.name, parameter.default)
        if value is None:
            raise fail(None, f"{query.name} needs the parameter {parameter.name!r}",
                       f"pass --param {parameter.name}=… ({parameter.description})")
        what = f"value of {parameter.name!r}"
        if parameter.kind in SCHEMES:
            match = data.vocabularies[parameter.kind].resolve(value, None, what)
            term = ox.NamedNode(str(data.vocabularies.iris.concept(parameter.kind,
                                                                   match.concept.key)))
        elif parameter.kind == "body":
            iri = data.bodies.get(value) or data.bodies.get(normalise(value))
            if iri is None:
                close = difflib.get_close_matches(value, list(data.bodies), n=3)
                shown = value if len(value) <= 80 else value[:77] + "…"
                raise fail(None, f"no body has the id or title {shown!r}",
                           f"did you mean {' or '.join(map(repr, close))}?" if close
                           else "list them with `gremien-rdf query run actor-types-per-body`")
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


def run(query: StoredQuery, data: QueryData, values: dict[str, str], lang: str = "en",
        endpoint: str | None = None, graph: str | None = None, server: Server | None = None):
    """The query's solutions, parameters bound: in process on `data`, or from a SPARQL 1.1
    Protocol `endpoint` (then `data` only resolves the parameters), over its named `graph`
    if given (else its default graph)."""
    text = bound_text(query, bindings(query, values, data, lang))
    if endpoint is not None:
        return query_endpoint(endpoint, text, graph, server or Server())
    try:
        return data.store.query(text)
    except SyntaxError as error:
        raise fail(Position(str(query.path), 1), f"the query is not valid SPARQL: {error}",
                   "fix the query text") from None


def query_endpoint(endpoint: str, text: str, graph: str | None = None,
                   server: Server | None = None):
    """The solutions of `text` from a SPARQL endpoint, parsed by pyoxigraph so that they
    render exactly like in-process results. The query and its graph go as a URL-encoded
    POST (SPARQL 1.1 Protocol §2.1.2), the form every server takes: Virtuoso 7.2 never
    answers a query POSTed directly as application/sparql-query."""
    import pyoxigraph as ox

    form = {"query": text}
    if graph is not None:
        check_graph_iri(graph)
        with_parameter(endpoint, "default-graph-uri", graph)  # refuses a URL naming a graph
        form["default-graph-uri"] = graph
    answer = (server or Server()).request(
        "POST", endpoint, urlencode(form).encode("ascii"), what="the endpoint",
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "Accept": "application/sparql-results+json"},
    )
    try:
        return ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as error:
        raise remote_failure(f"the endpoint did not answer with SPARQL JSON results: {error}",
                             "check that the URL is the endpoint's query URL") from None


def _display(term, base_iri: str) -> str:
    if term is None:
        return ""
    value = term.value
    if type(term).__name__ == "NamedNode" and value.startswith(base_iri):
        return value[len(base_iri):]
    return value


def render(solutions, fmt: str, base_iri: str) -> str:
    """Solutions as a table, Markdown, or the W3C SPARQL 1.1 CSV, TSV or JSON results."""
    import pyoxigraph as ox

    if fmt in ("csv", "tsv", "json"):
        kind = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                "json": ox.QueryResultsFormat.JSON}[fmt]
        text = solutions.serialize(format=kind).decode("utf-8")
        return text if text.endswith("\n") else text + "\n"
    names = [variable.value for variable in solutions.variables]
    rows = [[_display(solution[name], base_iri) for name in names] for solution in solutions]
    if fmt == "md":
        def cell(text: str) -> str:
            return text.replace("|", "\\|")
        lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()
    out = [line(names), line(["-" * w for w in widths]), *(line(r) for r in rows)]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
