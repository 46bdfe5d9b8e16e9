"""The report's table as text extracted from its PDF: the lines read, the report's fields
around the table, the rows (repeated header rows dropped, a row split by a page break
joined again), and words that the column width broke in two rejoined; every repair logged."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gremien_rdf.characters import FIX, describe
from gremien_rdf.errors import Position, fail, position_of, read_utf8
from gremien_rdf.model import COLUMNS
from gremien_rdf.rdf.names import slug

HEADER = tuple(heading for _, heading in COLUMNS)


MONTHS = {
    name: number
    for number, name in enumerate(
        "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"
        .split(),
        start=1,
    )
}


@dataclass(frozen=True)
class Repair:
    """One change the import made to the extracted text, and the rule behind it."""

    line: int
    row: int | None
    column: str
    rule: str
    before: str
    after: str


@dataclass
class RawRow:
    """One data row of the table, its cells joined across page breaks.

    `fragments` keeps, per cell, the (line number, text) pieces it was joined from, so that
    a repair can be logged at the line where its text stands.
    """

    row: int
    line: int
    cells: list[str]
    fragments: list[list[tuple[int, str]]] = field(default_factory=list)

    def line_of(self, column: str, text: str) -> int:
        """The line of the cell fragment that holds `text` (else the row's first line)."""
        for number, fragment in self.fragments[HEADER.index(column)]:
            if text in fragment:
                return number
        return self.line


def read_lines(path: Path) -> list[str]:
    """The file's lines; only "\\n" (or "\\r\\n") ends a line, and a carriage return
    anywhere else is an error (it would end up inside a cell)."""
    text = read_utf8(path)
    lone = re.search(r"\r(?!\n)", text)
    if lone:
        raise fail(position_of(text, lone.start(), str(path)),
                   f"the file holds the character {describe(lone[0])} inside a line", FIX)
    return [line.removesuffix("\r") for line in text.split("\n")]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("\t")]


def front_matter(lines: list[str]) -> dict[str, Any]:
    """The report fields printed above the table.

    Bold blocks (``**…**``, possibly over several lines) are the publisher (the first) and
    the part (the one starting with "Datenanhang"); a plain line between them is the
    publisher's department; the plain lines after the part, up to the month line, are the
    title and the edition; "Tabelle …" is the table's caption.
    """
    report: dict[str, Any] = {}
    plain_before: list[str] = []
    plain_after: list[str] = []
    blocks: list[str] = []
    current: list[str] | None = None
    for line in lines:
        text = line.strip()
        if current is not None or text.startswith("**"):
            current = (current or []) + [text.strip("*")]
            if text.endswith("**") and (len(current) > 1 or len(text) > 2 and text != "**"):
                blocks.append(" ".join(" ".join(current).split()))
                current = None
            continue
        words = text.split()
        if len(words) == 2 and words[0] in MONTHS and words[1].isdigit():
            report["issued"] = f"{words[1]}-{MONTHS[words[0]]:02d}"
        elif text.startswith("Tabelle "):
            report["table"] = text
        elif text and "issued" not in report:
            (plain_after if any(b.startswith("Datenanhang") for b in blocks)
             else plain_before).append(text)
    if blocks:
        report["publisher"] = blocks[0]
    if plain_before and blocks:
        report["department"] = " ".join(plain_before)
    part = next((b for b in blocks if b.startswith("Datenanhang")), None)
    if part:
        report["part"] = part
    if plain_after:
        report["title"] = plain_after[0]
    if len(plain_after) > 1:
        report["edition"] = " ".join(plain_after[1:])
    if "title" in report and "issued" in report:
        report["id"] = f"{slug(report['title'].split()[0])}-{report['issued'][:4]}"
    if part and "table" in report:
        report["table_id"] = slug(f"{part.split(':')[0]} {report['table'].split(':')[0]}")
    return report


def back_matter(lines: list[str], source_note: str) -> dict[str, Any]:
    """The full reference of the work the source note cites, from the bibliography."""
    cited = re.match(r"Quelle:\s*(?P<key>.+?\(\d{4}\))", source_note)
    if not cited:
        return {}
    for line in lines:
        if line.strip().startswith(cited["key"]) and line.strip() != source_note:
            return {"source_citation": line.strip()}
    return {}


def split_table(path: Path, lines: list[str], repairs: list[Repair]) -> tuple[dict, list[RawRow]]:
    """The table's rows and the report fields printed around it.

    Repeated header rows are dropped; a line whose first cell is empty continues the row
    before it (the row was split by a page break), its cells are appended to that row's.
    The table ends at the "Quelle:" line or at the end of the file; any other line without
    cells inside the table (a page footer, say) is an error, so that no row is lost.
    """
    try:
        start = next(i for i, line in enumerate(lines) if tuple(_cells(line)) == HEADER)
    except StopIteration:
        raise fail(
            Position(str(path), 1),
            "no table header found",
            "the table must start with the tab-separated header "
            + " | ".join(HEADER),
        ) from None
    report = front_matter(lines[:start])
    rows: list[RawRow] = []
    end = len(lines)
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        if not line.strip():
            continue
        if "\t" not in line:
            if line.startswith("Quelle:"):
                report["source_note"] = line.strip()
                end = number
                break
            raise fail(
                Position(str(path), number),
                "a line without tab-separated cells inside the table",
                "delete it (a page header or footer?) or end the table with its 'Quelle:' line",
            )
        cells = _cells(line)
        if tuple(cells) == HEADER:
            repairs.append(Repair(number, None, "", "repeated-header", " | ".join(cells), ""))
            continue
        if len(cells) != len(HEADER):
            raise fail(
                Position(str(path), number),
                f"a table row needs {len(HEADER)} tab-separated cells, this one has {len(cells)}",
                "check for a tab that is missing or one too many",
            )
        if cells[0]:
            rows.append(RawRow(len(rows) + 1, number, cells,
                               [[(number, cell)] for cell in cells]))
            continue
        if not rows:
            raise fail(
                Position(str(path), number),
                "a continuation line (empty first cell) before the first row",
                "give the row its Bundesland in the first cell",
            )
        previous = rows[-1]
        for index, fragment in enumerate(cells):
            if not fragment:
                continue
            joined = f"{previous.cells[index]} {fragment}".strip()
            repairs.append(
                Repair(number, previous.row, HEADER[index], "page-break-continuation",
                       fragment, joined)
            )
            previous.cells[index] = joined
            previous.fragments[index].append((number, fragment))
    if not rows:
        raise fail(Position(str(path), start + 1), "the table has no rows",
                   "the header must be followed by tab-separated rows")
    report.update(back_matter(lines[end:], report.get("source_note", "")))
    return report, rows


def repair_broken_words(text: str, lexicon: set[str]) -> str:
    """`text` with words that the column width broke in two joined again.

    Two neighbouring pieces are joined when together they make a word of the vocabularies
    and at least one of them alone does not (``Menschenhand el``, ``Nordrhein- Westfalen``).
    """
    pieces = text.split(" ")
    out: list[str] = []
    for piece in pieces:
        if out:
            left = out[-1].lstrip("(\"„")
            right = piece.rstrip(",.;:)\"“")
            broken = left and right and (left[-1].isalpha() or left[-1] == "-")
            if broken and left + right in lexicon and not (left in lexicon and right in lexicon):
                out[-1] += piece
                continue
        out.append(piece)
    return " ".join(out)
