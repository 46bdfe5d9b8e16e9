"""The query pages in a real browser (Debian's Chromium, driven by Playwright): every stored
query runs in the page with the vendored Oxigraph (WebAssembly), served and from file://,
and gives the rows `gremien-rdf query run NAME --format csv --lang de` gives; an edited
query and other parameters work; the engine loads only when asked; the SPARQL wraps on a
phone and copies. And the vendored engine is the one its record names."""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BASE, watched_tab

from gremien_rdf.cli import cli
from gremien_rdf.queries.stored import catalogue

VENDOR = (Path(__file__).resolve().parents[1] / "src" / "gremien_rdf" / "site" / "assets"
          / "vendor" / "oxigraph")
NAMES = [query.name for query in catalogue()]
#: the words the German page shows when a run ends (messages.yaml: run_done, run_failed)
DONE, FAILED = "Ergebnis im Browser:", "Die Abfrage ist fehlgeschlagen:"


def cli_rows(name: str, *args: str) -> list[list[str]]:
    """The rows (header first) that `gremien-rdf query run NAME --format csv ARGS` prints."""
    return [list(row) for row in _cli_rows(name, *args)]


@functools.cache  # a query's rows, once for the served page and the file:// one
def _cli_rows(name: str, *args: str) -> tuple[tuple[str, ...], ...]:
    result = CliRunner().invoke(cli, ["query", "run", name, "--format", "csv", *args])
    assert result.exit_code == 0, result.output
    return tuple(map(tuple, csv.reader(io.StringIO(result.output, newline=""))))


def run(tab) -> str:
    """Press "run" and wait until the run has ended; the status line."""
    tab.click("#query-run button[type=submit]")
    # the click sets the status to "… loading …" at once; a run ends with other words
    tab.wait_for_function("(s => s !== '' && !s.endsWith('…'))"
                          "(document.querySelector('.query-status').textContent)",
                          timeout=60_000)
    return tab.text_content(".query-status")


def downloaded_rows(tab) -> list[list[str]]:
    """The rows of the CSV the page offers for its in-browser result."""
    with tab.expect_download() as info:
        tab.click(".query-download")
    text = Path(info.value.path()).read_bytes().decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def table(tab, selector: str) -> list[list[list[str | None]]]:
    """The header and cells of a table: each cell's text and the address it links to."""
    return tab.evaluate("""selector => Array.from(document.querySelectorAll(selector + ' tr'))
        .map(tr => Array.from(tr.cells).map(cell => {
            const a = cell.querySelector('a');
            return [cell.textContent, a ? a.href : null];
        }))""", selector)


@pytest.mark.parametrize("where", ["served", "file"])
@pytest.mark.parametrize("name", NAMES)
def test_every_stored_query_runs_in_the_page_as_on_the_command_line(browser, served, dist,
                                                                    name, where):
    root = served if where == "served" else (dist / "site").as_uri() + "/"
    with watched_tab(browser, served) as tab:
        tab.goto(root + f"abfrage/{name}.html")
        status = run(tab)
        expected = cli_rows(name, "--lang", "de")
        assert status == f"{DONE} {len(expected) - 1} " + (
            "Zeile" if len(expected) == 2 else "Zeilen")
        got = downloaded_rows(tab)
        query = next(q for q in catalogue() if q.name == name)
        assert got[0] == expected[0]  # the readable headers
        if "ORDER BY" in query.text:
            assert got[1:] == expected[1:]
        else:
            assert sorted(got[1:]) == sorted(expected[1:])
        # the table the browser made is the one the build made (labels, links)
        assert table(tab, "#browser-result") == table(tab, "#static-result")
        assert tab.problems == []


def test_an_edited_query_counts_the_44_bodies(browser, served):
    with watched_tab(browser, served) as tab:
        tab.goto(served + "abfrage/bodies-per-land.html")
        tab.fill("textarea[name=query]", "PREFIX gmh: <https://w3id.org/gremien-rdf/def#>\n"
                 "SELECT (COUNT(?body) AS ?bodies) WHERE { ?body a gmh:Body }")
        assert run(tab) == f"{DONE} 1 Zeile"
        assert table(tab, "#browser-result") == [[["Gremien", None]], [["44", None]]]
        assert downloaded_rows(tab) == [["Gremien"], ["44"]]
        # the stored query comes back, and runs again
        tab.click(".query-reset")
        assert run(tab) == f"{DONE} 16 Zeilen"
        # a query that is not SPARQL: a message, no exception in the page
        tab.fill("textarea[name=query]", "SELECT nothing WHERE")
        assert run(tab).startswith(FAILED)
        assert tab.is_hidden(".query-output")
        assert tab.problems == []


def test_parameters_are_bound_as_the_command_line_binds_them(browser, served):
    with watched_tab(browser, served) as tab:
        tab.goto(served + "en/abfrage/bodies-with-actor.html")
        tab.select_option("select[name=actor]", value=f"<{BASE}akteur/fbs>")
        assert run(tab) == "Result in the browser: 24 rows"  # FBS: 24 bodies
        assert downloaded_rows(tab) == cli_rows("bodies-with-actor", "--param", "actor=FBS",
                                                "--lang", "en")
        tab.select_option("select[name=lang]", value="de")
        run(tab)
        assert downloaded_rows(tab)[1:] == cli_rows(
            "bodies-with-actor", "--param", "actor=FBS", "--lang", "de")[1:]
        tab.goto(served + "abfrage/land-profile.html")
        tab.select_option("select[name=land]", label="Hessen")
        expected = cli_rows("land-profile", "--param", "land=Hessen", "--lang", "de")
        assert run(tab) == f"{DONE} {len(expected) - 1} Zeilen"
        assert downloaded_rows(tab) == expected
        assert len({row[0] for row in expected[1:]}) == 3  # Hessen: 3 bodies
        assert tab.problems == []


def test_the_engine_loads_only_when_the_reader_runs_a_query(browser, served):
    with watched_tab(browser, served) as tab:
        asked: list[str] = []
        tab.on("request", lambda request: asked.append(request.url))
        tab.goto(served + "abfrage/bodies-per-land.html")
        tab.wait_for_load_state("load")
        assert tab.evaluate("typeof globalThis.oxigraph") == "undefined"
        assert not [url for url in asked if "oxigraph" in url or "daten.js" in url]
        run(tab)
        assert {url.rsplit("/", 1)[1] for url in asked if "oxigraph" in url
                or "daten.js" in url} == {"oxigraph.js", "oxigraph-wasm.js", "daten.js"}
        # nothing else is asked: no fetch of a .wasm file, no server
        assert not [url for url in asked if url.endswith(".wasm")]
        assert tab.problems == []


@pytest.mark.parametrize("path", ["abfrage/actor-co-occurrence.html",
                                  "en/abfrage/bodies-with-actor.html"])
def test_the_sparql_wraps_in_its_box_on_a_320_px_phone(browser, served, path):
    with watched_tab(browser, served, width=320, height=700) as tab:
        tab.goto(served + path)
        run(tab)
        assert tab.evaluate("document.documentElement.scrollWidth") <= 320
        for box in ("#sparql-stored", "#sparql-bound", "textarea[name=query]"):
            width, inner, right = tab.evaluate(
                """s => { const e = document.querySelector(s);
                          return [e.scrollWidth, e.clientWidth,
                                  e.getBoundingClientRect().right]; }""", box)
            assert width <= inner and right <= 320, (box, width, inner, right)
        assert tab.problems == []


def test_the_copy_button_copies_the_sparql(browser, served):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        tab = context.new_page()
        tab.goto(served + "abfrage/bodies-with-actor.html")
        button = tab.locator("button[data-copy=sparql-bound]")
        assert button.is_visible()
        button.click()
        tab.wait_for_function("document.querySelector('.query-copied') !== null && "
                              "Array.from(document.querySelectorAll('.query-copied'))"
                              ".some(e => e.textContent === 'Kopiert.')")
        copied = tab.evaluate("navigator.clipboard.readText()")
        assert copied == tab.text_content("#sparql-bound")
        assert "$lang" not in copied and '= "de"' in copied
    finally:
        context.close()


def test_without_javascript_the_static_result_shows_and_no_button(browser, served):
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(served + "abfrage/bodies-per-land.html")
        assert tab.locator("#static-result tbody tr").count() == 16
        assert tab.locator("button.query-copy").first.is_hidden()
        assert tab.is_hidden("#query-run")
        assert tab.locator("a.query-button[download]").first.is_visible()
    finally:
        context.close()


def test_the_vendored_engine_is_the_one_its_record_names():
    record = json.loads((VENDOR / "vendor.json").read_text("utf-8"))
    assert record["package"] == "oxigraph" and record["version"] == "0.5.11"
    assert record["licence"] == "MIT OR Apache-2.0"
    assert set(record["files"]) == {"oxigraph.js", "oxigraph-wasm.js", "LICENSE-MIT",
                                    "LICENSE-APACHE"}
    for name, digest in record["files"].items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    assert (VENDOR / "LICENSE-MIT").read_text("utf-8").startswith(
        "Copyright (c) 2018 Oxigraph developers\n\nPermission is hereby granted")
    assert "Apache License\n                           Version 2.0, January 2004" in (
        VENDOR / "LICENSE-APACHE").read_text("utf-8")
    assert "version **0.5.11**" in (VENDOR / "README.md").read_text("utf-8")
    # the wasm inside is the tarball's web_bg.wasm
    import base64

    script = (VENDOR / "oxigraph-wasm.js").read_text("ascii")
    wasm = base64.b64decode(script.split('globalThis.oxigraphWasm = "')[1].split('"')[0])
    assert wasm[:4] == b"\0asm" and len(wasm) == 4_049_113
    assert hashlib.sha256(wasm).hexdigest() == record["sources"]["web_bg.wasm"]
