"""What a portal needs besides the dumps: DCAT-AP.de metadata, a VoID description, checksums.

Everything here is computed from the files' bytes, the register and the publication
settings; nothing from the clock. The metadata states, for every EU authority-table code
it uses, the scheme the code belongs to (skos:inScheme): DCAT-AP.de's shapes check codes
that way, and the tables themselves are not at hand offline. For the same reason it states
the class DCAT-AP 3 gives as the range of each property it uses (dct:Location for
dct:spatial, dct:MediaType for dcat:mediaType, …): a validator without the vocabularies
("background knowledge") checks ranges by the types it finds in the data.
"""

from __future__ import annotations

import gzip
import hashlib
from collections import Counter
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD
from rdflib.term import Node

from gremien_rdf.model import Register
from gremien_rdf.publishing.files import sha256
from gremien_rdf.publishing.tables import (
    CSVW_FILE,
    DATAPACKAGE_FILE,
    TABLES,
    VOCABULARY_TABLES,
    XLSX_FILE,
)
from gremien_rdf.rdf.formats import RDF_FORMATS
from gremien_rdf.rdf.namespaces import (
    DCAT,
    DCATAP,
    DCATDE,
    EU_AUTHORITY,
    FOAF,
    GEODCATAP,
    IANA_MEDIA_TYPES,
    METADATA_PREFIXES,
    PREFIXES,
    SPDX,
    VCARD,
    VOID,
    Iris,
    curie,
    new_graph,
)
from gremien_rdf.rdf.vocabularies import SCHEME_NAMES, Vocabularies
from gremien_rdf.settings import (
    DATA_THEME_TABLE_TITLE,
    DATA_THEMES,
    LICENCE_SCHEME,
    PLANNED_AVAILABILITY,
    PUBLISHER_TYPE_SCHEME,
    PUBLISHER_TYPES,
    Publication,
)

CHECKSUMS = "SHA256SUMS"
CATALOG = "catalog.ttl"
VOID_FILE = "void.ttl"


@dataclass(frozen=True)
class Format:
    """What a file's form is: IANA media type, EU file type, and the standards it conforms
    to (for RDF, first the W3C format IRI, which VoID names too)."""

    media_type: str
    file_type: str
    conforms_to: tuple[str, ...]


#: the specifications of tabular data that the tables follow
TABULAR_DATA_MODEL = "https://www.w3.org/TR/tabular-data-model/"
RFC_4180 = "https://www.rfc-editor.org/rfc/rfc4180"
CSVW_METADATA = "https://www.w3.org/TR/tabular-metadata/"
FRICTIONLESS_PACKAGE = "https://specs.frictionlessdata.io/tabular-data-package/"
#: by file suffix; EU file types CSV (in GovData's own DCAT-AP.de example), XLSX and JSON
#: as ckanext-dcat maps them
FORMATS = {
    **{fmt.suffix: Format(fmt.media_type, fmt.eu_file_type, (fmt.iri,)) for fmt in RDF_FORMATS},
    ".csv": Format("text/csv", "CSV", (RFC_4180, TABULAR_DATA_MODEL)),
    ".xlsx": Format("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "XLSX", ()),
}
#: files whose suffix does not say enough
FORMATS_BY_NAME = {
    CSVW_FILE: Format("application/csvm+json", "JSON", (CSVW_METADATA,)),
    DATAPACKAGE_FILE: Format("application/json", "JSON", (FRICTIONLESS_PACKAGE,)),
}
GZIP = "application/gzip"

#: every file `build` writes but the checksum list: name → (German, English) description
FILES: dict[str, tuple[str, str]] = {
    "gremien.ttl": ("Die Gremien (Turtle)", "The bodies (Turtle)"),
    "gremien.jsonld": ("Die Gremien (JSON-LD, ein Objekt je Gremium)",
                       "The bodies (JSON-LD, one object per body)"),
    "gremien.nt": ("Die Gremien (N-Triples, sortiert)", "The bodies (N-Triples, sorted)"),
    "gremien.ttl.gz": ("Die Gremien (Turtle, gzip)", "The bodies (Turtle, gzipped)"),
    "gremien.jsonld.gz": ("Die Gremien (JSON-LD, gzip)", "The bodies (JSON-LD, gzipped)"),
    "gremien.nt.gz": ("Die Gremien (N-Triples, gzip)", "The bodies (N-Triples, gzipped)"),
    "context.jsonld": ("Der JSON-LD-@context", "The JSON-LD @context"),
    "ontology.ttl": ("Die Ontologie (OWL)", "The ontology (OWL)"),
    "vocabularies.ttl": ("Die SKOS-Vokabulare", "The SKOS vocabularies"),
    VOID_FILE: ("VoID-Beschreibung und Statistik der Gremien-Daten",
                "VoID description and statistics of the bodies' data"),
    **{name: (f"{de} (CSV)", f"{en} (CSV)") for name, (de, en) in TABLES.items()},
    CSVW_FILE: ("CSVW-Metadaten der Tabellen", "CSVW metadata of the tables"),
    DATAPACKAGE_FILE: ("Frictionless Data Package der Tabellen",
                       "Frictionless Data Package of the tables"),
    XLSX_FILE: ("Alle Tabellen als Arbeitsmappe (XLSX)", "All tables as a workbook (XLSX)"),
    CATALOG: ("DCAT-AP.de-Metadaten des Datensatzes", "The dataset's DCAT-AP.de metadata"),
}
#: what each distribution holds (dct:description): name → (German, English); the gzipped
#: files are described by the file they pack
DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "gremien.ttl": (
        "Die Gremien mit ihren Teilnahmen, Schwerpunkten, früheren Namen und Quellzeilen und "
        "der Bericht, aus dem sie stammen; Turtle, nach Gremium gruppiert und sortiert.",
        "The bodies with their participations, focus areas, former names and source rows, "
        "and the report they come from; Turtle grouped by body, sorted."),
    "gremien.jsonld": (
        "Derselbe Graph als JSON-LD: ein Objekt je Gremium mit seinen Teilen, kurze Schlüssel "
        "(der @context ist eingebettet und als context.jsonld veröffentlicht).",
        "The same graph as JSON-LD: one object per body with its parts inside, short keys "
        "(the @context is embedded and published as context.jsonld)."),
    "gremien.nt": (
        "Derselbe Graph als N-Triples, ein Tripel je Zeile, sortiert.",
        "The same graph as N-Triples, one triple per line, sorted."),
    "context.jsonld": (
        "Der JSON-LD-@context von gremien.jsonld, ohne @base.",
        "The JSON-LD @context of gremien.jsonld, without @base."),
    "ontology.ttl": (
        "Die OWL-Ontologie der Gremien-Daten: Klassen, Eigenschaften und Datentypen mit "
        "Bezeichnungen und Definitionen auf Deutsch und Englisch.",
        "The OWL ontology of the bodies' data: classes, properties and datatypes with labels "
        "and definitions in German and English."),
    "vocabularies.ttl": (
        "Die sechs SKOS-Begriffsschemata: Länder, Ebenen, Schwerpunkte, Akteurstypen, Turnus "
        "und Teilnahmestatus.",
        "The six SKOS concept schemes: Länder, levels, focus areas, actor types, frequencies "
        "and participation statuses."),
    "gremien.csv": (
        "Eine Zeile je Gremium: ID, IRI, Land, Titel und frühere Titel, Ebene, Schwerpunkte, "
        "Akteurstypen, eingeschränkte Teilnahmen, Turnus, Ort, Zeile im Bericht und der "
        "Wortlaut der Tabelle; Listen mit \" | \" getrennt (UTF-8, RFC 4180).",
        "One row per body: id, IRI, Land, title and former titles, level, focus areas, actor "
        "types, qualified participations, frequency, place, row in the report and the "
        "table's verbatim text; lists joined by \" | \" (UTF-8, RFC 4180)."),
    "teilnahmen.csv": (
        "Eine Zeile je Teilnahme eines Akteurstyps an einem Gremium, mit Status.",
        "One row per participation of an actor type in a body, with its status."),
    "gremien-schwerpunkte.csv": (
        "Eine Zeile je Schwerpunkt eines Gremiums, mit Jahr und Anmerkung.",
        "One row per focus area of a body, with year and note."),
    "fruehere-titel.csv": (
        "Eine Zeile je früherem Titel eines Gremiums, mit dem Jahr bis zu dem er galt.",
        "One row per former title of a body, with the year it was used until."),
    **{file: (f"Die Begriffe des Vokabulars {SCHEME_NAMES[scheme][0]}: Code, IRI, "
              "deutsche und englische Bezeichnung, Oberbegriff.",
              f"The concepts of the vocabulary {SCHEME_NAMES[scheme][1]}: code, IRI, German "
              "and English label, broader concept.")
       for scheme, file in VOCABULARY_TABLES.items()},
    CSVW_FILE: (
        "Beschreibt die CSV-Dateien nach W3C CSVW (Metadata Vocabulary for Tabular Data): "
        "Spalten mit Typen und RDF-Abbildung; csv2rdf ergibt die Tripel von gremien.nt über "
        "die Gremien und ihre Teile.",
        "Describes the CSV files in W3C CSVW (Metadata Vocabulary for Tabular Data): typed "
        "columns and their RDF mapping; csv2rdf gives the triples of gremien.nt about the "
        "bodies and their parts."),
    DATAPACKAGE_FILE: (
        "Beschreibt die CSV-Dateien als Frictionless Tabular Data Package: Schemas, Primär- "
        "und Fremdschlüssel.",
        "Describes the CSV files as a Frictionless Tabular Data Package: schemas, primary "
        "and foreign keys."),
    XLSX_FILE: (
        "Dieselben Tabellen als Arbeitsmappe, ein Blatt je Tabelle.",
        "The same tables as a workbook, one sheet per table."),
    VOID_FILE: (
        "VoID-Beschreibung der Gremien-Daten: Tripel, Entitäten, Klassen und Eigenschaften "
        "mit je einer Partition, die Downloads und die verwendeten Vokabulare.",
        "The VoID description of the bodies' data: triples, entities, classes and properties "
        "with a partition each, the dumps and the vocabularies used."),
}


def description(name: str) -> tuple[str, str]:
    """What the distribution of `name` holds, in German and English."""
    if name.endswith(".gz"):
        packed = name.removesuffix(".gz")
        return (f"{packed}, mit gzip gepackt (ohne Dateinamen und Zeitstempel, daher "
                f"stabile Bytes). {DESCRIPTIONS[packed][0]}",
                f"{packed}, gzipped (no file name, no time stamp, so the bytes are stable). "
                f"{DESCRIPTIONS[packed][1]}")
    return DESCRIPTIONS[name]


#: ADMS's licence type for licences that ask for attribution, and its label
#: (SEMICeu/ADMS-AP, purl.org/ADMS_SKOS_v2.00.ttl)
ATTRIBUTION = URIRef("http://purl.org/adms/licencetype/Attribution")
LICENCE_TYPE_SCHEMES = (URIRef("http://purl.org/adms/licencetype/1.0"),
                        URIRef("http://purl.org/adms/licencetype/2.0"))
#: the dumps of the register's data (VoID's void:dataDump)
DUMPS = ("gremien.ttl", "gremien.jsonld", "gremien.nt")


def gzipped(data: bytes) -> bytes:
    """`data` gzipped the same way every time: no file name, no time stamp."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def file_format(name: str) -> tuple[Format, bool]:
    """The format of a file by its name, and whether it is gzipped."""
    compressed = name.endswith(".gz")
    suffix = "." + name.removesuffix(".gz").rsplit(".", 1)[-1]
    return FORMATS_BY_NAME.get(name) or FORMATS[suffix], compressed


def _code(graph: Graph, table: str, code: str, kind: URIRef | None = None) -> URIRef:
    """An EU authority-table code, stated as a member of its table (and of `kind`, the
    class DCAT-AP 3 gives as the range of the property that uses it)."""
    iri = URIRef(f"{EU_AUTHORITY}{table}/{code}")
    graph.add((iri, SKOS.inScheme, URIRef(f"{EU_AUTHORITY}{table}")))
    if kind is not None:
        graph.add((iri, RDF.type, kind))
    return iri


def _theme(graph: Graph, code: str) -> URIRef:
    """An EU data theme: a skos:Concept with the labels the EU's table gives it."""
    iri = _code(graph, "data-theme", code, SKOS.Concept)
    german, english = DATA_THEMES[code]
    graph.add((iri, SKOS.prefLabel, Literal(german, lang="de")))
    if english:
        graph.add((iri, SKOS.prefLabel, Literal(english, lang="en")))
    return iri


def _typed(graph: Graph, iri: str, kind: URIRef) -> URIRef:
    """`iri`, stated to be of `kind` (the range DCAT-AP 3 gives the property using it)."""
    node = URIRef(iri)
    graph.add((node, RDF.type, kind))
    return node


def _texts(graph: Graph, subject: URIRef, predicate: URIRef, texts: dict[str, str]) -> None:
    for lang, text in texts.items():
        graph.add((subject, predicate, Literal(text, lang=lang)))


def _day(value: object) -> Literal:
    return Literal(str(value), datatype=XSD.date)


def catalog_graph(publication: Publication, register: Register, vocabularies: Vocabularies,
                  files: dict[str, bytes]) -> Graph:
    """The DCAT-AP.de catalog: one dataset, one distribution for each of `files`."""
    iris = Iris(publication.base_iri)
    g = new_graph(metadata=True)
    add = g.add
    catalog, dataset = iris.catalog(), iris.dataset()
    publisher = iris.organisation(publication.publisher.name)
    licence = _typed(g, publication.licence.iri, DCTERMS.LicenseDocument)
    add((licence, SKOS.inScheme, URIRef(LICENCE_SCHEME)))
    add((licence, SKOS.prefLabel, Literal(publication.licence.label, lang="de")))
    if publication.licence.needs_attribution:
        add((licence, DCTERMS.type, ATTRIBUTION))
        add((ATTRIBUTION, RDF.type, SKOS.Concept))
        add((ATTRIBUTION, SKOS.prefLabel, Literal("Attribution", lang="en")))
        for scheme in LICENCE_TYPE_SCHEMES:
            add((ATTRIBUTION, SKOS.inScheme, scheme))
    german = _code(g, "language", "DEU", DCTERMS.LinguisticSystem)
    germany = _code(g, "country", "DEU", DCTERMS.Location)
    landing_page = _typed(g, publication.landing_page, FOAF.Document)
    themes = URIRef(f"{EU_AUTHORITY}data-theme")
    add((themes, RDF.type, SKOS.ConceptScheme))
    add((themes, DCTERMS.title, Literal(DATA_THEME_TABLE_TITLE, lang="en")))

    add((catalog, RDF.type, DCAT.Catalog))
    _texts(g, catalog, DCTERMS.title, {
        "de": f"Katalog von {publication.publisher.name}",
        "en": f"Catalogue of {publication.publisher.name}"})
    _texts(g, catalog, DCTERMS.description, {
        "de": f"Der Datensatz „{publication.title['de']}“ und seine Dateien.",
        "en": f"The dataset “{publication.title['en']}” and its files."})
    add((catalog, DCTERMS.publisher, publisher))
    add((catalog, DCAT.dataset, dataset))
    add((catalog, FOAF.homepage, landing_page))
    add((catalog, DCTERMS.language, german))
    add((catalog, DCTERMS.license, licence))
    add((catalog, DCTERMS.spatial, germany))
    add((catalog, DCAT.themeTaxonomy, themes))
    add((catalog, DCTERMS.issued, _day(publication.issued)))
    add((catalog, DCTERMS.modified, _day(publication.modified)))

    add((publisher, RDF.type, FOAF.Agent))
    add((publisher, FOAF.name, Literal(publication.publisher.name)))
    if publication.publisher.url:
        add((publisher, FOAF.homepage, URIRef(publication.publisher.url)))
    if publication.publisher.type:
        kind = URIRef(f"http://purl.org/adms/publishertype/{publication.publisher.type}")
        add((publisher, DCTERMS.type, kind))
        add((kind, RDF.type, SKOS.Concept))
        add((kind, SKOS.prefLabel,
             Literal(PUBLISHER_TYPES[publication.publisher.type], lang="en")))
        add((kind, SKOS.inScheme, URIRef(PUBLISHER_TYPE_SCHEME)))
    contact = iris.dataset_part("kontakt")
    add((contact, RDF.type, VCARD.Kind))
    add((contact, VCARD.fn, Literal(publication.contact.name)))
    if publication.contact.email:
        add((contact, VCARD.hasEmail, URIRef(f"mailto:{publication.contact.email}")))
    if publication.contact.url:
        add((contact, VCARD.hasURL, URIRef(publication.contact.url)))

    report = register.report
    report_iri = iris.report(report.id)
    originator = iris.organisation(report.publisher)
    add((report_iri, RDF.type, DCTERMS.BibliographicResource))
    add((report_iri, DCTERMS.title, Literal(report.title, lang="de")))
    add((report_iri, DCTERMS.publisher, originator))
    if report.landing_page:
        add((report_iri, FOAF.page, URIRef(report.landing_page)))
    add((originator, RDF.type, FOAF.Agent))
    add((originator, RDF.type, FOAF.Organization))
    add((originator, FOAF.name, Literal(report.publisher, lang="de")))

    add((dataset, RDF.type, DCAT.Dataset))
    _texts(g, dataset, DCTERMS.title, publication.title)
    _texts(g, dataset, DCTERMS.description, publication.description)
    add((dataset, DCTERMS.identifier, Literal(str(dataset))))
    add((dataset, DCTERMS.publisher, publisher))
    add((dataset, DCAT.contactPoint, contact))
    for lang, words in publication.keywords.items():
        for word in words:
            add((dataset, DCAT.keyword, Literal(word, lang=lang)))
    for theme in publication.themes:
        add((dataset, DCAT.theme, _theme(g, theme)))
    add((dataset, DCTERMS.spatial, germany))
    for state in state_keys(register, vocabularies):
        add((dataset, DCTERMS.spatial, _typed(g, state, DCTERMS.Location)))
    period = iris.dataset_part("zeitraum")
    add((period, RDF.type, DCTERMS.PeriodOfTime))
    add((period, DCAT.startDate, _day(publication.temporal[0])))
    add((period, DCAT.endDate, _day(publication.temporal[1])))
    add((dataset, DCTERMS.temporal, period))
    add((dataset, DCTERMS.language, german))
    add((dataset, DCTERMS.issued, _day(publication.issued)))
    add((dataset, DCTERMS.modified, _day(publication.modified)))
    add((dataset, DCAT.version, Literal(publication.version)))
    # The report is a publication, not a dcat:Dataset, which DCAT-AP 3 requires of a
    # dct:source: the dataset is derived from it (PROV) and related to it (DCAT-AP's
    # "related resource"), and the report is described below with its publisher and page.
    add((dataset, PROV.wasDerivedFrom, report_iri))
    add((dataset, DCTERMS.relation, report_iri))
    add((dataset, GEODCATAP.originator, originator))
    add((dataset, DCAT.landingPage, landing_page))

    add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
    availability = _code(g, "planned-availability", publication.availability, SKOS.Concept)
    add((availability, SKOS.prefLabel,
         Literal(PLANNED_AVAILABILITY[publication.availability], lang="en")))
    for name in sorted(files):
        _distribution(g, iris, publication, dataset, licence, availability, name, files[name])
    return g


def _distribution(g: Graph, iris: Iris, publication: Publication, dataset: URIRef,
                  licence: URIRef, availability: URIRef, name: str, data: bytes) -> None:
    add = g.add
    fmt, compressed = file_format(name)
    distribution = iris.distribution(name)
    url = URIRef(publication.download_url + name)
    add((dataset, DCAT.distribution, distribution))
    add((distribution, RDF.type, DCAT.Distribution))
    de, en = FILES[name]
    _texts(g, distribution, DCTERMS.title, {"de": de, "en": en})
    de, en = description(name)
    _texts(g, distribution, DCTERMS.description, {"de": de, "en": en})
    add((distribution, DCAT.downloadURL, url))
    add((distribution, DCAT.accessURL, url))
    add((distribution, DCAT.mediaType,
         _typed(g, IANA_MEDIA_TYPES + fmt.media_type, DCTERMS.MediaType)))
    if compressed:
        add((distribution, DCAT.compressFormat,
             _typed(g, IANA_MEDIA_TYPES + GZIP, DCTERMS.MediaType)))
    add((distribution, DCTERMS.format,
         _code(g, "file-type", fmt.file_type, DCTERMS.MediaTypeOrExtent)))
    for standard in fmt.conforms_to:
        add((distribution, DCTERMS.conformsTo, _typed(g, standard, DCTERMS.Standard)))
    add((distribution, DCATAP.availability, availability))
    add((distribution, DCAT.byteSize, Literal(len(data), datatype=XSD.nonNegativeInteger)))
    checksum = URIRef(f"{distribution}/sha256")
    add((distribution, SPDX.checksum, checksum))
    add((checksum, RDF.type, SPDX.Checksum))
    add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    add((checksum, SPDX.checksumValue, Literal(sha256(data), datatype=XSD.hexBinary)))
    add((distribution, DCTERMS.license, licence))
    if publication.attribution:
        add((distribution, DCATDE.licenseAttributionByText,
             Literal(publication.attribution, lang="de")))
    add((distribution, DCTERMS.issued, _day(publication.issued)))
    add((distribution, DCTERMS.modified, _day(publication.modified)))


def state_keys(register: Register, vocabularies: Vocabularies) -> list[str]:
    """DCAT-AP.de's IRIs of the Länder that have a body in the register (by state key)."""
    graph = vocabularies.graph
    prefix = "http://dcat-ap.de/def/politicalGeocoding/stateKey/"
    keys: set[str] = set()
    for body in register.bodies:
        concept = vocabularies.iris.concept("land", body.land)
        keys |= {str(o) for o in graph.objects(concept, SKOS.exactMatch)
                 if str(o).startswith(prefix)}
    return sorted(keys)


def void_graph(publication: Publication, register: Register, data: Graph) -> Graph:
    """The VoID description of the register's data: size, classes, properties, dumps."""
    iris = Iris(publication.base_iri)
    g = new_graph(metadata=True)
    add = g.add
    dataset = iris.dataset()
    add((dataset, RDF.type, VOID.Dataset))
    _texts(g, dataset, DCTERMS.title, publication.title)
    add((dataset, DCTERMS.license, URIRef(publication.licence.iri)))
    # the same IRI as the dcat:Dataset of catalog.ttl (publish uploads both into one graph),
    # so the same property for the report: prov:wasDerivedFrom, not dct:source (see there)
    add((dataset, PROV.wasDerivedFrom, iris.report(register.report.id)))
    add((dataset, DCTERMS.modified, _day(publication.modified)))
    add((dataset, VOID.uriSpace, Literal(publication.base_iri)))
    for name in DUMPS:
        for dump in (name, f"{name}.gz"):
            add((dataset, VOID.dataDump, URIRef(publication.download_url + dump)))
        add((dataset, VOID.feature, URIRef(file_format(name)[0].conforms_to[0])))
    for example in (iris.body(register.bodies[0].id), iris.report(register.report.id)):
        add((dataset, VOID.exampleResource, example))

    def count(value: int) -> Literal:
        return Literal(value, datatype=XSD.integer)

    classes = Counter(o for _, o in set(data.subject_objects(RDF.type)))
    properties = Counter(p for p in data.predicates())
    entities = {s for s in data.subjects() if str(s).startswith(publication.base_iri)}
    add((dataset, VOID.triples, count(len(data))))
    add((dataset, VOID.entities, count(len(entities))))
    add((dataset, VOID.classes, count(len(classes))))
    add((dataset, VOID.properties, count(len(properties))))
    add((dataset, VOID.distinctSubjects, count(len(set(data.subjects())))))
    add((dataset, VOID.distinctObjects, count(len(set(data.objects())))))
    for cls, entities_of_class in sorted(classes.items()):
        part = iris.dataset_part("void", "klasse", _curie(cls))
        add((dataset, VOID.classPartition, part))
        add((part, VOID["class"], cls))
        add((part, VOID.entities, count(entities_of_class)))
    for prop, triples in sorted(properties.items()):
        part = iris.dataset_part("void", "eigenschaft", _curie(prop))
        add((dataset, VOID.propertyPartition, part))
        add((part, VOID.property, prop))
        add((part, VOID.triples, count(triples)))
    used = {str(term) for term in (*classes, *properties)}
    for namespace in (PREFIXES | METADATA_PREFIXES).values():
        if any(term.startswith(str(namespace)) for term in used):
            add((dataset, VOID.vocabulary, URIRef(str(namespace))))
    return g


def _curie(term: Node) -> str:
    """A path segment naming a class or property: prefix-localname (e.g. gmh-Body)."""
    short = curie(term, PREFIXES | METADATA_PREFIXES)
    if short is None:
        return hashlib.sha256(str(term).encode()).hexdigest()[:12]
    return short.replace(":", "-", 1)
