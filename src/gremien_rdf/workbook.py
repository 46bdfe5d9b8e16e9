"""One xlsx writer, for the tables of a build (gremien.xlsx) and for query results
(`query run --format xlsx`)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

Cell = str | int | None


def workbook(sheets: Iterable[tuple[str, list[str], Iterable[Iterable[Cell]]]],
             properties: dict[str, Any] | None = None, widths: bool = True) -> bytes:
    """An xlsx workbook: a sheet per (name, headers, rows), the header row bold and frozen,
    a whole number as a number, any other value as a text (never a formula, a number read
    from text or a link), an empty cell for None. `properties` (title, author, created, …)
    go to the document; with a fixed `created`, the same sheets give the same bytes.
    `widths` fits each column to its longest value (it reads the rows twice: pass lists)."""
    import xlsxwriter

    out = io.BytesIO()
    with xlsxwriter.Workbook(out, {"in_memory": True, "constant_memory": not widths,
                                   "strings_to_numbers": False, "strings_to_formulas": False,
                                   "strings_to_urls": False}) as book:
        if properties:
            book.set_properties(properties)
        bold = book.add_format({"bold": True})
        for name, headers, rows in sheets:
            sheet = book.add_worksheet(name[:31])
            for number, header in enumerate(headers):
                sheet.write_string(0, number, header, bold)
                if widths:
                    width = max([len(header), *(len(str(row[number] or ""))  # type: ignore
                                                for row in rows)])
                    sheet.set_column(number, number, min(width + 2, 60))
            for row_number, row in enumerate(rows, start=1):
                for number, cell in enumerate(row):
                    if isinstance(cell, int):
                        sheet.write_number(row_number, number, cell)
                    elif cell is not None:
                        sheet.write_string(row_number, number, cell)
            sheet.freeze_panes(1, 0)
    return out.getvalue()
