"""One escaping function per context of a web page, for every text that reaches one.

Text on the site comes from the register and the settings (untrusted: they are edited in
pull requests). Each context has its own function, and every template and every piece of
SVG uses it:

- HTML text and quoted attribute values: markupsafe's escape (& < > " ' become entities),
  which Jinja's autoescape applies to every `{{ … }}` of the templates; `html_text` is the
  same function for the SVG that charts.py writes;
- URLs in href: `href` keeps an absolute http(s) URL or a relative path and gives None for
  anything else (javascript:, data:, mailto:, a protocol-relative //host, a backslash that
  browsers read as a slash), so that such a value shows as text, not as a link;
  `checked_href` is the same for a URL that input checks already limited to http(s);
- JSON inside `<script type="application/ld+json">`: `script_json` writes <, >, & and the
  line and paragraph separators as JSON escapes (\\u003c …), so that no `<!--`, `<script`
  or `</script` can end or re-open the script element, whatever the text.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from gremien_rdf.characters import refused

__all__ = ["checked_href", "href", "html_text", "script_json"]

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
#: a space of any kind: \s is str.isspace (both are Py_UNICODE_ISSPACE), without a Python
#: loop per character (a build of the real register checks some 1,800 different hrefs)
_SPACE = re.compile(r"\s")
_IN_SCRIPT = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
              "\u2029": "\\u2029"}


def href(url: Any) -> str | None:
    """`url` if a link to it is safe (absolute http or https with a host, or a relative
    path), else None."""
    return _href(str(url))


@functools.lru_cache(maxsize=1 << 14)
def _href(text: str) -> str | None:
    """href of a text, kept: a page's links to the menu, its other language and the
    assets are those of other pages (five in six calls in a build of the real register)."""
    if not text or refused(text) or _SPACE.search(text) or "\\" in text:
        return None
    scheme = _SCHEME.match(text)
    if scheme:
        parts = urlsplit(text)
        return text if scheme[1].lower() in ("http", "https") and parts.netloc else None
    return None if text.startswith("//") else text


def checked_href(url: Any) -> str:
    """`url` for an href; ValueError if it is not safe (input checks should have refused
    it: this is a bug of gremien-rdf, not of the input)."""
    safe = href(url)
    if safe is None:
        raise ValueError(f"refusing to link to {str(url)[:80]!r}: not an http(s) URL")
    return safe


def script_json(value: Any, indent: int | None = 1) -> Markup:
    """`value` as JSON that is safe inside a <script> element of an HTML page (indented by
    `indent`; None: on one line, as compact as JSON goes)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent,
                      separators=None if indent is not None else (",", ":"))
    return Markup(re.sub("[<>&\u2028\u2029]", lambda m: _IN_SCRIPT[m[0]], text))


def html_text(text: Any) -> str:
    """`text` escaped for HTML text or a quoted attribute value, as a plain str (for SVG
    that is assembled as strings)."""
    return str(escape(text))
