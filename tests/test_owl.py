"""The ontology as OWL: in the OWL 2 DL profile alone and together with the vocabularies and
the data (the OWL API's profile checker), loaded and reasoned over by HermiT without
--ignoreUnsupportedDatatypes, every term described in German and English, and a header
that matches the release in publication.yaml."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from conftest import JAVA_FLAGS, ROOT, SETTINGS
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from shared_files import missing, require, require_file

from gremien_rdf.rdf.namespaces import GMH, Iris
from gremien_rdf.resources import ontology_file
from gremien_rdf.settings import load_settings

ONTOLOGY = URIRef(str(GMH)[:-1])
TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDFS.Datatype)
JARS = Path("/usr/share/java")
#: Debian's OWL API 5 (libowlapi-java) and the libraries it loads at run time, all of them
#: installed with that package; rdf4j's jars are added by name below
OWLAPI_JARS = ("owlapi-distribution", "guava", "caffeine", "commons-rdf-api", "commons-io",
               "commons-codec", "jsr305", "hppcrt", "atinject-jsr330-api", "slf4j-api", "xz")
CHECKER = ROOT / "tests" / "java" / "OwlDlProfile.java"

Check = Callable[[Path], tuple[list[str], int]]


@pytest.fixture(scope="module")
def profile_checker(tmp_path_factory) -> Check:
    """tests/java/OwlDlProfile.java, compiled; a function that runs it on one RDF file and
    returns the problems it reports (profile violations and triples that are not OWL) and
    the number of axioms it read."""
    javac = require("javac", "default-jdk-headless")
    java = require("java", "default-jre-headless")
    jars = [require_file(JARS / f"{name}.jar", "libowlapi-java") for name in OWLAPI_JARS]
    rdf4j = sorted(p for p in JARS.glob("rdf4j-*.jar") if not re.search(r"-[0-9.]+\.jar$", p.name))
    if not rdf4j:
        missing(f"no rdf4j jar in {JARS} (Debian package librdf4j-java, which libowlapi-java "
                "needs; .ci/run installs it)")
    classpath = ":".join(str(jar) for jar in (*jars, *rdf4j))
    classes = tmp_path_factory.mktemp("owlapi")
    compiled = subprocess.run([javac, "-cp", classpath, "-d", str(classes), str(CHECKER)],
                              capture_output=True, text=True)
    assert compiled.returncode == 0, compiled.stderr

    def check(path: Path) -> tuple[list[str], int]:
        run = subprocess.run([java, *JAVA_FLAGS, "-cp", f"{classes}:{classpath}", "OwlDlProfile",
                              str(path)], capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr[-3000:]
        *problems, axioms, count = run.stdout.splitlines()
        assert count == f"problems: {len(problems)}", run.stdout[-3000:]
        return problems, int(axioms.removeprefix("axioms: "))

    return check


@pytest.fixture(scope="module")
def published(dist: Path, tmp_path_factory) -> Path:
    """dist/ontology.ttl, vocabularies.ttl and gremien.ttl as one N-Triples file: what a
    user has who loads the three into one ontology (Protégé) or one store."""
    graph = Graph()
    for name in ("ontology.ttl", "vocabularies.ttl", "gremien.ttl"):
        graph.parse(dist / name, format="turtle")
    path = tmp_path_factory.mktemp("owl") / "published.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    return path


@pytest.mark.slow
def test_the_ontology_is_owl2_dl(profile_checker: Check, dist: Path):
    problems, axioms = profile_checker(dist / "ontology.ttl")
    assert problems == [], "\n".join(problems)
    terms = Graph().parse(dist / "ontology.ttl")
    assert axioms > len(set(terms.subjects(RDF.type, None))), "the checker read too little"


@pytest.mark.slow
def test_the_ontology_with_vocabularies_and_data_is_owl2_dl(profile_checker: Check,
                                                            published: Path, dist: Path):
    problems, axioms = profile_checker(published)
    assert problems == [], "\n".join(problems)
    assert axioms > len(Graph().parse(dist / "gremien.ttl")), "the checker read too little"


@pytest.mark.slow
def test_the_profile_checker_reports_what_kept_the_ontology_out_of_owl2_dl(
        profile_checker: Check, tmp_path: Path):
    """What the ontology was like before: a year as xsd:gYear, reused terms undeclared."""
    case = tmp_path / "before.ttl"
    case.write_text(f"""
        @prefix gmh: <{GMH}> .
        @prefix org: <http://www.w3.org/ns/org#> .
        @prefix owl: <{OWL}> .
        @prefix rdfs: <{RDFS}> .
        @prefix xsd: <{XSD}> .
        <{ONTOLOGY}> a owl:Ontology .
        gmh:Body a owl:Class ; rdfs:subClassOf org:Organization .
        gmh:nameSince a owl:DatatypeProperty ; rdfs:domain gmh:Body ; rdfs:range xsd:gYear .
        """, encoding="utf-8")
    problems, _ = profile_checker(case)
    assert len(problems) == 2, problems
    assert any(p.startswith("violation: UseOfUndeclaredDatatype") and "xsd:gYear" in p
               for p in problems), problems
    assert any(p.startswith("violation: UseOfUndeclaredClass") and "org#Organization" in p
               for p in problems), problems


def owlready2() -> ModuleType:
    require("java", "default-jre-headless")
    try:
        import owlready2
    except ImportError:
        missing("owlready2 is not installed (a test dependency: pip install -e '.[dev]')")
    return owlready2


def ntriples(graph_or_path: Graph | Path, path: Path) -> Path:
    graph = graph_or_path if isinstance(graph_or_path, Graph) else Graph().parse(graph_or_path)
    graph.serialize(path, format="nt", encoding="utf-8")
    return path


def hermit(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Loads `path` into owlready2 and has HermiT (the one owlready2 ships) classify it,
    strictly: a datatype outside the OWL 2 datatype map is an error, not ignored. Raises
    owlready2's errors (inconsistent, or HermiT's message); returns the command line that
    owlready2 printed."""
    library = owlready2()
    world = library.World()
    world.get_ontology(path.as_uri()).load()
    capsys.readouterr()
    library.sync_reasoner_hermit(world, ignore_unsupported_datatypes=False, debug=1)
    return capsys.readouterr().err


@pytest.mark.slow
def test_hermit_finds_the_ontology_consistent_without_ignoring_datatypes(
        dist: Path, tmp_path: Path, capsys):
    command = hermit(ntriples(dist / "ontology.ttl", tmp_path / "ontology.nt"), capsys)
    assert "org.semanticweb.HermiT.cli.CommandLine" in command
    assert "--ignoreUnsupportedDatatypes" not in command


@pytest.mark.slow
def test_hermit_finds_ontology_vocabularies_and_data_consistent(published: Path, capsys):
    command = hermit(published, capsys)
    assert "org.semanticweb.HermiT.cli.CommandLine" in command
    assert "--ignoreUnsupportedDatatypes" not in command


@pytest.mark.slow
def test_hermit_refuses_a_year_as_gyear(dist: Path, tmp_path: Path, capsys):
    """The check above is strict: the year as the data wrote it before stops HermiT."""
    library = owlready2()
    graph = Graph().parse(dist / "ontology.ttl")
    body = URIRef("https://w3id.org/gremien-rdf/gremium/he-runder-tisch-menschenhandel")
    graph.add((body, RDF.type, GMH.Body))
    graph.add((body, GMH.nameSince, Literal("2024", datatype=XSD.gYear)))
    with pytest.raises(library.OwlReadyJavaError, match="not part of the OWL 2 datatype map"):
        hermit(ntriples(graph, tmp_path / "gyear.nt"), capsys)


def test_every_term_has_label_definition_and_comment_in_german_and_english():
    ontology = Graph().parse(ontology_file())
    terms = {s for kind in TERM_KINDS for s in ontology.subjects(RDF.type, kind)
             if str(s).startswith(str(GMH))}
    assert len(terms) >= 40
    for term in sorted(terms):
        assert (term, RDFS.isDefinedBy, ONTOLOGY) in ontology, term
        for predicate in (RDFS.label, SKOS.definition, RDFS.comment):
            languages = sorted(str(v.language) for v in ontology.objects(term, predicate))
            assert languages == ["de", "en"], (term, predicate, languages)


def test_years_are_integers_in_the_ontology():
    ontology = Graph().parse(ontology_file())
    assert (GMH.Year, OWL.equivalentClass, XSD.integer) in ontology
    for prop in (GMH.nameSince, GMH.usedUntil, GMH.since):
        assert set(ontology.objects(prop, RDFS.range)) == {GMH.Year}, prop
    assert (None, None, XSD.gYear) not in ontology


def test_the_header_is_that_of_the_release(dist: Path):
    """Version and dates are the release's (publication.yaml), licence and publisher the
    dataset's, the creator the copyright holder of LICENSE; change them together."""
    settings = load_settings(SETTINGS)
    ontology = Graph().parse(ontology_file())

    def value(predicate: URIRef) -> object:
        return ontology.value(ONTOLOGY, predicate)

    fix = "in ontology/gremien.ttl to match publication.yaml"
    assert value(OWL.versionInfo) == Literal(settings.version), f"set owl:versionInfo {fix}"
    assert value(OWL.versionIRI) == URIRef(f"{ONTOLOGY}/{settings.version}"), \
        f"set owl:versionIRI {fix}"
    assert value(DCTERMS.issued) == Literal(settings.issued), f"set dcterms:issued {fix}"
    assert value(DCTERMS.modified) == Literal(settings.modified), f"set dcterms:modified {fix}"
    assert value(DCTERMS.license) == URIRef(settings.licence.iri), f"set dcterms:license {fix}"
    publisher = Iris(settings.base_iri).organisation(settings.publisher.name)
    assert value(DCTERMS.publisher) == publisher, f"set dcterms:publisher {fix}"
    catalog = Graph().parse(dist / "catalog.ttl")
    assert publisher in set(catalog.objects(None, DCTERMS.publisher)), "the catalogue's"
    holder = re.search(r"^Copyright \(c\) \d{4} (.+)$", (ROOT / "LICENSE").read_text(),
                       re.M).group(1)
    creators = set(ontology.objects(ONTOLOGY, DCTERMS.creator))
    assert Literal(holder, lang="en") in creators
    assert sorted(str(c.language) for c in creators) == ["de", "en"]
