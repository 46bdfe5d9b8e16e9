"""Query results in every format: a table or Markdown (readable headers, at most
TABLE_ROWS rows), CSV, TSV and JSON as the W3C defines them, and a workbook; escaped on a
terminal."""

from __future__ import annotations

import io
from typing import IO, Any

from gremien_rdf.characters import printable
from gremien_rdf.rdf.names import relative

#: the readable name of each variable of the stored queries: (German, English); the
#: headers of csv, tsv, table, md and xlsx (JSON keeps the variable names)
COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "body": ("Gremium", "Body"), "title": ("Titel", "Title"),
    "land": ("Land (IRI)", "Land (IRI)"), "landLabel": ("Land", "Land"),
    "level": ("Ebene (IRI)", "Level (IRI)"), "levelLabel": ("Ebene", "Level"),
    "frequency": ("Turnus (IRI)", "Frequency (IRI)"), "frequencyLabel": ("Turnus", "Frequency"),
    "focusLabel": ("Schwerpunkt", "Focus area"), "areas": ("Schwerpunkte", "Focus areas"),
    "actorLabel": ("Akteurstyp", "Actor type"), "types": ("Akteurstypen", "Actor types"),
    "statusLabel": ("Status", "Status"), "aLabel": ("Akteurstyp A", "Actor type A"),
    "bLabel": ("Akteurstyp B", "Actor type B"), "bodies": ("Gremien", "Bodies"),
    "bodiesWithFbs": ("Gremien mit FBS", "Bodies with FBS"),
    "actorTypes": ("Akteurstypen", "Actor types"), "row": ("Zeile im Bericht", "Row in the report"),
    "place": ("Ort", "Place"), "formerTitle": ("Früherer Titel", "Former title"),
    "until": ("Bis", "Until"), "since": ("Seit", "Since"),
}


def column_label(name: str, lang: str) -> str:
    """The header of the result column of variable `name` in `lang` (the name itself for a
    variable that no stored query uses, as in a query of one's own)."""
    labels = COLUMN_LABELS.get(name)
    return name if labels is None else labels[0 if lang == "de" else 1]


#: the rows a table (or Markdown) view shows at most; csv, tsv and json stream every row
TABLE_ROWS = 1000


def _display(term, base_iri: str) -> str:
    """A value in a table: an IRI of ours relative to the base IRI, any other term as its
    text."""
    if term is None:
        return ""
    path = relative(base_iri, term.value) if type(term).__name__ == "NamedNode" else None
    return term.value if path is None else path


def write_results(solutions, fmt: str, base_iri: str, out: IO[bytes],
                  escape: bool = False, max_rows: int = TABLE_ROWS,
                  lang: str | None = None) -> None:
    """Write solutions to `out` as they come: the W3C SPARQL 1.1 CSV, TSV or JSON results
    (every row), a workbook (xlsx, every row), or a table or Markdown (at most `max_rows`
    rows; a last line says when more were left out, since a table's column widths need
    all its rows at hand).

    With `lang`, the headers of all but JSON are the columns' readable names
    (COLUMN_LABELS) in that language; JSON keeps the variable names. `escape` writes
    control characters as escapes (\\x1b), for a terminal: text from a server must not
    rewrite it."""
    import pyoxigraph as ox

    def header(name: str) -> str:
        return column_label(name, lang) if lang else name

    if fmt == "xlsx":
        _write_xlsx(solutions, out, header)
        return
    if fmt in ("csv", "tsv", "json"):
        kind = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                "json": ox.QueryResultsFormat.JSON}[fmt]
        target: Any = _Escaping(out) if escape else out  # a binary file
        if lang and fmt != "json":
            import csv

            names = [header(v.value) for v in solutions.variables]
            heading = io.StringIO()
            if fmt == "csv":
                csv.writer(heading, lineterminator="\r\n").writerow(names)
            else:
                heading.write("\t".join(names) + "\n")
            # the W3C header line (?name in TSV) is replaced by the readable one
            target = _Relabelled(target, heading.getvalue())
        solutions.serialize(target, format=kind)
        if fmt == "json":
            target.write(b"\n")
        if escape or isinstance(target, _Relabelled):
            target.close()
        return
    def show(value: str) -> str:
        """A cell: a line break or tab in a value would break the table's rows."""
        value = value.replace("\n", "\\n").replace("\t", "\\t")
        return printable(value) if escape else value.replace("\r", "\\r")
    # a server names the variables (SPARQL allows U+061C, tag characters, … in names)
    names = [variable.value for variable in solutions.variables]
    shown_names = [show(header(name)) for name in names]
    rows: list[list[str]] = []
    more = False
    for solution in solutions:
        if len(rows) == max_rows:
            more = True
            break
        rows.append([show(_display(solution[name], base_iri)) for name in names])
    if fmt == "md":
        def cell(text: str) -> str:
            return text.replace("|", "\\|")
        lines = ["| " + " | ".join(map(cell, shown_names)) + " |", "|" + "---|" * len(names)]
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    else:
        widths = [max([len(n), *(len(r[i]) for r in rows)])
                  for i, n in enumerate(shown_names)]

        def line(values: list[str]) -> str:
            return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()
        lines = [line(shown_names), line(["-" * w for w in widths]), *(line(r) for r in rows)]
        if not more:
            lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    if more:
        lines.append(f"(the first {max_rows:,} rows; more were left out: --format csv, tsv "
                     "or json gives every row)")
    out.write(("\n".join(lines) + "\n").encode("utf-8"))


class _Relabelled:
    """A binary stream that drops what is written up to the first line feed (a results
    serializer's header) and writes `header` in its place."""

    def __init__(self, out: IO[bytes], header: str):
        self.out, self.header, self.done = out, header.encode("utf-8"), False

    def write(self, data: bytes) -> int:
        if not self.done:
            end = data.find(b"\n")
            if end < 0:
                return len(data)  # still inside the header line
            self.out.write(self.header)
            self.done = True
            self.out.write(data[end + 1:])
        else:
            self.out.write(data)
        return len(data)

    def close(self) -> None:
        if not self.done:  # no line feed at all: the header alone
            self.out.write(self.header)
        if isinstance(self.out, _Escaping):
            self.out.close()

    def flush(self) -> None:
        self.out.flush()


def _write_xlsx(solutions, out: IO[bytes], header) -> None:
    """The solutions as a workbook of one sheet (gremien_rdf.workbook, rows as they come):
    readable headers, the values as the CSV has them (the whole IRI, the literal's text),
    an xsd:integer as a number."""
    from gremien_rdf.workbook import workbook

    names = [variable.value for variable in solutions.variables]

    def cell(term) -> int | str | None:
        if term is None:
            return None
        datatype = getattr(term, "datatype", None)
        if datatype is not None and datatype.value.endswith("#integer"):
            return int(term.value)
        return term.value

    rows = ([cell(solution[name]) for name in names] for solution in solutions)
    out.write(workbook([("Ergebnis", [header(name) for name in names], rows)],
                       widths=False))


class _Escaping:
    """A binary stream that writes control characters as escapes (for a terminal)."""

    def __init__(self, out: IO[bytes]):
        import codecs

        self.out = out
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.held = ""  # a carriage return at the end of a piece: CSV's line end, or not

    def write(self, data: bytes) -> int:
        text = self.held + self.decoder.decode(data)
        self.held = "\r" if text.endswith("\r") else ""
        self.out.write(printable(text[: len(text) - len(self.held)]).encode("utf-8"))
        return len(data)

    def close(self) -> None:
        self.out.write(printable(self.held + self.decoder.decode(b"", final=True))
                       .encode("utf-8"))
        self.held = ""

    def flush(self) -> None:
        self.out.flush()


def render(solutions, fmt: str, base_iri: str, max_rows: int = TABLE_ROWS) -> str:
    """Solutions as text in one of gremien_rdf.RESULT_FORMATS (see write_results)."""
    import io

    out = io.BytesIO()
    write_results(solutions, fmt, base_iri, out, max_rows=max_rows)
    text = out.getvalue().decode("utf-8")
    return text if text.endswith("\n") else text + "\n"
