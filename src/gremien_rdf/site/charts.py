"""Charts and the map of the website, as inline SVG: visible without JavaScript, titled and
described for screen readers, each with the same numbers in a table beside it. Each chart
also comes as a standalone SVG file and its numbers as CSV, for download.

The charts put each label above its bar, in a drawing 320 units wide that the page scales
to the width of its column: on a 320 px phone (288 px inside the page's margins) 13-unit
text is 11.7 px high, and no label needs to share a line with a bar, so that long labels
("Handel mit und Ausbeutung von Kindern und Jugendlichen") wrap instead of being clipped
or squeezing the bars."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from gremien_rdf.site.escaping import checked_href, html_text

#: where each Land sits in the tile-grid map (column, row): a sketch of Germany's shape
TILES = {
    "DE-SH": (2, 0),
    "DE-HB": (1, 1), "DE-HH": (2, 1), "DE-MV": (3, 1),
    "DE-NW": (0, 2), "DE-NI": (1, 2), "DE-ST": (2, 2), "DE-BB": (3, 2), "DE-BE": (4, 2),
    "DE-RP": (0, 3), "DE-HE": (1, 3), "DE-TH": (2, 3), "DE-SN": (3, 3),
    "DE-SL": (0, 4), "DE-BW": (1, 4), "DE-BY": (2, 4),
}
#: the Länder's short names as the German press writes them (NRW, not the ISO code's NW)
SHORT = {
    "DE-BW": "BW", "DE-BY": "BY", "DE-BE": "BE", "DE-BB": "BB", "DE-HB": "HB", "DE-HH": "HH",
    "DE-HE": "HE", "DE-MV": "MV", "DE-NI": "NI", "DE-NW": "NRW", "DE-RP": "RP", "DE-SL": "SL",
    "DE-SN": "SN", "DE-ST": "ST", "DE-SH": "SH", "DE-TH": "TH",
}
TEXT = "#1a1a1a"
#: the map's shades from few to many bodies, light to dark, each with the colour of its text
#: (contrast at least 4.5:1); every tile with a body has a dark edge (EDGE_COLOUR)
SCALE = (("#a8c8e6", TEXT), ("#6fa3d0", TEXT), ("#3d76a8", "#ffffff"),
         ("#1c4266", "#ffffff"), ("#0f2f4f", "#ffffff"))
EDGE_COLOUR = "#1c4266"
#: a Land for which the report names no body: light grey, dashed grey edge
EMPTY = "#f2f2f2"
EMPTY_EDGE = "#767676"
#: the source line's colour (the site's --muted)
MUTED = "#4d4d4d"
#: colours of the stacked bars (levels), each with white text contrast of at least 4.5:1
SERIES = ("#1c4266", "#8a4b08", "#2e6b30", "#6a3d7a")
#: the fonts of the page, named in the SVG so that a downloaded chart looks the same
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

#: the chart's width in its own units, and its text size (see the module's docstring)
WIDTH = 320
SIZE = 13
LINE = 16  # a line of 13-unit text
BAR = 14  # the height of a bar
GAP = 9  # between one bar and the next label
EDGE = 3  # left and right margin (a glyph may reach a little left of its x)


def text_width(text: str, size: float = SIZE) -> float:
    """A generous estimate of the width of `text` at `size`: wider than DejaVu Sans (the
    widest of the usual system fonts) draws it, bold capitals included (the browser test
    measures every chart text against the drawing)."""
    em = 0.0
    for char in text:
        if char in "il.,:;!|'ıjft()[] ":
            em += 0.42
        elif char in "mwMW%@":
            em += 1.0
        elif char.isupper() or char.isdigit() or char in "–—…&":
            em += 0.78
        else:
            em += 0.64
    return em * size


def wrap(text: str, width: float, size: float = SIZE) -> list[str]:
    """`text` in lines no wider than `width` (by text_width), broken between words."""
    words = text.split()
    lines: list[str] = []
    for word in words:
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    # a single word wider than the line (none in the register) is cut by characters
    out: list[str] = []
    for line in lines:
        while text_width(line, size) > width and len(line) > 1:
            cut = max(1, int(len(line) * width / text_width(line, size)))
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return out or [""]


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its link (or None), and its value per series."""

    label: str
    link: str | None
    values: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.values)


def by_value(bars: Sequence[Bar]) -> list[Bar]:
    """The bars from the largest total to the smallest; equal ones by label."""
    return sorted(bars, key=lambda b: (-b.total, b.label.casefold(), b.label))


@dataclass(frozen=True)
class Chart:
    """A chart as the page shows it (with links) and as the file to download (without:
    relative links would not resolve beside the file, and an image in an article does not
    follow links)."""

    inline: str
    standalone: str


def _svg_open(width: float, height: float, ident: str, title: str, desc: str,
              css_class: str, role: str | None = "img") -> list[str]:
    """The opening of an SVG figure; a map of links is a group, not an image (the children
    of role="img" are presentational). A standalone file (`role` None) is named by its
    <title> and <desc> alone: ARIA attributes belong to the SVG inside an HTML page."""
    aria = (f'role="{role}" aria-labelledby="{ident}-title {ident}-desc" ' if role
            else "")
    return [
        f'<svg class="{css_class}" id="{ident}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" {aria}font-family="{FONT}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{html_text(title)}</title>',
        f'<desc id="{ident}-desc">{html_text(desc)}</desc>',
    ]


def shade(count: int, top: int) -> tuple[str, str]:
    """The map's fill and text colour for a Land with `count` bodies (at least one) when
    the most is `top`."""
    return SCALE[min(len(SCALE) - 1, (count - 1) * len(SCALE) // max(top, 1))]


def shade_ranges(top: int) -> list[tuple[str, int, int]]:
    """Each shade of the map with the smallest and largest count it stands for, when the
    most is `top` (shades that no count reaches are left out)."""
    ranges: dict[str, list[int]] = {}
    for count in range(1, top + 1):
        ranges.setdefault(shade(count, top)[0], []).append(count)
    return [(colour, found[0], found[-1]) for colour, found in ranges.items()]


def tile_map(counts: dict[str, int], names: dict[str, str], links: dict[str, str],
             ident: str, title: str, desc: str, unit: tuple[str, str], none: str) -> str:
    """The 16 Länder as tiles, each a link with its short name and number of bodies;
    Länder without a body are light grey with a dashed edge, and say so."""
    size, gap = 84, 6
    columns = max(c for c, _ in TILES.values()) + 1
    rows = max(r for _, r in TILES.values()) + 1
    width, height = columns * (size + gap) - gap, rows * (size + gap) - gap
    top = max(counts.values(), default=0) or 1
    out = _svg_open(width, height, ident, title, desc, "map", role="group")
    for key, (column, row) in TILES.items():
        count = counts.get(key, 0)
        x, y = column * (size + gap), row * (size + gap)
        fill, ink = shade(count, top) if count else (EMPTY, TEXT)
        word = unit[0] if count == 1 else unit[1]
        label = f"{names[key]}: {count} {word}" if count else f"{names[key]}: {none}"
        out += [
            f'<a href="{html_text(checked_href(links[key]))}" class="tile" data-land="{key}" '
            f'data-count="{count}" aria-label="{html_text(label)}">',
            f"<title>{html_text(label)}</title>",
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="6" fill="{fill}"'
            + (f' stroke="{EDGE_COLOUR}"' if count
               else f' stroke="{EMPTY_EDGE}" stroke-dasharray="4 3"') + "/>",
            f'<text x="{x + size / 2}" y="{y + 34}" text-anchor="middle" fill="{ink}" '
            f'font-size="18" font-weight="bold">{html_text(SHORT[key])}</text>',
            f'<text x="{x + size / 2}" y="{y + 62}" text-anchor="middle" fill="{ink}" '
            f'font-size="22">{count if count else "–"}</text>',
            "</a>",
        ]
    out.append("</svg>")
    return "\n".join(out)


def _lines(x: float, y: float, lines: list[str], size: float, fill: str,
           extra: str = "") -> str:
    """A text of one or more lines, the first baseline at `y`."""
    if len(lines) == 1:
        return (f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size:g}" fill="{fill}"{extra}>'
                f"{html_text(lines[0])}</text>")
    spans = "".join(f'<tspan x="{x:.0f}" dy="{0 if i == 0 else LINE}">'
                    f"{html_text(line)}</tspan>" for i, line in enumerate(lines))
    return f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size:g}" fill="{fill}"{extra}>{spans}</text>'


def _bar_svg(bars: list[Bar], series: tuple[str, ...], ident: str, title: str, desc: str,
             source: str, links: bool) -> str:
    inner = WIDTH - 2 * EDGE
    body: list[str] = []
    y = 0.0
    if len(series) > 1:  # the legend: a swatch and a name per series, wrapped
        body.append('<g class="legend">')
        x, y = float(EDGE), LINE - 3.0
        for index, name in enumerate(series):
            item = 18 + text_width(name)
            if x > EDGE and x + item > WIDTH - EDGE:
                x, y = float(EDGE), y + LINE + 4
            body.append(f'<rect x="{x:.1f}" y="{y - 11:.1f}" width="12" height="12" '
                        f'fill="{SERIES[index % len(SERIES)]}"/>')
            body.append(f'<text x="{x + 17:.1f}" y="{y:.1f}" font-size="{SIZE}" '
                        f'fill="{TEXT}">{html_text(name)}</text>')
            x += item + 14
        body.append("</g>")
        y += 12
    value_room = max((text_width(str(b.total)) for b in bars), default=0) + 8
    scale = (inner - value_room) / (max((b.total for b in bars), default=0) or 1)
    for bar in bars:
        lines = wrap(bar.label, inner)
        label = _lines(EDGE, y + LINE - 3, lines, SIZE, TEXT)
        if links and bar.link:
            label = f'<a href="{html_text(checked_href(bar.link))}">{label}</a>'
        y += len(lines) * LINE
        body.append(f'<g class="bar" data-label="{html_text(bar.label)}" '
                    f'data-total="{bar.total}">')
        body.append(f"<title>{html_text(bar.label)}: {bar.total}</title>")
        body.append(label)
        x = float(EDGE)
        for part, value in enumerate(bar.values):
            if not value:
                continue
            length = value * scale
            # a white edge between the parts of a stack: they differ by more than colour
            body.append(f'<rect x="{x:.1f}" y="{y + 1:.0f}" width="{length:.1f}" '
                        f'height="{BAR}" fill="{SERIES[part % len(SERIES)]}" '
                        f'stroke="#ffffff" stroke-width="{1.5 if len(series) > 1 else 0}"/>')
            x += length
        body.append(f'<text x="{x + 5:.1f}" y="{y + BAR - 1:.0f}" font-size="{SIZE}" '
                    f'font-weight="bold" fill="{TEXT}">{bar.total}</text>')
        body.append("</g>")
        y += BAR + 1 + GAP
    lines = wrap(source, inner)
    body.append('<g class="source">' + _lines(EDGE, y + LINE - 3, lines, SIZE, MUTED) + "</g>")
    y += len(lines) * LINE + 4
    # bars whose labels are links are a group of links, not an image (axe: the children
    # of role="img" are presentational, and a link inside one is nested-interactive)
    out = _svg_open(WIDTH, y, ident, title, f"{desc} {source}", "chart",
                    role=None if not links else "group" if any(b.link for b in bars)
                    else "img")
    return "\n".join([*out, *body, "</svg>"])


def bar_chart(bars: list[Bar], series: tuple[str, ...], ident: str, title: str,
              desc: str, source: str) -> Chart:
    """Horizontal bars in the given order, each with its label above it, stacked when there
    is more than one series (with a legend), and the source line under them."""
    return Chart(
        _bar_svg(bars, series, ident, title, desc, source, links=True),
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + _bar_svg(bars, series, ident, title, desc, source, links=False) + "\n")


def table_csv(head: Sequence[str], rows: Sequence[Sequence[str | int]]) -> bytes:
    """A table as CSV (UTF-8, comma, CRLF, a header row), as the dist/ tables are written."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(head)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")

