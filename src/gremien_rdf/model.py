"""The records a register is made of, after loading and checking the YAML source.

Concept references are vocabulary keys (e.g. ``akteur`` key ``lka``); every record keeps the
position of the YAML node it came from, so that later stages can point back to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gremien_rdf.errors import Position

#: The table's columns, in the report's order: YAML key and the column heading.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("land", "Bundesland"),
    ("title", "Titel"),
    ("level", "Ebene"),
    ("focus", "Schwerpunkt"),
    ("participants", "Teilnehmende Akteure"),
    ("frequency", "Turnus"),
)


#: The report's fields in the YAML source, in order: key, required, curated (not printed in
#: the table's text, so kept by hand in the YAML and carried over by `import --curated`).
REPORT_FIELDS: tuple[tuple[str, bool, bool], ...] = (
    ("id", True, True),
    ("title", True, False),
    ("edition", True, False),
    ("publisher", True, False),
    ("department", False, False),
    ("issued", True, False),
    ("part", True, False),
    ("table_id", True, True),
    ("table", True, False),
    ("source_note", True, False),
    ("source_citation", False, False),
    ("landing_page", False, True),
)


@dataclass(frozen=True)
class Participant:
    actor: str
    status: str | None
    position: Position


@dataclass(frozen=True)
class Focus:
    area: str
    since: int | None
    note: str | None
    position: Position


@dataclass(frozen=True)
class FormerTitle:
    title: str
    until: int
    position: Position


@dataclass(frozen=True)
class SourceRow:
    """Where a body stands in the report's table, and its cell texts as printed."""

    row: int
    cells: dict[str, str]
    position: Position


@dataclass(frozen=True)
class Body:
    id: str
    land: str
    title: str
    title_since: int | None
    former_titles: tuple[FormerTitle, ...]
    level: str
    place: str | None
    focus: tuple[Focus, ...]
    participants: tuple[Participant, ...]
    frequency: str
    source: SourceRow
    position: Position
    #: position of each field's value, by YAML key
    positions: dict[str, Position] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    """The report (and its table) that the register is taken from."""

    id: str
    title: str
    edition: str
    publisher: str
    department: str | None
    issued: str
    part: str
    table_id: str
    table: str
    source_note: str
    source_citation: str | None
    landing_page: str | None
    position: Position


@dataclass(frozen=True)
class Register:
    report: Report
    bodies: tuple[Body, ...]
    path: str
