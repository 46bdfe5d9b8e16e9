"""Running a stored query: its parameters bound as RDF terms; in process, on the register
loaded in pyoxigraph, or on a SPARQL endpoint whose answer is read within limits."""

from __future__ import annotations

import contextlib
import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gremien_rdf.characters import FIX, describe, refused
from gremien_rdf.errors import (
    GremienError,
    Position,
    command,
    fail,
    option,
)
from gremien_rdf.progress import step
from gremien_rdf.queries.sparql import check_request
from gremien_rdf.queries.stored import VARIABLE, StoredQuery
from gremien_rdf.rdf.names import SCHEMES, concept_iri

if TYPE_CHECKING:
    import pyoxigraph as ox

    from gremien_rdf.rdf.concepts import Vocabulary
    from gremien_rdf.rdf.vocabularies import Vocabularies
    from gremien_rdf.remote.client import Server


@dataclass
class QueryData:
    """The register and its vocabularies, in a pyoxigraph store, ready for queries."""

    #: the graph (`store`); None until `opener` gives it
    _store: ox.Store | None
    base_iri: str
    #: the body IRIs by id and by normalised title (`bodies`); None until `bodies_reader`
    #: gives them
    _bodies: dict[str, str] | None
    #: read when a parameter first needs them (a graph from the cache comes without them)
    _vocabularies: Vocabularies | None = None
    #: the label index of each scheme, from the cache (the vocabularies without rdflib)
    schemes: dict[str, Vocabulary] | None = None
    #: opens the store when a query first needs it (a graph from the cache: its files are
    #: checked then, so that a query answered from the cache reads none of them)
    opener: Callable[[], ox.Store] | None = None
    #: the cache entry of the graph, which keeps the stored queries' answers; None when
    #: the cache is not used
    entry: Path | None = None
    #: reads the bodies when a parameter first needs them (a graph from the cache)
    bodies_reader: Callable[[], dict[str, str]] | None = None

    @property
    def store(self) -> ox.Store:
        """The graph in pyoxigraph, opened when first asked for."""
        if self._store is None:
            assert self.opener is not None, "a QueryData has a store or an opener"
            self._store = self.opener()
        return self._store

    @property
    def bodies(self) -> dict[str, str]:
        """The body IRIs by id and by normalised title, read when first asked for."""
        if self._bodies is None:
            assert self.bodies_reader is not None, "a QueryData has bodies or a reader"
            self._bodies = self.bodies_reader()
        return self._bodies

    def vocabulary(self, scheme: str) -> Vocabulary:
        """The label index of `scheme`: from the cache if it came with one, else from the
        vocabularies."""
        if self._vocabularies is None and self.schemes is not None:
            return self.schemes[scheme]
        return self.vocabularies[scheme]

    @property
    def vocabularies(self) -> Vocabularies:
        """The vocabularies under the base IRI (they resolve the parameters' labels)."""
        if self._vocabularies is None:
            from gremien_rdf.rdf.vocabularies import load_vocabularies

            self._vocabularies = load_vocabularies(self.base_iri)
        return self._vocabularies


def load_data(source: Path, base_iri: str) -> QueryData:
    """The register at `source` (YAML) and the vocabularies, loaded into pyoxigraph."""
    from gremien_rdf.source.register import load_converted

    register, vocabularies, conversion = load_converted(source, base_iri)
    return query_data(register, vocabularies, conversion.triples)


def query_data(register, vocabularies, graph) -> QueryData:
    """A converted register (`graph`) and the vocabularies, loaded into pyoxigraph."""
    from gremien_rdf.rdf.names import normalise
    from gremien_rdf.rdf.oxigraph import store_of

    with step("loading the graph into pyoxigraph"):
        store = store_of(graph, vocabularies.graph)
    bodies: dict[str, str] = {}
    for body in register.bodies:
        iri = str(vocabularies.iris.body(body.id))
        bodies[body.id] = iri
        for title in (body.title, *(f.title for f in body.former_titles)):
            bodies[normalise(title)] = iri
    return QueryData(store, vocabularies.iris.base, bodies, vocabularies)


def bindings(query: StoredQuery, values: dict[str, str], data: QueryData, lang: str) -> dict:
    """The query's parameters as pyoxigraph terms, from `values` or the defaults."""
    import pyoxigraph as ox

    from gremien_rdf.rdf.names import normalise

    unknown = sorted(set(values) - {p.name for p in query.parameters})
    if unknown:
        names = ", ".join(p.name for p in query.parameters) or "none"
        raise fail(None, f"{query.name} has no parameter {unknown[0]!r}",
                   f"its parameters: {names} (see {command('query show', query.name)})")
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
            match = data.vocabulary(parameter.kind).resolve(value, None, what)
            term: ox.NamedNode | ox.Literal = ox.NamedNode(
                concept_iri(data.base_iri, parameter.kind, match.concept.key))
        elif parameter.kind == "body":
            iri = data.bodies.get(value) or data.bodies.get(normalise(value))
            if iri is None:
                close = difflib.get_close_matches(value, list(data.bodies), n=3)
                shown = value if len(value) <= 80 else value[:77] + "…"
                raise fail(None, f"no body has the id or title {shown!r}",
                           f"did you mean {' or '.join(map(repr, close))}?" if close
                           else f"list them with {command('query run', 'actor-types-per-body')}")
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


def term_text(term: Any) -> str:
    """A pyoxigraph term as it is written into a query's text: a whole number bare (for
    LIMIT), every other term in SPARQL syntax."""
    integer = type(term).__name__ == "Literal" and term.datatype.value.endswith("#integer")
    return term.value if integer else str(term)


def substitute(text: str, terms: dict[str, str]) -> str:
    """`text` with each `$name` of `terms` written as its term text (an unknown `$name`
    becomes the free variable `?name`)."""
    return VARIABLE.sub(lambda match: terms.get(match[1], "?" + match[1]), text)


def bound_text(query: StoredQuery, bound: dict) -> str:
    """The query text with each `$name` replaced by its bound RDF term.

    The terms come from checked input (a concept or body IRI, a literal that pyoxigraph
    writes with its escapes, a whole number), so the user's text never becomes query text.
    Direct substitution binds parameters inside subqueries and in LIMIT too, and works the
    same for the in-process store and for endpoints.
    """
    return substitute(query.text, {variable.value: term_text(term)
                                   for variable, term in bound.items()})


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
        from gremien_rdf.queries.endpoint import ask

        return ask(endpoint, text, graph, server)
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
    from gremien_rdf.queries.endpoint import asking

    with asking(endpoint, text, graph, server) as solutions:
        yield solutions


#: SPARQL functions whose value differs from one evaluation to the next: a query that
#: calls one is evaluated every time, never answered from the cache
VOLATILE = re.compile(r"\b(?:NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)


def _in_process(data: QueryData, text: str, path: Path, allow_service: bool = False):
    """The solutions of `text` from the store; with `allow_service`, a failure of another
    server called by SERVICE (found while the solutions are read) is a RemoteError.

    With the graph from the cache, a query's answer is kept beside it and read from there
    on the next run of the same text (parameters bound): unless it calls another server
    (SERVICE) or a function whose value changes between evaluations (NOW, RAND, ...)."""
    if data.entry is not None and not allow_service and not VOLATILE.search(text):
        from gremien_rdf.queries.cache import answered

        return answered(data.entry, text, lambda: _evaluated(data, text, path))
    return _evaluated(data, text, path, allow_service)


def _evaluated(data: QueryData, text: str, path: Path, allow_service: bool = False):
    """The solutions of `text`, evaluated on the store (see _in_process)."""
    try:
        solutions = data.store.query(text)
    except SyntaxError as error:
        raise fail(Position(str(path), 1), f"the query is not valid SPARQL: {error}",
                   "fix the query text") from None
    except (OSError, RuntimeError) as error:
        raise _failed_in_process(error, path) from None
    kinds = (OSError, RuntimeError) if allow_service else (RuntimeError,)
    return Checked(solutions, kinds, lambda error: _failed_in_process(error, path))


def _failed_in_process(error: Exception, path: Path) -> GremienError:
    """The error for a query that failed while its solutions were read: a server called by
    SERVICE (OSError), or the query itself (RuntimeError: pyoxigraph cannot evaluate it)."""
    if isinstance(error, OSError):
        from gremien_rdf.remote.client import remote_failure

        return remote_failure(f"a server the query calls with SERVICE failed: {error}",
                              "check the SERVICE address and that its server is running")
    return fail(Position(str(path), 1), f"the query cannot be evaluated: {error}",
                "fix the query text")


class Checked:
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
