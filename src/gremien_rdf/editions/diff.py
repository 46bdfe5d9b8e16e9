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
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from gremien_rdf.model import REPORT_FIELDS, Body, Register
from gremien_rdf.rdf.names import normalise
from gremien_rdf.rdf.vocabularies import Vocabularies
from gremien_rdf.site.counts import counts

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
class Diff:
    """Two versions of a register compared."""

    old: Register
    new: Register
    report: tuple[Change, ...]
    added: tuple[Body, ...]
    removed: tuple[Body, ...]
    matched: tuple[Matched, ...]
    #: per scheme ("land", "akteur"): {key: (bodies before, bodies after)} for every key
    #: whose count differs, by the project's counting rule (site/counts.py)
    summary: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)

    @property
    def changed(self) -> tuple[Matched, ...]:
        return tuple(match for match in self.matched if match.changes)

    @property
    def equal(self) -> bool:
        return not (self.report or self.added or self.removed or self.changed)


def compare(old: Register, new: Register, vocabularies: Vocabularies) -> Diff:
    """The differences between `old` and `new`."""
    pairs = match_bodies(old.bodies, new.bodies)
    found_old = {id(pair[0]) for pair in pairs}
    found_new = {id(pair[1]) for pair in pairs}
    matched = tuple(Matched(a, b, reason, ratio, tuple(body_changes(a, b)))
                    for a, b, reason, ratio in pairs)
    return Diff(
        old, new,
        report=tuple(report_changes(old, new)),
        added=tuple(b for b in new.bodies if id(b) not in found_new),
        removed=tuple(b for b in old.bodies if id(b) not in found_old),
        matched=tuple(sorted(matched, key=lambda m: _order(new, m.new))),
        summary=summary(old, new, vocabularies),
    )


def _order(register: Register, body: Body) -> int:
    return next(n for n, candidate in enumerate(register.bodies) if candidate is body)


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
        return [{"title": f.title, "until": f.until} for f in body.former_titles]
    if name == "focus":
        return [{"area": f.area, "since": f.since, "note": f.note} for f in body.focus]
    if name == "participants":
        return [{"actor": p.actor, "status": p.status} for p in body.participants]
    if name == "source":
        return {"row": body.source.row, **body.source.cells}
    return getattr(body, name)


def body_changes(old: Body, new: Body) -> list[Change]:
    """Every field of the body that differs, in BODY_FIELDS' order."""
    return [Change(name, value(old, name), value(new, name)) for name in BODY_FIELDS
            if value(old, name) != value(new, name)]


def report_changes(old: Register, new: Register) -> list[Change]:
    """Every field of the report (the register's metadata) that differs."""
    return [Change(key, getattr(old.report, key), getattr(new.report, key))
            for key, _, _ in REPORT_FIELDS
            if getattr(old.report, key) != getattr(new.report, key)]


def summary(old: Register, new: Register, vocabularies: Vocabularies
            ) -> dict[str, dict[str, tuple[int, int]]]:
    """Bodies per Land and per actor type, before and after, where the number changed."""
    found: dict[str, dict[str, tuple[int, int]]] = {}
    lands_old = _per_land(old)
    lands_new = _per_land(new)
    found["land"] = {key: (lands_old.get(key, 0), lands_new.get(key, 0))
                     for key in vocabularies["land"].concepts
                     if lands_old.get(key, 0) != lands_new.get(key, 0)}
    actors_old = {key: count.total for key, count in counts(old, vocabularies, "akteur").items()}
    actors_new = {key: count.total for key, count in counts(new, vocabularies, "akteur").items()}
    found["akteur"] = {key: (actors_old.get(key, 0), actors_new.get(key, 0))
                       for key in vocabularies["akteur"].concepts
                       if actors_old.get(key, 0) != actors_new.get(key, 0)}
    return found


def _per_land(register: Register) -> dict[str, int]:
    found: dict[str, int] = {}
    for body in register.bodies:
        found[body.land] = found.get(body.land, 0) + 1
    return found


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
