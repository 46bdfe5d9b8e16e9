"""Graphs → bytes: Turtle, N-Triples, JSON-LD (publishing/files.py and swap.py write them).

All three are deterministic: the same graph gives the same bytes.
- Turtle is grouped by body: a body's own nodes (participations, focus, source entry)
  follow it, so a change of one body changes only that body's lines.
- N-Triples is sorted line by line.
- JSON-LD holds one object per body with its parts inside, compacted with the published
  context so that keys are short and IRIs relative to the base.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from gremien_rdf import resources
from gremien_rdf.rdf.formats import RDF_FORMATS
from gremien_rdf.rdf.namespaces import Iris

#: format name → file suffix of the data dumps (gremien.ttl, gremien.jsonld, gremien.nt)
FORMATS: dict[str, str] = {fmt.name: fmt.suffix for fmt in RDF_FORMATS}


def context(base: str | None = None) -> dict[str, Any]:
    """The JSON-LD context; with `base` as @base, so that ids come out relative and short.

    The published context.jsonld has no @base: JSON-LD 1.1 ignores @base in a context
    loaded from elsewhere. gremien.jsonld embeds the context with its @base.
    """
    terms = resources.json_ld_context()
    return {"@context": {"@base": base, **terms} if base else dict(terms)}




def serialize(graph: Graph, fmt: str, base: str) -> bytes:
    """`graph` in format `fmt` (a key of FORMATS), IRIs under `base` written short."""
    writers = {"turtle": turtle, "json-ld": json_ld, "nt": lambda g, _: ntriples(g)}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    return writers[fmt](graph, base).encode("utf-8")


def ntriples(graph: Graph) -> str:
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").split("\n")
    return "".join(f"{line}\n" for line in sorted(set(lines)) if line.strip())


def _path_key(term: Node) -> tuple[str, ...]:
    """Sort key that keeps `gremium/x/...` right after `gremium/x` (and before `gremium/x-y`)."""
    return tuple(str(term).split("/"))


class _TurtleTerms:
    """Writes terms as short as Turtle allows: relative IRIs, prefixed names."""

    def __init__(self, graph: Graph, base: str):
        self.base = base
        self.iris = Iris(base)
        self.namespaces = sorted(
            ((prefix, str(ns)) for prefix, ns in graph.namespace_manager.namespaces()),
            key=lambda item: -len(item[1]),
        )
        self.used: set[str] = set()
        self.cache: dict[Any, str] = {}

    def term(self, term: Any) -> str:
        text = self.cache.get(term)
        if text is None:
            text = self.cache[term] = self._term(term)
        return text

    def _term(self, term: Any) -> str:
        if isinstance(term, Literal):
            if term.datatype == XSD.integer and re.fullmatch(r"[+-]?[0-9]+", str(term)):
                return str(term)
            text = term.n3()
            if term.datatype is not None:
                datatype = self.term(URIRef(term.datatype))
                text = text[: text.rindex("^^") + 2] + datatype
            return text
        iri = str(term)
        for prefix, namespace in self.namespaces:
            local = iri[len(namespace):]
            if iri.startswith(namespace) and local and _is_local_name(local):
                self.used.add(prefix)
                return f"{prefix}:{local}"
        path = self.iris.relative(iri) if self.base else None
        if path is not None and _is_relative_safe(path):
            return f"<{path}>"
        return term.n3()


def _is_local_name(local: str) -> bool:
    return (local[0].isalpha() or local[0] == "_") and all(
        c.isalnum() or c in "_-" for c in local
    )


def _is_relative_safe(path: str) -> bool:
    return bool(path) and ":" not in path.split("/")[0] and all(
        c.isalnum() or c in "-_./" for c in path
    )


def turtle(graph: Graph, base: str) -> str:
    """Turtle grouped by subject path, predicates and objects sorted, no blank nodes."""
    terms = _TurtleTerms(graph, base)
    blocks: list[str] = []
    for subject in sorted(set(graph.subjects()), key=_path_key):
        predicates = sorted(
            set(graph.predicates(subject)),
            key=lambda p: (p != RDF.type, terms.term(p)),
        )
        lines = []
        for predicate in predicates:
            objects = sorted(terms.term(o) for o in graph.objects(subject, predicate))
            name = "a" if predicate == RDF.type else terms.term(predicate)
            lines.append(f"    {name} " + ",\n        ".join(objects))
        blocks.append(f"{terms.term(subject)}\n" + " ;\n".join(lines) + " .\n")
    header = [f"@base <{base}> ."] if base else []
    header += [
        f"@prefix {prefix}: <{namespace}> ."
        for prefix, namespace in sorted(terms.namespaces)
        if prefix in terms.used
    ]
    return "\n".join(header) + "\n\n" + "\n".join(blocks)


#: node types that stand at the top of the JSON-LD @graph
TOP_TYPES = ("Body", "Report", "Organization", "OrganizationalUnit", "SourceTable")
#: terms whose objects are written inside their subject's object
EMBEDDED = ("participations", "focusAssignments", "formerNames", "derivedFrom")


class _Compactor:
    """Compacts triples with our context: short keys, relative ids, plain values.

    Handles exactly what the context defines (@id/@type coercion, @language, datatypes,
    @set); a value no term fits keeps its expanded form under a compact IRI, so no
    triple is ever lost. Tests check the result against pyld and rdflib.
    """

    def __init__(self, graph: Graph, ctx: dict[str, Any], base: str):
        self.graph = graph
        self.base = base
        self.iris = Iris(base)
        terms = ctx["@context"]
        self.prefixes = {
            k: v for k, v in terms.items()
            if not k.startswith("@") and isinstance(v, str) and v.endswith(("#", "/"))
        }
        self.classes = {
            self.expand(v): k for k, v in terms.items()
            if isinstance(v, str) and not v.endswith(("#", "/")) and k[0].isupper()
        }
        self.terms: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for term, definition in terms.items():
            if term.startswith("@") or term in self.prefixes or term in ("id", "type"):
                continue
            definition = {"@id": definition} if isinstance(definition, str) else definition
            self.terms.setdefault(self.expand(definition["@id"]), []).append((term, definition))
        self.embed_properties = {
            self.expand(definition["@id"] if isinstance(definition, dict) else definition)
            for term, definition in terms.items() if term in EMBEDDED
        }

    def expand(self, value: str) -> str:
        prefix, colon, local = value.partition(":")
        return self.prefixes[prefix] + local if colon and prefix in self.prefixes else value

    def iri(self, iri: str, vocab: bool = False) -> str:
        path = None if vocab else self.iris.relative(iri)
        if path:
            return path
        for prefix, namespace in self.prefixes.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return iri

    def value(self, obj: Any, definition: dict[str, Any]) -> Any | None:
        """`obj` compacted under `definition`, or None if the term does not fit it."""
        kind = definition.get("@type")
        if isinstance(obj, URIRef):
            return self.iri(str(obj)) if kind == "@id" else None
        if not isinstance(obj, Literal):
            return None
        if obj.language:
            return str(obj) if definition.get("@language") == obj.language else None
        if "@language" in definition:
            return None
        datatype = str(obj.datatype) if obj.datatype else None
        if kind is not None:
            return str(obj) if datatype == self.expand(kind) else None
        if datatype in (None, str(XSD.string)):
            return str(obj)
        if datatype == str(XSD.integer) and re.fullmatch(r"[+-]?[0-9]+", str(obj)):
            return int(obj)
        return None

    def fallback(self, obj: Any) -> Any:
        if isinstance(obj, URIRef):
            return {"id": self.iri(str(obj))}
        out: dict[str, Any] = {"@value": str(obj)}
        if obj.language:
            out["@language"] = obj.language
        elif obj.datatype:
            out["@type"] = self.iri(str(obj.datatype), vocab=True)
        return out

    def node(self, subject: URIRef, embedded: set[URIRef]) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.iri(str(subject))}
        types = sorted(
            self.classes.get(str(t), self.iri(str(t), vocab=True))
            for t in self.graph.objects(subject, RDF.type)
        )
        if types:
            out["type"] = types[0] if len(types) == 1 else types
        values: dict[str, list[Any]] = {}
        sets: set[str] = set()
        for predicate, obj in self.graph.predicate_objects(subject):
            if predicate == RDF.type:
                continue
            if str(predicate) in self.embed_properties and isinstance(obj, URIRef):
                term, definition = self.terms[str(predicate)][0]
                values.setdefault(term, []).append(self.node(obj, embedded))
                embedded.add(obj)
                if definition.get("@container") == "@set":
                    sets.add(term)
                continue
            for term, definition in self.terms.get(str(predicate), []):
                compacted = self.value(obj, definition)
                if compacted is not None:
                    values.setdefault(term, []).append(compacted)
                    if definition.get("@container") == "@set":
                        sets.add(term)
                    break
            else:
                key = self.iri(str(predicate), vocab=True)
                values.setdefault(key, []).append(self.fallback(obj))
        for key in sorted(values):
            items = sorted(values[key], key=lambda v: json.dumps(v, sort_keys=True))
            out[key] = items if len(items) > 1 or key in sets else items[0]
        return out


def json_ld(graph: Graph, base: str) -> str:
    """One object per body, its participations, focus and source inside; compact keys."""
    ctx = context(base)
    compactor = _Compactor(graph, ctx, base)
    top_types = {t for t, name in ((c, compactor.classes[c]) for c in compactor.classes)
                 if name in TOP_TYPES}
    subjects = sorted({s for s in graph.subjects() if isinstance(s, URIRef)}, key=_path_key)
    nested = {o for p in compactor.embed_properties for o in graph.objects(None, URIRef(p))}
    tops = [s for s in subjects
            if set(map(str, graph.objects(s, RDF.type))) & top_types and s not in nested]
    embedded: set[URIRef] = set()
    nodes = [compactor.node(s, embedded) for s in tops]
    written = set(tops)  # made once: a set per subject made this quadratic
    nodes += [compactor.node(s, embedded) for s in subjects
              if s not in embedded and s not in written]
    document = {**ctx, "@graph": nodes}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
