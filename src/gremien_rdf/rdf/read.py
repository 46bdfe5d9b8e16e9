"""Reading RDF that a user gives (Turtle, N-Triples, JSON-LD): nothing is fetched, and
every term obeys the character policy.

Files given to `validate` come from pull requests; reading them must not make the machine
fetch anything. Turtle and N-Triples name no documents to load, and rdflib's parsers for
them load none. A JSON-LD document can: each `@context` given as a string, and each
`@import` in a context, is a document that a JSON-LD processor loads, from the network or
from a file. Here they are resolved before rdflib sees the document, from a fixed local
set only (CONTEXTS: gremien-rdf's own published context, read from the installed
package); any other one is an input error at its line, and the document that reaches
rdflib names no context to load. RDF/XML (with its entities and DTDs) is not read at all.
"""

from __future__ import annotations

import copy
import json
import logging
import re
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef

from gremien_rdf import DEFAULT_BASE_IRI, resources
from gremien_rdf.characters import FIX, describe, refused
from gremien_rdf.errors import InputError, Position, command, fail, position_of, read_utf8
from gremien_rdf.rdf.formats import BY_SUFFIX

#: file suffix → rdflib parser
RDF_FORMATS = {suffix: fmt.name for suffix, fmt in BY_SUFFIX.items()}
#: where gremien-rdf's context is published, below the base IRI (download_url)
CONTEXT_PATH = "download/context.jsonld"


def read_rdf(path: Path, base_iri: str) -> tuple[Graph, str]:
    """The graph in the RDF file at `path` and its text; InputError (with the line) for a
    syntax error, a context that is not in the local set, or a refused character."""
    text = read_utf8(path)
    fmt = RDF_FORMATS[path.suffix.lower()]
    data = resolve_contexts(path, text, contexts(base_iri)) if fmt == "json-ld" else text
    graph = parse_text(Graph(), data, fmt, path, base_iri)
    check_terms(path, text, graph)
    return graph, text


def parse_text(graph: Graph, data: str, fmt: str, path: Path, base_iri: str | None) -> Graph:
    """`graph` with the triples of `data` (the text of the file at `path`, in rdflib's
    format `fmt`) added; InputError at the line of a syntax error."""
    # rdflib logs a literal outside its datatype's lexical space ("2024-02-30"^^xsd:date)
    # with a traceback; the shapes report it, as a finding at its line
    term_log = logging.getLogger("rdflib.term")
    level = term_log.level
    term_log.setLevel(logging.ERROR)
    try:
        graph.parse(data=data, format=fmt, publicID=base_iri)
    except Exception as error:  # rdflib raises many kinds for bad syntax
        line = getattr(error, "lines", None)
        match = re.search(r"line (\d+)", str(error))
        number = (line + 1) if isinstance(line, int) else int(match[1]) if match else 1
        why = getattr(error, "_why", None) or str(error).splitlines()[0]
        raise fail(Position(str(path), number), f"cannot parse the file: {why}",
                   "fix the syntax at or before this line") from None
    finally:
        term_log.setLevel(level)
    return graph


def contexts(base_iri: str) -> dict[str, dict[str, Any]]:
    """The contexts a document may name, by IRI: gremien-rdf's own, where it is published
    under `base_iri` and under the default base IRI."""
    context = copy.deepcopy(resources.json_ld_context())  # resolving may change it
    return {base + CONTEXT_PATH: context for base in (base_iri, DEFAULT_BASE_IRI)}


def resolve_contexts(path: Path, text: str, known: dict[str, dict[str, Any]]) -> str:
    """The JSON-LD document `text` with every context named by IRI replaced by its local
    copy; InputError for one not in `known` (a remote or local document: loading it would
    fetch from a server, with no deadline, or read a file the user did not name)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise fail(Position(str(path), error.lineno, error.colno),
                   f"cannot parse the file: {error.msg}",
                   "fix the JSON syntax at or before this line") from None
    except RecursionError:
        raise fail(Position(str(path), 1), "the JSON is nested too deep to be read",
                   f"pass a dump built by {command('build')}") from None

    def local(iri: Any, keyword: str) -> dict[str, Any]:
        if not isinstance(iri, str) or iri not in known:
            shown = iri if isinstance(iri, str) else json.dumps(iri)[:60]
            raise fail(Position(str(path), _line_of(text, keyword, iri)),
                       f"the document loads a JSON-LD context ({keyword}) from {shown!r}, "
                       "which gremien-rdf does not fetch",
                       "embed the context in the document (as gremien.jsonld does), or "
                       f"name the published one: {next(iter(known))}")
        return known[iri]

    def resolved(context: Any) -> Any:
        if isinstance(context, list):
            return [resolved(item) for item in context]
        if isinstance(context, str):
            return local(context, "@context")
        if isinstance(context, dict) and "@import" in context:
            # JSON-LD 1.1 @import: the imported definitions, overridden by the local ones
            rest = {key: value for key, value in context.items() if key != "@import"}
            return local(context["@import"], "@import") | rest
        return context

    todo = [document]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            if "@context" in node:
                node["@context"] = resolved(node["@context"])
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return json.dumps(document, ensure_ascii=False)


def _line_of(text: str, keyword: str, value: Any) -> int:
    """The line where `keyword` names `value` (1 if the text writes it in another way)."""
    quoted = re.escape(json.dumps(value, ensure_ascii=False)) if isinstance(value, str) else ""
    for pattern in (rf'"{keyword}"\s*:\s*(?:\[[^\]]*?)?{quoted}', quoted, f'"{keyword}"'):
        match = re.search(pattern, text) if pattern else None
        if match:
            return position_of(text, match.end(), "").line
    return 1


def check_terms(path: Path, text: str, graph: Graph) -> None:
    """InputError for the first IRI, literal or blank node label of `graph` holding a
    character the policy refuses (the file holds none raw, so it was written as an escape:
    \\u202E, say)."""
    # each term once (a subject recurs in every triple about it), in the graph's order
    for term in dict.fromkeys(term for triple in graph for term in triple):
        if isinstance(term, Literal) and term.datatype is not None:
            _check_value(path, text, str(term.datatype), "a datatype IRI")
        _check_value(path, text, str(term), "an IRI" if isinstance(term, URIRef) else
                     "a literal" if isinstance(term, Literal) else "a blank node label")


def _check_value(path: Path, text: str, value: str, kind: str) -> None:
    found = refused(value)
    if found:
        raise InputError([_problem(path, text, value, found.start(), kind)])


def _problem(path: Path, text: str, value: str, index: int, kind: str):
    char = value[index]
    code = ord(char)
    forms = [f"\\u{code:04x}", f"\\U{code:08x}"] if code < 0x10000 else [f"\\U{code:08x}"]
    if code >= 0x10000:  # JSON writes it as a surrogate pair
        high, low = divmod(code - 0x10000, 0x400)
        forms.append(f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}")
    forms += {"\t": ["\\t"], "\n": ["\\n"], "\r": ["\\r"], "\b": ["\\b"],
              "\f": ["\\f"]}.get(char, [])
    at = -1
    for form in forms:
        match = re.search(re.escape(form), text, re.IGNORECASE)
        if match:
            at = match.start()
            break
    else:
        before = value[:index][-30:]
        at = text.find(before) if before else -1
    line = position_of(text, at, "").line if at >= 0 else 1
    shown = value[:index][-40:]
    return fail(Position(str(path), line),
                f"{kind} holds the character {describe(char)} after {shown!r}", FIX).problems[0]
