"""Charts and the map of the website, as inline SVG: visible without JavaScript, titled and
described for screen readers, each with the same numbers in a table beside it."""

from __future__ import annotations

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
#: fill colours from few to many bodies (contrast with white text at least 4.5:1)
SCALE = ("#4f7594", "#3f6a8c", "#2b557a", "#1c4266", "#0f2f4f")
EMPTY = "#f2f2f2"
TEXT = "#1a1a1a"
#: colours of the stacked bars (levels), each with white text contrast of at least 4.5:1
SERIES = ("#1c4266", "#8a4b08", "#2e6b30", "#6a3d7a")


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its link (or None), and its value per series."""

    label: str
    link: str | None
    values: tuple[int, ...]


#: width of a character of the 13 px labels, generous (bold capitals are wider)
CHAR = 7.4


def _svg_open(width: float, height: float, ident: str, title: str, desc: str,
              css_class: str, role: str = "img") -> list[str]:
    """The opening of an SVG figure; a map of links is a group, not an image (the children
    of role="img" are presentational)."""
    return [
        f'<svg class="{css_class}" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'height="{height:.0f}" role="{role}" aria-labelledby="{ident}-title {ident}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{html_text(title)}</title>',
        f'<desc id="{ident}-desc">{html_text(desc)}</desc>',
    ]


def tile_map(counts: dict[str, int], names: dict[str, str], links: dict[str, str],
             short: dict[str, str], ident: str, title: str, desc: str, unit: tuple[str, str],
             none: str) -> str:
    """The 16 Länder as tiles, each a link with its number of bodies; Länder without a body
    are light grey and say so."""
    size, gap = 84, 6
    columns = max(c for c, _ in TILES.values()) + 1
    rows = max(r for _, r in TILES.values()) + 1
    width, height = columns * (size + gap), rows * (size + gap)
    top = max(counts.values(), default=0) or 1
    out = _svg_open(width, height, ident, title, desc, "map", role="group")
    for key, (column, row) in TILES.items():
        count = counts.get(key, 0)
        x, y = column * (size + gap), row * (size + gap)
        if count:
            shade = SCALE[min(len(SCALE) - 1, (count - 1) * len(SCALE) // top)]
            fill, ink = shade, "#ffffff"
        else:
            fill, ink = EMPTY, TEXT
        word = unit[0] if count == 1 else unit[1]
        label = f"{names[key]}: {count} {word}" if count else f"{names[key]}: {none}"
        out += [
            f'<a href="{html_text(checked_href(links[key]))}" class="tile" data-land="{key}" '
            f'data-count="{count}" aria-label="{html_text(label)}">',
            f"<title>{html_text(label)}</title>",
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="6" fill="{fill}"'
            + ("" if count else ' stroke="#767676" stroke-dasharray="4 3"') + "/>",
            f'<text x="{x + size / 2}" y="{y + 34}" text-anchor="middle" fill="{ink}" '
            f'font-size="18" font-weight="bold">{html_text(short[key])}</text>',
            f'<text x="{x + size / 2}" y="{y + 62}" text-anchor="middle" fill="{ink}" '
            f'font-size="22">{count if count else "–"}</text>',
            "</a>",
        ]
    out.append("</svg>")
    return "\n".join(out)


def bar_chart(bars: list[Bar], series: tuple[str, ...], ident: str, title: str,
              desc: str) -> str:
    """Horizontal bars, stacked when there is more than one series, with a legend."""
    bar_width, row, pad = 360, 24, 4
    label_width = max(120.0, max((len(b.label) for b in bars), default=0) * CHAR + 12)
    legend = 28 if len(series) > 1 else 0
    legend_end = label_width + sum(30 + len(name) * CHAR for name in series)
    width = max(label_width + bar_width + 50, legend_end + 10)
    height = legend + len(bars) * row + pad
    top = max((sum(b.values) for b in bars), default=0) or 1
    out = _svg_open(width, height, ident, title, desc, "chart",
                    role="group" if any(b.link for b in bars) else "img")
    if len(series) > 1:
        x = label_width
        for index, name in enumerate(series):
            out.append(f'<rect x="{x}" y="4" width="14" height="14" '
                       f'fill="{SERIES[index % len(SERIES)]}"/>')
            out.append(f'<text x="{x + 20}" y="16" font-size="13" fill="{TEXT}">'
                       f"{html_text(name)}</text>")
            x += 30 + len(name) * CHAR
    for index, bar in enumerate(bars):
        y = legend + index * row
        total = sum(bar.values)
        text = (f'<text x="{label_width - 8:.0f}" y="{y + 16}" text-anchor="end" '
                f'font-size="13" fill="{TEXT}">{html_text(bar.label)}</text>')
        if bar.link:
            text = f'<a href="{html_text(checked_href(bar.link))}">{text}</a>'
        out.append(f'<g class="bar" data-label="{html_text(bar.label)}" data-total="{total}">')
        out.append(f"<title>{html_text(bar.label)}: {total}</title>")
        out.append(text)
        x = float(label_width)
        for part, value in enumerate(bar.values):
            if not value:
                continue
            length = value * bar_width / top
            # a white edge between the parts of a stack: they differ by more than colour
            out.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{length:.1f}" height="{row - 6}" '
                       f'fill="{SERIES[part % len(SERIES)]}" stroke="#ffffff" '
                       f'stroke-width="{1.5 if len(series) > 1 else 0}"/>')
            x += length
        out.append(f'<text x="{x + 6:.1f}" y="{y + 16}" font-size="13" fill="{TEXT}">'
                   f"{total}</text>")
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)
