"""The published files: same graph in three formats, stable bytes, diff-friendly Turtle."""

from __future__ import annotations

import difflib
import json
import os
import stat
import subprocess
import sys

import pytest
import yaml
from conftest import BASE, CURATED
from pyld import jsonld
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from gremien_rdf.api import DIST_FILES, build
from gremien_rdf.publishing.files import MANIFEST
from gremien_rdf.rdf.serialize import serialize


def test_build_writes_every_file(dist):
    assert sorted(p.name for p in dist.iterdir()) == sorted([*DIST_FILES, "site", MANIFEST])


@pytest.mark.slow
def test_two_builds_are_byte_identical(dist, tmp_path):
    build(None, tmp_path, BASE)
    for name in DIST_FILES:
        assert (tmp_path / name).read_bytes() == (dist / name).read_bytes(), name


def test_three_serialisations_are_the_same_graph(dist, graph):
    turtle = Graph().parse(dist / "gremien.ttl")
    ntriples = Graph().parse(dist / "gremien.nt")
    json_ld = Graph().parse(dist / "gremien.jsonld", format="json-ld")
    # a second JSON-LD processor, independent of rdflib
    document = json.loads((dist / "gremien.jsonld").read_text("utf-8"))
    by_pyld = Graph().parse(data=jsonld.to_rdf(document, {"format": "application/n-quads"}),
                            format="nt")
    for parsed in (turtle, ntriples, json_ld, by_pyld):
        assert len(parsed) == len(graph)
        assert isomorphic(parsed, graph)


def test_json_ld_has_one_object_per_body_with_its_parts_inside(dist):
    document = json.loads((dist / "gremien.jsonld").read_text("utf-8"))
    published_context = json.loads((dist / "context.jsonld").read_text("utf-8"))
    embedded = dict(document["@context"])
    assert embedded.pop("@base") == BASE
    assert embedded == published_context["@context"]  # published without @base
    bodies = [node for node in document["@graph"] if node.get("type") == "Body"]
    assert len(bodies) == 44
    saarland = next(b for b in bodies if b["identifier"] == "sl-jour-fixe")
    assert saarland["name"] == "Jour Fixe"
    assert saarland["land"] == "land/DE-SL"
    assert saarland["frequency"] == "turnus/mehrmals-jaehrlich"
    fbs = next(p for p in saarland["participations"] if p["actor"] == "akteur/fbs")
    assert fbs["status"] == "teilnahmestatus/anlassbezogen"
    assert saarland["derivedFrom"]["row"] == 39
    assert saarland["derivedFrom"]["participantsText"] == (
        "Landesministerien, Kommunen, Polizei, (anlassbezogen: FBS)")
    others = [node["type"] for node in document["@graph"] if node.get("type") != "Body"]
    assert sorted(map(str, others)) == [
        "Organization", "OrganizationalUnit", "SourceTable", "['BibliographicResource', 'Report']"]


def _blocks(turtle: str) -> list[tuple[int, int, str]]:
    """(first line, last line, subject) of each subject block."""
    lines = turtle.splitlines()
    blocks, start = [], None
    for number, line in enumerate(lines):
        if line.startswith("<") and start is None:
            start = number
        if line.endswith(" .") and start is not None and not line.startswith("@"):
            blocks.append((start, number, lines[start]))
            start = None
    return blocks


@pytest.mark.slow
def test_turtle_change_of_one_body_changes_only_its_lines(tmp_path, dist):
    data = yaml.safe_load(CURATED.read_text("utf-8"))
    body = next(b for b in data["bodies"] if b["id"] == "sl-jour-fixe")
    body["frequency"] = "Einmal jährlich"
    body["participants"].append("Zoll")
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    build(changed, tmp_path / "out", BASE)
    before = (dist / "gremien.ttl").read_text("utf-8")
    after = (tmp_path / "out" / "gremien.ttl").read_text("utf-8")
    blocks = _blocks(after)
    diff = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    touched = set()
    for tag, _, _, j1, j2 in diff.get_opcodes():
        if tag == "equal":
            continue
        for line in range(j1, max(j2, j1 + 1)):
            subject = next((s for a, b, s in blocks if a <= line <= b + 1), None)
            touched.add(subject)
    assert touched and all(s.startswith("<gremium/sl-jour-fixe") for s in touched), touched


def test_turtle_groups_each_body_with_its_own_nodes(dist):
    subjects = [s for _, _, s in _blocks((dist / "gremien.ttl").read_text("utf-8"))]
    bodies = [s for s in subjects if s.count("/") == 1 and s.startswith("<gremium/")]
    assert len(bodies) == 44
    for index, subject in enumerate(subjects):
        if subject.startswith("<gremium/") and subject.count("/") > 1:
            owner = subject.split("/")[1]
            previous_body = next(s for s in reversed(subjects[:index]) if s.count("/") == 1)
            assert previous_body == f"<gremium/{owner}>"


@pytest.mark.slow
def test_builds_in_separate_processes_are_byte_identical(tmp_path):
    """Different hash seeds must not change a byte (set and dict order)."""
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "gremien_rdf", "build", "--output",
                        str(tmp_path / seed)], env=env, check=True, capture_output=True)
    for name in DIST_FILES:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_published_files_are_readable_by_everyone(dist):
    umask = os.umask(0)
    os.umask(umask)
    for name in DIST_FILES:
        assert stat.S_IMODE((dist / name).stat().st_mode) == 0o666 & ~umask, name


def test_line_separators_in_a_literal_keep_n_triples_one_triple_per_line():
    graph = Graph()
    graph.add((URIRef(BASE + "a"), RDFS.label, Literal("eins\u2028zwei\x85drei\x0cvier")))
    graph.add((URIRef(BASE + "b"), RDFS.label, Literal("fünf")))
    text = serialize(graph, "nt", BASE).decode("utf-8")
    assert text.count("\n") == 2
    assert isomorphic(Graph().parse(data=text, format="nt"), graph)
