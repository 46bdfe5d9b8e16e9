"""Stored checks (queries/checks/*.rq): each one quiet on the real data, each one failing
on an example made for it, reported by `validate` like the shapes."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from conftest import BASE, CURATED, ROOT
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH, SKOS

from gremien_rdf.rdf.namespaces import GMH, GMHCHECK
from gremien_rdf.rdf.vocabularies import load_vocabularies
from gremien_rdf.validation.engine import shacl_report
from gremien_rdf.validation.locate import findings_of
from gremien_rdf.validation.validate import validate_paths, validation_graph

CHECKS = sorted(p.stem for p in (ROOT / "queries" / "checks").glob("*.rq"))
BODY = ROOT / "tests" / "data" / "convert" / "suspended-hyphen" / "expected.ttl"
LEIPZIG = URIRef(BASE + "gremium/sn-arbeitskreis-prostitution-leipzig")


def without_participants() -> tuple[Graph, Graph]:
    data = Graph().parse(BODY)
    data.remove((LEIPZIG, GMH.participantType, None))
    return data, load_vocabularies(BASE).graph


def land_outside_scheme() -> tuple[Graph, Graph]:
    data = Graph().parse(BODY)
    data.set((LEIPZIG, GMH.land, URIRef(BASE + "land/DE-XX")))
    return data, load_vocabularies(BASE).graph


def actor_without_english_label() -> tuple[Graph, Graph]:
    vocabularies = load_vocabularies(BASE).graph
    customs = Literal("Customs", lang="en")
    vocabularies.remove((URIRef(BASE + "akteur/zoll"), SKOS.prefLabel, customs))
    return Graph().parse(BODY), vocabularies


def title_twice() -> tuple[Graph, Graph]:
    data = Graph().parse(BODY)
    other = Graph().parse(data=BODY.read_text("utf-8").replace(
        "sn-arbeitskreis-prostitution-leipzig", "sn-arbeitskreis-prostitution-leipzig-2"),
        format="turtle")
    return data + other, load_vocabularies(BASE).graph


EXAMPLES = {
    "body-without-participant": without_participants,
    "land-outside-scheme": land_outside_scheme,
    "actor-type-without-english-label": actor_without_english_label,
    "title-twice-in-land": title_twice,
}


def test_every_check_has_a_failing_example():
    assert sorted(EXAMPLES) == CHECKS


@pytest.mark.parametrize("name", CHECKS)
def test_check_fails_on_its_example(name):
    data, vocabularies = EXAMPLES[name]()
    graph = validation_graph(data, vocabularies)
    report = shacl_report(graph, BASE, with_checks=True)
    fired = {r for r in report.objects(None, SH.result)
             if report.value(r, SH.sourceShape) == GMHCHECK[name]}
    assert fired, f"{name} did not fire"
    findings = [f for f in findings_of(report, graph, BASE) if f.rule == name]
    assert findings and all(f.message("en") and f.message("de") for f in findings)
    assert all("{?" not in f.message("en") for f in findings)  # placeholders filled in


def test_checks_are_quiet_on_the_real_data():
    rules = {f.rule for f in validate_paths([CURATED], BASE).findings}
    assert not rules & set(CHECKS)


def test_a_check_finding_in_the_yaml_points_to_its_line(tmp_path):
    data = yaml.safe_load(CURATED.read_text("utf-8"))
    twin = dict(copy.deepcopy(data["bodies"][0]), id="by-kooperationsgruppe-opferschutz-2")
    twin["source"] = dict(twin["source"], row=45)
    data["bodies"].append(twin)
    source = tmp_path / "twice.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    findings = [f for f in validate_paths([source], BASE).findings
                if f.rule == "title-twice-in-land"]
    assert {f.body_id for f in findings} == {
        "by-kooperationsgruppe-opferschutz", "by-kooperationsgruppe-opferschutz-2"}
    assert all(f.severity == "warning" for f in findings)
    lines = Path(source).read_text("utf-8").splitlines()
    assert all(lines[f.position.line - 1].strip().startswith("title: Kooperationsgruppe")
               for f in findings)
