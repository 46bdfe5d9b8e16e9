"""Load the curated YAML source into records, checking it as it goes.

The YAML is composed into nodes (not constructed into Python objects) so that every value
keeps its line and column. All problems of a file are collected and reported together, each
at ``file:line:column`` with what is wrong and how to fix it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from gremien_rdf.errors import InputError, Position, Problem, command
from gremien_rdf.model import (
    COLUMNS,
    REPORT_FIELDS,
    Body,
    Focus,
    FormerTitle,
    Participant,
    Register,
    Report,
    SourceRow,
)
from gremien_rdf.progress import step
from gremien_rdf.rdf.convert import Conversion, register_graph
from gremien_rdf.rdf.names import check_iri
from gremien_rdf.rdf.vocabularies import Vocabularies, load_vocabularies
from gremien_rdf.source.reader import (
    ID_PATTERN,
    YEARS,
    YamlReader,
    calendar_date,
    parse_yaml,
)

REPORT_KEYS = {key: required for key, required, _ in REPORT_FIELDS}
BODY_KEYS = {
    "id": True, "land": True, "title": True, "title_since": False, "former_titles": False,
    "level": True, "place": False, "focus": True, "participants": True, "frequency": True,
    "source": True,
}
SOURCE_KEYS = {"row": True, **{key: True for key, _ in COLUMNS}}



def load_register(path: Path, vocabularies: Vocabularies) -> Register:
    """The register in the YAML file at `path`; an InputError listing every problem."""
    root = parse_yaml(path)
    reader = YamlReader(path, vocabularies)
    if root is None:
        raise InputError([Problem(Position(str(path), 1), "the file is empty",
                                  f"start from data/gremien.yaml or {command('import')}")])
    top = reader.mapping(root, "the file", {"report": True, "bodies": True})
    report = bodies = None
    if top is not None:
        if "report" in top:
            report = _report(reader, top["report"])
        if "bodies" in top:
            bodies = _bodies(reader, top["bodies"])
    if reader.problems or report is None or bodies is None:
        raise InputError(reader.problems)
    return Register(report, tuple(bodies), str(path))


def _report(reader: YamlReader, node: yaml.Node) -> Report | None:
    values = reader.mapping(node, "report", REPORT_KEYS)
    if values is None:
        return None
    fields = {key: reader.text(values.get(key), f"report.{key}") for key in REPORT_KEYS}
    for key in ("id", "table_id"):
        if fields[key] and not ID_PATTERN.match(fields[key] or ""):
            reader.problem(values[key], f"report.{key} {fields[key]!r} is not a valid id",
                           "use lower-case letters, digits and single hyphens")
            fields[key] = None
    issued = fields["issued"]
    if issued and not calendar_date(issued):
        reader.problem(values["issued"], f"report.issued {issued!r} is not a date of the "
                       "calendar", "write a year, month or day that exists as YYYY, YYYY-MM "
                       "or YYYY-MM-DD (months 01 to 12, years from 0001)")
        fields["issued"] = None
    page = fields["landing_page"]
    problem = check_iri(page) if page else None
    if problem:
        reader.problem(values["landing_page"], f"report.landing_page is not a web address: "
                       f"{problem}", "write the full address, as in https://example.org/page")
        fields["landing_page"] = None
    if any(fields[k] is None for k, required in REPORT_KEYS.items() if required):
        return None
    return Report(position=reader.pos(node), **fields)  # type: ignore[arg-type]



def _bodies(reader: YamlReader, node: yaml.Node) -> list[Body] | None:
    items = reader.sequence(node, "bodies")
    bodies: list[Body] = []
    first_id: dict[str, yaml.Node] = {}
    first_row: dict[int, Body] = {}
    for item in items:
        body = _body(reader, item)
        if body is None:
            continue
        if body.id in first_id:
            other = first_id[body.id].start_mark.line + 1
            reader.problem(item, f"duplicate id {body.id!r}, also used at line {other}",
                           "ids must be unique: change one of them")
            continue
        first_id[body.id] = item
        if body.source.row in first_row:
            other_body = first_row[body.source.row]
            reader.problem(item, f"source row {body.source.row} is also the source of "
                           f"{other_body.id!r} (line {other_body.position.line})",
                           "each body comes from its own row of the table")
        first_row[body.source.row] = body
        bodies.append(body)
    return bodies


def _body(reader: YamlReader, node: yaml.Node) -> Body | None:
    named = next((v.value for k, v in getattr(node, "value", [])
                  if isinstance(node, yaml.MappingNode) and isinstance(k, yaml.ScalarNode)
                  and k.value == "id" and isinstance(v, yaml.ScalarNode) and v.value), None)
    values = reader.mapping(node, f"body {named!r}" if named else "a body", BODY_KEYS)
    if values is None:
        return None
    body_id = reader.text(values.get("id"), "id")
    what = f"body {body_id!r}" if body_id else "a body"
    if body_id and not ID_PATTERN.match(body_id):
        reader.problem(values["id"], f"id {body_id!r} is not a valid id",
                       "use lower-case letters, digits and single hyphens, e.g. 'by-runder-tisch'")
        body_id = None
    before = len(reader.problems)
    fields: dict[str, Any] = {
        "land": reader.concept(values.get("land"), "land", "Land", what),
        "title": reader.text(values.get("title"), f"title of {what}"),
        "title_since": reader.integer(values.get("title_since"), f"title_since of {what}", *YEARS),
        "level": reader.concept(values.get("level"), "ebene", "level", what),
        "place": reader.text(values.get("place"), f"place of {what}"),
        "frequency": reader.concept(values.get("frequency"), "turnus", "frequency", what),
    }
    fields["former_titles"] = tuple(_former_titles(reader, values.get("former_titles"), what))
    fields["focus"] = tuple(_focus(reader, values.get("focus"), what))
    fields["participants"] = tuple(_participants(reader, values.get("participants"), what))
    source = _source_row(reader, values.get("source"), what)
    if len(reader.problems) > before or body_id is None or source is None:
        return None
    return Body(
        id=body_id,
        source=source,
        position=reader.pos(node),
        positions={key: reader.pos(value) for key, value in values.items()},
        **fields,
    )


def _former_titles(reader: YamlReader, node: yaml.Node | None, what: str) -> list[FormerTitle]:
    result: list[FormerTitle] = []
    for item in reader.sequence(node, f"former_titles of {what}"):
        values = reader.mapping(item, f"a former title of {what}", {"title": True, "until": True})
        if values is None:
            continue
        title = reader.text(values.get("title"), f"former title of {what}")
        until = reader.integer(values.get("until"), f"'until' of a former title of {what}", *YEARS)
        if title and until:
            if any(f.until == until for f in result):
                reader.problem(item, f"{what} has two former titles used until {until}",
                               "give each former title its own year")
            result.append(FormerTitle(title, until, reader.pos(item)))
    return result


def _focus(reader: YamlReader, node: yaml.Node | None, what: str) -> list[Focus]:
    keys = {"area": True, "since": False, "note": False}

    def build(values: dict[str, yaml.Node]) -> Focus | None:
        area = reader.concept(values.get("area"), "schwerpunkt", "focus", what)
        since = reader.integer(values.get("since"), f"'since' of a focus of {what}", *YEARS)
        note = reader.text(values.get("note"), f"note of a focus of {what}")
        return Focus(area, since, note, reader.pos(values["area"])) if area else None

    return reader.entries(node, f"focus of {what}", "area", keys, build,
                          lambda f: ("schwerpunkt", f.area))


def _participants(reader: YamlReader, node: yaml.Node | None, what: str) -> list[Participant]:
    keys = {"actor": True, "status": False}

    def build(values: dict[str, yaml.Node]) -> Participant | None:
        actor = reader.concept(values.get("actor"), "akteur", "actor type", what)
        status = reader.concept(values.get("status"), "teilnahmestatus",
                                "participation status", what)
        if "status" in values and status is None:
            return None
        return Participant(actor, status, reader.pos(values["actor"])) if actor else None

    return reader.entries(node, f"participants of {what}", "actor", keys, build,
                          lambda p: ("akteur", p.actor))


def _source_row(reader: YamlReader, node: yaml.Node | None, what: str) -> SourceRow | None:
    if node is None:
        return None
    values = reader.mapping(node, f"source of {what}", SOURCE_KEYS)
    if values is None:
        return None
    row = reader.integer(values.get("row"), f"source row of {what}", 1, 100_000)
    cells = {key: reader.text(values.get(key), f"source {key} of {what}") for key, _ in COLUMNS}
    if row is None or any(v is None for v in cells.values()):
        return None
    return SourceRow(row, cells, reader.pos(node))  # type: ignore[arg-type]


def load(path: Path, base_iri: str) -> tuple[Register, Vocabularies]:
    """The checked register at `path` and the vocabularies (IRIs under `base_iri`)."""
    vocabularies = load_vocabularies(base_iri)
    return load_register(path, vocabularies), vocabularies


def load_converted(path: Path, base_iri: str) -> tuple[Register, Vocabularies, Conversion]:
    """The checked register at `path` (YAML), the vocabularies (IRIs under `base_iri`) and
    the register converted to RDF: the one way from a file to a graph, for building,
    validating and querying alike."""
    with step("reading the register"):
        register, vocabularies = load(path, base_iri)
    with step("converting it to RDF"):
        return register, vocabularies, register_graph(register, vocabularies)
