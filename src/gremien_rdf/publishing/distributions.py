"""What each file of a build is: its name, its description in German and English, its
format (media type, EU file type, the specifications it follows), and whether it is
gzipped."""

from __future__ import annotations

import gzip
from dataclasses import dataclass

from gremien_rdf.publishing.tables import (
    CSVW_FILE,
    DATAPACKAGE_FILE,
    TABLES,
    VOCABULARY_TABLES,
    XLSX_FILE,
)
from gremien_rdf.rdf.formats import RDF_FORMATS
from gremien_rdf.rdf.vocabularies import SCHEME_NAMES

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
