"""The addresses gremien-rdf sends to: a URL checked before any request, a query parameter
added, a graph IRI checked."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from gremien_rdf.errors import fail, option
from gremien_rdf.remote.secrets import (
    PASSWORD_VAR,
    USER_VAR,
    redact,
)


def check_url(url: str) -> None:
    """An InputError (exit 2) for a URL we cannot use."""
    from gremien_rdf.rdf.names import check_iri

    problem = check_iri(url)
    if not problem and not url.isascii():
        problem = "it contains characters that are not ASCII; percent-encode them"
    if not problem:
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
        except ValueError as error:
            problem = str(error)
        else:
            if parts.fragment or "#" in url:
                problem = "it has a fragment (#…), which is never sent to a server"
    if problem:
        raise fail(None, f"the URL {redact(url)!r} cannot be used: {problem}",
                   "pass the full URL of the server, e.g. http://localhost:7878/store")
    if urlsplit(url).username is not None:
        raise fail(None, f"the URL {redact(url)} carries credentials",
                   f"remove user:password@ from it; set {USER_VAR} and {PASSWORD_VAR}, or use "
                   "~/.netrc")


def with_parameter(url: str, name: str, value: str) -> str:
    """`url` with the query parameter `name`=`value` added; InputError if it has it already."""
    check_url(url)
    parts = urlsplit(url)
    if any(key in (name, "graph", "default", "default-graph-uri", "named-graph-uri")
           for key, _ in parse_qsl(parts.query, keep_blank_values=True)):
        raise fail(None, f"the URL {redact(url)} already names a graph in its query string",
                   f"leave it out of the URL and give the graph with {option('graph')}")
    query = f"{parts.query}&" if parts.query else ""
    return urlunsplit(parts._replace(query=query + urlencode({name: value})))


IRI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def check_graph_iri(graph: str) -> None:
    """An InputError unless `graph` is an absolute IRI (http, https, urn, …)."""
    from gremien_rdf.rdf.names import IRI_FORBIDDEN

    if not IRI_SCHEME.match(graph) or IRI_FORBIDDEN.search(graph) or "#" in graph:
        raise fail(None, f"{option('graph')} {graph!r} is not an absolute IRI without a fragment",
                   "give one such as https://example.org/graph/gremien or urn:x-gremien:1")
