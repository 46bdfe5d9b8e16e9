"""The site of a large register (#14): lists longer than pages.PAGE_SIZE bodies on numbered
pages, and a sitemap index beyond frame.SITEMAP_SIZE pages. Built here from a synthetic
register of 250 bodies (bench/generate.py, seeded) with a page size of 25 and a sitemap
size of 400, so that every list and the sitemap are split as they would be at 100,000
bodies with the real sizes. The real register (44 bodies) is not paged: its site is the
one the other tests check."""

from __future__ import annotations

import importlib.util
import json
import math
import re
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path
from posixpath import dirname, join, normpath
from urllib.parse import urlsplit

import pytest
import yaml

from gremien_rdf.site.pages import Pager, paged

ROOT = Path(__file__).resolve().parents[1]
BODIES = 250
PAGE_SIZE = 25
SITEMAP_SIZE = 400
LANGS = {"de": "", "en": "en/"}
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


# -- the pager's arithmetic (no build) ----------------------------------------------------

def test_a_list_that_fits_one_page_is_not_paged():
    assert paged("land/DE-BY", list(range(25)), 25) == [("land/DE-BY", list(range(25)), None)]


def test_a_longer_list_is_split_in_order_with_paths_and_positions():
    found = paged("index", list(range(60)), 25)
    assert [(path, len(items)) for path, items, _ in found] == [
        ("index", 25), ("seite-2", 25), ("seite-3", 10)]
    assert [item for _, items, _ in found for item in items] == list(range(60))
    pagers = [pager for _, _, pager in found]
    assert [(p.number, p.first, p.last, p.total, p.prev, p.next) for p in pagers] == [
        (1, 1, 25, 60, None, "seite-2"), (2, 26, 50, 60, "index", "seite-3"),
        (3, 51, 60, 60, "seite-2", None)]
    assert paged("land/DE-BY", list(range(26)), 25)[1][0] == "land/DE-BY/seite-2"


def test_the_pager_links_the_ends_and_two_pages_on_each_side():
    paths = tuple(f"p{n}" for n in range(1, 21))

    def numbers(number):
        return [item and item[0] for item in Pager(number, paths, 1, 1, 1).links]

    assert numbers(7) == [1, None, 5, 6, 7, 8, 9, None, 20]
    assert numbers(1) == [1, 2, 3, None, 20]
    assert numbers(4) == [1, 2, 3, 4, 5, 6, None, 20]
    assert numbers(20) == [1, None, 18, 19, 20]


# -- a paged site -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def register(tmp_path_factory) -> tuple[Path, list[dict]]:
    """The synthetic register of BODIES bodies, written as YAML, and its bodies."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    assert spec and spec.loader
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    data = generate.generate(BODIES)
    path = tmp_path_factory.mktemp("register") / "gremien.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path, data["bodies"]


@pytest.fixture(scope="module")
def site(register, tmp_path_factory) -> Path:
    """The site of the register with PAGE_SIZE and SITEMAP_SIZE made small, written out."""
    import gremien_rdf
    from gremien_rdf.site import frame, pages

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages, "PAGE_SIZE", PAGE_SIZE)
        patch.setattr(frame, "SITEMAP_SIZE", SITEMAP_SIZE)
        files = gremien_rdf.load(register[0]).site()
    out = tmp_path_factory.mktemp("site")
    for name, data in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    return out


@pytest.fixture(scope="module")
def model(register):
    """The register as gremien-rdf reads it (keys of Länder and levels), and its
    vocabularies."""
    from gremien_rdf.source.register import load_converted

    registered, vocabularies, _ = load_converted(register[0], "https://example.org/")
    return registered, vocabularies


pytestmark = pytest.mark.slow


class Links(HTMLParser):
    """The rows, cards, links (href, rel) and scripts of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[str] = []
        self.cards: list[str] = []
        self.links: list[tuple[str, str | None]] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and a.get("data-id"):
            self.rows.append(a["data-id"])
        if tag == "h3" and (a.get("id") or "").startswith("b-"):
            self.cards.append(a["id"][2:])
        if tag in ("a", "link") and a.get("href"):
            self.links.append((a["href"], a.get("rel")))
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])


def read(site: Path, page: str) -> Links:
    parser = Links()
    parser.feed((site / page).read_text("utf-8"))
    return parser


def chain(site: Path, first: str) -> list[str]:
    """The pages from `first` on, following rel=next; each page's rel=prev checked to
    point back."""
    pages = [first]
    while True:
        found = read(site, pages[-1])
        nexts = [href for href, rel in found.links if rel == "next"]
        prevs = [href for href, rel in found.links if rel == "prev"]
        assert len(prevs) == (0 if len(pages) == 1 else 1), pages[-1]
        if prevs:
            assert resolve(pages[-1], prevs[0]) == pages[-2]
        if not nexts:
            return pages
        assert len(nexts) == 1
        pages.append(resolve(pages[-1], nexts[0]))
        assert len(pages) <= BODIES, "the chain does not end"


def resolve(page: str, href: str) -> str:
    """The path below the site that `href` on `page` names (no fragment)."""
    return normpath(join(dirname(page), urlsplit(href).path))


def pager_text(site: Path, page: str) -> str:
    text = (site / page).read_text("utf-8")
    return re.search(r'<nav class="pager"[^>]*>\n<p>([^<]*)</p>', text).group(1)


@pytest.mark.parametrize("lang", LANGS)
def test_every_body_is_in_exactly_one_page_of_the_index_table(site, register, lang):
    prefix = LANGS[lang]
    pages = chain(site, f"{prefix}index.html")
    count = math.ceil(BODIES / PAGE_SIZE)
    assert pages == [f"{prefix}index.html",
                     *(f"{prefix}seite-{n}.html" for n in range(2, count + 1))]
    rows = [read(site, page).rows for page in pages]
    assert all(len(r) == PAGE_SIZE for r in rows[:-1]) and 0 < len(rows[-1]) <= PAGE_SIZE
    assert Counter(i for r in rows for i in r) == Counter(b["id"] for b in register[1])
    word, of = ("Seite", "von") if lang == "de" else ("Page", "of")
    for number, page in enumerate(pages, 1):
        first = (number - 1) * PAGE_SIZE + 1
        last = first + len(rows[number - 1]) - 1
        assert pager_text(site, page).startswith(f"{word} {number} {of} {count}: ")
        assert pager_text(site, page).endswith(f" {first}–{last} {of} {BODIES}")
    # the key figures and the charts on the first page only
    assert 'id="figures"' in (site / pages[0]).read_text("utf-8")
    assert 'id="figures"' not in (site / pages[1]).read_text("utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_each_index_page_loads_the_search_entries_of_its_own_rows(site, lang):
    prefix = LANGS[lang]
    for page in chain(site, f"{prefix}index.html"):
        found = read(site, page)
        script = [resolve(page, s) for s in found.scripts if "search-" in s]
        assert len(script) == 1
        text = (site / script[0]).read_text("utf-8")
        entries = json.loads(text[text.index("= ") + 2:text.rindex(";")])["bodies"]
        assert [e["id"] for e in entries] == found.rows


@pytest.mark.parametrize("lang", LANGS)
def test_each_land_and_level_lists_its_bodies_once_over_its_pages(site, model, lang):
    prefix = LANGS[lang]
    for scheme, field in (("land", "land"), ("ebene", "level")):
        expected: dict[str, list[str]] = defaultdict(list)
        for body in model[0].bodies:
            expected[getattr(body, field)].append(body.id)
        for key, ids in expected.items():
            pages = chain(site, f"{prefix}{scheme}/{key}.html")
            assert len(pages) == math.ceil(len(ids) / PAGE_SIZE), (scheme, key)
            shown = [read(site, page).cards if scheme == "land" else read(site, page).rows
                     for page in pages]
            assert all(len(s) <= PAGE_SIZE for s in shown)
            assert Counter(i for s in shown for i in s) == Counter(ids), (scheme, key)
            heading = f"({len(ids)})</h2>"
            assert all(heading in (site / page).read_text("utf-8") for page in pages)
    assert any(len(ids) > PAGE_SIZE for ids in expected.values())  # some list was paged


@pytest.mark.parametrize("lang", LANGS)
def test_actor_type_and_focus_pages_page_the_bodies_they_count(site, model, lang):
    """Over its pages, a concept lists the bodies of the counting rule (counts.py; checked
    against the graph in test_counts.py), each once."""
    from gremien_rdf.site.counts import counts

    registered, vocabularies = model

    prefix = LANGS[lang]
    paged_somewhere = False
    for scheme in ("akteur", "schwerpunkt"):
        for key, count in counts(registered, vocabularies, scheme).items():
            pages = chain(site, f"{prefix}{scheme}/{key}.html")
            paged_somewhere |= len(pages) > 1
            rows = [read(site, page).rows for page in pages]
            assert all(len(r) <= PAGE_SIZE for r in rows)
            assert Counter(i for r in rows for i in r) == Counter(count.bodies), key
    assert paged_somewhere


def test_every_link_of_a_paged_page_resolves(site):
    paged_pages = sorted(str(p.relative_to(site)) for p in site.rglob("seite-*.html"))
    firsts = [p.removesuffix("seite-2.html") + "index.html" if p in (
        "seite-2.html", "en/seite-2.html") else p.removesuffix("/seite-2.html") + ".html"
        for p in paged_pages if p.endswith("seite-2.html")]
    assert len(paged_pages) > 20
    for page in [*paged_pages, *firsts]:
        for href, _ in read(site, page).links:
            if urlsplit(href).scheme or href.startswith("#"):
                continue
            target = resolve(page, href)
            assert (site / target).is_file() or (site / target / "index.html").is_file(), (
                page, href)


def test_the_sitemap_index_lists_files_that_list_every_page(site):
    root = ET.parse(site / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}sitemapindex"
    base = "https://w3id.org/gremien-rdf/"
    files = [loc.text.removeprefix(base) for loc in root.iter(f"{SITEMAP}loc")]
    pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
    assert files == [f"sitemap-{n}.xml" for n in
                     range(1, math.ceil(len(pages) / SITEMAP_SIZE) + 1)]
    listed = []
    for name in files:
        part = ET.parse(site / name).getroot()
        assert part.tag == f"{SITEMAP}urlset"
        urls = [u.find(f"{SITEMAP}loc").text for u in part.iter(f"{SITEMAP}url")]
        assert 0 < len(urls) <= SITEMAP_SIZE
        listed += urls
    expected = [base + (p.removesuffix("index.html") if p.endswith("index.html") else p)
                for p in pages]
    assert sorted(listed) == sorted(expected)


def test_the_paged_pages_pass_the_nu_html_checker(site):
    """The pager, the continuation pages of the index, of a Land and of a concept, and the
    tables cut with a note, through vnu (test_pages_checked.py checks every page of the
    real site, which has none of them)."""
    from conftest import JAVA_FLAGS
    from shared_files import require
    from test_pages_checked import vnu_jar

    java = require("java", "default-jdk-headless")
    files = []
    for prefix in LANGS.values():
        files += [site / f"{prefix}index.html", site / f"{prefix}seite-2.html",
                  site / f"{prefix}seite-{math.ceil(BODIES / PAGE_SIZE)}.html"]
        files += sorted((site / prefix / "land").glob("*/seite-2.html"))[:2]
        files += sorted((site / prefix / "akteur").glob("*/seite-2.html"))[:2]
        # a query's table and the report's table, each cut with a note
        files += [site / f"{prefix}abfrage/actor-types-per-body.html"]
        files += [p for p in (site / prefix / "quelle").rglob("*.html")
                  if 'id="tabelle"' in p.read_text("utf-8")]
    assert all(f.is_file() for f in files) and len(files) == 18
    run = subprocess.run([java, *JAVA_FLAGS, "-jar", str(vnu_jar()), "--format", "json",
                          *map(str, files)], capture_output=True, text=True, timeout=300)
    errors = [(m["message"], m.get("url", "?")) for m in json.loads(run.stderr)["messages"]
              if m["type"] != "info"]
    assert not errors, errors


def test_the_search_of_a_paged_index_page_reads_the_entries_of_its_rows(site, browser):
    """In Chromium: on page 2 of the index, a search for an actor type finds the rows of
    that page whose search entry holds it (the page's own search-de-2.js, not the titles
    alone), and a title from page 1 finds nothing there."""
    from conftest import serving_site, watched_tab

    text = (site / "assets" / "search-de-2.js").read_text("utf-8")
    entries = json.loads(text[text.index("= ") + 2:text.rindex(";")])["bodies"]

    def holding(word: str, kinds: tuple[str, ...]) -> list[str]:
        return [e["id"] for e in entries if any(
            term[0] in kinds and f" {word} " in f"{term[2]} " for term in e["terms"])]

    # an actor type's word that some rows of the page name and no title holds
    word, found = next((w, holding(w, ("actor",))) for w in sorted(
        {w for e in entries for term in e["terms"] if term[0] == "actor"
         for w in term[2].split()})
        if 0 < len(holding(w, ("actor",))) < PAGE_SIZE and not holding(w, ("title",)))
    elsewhere = read(site, "index.html").rows[0]
    title = (site / f"gremium/{elsewhere}.html").read_text("utf-8")
    title = re.search(r"<h1[^>]*>([^<]*)</h1>", title).group(1)
    with serving_site(site) as served, watched_tab(browser, served) as tab:
        tab.goto(served + "seite-2.html")
        assert tab.inner_text("#shown") == f"{PAGE_SIZE} / {PAGE_SIZE} angezeigt"
        tab.fill("input[name=q]", word)
        assert tab.eval_on_selector_all(
            "#body-table tbody tr", "rows => rows.filter(r => !r.hidden)"
            ".map(r => r.dataset.id)") == [i for i in read(site, "seite-2.html").rows
                                           if i in found]
        assert tab.inner_text("#shown") == f"{len(found)} / {PAGE_SIZE} angezeigt"
        tab.fill("input[name=q]", title)
        assert tab.inner_text("#shown") == f"0 / {PAGE_SIZE} angezeigt"
        assert tab.problems == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_query_page_shows_the_first_rows_and_the_csv_has_all(site, lang):
    """actor-types-per-body has a row per body: the page's table shows PAGE_SIZE of them
    and says so; its CSV has every row."""
    prefix = LANGS[lang]
    text = (site / f"{prefix}abfrage/actor-types-per-body.html").read_text("utf-8")
    table = text[text.index('id="static-result"'):text.index("</table>",
                                                             text.index('id="static-result"'))]
    assert table.count("<tr>") == 1 + PAGE_SIZE  # the header and the rows shown
    csv_lines = (site / f"{prefix}abfrage/actor-types-per-body.csv").read_bytes().splitlines()
    assert len(csv_lines) == 1 + BODIES
    said = (f"Die ersten {PAGE_SIZE} von {BODIES} Zeilen" if lang == "de"
            else f"The first {PAGE_SIZE} of {BODIES} rows")
    assert f'<p class="note">{said}' in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_report_table_page_shows_the_first_rows_and_says_where_all_are(site, lang):
    prefix = LANGS[lang]
    [page] = [p for p in (site / prefix / "quelle").rglob("*.html")
              if 'id="tabelle"' in p.read_text("utf-8")]
    text = page.read_text("utf-8")
    assert text.count('<tr id="zeile-') == PAGE_SIZE
    assert [int(n) for n in re.findall(r'<tr id="zeile-(\d+)"', text)] == list(
        range(1, PAGE_SIZE + 1))  # the first rows of the table, in its order
    said = (f"Die ersten {PAGE_SIZE} von {BODIES} Zeilen" if lang == "de"
            else f"The first {PAGE_SIZE} of {BODIES} rows")
    assert f'<p class="note">{said}' in text
    assert f"({BODIES} {'Zeilen' if lang == 'de' else 'rows'})</h2>" in text


def query_config(page: Path) -> dict:
    text = page.read_text("utf-8")
    return json.loads(re.search(r'<script type="application/json" id="query-config">(.*?)'
                                r"</script>", text, re.S).group(1))


@pytest.mark.parametrize("lang", LANGS)
def test_a_query_form_asks_for_a_bodys_id_instead_of_listing_every_body(site, lang):
    """Beyond PAGE_SIZE bodies, the form of a query with a body parameter has a field for
    the body's id (the default's filled in), not a list of every body in every page (the
    real register keeps its list: test_browser_query)."""
    page = site / f"{LANGS[lang]}abfrage/body-profile.html"
    text = page.read_text("utf-8")
    assert '<select name="body"' not in text and "gremium/" in text
    assert re.search(r'<input name="body" data-kind="body" value="sl-jour-fixe"', text)
    config = query_config(page)
    assert config["body"] == "https://w3id.org/gremien-rdf/gremium/"
    assert config["words"]["run_body_id"].startswith(
        "braucht die Kennung" if lang == "de" else "needs the id")


def test_a_query_run_in_the_page_binds_the_body_by_its_id(site, register, browser):
    """In Chromium: body-profile run in the page for another body's id gives that body's
    rows, as `gremien-rdf query run` gives them for the same register; an id that is no
    id is refused with the form's words, and nothing is run."""
    from click.testing import CliRunner
    from conftest import serving_site, watched_tab

    from gremien_rdf.cli import cli

    body = register[1][137]
    assert body["id"] != "sl-jour-fixe"
    result = CliRunner().invoke(cli, ["query", "run", "body-profile", "--source",
                                      str(register[0]), "--param", f"body={body['id']}",
                                      "--lang", "en", "--format", "csv"])
    assert result.exit_code == 0, result.output
    expected = result.output.splitlines()
    with serving_site(site) as served, watched_tab(browser, served) as tab:
        tab.goto(served + "en/abfrage/body-profile.html")
        tab.fill("input[name=body]", body["id"])
        tab.click("#query-run button[type=submit]")
        tab.wait_for_function("(s => s !== '' && !s.endsWith('…'))"
                              "(document.querySelector('.query-status').textContent)",
                              timeout=60_000)
        status = tab.text_content(".query-status")
        assert status == f"Result in the browser: {len(expected) - 1} rows", status
        titles = tab.eval_on_selector_all("#browser-result tbody tr",
                                          "rows => rows.map(r => r.cells[0].textContent)")
        assert set(titles) == {body["title"]}
        tab.fill("input[name=body]", "Kein Gremium!")
        tab.click("#query-run button[type=submit]")
        tab.wait_for_function("document.querySelector('.query-status').textContent"
                              ".includes('needs the id')")
        assert tab.is_hidden(".query-output")
        assert tab.problems == []


def test_beyond_the_browser_limit_a_query_page_says_how_to_run_it(tmp_path):
    """Data over query_pages.BROWSER_LIMIT (here the real register's, with the limit made
    small) is not written as a script for the browser: each query page says how large it
    is and how to run the query instead, and has no form to run it."""
    import gremien_rdf
    from gremien_rdf.queries.stored import catalogue
    from gremien_rdf.site import query_pages

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(query_pages, "BROWSER_LIMIT", 1000)
        files = gremien_rdf.load().site()
    assert query_pages.DATA_SCRIPT not in files
    for query in catalogue():
        for prefix, said in (("", f"„gremien-rdf query run {query.name}“"),
                             ("en/", f"“gremien-rdf query run {query.name}”")):
            text = files[f"{prefix}abfrage/{query.name}.html"].decode("utf-8")
            assert said in text and 'id="query-run"' not in text, (prefix, query.name)
            assert re.search(r"\(\d+[.,]\d (?:kB|MB) (?:als|as) N-Triples\)", text)
    assert gremien_rdf.load().site()[query_pages.DATA_SCRIPT].startswith(b"// gremien-rdf")
