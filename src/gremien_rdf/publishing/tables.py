"""The register as tables, for people who open a spreadsheet rather than a SPARQL endpoint.

One description of each table (its columns, their types, keys and the RDF each column
stands for) gives every form of it, so that they cannot disagree:

- the CSV files (UTF-8, RFC 4180: CRLF line ends, quotes where needed, a header row with
  German names, as the values are German);
- `csv-metadata.json`, W3C's Metadata Vocabulary for Tabular Data (CSVW): typed columns and
  `aboutUrl`/`propertyUrl`/`valueUrl` templates, so that a standard csv2rdf conversion
  (minimal mode) of the CSVs gives exactly the triples of gremien.nt about the bodies,
  their participations, focus assignments, former titles and source rows, and those of
  vocabularies.ttl that give each concept its labels, broader concept and scheme;
- `datapackage.json`, a Frictionless Data Package: the same tables with schemas, primary
  and foreign keys;
- `gremien.xlsx`, one sheet per table, for a double click (XlsxWriter, with a fixed
  creation date, so that two builds give the same bytes).

The columns that only help a reader (a label beside its code, lists joined by " | ")
are marked `suppressOutput` for CSVW: their RDF comes from the long tables
(teilnahmen.csv, …), since a CSVW value URL cannot give one IRI per list item.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rdflib.namespace import RDF

from gremien_rdf.errors import fail
from gremien_rdf.model import Body, Register
from gremien_rdf.rdf.namespaces import GMH, SCHEME_REGISTRY, Iris
from gremien_rdf.rdf.vocabularies import SCHEME_NAMES, Vocabularies
from gremien_rdf.settings import Publication
from gremien_rdf.workbook import workbook

#: joins the items of a list in one cell (declared as the column's separator)
SEPARATOR = " | "
#: the vocabularies' tables: scheme key → file name (as the Turtle files in ontology/)
VOCABULARY_TABLES = {scheme.key: f"{scheme.file}.csv" for scheme in SCHEME_REGISTRY}
#: every table: file name → (German, English) title
TABLES: dict[str, tuple[str, str]] = {
    "gremien.csv": ("Gremien", "Bodies"),
    "teilnahmen.csv": ("Teilnahmen", "Participations"),
    "gremien-schwerpunkte.csv": ("Schwerpunkte der Gremien", "Focus areas of the bodies"),
    "fruehere-titel.csv": ("Frühere Titel", "Former titles"),
    **{file: (f"Vokabular: {SCHEME_NAMES[scheme][0]}", f"Vocabulary: {SCHEME_NAMES[scheme][1]}")
       for scheme, file in VOCABULARY_TABLES.items()},
}
CSVW_FILE = "csv-metadata.json"
DATAPACKAGE_FILE = "datapackage.json"
XLSX_FILE = "gremien.xlsx"

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DCTERMS = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"


@dataclass(frozen=True)
class Column:
    """One column: its name (a template variable), German header, English title, type,
    and the RDF it stands for (none: a column for readers only)."""

    name: str
    de: str
    en: str
    kind: str = "string"  # string | integer
    property: str | None = None
    value_url: str | None = None
    about_url: str | None = None
    lang: str | None = None
    separator: str | None = None
    required: bool = False


@dataclass(frozen=True)
class Virtual:
    """A triple per row that no cell holds (a type, a link between two rows' nodes)."""

    name: str
    property: str
    value_url: str
    about_url: str | None = None


@dataclass(frozen=True)
class ForeignKey:
    column: str
    table: str
    target: str


@dataclass
class Table:
    """A table: file name, titles, the node each row describes, its columns and rows."""

    file: str
    de: str
    en: str
    about_url: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    virtuals: tuple[Virtual, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    rows: list[tuple[str | int | None, ...]] = field(default_factory=list)

    @property
    def sheet(self) -> str:
        return self.file.removesuffix(".csv")


def _template(make: Any, *names: str) -> str:
    """The IRI that `make` (a method of Iris) builds, as a URI template with a variable
    for each of `names` in place of its argument: Iris stays the one place that knows
    the form of each IRI."""
    iri = str(make(*(f"zz{name}zz" for name in names)))
    for name in names:
        iri = iri.replace(f"zz{name}zz", "{" + name + "}")
    return iri


def build_tables(register: Register, vocabularies: Vocabularies) -> list[Table]:
    """Every table of the register and of its vocabularies, rows in the register's order
    (bodies) or the vocabularies' (concepts)."""
    iris = vocabularies.iris
    report = register.report
    table_iri = str(iris.table(report.id, report.table_id))
    body = _template(iris.body, "id")
    entry = _template(lambda body: iris.source_entry(body, report.id), "id")

    def label(scheme: str, key: str) -> str:
        return vocabularies[scheme].concepts[key].label_de

    def concept(scheme: str, variable: str) -> str:
        return _template(lambda key: iris.concept(scheme, key), variable)

    bodies = Table(
        "gremien.csv", *TABLES["gremien.csv"], body, (
            Column("id", "ID", "id", property=DCTERMS + "identifier", required=True),
            Column("iri", "IRI", "IRI", required=True),
            Column("land", "Land", "Land", required=True),
            Column("land_iso", "Land (ISO 3166-2)", "Land (ISO 3166-2)",
                   property=str(GMH.land), value_url=concept("land", "land_iso"),
                   required=True),
            Column("title", "Titel", "title", property=SKOS + "prefLabel", lang="de",
                   required=True),
            Column("title_since", "Titel seit", "title since", "integer",
                   property=str(GMH.nameSince)),
            Column("former_titles", "Frühere Titel (bis Jahr)", "former titles (until year)",
                   separator=SEPARATOR),
            Column("level", "Ebene", "level", required=True),
            Column("level_code", "Ebene (Code)", "level (code)", property=str(GMH.level),
                   value_url=concept("ebene", "level_code"), required=True),
            Column("focus", "Schwerpunkte", "focus areas", separator=SEPARATOR,
                   required=True),
            Column("actors", "Teilnehmende Akteurstypen", "participating actor types",
                   separator=SEPARATOR, required=True),
            Column("qualified", "Eingeschränkte Teilnahmen (Status)",
                   "qualified participations (status)", separator=SEPARATOR),
            Column("frequency", "Turnus", "frequency", required=True),
            Column("frequency_code", "Turnus (Code)", "frequency (code)",
                   property=str(GMH.frequency), value_url=concept("turnus", "frequency_code"),
                   required=True),
            Column("place", "Ort", "place", property=str(GMH.place)),
            Column("row", "Zeile im Bericht", "row in the report", "integer",
                   property=str(GMH.rowNumber), about_url=entry, required=True),
            *(Column(f"source_{key}", f"Wortlaut: {header}", f"verbatim: {key}",
                     property=str(GMH[f"{key}Text"]), about_url=entry, lang="de",
                     required=True)
              for key, header in _SOURCE_COLUMNS)),
        ("id",),
        virtuals=(
            Virtual("type", RDF_TYPE, str(GMH.Body)),
            Virtual("source", DCTERMS + "source", table_iri),
            Virtual("derived_from", PROV_DERIVED, entry),
            Virtual("entry_type", RDF_TYPE, str(GMH.SourceEntry), about_url=entry),
            Virtual("entry_part_of", DCTERMS + "isPartOf", table_iri, about_url=entry),
        ),
        foreign_keys=(ForeignKey("land_iso", "laender.csv", "code"),
                      ForeignKey("level_code", "ebenen.csv", "code"),
                      ForeignKey("frequency_code", "turnus.csv", "code")))
    owner = _template(iris.body, "body")  # the body a row of a long table belongs to
    participation = _template(iris.participation, "body", "actor")
    participations = Table(
        "teilnahmen.csv", *TABLES["teilnahmen.csv"], participation, (
            Column("body", "Gremium (ID)", "body (id)", property=ORG + "organization",
                   value_url=owner, required=True),
            Column("actor", "Akteurstyp (Code)", "actor type (code)", property=ORG + "role",
                   value_url=concept("akteur", "actor"), required=True),
            Column("actor_label", "Akteurstyp", "actor type", required=True),
            Column("status", "Status (Code)", "status (code)", property=str(GMH.status),
                   value_url=concept("teilnahmestatus", "status")),
            Column("status_label", "Status", "status")),
        ("body", "actor"),
        virtuals=(
            Virtual("type", RDF_TYPE, str(GMH.Participation)),
            Virtual("participation", str(GMH.participation), participation,
                    about_url=owner),
            Virtual("participant_type", str(GMH.participantType), concept("akteur", "actor"),
                    about_url=owner),
        ),
        foreign_keys=(ForeignKey("body", "gremien.csv", "id"),
                      ForeignKey("actor", "akteure.csv", "code"),
                      ForeignKey("status", "teilnahmestatus.csv", "code")))
    assignment = _template(iris.focus_assignment, "body", "area")
    focus = Table(
        "gremien-schwerpunkte.csv", *TABLES["gremien-schwerpunkte.csv"], assignment, (
            Column("body", "Gremium (ID)", "body (id)", required=True),
            Column("area", "Schwerpunkt (Code)", "focus area (code)",
                   property=str(GMH.focusArea), value_url=concept("schwerpunkt", "area"),
                   required=True),
            Column("area_label", "Schwerpunkt", "focus area", required=True),
            Column("since", "Seit", "since", "integer", property=str(GMH.since)),
            Column("note", "Anmerkung", "note", property=str(GMH.note), lang="de")),
        ("body", "area"),
        virtuals=(
            Virtual("type", RDF_TYPE, str(GMH.FocusAssignment)),
            Virtual("focus", str(GMH.focus), concept("schwerpunkt", "area"),
                    about_url=owner),
            Virtual("assignment", str(GMH.focusAssignment), assignment,
                    about_url=owner),
        ),
        foreign_keys=(ForeignKey("body", "gremien.csv", "id"),
                      ForeignKey("area", "schwerpunkte.csv", "code")))
    former = _template(iris.former_name, "body", "until")
    formers = Table(
        "fruehere-titel.csv", *TABLES["fruehere-titel.csv"], former, (
            Column("body", "Gremium (ID)", "body (id)", required=True),
            Column("title", "Titel", "title", property=RDFS_LABEL, lang="de", required=True),
            Column("until", "Verwendet bis", "used until", "integer",
                   property=str(GMH.usedUntil), required=True)),
        ("body", "until"),
        virtuals=(
            Virtual("type", RDF_TYPE, str(GMH.FormerName)),
            Virtual("former_name", str(GMH.formerName), former,
                    about_url=owner),
        ),
        foreign_keys=(ForeignKey("body", "gremien.csv", "id"),))
    for item in register.bodies:
        bodies.rows.append(_body_row(item, iris, label))
        participations.rows.extend(
            (item.id, p.actor, label("akteur", p.actor), p.status,
             label("teilnahmestatus", p.status) if p.status else None)
            for p in item.participants)
        focus.rows.extend((item.id, f.area, label("schwerpunkt", f.area), f.since, f.note)
                          for f in item.focus)
        formers.rows.extend((item.id, f.title, f.until) for f in item.former_titles)
    return [bodies, participations, focus, formers,
            *(_vocabulary_table(vocabularies, scheme, file)
              for scheme, file in VOCABULARY_TABLES.items())]


#: the report's columns (model.COLUMNS keys) and their German headers
_SOURCE_COLUMNS = (("land", "Bundesland"), ("title", "Titel"), ("level", "Ebene"),
                   ("focus", "Schwerpunkt"), ("participants", "Teilnehmende Akteure"),
                   ("frequency", "Turnus"))


def _joined(items: Iterable[str], where: Body) -> str | None:
    values = list(items)
    for value in values:
        if SEPARATOR in value:
            raise fail(where.position, f"{value!r} holds {SEPARATOR!r}, which separates the "
                       "items of a list in gremien.csv",
                       f"write it without {SEPARATOR.strip()!r} between spaces")
    return SEPARATOR.join(values) or None


def _body_row(body: Body, iris: Iris, label) -> tuple[str | int | None, ...]:
    cells = body.source.cells
    return (
        body.id, str(iris.body(body.id)), label("land", body.land), body.land, body.title,
        body.title_since,
        _joined((f"{f.title} (bis {f.until})" for f in body.former_titles), body),
        label("ebene", body.level), body.level,
        _joined((label("schwerpunkt", f.area) + (f" (seit {f.since})" if f.since else "")
                 for f in body.focus), body),
        _joined((label("akteur", p.actor) for p in body.participants), body),
        _joined((f"{label('akteur', p.actor)} ({label('teilnahmestatus', p.status)})"
                 for p in body.participants if p.status), body),
        label("turnus", body.frequency), body.frequency, body.place, body.source.row,
        *(cells[key] for key, _ in _SOURCE_COLUMNS))


def _vocabulary_table(vocabularies: Vocabularies, scheme: str, file: str) -> Table:
    iris = vocabularies.iris
    concepts = vocabularies[scheme]
    concept = _template(lambda key: iris.concept(scheme, key), "code")
    table = Table(
        file, *TABLES[file], concept, (
            Column("code", "Code", "code", required=True),
            Column("iri", "IRI", "IRI", required=True),
            Column("label_de", "Bezeichnung", "label (German)", property=SKOS + "prefLabel",
                   lang="de", required=True),
            Column("label_en", "Bezeichnung (englisch)", "label (English)",
                   property=SKOS + "prefLabel", lang="en", required=True),
            Column("broader", "Oberbegriff (Code)", "broader concept (code)",
                   property=SKOS + "broader",
                   value_url=_template(lambda key: iris.concept(scheme, key), "broader"))),
        ("code",),
        virtuals=(Virtual("in_scheme", SKOS + "inScheme", str(iris.scheme(scheme))),
                  *(Virtual(f"type_{number}", RDF_TYPE, kind)
                    for number, kind in enumerate(_shared_types(vocabularies, scheme), 1))),
        foreign_keys=(ForeignKey("broader", file, "code"),))
    for item in concepts.concepts.values():
        table.rows.append((item.key, str(iris.concept(scheme, item.key)), item.label_de,
                           item.label_en, item.broader[0] if item.broader else None))
    return table


def _shared_types(vocabularies: Vocabularies, scheme: str) -> list[str]:
    """The classes (rdf:type) that every concept of `scheme` has in the vocabularies."""
    graph, iris = vocabularies.graph, vocabularies.iris
    kinds = [{str(kind) for kind in graph.objects(iris.concept(scheme, key), RDF.type)}
             for key in vocabularies[scheme].concepts]
    return sorted(set.intersection(*kinds)) if kinds else []


# --- the files ---------------------------------------------------------------------------

def csv_bytes(table: Table) -> bytes:
    """The table as RFC 4180 CSV in UTF-8: a header row, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(column.de for column in table.columns)
    writer.writerows(("" if cell is None else cell for cell in row) for row in table.rows)
    return out.getvalue().encode("utf-8")



def xlsx_bytes(tables: list[Table], publication: Publication) -> bytes:
    """gremien.xlsx: a sheet per table; the same bytes for the same tables and settings
    (its creation date is the settings' `modified`)."""
    modified = publication.modified
    return workbook(((table.sheet, [column.de for column in table.columns], table.rows)
                     for table in tables),
                    {"title": publication.title["de"], "author": publication.publisher.name,
                     "created": datetime(modified.year, modified.month, modified.day),
                     "comments": publication.licence.iri})


