"""The website in a real browser: Debian's Chromium, driven by Playwright, on dist/site/
served from 127.0.0.1. Every page loads without a console error and asks nothing from
elsewhere; every internal link resolves; the table filter and sort work; the map shows the
16 Länder; a Land's bodies and their participants are two clicks from the index."""

from __future__ import annotations

import urllib.request
from urllib.parse import urldefrag

import pytest
from conftest import serving_site, watched_tab


@pytest.fixture(scope="module")
def served(dist):
    with serving_site(dist / "site") as address:
        yield address


@pytest.fixture
def page(browser, served):
    """A fresh page that records console errors, failed requests and requests elsewhere."""
    with watched_tab(browser, served) as tab:
        yield tab


def test_every_page_loads_cleanly_and_every_link_resolves(page, served, dist):
    pages = sorted(str(p.relative_to(dist / "site")) for p in (dist / "site").rglob("*.html"))
    assert len(pages) == 280
    links: set[str] = set()
    for name in pages:
        page.goto(served + name)
        assert page.problems == [], name
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => new URL("
                                          "e.getAttribute('href'), document.baseURI).href)")
        links.update(urldefrag(h)[0] for h in hrefs if h.startswith(served))
    assert len(links) > 500  # the walk really collected the links
    for link in sorted(links):
        with urllib.request.urlopen(link, timeout=10) as answer:
            assert answer.status == 200, link


def visible_rows(page) -> int:
    return page.eval_on_selector_all("#body-table tbody tr", "rows => rows.filter(r => "
                                     "!r.hidden).length")


def test_the_table_filter_works(page, served):
    page.goto(served + "index.html")
    assert visible_rows(page) == 44
    page.select_option("select[name=land]", "DE-HE")
    assert visible_rows(page) == 3  # the report lists three bodies in Hessen
    assert page.inner_text("#shown") == "3 / 44 angezeigt"
    page.select_option("select[name=land]", "")
    page.select_option("select[name=actor]", "fbs")
    assert visible_rows(page) == 24  # 24 rows of the table name FBS
    page.select_option("select[name=actor]", "polizei")
    assert visible_rows(page) == 36  # Polizei, or one of LKA, BKA, Bundes-, Landespolizei
    page.select_option("select[name=actor]", "")
    page.select_option("select[name=frequency]", "seltener-als-jaehrlich")
    titles = page.eval_on_selector_all("#body-table tbody tr:not([hidden]) th",
                                       "cells => cells.map(c => c.innerText)")
    assert titles == ["Arbeitstreffen Menschenhandel"]  # the only one meeting less often
    page.select_option("select[name=frequency]", "")
    page.fill("input[name=q]", "prostitution")
    assert 0 < visible_rows(page) < 44


def test_the_table_sorts_by_a_column(page, served):
    page.goto(served + "index.html")
    page.click("#body-table thead th[data-sort=title] button")
    script = "c => c.map(x => x.innerText)"
    ascending = page.eval_on_selector_all("#body-table tbody th", script)
    assert page.get_attribute("#body-table thead th[data-sort=title]", "aria-sort") \
        == "ascending"
    page.click("#body-table thead th[data-sort=title] button")
    descending = page.eval_on_selector_all("#body-table tbody th", script)
    assert descending == ascending[::-1] != ascending
    assert ascending[0].startswith("AG Milieu") and ascending[-1].startswith("Steuerungskreis")


def test_the_map_shows_16_laender_and_the_three_without_a_body(page, served):
    page.goto(served + "index.html")
    tiles = page.locator("svg.map a.tile")
    assert tiles.count() == 16
    for index in range(16):
        box = tiles.nth(index).bounding_box()
        assert box and box["width"] > 20 and box["height"] > 20
    empty = page.eval_on_selector_all("svg.map a.tile[data-count='0']",
                                      "t => t.map(x => x.getAttribute('data-land'))")
    assert sorted(empty) == ["DE-MV", "DE-SH", "DE-TH"]


def test_two_clicks_to_the_bodies_of_a_land_with_their_participants(page, served):
    page.goto(served + "index.html")
    page.click("svg.map a.tile[data-land='DE-HE']")
    assert page.url.endswith("/land/DE-HE.html")
    assert page.locator(".body-card").count() == 3
    assert "Frauenhäuser" in page.inner_text("main")
    page.click("text=Austauschtreffen zwischen Polizei und Fachberatungsstellen")
    assert page.url.endswith("/gremium/he-austauschtreffen-polizei-fbs.html")
    assert page.locator("h1").inner_text() == \
        "Austauschtreffen zwischen Polizei und Fachberatungsstellen"


def test_keyboard_reaches_the_skip_link_first(page, served):
    page.goto(served + "index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_english_pages(page, served):
    page.goto(served + "en/index.html")
    assert page.get_attribute("html", "lang") == "en"
    page.select_option("select[name=land]", "DE-BW")
    assert visible_rows(page) == 14
    assert page.inner_text("#shown") == "14 / 44 shown"


def test_screenshots(page, served, tmp_path):
    for name, url in (("index", "index.html"), ("body", "gremium/sl-jour-fixe.html")):
        page.goto(served + url)
        path = tmp_path / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 20_000


def test_from_the_file_system_in_two_clicks(browser, dist):
    """As a person opens dist/site/index.html after `make`: no server at all."""
    tab = browser.new_page()
    try:
        tab.goto((dist / "site" / "index.html").as_uri())
        tab.click("svg.map a.tile[data-land='DE-BW']")
        assert tab.url.endswith("/land/DE-BW.html")
        assert tab.locator(".body-card").count() == 14
        assert tab.locator(".body-card ul.actors li").count() > 14
    finally:
        tab.close()
