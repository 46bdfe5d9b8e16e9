"""The search and filters of the index page in a real browser (Debian's Chromium, driven by
Playwright), served from 127.0.0.1 and opened from file://: what a search finds (titles,
former titles, places, Länder in both languages, actor types by label and abbreviation,
by the counting rule), the view kept in the address (shared, restored, the back button),
the reset, the message when nothing matches, and the keyboard's way to the filters.
Expectations from data/gremien.yaml; the entries themselves: tests/test_search.py."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from gremien_rdf.site.counts import counts

#: the three bodies in Hessen, in the table's order (by Land, then title)
HESSEN = ["he-austauschtreffen-polizei-fbs", "he-runder-tisch-menschenhandel",
          "he-runder-tisch-menschenhandel-kassel"]
BOEBLINGEN = ["bw-ak-prostituiertenschutzgesetz-boeblingen"]


def shown(page) -> list[str]:
    """The ids of the rows on show, in their order."""
    return page.eval_on_selector_all("#body-table tbody tr", "rows => rows.filter(r => "
                                     "!r.hidden).map(r => r.dataset.id)")


def search(page, text: str) -> list[str]:
    page.fill("input[name=q]", text)
    return shown(page)


def why(page, body: str) -> str:
    return page.inner_text(f"#body-table tr[data-id='{body}'] .why")


def address(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_an_abbreviation_finds_the_bodies_of_its_actor_type(page, served, register,
                                                            vocabularies):
    page.goto(served + "index.html")
    fbs = search(page, "FBS")
    assert len(fbs) == 24  # 24 rows of the report's table name FBS
    assert sorted(fbs) == sorted(counts(register, vocabularies, "akteur")["fbs"].bodies)
    assert why(page, "he-austauschtreffen-polizei-fbs") == "Akteurstyp: Fachberatungsstellen"
    assert page.inner_text("#shown") == "24 / 44 angezeigt"
    # the same rows as the filter
    page.fill("input[name=q]", "")
    page.select_option("select[name=actor]", "fbs")
    assert shown(page) == fbs
    assert search(page, "lka") == search(page, "Landeskrim")
    assert len(shown(page)) == 6
    assert page.problems == []


def test_a_broader_term_finds_what_the_filter_finds(page, served):
    page.goto(served + "index.html")
    police = search(page, "Polizei")
    assert len(police) == 36  # Polizei, or one of LKA, BKA, Bundes-, Landespolizei
    # a body with the LKA only says so
    assert why(page, "by-kooperationsgruppe-opferschutz") == \
        "Akteurstyp: Polizei (über Landeskriminalamt)"
    page.fill("input[name=q]", "")
    page.select_option("select[name=actor]", "polizei")
    assert shown(page) == police


def test_a_former_title_finds_its_body(page, served):
    page.goto(served + "index.html")
    # Hessen's body was called so until 2024; the two in Hamburg have those words in
    # their titles ("Runder Tisch zur Bekämpfung des Menschenhandels zum Zwecke …")
    found = search(page, "Runder Tisch „Bekämpfung des Menschenhandels“")
    assert found == ["hh-runder-tisch-zwangsarbeit", "hh-runder-tisch-zwangsprostitution",
                     "he-runder-tisch-menschenhandel"]  # Hamburg before Hessen
    assert why(page, "he-runder-tisch-menschenhandel") == \
        "früher: Runder Tisch „Bekämpfung des Menschenhandels“"
    assert page.locator("tr[data-id^='hh-'] .why").count() == 0  # their titles say it
    assert search(page, "VERA") == ["st-koordinierungskreis-frauenhandel"]


def test_places_and_laender(page, served):
    page.goto(served + "index.html")
    assert search(page, "Mannheim") == ["bw-runder-tisch-prostitution-mannheim",
                                        "bw-steuerungskreis-prostitution-mannheim"]
    assert search(page, "hessen") == HESSEN
    assert search(page, "DE-HE") == HESSEN
    assert len(search(page, "Baden-Württemberg")) == 14
    assert len(search(page, "baden württ")) == 14
    assert search(page, "Kassel polizei") == ["he-runder-tisch-menschenhandel-kassel"]


@pytest.mark.parametrize("text", ["Böblingen", "boblingen", "boeblingen", "BÖBLINGEN",
                                  "böbl"])
def test_umlauts_match_plain_and_spelt_out(page, served, text):
    page.goto(served + "index.html")
    assert search(page, text) == BOEBLINGEN


def test_english_land_names_on_the_english_page(page, served):
    page.goto(served + "en/index.html")
    assert search(page, "Hesse") == HESSEN
    assert search(page, "bavaria") == ["by-kooperationsgruppe-opferschutz",
                                       "by-runder-tisch-prostituiertenschutzgesetz"]
    assert len(search(page, "police")) == 36
    # the first text that holds the word: the LKA's English name has it
    assert why(page, "by-kooperationsgruppe-opferschutz") == \
        "Actor type: State Criminal Police Office"
    assert why(page, "bb-dialogforum-prostitution") == "Actor type: Police"
    assert page.inner_text("#shown") == "36 / 44 shown"
    assert len(search(page, "FBS")) == 24


def test_nothing_found_says_so(page, served):
    page.goto(served + "index.html")
    assert page.is_hidden("#body-table tfoot")
    assert search(page, "Polizei VERA") == []  # the body formerly "… VERA" has no police
    assert page.inner_text("#shown") == "0 / 44 angezeigt"
    assert page.get_attribute("#shown", "aria-live") == "polite"
    assert page.is_visible("#body-table tfoot")
    assert page.inner_text("#body-table tfoot") == "Kein Gremium passt zu Suche und Filtern."
    page.fill("input[name=q]", "")
    assert page.is_hidden("#body-table tfoot")


def test_a_shared_address_opens_the_view(page, served):
    page.goto(served + "index.html?land=DE-HE")
    assert shown(page) == HESSEN
    assert page.input_value("select[name=land]") == "DE-HE"
    assert page.inner_text("#shown") == "3 / 44 angezeigt"
    page.goto(served + "index.html?actor=fbs&q=zoll&sort=-title")
    assert page.input_value("select[name=actor]") == "fbs"
    assert page.input_value("input[name=q]") == "zoll"
    descending = shown(page)
    assert len(descending) == 9  # with FBS and Zoll
    assert page.get_attribute("th[data-sort=title]", "aria-sort") == "descending"
    page.goto(served + "index.html?actor=fbs&q=zoll&sort=title")
    assert shown(page) == descending[::-1]
    assert page.get_attribute("th[data-sort=title]", "aria-sort") == "ascending"
    # a value that no option has: all, and dropped from the address
    page.goto(served + "index.html?land=DE-XX&level=kommunal-regional")
    assert page.input_value("select[name=land]") == ""
    assert address(page) == {"level": ["kommunal-regional"]}
    assert page.problems == []


def test_each_change_is_in_the_address_and_the_back_button_undoes_it(page, served):
    page.goto(served + "index.html")
    page.select_option("select[name=land]", "DE-BW")
    assert address(page) == {"land": ["DE-BW"]}
    page.select_option("select[name=level]", "kommunal-regional")
    assert address(page) == {"land": ["DE-BW"], "level": ["kommunal-regional"]}
    page.locator("input[name=q]").press_sequentially("Mannh")  # five keys, one step
    assert address(page)["q"] == ["Mannh"]
    assert len(shown(page)) == 2
    page.click("th[data-sort=title] button")
    assert address(page)["sort"] == ["title"]
    page.go_back()  # the sort
    assert address(page) == {"land": ["DE-BW"], "level": ["kommunal-regional"],
                             "q": ["Mannh"]}
    assert page.get_attribute("th[data-sort=title]", "aria-sort") is None
    page.go_back()  # the search, at once
    assert page.input_value("input[name=q]") == ""
    assert len(shown(page)) == 12  # the municipal and regional bodies of Baden-Württemberg
    page.go_back()
    assert page.input_value("select[name=level]") == ""
    assert len(shown(page)) == 14
    page.go_forward()
    assert page.input_value("select[name=level]") == "kommunal-regional"
    assert len(shown(page)) == 12


def test_the_reset_button_shows_all_again(page, served):
    page.goto(served + "index.html?land=DE-HE&actor=fbs&q=kassel")
    assert shown(page) == ["he-runder-tisch-menschenhandel-kassel"]
    page.click("#filter-reset")
    assert len(shown(page)) == 44
    assert page.input_value("select[name=land]") == "" == page.input_value("input[name=q]")
    assert urlsplit(page.url).query == ""
    page.go_back()
    assert page.input_value("select[name=actor]") == "fbs"


def test_the_keyboard_reaches_the_search_in_a_few_keys(page, served):
    """Before the skip link the first filter was 91 Tab presses away (the links of the
    contents, the citation, the map and the charts come first)."""
    page.goto(served + "index.html")
    presses = 0
    while page.evaluate("document.activeElement.id") != "skip-filters" and presses < 10:
        page.keyboard.press("Tab")
        presses += 1
    assert presses == 2  # after the skip to the content
    assert page.is_visible("#skip-filters")
    assert page.inner_text("#skip-filters") == "Zu Suche und Filtern"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "land"
    presses += 1
    assert presses <= 3
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("fbs")
    assert len(shown(page)) == 24


def test_from_the_file_system(browser, dist):
    """As a person opens dist/site/index.html: the search entries load (no fetch) and the
    address keeps the view."""
    context = browser.new_context()
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    try:
        tab.goto((dist / "site" / "index.html").as_uri() + "?land=DE-HE")
        assert shown(tab) == HESSEN
        assert tab.input_value("select[name=land]") == "DE-HE"
        assert search(tab, "FBS") == HESSEN  # all three name FBS
        assert parse_qs(urlsplit(tab.url).query) == {"land": ["DE-HE"], "q": ["FBS"]}
        tab.select_option("select[name=land]", "")
        assert len(shown(tab)) == 24
        tab.go_back()
        assert shown(tab) == HESSEN
        tab.goto((dist / "site" / "en" / "index.html").as_uri())
        tab.keyboard.press("Tab")
        tab.keyboard.press("Tab")
        tab.keyboard.press("Enter")
        assert tab.evaluate("document.activeElement.name") == "q"
        tab.keyboard.type("bavaria")
        assert shown(tab) == ["by-kooperationsgruppe-opferschutz",
                              "by-runder-tisch-prostituiertenschutzgesetz"]
        assert errors == []
    finally:
        context.close()
