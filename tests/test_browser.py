"""The website in a real browser: Debian's Chromium, driven by Playwright, on dist/site/
served from 127.0.0.1. The table filter and sort work; the map shows the 16 Länder; a
Land's bodies and their participants are two clicks from the index. That every page loads
without a console error, asks nothing from elsewhere and links only to pages that resolve
is checked in test_pages_checked.py, in the one walk over all pages that axe-core and the
width checks share."""

from __future__ import annotations

import pytest
from conftest import watched_tab


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
    names = page.eval_on_selector_all("svg.map a.tile", "t => t.map(x => x.ariaLabel ?? "
                                      "x.getAttribute('aria-label'))")
    assert "Nordrhein-Westfalen: 1 Gremium" in names and "Hessen: 3 Gremien" in names
    assert "Thüringen: kein Gremium im Bericht" in names


def test_every_tile_of_the_map_is_reached_by_keyboard_and_shows_its_focus(page, served):
    page.goto(served + "index.html")
    # the last link before the map is the source in the lead sentence
    page.focus(".overview .lead a[href^='quelle/']")
    reached = []
    for _ in range(16):
        page.keyboard.press("Tab")
        land, stroke = page.evaluate(
            "() => { const a = document.activeElement; return [a.getAttribute('data-land'), "
            "getComputedStyle(a.querySelector('rect')).strokeWidth]; }")
        reached.append(land)
        assert stroke == "5px", land  # a thick dark edge: the focus is visible
    assert reached == ["DE-SH", "DE-HB", "DE-HH", "DE-MV", "DE-NW", "DE-NI", "DE-ST", "DE-BB",
                       "DE-BE", "DE-RP", "DE-HE", "DE-TH", "DE-SN", "DE-SL", "DE-BW", "DE-BY"]
    page.keyboard.press("Enter")
    page.wait_for_url("**/land/DE-BY.html")


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


def chart_pages(dist) -> list[str]:
    """Every page that shows a chart (today the index in both languages)."""
    site = dist / "site"
    found = sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                   if '<svg class="chart"' in p.read_text("utf-8"))
    assert found == ["en/index.html", "index.html"]
    return found


#: every text of a chart or the map whose box (getBBox, in the SVG's units) leaves the
#: viewBox, its width (getComputedTextLength) and its size on the screen in px
OUTSIDE = """() => [...document.querySelectorAll('svg.chart, svg.map')].flatMap(svg => {
  const box = svg.viewBox.baseVal;
  const scale = svg.getBoundingClientRect().width / box.width;
  // each line: a text, or each tspan of a text of several lines
  const lines = [...svg.querySelectorAll('text')].flatMap(
    t => t.querySelector('tspan') ? [...t.querySelectorAll('tspan')] : [t]);
  return lines.map(t => {
    const b = t.getBBox();
    return {svg: svg.id, text: t.textContent, x: b.x, y: b.y, right: b.x + b.width,
            bottom: b.y + b.height, start: t.getStartPositionOfChar(0).x,
            length: t.getComputedTextLength(), width: box.width, height: box.height,
            px: parseFloat(t.closest('text').getAttribute('font-size')) * scale};
  });
})"""


@pytest.mark.parametrize("width, height", [(320, 568), (375, 667), (768, 1024), (1366, 768)])
def test_charts_and_map_fit_the_screen_and_their_texts_their_drawing(browser, served, dist,
                                                                      width, height):
    """On a phone and on a desktop: no sideways scrolling, no chart text outside its
    viewBox (as the browser measures it: labels are never clipped), no text under 11 px."""
    with watched_tab(browser, served, width, height) as tab:
        for path in chart_pages(dist):
            tab.goto(served + path)
            assert tab.evaluate("document.documentElement.scrollWidth") <= width, path
            texts = tab.evaluate(OUTSIDE)
            assert len(texts) > 100, path
            for t in texts:
                where = f"{path} at {width} px: {t['svg']} {t['text']!r}"
                assert t["x"] >= 0 and t["y"] >= 0, where
                assert t["right"] <= t["width"] and t["bottom"] <= t["height"], where
                assert t["start"] + t["length"] <= t["width"], where
                assert t["px"] >= 11, where
            for chart in tab.locator("svg.chart").all():
                box = chart.bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, path
            assert tab.problems == []


@pytest.mark.parametrize("path", ["index.html", "en/index.html"])
def test_the_first_screen_shows_the_lead_figures_and_the_map(browser, served, path):
    """On a desktop (1366 × 768) the first 44 and the map's top are on the first screen;
    on a phone (375 × 667) the whole lead sentence is."""
    first_44 = """() => {
      const walk = document.createTreeWalker(document.querySelector('main'),
                                             NodeFilter.SHOW_TEXT);
      while (walk.nextNode()) {
        if (/\\b44\\b/.test(walk.currentNode.textContent)) {
          const range = document.createRange();
          range.selectNodeContents(walk.currentNode);
          const box = range.getBoundingClientRect();
          if (box.height) return box.top + window.scrollY;
        }
      }
      return null;
    }"""
    with watched_tab(browser, served, 1366, 768) as tab:
        tab.goto(served + path)
        top_44 = tab.evaluate(first_44)
        assert top_44 is not None and top_44 < 768 - 30
        assert tab.locator(".overview .lead strong").first.inner_text() == "44"
        map_box = tab.locator("svg.map").bounding_box()
        assert map_box and map_box["y"] < 768 - 100  # its top rows are on the first screen
        lead_box = tab.locator(".overview .lead").bounding_box()
        assert lead_box and map_box["x"] > lead_box["x"] + lead_box["width"]  # beside it
    with watched_tab(browser, served, 375, 667) as tab:
        tab.goto(served + path)
        lead_box = tab.locator(".overview .lead").bounding_box()
        assert lead_box and lead_box["y"] + lead_box["height"] <= 667
        map_box = tab.locator("svg.map").bounding_box()
        assert map_box and map_box["y"] > lead_box["y"] + lead_box["height"]  # right after
        figures = tab.locator(".overview .figures").bounding_box()
        assert figures and figures["y"] > map_box["y"]
