"""The site's pages: what every page shares (the words, the templates, the page frame, each
resource's own Turtle and JSON-LD, labels and compact IRIs). The page groups (index.py,
bodies.py, schemes.py, reference.py, catalogue.py) build on it; build.py puts them
together."""

from __future__ import annotations

import bisect
import contextlib
import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
import yaml
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from gremien_rdf import resources
from gremien_rdf.digests import FileData, bytes_of
from gremien_rdf.model import COLUMNS, Body, Register
from gremien_rdf.publishing.cite import SUFFIXES as CITATION_SUFFIXES
from gremien_rdf.publishing.cite import citation
from gremien_rdf.publishing.cite import render as render_citation
from gremien_rdf.publishing.cite import text as citation_text
from gremien_rdf.publishing.distributions import CATALOG
from gremien_rdf.rdf.namespaces import SCHEMA, SCHEMES, Iris, curie
from gremien_rdf.rdf.oxigraph import to_rdflib
from gremien_rdf.rdf.serialize import as_triples, json_ld, turtle
from gremien_rdf.rdf.triples import Triples
from gremien_rdf.rdf.vocabularies import SCHEME_NAMES, Vocabularies
from gremien_rdf.settings import Publication
from gremien_rdf.site.counts import ancestors, counts
from gremien_rdf.site.data import site_data
from gremien_rdf.site.escaping import checked_href, script_json
from gremien_rdf.source.reader import Loader  # libyaml where PyYAML has it: 8x faster

if TYPE_CHECKING:
    from gremien_rdf.site.query_pages import QueryResults

#: the @context of the embedded JSON-LD: schema.org's terms in the namespace the dumps, the
#: context and the ontology use (https://schema.org/), and the properties whose values are
#: web addresses as IRIs. Not schema.org's remote context ("@context": "https://schema.org"),
#: which maps its terms to http://schema.org/ (README, "The website").
SCHEMA_ORG_CONTEXT = {"@vocab": str(SCHEMA), **{term: {"@type": "@id"} for term in
                                               ("url", "license", "contentUrl")}}




TEMPLATES = Path(__file__).parent / "templates"


class TemplateCache(FileSystemBytecodeCache):
    """The compiled templates, kept in the cache folder of gremien-rdf (see queries/cache)
    beside the graphs of `query run`: compiling them costs a build about a tenth of a
    second. Jinja2 checks each file against the SHA-1 of its template's source; the
    folder's name holds Jinja2's version and the options that change the compiled code. A
    folder that cannot be written, or a file that cannot be read, only costs the
    compile."""

    def __init__(self, env: Environment) -> None:
        import hashlib

        import jinja2

        from gremien_rdf.queries.cache import cache_dir

        options = repr((jinja2.__version__, env.autoescape, env.trim_blocks, env.lstrip_blocks,
                        env.keep_trailing_newline, sorted(env.filters), env.newline_sequence,
                        env.block_start_string, env.variable_start_string, env.optimized))
        name = hashlib.sha256(options.encode("utf-8")).hexdigest()[:16]
        super().__init__(str(cache_dir() / ".templates" / name))

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError, pickle.UnpicklingError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)


class SiteEnvironment(Environment):
    """Jinja2's Environment, with `{{ view.key }}` on a dict looked up as Jinja2 does it,
    without the exception on the way: Jinja2 tries the attribute first (a dict has none
    but its methods), and takes the item when that raises AttributeError. The pages read
    some 66,000 keys of dicts so in a build of the real register, about 0.04 s."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


#: what getattr finds on a dict (its methods): these names stay attributes in templates
_DICT_ATTRIBUTES = frozenset(dir(dict))


ASSETS = Path(__file__).parent / "assets"


#: the file the IRI of a folder resolves to
INDEX = "index"


#: the most bodies one page lists: the index's table, a Land's bodies, the bodies of a
#: concept. A longer list is split into pages of this size (the first at the page's own
#: address, then seite-2.html, …), so that a register of 100,000 bodies has no page of
#: tens of megabytes; a table of 500 rows still filters and sorts at once in a browser.
#: A constant rather than a setting: it is how the site reads, not what it publishes.
PAGE_SIZE = 500


@dataclass(frozen=True)
class Pager:
    """Where one page of a list split into pages stands: its number (from 1), the number
    of pages, the paths of all pages (no extension), and the items it shows (first, last:
    1-based positions in the whole list of `total`)."""

    number: int
    paths: tuple[str, ...]
    first: int
    last: int
    total: int

    @property
    def count(self) -> int:
        return len(self.paths)

    @property
    def prev(self) -> str | None:
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.paths[self.number] if self.number < self.count else None

    @property
    def links(self) -> list[tuple[int, str] | None]:
        """The pages the pager links by number: the first, the last and the two on each
        side of this one (a few links per page, however many pages), None for a gap."""
        numbers = sorted({1, self.count, *range(max(1, self.number - 2),
                                                min(self.count, self.number + 2) + 1)})
        out: list[tuple[int, str] | None] = []
        for previous, number in zip([0, *numbers], numbers, strict=False):
            if number > previous + 1:
                out.append(None)
            out.append((number, self.paths[number - 1]))
        return out


def page_path(path: str, number: int) -> str:
    """The path of page `number` of the list at `path`: the page itself, then
    seite-N beside the index (seite-2) or below a resource's path (land/DE-BY/seite-2)."""
    if number == 1:
        return path
    return f"seite-{number}" if path == INDEX else f"{path}/seite-{number}"


def paged(path: str, items: list[Any], size: int | None = None
          ) -> list[tuple[str, list[Any], Pager | None]]:
    """`items` in pages of `size` (default PAGE_SIZE): per page its path, its items and
    its Pager (None when all fit on one page, which then stays as it was unpaged)."""
    size = size or PAGE_SIZE
    if len(items) <= size:
        return [(path, items, None)]
    chunks = [items[start:start + size] for start in range(0, len(items), size)]
    paths = tuple(page_path(path, number) for number in range(1, len(chunks) + 1))
    return [(paths[number - 1], chunk,
             Pager(number, paths, (number - 1) * size + 1,
                   (number - 1) * size + len(chunk), len(items)))
            for number, chunk in enumerate(chunks, 1)]


def page_title(title: str, pager: Pager | None, lang: str) -> str:
    """The title of a page of a list: after the first page, with its number."""
    if pager is None or pager.number == 1:
        return title
    return UI[lang]["page_title"].format(title=title, n=pager.number, count=pager.count)


#: the words of the site in both languages, by key (a data file beside this module)
UI: dict[str, dict[str, str]] = yaml.load(
    (Path(__file__).parent / "messages.yaml").read_text("utf-8"), Loader=Loader)


def number(value: int, lang: str) -> str:
    """A whole number with the thousands separator of `lang` (131.193 / 131,193)."""
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "de" else text


def address(base: str, file: str) -> str:
    """The web address of the page `file` (a path below dist/site/) at the base IRI; a
    folder's index page at the folder's address."""
    return base + file.removesuffix(f"{INDEX}.html")


def shorten(text: str, limit: int = 200) -> str:
    """`text` on one line, cut at a word before `limit` characters with an ellipsis (a
    summary for search engines and link previews)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


@dataclass(frozen=True)
class VersionChanges:
    """One version of the data on the Changes page: what changed from the version before
    (made by `gremien-rdf diff` of the registers as released; see api.Dataset.versions).
    Bodies are (id, title) in that version; a link is made only to a body of the current
    register."""

    version: str
    issued: date
    bodies: int
    #: the first version: nothing before it to compare with
    first: bool = False
    added: tuple[tuple[str, str], ...] = ()
    removed: tuple[tuple[str, str], ...] = ()
    #: (id, title before, title after)
    renamed: tuple[tuple[str, str, str], ...] = ()
    #: (id, title, the fields that changed: keys of editions.diff.BODY_FIELDS)
    changed: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    #: the report's fields that changed
    report: tuple[str, ...] = ()
    #: how many concepts of the vocabularies changed
    concepts: int = 0


#: a body's history: (version, "added" | "renamed" | "changed", () for added, (the title
#: before,) for renamed, the fields that changed (keys of FIELD_WORDS) for changed)
History = tuple[tuple[str, str, tuple[str, ...]], ...]

#: the words of the site for each field of a body that a version can change (editions.diff's
#: BODY_FIELDS), by the key of messages.yaml: the Changes page and a body's history
FIELD_WORDS = {"id": "field_id", "land": "land", "title": "field_title",
               "title_since": "title_since", "former_titles": "former_names",
               "level": "level", "place": "place", "focus": "focus",
               "participants": "actors", "frequency": "frequency", "source": "verbatim"}


@dataclass
class SiteInput:
    """Everything the site is made of: the checked register and the built dist/ files."""

    publication: Publication
    register: Register
    vocabularies: Vocabularies
    #: the register as RDF, as the converter made it (pyoxigraph terms; no rdflib Graph of
    #: it is made: see site/data.py)
    data: Triples
    #: the build's files (a dump, written to disk already, as Spooled)
    files: Mapping[str, FileData]
    #: the stored queries' results, choices and data (site/query_pages.py)
    queries: QueryResults | None = None
    #: every version of the data, newest first (the Changes page); none: the current
    #: version alone, the first
    versions: tuple[VersionChanges, ...] = ()
    #: each body's history over the versions, by its current id (body pages)
    history: Mapping[str, History] = field(default_factory=dict)


def ontology_graph() -> Graph:
    """The shipped ontology (or the one of GREMIEN_RDF_RESOURCES), its terms checked
    against the character policy: its labels and comments reach the ontology page."""
    from gremien_rdf.errors import read_utf8
    from gremien_rdf.rdf.read import check_terms, parse_text
    from gremien_rdf.resources import reading_resources

    path = resources.ontology_file()
    with reading_resources():
        text = read_utf8(path)
        graph = parse_text(Graph(), text, "turtle", path, None)
        check_terms(path, text, graph)
    return graph


class Pages:
    """What every page needs: the input, the templates, the graphs and their indexes, the
    files written so far (`out`, path → bytes; a download written already: Spooled)."""

    def __init__(self, source: SiteInput):
        self.s = source
        self.iris = Iris(source.publication.base_iri)
        self.base = source.publication.base_iri
        self.out: dict[str, FileData] = {}
        #: every HTML page written, by its path below dist/site/ (for the sitemap)
        self.html_pages: list[str] = []
        self.env = SiteEnvironment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                                   undefined=StrictUndefined, trim_blocks=True,
                                   lstrip_blocks=True, keep_trailing_newline=True)
        self.env.bytecode_cache = TemplateCache(self.env)
        self.env.filters["number"] = number
        self.env.filters["href"] = checked_href
        self.ontology = ontology_graph()
        #: the DCAT catalogue the build wrote (pyoxigraph reads it in a third of rdflib's
        #: time)
        self.catalog = Triples(
            (triple.subject, triple.predicate, triple.object)
            for triple in ox.parse(bytes_of(source.files[CATALOG]), format=ox.RdfFormat.TURTLE))
        #: the data split by subject, and the uses of each class and property
        self.data = site_data(source.data, self.iris)
        #: the catalogue and the data but the bodies' triples, for the other resources
        #: (those both describe), as Triples (for their Turtle and JSON-LD) and as a Graph
        described = [*self.data.others, *self.data.named(), *self.catalog]
        self.merged = Graph()
        self.merged.addN((*map(to_rdflib, triple), self.merged) for triple in described)
        self.merged_triples = Triples(
            described,
            ((prefix, str(namespace))
             for prefix, namespace in self.merged.namespace_manager.namespaces()))
        #: per graph (by id: the graphs above live as long as this object), its index by
        #: subject and its prefixes; per body and language, its view (body_view)
        self.cache: dict[tuple[Any, ...], Any] = {}
        #: the other resources, with a page each (catalogue.py), by path
        self.resources = self.other_resources()
        #: per IRI of another resource, the bodies that name it (statements.named_by)
        self.bodies_naming = self.data.bodies_naming(
            self.iris, {str(iri) for iri in self.resources.values()})
        #: the site's summary for pages without their own, in each language
        bodies = source.register.bodies
        self.site_summary = {lang: UI[lang]["meta_description"].format(
            bodies=len(bodies), laender=len({b.land for b in bodies})) for lang in UI}
        #: actor types and focus areas counted by the one rule (counts.py)
        self.counts = {scheme: counts(source.register, source.vocabularies, scheme)
                       for scheme in ("akteur", "schwerpunkt")}

    # -- helpers -------------------------------------------------------------------------

    def label(self, scheme: str, key: str, lang: str) -> str:
        concept = self.s.vocabularies[scheme].concepts[key]
        return concept.label_de if lang == "de" else concept.label_en or concept.label_de

    def write(self, path: str, data: str | FileData) -> None:
        self.out[path] = data.encode("utf-8") if isinstance(data, str) else data

    def page(self, path: str, template: str, lang: str, title: str,
             alternates: tuple[str, ...] = (), schema: dict[str, Any] | None = None,
             summary: str | None = None, **context: Any) -> None:
        """Render `template` as the page of resource `path` (no extension) in `lang`;
        `summary` describes it to search engines and link previews (else the site's
        summary)."""
        prefix = "" if lang == "de" else "en/"
        file = f"{prefix}{path}.html"
        self.html_pages.append(file)
        depth = file.count("/")
        up = "../" * depth

        def link(target: str, fragment: str = "") -> str:
            """The relative link to the page of resource `target` in this language."""
            return checked_href(f"{up}{prefix}{target}.html"
                                + (f"#{fragment}" if fragment else ""))

        def asset(target: str) -> str:
            return checked_href(f"{up}{target}")

        other = "en/" if lang == "de" else ""
        html = self.env.get_template(template).render(
            lang=lang, t=UI[lang], title=title, link=link, asset=asset,
            other_link=checked_href(f"{up}{other}{path}.html"),
            other_lang="en" if lang == "de" else "de",
            alternates=[(asset(f"{path}{ext}"), kind) for ext, kind in (
                (".ttl", "text/turtle"), (".jsonld", "application/ld+json"))
                if f"{path}{ext}" in alternates],
            iri=self.base + ("" if path == INDEX else path), base_iri=self.base,
            canonical=address(self.base, file),
            meta_description=shorten(summary or self.site_summary[lang]),
            schema=script_json(schema) if schema else None,
            scheme_names=SCHEME_NAMES, schemes=SCHEMES, label=self.label,
            site_version=self.s.publication.version,
            site_modified=self.s.publication.modified.isoformat(),
            lang_index=0 if lang == "de" else 1, **context)
        self.write(file, html)

    def representations(self, path: str, graph: Graph | Triples, subject: URIRef,
                        nested: bool = True) -> tuple[str, ...]:
        """Write the resource's Turtle and JSON-LD beside its page, once for both
        languages; their paths."""
        if f"{path}.ttl" not in self.out:
            described = self.describe(graph, subject, nested)
            self.write(f"{path}.ttl", turtle(described, self.base))
            self.write(f"{path}.jsonld", json_ld(described, self.base))
        return (f"{path}.ttl", f"{path}.jsonld")

    def describe(self, graph: Graph | Triples, subject: URIRef, nested: bool = True
                 ) -> Triples:
        """The triples of `subject`, and (if `nested`) of the nodes below its IRI, with the
        prefixes of `graph` (as pyoxigraph terms: each resource of the site is written
        without an rdflib Graph of its own)."""
        index = self.cache.get(("index", id(graph)))
        if index is None:  # subject IRI → its triples, and the IRIs in order
            triples = as_triples(graph)
            by_subject: dict[str, list] = {}
            for triple in triples:
                by_subject.setdefault(triple[0].value, []).append(triple)
            index = self.cache["index", id(graph)] = (by_subject, sorted(by_subject),
                                                      triples.namespaces)
        by_subject, ordered, namespaces = index
        key = str(subject)
        out = list(by_subject.get(key, []))
        if nested:
            start = bisect.bisect_left(ordered, key + "/")
            for name in ordered[start:]:
                if not name.startswith(key + "/"):
                    break
                out += by_subject[name]
        return Triples(out, namespaces)

    # -- pages ---------------------------------------------------------------------------

    def body_view(self, body: Body, lang: str) -> dict[str, Any]:
        """What the pages show of `body` in `lang` (made once: a body is shown on its page,
        in the index and on the page of each concept it counts for)."""
        key = ("body_view", body.id, lang)
        if key not in self.cache:
            self.cache[key] = self._body_view(body, lang)
        return self.cache[key]

    def _body_view(self, body: Body, lang: str) -> dict[str, Any]:
        statuses = self.s.vocabularies["teilnahmestatus"]
        return {
            "id": body.id,
            "title": body.title,
            "land": (body.land, self.label("land", body.land, lang)),
            "level": (body.level, self.label("ebene", body.level, lang)),
            "place": body.place,
            "frequency": (body.frequency, self.label("turnus", body.frequency, lang)),
            "focus": [{"key": f.area, "label": self.label("schwerpunkt", f.area, lang),
                       "since": f.since, "note": f.note} for f in body.focus],
            # for the filter, by the counting rule: a narrower concept finds the broader
            "focus_keys": " ".join(sorted({key for f in body.focus for key in
                                           ancestors(self.s.vocabularies, "schwerpunkt",
                                                     f.area)})),
            "actor_keys": " ".join(sorted({key for p in body.participants for key in
                                           ancestors(self.s.vocabularies, "akteur",
                                                     p.actor)})),
            "actors": [{"key": p.actor, "label": self.label("akteur", p.actor, lang),
                        "status": (p.status, self.label("teilnahmestatus", p.status, lang))
                        if p.status and p.status in statuses.concepts else None}
                       for p in body.participants],
            "former": [{"title": f.title, "until": f.until} for f in body.former_titles],
            "title_since": body.title_since,
            "row": body.source.row,
            "cells": [(heading, body.source.cells[key]) for key, heading in COLUMNS],
        }

    def citation(self, body: Body | None, lang: str) -> dict[str, Any]:
        """The citation of `body` (None: the dataset) as text, and its files, written once
        per language below zitieren/ (en/zitieren/)."""
        item = citation(self.s.publication, self.s.register, body, lang)
        prefix = "" if lang == "de" else "en/"
        name = body.id if body else "gremien"
        files = []
        for fmt, label in (("bibtex", "BibTeX"), ("ris", "RIS"), ("csl", "CSL-JSON")):
            path = f"{prefix}zitieren/{name}{CITATION_SUFFIXES[fmt]}"
            self.write(path, render_citation(item, fmt))
            files.append((label, path))
        return {"text": citation_text(item), "files": files}

    @staticmethod
    def text(graph: Graph, subject: Node, predicate: Node, lang: str) -> str | None:
        values = {v.language: str(v) for v in graph.objects(subject, predicate)
                  if isinstance(v, Literal)}
        return values.get(lang) or values.get("de") or values.get("en") or values.get(None)

    def curie(self, term: Node) -> dict[str, str]:
        iri = str(term)
        short = curie(iri)
        if short is None:
            return {"text": iri, "iri": iri, "anchor": ""}
        prefix, local = short.split(":", 1)
        return {"text": short, "iri": iri, "anchor": local if prefix == "gmh" else ""}

    def other_resources(self) -> dict[str, URIRef]:
        """The other resources with an IRI of their own, by path: the report, its table and
        bibliography entry, the organisations, the catalogue and the dataset."""
        found: dict[str, URIRef] = {}
        for s in self.merged.subjects():
            if not isinstance(s, URIRef) or (path := self.iris.relative(s)) is None:
                continue
            if path.split("/")[0] in ("gremium", *SCHEMES) or not path:
                continue
            if path.startswith("datensatz/gremien/"):
                continue  # parts of the dataset's description: on its page
            found[path] = s
        return dict(sorted(found.items()))

    # -- content negotiation ---------------------------------------------------------------
