"""The IRI patterns and checks that need no RDF library: the concept schemes, slugs and
path segments, the checks of an IRI and of a base IRI, and the path of an IRI below the
base. Kept apart from namespaces (which builds rdflib terms) so that a command that only
reads (`query run` from the cache, `--help`) starts without importing rdflib;
namespaces re-exports every name.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit


@dataclass(frozen=True)
class Scheme:
    """A concept scheme: its key (as in its IRI, {base}{key}/{concept}), its names (the
    English one our own translation) and the stem of its files (ontology/vocabularies/
    {file}.ttl, the table {file}.csv)."""

    key: str
    name_de: str
    name_en: str
    file: str


#: the one registry of the concept schemes, in the order every list shows them
SCHEME_REGISTRY = (
    Scheme("land", "Länder", "Länder", "laender"),
    Scheme("ebene", "Ebenen", "Levels", "ebenen"),
    Scheme("schwerpunkt", "Schwerpunkte", "Focus areas", "schwerpunkte"),
    Scheme("akteur", "Akteurstypen", "Actor types", "akteure"),
    Scheme("turnus", "Turnus", "Frequencies", "turnus"),
    Scheme("teilnahmestatus", "Teilnahmestatus", "Participation statuses", "teilnahmestatus"),
)
#: Concept scheme keys, as used in IRIs ({base}{scheme}/{concept}).
SCHEMES = tuple(scheme.key for scheme in SCHEME_REGISTRY)


def slug(text: str) -> str:
    """An ASCII id fragment from German text."""
    text = text.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def segment(text: str, limit: int = 60) -> str:
    """A path segment for an IRI (and a file name of the site) named by free text: its slug
    if that is 1 to `limit` characters long, else the slug cut at a hyphen, or nothing, and
    8 hex digits of the text's SHA-256, so that a long or non-Latin name still gives a
    short, distinct, non-empty segment."""
    plain = slug(text)
    if plain and len(plain) <= limit:
        return plain
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    head = plain[:limit + 1].rsplit("-", 1)[0][:limit].strip("-")
    return f"{head}-{digest}" if head else digest


IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')


def check_iri(text: str) -> str | None:
    """Why `text` is not an absolute http(s) IRI, or None when it is one."""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https"):
        return "it must start with http:// or https://"
    if not parts.netloc or parts.netloc.startswith((":", "@")):
        return "it must name a host, as in https://example.org/"
    if IRI_FORBIDDEN.search(text):
        return "it contains a space or a character that is not allowed in an IRI (<>\"{}|\\^`)"
    if re.search(r"%(?![0-9A-Fa-f]{2})", text):
        return "it contains a '%' that is not followed by two hex digits"
    import pyoxigraph  # the converter's terms: what it refuses, no triple can hold

    try:
        pyoxigraph.NamedNode(text)
    except ValueError as error:
        return f"it is not a valid IRI ({error})"
    return None


def check_base_iri(base: str) -> str | None:
    """Why `base` cannot serve as base IRI, or None when it can.

    Published files use IRIs relative to the base, so it must be a plain folder IRI: no
    query, no fragment, no '.' or '..' segments, ending with '/'.
    """
    problem = check_iri(base)
    if problem:
        return problem
    parts = urlsplit(base)
    if parts.query or parts.fragment or "?" in base or "#" in base:
        return "it must not contain '?' or '#'"
    if not base.endswith("/"):
        return "it must end with '/'"
    if urljoin(base, "a/b") != base + "a/b" or "/./" in base or "/../" in base:
        return "its path must be normalised (no '.' or '..' segments, no '//')"
    if "//" in parts.path:
        return "its path must be normalised (no '.' or '..' segments, no '//')"
    return None


def relative(base: str, iri: object) -> str | None:
    """The path of `iri` below `base` ("" for the base itself), or None when it lies
    elsewhere: the one way to shorten an IRI of ours (Iris.relative)."""
    text = str(iri)
    return text[len(base):] if text.startswith(base) else None


def normalise(text: str) -> str:
    """The form in which two spellings of one label compare equal."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(r"\s*/\s*", "/", text)
    return re.sub(r"\s+", " ", text).strip()


def concept_iri(base: str, scheme: str, key: str) -> str:
    """The IRI of the concept `key` of `scheme` under `base` (Iris.concept, as a string)."""
    return f"{base}{scheme}/{key}"
