"""The one counting rule of gremien-rdf, for every place that gives a number of bodies.

A body counts for a concept (an actor type, a focus area) **once**, if it names the
concept **or a narrower one**: a body with the LKA at the table counts for
Landeskriminalamt, for Landespolizei and for Polizei; one with FBS counts for
Fachberatungsstellen and for Zivilgesellschaft. Participation counts **whatever its
status**: planned, occasional, possible or changing participation included. Beside that
number each surface gives the two readings that differ from it where they do:

- `direct`: the bodies that name the concept itself (31 name "Polizei"; 36 with LKA, BKA,
  Bundespolizei and Landespolizei);
- `firm` and `qualified`: the bodies where at least one participation of the concept (or a
  narrower one) has no status, and those where every such participation is qualified, by
  status (FBS: 24 bodies, 21 firm, 3 qualified: planned 1, changing 1, occasional 1).

The index's charts and filters, the concept pages and their scheme pages, the stored
queries bodies-with-actor, bodies-by-focus and actor-co-occurrence, and the README use this
rule; tests/test_counts.py computes each count once from the graph (or the CSVs) and checks
every surface against it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from gremien_rdf.model import Body, Register
from gremien_rdf.rdf.vocabularies import Vocabularies


@dataclass(frozen=True)
class Count:
    """The bodies that count for one concept, by the rule above."""

    bodies: tuple[str, ...]  # ids, in the register's order
    direct: tuple[str, ...]
    firm: tuple[str, ...] = ()
    #: the bodies whose participations of the concept are all qualified, by status key (a
    #: body with two different statuses counts under the first in the vocabulary's order)
    qualified: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.bodies)

    @property
    def qualified_total(self) -> int:
        return sum(self.qualified.values())


def ancestors(vocabularies: Vocabularies, scheme: str, key: str) -> list[str]:
    """`key` and each of its broader concepts, nearest first."""
    found: list[str] = []
    todo = [key]
    while todo:
        current = todo.pop(0)
        if current not in found:
            found.append(current)
            todo.extend(vocabularies[scheme].concepts[current].broader)
    return found


def _named(body: Body, scheme: str) -> list[tuple[str, str | None]]:
    """The concepts of `scheme` that `body` names, with the participation's status."""
    if scheme == "akteur":
        return [(p.actor, p.status) for p in body.participants]
    if scheme == "schwerpunkt":
        return [(f.area, None) for f in body.focus]
    raise ValueError(f"no counting rule for the scheme {scheme!r}")


def counts(register: Register, vocabularies: Vocabularies, scheme: str) -> dict[str, Count]:
    """The Count of every concept of `scheme` ("akteur" or "schwerpunkt") that at least
    one body names, directly or through a narrower concept."""
    statuses = list(vocabularies["teilnahmestatus"].concepts)
    # ids as the keys of dicts: in the register's order, each once, found in constant time
    bodies: dict[str, dict[str, None]] = {}
    direct: dict[str, dict[str, None]] = {}
    status_of: dict[str, dict[str, list[str | None]]] = {}
    for body in register.bodies:
        for key, status in _named(body, scheme):
            direct.setdefault(key, {})[body.id] = None
            for concept in ancestors(vocabularies, scheme, key):
                bodies.setdefault(concept, {})[body.id] = None
                status_of.setdefault(concept, {}).setdefault(body.id, []).append(status)
    rank = {status: index for index, status in enumerate(statuses)}
    result = {}
    for concept, ids in bodies.items():
        firm = tuple(i for i in ids if None in status_of[concept][i])
        qualified: Counter[str] = Counter()
        for i in ids:
            found = [s for s in status_of[concept][i] if s is not None]
            if None not in status_of[concept][i]:
                qualified[min(found, key=rank.__getitem__)] += 1
        result[concept] = Count(tuple(ids), tuple(direct.get(concept, ())), firm,
                                {s: qualified[s] for s in statuses if qualified[s]})
    return result
