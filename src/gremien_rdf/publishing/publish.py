"""Upload a build to a SPARQL 1.1 Graph Store Protocol server: one named graph, replaced.

The dumps and the metadata (gremien.nt, vocabularies.ttl, ontology.ttl, void.ttl,
catalog.ttl) go up as one N-Triples body in one PUT, so that the server replaces the graph
in one step: a request that fails leaves the graph as it was. Before the upload every file
is checked against SHA256SUMS (only a complete build goes up); after it, the graph is read
back and its triples counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from gremien_rdf.digests import sha256
from gremien_rdf.errors import Position, command, fail, option, record_written
from gremien_rdf.publishing.distributions import CATALOG, CHECKSUMS, VOID_FILE
from gremien_rdf.publishing.files import read_sums
from gremien_rdf.remote.client import Server, remote_failure
from gremien_rdf.remote.urls import check_graph_iri, with_parameter

#: the files that go up, in this order
UPLOADED = ("gremien.nt", "vocabularies.ttl", "ontology.ttl", VOID_FILE, CATALOG)
DCAT_DATASET = "http://www.w3.org/ns/dcat#Dataset"


@dataclass(frozen=True)
class Published:
    url: str
    graph: str
    triples: int
    on_server: int
    files: tuple[str, ...]


def verified_files(dist: Path) -> dict[str, bytes]:
    """The files of a build, each checked against SHA256SUMS; InputError if one is off."""
    sums = dist / CHECKSUMS
    if not sums.is_file():
        raise fail(None, f"{dist} has no {CHECKSUMS}: it is not a build of gremien-rdf",
                   f"run {command('build')} first, or pass {option('dist')} with the built folder")
    files: dict[str, bytes] = {}
    for number, (name, digest) in enumerate(read_sums(sums).items(), start=1):
        where = Position(str(sums), number)
        if "/" in name:
            raise fail(where, f"{name}: a build lists only the files at its top",
                       f"run {command('build')} again")
        path = dist / name
        if not path.is_file():
            raise fail(where, f"{name} is missing from {dist}", f"run {command('build')} again")
        data = path.read_bytes()
        if sha256(data) != digest:
            raise fail(where, f"{name} does not match its checksum: it changed after the "
                       "build, or the build was not complete", f"run {command('build')} again")
        files[name] = data
    missing = [name for name in UPLOADED if name not in files]
    if missing:
        raise fail(Position(str(sums), 1), f"the build lacks {', '.join(missing)}",
                   f"run {command('build')} with this version of gremien-rdf")
    return files


def uploaded_triples(files: dict[str, bytes]) -> set:
    """The triples of the uploaded files, parsed once (pyoxigraph)."""
    import pyoxigraph as ox

    triples: set = set()
    for name in UPLOADED:
        fmt = ox.RdfFormat.from_extension(name.rsplit(".", 1)[1])
        assert fmt is not None, f"UPLOADED names {name}, a file pyoxigraph cannot parse"
        try:
            triples.update(quad.triple for quad in ox.parse(files[name], format=fmt))
        except SyntaxError as error:
            raise fail(None, f"{name} of the build is not valid {fmt.name}: {error}",
                       f"run {command('build')} again") from None
    return triples


def payload(triples: set) -> tuple[bytes, int]:
    """The triples as one sorted N-Triples document, and their number."""
    lines = sorted(f"{triple} .\n" for triple in triples)
    return "".join(lines).encode("utf-8"), len(lines)


def dataset_iri(triples: set) -> str:
    """The IRI of the dataset that catalog.ttl describes."""
    for triple in triples:
        if triple.predicate.value.endswith("#type") and triple.object.value == DCAT_DATASET:
            return triple.subject.value
    raise fail(None, "catalog.ttl describes no dcat:Dataset", f"run {command('build')} again")


def graph_url(endpoint: str, graph: str) -> str:
    """The Graph Store Protocol URL of one named graph (indirect identification)."""
    return with_parameter(endpoint, "graph", graph)


#: the formats a graph may come back in: those without entities to expand (RDF/XML's can
#: blow up a small answer in memory) or nesting to recurse into
READ_BACK = {"application/n-triples": "N_TRIPLES", "text/plain": "N_TRIPLES",
             "application/n-quads": "N_QUADS", "text/turtle": "TURTLE",
             "application/trig": "TRIG"}


#: a quoted literal of N-Triples or Turtle (short form)
_LITERAL = re.compile(rb'"(?:[^"\\\n]|\\.)*"')


def count_triples(body: bytes, content_type: str) -> int:
    """The number of triples in a graph as the server sent it back (asked for as
    N-Triples); RemoteError for an answer in another form, or holding triple terms
    (RDF-star, which gremien-rdf never uploads: deep nesting of them crashes the parser)."""
    import pyoxigraph as ox

    media_type = content_type.split(";")[0].strip().lower() or "application/n-triples"
    if media_type not in READ_BACK:
        raise remote_failure(f"the server sent the graph as {media_type!r}, not as the "
                             "N-Triples asked for", "check that the URL is the server's Graph "
                             "Store Protocol URL")
    if b"<<" in _LITERAL.sub(b'""', body):  # a << inside a literal is text
        raise remote_failure("the graph the server sent back holds triple terms (<< … >>), "
                             "which gremien-rdf never uploads",
                             "another client may have written to the graph; publish again")
    try:
        return len({quad.triple for quad in
                    ox.parse(body, format=getattr(ox.RdfFormat, READ_BACK[media_type]))})
    except SyntaxError as error:
        raise remote_failure(f"the server sent the graph as {media_type}, but it is not: "
                             f"{error}",
                             "check that the URL is the server's Graph Store Protocol "
                             "URL") from None


def publish(dist: Path, endpoint: str, graph: str | None, server: Server) -> Published:
    """Replace `graph` (default: the dataset's IRI) on the Graph Store at `endpoint` by the
    build in `dist`; read it back and count its triples."""
    parsed = uploaded_triples(verified_files(dist))
    graph = graph or dataset_iri(parsed)
    check_graph_iri(graph)
    url = graph_url(endpoint, graph)
    body, triples = payload(parsed)
    server.request("PUT", url, body, {"Content-Type": "application/n-triples"},
                   what="the graph store")
    record_written(f"the graph <{graph}> on the server")
    answer = server.request("GET", url, headers={"Accept": "application/n-triples"},
                            what="the graph store")
    on_server = count_triples(answer.body, answer.content_type)
    if on_server != triples:
        raise remote_failure(f"the server holds {on_server:,} triples in <{graph}> after the "
                             f"upload of {triples:,}",
                             "another client may have written to the graph, or the server "
                             "cuts its answers short (Virtuoso: ResultSetMaxRows in "
                             "virtuoso.ini); publish again")
    return Published(endpoint, graph, triples, on_server, UPLOADED)
