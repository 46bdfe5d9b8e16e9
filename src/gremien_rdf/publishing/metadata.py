"""The DCAT-AP.de metadata of a build (catalog.ttl); the VoID description is in void.py,
what each file is in distributions.py.

Everything here is computed from the files' bytes, the register and the publication
settings; nothing from the clock. The metadata states, for every EU authority-table code
it uses, the scheme the code belongs to (skos:inScheme): DCAT-AP.de's shapes check codes
that way, and the tables themselves are not at hand offline. For the same reason it states
the class DCAT-AP 3 gives as the range of each property it uses (dct:Location for
dct:spatial, dct:MediaType for dcat:mediaType, …): a validator without the vocabularies
("background knowledge") checks ranges by the types it finds in the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from gremien_rdf.digests import FileData, digest_of, size_of
from gremien_rdf.model import Register
from gremien_rdf.publishing.distributions import (
    FILES,
    GZIP,
    description,
    file_format,
)
from gremien_rdf.rdf.namespaces import (
    DCAT,
    DCATAP,
    DCATDE,
    EU_AUTHORITY,
    FOAF,
    GEODCATAP,
    IANA_MEDIA_TYPES,
    SPDX,
    VCARD,
    Iris,
    new_graph,
)
from gremien_rdf.rdf.vocabularies import Vocabularies
from gremien_rdf.settings import (
    DATA_THEME_TABLE_TITLE,
    DATA_THEMES,
    LICENCE_SCHEME,
    PLANNED_AVAILABILITY,
    PUBLISHER_TYPE_SCHEME,
    PUBLISHER_TYPES,
    Publication,
)

#: adms:versionNotes (DCAT-AP's "version notes" of a dataset)
ADMS_VERSION_NOTES = URIRef("http://www.w3.org/ns/adms#versionNotes")


@dataclass(frozen=True)
class VersionNotes:
    """An earlier released version, and what changed in it from the one before (English
    words, made by `gremien-rdf diff`)."""

    version: str
    issued: date
    notes: str
    #: the register as released
    register: Register


#: ADMS's licence type for licences that ask for attribution, and its label
#: (SEMICeu/ADMS-AP, purl.org/ADMS_SKOS_v2.00.ttl)
ATTRIBUTION = URIRef("http://purl.org/adms/licencetype/Attribution")
LICENCE_TYPE_SCHEMES = (URIRef("http://purl.org/adms/licencetype/1.0"),
                        URIRef("http://purl.org/adms/licencetype/2.0"))



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


def add_texts(graph: Graph, subject: URIRef, predicate: URIRef, texts: dict[str, str]) -> None:
    for lang, text in texts.items():
        graph.add((subject, predicate, Literal(text, lang=lang)))


def day_literal(value: object) -> Literal:
    return Literal(str(value), datatype=XSD.date)


def catalog_graph(publication: Publication, register: Register, vocabularies: Vocabularies,
                  files: dict[str, FileData], releases: tuple[VersionNotes, ...] = (),
                  notes: str | None = None) -> Graph:
    """The DCAT-AP.de catalog: one dataset, one distribution for each of `files`; with
    `releases` (the settings' earlier versions, oldest first), a dataset for each of them
    (dcat:hasVersion; no distributions: this build has only the current files), linked by
    dcat:previousVersion, and the current version's `notes` (adms:versionNotes)."""
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
    add_texts(g, catalog, DCTERMS.title, {
        "de": f"Katalog von {publication.publisher.name}",
        "en": f"Catalogue of {publication.publisher.name}"})
    add_texts(g, catalog, DCTERMS.description, {
        "de": f"Der Datensatz „{publication.title['de']}“ und seine Dateien.",
        "en": f"The dataset “{publication.title['en']}” and its files."})
    add((catalog, DCTERMS.publisher, publisher))
    add((catalog, DCAT.dataset, dataset))
    add((catalog, FOAF.homepage, landing_page))
    add((catalog, DCTERMS.language, german))
    add((catalog, DCTERMS.license, licence))
    add((catalog, DCTERMS.spatial, germany))
    add((catalog, DCAT.themeTaxonomy, themes))
    add((catalog, DCTERMS.issued, day_literal(publication.issued)))
    add((catalog, DCTERMS.modified, day_literal(publication.modified)))

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

    period = iris.dataset_part("zeitraum")
    add((period, RDF.type, DCTERMS.PeriodOfTime))
    add((period, DCAT.startDate, day_literal(publication.temporal[0])))
    add((period, DCAT.endDate, day_literal(publication.temporal[1])))

    def describe(node: URIRef, titles: dict[str, str], version: str, issued: date,
                 source: Register) -> None:
        """What the dataset and each of its versions state alike (the version's own
        register gives its report and Länder)."""
        report = source.report
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

        add((node, RDF.type, DCAT.Dataset))
        add_texts(g, node, DCTERMS.title, titles)
        add_texts(g, node, DCTERMS.description, publication.description)
        add((node, DCTERMS.identifier, Literal(str(node))))
        add((node, DCTERMS.publisher, publisher))
        add((node, DCAT.contactPoint, contact))
        for lang, words in publication.keywords.items():
            for word in words:
                add((node, DCAT.keyword, Literal(word, lang=lang)))
        for theme in publication.themes:
            add((node, DCAT.theme, _theme(g, theme)))
        add((node, DCTERMS.spatial, germany))
        for state in state_keys(source, vocabularies):
            add((node, DCTERMS.spatial, _typed(g, state, DCTERMS.Location)))
        add((node, DCTERMS.temporal, period))
        add((node, DCTERMS.language, german))
        add((node, DCTERMS.issued, day_literal(issued)))
        add((node, DCAT.version, Literal(version)))
        # The report is a publication, not a dcat:Dataset, which DCAT-AP 3 requires of a
        # dct:source: the dataset is derived from it (PROV) and related to it (DCAT-AP's
        # "related resource"), and the report is described above with its publisher and
        # page.
        add((node, PROV.wasDerivedFrom, report_iri))
        add((node, DCTERMS.relation, report_iri))
        add((node, GEODCATAP.originator, originator))
        add((node, DCAT.landingPage, landing_page))

    describe(dataset, publication.title, publication.version, publication.issued, register)
    add((dataset, DCTERMS.modified, day_literal(publication.modified)))
    previous: URIRef | None = None
    for release in releases:
        # an earlier version: described as the dataset, without distributions (this build
        # has only the current files), linked to the one before it
        node = iris.dataset_part("version", release.version)
        describe(node, {lang: f"{title} (Version {release.version})"
                        for lang, title in publication.title.items()},
                 release.version, release.issued, release.register)
        add((dataset, DCAT.hasVersion, node))
        add((node, ADMS_VERSION_NOTES, Literal(release.notes, lang="en")))
        if previous is not None:
            add((node, DCAT.previousVersion, previous))
        previous = node
    if previous is not None:
        add((dataset, DCAT.previousVersion, previous))
    if notes is not None:
        add((dataset, ADMS_VERSION_NOTES, Literal(notes, lang="en")))

    add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
    availability = _code(g, "planned-availability", publication.availability, SKOS.Concept)
    add((availability, SKOS.prefLabel,
         Literal(PLANNED_AVAILABILITY[publication.availability], lang="en")))
    for name in sorted(files):
        _distribution(g, iris, publication, dataset, licence, availability, name, files[name])
    return g


def _distribution(g: Graph, iris: Iris, publication: Publication, dataset: URIRef,
                  licence: URIRef, availability: URIRef, name: str, data: FileData) -> None:
    add = g.add
    fmt, compressed = file_format(name)
    distribution = iris.distribution(name)
    url = URIRef(publication.download_url + name)
    add((dataset, DCAT.distribution, distribution))
    add((distribution, RDF.type, DCAT.Distribution))
    de, en = FILES[name]
    add_texts(g, distribution, DCTERMS.title, {"de": de, "en": en})
    de, en = description(name)
    add_texts(g, distribution, DCTERMS.description, {"de": de, "en": en})
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
    add((distribution, DCAT.byteSize, Literal(size_of(data), datatype=XSD.nonNegativeInteger)))
    checksum = URIRef(f"{distribution}/sha256")
    add((distribution, SPDX.checksum, checksum))
    add((checksum, RDF.type, SPDX.Checksum))
    add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    add((checksum, SPDX.checksumValue, Literal(digest_of(data), datatype=XSD.hexBinary)))
    add((distribution, DCTERMS.license, licence))
    if publication.attribution:
        add((distribution, DCATDE.licenseAttributionByText,
             Literal(publication.attribution, lang="de")))
    add((distribution, DCTERMS.issued, day_literal(publication.issued)))
    add((distribution, DCTERMS.modified, day_literal(publication.modified)))


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


