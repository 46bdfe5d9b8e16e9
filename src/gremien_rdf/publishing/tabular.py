"""The tables described for machines: CSVW metadata (csv-metadata.json, W3C) and a
Frictionless Tabular Data Package (datapackage.json); and every file of the tables."""

from __future__ import annotations

import json
from typing import Any

from gremien_rdf.model import Register
from gremien_rdf.publishing.tables import (
    CSVW_FILE,
    DATAPACKAGE_FILE,
    XLSX_FILE,
    Column,
    Table,
    Virtual,
    build_tables,
    csv_bytes,
    xlsx_bytes,
)
from gremien_rdf.rdf.vocabularies import Vocabularies
from gremien_rdf.settings import Publication


def csvw_metadata(tables: list[Table], publication: Publication) -> bytes:
    """csv-metadata.json: the CSVW table group describing every CSV."""

    def column(col: Column) -> dict[str, Any]:
        # the header as the title; the English name as a description
        described: dict[str, Any] = {"name": col.name, "titles": col.de,
                                     "dc:description": {"@value": col.en, "@language": "en"},
                                     "datatype": col.kind, "required": col.required}
        if col.property is None:
            described["suppressOutput"] = True
        else:
            described["propertyUrl"] = col.property
        for key, value in (("valueUrl", col.value_url), ("aboutUrl", col.about_url),
                           ("lang", col.lang), ("separator", col.separator)):
            if value is not None:
                described[key] = value
        return described

    def virtual(v: Virtual) -> dict[str, Any]:
        return {"name": v.name, "virtual": True, "propertyUrl": v.property,
                "valueUrl": v.value_url, **({"aboutUrl": v.about_url} if v.about_url else {})}

    required = {table.file: {col.name: col.required for col in table.columns}
                for table in tables}
    group = {
        # no default @language: the headers' titles stay of undetermined language, which
        # matches the header row whatever a column's cell language (csvw-functions gives
        # the embedded titles that language)
        "@context": "http://www.w3.org/ns/csvw",
        "dc:title": [{"@value": publication.title["de"], "@language": "de"},
                     {"@value": publication.title["en"], "@language": "en"}],
        "dc:license": {"@id": publication.licence.iri},
        "dc:publisher": publication.publisher.name,
        "dc:modified": {"@value": publication.modified.isoformat(), "@type": "xsd:date"},
        "tables": [{
            "url": table.file,
            "dc:title": [{"@value": table.de, "@language": "de"},
                         {"@value": table.en, "@language": "en"}],
            "tableSchema": {
                "columns": [*map(column, table.columns), *map(virtual, table.virtuals)],
                "primaryKey": list(table.primary_key),
                "aboutUrl": table.about_url,
                # CSVW says nothing of empty cells in a foreign key: only the required
                # columns get one here (datapackage.json has them all)
                **({"foreignKeys": keys} if (keys := [
                    {"columnReference": key.column, "reference": {
                        "resource": key.table, "columnReference": key.target}}
                    for key in table.foreign_keys if required[table.file][key.column]])
                   else {}),
            },
        } for table in tables],
    }
    return (json.dumps(group, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def datapackage(tables: list[Table], publication: Publication) -> bytes:
    """datapackage.json: the Frictionless Data Package of the CSVs."""
    # Frictionless names a field by its header (the German name)
    headers = {table.file: {col.name: col.de for col in table.columns} for table in tables}
    resources = []
    for table in tables:
        named = headers[table.file]
        schema: dict[str, Any] = {
            "fields": [{"name": col.de, "description": col.en, "type": col.kind,
                        **({"constraints": {"required": True}} if col.required else {})}
                       for col in table.columns],
            "primaryKey": [named[key] for key in table.primary_key],
            "missingValues": [""],
        }
        if table.foreign_keys:
            schema["foreignKeys"] = [{
                "fields": named[key.column],
                "reference": {"resource": "" if key.table == table.file
                              else key.table.removesuffix(".csv"),
                              "fields": headers[key.table][key.target]}}
                for key in table.foreign_keys]
        resources.append({
            "name": table.sheet, "path": table.file, "title": table.de,
            "description": table.en, "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "schema": schema})
    package = {
        "profile": "tabular-data-package",
        "name": "gremien",
        "title": publication.title["de"],
        "description": publication.description["de"],
        "version": publication.version,
        "created": f"{publication.issued.isoformat()}T00:00:00Z",
        "homepage": publication.landing_page,
        "licenses": [{"path": publication.licence.iri, "title": publication.licence.label}],
        "resources": resources,
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def table_files(register: Register, vocabularies: Vocabularies,
                publication: Publication) -> dict[str, bytes]:
    """Every file of the tables: the CSVs, csv-metadata.json, datapackage.json and the
    workbook, by name."""
    tables = build_tables(register, vocabularies)
    files = {table.file: csv_bytes(table) for table in tables}
    files[CSVW_FILE] = csvw_metadata(tables, publication)
    files[DATAPACKAGE_FILE] = datapackage(tables, publication)
    files[XLSX_FILE] = xlsx_bytes(tables, publication)
    return files
