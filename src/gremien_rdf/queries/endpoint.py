"""Asking a SPARQL 1.1 endpoint: the request, and its answer (SPARQL JSON results) read
within the server's limits as it arrives. Apart from run.py, which imports it only for
--endpoint, so that an in-process query starts without the HTTP machinery."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from urllib.parse import urlencode

from gremien_rdf.errors import RemoteError
from gremien_rdf.queries.run import Checked
from gremien_rdf.remote.client import Reader, Server, remote_failure
from gremien_rdf.remote.urls import check_graph_iri, with_parameter


def ask(endpoint: str, text: str, graph: str | None, server: Server | None = None):
    """The solutions of the query `text` from `endpoint` (over its named `graph`, if
    given), the answer read whole, within the server's byte limit."""
    answer = (server or Server()).request("POST", *_endpoint_request(endpoint, text, graph),
                                          what="the endpoint")
    return _results(answer.body)


@contextlib.contextmanager
def asking(endpoint: str, text: str, graph: str | None,
           server: Server | None = None) -> Iterator:
    """Like `ask`, but the answer is parsed while it arrives, within the server's deadline
    and byte limit, so that a large answer never sits in memory whole."""
    with (server or Server()).open("POST", *_endpoint_request(endpoint, text, graph),
                                   what="the endpoint") as answer:
        yield _results(answer)


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
        return Checked(ox.parse_query_results(answer, format=ox.QueryResultsFormat.JSON),
                        (SyntaxError, ValueError, MemoryError), _not_results)
    except (SyntaxError, ValueError, MemoryError) as error:
        raise _not_results(error) from None


def _not_results(error: Exception) -> RemoteError:
    if isinstance(error, MemoryError):
        return remote_failure("the endpoint's answer holds a value too large for this "
                              "machine's memory", "ask for less (a narrower query)")
    return remote_failure(f"the endpoint did not answer with SPARQL JSON results: {error}",
                          "check that the URL is the endpoint's query URL")
