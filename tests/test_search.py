"""The search entries of the index page (assets/search-de.js, -en.js; site/search.py), read
as files: one entry per body, holding every text a reader may look for, normalised the way
site.js reads a query. The search in the browser: tests/test_browser_search.py."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from gremien_rdf.model import Register
from gremien_rdf.rdf.vocabularies import Vocabularies
from gremien_rdf.site.search import words

PREFIX = "window.gremienSearch = "


def read_entries(dist: Path, lang: str) -> dict[str, Any]:
    text = (dist / "site" / "assets" / f"search-{lang}.js").read_text("utf-8")
    start = text.index(PREFIX) + len(PREFIX)
    return json.loads(text[start:text.rindex(";")])


def plain_words(text: str) -> list[str]:
    """The words of `text` as a reader types them, folded without site/search.py: lower
    case, ß as ss, umlauts and accents as the plain letter, any other sign a break."""
    text = unicodedata.normalize("NFD", text.lower().replace("ß", "ss"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.findall(r"[^\W_]+", text)


def entry_words(entry: dict[str, Any]) -> set[str]:
    return {w for term in entry["terms"] for w in term[2].split()}


@pytest.fixture(scope="module", params=["de", "en"])
def entries(request, dist) -> tuple[str, dict[str, Any]]:
    return request.param, read_entries(dist, request.param)


def test_one_entry_per_body_in_the_registers_order(entries, register: Register):
    lang, data = entries
    assert [e["id"] for e in data["bodies"]] == [b.id for b in register.bodies]
    assert len(data["bodies"]) == 44
    # the title is each entry's first text, as site.js expects (no note for a title match)
    assert all(e["terms"][0][:2] == ["title", b.title]
               for e, b in zip(data["bodies"], register.bodies, strict=True))


def test_each_entry_holds_every_text_of_its_body(entries, register: Register,
                                                 vocabularies: Vocabularies):
    """Title, former titles, place, Land in both languages and its code, and each actor
    type's labels in both languages with its alternative labels (FBS, LKA, …)."""
    lang, data = entries
    by_id = {e["id"]: e for e in data["bodies"]}
    checked = 0
    for body in register.bodies:
        found = entry_words(by_id[body.id])
        land = vocabularies["land"].concepts[body.land]
        texts = [body.title, *(f.title for f in body.former_titles), body.place or "",
                 land.label_de, land.label_en, *land.alt_labels]
        for p in body.participants:
            actor = vocabularies["akteur"].concepts[p.actor]
            texts += [actor.label_de, actor.label_en, *actor.alt_labels]
        for f in body.focus:
            area = vocabularies["schwerpunkt"].concepts[f.area]
            texts += [area.label_de, area.label_en, *area.alt_labels]
        for text in texts:
            missing = set(plain_words(text)) - found
            assert not missing, (body.id, text, missing)
            checked += 1
    assert checked > 500
    shown = {kind for e in data["bodies"] for kind, _, _ in e["terms"]}
    assert shown == {"title", "former", "place", "land", "level", "focus", "actor"}
    assert set(data["kinds"]) == shown - {"title"}


def test_the_former_titles_and_abbreviations_are_there(entries):
    lang, data = entries
    by_id = {e["id"]: e for e in data["bodies"]}
    hessen = by_id["he-runder-tisch-menschenhandel"]["terms"]
    assert ["former", "Runder Tisch „Bekämpfung des Menschenhandels“"] in [
        t[:2] for t in hessen]
    assert "vera" in entry_words(by_id["st-koordinierungskreis-frauenhandel"])
    # FBS is an alternative label of Fachberatungsstellen: the 24 bodies that name it
    assert sum("fbs" in entry_words(e) for e in data["bodies"]) == 24
    assert sum("lka" in entry_words(e) for e in data["bodies"]) == 6


def test_a_broader_concept_is_in_the_entry_by_the_counting_rule(entries, register,
                                                                 vocabularies):
    """The actor types of an entry are those its body counts for: "polizei" is in the
    entries of the 36 bodies that count for Polizei (31 name it, the others LKA, BKA,
    Bundes- or Landespolizei), "behorden" in those that count for Behörden, …"""
    from gremien_rdf.site.counts import counts

    lang, data = entries
    actors = counts(register, vocabularies, "akteur")
    for concept, word in (("polizei", "polizei"), ("zivilgesellschaft", "zivilgesellschaft"),
                          ("behoerden", "behorden"), ("fbs", "fbs")):
        having = [e["id"] for e in data["bodies"]
                  if any(w.startswith(word) for t in e["terms"] if t[0] == "actor"
                         for w in t[2].split())]
        assert having == list(actors[concept].bodies), concept
    # and no other text of an entry begins with "polizei" (a search finds the 36)
    assert len(actors["polizei"].bodies) == 36
    assert sum(any(w.startswith("polizei") for w in entry_words(e))
               for e in data["bodies"]) == 36
    # shown with the concept it was reached through
    lka_only = next(e for e in data["bodies"] if e["id"] == "by-kooperationsgruppe-opferschutz")
    via = "über" if lang == "de" else "through"
    shown = [t[1] for t in lka_only["terms"] if t[0] == "actor"]
    label = "Polizei" if lang == "de" else "Police"
    crime = "Landeskriminalamt" if lang == "de" else "State Criminal Police Office"
    assert f"{label} ({via} {crime})" in shown


def test_umlauts_are_both_plain_and_spelt_out():
    assert set(words("Landkreis Böblingen")) == {"landkreis", "boblingen", "boeblingen"}
    assert set(words("Baden-Württemberg")) == {
        "baden", "wurttemberg", "badenwurttemberg", "wuerttemberg", "badenwuerttemberg"}
    assert words("Straße") == ["strasse"]
    assert words("Runder Tisch „Prostitution“") == ["runder", "tisch", "prostitution"]
    assert words("Ulm/ Alb-Donau-Kreis") == ["ulm", "albdonaukreis", "alb", "donau", "kreis"]
    assert words("") == []


def test_the_entries_cannot_end_their_script(dist):
    """The texts come from the register: none can close the script or open markup."""
    for lang in ("de", "en"):
        text = (dist / "site" / "assets" / f"search-{lang}.js").read_text("utf-8")
        assert "<" not in text and ">" not in text
        assert text.count("\n") == 2  # the comment line, the one line of data
