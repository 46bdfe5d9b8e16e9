"""Import the register from the report's table, as extracted from the PDF.

The text is messy (see DESIGN.md): page breaks repeat the header and split rows, the column
width breaks words, actor lists use suspended hyphens and qualifications, one value has
several spellings, renamed bodies carry their history in the title. Each of these is
repaired by a rule, guided by the vocabularies, never by a per-row patch; every repair is
logged (line, row, column, rule, text before, text after). The result is a draft of the
curated YAML source.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gremien_rdf.characters import FIX, describe
from gremien_rdf.errors import Position, fail, option, position_of, read_utf8
from gremien_rdf.model import COLUMNS, REPORT_FIELDS, Body, Register
from gremien_rdf.rdf.namespaces import slug
from gremien_rdf.rdf.vocabularies import Match, Vocabularies, normalise

HEADER = tuple(heading for _, heading in COLUMNS)
MONTHS = {
    name: number
    for number, name in enumerate(
        "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"
        .split(),
        start=1,
    )
}
RENAME = re.compile(r"^(?P<former>.+?)[\s.;,]*\b[Ss]eit (?P<year>\d{4}):\s*(?P<current>.+)$")
FOCUS_SINCE = re.compile(r"^[Ss]eit (?P<year>\d{4}) auch (?P<area>.+)$")
TRAILING_NOTE = re.compile(r"^(?P<main>.+?)\s*\((?P<note>[^()]+)\)$")
ITEM = re.compile(r"^(?P<head>[^()]*?)\s*(?:\((?P<inner>[^()]*)\))?$")


DRAFT_HEADER = """\
# Register of the coordinating bodies against human trafficking in the German Länder.
# Curated source of truth for gremien-rdf: edit it in pull requests; `make` checks it.
#
# Drafted by `gremien-rdf import` from the report's table (data/source/); every repair of
# the extracted text is in the repair log. Curated here, not in the table: the ids, each
# body's place, the report's id, table_id and landing_page. Everything else, including
# the verbatim cell texts under `source`, is reproduced by the import (tests check it).
#
# Labels (land, level, focus, actor, status, frequency) are those of the vocabularies in
# ontology/vocabularies/; an abbreviation or other known spelling is accepted too.
"""


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


@dataclass
class Draft:
    """What the import produces: report fields, one record per body, the repair log."""

    report: dict[str, Any]
    bodies: list[dict[str, Any]]
    repairs: list[Repair] = field(default_factory=list)


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


class _RowReader:
    """Interprets the cells of one row; records every repair it makes."""

    def __init__(self, path: Path, raw: RawRow, vocabularies: Vocabularies,
                 repairs: list[Repair]):
        self.path = path
        self.raw = raw
        self.vocabularies = vocabularies
        self.repairs = repairs

    def log(self, column: str, rule: str, before: str, after: str) -> None:
        line = self.raw.line_of(column, before)
        self.repairs.append(Repair(line, self.raw.row, column, rule, before, after))

    def resolve(self, scheme: str, text: str, column: str, what: str) -> Match:
        match = self.vocabularies[scheme].resolve(
            text, Position(str(self.path), self.raw.line), what, f" in row {self.raw.row}"
        )
        if match.kind in ("hiddenLabel", "normalised"):
            self.log(column, "spelling-variant", text, match.concept.label_de)
        elif match.kind == "altLabel":
            self.log(column, "alternative-label", text, match.concept.label_de)
        return match

    def title(self, cell: str) -> dict[str, Any]:
        renamed = RENAME.match(cell)
        if not renamed:
            return {"title": cell}
        year = int(renamed["year"])
        former, current = renamed["former"].strip(), renamed["current"].strip()
        self.log("Titel", "renamed-body", cell,
                 f"{current} (since {year}); former name: {former} (until {year})")
        return {
            "title": current,
            "title_since": year,
            "former_titles": [{"title": former, "until": year}],
        }

    def focus(self, cell: str) -> list[Any]:
        noted = TRAILING_NOTE.match(cell)
        if noted is None or self.vocabularies["schwerpunkt"].lookup(cell) is not None:
            return [self.resolve("schwerpunkt", cell, "Schwerpunkt", "focus").concept.label_de]
        main = self.resolve("schwerpunkt", noted["main"], "Schwerpunkt", "focus").concept
        note = noted["note"].strip()
        since = FOCUS_SINCE.match(note)
        if since:
            # "Menschenhandel / sexuelle Ausbeutung (seit 2024 auch Arbeitsausbeutung)": the
            # added area continues the main value, "Menschenhandel / Arbeitsausbeutung".
            stem = main.label_de.rpartition(" / ")[0]
            area = f"{stem} / {since['area']}" if stem else since["area"]
            extra = self.resolve("schwerpunkt", area, "Schwerpunkt", "focus").concept
            year = int(since["year"])
            self.log("Schwerpunkt", "focus-since", f"({note})",
                     f"{extra.label_de}, since {year}")
            return [main.label_de, {"area": extra.label_de, "since": year}]
        self.log("Schwerpunkt", "focus-note", f"({note})", f"note: {note}")
        return [{"area": main.label_de, "note": note}]

    def participants(self, cell: str) -> list[Any]:
        entries: list[tuple[str, str | None]] = []
        for item in self._expand_suspended_hyphens(_split_top_level(cell)):
            entries.extend(self._item(item))
        seen: set[str] = set()
        result: list[Any] = []
        for actor, status in entries:
            if actor in seen:
                raise fail(
                    Position(str(self.path), self.raw.line),
                    f"row {self.raw.row} lists the actor type {actor!r} twice",
                    "remove one of them from the cell",
                )
            seen.add(actor)
            result.append({"actor": actor, "status": status} if status else actor)
        return result

    def _expand_suspended_hyphens(self, items: list[str]) -> list[str]:
        """``Ordnungs-, Gesundheits-, Finanzbehörden`` → three complete items."""
        out: list[str] = []
        pending: list[str] = []
        for item in items:
            if item.endswith("-") and "(" not in item:
                pending.append(item)
                continue
            if pending:
                head = self._compound_head(pending, item)
                for stem in pending:
                    self.log("Teilnehmende Akteure", "suspended-hyphen", stem, stem[:-1] + head)
                    out.append(stem[:-1] + head)
                pending = []
            out.append(item)
        if pending:
            raise fail(
                Position(str(self.path), self.raw.line),
                f"row {self.raw.row}: {pending[-1]!r} ends with a hyphen but no word follows",
                "complete the word, e.g. 'Ordnungs-, Gesundheitsbehörden'",
            )
        return out

    def _compound_head(self, stems: list[str], last: str) -> str:
        actors = self.vocabularies["akteur"]
        for cut in range(1, len(last)):
            head = last[cut:]
            if head[0].islower() and all(actors.lookup(s[:-1] + head) for s in stems):
                return head
        raise fail(
            Position(str(self.path), self.raw.line),
            f"row {self.raw.row}: cannot complete {', '.join(stems)} from {last!r}",
            "add the complete actor types to ontology/vocabularies/akteure.ttl",
        )

    def _status_prefix(self, text: str) -> tuple[str | None, str]:
        """``ggf. Weitere`` → (``gegebenenfalls``, ``Weitere``)."""
        statuses = self.vocabularies["teilnahmestatus"]
        for label in sorted(statuses.labels(), key=len, reverse=True):
            if normalise(text).startswith(normalise(label) + " "):
                status = statuses.resolve(label, None, "participation status")
                return status.concept.label_de, text[len(label) :].strip()
        return None, text

    def _item(self, item: str) -> list[tuple[str, str | None]]:
        column = "Teilnehmende Akteure"
        parts = ITEM.match(item)
        if not parts:
            raise fail(
                Position(str(self.path), self.raw.line),
                f"row {self.raw.row}: cannot read the actor list item {item!r}",
                "write actor types separated by commas; qualify them as '(geplant: FBS)'",
            )
        head, inner = parts["head"].strip(), parts["inner"]
        statuses = self.vocabularies["teilnahmestatus"]
        if inner is None:
            status, rest = self._status_prefix(head)
            actor = self.resolve("akteur", rest, column, "actor type").concept.label_de
            if status:
                self.log(column, "qualified-participation", item, f"{actor} (status: {status})")
            return [(actor, status)]
        result: list[tuple[str, str | None]] = []
        head_status = statuses.lookup(head) if head else None
        if head and head_status is None:
            result.append((self.resolve("akteur", head, column, "actor type").concept.label_de,
                           None))
        inner_status = head_status.concept.label_de if head_status else None
        label, colon, listed = inner.partition(":")
        if colon:
            inner_status = self.resolve("teilnahmestatus", label.strip(), column,
                                        "participation status").concept.label_de
            inner = listed
        for name in _split_top_level(inner):
            actor = self.resolve("akteur", name, column, "actor type").concept.label_de
            result.append((actor, inner_status))
        after = "; ".join(f"{a} (status: {s})" if s else a for a, s in result)
        rule = "qualified-participation" if inner_status else "participant-detail"
        self.log(column, rule, item, after)
        return result


def _split_top_level(text: str) -> list[str]:
    """`text` split at commas outside parentheses."""
    items, depth, current = [], 0, ""
    for char in text:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    items.append(current.strip())
    return [item for item in items if item]


def draft_id(land_key: str, title: str, max_length: int = 48) -> str:
    """A readable id: the Land's ISO suffix and the title's first words."""
    words = slug(title).split("-")
    kept: list[str] = []
    for word in words:
        if kept and len("-".join([*kept, word])) > max_length:
            break
        kept.append(word)
    return f"{land_key.split('-')[-1].lower()}-{'-'.join(kept)}"


CuratedIndex = Callable[[str, str], Body | None]


def curated_index(curated: Register | None) -> CuratedIndex:
    """Finds a curated body by Land and (current or former) title, to keep its id and place."""
    table: dict[tuple[str, str], Body] = {}
    for body in curated.bodies if curated else ():
        for title in (body.title, *(f.title for f in body.former_titles)):
            table[(body.land, normalise(title))] = body
    return lambda land, title: table.get((land, normalise(title)))


def import_table(path: Path, vocabularies: Vocabularies,
                 curated: Register | None = None) -> Draft:
    """Read the table text at `path` into a draft register."""
    repairs: list[Repair] = []
    lines = read_lines(path)
    report, raw_rows = split_table(path, lines, repairs)
    lexicon = vocabularies.lexicon()
    find_curated = curated_index(curated)
    bodies: list[dict[str, Any]] = []
    ids: set[str] = set()
    for raw in raw_rows:
        for index, (_, heading) in enumerate(COLUMNS):
            repaired = repair_broken_words(raw.cells[index], lexicon)
            if repaired != raw.cells[index]:
                repairs.append(Repair(raw.line_of(heading, raw.cells[index]), raw.row, heading,
                                      "broken-word", raw.cells[index], repaired))
                raw.cells[index] = repaired
        bodies.append(_body(path, raw, vocabularies, repairs, find_curated, ids))
    report = _report_fields(path, report, curated)
    repairs.sort(key=lambda r: r.line)
    return Draft(report, bodies, repairs)


def _report_fields(path: Path, found: dict[str, Any], curated: Register | None) -> dict[str, Any]:
    """The report's fields in YAML order: curated ones from the curated register, the others
    from the text (or, where the text lacks them, from the curated register)."""
    report: dict[str, Any] = {}
    for key, _, is_curated in REPORT_FIELDS:
        kept = getattr(curated.report, key) if curated else None
        value = kept if (is_curated and kept) else found.get(key) or kept
        if value:
            report[key] = value
    missing = [key for key, required, _ in REPORT_FIELDS if required and key not in report]
    if missing:
        raise fail(
            Position(str(path), 1),
            f"the text above and below the table does not give the report's {', '.join(missing)}",
            "the PDF's title page (publisher and part in bold, title, edition, month and "
            f"year, 'Tabelle …' caption) must precede the table; or pass {option('curated')}",
        )
    return report


def _body(path: Path, raw: RawRow, vocabularies: Vocabularies, repairs: list[Repair],
          find_curated: CuratedIndex, ids: set[str]) -> dict[str, Any]:
    reader = _RowReader(path, raw, vocabularies, repairs)
    cells = dict(zip((key for key, _ in COLUMNS), raw.cells, strict=True))
    land = reader.resolve("land", cells["land"], "Bundesland", "Land").concept
    titles = reader.title(cells["title"])
    known = next(
        filter(None, (find_curated(land.key, t) for t in _titles_of(titles))), None
    )
    if known and known.id in ids:
        raise fail(
            Position(str(path), raw.line),
            f"row {raw.row} matches the curated body {known.id!r}, as an earlier row does",
            "two rows of one Land share a title: give them distinct titles in the curated "
            f"file, or import without {option('curated')} and curate the ids by hand",
        )
    body_id = known.id if known else draft_id(land.key, titles["title"])
    base_id, n = body_id, 2
    while body_id in ids:  # a provisional draft id; curation makes it meaningful
        body_id, n = f"{base_id}-{n}", n + 1
    ids.add(body_id)
    body: dict[str, Any] = {"id": body_id, "land": land.label_de, **titles}
    body["level"] = reader.resolve("ebene", cells["level"], "Ebene", "level").concept.label_de
    if known and known.place:
        body["place"] = known.place
    body["focus"] = reader.focus(cells["focus"])
    body["participants"] = reader.participants(cells["participants"])
    body["frequency"] = reader.resolve(
        "turnus", cells["frequency"], "Turnus", "frequency"
    ).concept.label_de
    body["source"] = {"row": raw.row, **cells}
    return body


def _titles_of(titles: dict[str, Any]) -> list[str]:
    return [titles["title"], *(f["title"] for f in titles.get("former_titles", []))]


def repairs_tsv(repairs: list[Repair]) -> str:
    """The repair log as tab-separated values with a header line."""
    def clean(value: object) -> str:
        return "" if value is None else str(value).replace("\t", " ").replace("\n", " ")

    lines = ["line\trow\tcolumn\trule\tbefore\tafter"]
    lines += [
        "\t".join(clean(v) for v in (r.line, r.row, r.column, r.rule, r.before, r.after))
        for r in repairs
    ]
    return "\n".join(lines) + "\n"


def rule_counts(repairs: list[Repair]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for repair in repairs:
        counts[repair.rule] = counts.get(repair.rule, 0) + 1
    return dict(sorted(counts.items()))



def draft_yaml(draft: Draft) -> str:
    """The draft register as YAML, one line per value, in the table's order."""
    import yaml

    body = yaml.safe_dump(
        {"report": draft.report, "bodies": draft.bodies},
        allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False,
    )
    return DRAFT_HEADER + "\n" + body
