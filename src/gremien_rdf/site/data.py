"""The register's triples as the site reads them, without an rdflib Graph of them all.

The bodies' pages cut each body's triples out of the converter's Triples (pages.describe);
the pages of the other resources (the report, its table, the organisations, the catalogue,
the dataset) look their facts up in a small rdflib Graph: the catalogue and the data's
triples whose subject is no body's. What those pages need of the bodies' triples (how many
bodies name a resource, how often the data uses a class or a property) is counted here in
one pass. An rdflib Graph of all triples cost about 10 s at 10,000 bodies (470,000
triples), and the same again to copy it beside the catalogue.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pyoxigraph as ox

from gremien_rdf.rdf.namespaces import Iris
from gremien_rdf.rdf.triples import RDF_TYPE, Triple, Triples


@dataclass
class SiteData:
    """The data split by subject, and the counts the pages show."""

    #: the triples whose subject is no body and no part of one, in the converter's order
    others: list[Triple]
    #: the triples of the bodies and their parts, in the converter's order
    of_bodies: list[Triple]
    #: the IRI of every body under which the bodies' triples lie (gremium/)
    prefix: str
    #: per class IRI, its instances; per property IRI, its statements (the whole data)
    instances: Counter[str] = field(default_factory=Counter)
    statements: Counter[str] = field(default_factory=Counter)

    def named(self) -> list[Triple]:
        """The triples of the bodies (and their parts) that the other triples name: what a
        page of another resource may look up about a value (none in today's data)."""
        wanted = {o.value for _, _, o in self.others
                  if type(o) is ox.NamedNode and o.value.startswith(self.prefix)}
        if not wanted:
            return []
        return [triple for triple in self.of_bodies if triple[0].value in wanted]

    def bodies_naming(self, iris: Iris, resources: set[str]) -> dict[str, set[str]]:
        """Per IRI of `resources`, the bodies whose triples (their own or their parts')
        name it as a value (by IRI, as Iris.body_of gives it)."""
        found: dict[str, set[str]] = {}
        for s, _, o in self.of_bodies:
            if o.value in resources and type(o) is ox.NamedNode:
                body = iris.body_of(s.value)
                assert body is not None  # every subject of of_bodies is under the prefix
                found.setdefault(o.value, set()).add(str(body))
        return found


def site_data(data: Triples, iris: Iris) -> SiteData:
    """`data` split into the bodies' triples and the others, with the uses counted."""
    prefix = str(iris.body(""))  # what Iris.body_of takes for a body's: {base}gremium/
    out = SiteData([], [], prefix)
    for triple in data:
        if triple[0].value.startswith(prefix):
            out.of_bodies.append(triple)
        else:
            out.others.append(triple)
    out.statements.update(p.value for _, p, _ in data)
    out.instances.update(o.value for _, p, o in data if p == RDF_TYPE)
    return out
