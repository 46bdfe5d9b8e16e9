"""GovData's DCAT-AP.de 3.0 profile (v30_de_spec) as GovData's validator combines it, read
from ../shared (see shared_files.py), and SHACL results counted by severity, path and
constraint component. Used by test_metadata.py (pySHACL) and test_topbraid.py (TopBraid
SHACL)."""

from __future__ import annotations

from collections import Counter

from rdflib import Graph
from rdflib.namespace import RDF, SH
from shared_files import dcat_ap_de_file

#: the shapes of GovData's profile v30_de_spec, in ../shared/dcat-ap-de-shacl
GOVDATA_SHAPES = ("semic-dcat-ap-3.0.0-SHACL.ttl", "dcat-ap-SHACL-DE.ttl",
                  "dcat-ap-de-controlledvocabularies.ttl", "dcat-ap-de-deprecated.ttl",
                  "dcat-ap-spec-german-additions.ttl")


def govdata_shapes() -> Graph:
    shapes = Graph()
    for name in GOVDATA_SHAPES:
        shapes.parse(dcat_ap_de_file(name), format="turtle")
    return shapes


def govdata_data(metadata: Graph) -> Graph:
    """The metadata with GovData's licence list, which the shapes check licences against."""
    return metadata + Graph().parse(dcat_ap_de_file("dcat-ap-de-licenses-open.rdf"),
                                    format="xml")


def findings(results: Graph) -> Counter[tuple[str, str, str]]:
    """(severity, path, constraint component) of every result, counted."""
    def local(term: object) -> str:
        return str(term).rsplit("#", 1)[-1]

    return Counter((local(results.value(r, SH.resultSeverity)),
                    str(results.value(r, SH.resultPath)),
                    local(results.value(r, SH.sourceConstraintComponent)))
                   for r in results.subjects(RDF.type, SH.ValidationResult))
