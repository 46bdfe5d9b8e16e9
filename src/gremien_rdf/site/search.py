"""The search of the index page: one entry per body with every text a reader may look for
(title, former titles, place, Land, level, focus areas, actor types with their
abbreviations), written as a small script beside the assets (``assets/search-de.js``,
``assets/search-en.js``) so that the search works from file://, where a page cannot fetch
a JSON file. When the index's table has several pages (more than pages.PAGE_SIZE bodies),
each page has the entries of its own rows (``assets/search-de-2.js`` for seite-2.html, …):
the search, like the filters, acts on the page shown.

Each text is stored with its words normalised for matching: lower case, ß as ss, accents
dropped, German umlauts both plain and spelt out (München: "munchen" and "muenchen"),
punctuation as a word break, and a hyphenated or slashed word also joined
(Baden-Württemberg: "baden", "wurttemberg", "badenwurttemberg"). site.js normalises the
query the same way (lower case, ß as ss, accents dropped) and keeps a body when every word
of the query begins a word of its entry.

Actor types and focus areas follow the one counting rule (counts.py): a body's entry holds
each concept it names **and each broader one**, so that "Polizei" finds the bodies the
Polizei filter finds (LKA, BKA, … included), and an abbreviation (skos:altLabel: FBS, LKA)
finds its concept's bodies. Labels are stored in both languages on both pages: the titles
are German, and a reader of the English page may type either.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from gremien_rdf.model import Body
from gremien_rdf.rdf.vocabularies import Concept
from gremien_rdf.site.counts import ancestors
from gremien_rdf.site.escaping import script_json
from gremien_rdf.site.pages import UI, Pages

__all__ = ["SearchPages", "entry", "search_path", "words"]

#: German umlauts read as the plain vowel and spelt out
_UMLAUTS = (str.maketrans({"ä": "a", "ö": "o", "ü": "u"}),
            str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"}))
#: a run of letters or digits (the underscore is no letter)
_WORD = re.compile(r"[^\W_]+")


def _without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The normalised words of `text` that a query word may begin, each once, in order."""
    found: dict[str, None] = {}
    lowered = text.casefold()  # ß → ss
    for umlauts in _UMLAUTS:
        for token in _without_accents(lowered.translate(umlauts)).split():
            parts = _WORD.findall(token)
            for word in ("".join(parts), *parts):
                if word:
                    found.setdefault(word, None)
    return list(found)


def _concept_words(concept: Concept) -> list[str]:
    """The words of a concept's labels in both languages and of its other labels."""
    texts = (concept.label_de, concept.label_en, *concept.alt_labels,
             *concept.hidden_labels)
    return list(dict.fromkeys(w for text in texts for w in words(text)))


def _term(kind: str, shown: str, normalised: list[str]) -> list[str]:
    """One text of an entry: its kind, the text as shown, its words (each after a space,
    so that site.js finds a word's beginning with indexOf(" " + queryWord))."""
    return [kind, shown, "".join(" " + w for w in normalised)]


class SearchPages(Pages):
    """Writes the search entries of both languages."""

    def search(self, lang: str, bodies: list[Body], number: int = 1) -> None:
        """The search entries of `bodies`, the table of page `number` of the index."""
        t = UI[lang]
        data = {
            # the word shown before a match that is not in the title (site.js)
            "kinds": {"former": t["search_former"], "place": t["place"], "land": t["land"],
                      "level": t["level"], "focus": t["focus"], "actor": t["actor"]},
            "bodies": [entry(self, body, lang) for body in bodies],
        }
        self.write(search_path(lang, number), search_script(data))


def search_path(lang: str, number: int = 1) -> str:
    """Where the search entries of `lang` are written, below dist/site/: of page `number`
    of the index's table (when it has more than one page: pages.PAGE_SIZE)."""
    return f"assets/search-{lang}.js" if number == 1 else f"assets/search-{lang}-{number}.js"


def search_script(data: dict[str, Any]) -> str:
    """The script that hands `data` to site.js (window.gremienSearch)."""
    return ("// gremien-rdf: the search entries of the index page (written by the build;"
            " see site/search.py)\nwindow.gremienSearch = "
            f"{script_json(data, indent=None)};\n")


def entry(pages: Pages, body: Body, lang: str) -> dict[str, Any]:
    """The search entry of `body`: its id and its texts (kind, as shown in `lang`,
    normalised words), the title first."""
    vocabularies = pages.s.vocabularies
    terms = [_term("title", body.title, words(body.title))]
    terms += [_term("former", f.title, words(f.title)) for f in body.former_titles]
    if body.place:
        terms.append(_term("place", body.place, words(body.place)))
    for kind, scheme, key in (("land", "land", body.land), ("level", "ebene", body.level)):
        terms.append(_term(kind, pages.label(scheme, key, lang),
                           _concept_words(vocabularies[scheme].concepts[key])))
    for kind, scheme, named in (
            ("focus", "schwerpunkt", [f.area for f in body.focus]),
            ("actor", "akteur", [p.actor for p in body.participants])):
        # by the counting rule: each concept named, and each broader one, once, with the
        # named concepts it is reached through
        through: dict[str, list[str]] = {}
        for key in named:
            for concept in ancestors(vocabularies, scheme, key):
                via = through.setdefault(concept, [])
                if concept != key and key not in via:
                    via.append(key)
        for concept, via in through.items():
            shown = pages.label(scheme, concept, lang)
            if concept not in named:
                shown += f" ({UI[lang]['search_via']} " + ", ".join(
                    pages.label(scheme, k, lang) for k in via) + ")"
            terms.append(_term(kind, shown,
                               _concept_words(vocabularies[scheme].concepts[concept])))
    return {"id": body.id, "terms": terms}
