"""The site's frame in a real browser (#13): every body page prints on one A4 page without
the navigation, and the dark colour scheme applies when the reader's system asks for it."""

from __future__ import annotations

import re

import pytest


def test_every_body_page_prints_on_one_a4_page_without_navigation(browser, served, dist,
                                                                   register):
    tab = browser.new_page()
    try:
        pages = {}
        for body in register.bodies:
            for prefix in ("", "en/"):
                tab.goto(f"{served}{prefix}gremium/{body.id}.html")
                pdf = tab.pdf(prefer_css_page_size=True)
                # Chromium writes one page object per page: /Type /Page (not /Pages)
                pages[prefix + body.id] = len(re.findall(rb"/Type\s*/Page\b", pdf))
        assert len(pages) == 88
        assert {name: n for name, n in pages.items() if n != 1} == {}
        tab.emulate_media(media="print")
        for selector in ("header.site", "nav", ".formats", "footer ul"):
            assert tab.locator(selector).first.is_hidden(), selector
        assert tab.locator("h1").is_visible() and tab.locator("table.verbatim").is_visible()
    finally:
        tab.close()


@pytest.mark.parametrize("scheme, background, ink", [("light", "rgb(255, 255, 255)",
                                                       "rgb(26, 26, 26)"),
                                                      ("dark", "rgb(18, 20, 22)",
                                                       "rgb(232, 232, 232)")])
def test_the_colour_scheme_follows_the_reader(browser, served, scheme, background, ink):
    context = browser.new_context(color_scheme=scheme)
    try:
        tab = context.new_page()
        tab.goto(served + "gremium/sl-jour-fixe.html")
        style = tab.evaluate("() => { const s = getComputedStyle(document.body); "
                             "return [s.backgroundColor, s.color]; }")
        assert style == [background, ink]
        # the charts keep their light ground, whose colours are checked against white
        tab.goto(served + "index.html")
        assert tab.evaluate("getComputedStyle(document.querySelector('svg.map'))"
                            ".backgroundColor") == ("rgb(255, 255, 255)" if scheme == "dark"
                                                    else "rgba(0, 0, 0, 0)")
    finally:
        context.close()
