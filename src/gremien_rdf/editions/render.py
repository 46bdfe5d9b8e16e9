"""A Diff as text (for a terminal), Markdown (for a pull request or a CI job summary) and
JSON (for programs; its schema is diff.schema.json beside this module).

Text and Markdown name concepts by their label in the language asked for; JSON keeps the
register's keys (the last segment of each concept's IRI), so that a program can compare
them without the vocabularies.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from gremien_rdf.editions.diff import (
    Change,
    ConceptChange,
    Diff,
    Matched,
    only_the_row,
    renamed_in,
)
from gremien_rdf.model import Body, Register

#: the version of the JSON layout (diff.schema.json); a change that can break a reader
#: gets a new number
JSON_VERSION = 1

#: the scheme each field's concept keys belong to
SCHEME_OF = {"land": "land", "level": "ebene", "frequency": "turnus"}

#: the words of each field, in English and German
FIELD_NAMES = {
    "id": ("id", "ID"), "land": ("Land", "Land"), "title": ("title", "Titel"),
    "title_since": ("title since", "Titel seit"), "former_titles": ("former titles",
                                                                    "Frühere Titel"),
    "level": ("level", "Ebene"), "place": ("place", "Ort"), "focus": ("focus", "Schwerpunkt"),
    "participants": ("participants", "Teilnehmende Akteure"),
    "frequency": ("frequency", "Turnus"), "source": ("source text", "Quelltext"),
}


class Words:
    """Labels of concepts and fields in one language: a concept's label of the new side's
    vocabularies, else of the old side's (a concept removed)."""

    def __init__(self, diff: Diff, lang: str):
        self.vocabularies = (diff.after.vocabularies, diff.before.vocabularies)
        self.lang = lang

    def concept(self, scheme: str, key: str | None) -> str:
        if key is None:
            return "—"
        for vocabularies in self.vocabularies:
            found = vocabularies[scheme].concepts.get(key)
            if found is not None:
                return found.label_de if self.lang == "de" else found.label_en
        return key

    def field(self, name: str) -> str:
        english, german = FIELD_NAMES.get(name, (name, name))
        return german if self.lang == "de" else english

    def row(self) -> str:
        return "Zeile der Tabelle" if self.lang == "de" else "row of the report's table"

    def status(self, status: str | None) -> str:
        if status is None:
            return "fest" if self.lang == "de" else "firm"
        return self.concept("teilnahmestatus", status)


def _quoted(text: Any) -> str:
    return "—" if text is None else f"“{text}”"


def describe(change: Change, words: Words) -> list[str]:
    """One change of a body in words: a line, or a line per item of a list."""
    name = change.field
    if name in SCHEME_OF:
        scheme = SCHEME_OF[name]
        return [f"{words.field(name)}: {words.concept(scheme, change.old)} → "
                f"{words.concept(scheme, change.new)}"]
    if name == "focus":
        return _listed(change, "area", "schwerpunkt", words, lambda item: (
            f"since {item['since']}" if item["since"] else "")
            + (f", {item['note']}" if item["note"] else ""))
    if name == "participants":
        return _participants(change, words)
    if name == "former_titles":
        old = {(f["title"], f["until"]) for f in change.old}
        new = {(f["title"], f["until"]) for f in change.new}
        return ([f"{words.field(name)}: + {_quoted(t)} (until {u})" for t, u in
                 sorted(new - old)]
                + [f"{words.field(name)}: − {_quoted(t)} (until {u})" for t, u in
                   sorted(old - new)])
    if name == "source":
        return [f"{words.row()}: {change.old['row']} → {change.new['row']}" if key == "row"
                else f"{words.field(name)}, {key}: {_quoted(change.old.get(key))} → "
                     f"{_quoted(change.new.get(key))}" for key in change.new
                if change.old.get(key) != change.new.get(key)]
    return [f"{words.field(name)}: {_shown(change.old)} → {_shown(change.new)}"]


def _shown(value: Any) -> str:
    """A plain value: a text in quotes, a number as it is, none as a dash."""
    return _quoted(value) if isinstance(value, str) or value is None else str(value)


def _listed(change: Change, key: str, scheme: str, words: Words,
            detail: Callable[[dict], str]) -> list[str]:
    old = {item[key]: item for item in change.old}
    new = {item[key]: item for item in change.new}
    lines = [f"{words.field(change.field)}: + {words.concept(scheme, k)}" for k in new
             if k not in old]
    lines += [f"{words.field(change.field)}: − {words.concept(scheme, k)}" for k in old
              if k not in new]
    lines += [f"{words.field(change.field)}, {words.concept(scheme, k)}: "
              f"{detail(old[k]) or '—'} → {detail(new[k]) or '—'}"
              for k in new if k in old and old[k] != new[k]]
    return lines


def _participants(change: Change, words: Words) -> list[str]:
    def statuses(items: list[dict]) -> dict[str, list[str | None]]:
        found: dict[str, list[str | None]] = {}
        for item in items:
            found.setdefault(item["actor"], []).append(item["status"])
        return found

    old, new = statuses(change.old), statuses(change.new)
    label = words.field("participants")
    lines = []
    for actor, status in new.items():
        if actor not in old:
            lines.append(f"{label}: + {words.concept('akteur', actor)}"
                         + ("" if status == [None] else
                            f" ({', '.join(map(words.status, status))})"))
    for actor, status in old.items():
        if actor not in new:
            lines.append(f"{label}: − {words.concept('akteur', actor)}"
                         + ("" if status == [None] else
                            f" ({', '.join(map(words.status, status))})"))
    for actor, status in new.items():
        if actor in old and old[actor] != status:
            lines.append(f"{label}, {words.concept('akteur', actor)}: "
                         f"{', '.join(map(words.status, old[actor]))} → "
                         f"{', '.join(map(words.status, status))}")
    return lines


def heading(match: Matched, words: Words) -> str:
    """A matched body's line: its id and title, and what became of them."""
    old, new = match.old, match.new
    parts = [f"{new.id} — {new.title} ({words.concept('land', new.land)})"]
    if old.id != new.id:
        parts.append(f"id was {old.id}")
    if old.title != new.title:
        year = renamed_in(match)
        parts.append(f"renamed from {_quoted(old.title)}" + (f" in {year}" if year else ""))
    if old.land != new.land:
        parts.append(f"moved from {words.concept('land', old.land)}")
    if match.reason != "id":
        parts.append(f"matched by {match.reason}"
                     + (f", {match.similarity:.2f}" if match.similarity is not None else ""))
    return "; ".join(parts)


def only_moved_in_table(match: Matched) -> bool:
    """Whether the one change of a body is its row in the report's table: listed apart,
    one line each, so that the changes that matter stand out."""
    return len(match.changes) == 1 and only_the_row(match.changes[0])


def body_line(body: Body, words: Words) -> str:
    return f"{body.id} — {body.title} ({words.concept('land', body.land)})"


#: the fields a matched body's heading already says
IN_HEADING = {"id", "title", "land"}


def body_lines(match: Matched, words: Words) -> list[str]:
    """A changed body in words: its heading, then a line per change the heading does not
    say."""
    return [heading(match, words), *(line for change in match.changes
                                     if change.field not in IN_HEADING
                                     for line in describe(change, words))]


def concept_lines(change: ConceptChange, words: Words) -> list[tuple[str, str]]:
    """A concept's change as (kind, text) lines: the concept, then what it does."""
    name = f"{change.scheme}/{change.key}"
    if change.kind == "added":
        return [("add", f"{name} — {words.concept(change.scheme, change.key)}")]
    if change.kind == "removed":
        return [("remove", f"{name} — {change.old['de' if words.lang == 'de' else 'en']}")]
    if change.kind == "relabelled":
        return [("change", f"{name}: labels changed")] + [
            ("detail", f"{what}: {_shown(change.old[what])} → {_shown(change.new[what])}")
            for what in ("de", "en", "alt", "hidden") if change.old[what] != change.new[what]]
    broader = ", ".join(words.concept(change.scheme, k) for k in change.new) or "—"
    was = ", ".join(words.concept(change.scheme, k) for k in change.old) or "—"
    lines = [("change", f"{name} — {words.concept(change.scheme, change.key)}: broader "
                        f"{was} → {broader}")]
    if change.bodies:
        count = f"the {len(change.bodies)} bodies that name it (or a narrower concept)"
        for gained, under in ((True, change.now_under), (False, change.no_longer_under)):
            if under:
                lines.append(("detail", f"{count} {'now' if gained else 'no longer'} count "
                              f"under {', '.join(words.concept(change.scheme, k) for k in under)}"
                              + (" too" if gained else "")))
        lines.append(("detail", "they are: " + ", ".join(change.bodies)))
    return lines


def _lines(diff: Diff, words: Words) -> list[tuple[str, str]]:
    """The diff as (kind, text) lines; kinds: title, section, add, remove, change,
    detail, count. Shared by text and Markdown."""
    lines: list[tuple[str, str]] = [
        ("title", f"{diff.before.name} ({len(diff.old.bodies)} bodies) → "
                      f"{diff.after.name} ({len(diff.new.bodies)} bodies)")]
    if diff.equal:
        lines.append(("section", "No differences."))
        return lines
    if diff.report:
        lines.append(("section", "Report"))
        lines += [("change", f"{c.field}: {_quoted(c.old)} → {_quoted(c.new)}")
                  for c in diff.report]
    if diff.added:
        lines.append(("section", f"Added ({len(diff.added)})"))
        lines += [("add", body_line(body, words)) for body in diff.added]
    if diff.removed:
        lines.append(("section", f"Removed ({len(diff.removed)})"))
        lines += [("remove", body_line(body, words)) for body in diff.removed]
    changed = [match for match in diff.changed if not only_moved_in_table(match)]
    if changed:
        lines.append(("section", f"Changed ({len(changed)})"))
        for match in changed:
            first, *details = body_lines(match, words)
            lines += [("change", first), *(("detail", text) for text in details)]
    moved = [match for match in diff.changed if only_moved_in_table(match)]
    if moved:
        lines.append(("section", f"Only their row of the report's table changed "
                                     f"({len(moved)})"))
        lines += [("change", f"{match.new.id}: {match.old.source.row} → "
                                 f"{match.new.source.row}") for match in moved]
    if diff.concepts:
        lines.append(("section", f"Vocabularies ({len(diff.concepts)} concepts)"))
        lines += [line for change in diff.concepts for line in concept_lines(change, words)]
    for scheme, title in (("land", "Bodies per Land"),
                          ("akteur", "Bodies per actor type (counted by the one rule)")):
        if diff.summary.get(scheme):
            lines.append(("section", title))
            lines += [("count", f"{words.concept(scheme, key)}: {before} → {after}")
                      for key, (before, after) in diff.summary[scheme].items()]
    return lines


def text(diff: Diff, lang: str = "en", colour: bool = False, escape: bool = False) -> str:
    """The diff for a terminal: + added, − removed, ~ changed; in colour if asked; with
    `escape` (a terminal, coloured or not), control and bidi characters of a name or
    value written as escapes, so that only the colours are escape sequences."""
    import click

    from gremien_rdf.characters import printable

    marks = {"add": ("+ ", "green"), "remove": ("- ", "red"), "change": ("~ ", "yellow"),
             "detail": ("    ", None), "count": ("  ", None)}
    out = []
    for kind, said in _lines(diff, Words(diff, lang)):
        line = printable(said) if escape else said
        if kind == "title":
            out.append(line)
        elif kind == "section":
            out.append(click.style(line, bold=True) if colour else line)
        else:
            mark, hue = marks[kind]
            shown = mark + line
            out.append(click.style(shown, fg=hue) if colour and hue else shown)
    return "\n".join(out) + "\n"


def _markdown_escape(text: str) -> str:
    for character in "\\`*_[]<>|#":
        text = text.replace(character, "\\" + character)
    return text


def markdown(diff: Diff, lang: str = "en") -> str:
    """The diff in GitHub-flavoured Markdown: a heading, a section per kind of change."""
    out = []
    marks = {"add": "- ➕ ", "remove": "- ➖ ", "change": "- ✏️ ", "detail": "  - ",
             "count": "- "}
    for kind, line in _lines(diff, Words(diff, lang)):
        escaped = _markdown_escape(line)
        if kind == "title":
            out.append(f"## Register diff: {escaped}")
        elif kind == "section":
            out += ["", f"### {escaped}", ""] if line != "No differences." else ["", escaped]
        else:
            out.append(marks[kind] + escaped)
    return "\n".join(out).strip("\n") + "\n"


def _body_json(body: Body) -> dict[str, Any]:
    return {"id": body.id, "land": body.land, "title": body.title}


def as_json(diff: Diff) -> str:
    """The diff as JSON (diff.schema.json), keys as the register holds them."""
    data = {
        "gremien-rdf-diff": JSON_VERSION,
        "old": {"name": diff.before.name, "bodies": len(diff.old.bodies)},
        "new": {"name": diff.after.name, "bodies": len(diff.new.bodies)},
        "equal": diff.equal,
        "report": [{"field": c.field, "old": c.old, "new": c.new} for c in diff.report],
        "added": [_body_json(body) for body in diff.added],
        "removed": [_body_json(body) for body in diff.removed],
        "changed": [{
            "old": _body_json(match.old), "new": _body_json(match.new),
            "match": match.reason, "similarity": match.similarity,
            "renamed_in": renamed_in(match) if match.old.title != match.new.title else None,
            "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in match.changes],
        } for match in diff.changed],
        "vocabularies": [{
            "scheme": c.scheme, "key": c.key, "change": c.kind, "old": c.old, "new": c.new,
            "bodies": list(c.bodies), "now_under": list(c.now_under),
            "no_longer_under": list(c.no_longer_under),
        } for c in diff.concepts],
        "summary": {scheme: [{"key": key, "old": before, "new": after}
                             for key, (before, after) in found.items()]
                    for scheme, found in diff.summary.items()},
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def version_notes(diff: Diff, previous: str) -> str:
    """What changed from the version `previous` (diff's old side), in one English text:
    the adms:versionNotes of the DCAT metadata."""
    def ids(bodies: Iterable[Body]) -> str:
        return ", ".join(body.id for body in bodies)

    def bodies(found: list[Body], what: str) -> None:
        if found:
            parts.append(f"{len(found)} {'body' if len(found) == 1 else 'bodies'} {what} "
                         f"({ids(found)})")

    parts: list[str] = []
    bodies(list(diff.added), "added")
    bodies(list(diff.removed), "removed")
    bodies([m.new for m in diff.changed if m.old.title != m.new.title], "renamed")
    bodies([m.new for m in diff.changed if m.old.title == m.new.title], "otherwise changed")
    if diff.report:
        parts.append("the report's " + ", ".join(c.field for c in diff.report))
    if diff.concepts:
        parts.append(f"{len(diff.concepts)} changes of concepts")
    said = "; ".join(parts) if parts else "no change of the data"
    return (f"Changes from version {previous}: {said}. Now {len(diff.new.bodies)} bodies "
            f"(gremien-rdf diff lists every change).")


def first_version_notes(register: Register) -> str:
    """The adms:versionNotes of the first version."""
    return f"The first version: {len(register.bodies)} bodies."
