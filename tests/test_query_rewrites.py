"""The SPARQL rewritten to run in time linear in the number of bodies (#14) returns the rows
of the text it replaced, in pyoxigraph (which evaluates every constraint once, with $this
free): on the real register, on a synthetic register of 300 bodies (bench/generate.py)
with faults put in where the rewritten queries look, so that each fires across bodies,
and on every case of the shape corpus. The old texts live only here.

That pySHACL, Jena and TopBraid give the shapes' new texts the results they gave the old
ones is what test_shapes.py, test_jena.py and test_topbraid.py check on the shape corpus.
"""

from __future__ import annotations

import random
import runpy
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml
from conftest import BASE, CURATED, ROOT
from rdflib import Graph, Literal
from rdflib.namespace import PROV, SKOS
from shapes_cases import CASES, read_case, vocabulary_graph

from gremien_rdf.queries.run import substitute
from gremien_rdf.queries.stored import find_query, read_query
from gremien_rdf.rdf.namespaces import GMH, ORG
from gremien_rdf.rdf.oxigraph import store_of
from gremien_rdf.source.register import load_converted
from gremien_rdf.validation.engine import _prefixes, _sparql_constraints, shapes_graph
from gremien_rdf.validation.validate import validation_graph

#: the SHACL-SPARQL constraints as they were (the shapes' sh:select), by shape
OLD_SHAPES = {
    "ParticipationsMatch": """
SELECT $this ?value ?path WHERE {
    {
        $this gmh:participantType ?value .
        FILTER NOT EXISTS { $this gmh:participation/org:role ?value }
        BIND (gmh:participantType AS ?path)
    } UNION {
        $this gmh:participation/org:role ?value .
        FILTER NOT EXISTS { $this gmh:participantType ?value }
        BIND (gmh:participation AS ?path)
    } UNION {
        $this gmh:participation ?value .
        ?value org:organization ?other .
        FILTER (?other != $this)
        BIND (gmh:participation AS ?path)
    }
}
""",
    "FocusMatch": """
SELECT $this ?value ?path WHERE {
    {
        $this gmh:focus ?value .
        FILTER NOT EXISTS { $this gmh:focusAssignment/gmh:focusArea ?value }
        BIND (gmh:focus AS ?path)
    } UNION {
        $this gmh:focusAssignment/gmh:focusArea ?value .
        FILTER NOT EXISTS { $this gmh:focus ?value }
        BIND (gmh:focusAssignment AS ?path)
    }
}
""",
    "UniqueSourceRow": """
SELECT $this ?value (prov:wasDerivedFrom AS ?path) WHERE {
    $this prov:wasDerivedFrom ?value .
    ?value dcterms:isPartOf ?table ; gmh:rowNumber ?row .
    ?other prov:wasDerivedFrom ?otherEntry .
    ?otherEntry dcterms:isPartOf ?table ; gmh:rowNumber ?row .
    FILTER (?other != $this)
}
""",
}

PREFIXES = """PREFIX gmh: <https://w3id.org/gremien-rdf/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
"""

#: the stored checks as they were
OLD_CHECKS = {
    "title-twice-in-land": PREFIXES + """SELECT ?this ?value (skos:prefLabel AS ?path) WHERE {
  ?this a gmh:Body ; gmh:land ?land ; skos:prefLabel ?value .
  ?other a gmh:Body ; gmh:land ?land ; skos:prefLabel ?value .
  FILTER (?other != ?this)
}
""",
}

#: the stored queries as they were ($lang bound; body-profile's $body left free, all bodies)
OLD_QUERIES = {
    "municipal-bodies": PREFIXES + """SELECT ?body ?title ?landLabel ?place WHERE {
  ?body gmh:level ?level ; skos:prefLabel ?title ; gmh:land ?land .
  FILTER (STRENDS(STR(?level), "/ebene/kommunal-regional"))
  OPTIONAL { ?body gmh:place ?place }
  ?land skos:prefLabel ?landLabel .
  FILTER (LANG(?landLabel) = $lang)
}
ORDER BY ?landLabel ?place ?title
""",
    "qualified-participation": PREFIXES + """SELECT ?body ?title ?actorLabel ?statusLabel WHERE {
  ?body gmh:participation ?participation ; skos:prefLabel ?title .
  ?participation gmh:status ?status ; org:role ?actor .
  ?status skos:prefLabel ?statusLabel .
  ?actor skos:prefLabel ?actorLabel .
  FILTER (LANG(?statusLabel) = $lang && LANG(?actorLabel) = $lang)
}
ORDER BY ?title ?actorLabel
""",
    "body-profile": PREFIXES + """PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?title ?landLabel ?levelLabel ?frequencyLabel ?focusLabel ?actorLabel ?statusLabel
       ?row WHERE {
  $body skos:prefLabel ?title ; gmh:land ?land ; gmh:level ?level ; gmh:frequency ?frequency ;
        gmh:focus ?focus ; gmh:participation ?participation ; prov:wasDerivedFrom ?entry .
  ?participation org:role ?actor .
  OPTIONAL { ?participation gmh:status ?status . ?status skos:prefLabel ?statusLabel .
             FILTER (LANG(?statusLabel) = $lang) }
  ?entry gmh:rowNumber ?row .
  ?land skos:prefLabel ?landLabel . ?level skos:prefLabel ?levelLabel .
  ?frequency skos:prefLabel ?frequencyLabel . ?focus skos:prefLabel ?focusLabel .
  ?actor skos:prefLabel ?actorLabel .
  FILTER (LANG(?landLabel) = $lang && LANG(?levelLabel) = $lang && LANG(?frequencyLabel) = $lang
          && LANG(?focusLabel) = $lang && LANG(?actorLabel) = $lang)
}
ORDER BY ?focusLabel ?actorLabel
""",
    "actor-co-occurrence": PREFIXES + """\
SELECT ?aLabel ?bLabel (COUNT(DISTINCT ?body) AS ?bodies) WHERE {
  ?body gmh:participantType/skos:broader* ?a , ?b .
  FILTER (STR(?a) < STR(?b))
  FILTER NOT EXISTS { ?a skos:broader+ ?above . FILTER (?above = ?b) }
  FILTER NOT EXISTS { ?b skos:broader+ ?above . FILTER (?above = ?a) }
  ?a skos:prefLabel ?aLabel . ?b skos:prefLabel ?bLabel .
  FILTER (LANG(?aLabel) = $lang && LANG(?bLabel) = $lang)
}
GROUP BY ?aLabel ?bLabel
ORDER BY DESC(?bodies) ?aLabel ?bLabel
""",
}


def shape_texts() -> dict[str, tuple[str, str]]:
    """(old, new) query text of each rewritten shape constraint, with the shapes' prefixes."""
    shapes = shapes_graph(BASE)
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in _prefixes(shapes).items())
    new = {str(item.shape).rsplit("#", 1)[-1]: item.query
           for item in _sparql_constraints(shapes)}
    return {name: (prologue + old, prologue + new[name]) for name, old in OLD_SHAPES.items()}


def check_texts() -> dict[str, tuple[str, str]]:
    return {name: (old, read_query(ROOT / "queries" / "checks" / f"{name}.rq").text)
            for name, old in OLD_CHECKS.items()}


def query_texts(lang: str) -> dict[str, tuple[str, str]]:
    return {name: tuple(substitute(text, {"lang": f'"{lang}"'})  # type: ignore[misc]
                        for text in (old, find_query(name).text))
            for name, old in OLD_QUERIES.items()}


@cache
def every_text() -> dict[str, tuple[str, str]]:
    return {**shape_texts(), **check_texts(),
            **{f"{name} ({lang})": texts for lang in ("de", "en")
               for name, texts in query_texts(lang).items()}}


def rows(store, text: str) -> Counter:
    """The solutions of `text` as a multiset of rows (each a tuple of term strings)."""
    solutions = store.query(text)
    names = [v.value for v in solutions.variables]
    return Counter(tuple(None if s[n] is None else str(s[n]) for n in names)
                   for s in solutions)


def converted(register: dict, tmp_path) -> Graph:
    source = tmp_path / "register.yaml"
    source.write_text(yaml.safe_dump(register, allow_unicode=True, sort_keys=False), "utf-8")
    _, vocabularies, conversion = load_converted(source, BASE)
    return validation_graph(conversion.graph, vocabularies.graph)


def with_faults(graph: Graph, seed: int = 14) -> Graph:
    """`graph` with faults where the rewritten queries look, at bodies drawn at random:
    participations and focus assignments that disagree with the lists, a participation of
    another body, source rows and titles shared with another body (in its Land or not),
    places removed."""
    draw = random.Random(seed)
    bodies = sorted(graph.subjects(GMH.land, None))
    for body in draw.sample(bodies, 12):  # a listed type without its participation
        participation = min(graph.objects(body, GMH.participation))
        graph.remove((participation, ORG.role, None))
    for body in draw.sample(bodies, 12):  # a participation whose type is not listed
        graph.remove((body, GMH.participantType, min(graph.objects(body, GMH.participantType))))
    for body, other in zip(draw.sample(bodies, 6), draw.sample(bodies, 6), strict=True):
        graph.set((min(graph.objects(body, GMH.participation)), ORG.organization, other))
    for body in draw.sample(bodies, 12):  # a focus without its assignment, and the reverse
        graph.remove((min(graph.objects(body, GMH.focusAssignment)), GMH.focusArea, None))
    for body in draw.sample(bodies, 12):
        graph.remove((body, GMH.focus, min(graph.objects(body, GMH.focus))))
    for body, other in zip(draw.sample(bodies, 10), draw.sample(bodies, 10), strict=True):
        row = graph.value(graph.value(other, PROV.wasDerivedFrom), GMH.rowNumber)
        graph.set((graph.value(body, PROV.wasDerivedFrom), GMH.rowNumber, row))
    by_land: dict = {}
    for body in bodies:
        by_land.setdefault(graph.value(body, GMH.land), []).append(body)
    for members in by_land.values():
        if len(members) > 2:  # same title in the same Land, and in another one
            graph.set((members[1], SKOS.prefLabel, graph.value(members[0], SKOS.prefLabel)))
    for body in draw.sample(bodies, 10):
        graph.set((body, SKOS.prefLabel, Literal(f"Gemeinsamer Titel {draw.randrange(3)}",
                                                 lang="de")))
    for body in draw.sample(bodies, 20):
        graph.remove((body, GMH.place, None))
    return graph


@cache
def real_store():
    _, vocabularies, conversion = load_converted(CURATED, BASE)
    return store_of(conversion.graph, vocabularies.graph)


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory):
    generate = runpy.run_path(str(ROOT / "bench" / "generate.py"))["generate"]
    graph = converted(generate(300), tmp_path_factory.mktemp("synthetic"))
    return store_of(with_faults(graph))


@pytest.mark.parametrize("name", sorted(every_text()))
def test_same_rows_on_the_real_register(name):
    old, new = every_text()[name]
    assert rows(real_store(), new) == rows(real_store(), old)


@pytest.mark.slow  # converts 300 bodies; the old texts are slow
@pytest.mark.parametrize("name", sorted(every_text()))
def test_same_rows_on_a_synthetic_register_with_faults(name, synthetic_store):
    old, new = every_text()[name]
    found = rows(synthetic_store, old)
    assert found, f"{name} returns nothing here: the faults miss it"
    assert rows(synthetic_store, new) == found


@pytest.mark.slow  # converts 300 bodies; the old texts are slow
def test_the_faults_make_every_rewritten_constraint_fire_for_several_bodies(synthetic_store):
    for name, (old, _) in {**shape_texts(), **check_texts()}.items():
        focus = {row[0] for row in rows(synthetic_store, old)}
        assert len(focus) >= 5, f"{name}: {len(focus)} bodies"


@cache
def case_store(path: Path):
    """A case of the shape corpus as `validate` sees it (data and vocabularies), loaded."""
    data = Graph().parse(path, format="turtle", publicID=BASE)
    if not read_case(path).own_vocabularies:
        data = validation_graph(data, vocabulary_graph())
    return store_of(data)


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_same_rows_on_the_shape_cases(path):
    store = case_store(path)
    for name, (old, new) in {**shape_texts(), **check_texts()}.items():
        assert rows(store, new) == rows(store, old), name


def test_the_shape_cases_make_every_rewritten_constraint_fire():
    fired = set()
    for path in CASES:
        store = case_store(path)
        fired |= {name for name, (old, _) in shape_texts().items() if rows(store, old)}
    assert fired == set(OLD_SHAPES)


def test_the_old_texts_are_no_longer_shipped():
    shipped = {new for _, new in every_text().values()}
    assert not shipped & {old for old, _ in every_text().values()}
