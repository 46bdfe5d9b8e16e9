"""The pages of the stored queries (abfrage/): each query's result as a table made at build
time (it needs no JavaScript), the query with its parameters explained, and a form that
runs the query, or the reader's edit of it, in the browser with Oxigraph's WebAssembly
build (assets/vendor/oxigraph/, loaded only when the reader asks) on the data the queries
read, which the build writes as a classic script (abfrage/daten.js).

Why a script and not download/gremien.nt: a page opened from the file system (file://)
may not fetch() another file in Chromium, but it may load a classic script. The script
holds the N-Triples of the register and its vocabularies exactly as `gremien-rdf query run`
loads them into pyoxigraph (blank nodes as the same skolem IRIs), so both give the same
rows.

The table of a result shows a column pair `x` / `xLabel` (and `body` / `title`) as one
column: the label, linked to the page of the IRI. Any other IRI of the site shows as its
preferred label linked to its page. assets/query.js applies the same rule to the results
it computes; the CSV (build time and in the browser) has every column, IRIs whole.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Any

from gremien_rdf import LANGUAGES
from gremien_rdf.model import Register
from gremien_rdf.rdf.names import SCHEMES
from gremien_rdf.rdf.vocabularies import Vocabularies
from gremien_rdf.site import pages
from gremien_rdf.site.escaping import script_json
from gremien_rdf.site.pages import ASSETS, UI, Pages, number
from gremien_rdf.source.reader import ID_PATTERN

#: the file the build writes with the data the queries read, below site/
DATA_SCRIPT = "abfrage/daten.js"
#: the largest data (N-Triples, bytes) that a query page runs on in the browser: about
#: 5,000 bodies; beyond, the page says how to run the query instead, and DATA_SCRIPT is
#: not written (at 100,000 bodies it would be about 1 GB of script)
BROWSER_LIMIT = 50_000_000
#: the vendored engine, below site/ (ASSETS is copied to assets/)
ENGINE = ("assets/vendor/oxigraph/oxigraph.js", "assets/vendor/oxigraph/oxigraph-wasm.js")

#: a cell of a result table: its text, and the site path of its page (or None)
Cell = tuple[str, str | None]


@dataclass
class QueryResults:
    """What the query pages show of each stored query, by name and then language."""

    #: the table: each row's cells, after `display_columns`
    rows: dict[str, dict[str, list[list[Cell]]]] = field(default_factory=dict)
    #: the query's variables (the result's columns)
    variables: dict[str, list[str]] = field(default_factory=dict)
    #: the result as CSV with readable headers, as `query run --format csv --lang …`
    csv: dict[str, dict[str, bytes]] = field(default_factory=dict)
    #: each parameter's choices for the form: [(label, term)], and the default's term
    choices: dict[str, dict[str, dict[str, tuple[list[tuple[str, str]], str]]]] = field(
        default_factory=dict)
    #: the N-Triples the queries read (the register and the vocabularies), sorted; left
    #: empty beyond BROWSER_LIMIT, where no page runs them in the browser
    data: bytes = b""
    #: the size of those N-Triples (bytes)
    size: int = 0


def display_columns(names: list[str]) -> list[tuple[str, str | None, str]]:
    """The columns of a result table: (header variable, variable whose IRI the cell links
    to, variable whose value the cell shows). `x` and `xLabel` become one column where `x`
    stands (the label, linked to x's page), as do `body` and `title` (headed "body")."""
    paired = {name: name + "Label" for name in names if name + "Label" in names}
    if "body" in names and "title" in names and "body" not in paired:
        paired["body"] = "title"
    columns: list[tuple[str, str | None, str]] = []
    for name in names:
        if name in paired:
            text = paired[name]
            columns.append((text if text.endswith("Label") else name, name, text))
        elif name not in paired.values():
            columns.append((name, name, name))
    return columns


def query_results(register: Register, vocabularies: Vocabularies, data: Any) -> QueryResults:
    """Each stored query's rows in German and English (default parameters), its variables,
    its result as CSV, its parameters' choices, and the data (see QueryResults)."""
    import pyoxigraph as ox

    from gremien_rdf.queries.results import write_results
    from gremien_rdf.queries.run import bindings, query_data, run, term_text
    from gremien_rdf.queries.stored import catalogue
    from gremien_rdf.resources import reading_resources

    store = query_data(register, vocabularies, data)
    iris = vocabularies.iris
    # the store's order is not stable from one run to the next: sorted lines, so that two
    # builds of the same inputs write the same daten.js (there are no blank nodes)
    dump = store.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    out = QueryResults(size=len(dump or b""))
    if out.size <= BROWSER_LIMIT:
        out.data = b"".join(sorted((dump or b"").splitlines(keepends=True)))
    labels: dict[tuple[str, str], str] = {}
    for quad in store.store.quads_for_pattern(
            None, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), None):
        if isinstance(quad.object, ox.Literal) and isinstance(quad.subject, ox.NamedNode):
            labels.setdefault((quad.subject.value, quad.object.language or ""),
                              quad.object.value)

    def label(iri: str, lang: str) -> str | None:
        return next((labels[iri, key] for key in (lang, "de", "en", "")
                     if (iri, key) in labels), None)

    # the stored queries and their defaults are gremien-rdf's own: a failure is a defect
    with reading_resources():
        for query in catalogue():
            # an example body (its default) that this register does not hold: no rows
            no_example = any(p.kind == "body" and p.default not in store.bodies
                             for p in query.parameters)
            for lang in LANGUAGES:
                choices = out.choices.setdefault(query.name, {}).setdefault(lang, {})
                for parameter in query.parameters:
                    choices[parameter.name] = (_options(parameter.kind, register,
                                                        vocabularies, lang), "")
                if no_example:
                    out.variables.setdefault(query.name, [])
                    out.rows.setdefault(query.name, {})[lang] = []
                    continue
                for variable, term in bindings(query, {}, store, lang).items():
                    if variable.value in choices:
                        choices[variable.value] = (choices[variable.value][0], term_text(term))
                # run once: kept as SPARQL JSON results (every term as it is), read back
                # for the CSV and for the table
                answer = io.BytesIO()
                run(query, store, {}, lang).serialize(answer, ox.QueryResultsFormat.JSON)
                table = io.BytesIO()
                write_results(_read_back(answer), "csv", iris.base, table, lang=lang)
                out.csv.setdefault(query.name, {})[lang] = table.getvalue()
                solutions = _read_back(answer)
                names = [v.value for v in solutions.variables]
                out.variables[query.name] = names
                columns = display_columns(names)
                rows = []
                for solution in solutions:
                    row: list[Cell] = []
                    for _, link, text in columns:
                        shown, target = solution[text], solution[link] if link else None
                        page = iris.page(target.value) if isinstance(target, ox.NamedNode) \
                            else None
                        if shown is None:
                            row.append(("", page))
                        elif isinstance(shown, ox.NamedNode):
                            shown_text = (label(shown.value, lang) if page else None) \
                                or iris.relative(shown.value) or shown.value
                            row.append((shown_text, page))
                        else:
                            row.append((shown.value, page))
                    rows.append(row)
                out.rows.setdefault(query.name, {})[lang] = rows
    return out


def _read_back(answer: io.BytesIO) -> Any:
    """The solutions kept in `answer` (SPARQL 1.1 Query Results JSON), to read once more."""
    import pyoxigraph as ox

    return ox.parse_query_results(answer.getvalue(), ox.QueryResultsFormat.JSON)


def _options(kind: str, register: Register, vocabularies: Vocabularies, lang: str
             ) -> list[tuple[str, str]]:
    """The values a parameter of `kind` offers in the form: (label, term as bound)."""
    if kind in SCHEMES:
        vocabulary = vocabularies[kind]
        found = [((c.label_de if lang == "de" else c.label_en or c.label_de),
                  f"<{vocabularies.iris.concept(kind, key)}>")
                 for key, c in vocabulary.concepts.items()]
        return sorted(found)
    if kind == "body" and len(register.bodies) <= pages.PAGE_SIZE:
        return sorted((b.title, f"<{vocabularies.iris.body(b.id)}>") for b in register.bodies)
    return []  # a register of more bodies: the form asks for the id (assets/query.js)


def size_text(size: int, lang: str) -> str:
    """A file size in kB or MB (1 kB = 1,000 bytes) with one decimal, as the language
    writes it."""
    unit, divisor = ("MB", 1e6) if size >= 1e6 else ("kB", 1e3)
    text = f"{size / divisor:.1f}"
    return (text.replace(".", ",") if lang == "de" else text) + " " + unit


class QueryPages(Pages):

    def query_pages(self, lang: str) -> None:
        from gremien_rdf.queries.results import COLUMN_LABELS, column_label
        from gremien_rdf.queries.run import substitute
        from gremien_rdf.queries.stored import VARIABLE, catalogue

        results = self.s.queries or QueryResults()
        stored = catalogue()
        in_browser = results.size <= BROWSER_LIMIT
        if lang == "de":
            for query in stored:
                self.write(f"abfrage/{query.name}.rq", query.text)
            if in_browser:
                self.write(DATA_SCRIPT, data_script(results.data))
        self.page("abfrage", "queries.html", lang, UI[lang]["queries"], (), None,
                  queries=[(q.name, q.title(lang), q.description(lang)) for q in stored])
        prefix = "" if lang == "de" else "en/"
        t = UI[lang]
        headers = {name: labels[0 if lang == "de" else 1]
                   for name, labels in COLUMN_LABELS.items()}
        engine_size = sum((ASSETS / path.removeprefix("assets/")).stat().st_size
                          for path in ENGINE)
        body_iri = str(self.iris.body(""))  # + id: a body's IRI
        for query in stored:
            table = results.csv.get(query.name, {}).get(lang)
            rows = results.rows.get(query.name, {}).get(lang, [])
            rows_text = number(len(rows), lang)
            shown = pages.PAGE_SIZE  # beyond it the table shows the first rows; the CSV all
            if table is not None:
                self.write(f"{prefix}abfrage/{query.name}.csv", table)
            names = results.variables.get(query.name, [])
            choices = results.choices.get(query.name, {}).get(lang, {})
            uses_lang = "lang" in VARIABLE.findall(query.text)
            bound = substitute(query.text, {
                **({"lang": f'"{lang}"'} if uses_lang else {}),
                **{name: default for name, (_, default) in choices.items() if default}})
            parameters = [{
                "name": p.name, "kind": p.kind, "text": p.text(lang), "default": p.default,
                "options": choices.get(p.name, ([], ""))[0],
                "selected": choices.get(p.name, ([], ""))[1]} for p in query.parameters]
            by_id = [p for p in parameters if p["kind"] == "body" and not p["options"]]
            for parameter in by_id:  # no list of every body: its id, from the default
                selected = str(parameter["selected"])  # the default's term: <IRI>
                if selected:
                    parameter["default"] = selected[1:-1].removeprefix(body_iri)
            config = {"lang": lang, "name": query.name, "base": self.base,
                      **({"body": body_iri, "body_id": ID_PATTERN.pattern} if by_id else {}),
                      "headers": headers, "data": DATA_SCRIPT, "engine": list(ENGINE),
                      "words": {**{key: t[key] for key in QUERY_WORDS},
                                **({"run_body_id": t["run_body_id"]} if by_id else {})}}
            self.page(f"abfrage/{query.name}", "query.html", lang, query.title(lang), (), None,
                      query=query, description=query.description(lang),
                      summary=query.description(lang),
                      head=[column_label(header, lang)
                            for header, _, _ in display_columns(names)],
                      results=rows[:shown],
                      rows_cut=UI[lang]["rows_cut"].format(
                          shown=number(shown, lang), total=rows_text)
                      if len(rows) > shown else None,
                      rq=f"abfrage/{query.name}.rq", uses_lang=uses_lang, bound=bound,
                      parameters=parameters, config=script_json(config),
                      engine_size=size_text(engine_size, lang),
                      too_large=None if in_browser else t["run_too_large"].format(
                          size=size_text(results.size, lang), name=query.name),
                      csv=f"{prefix}abfrage/{query.name}.csv" if table is not None else None,
                      csv_size=size_text(len(table), lang) if table is not None else None,
                      rows_text=rows_text)


#: the words assets/query.js shows (keys of messages.yaml)
QUERY_WORDS = ("run_loading", "run_running", "run_done", "run_failed", "run_csv", "rows",
               "row_one", "copy_done", "copy_failed", "run_integer")


def data_script(ntriples: bytes) -> bytes:
    """The classic script that hands the N-Triples to assets/query.js."""
    return (b"// gremien-rdf: the data the stored queries read (the register and its "
            b"vocabularies), as N-Triples\nglobalThis.gremienQueryData = "
            + json.dumps(ntriples.decode("utf-8")).encode("ascii") + b";\n")
