"""One schema.org namespace in everything gremien-rdf publishes: https://schema.org/.

The dumps, the ontology and context.jsonld have always used https://schema.org/ (the
canonical term IRIs of schema.org since its version 12). The website's embedded JSON-LD
used schema.org's remote context, which maps its terms to http://schema.org/, so the same
property had two IRIs. This test reads every output, expands the embedded JSON-LD, and
collects every schema.org IRI it finds.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld
from rdflib import Graph, Literal, URIRef

SCHEMA_ORG = re.compile(r"^https?://(www\.)?schema\.org/")
PUBLISHED = "https://schema.org/"
#: schema.org's remote context, as pages might name it. It cannot be fetched here (no
#: network); schema.org serves it with "@vocab": "http://schema.org/" and every term as
#: schema:Term with "schema": "http://schema.org/" (schemaorg/schemaorg issues 2853, 2886),
#: so that mapping stands in for it: a page that names it expands to http://schema.org/
#: IRIs here, as it does for every JSON-LD processor that loads the real one.
SCHEMA_ORG_CONTEXTS = {"http://schema.org", "http://schema.org/", "https://schema.org",
                       "https://schema.org/"}
REMOTE_STAND_IN = {"@context": {"@vocab": "http://schema.org/"}}


def load_document(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld's document loader for these tests: schema.org's context by its documented
    mapping; any other remote document is an error (the pages must not need one)."""
    if url in SCHEMA_ORG_CONTEXTS:
        return {"contentType": "application/ld+json", "contextUrl": None,
                "documentUrl": url, "document": REMOTE_STAND_IN}
    raise AssertionError(f"the embedded JSON-LD loads a remote document: {url}")


def schema_org_iris_of_graph(graph: Graph) -> set[str]:
    iris = set()
    for triple in graph:
        for term in triple:
            if isinstance(term, Literal) and term.datatype is not None:
                term = term.datatype
            if isinstance(term, URIRef) and SCHEMA_ORG.match(str(term)):
                iris.add(str(term))
    return iris


def schema_org_iris_of_json(value: Any) -> set[str]:
    """Every key and string in `value` that is a schema.org IRI."""
    if isinstance(value, dict):
        return set().union(*(schema_org_iris_of_json(k) | schema_org_iris_of_json(v)
                             for k, v in value.items()), set())
    if isinstance(value, list):
        return set().union(*(schema_org_iris_of_json(v) for v in value), set())
    return {value} if isinstance(value, str) and SCHEMA_ORG.match(value) else set()


class Scripts(HTMLParser):
    """The <script type="application/ld+json"> blocks of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inside = tag == "script" and ("type", "application/ld+json") in attrs
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks[-1] += data


def embedded_json_ld(page: Path) -> list[Any]:
    scripts = Scripts()
    scripts.feed(page.read_text("utf-8"))
    return [json.loads(block) for block in scripts.blocks]


def namespaces(iris: set[str]) -> set[str]:
    return {SCHEMA_ORG.match(iri).group(0) for iri in iris}  # type: ignore[union-attr]


RDF_OUTPUTS = {"gremien.ttl": "turtle", "gremien.nt": "nt", "gremien.jsonld": "json-ld",
               "ontology.ttl": "turtle", "vocabularies.ttl": "turtle", "catalog.ttl": "turtle",
               "void.ttl": "turtle"}


@pytest.fixture(scope="module")
def found(dist) -> dict[str, set[str]]:
    """Output → the schema.org IRIs in it."""
    result = {name: schema_org_iris_of_graph(Graph().parse(dist / name, format=fmt))
              for name, fmt in RDF_OUTPUTS.items()}
    result["context.jsonld"] = schema_org_iris_of_json(
        json.loads((dist / "context.jsonld").read_text("utf-8")))
    site = dist / "site"
    for page in sorted(site.rglob("*.html")):
        for number, document in enumerate(embedded_json_ld(page)):
            expanded = jsonld.expand(document, {"documentLoader": load_document})
            result[f"site/{page.relative_to(site)} (JSON-LD {number + 1})"] = (
                schema_org_iris_of_json(expanded))
    for resource in sorted(site.rglob("*.ttl")):
        result[f"site/{resource.relative_to(site)}"] = schema_org_iris_of_graph(
            Graph().parse(resource, format="turtle"))
    return result


def test_every_output_uses_one_schema_org_namespace(found):
    wrong = {name: sorted(iris) for name, iris in found.items()
             if namespaces(iris) - {PUBLISHED}}
    assert wrong == {}


def test_the_check_sees_schema_org_where_it_is_used(found):
    """Not vacuous: the dumps, the ontology, the context and every page with embedded
    JSON-LD do use schema.org."""
    for name in ("gremien.ttl", "gremien.nt", "gremien.jsonld", "ontology.ttl",
                 "context.jsonld"):
        assert namespaces(found[name]) == {PUBLISHED}, name
    embedded = {name: iris for name, iris in found.items() if "(JSON-LD" in name}
    assert len(embedded) >= 2 * 44 + 2  # a body page per body and language, the two indexes
    assert all(iris for iris in embedded.values())
    index = found["site/index.html (JSON-LD 1)"]
    assert {PUBLISHED + "Dataset", PUBLISHED + "DataDownload", PUBLISHED + "license"} <= index


def test_a_page_with_schema_org_s_remote_context_would_be_caught():
    """The regression this guards against: schema.org's own context expands to http."""
    page = {"@context": "https://schema.org", "@type": "Organization", "name": "x"}
    iris = schema_org_iris_of_json(jsonld.expand(page, {"documentLoader": load_document}))
    assert iris == {"http://schema.org/Organization", "http://schema.org/name"}
    assert namespaces(iris) - {PUBLISHED}
