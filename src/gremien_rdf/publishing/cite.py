"""How to cite the dataset or one body: as text (German or English), BibTeX, RIS and
CSL-JSON, from the settings (publisher, title, version, date) and the register (the report
the data comes from, the body's row in its table).

Nothing comes from the clock: the date is the settings' `modified`, the day of the version.
The same citations are on the website (every body page and the index, with downloads) and
printed by `gremien-rdf cite`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from gremien_rdf import CITATION_FORMATS
from gremien_rdf.errors import command
from gremien_rdf.model import Body, Register
from gremien_rdf.rdf.namespaces import Iris
from gremien_rdf.settings import Publication

FORMATS = CITATION_FORMATS
#: file suffix of each format but text, for the website's downloads
SUFFIXES = {"bibtex": ".bib", "ris": ".ris", "csl": ".csl.json"}


@dataclass(frozen=True)
class Citation:
    """One citable item: the dataset, or a body within it."""

    key: str
    title: str
    container: str | None  # the dataset's title, for a body
    author: str
    version: str
    year: int
    date: str  # YYYY-MM-DD
    url: str
    source: str  # the report (and row) it comes from, in the citation's language
    lang: str


def citation(publication: Publication, register: Register, body: Body | None = None,
             lang: str = "de") -> Citation:
    """The citation of the dataset (`body` None) or of `body`, in `lang`."""
    iris = Iris(publication.base_iri)
    report = register.report
    year = report.issued[:4]
    source = (f"{'Nach' if lang == 'de' else 'Source'}: {report.publisher} ({year}): "
              f"{report.title}, {report.edition}, {report.part}")
    dataset_title = publication.title[lang]
    day = publication.modified
    common: dict[str, Any] = {"author": publication.publisher.name, "version": publication.version,
              "year": day.year, "date": day.isoformat(), "lang": lang}
    if body is None:
        return Citation(f"gremien-rdf-{publication.version}", dataset_title, None,
                        url=str(iris.dataset()), source=source + ".", **common)
    row = "Zeile" if lang == "de" else "row"
    return Citation(f"gremien-rdf-{body.id}", body.title, dataset_title,
                    url=str(iris.body(body.id)),
                    source=f"{source}, {report.table.split(':')[0]}, {row} {body.source.row}.",
                    **common)


def text(c: Citation) -> str:
    """The citation as one line of text."""
    version = "Version"
    if c.container is None:
        return f"{c.author} ({c.year}): {c.title}. {version} {c.version}, {c.date}. {c.url}. " \
               f"{c.source}"
    opening, closing = ("„", "“") if c.lang == "de" else ("“", "”")
    return (f"{opening}{c.title}{closing}. In: {c.author} ({c.year}): {c.container}. {version} "
            f"{c.version}, {c.date}. {c.url}. {c.source}")


def find_body(register: Register, value: str) -> Body:
    """The body with the id, title or former title `value` (case and spacing aside);
    InputError with the closest ids if there is none."""
    import difflib

    from gremien_rdf.errors import fail
    from gremien_rdf.rdf.vocabularies import normalise

    index: dict[str, Body] = {}
    for body in register.bodies:
        for name in (body.title, *(f.title for f in body.former_titles)):
            index.setdefault(normalise(name), body)
        index[body.id] = body
    found = index.get(value) or index.get(normalise(value))
    if found is None:
        close = difflib.get_close_matches(value, [b.id for b in register.bodies], n=3)
        shown = value if len(value) <= 80 else value[:77] + "…"
        raise fail(None, f"no body has the id or title {shown!r}",
                   f"did you mean {' or '.join(map(repr, close))}?" if close else
                   f"list the ids with {command('query run', 'actor-types-per-body')}")
    return found


_LATEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
          "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
          "^": r"\textasciicircum{}"}


def _latex(value: str) -> str:
    return re.sub(r"[\\{}&%$#_~^]", lambda m: _LATEX[m[0]], value)


def bibtex(c: Citation) -> str:
    """The citation as a BibTeX @misc entry (UTF-8; special characters escaped)."""
    # titles in braces: BibTeX styles would lower-case German nouns
    fields = [("author", "{" + _latex(c.author) + "}"), ("title", "{" + _latex(c.title) + "}")]
    if c.container:
        fields.append(("howpublished", "{" + _latex(c.container) + "}"))
    fields += [("year", str(c.year)), ("date", c.date), ("version", c.version),
               ("url", c.url), ("note", _latex(c.source)),
               ("language", "german" if c.lang == "de" else "english")]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{c.key},\n{body}\n}}\n"


def ris(c: Citation) -> str:
    """The citation as an RIS record (type DATA)."""
    lines = [("TY", "DATA"), ("AU", c.author), ("TI", c.title)]
    if c.container:
        lines.append(("T2", c.container))
    lines += [("PY", str(c.year)), ("DA", c.date.replace("-", "/")), ("ET", c.version),
              ("UR", c.url), ("N1", c.source), ("PB", c.author), ("LA", c.lang),
              ("ID", c.key), ("ER", "")]
    return "".join(f"{tag}  - {value}".rstrip() + "\r\n" for tag, value in lines)


def csl(c: Citation) -> str:
    """The citation as CSL-JSON (a list of one item, type dataset)."""
    year, month, day = (int(part) for part in c.date.split("-"))
    item = {"id": c.key, "type": "dataset", "title": c.title,
            **({"container-title": c.container} if c.container else {}),
            "author": [{"literal": c.author}], "publisher": c.author,
            "issued": {"date-parts": [[year, month, day]]}, "version": c.version,
            "URL": c.url, "note": c.source, "language": c.lang}
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def render(c: Citation, fmt: str) -> str:
    """The citation in `fmt` (one of FORMATS)."""
    return {"text": lambda: text(c) + "\n", "bibtex": lambda: bibtex(c),
            "ris": lambda: ris(c), "csl": lambda: csl(c)}[fmt]()
