"""What changed between two versions of a register: bodies matched, their changes listed.

Bodies of the old and the new version are matched in three rounds, each over the bodies
the rounds before left unmatched:

1. **by id**: the same id on both sides;
2. **by former title**: the new body lists the old body's title among its former titles
   (or the old one lists the new title: a rename undone), in the same Land;
3. **by similar title**: in the same Land, the pair of titles most alike (difflib's ratio
   of the normalised titles, at least SIMILAR), best pairs first.

What is left is added (new side) or removed (old side). A matched pair whose id, Land or
title differs is reported as such (renamed, with the year where the register gives it;
moved to another Land); every other field is compared as the register holds it: concept
keys, the participations with their status, the verbatim cell texts of the report.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from gremien_rdf.model import REPORT_FIELDS, Body, Register
from gremien_rdf.rdf.concepts import Concept
from gremien_rdf.rdf.names import normalise
from gremien_rdf.rdf.vocabularies import Vocabularies
from gremien_rdf.site.counts import ancestors, counts

#: the least ratio (difflib.SequenceMatcher over the normalised titles) at which two
#: bodies of one Land are taken for one body renamed
SIMILAR = 0.75

#: the fields of a body compared one by one, in the register's order (the id, Land and
#: title, which the match reports, first)
BODY_FIELDS = ("id", "land", "title", "title_since", "former_titles", "level", "place",
               "focus", "participants", "frequency", "source")


@dataclass(frozen=True)
class Change:
    """One field that differs: its name, the old and the new value (JSON values: None,
    strings, numbers, lists and dicts of them)."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Matched:
    """A body found on both sides, how it was found, and what differs."""

    old: Body
    new: Body
    #: "id", "former title" or "similar title"
    reason: str
    #: for "similar title": the ratio of the normalised titles
    similarity: float | None
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Side:
    """One version: the register, the vocabularies its labels were read with, a name."""

    register: Register
    vocabularies: Vocabularies
    name: str


@dataclass(frozen=True)
class ConceptChange:
    """A concept of a vocabulary added, removed, relabelled or moved in the hierarchy, and,
    for a concept of the counted schemes (actor types, focus areas) whose broader concepts
    changed, the effect: the new version's bodies that count for it (by the one rule) now
    count under the broader concepts gained and no longer under those lost."""

    scheme: str
    key: str
    #: "added", "removed", "relabelled" or "moved"
    kind: str
    old: Any
    new: Any
    bodies: tuple[str, ...] = ()
    now_under: tuple[str, ...] = ()
    no_longer_under: tuple[str, ...] = ()


@dataclass(frozen=True)
class Diff:
    """Two versions of a register compared."""

    before: Side
    after: Side
    report: tuple[Change, ...]
    added: tuple[Body, ...]
    removed: tuple[Body, ...]
    matched: tuple[Matched, ...]
    #: the vocabularies' changes, scheme by scheme in SCHEMES' order
    concepts: tuple[ConceptChange, ...] = ()
    #: per scheme ("land", "akteur"): {key: (bodies before, bodies after)} for every key
    #: whose count differs, by the project's counting rule (site/counts.py), each side
    #: counted with its own vocabularies
    summary: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)

    @property
    def old(self) -> Register:
        return self.before.register

    @property
    def new(self) -> Register:
        return self.after.register

    @property
    def changed(self) -> tuple[Matched, ...]:
        return tuple(match for match in self.matched if match.changes)

    @property
    def equal(self) -> bool:
        return not (self.report or self.added or self.removed or self.changed
                    or self.concepts)


def compare(before: Side, after: Side) -> Diff:
    """The differences from `before` to `after`."""
    old, new = before.register, after.register
    pairs = match_bodies(old.bodies, new.bodies)
    found_old = {id(pair[0]) for pair in pairs}
    found_new = {id(pair[1]) for pair in pairs}
    matched = tuple(Matched(a, b, reason, ratio, tuple(body_changes(a, b)))
                    for a, b, reason, ratio in pairs)
    order = {id(body): n for n, body in enumerate(new.bodies)}
    return Diff(
        before, after,
        report=tuple(report_changes(old, new)),
        added=tuple(b for b in new.bodies if id(b) not in found_new),
        removed=tuple(b for b in old.bodies if id(b) not in found_old),
        matched=tuple(sorted(matched, key=lambda m: order[id(m.new)])),
        concepts=tuple(concept_changes(before.vocabularies, after)),
        summary=summary(before, after),
    )


def match_bodies(old: Iterable[Body], new: Iterable[Body]
                 ) -> list[tuple[Body, Body, str, float | None]]:
    """(old body, new body, reason, similarity) for every body found on both sides."""
    left = list(old)
    right = list(new)
    pairs: list[tuple[Body, Body, str, float | None]] = []

    def take(a: Body, b: Body, reason: str, ratio: float | None = None) -> None:
        pairs.append((a, b, reason, ratio))
        left.remove(a)
        right.remove(b)

    by_id = {body.id: body for body in right}
    for body in list(left):
        if body.id in by_id:
            take(body, by_id.pop(body.id), "id")
    for body in list(left):
        title = normalise(body.title)
        formerly = [b for b in right if b.land == body.land and (
            title in {normalise(f.title) for f in b.former_titles}
            or normalise(b.title) in {normalise(f.title) for f in body.former_titles})]
        if len(formerly) == 1:
            take(body, formerly[0], "former title")
    ratios = sorted(
        ((difflib.SequenceMatcher(None, normalise(a.title), normalise(b.title)).ratio(), n, m)
         for n, a in enumerate(left) for m, b in enumerate(right) if a.land == b.land),
        key=lambda item: (-item[0], item[1], item[2]))
    chosen_left: set[int] = set()
    chosen_right: set[int] = set()
    similar = []
    for ratio, n, m in ratios:
        if ratio < SIMILAR:
            break
        if n not in chosen_left and m not in chosen_right:
            chosen_left.add(n)
            chosen_right.add(m)
            similar.append((left[n], right[m], round(ratio, 3)))
    for a, b, ratio in similar:
        take(a, b, "similar title", ratio)
    return pairs


def value(body: Body, name: str) -> Any:
    """A body's field as a JSON value, as the diff compares and shows it."""
    if name == "former_titles":
        return sorted(({"title": f.title, "until": f.until} for f in body.former_titles),
                      key=lambda f: (f["until"], f["title"]))
    if name == "focus":
        return sorted(({"area": f.area, "since": f.since, "note": f.note} for f in body.focus),
                      key=lambda f: f["area"])
    if name == "participants":
        return sorted(({"actor": p.actor, "status": p.status} for p in body.participants),
                      key=lambda p: (p["actor"], p["status"] or ""))
    if name == "source":
        return {"row": body.source.row, **body.source.cells}
    return getattr(body, name)


def body_changes(old: Body, new: Body) -> list[Change]:
    """Every field of the body that differs, in BODY_FIELDS' order."""
    pairs = ((name, value(old, name), value(new, name)) for name in BODY_FIELDS)
    return [Change(name, before, after) for name, before, after in pairs if before != after]


def report_changes(old: Register, new: Register) -> list[Change]:
    """Every field of the report (the register's metadata) that differs."""
    return [Change(key, getattr(old.report, key), getattr(new.report, key))
            for key, _, _ in REPORT_FIELDS
            if getattr(old.report, key) != getattr(new.report, key)]


def summary(before: Side, after: Side) -> dict[str, dict[str, tuple[int, int]]]:
    """Bodies per Land and per actor type, before and after, where the number changed."""
    found: dict[str, dict[str, tuple[int, int]]] = {}
    for scheme in ("land", "akteur"):
        old = _counted(before, scheme)
        new = _counted(after, scheme)
        keys = [*after.vocabularies[scheme].concepts,
                *(k for k in before.vocabularies[scheme].concepts
                  if k not in after.vocabularies[scheme].concepts)]
        found[scheme] = {key: (old.get(key, 0), new.get(key, 0)) for key in keys
                         if old.get(key, 0) != new.get(key, 0)}
    return found


def _counted(side: Side, scheme: str) -> dict[str, int]:
    if scheme == "land":
        return Counter(body.land for body in side.register.bodies)
    return {key: count.total for key, count in
            counts(side.register, side.vocabularies, scheme).items()}


#: the schemes whose concepts bodies are counted for (site/counts.py)
COUNTED = ("akteur", "schwerpunkt")


def concept_changes(old: Vocabularies, after: Side) -> list[ConceptChange]:
    """Every concept added, removed, relabelled (a preferred, alternative or hidden label
    in either language) or moved (its broader concepts) from `old` to the vocabularies of
    `after`; for a moved concept of a counted scheme, the bodies of `after` it moves."""
    new = after.vocabularies
    found: list[ConceptChange] = []
    counted = {scheme: counts(after.register, new, scheme) for scheme in COUNTED}
    for scheme in new.schemes:
        before, now = old[scheme].concepts, new[scheme].concepts
        for key in now:
            if key not in before:
                found.append(ConceptChange(scheme, key, "added", None, _labels(now[key])))
        for key in before:
            if key not in now:
                found.append(ConceptChange(scheme, key, "removed", _labels(before[key]), None))
        for key in (k for k in now if k in before):
            if _labels(before[key]) != _labels(now[key]):
                found.append(ConceptChange(scheme, key, "relabelled", _labels(before[key]),
                                           _labels(now[key])))
            if before[key].broader != now[key].broader:
                count = counted[scheme].get(key) if scheme in COUNTED else None
                found.append(_moved(scheme, key, old, new, count.bodies if count else ()))
    return found


def _labels(concept: Concept) -> dict[str, Any]:
    return {"de": concept.label_de, "en": concept.label_en,
            "alt": list(concept.alt_labels), "hidden": list(concept.hidden_labels)}


def _moved(scheme: str, key: str, old: Vocabularies, new: Vocabularies,
           bodies: tuple[str, ...]) -> ConceptChange:
    """A concept of both versions whose broader concepts changed; `bodies` count for it."""
    was = ancestors(old, scheme, key)[1:]
    now = ancestors(new, scheme, key)[1:]
    return ConceptChange(scheme, key, "moved", list(old[scheme].concepts[key].broader),
                         list(new[scheme].concepts[key].broader), bodies,
                         tuple(k for k in now if k not in was),
                         tuple(k for k in was if k not in now))


def only_the_row(change: Change) -> bool:
    """Whether `change` is a body's row of the report's table and nothing else of its
    source: a body added or removed above it moves it."""
    return change.field == "source" and {
        key for key, old in change.old.items() if change.new.get(key) != old} == {"row"}


def changed_fields(match: Matched) -> tuple[str, ...]:
    """The fields of a matched body that changed, but its title (a rename is said apart)
    and a row of the report's table that only moved."""
    return tuple(change.field for change in match.changes
                 if change.field != "title" and not only_the_row(change))


def renamed_in(match: Matched) -> int | None:
    """The year the new title was taken, where the register gives it: the new body's
    title_since, else the year its former title (the old title) ended."""
    if match.new.title_since is not None:
        return match.new.title_since
    old_title = normalise(match.old.title)
    for former in match.new.former_titles:
        if normalise(former.title) == old_title:
            return former.until
    return None
