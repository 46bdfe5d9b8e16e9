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

from gremien_rdf.errors import Position, fail, option
from gremien_rdf.model import COLUMNS, REPORT_FIELDS, Body, Register
from gremien_rdf.rdf.names import slug
from gremien_rdf.rdf.vocabularies import Match, Vocabularies, normalise
from gremien_rdf.source.pdftext import (
    RawRow,
    Repair,
    read_lines,
    repair_broken_words,
    split_table,
)

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



@dataclass
class Draft:
    """What the import produces: report fields, one record per body, the repair log."""

    report: dict[str, Any]
    bodies: list[dict[str, Any]]
    repairs: list[Repair] = field(default_factory=list)



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
