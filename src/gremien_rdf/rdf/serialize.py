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
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from gremien_rdf import resources
from gremien_rdf.rdf import triples
from gremien_rdf.rdf.formats import RDF_FORMATS
from gremien_rdf.rdf.names import relative
from gremien_rdf.rdf.triples import (
    RDF_TYPE,
    XSD_INTEGER,
    XSD_STRING,
    Object,
    Subject,
    SubjectIndex,
    Triples,
    quote,
)

if TYPE_CHECKING:
    from rdflib import Graph

#: format name → file suffix of the data dumps (gremien.ttl, gremien.jsonld, gremien.nt)
FORMATS: dict[str, str] = {fmt.name: fmt.suffix for fmt in RDF_FORMATS}


def context(base: str | None = None) -> dict[str, Any]:
    """The JSON-LD context; with `base` as @base, so that ids come out relative and short.

    The published context.jsonld has no @base: JSON-LD 1.1 ignores @base in a context
    loaded from elsewhere. gremien.jsonld embeds the context with its @base.
    """
    terms = resources.json_ld_context()
    return {"@context": {"@base": base, **terms} if base else dict(terms)}




def serialize(data: Triples | Graph, fmt: str, base: str) -> bytes:
    """`data` in format `fmt` (a key of FORMATS), IRIs under `base` written short."""
    return "".join(chunks(data, fmt, base)).encode("utf-8")


def chunks(data: Triples | Graph, fmt: str, base: str,
           index: SubjectIndex | None = None) -> Iterator[str]:
    """`data` in format `fmt` as pieces of text (a subject, a body at a time), to be written
    as they come: what `serialize` joins, without the whole text in memory. `index`: the
    data's `by_subject()`, if it is made already (the three formats share one)."""
    writers = {"turtle": turtle_chunks, "json-ld": json_ld_chunks, "nt": ntriples_chunks}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    triples = as_triples(data)
    return writers[fmt](triples, base, triples.by_subject() if index is None else index)


def as_triples(data: Triples | Graph) -> Triples:
    """Triples as they are; an rdflib Graph (the metadata, the vocabularies) converted to
    pyoxigraph's terms, which are RDF 1.1's: a literal typed xsd:string is written as a
    plain one, a language tag in lower case, and a literal rdflib changed on reading
    ("INF"^^xsd:double) as pyoxigraph gives it. None of the graphs gremien-rdf writes has
    such a literal: their bytes are those of the rdflib writers before (tests/test_triples)."""
    if isinstance(data, Triples):
        return data
    from gremien_rdf.rdf.oxigraph import triples_of

    return triples_of(data)


def ntriples(data: Triples | Graph) -> str:
    return "".join(chunks(data, "nt", ""))


def ntriples_chunks(data: Triples, base: str, index: SubjectIndex) -> Iterator[str]:
    """N-Triples, one line per triple, the lines sorted as text, a subject at a time.

    Sorting by subject first and then by line gives the order of sorting all lines: a
    line starts with its subject and a space, and no subject's N-Triples form is the start
    of another's followed by a character below the space (an IRI ends in ">", a blank
    node's label is letters and digits)."""
    nt = triples.nt
    for subject in sorted(index, key=nt):
        head = nt(subject)
        lines = sorted({f"{head} {nt(p)} {nt(o)} ." for p, objects in index[subject].items()
                        for o in objects})
        yield "".join(f"{line}\n" for line in lines)


def _path_key(term: Object) -> tuple[str, ...]:
    """Sort key that keeps `gremium/x/...` right after `gremium/x` (and before `gremium/x-y`)."""
    return tuple(term.value.split("/"))


class _TurtleTerms:
    """Writes terms as short as Turtle allows: relative IRIs, prefixed names."""

    def __init__(self, namespaces: tuple[tuple[str, str], ...], base: str):
        self.base = base
        self.namespaces = sorted(namespaces, key=lambda item: -len(item[1]))
        self.used: set[str] = set()
        self.cache: dict[Any, str] = {}

    def term(self, term: Object) -> str:
        if type(term) is ox.Literal:  # most are met once: not kept
            return self._term(term)
        text = self.cache.get(term)
        if text is None:
            text = self.cache[term] = self._term(term)
        return text

    def literal_prefix(self, literal: ox.Literal) -> None:
        """Note the prefix that `literal`'s datatype is written with, if any (as `_term`)."""
        if not (literal.language or literal.datatype.value == XSD_STRING
                or _bare_integer(literal)):
            self.term(literal.datatype)

    def _term(self, term: Object) -> str:
        if isinstance(term, ox.Literal):
            datatype = term.datatype
            if _bare_integer(term):
                return term.value
            text = quote(term.value, long=True)
            if term.language:
                return f"{text}@{term.language}"
            if datatype.value == XSD_STRING:
                return text
            return f"{text}^^{self.term(datatype)}"
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        iri = term.value
        for prefix, namespace in self.namespaces:
            local = iri[len(namespace):]
            if iri.startswith(namespace) and local and _is_local_name(local):
                self.used.add(prefix)
                return f"{prefix}:{local}"
        path = relative(self.base, iri) if self.base else None
        if path is not None and _is_relative_safe(path):
            return f"<{path}>"
        return f"<{iri}>"


#: an xsd:integer that Turtle and JSON-LD write as a bare number
_INTEGER = re.compile(r"[+-]?[0-9]+")
def _bare_integer(literal: ox.Literal) -> bool:
    """Whether Turtle and JSON-LD write `literal` as a bare number."""
    return literal.datatype.value == XSD_INTEGER and bool(_INTEGER.fullmatch(literal.value))


#: letters, digits (str.isalnum: what \w is besides "_") and "_-", or also "./"
_LOCAL_REST = re.compile(r"[\w-]*")
_RELATIVE = re.compile(r"[\w./-]+")


def _is_local_name(local: str) -> bool:
    return (local[0].isalpha() or local[0] == "_") and bool(_LOCAL_REST.fullmatch(local))


def _is_relative_safe(path: str) -> bool:
    return bool(path) and ":" not in path.split("/")[0] and bool(_RELATIVE.fullmatch(path))


def turtle(data: Triples | Graph, base: str) -> str:
    """Turtle grouped by subject path, predicates and objects sorted, no blank nodes."""
    return "".join(chunks(data, "turtle", base))


def turtle_chunks(data: Triples, base: str, index: SubjectIndex) -> Iterator[str]:
    """Turtle, the prefixes first, then a subject at a time (see `turtle`)."""
    terms = _TurtleTerms(data.namespaces, base)
    # the header names only the prefixes used: a first pass over the names finds them
    for subject, properties in index.items():
        terms.term(subject)
        for predicate, values in properties.items():
            terms.term(predicate)
            for obj in values:
                if type(obj) is ox.Literal:
                    terms.literal_prefix(obj)
                else:
                    terms.term(obj)
    header = [f"@base <{base}> ."] if base else []
    header += [
        f"@prefix {prefix}: <{namespace}> ."
        for prefix, namespace in sorted(terms.namespaces)
        if prefix in terms.used
    ]
    yield "\n".join(header) + "\n\n"
    for number, subject in enumerate(sorted(index, key=_path_key)):
        properties = index[subject]
        lines = []
        for predicate in sorted(properties, key=lambda p: (p != RDF_TYPE, terms.term(p))):
            objects = sorted(terms.term(o) for o in properties[predicate])
            name = "a" if predicate == RDF_TYPE else terms.term(predicate)
            lines.append(f"    {name} " + ",\n        ".join(objects))
        yield ("\n" if number else "") + f"{terms.term(subject)}\n" + " ;\n".join(lines) \
            + " .\n"


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

    def __init__(self, index: dict[Subject, dict[ox.NamedNode, list[Object]]],
                 ctx: dict[str, Any], base: str):
        self.index = index
        self.base = base
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
        path = None if vocab else relative(self.base, iri)
        if path:
            return path
        for prefix, namespace in self.prefixes.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return iri

    def value(self, obj: Any, definition: dict[str, Any]) -> Any | None:
        """`obj` compacted under `definition`, or None if the term does not fit it."""
        kind = definition.get("@type")
        if isinstance(obj, ox.NamedNode):
            return self.iri(obj.value) if kind == "@id" else None
        if not isinstance(obj, ox.Literal):
            return None
        if obj.language:
            return obj.value if definition.get("@language") == obj.language else None
        if "@language" in definition:
            return None
        datatype = obj.datatype.value
        if kind is not None:
            return obj.value if datatype == self.expand(kind) else None
        if datatype == XSD_STRING:
            return obj.value
        if _bare_integer(obj):
            return int(obj.value)
        return None

    def fallback(self, obj: Any) -> Any:
        if isinstance(obj, ox.NamedNode):
            return {"id": self.iri(obj.value)}
        out: dict[str, Any] = {"@value": obj.value}
        if obj.language:
            out["@language"] = obj.language
        elif obj.datatype.value != XSD_STRING:
            out["@type"] = self.iri(obj.datatype.value, vocab=True)
        return out

    def node(self, subject: Subject, embedded: set[Subject]) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.iri(subject.value)}
        properties = self.index.get(subject, {})
        types = sorted(
            self.classes.get(t.value, self.iri(t.value, vocab=True))
            for t in properties.get(RDF_TYPE, ())
        )
        if types:
            out["type"] = types[0] if len(types) == 1 else types
        values: dict[str, list[Any]] = {}
        sets: set[str] = set()
        for predicate, obj in ((p, o) for p, objects in properties.items() for o in objects):
            if predicate == RDF_TYPE:
                continue
            if predicate.value in self.embed_properties and isinstance(obj, ox.NamedNode):
                term, definition = self.terms[predicate.value][0]
                values.setdefault(term, []).append(self.node(obj, embedded))
                embedded.add(obj)
                if definition.get("@container") == "@set":
                    sets.add(term)
                continue
            for term, definition in self.terms.get(predicate.value, []):
                compacted = self.value(obj, definition)
                if compacted is not None:
                    values.setdefault(term, []).append(compacted)
                    if definition.get("@container") == "@set":
                        sets.add(term)
                    break
            else:
                key = self.iri(predicate.value, vocab=True)
                values.setdefault(key, []).append(self.fallback(obj))
        for key in sorted(values):
            items = values[key]
            if len(items) > 1:  # (most keys have one value: 387,000 dumps at 10,000 bodies)
                items.sort(key=lambda v: json.dumps(v, sort_keys=True))
            out[key] = items if len(items) > 1 or key in sets else items[0]
        return out


def json_ld(data: Triples | Graph, base: str) -> str:
    """One object per body, its participations, focus and source inside; compact keys."""
    return "".join(chunks(data, "json-ld", base))


def json_ld_chunks(data: Triples, base: str, index: SubjectIndex) -> Iterator[str]:
    """JSON-LD (see `json_ld`), a top object at a time: the text `json.dumps` gives for the
    whole document with an indent of 2, each object dumped alone and indented to its
    place in "@graph" (json.dumps writes no line break inside a value)."""
    ctx = context(base)
    compactor = _Compactor(index, ctx, base)
    top_types = {t for t, name in ((c, compactor.classes[c]) for c in compactor.classes)
                 if name in TOP_TYPES}
    subjects = sorted((s for s in index if isinstance(s, ox.NamedNode)), key=_path_key)
    nested = {o for properties in index.values() for p, objects in properties.items()
              if p.value in compactor.embed_properties for o in objects}
    tops = [s for s in subjects
            if {t.value for t in index[s].get(RDF_TYPE, ())} & top_types and s not in nested]
    embedded: set[Subject] = set()
    written = set(tops)  # made once: a set per subject made this quadratic

    def nodes() -> Iterator[dict[str, Any]]:
        for subject in tops:
            yield compactor.node(subject, embedded)
        for subject in subjects:  # `embedded` is complete once the tops are written
            if subject not in embedded and subject not in written:
                yield compactor.node(subject, embedded)

    empty = json.dumps({**ctx, "@graph": []}, ensure_ascii=False, indent=2)
    head, tail = empty[:-len("[]\n}")], "\n  ]\n}\n"
    separator = "[\n    "
    for node in nodes():
        yield head + separator + json.dumps(node, ensure_ascii=False, indent=2).replace(
            "\n", "\n    ")
        head, separator = "", ",\n    "
    yield head + ("[]\n}\n" if separator.startswith("[") else tail)
