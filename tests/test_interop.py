"""Every file of dist/ read by independent parsers: pyoxigraph, Raptor's rapper, pyld, rdflib.

The files hold no blank nodes, so the parsers must agree triple for triple.
"""

from __future__ import annotations

import json
import subprocess

import pytest
from pyld import jsonld
from pyoxigraph import BlankNode, RdfFormat, parse
from rdflib import Graph
from rdflib.compare import isomorphic
from shared_files import require

from gremien_rdf.api import DIST_FILES

RDF_FILES = sorted(n for n in DIST_FILES if n.endswith((".ttl", ".nt", ".jsonld")))
FORMATS = {".ttl": (RdfFormat.TURTLE, "turtle"), ".nt": (RdfFormat.N_TRIPLES, "ntriples"),
           ".jsonld": (RdfFormat.JSON_LD, None)}


def oxigraph_triples(data: bytes, fmt: RdfFormat) -> set:
    triples = set(parse(data, format=fmt))
    assert not any(isinstance(t, BlankNode) for triple in triples for t in triple)
    return triples


def test_every_rdf_file_is_listed():
    assert RDF_FILES == ["catalog.ttl", "context.jsonld", "gremien.jsonld", "gremien.nt",
                         "gremien.ttl", "ontology.ttl", "vocabularies.ttl", "void.ttl"]


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in RDF_FILES if not n.endswith(".jsonld")])
def test_rapper_and_pyoxigraph_read_the_same_triples(dist, name):
    rapper = require("rapper", "raptor2-utils")
    oxigraph_format, raptor_format = FORMATS["." + name.rsplit(".", 1)[1]]
    ours = oxigraph_triples((dist / name).read_bytes(), oxigraph_format)
    result = subprocess.run([rapper, "--input", raptor_format, "--output", "ntriples",
                             "--quiet", str(dist / name)], capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    theirs = oxigraph_triples(result.stdout, RdfFormat.N_TRIPLES)
    assert len(ours) > 0
    assert theirs == ours


@pytest.mark.parametrize("name", ["gremien.jsonld", "context.jsonld"])
def test_pyld_rdflib_and_pyoxigraph_read_the_same_json_ld(dist, name):
    text = (dist / name).read_text("utf-8")
    expanded = jsonld.to_rdf(json.loads(text), {"format": "application/n-quads"})
    by_pyld = oxigraph_triples(expanded.encode(), RdfFormat.N_TRIPLES)
    by_oxigraph = oxigraph_triples(text.encode(), RdfFormat.JSON_LD)
    assert by_pyld == by_oxigraph
    by_rdflib = Graph().parse(data=text, format="json-ld")
    assert isomorphic(by_rdflib, Graph().parse(data=expanded, format="nt"))
    if name == "gremien.jsonld":
        assert len(by_pyld) == 2078
        turtle = oxigraph_triples((dist / "gremien.ttl").read_bytes(), RdfFormat.TURTLE)
        assert by_pyld == turtle
    else:
        assert by_pyld == set()  # a context alone states nothing


def test_the_three_dumps_and_the_void_count_agree(dist):
    dumps = [oxigraph_triples((dist / n).read_bytes(), FORMATS["." + n.rsplit(".", 1)[1]][0])
             for n in ("gremien.ttl", "gremien.nt", "gremien.jsonld")]
    assert dumps[0] == dumps[1] == dumps[2]
    void = (dist / "void.ttl").read_text("utf-8")
    assert f"void:triples {len(dumps[0])} ;" in void
