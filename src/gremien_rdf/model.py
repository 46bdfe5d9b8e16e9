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
    part: str
    table_id: str
    table: str
    publisher: str
    issued: str
    source_note: str
    landing_page: str | None
    position: Position


@dataclass(frozen=True)
class Register:
    report: Report
    bodies: tuple[Body, ...]
    path: str
