"""One policy for the characters of text, whatever its source.

Text reaches gremien-rdf from the register, the settings, the raw table, stored queries,
query parameters, RDF files and servers, and it leaves it on web pages, in data dumps and
on terminals. Some characters have no place in any of them: they are invisible, or they
act instead of showing:

- control characters (C0, DEL, C1): an escape sequence can rewrite a terminal's title or
  colours; a vertical tab or a form feed breaks lines where no one sees a break;
- bidirectional controls and all other format characters (Unicode category Cf: zero-width
  spaces and joiners, the soft hyphen, the byte order mark inside a text, tag
  characters): they reorder or hide what a reader sees, so that two different texts look
  the same;
- the line and paragraph separators U+2028 and U+2029, lone surrogates and the
  noncharacters (U+FDD0..U+FDEF and the last two code points of every plane).

`refused` finds them in a value, however it was written (a YAML or Turtle escape gives the
same character as the raw byte sequence); `printable` shows them as escapes on a terminal.
Tab and line feed are refused in values (no field of the register is more than one line)
but allowed in files and in what is printed.
"""

from __future__ import annotations

import re
import unicodedata

#: the format characters (category Cf) up to Unicode 16, as ranges; a test checks that the
#: Python in use knows no other
FORMAT = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
          "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
          "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
          "\U000e0020-\U000e007f")
#: the bidirectional controls among them (marks, embeddings, overrides, isolates)
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17))
#: refused everywhere: DEL, C1, the format characters, the separators, surrogates and
#: noncharacters
_OTHER = f"\x7f-\x9f{FORMAT}\u2028\u2029\ud800-\udfff{NONCHARACTERS}"
#: every refused character, tab and line feed included
REFUSED = re.compile(f"[\x00-\x1f{_OTHER}]")
#: what a file may not hold: as REFUSED, but tab, line feed and carriage return (a line end
#: of Turtle, N-Triples, YAML and SPARQL also when alone; the raw table, whose lines end
#: in LF, refuses a lone one itself)
REFUSED_IN_FILES = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_OTHER}]")
#: what is escaped on a terminal: as REFUSED, but tab, line feed and CR before LF
_SHOWN_AS_ESCAPE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_OTHER}]|\r(?!\n)")
#: the fix that goes with every refusal
FIX = ("delete it (or replace it by a visible character): gremien-rdf refuses control, "
       "bidirectional and invisible formatting characters in text")


def refused(text: str, in_file: bool = False) -> re.Match[str] | None:
    """The first character of `text` the policy refuses; in a file (`in_file`), tab, line
    feed and carriage return are allowed."""
    return (REFUSED_IN_FILES if in_file else REFUSED).search(text)


def describe(char: str) -> str:
    """The character by code point, name and kind, e.g. 'U+202E (RIGHT-TO-LEFT OVERRIDE, a
    bidirectional control)'."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    if char in BIDI:
        kind = "a bidirectional control"
    elif char in "\u2028\u2029":
        kind = "a line or paragraph separator"
    elif unicodedata.category(char) == "Cc":
        kind = {"\t": "a tab", "\n": "a line feed", "\r": "a carriage return",
                "\x1b": "the escape control character"}.get(char, "a control character")
    elif unicodedata.category(char) == "Cf":
        kind = "an invisible formatting character"
    elif unicodedata.category(char) == "Cs":
        kind = "a lone surrogate, not a character"
    else:
        kind = "a noncharacter"
    return f"{code} ({name}, {kind})" if name else f"{code} ({kind})"


def printable(text: str) -> str:
    """`text` with every refused character but tab, line feed and a carriage return before
    a line feed (CSV's line end) written as an escape (ESC as \\x1b, U+202E as \\u202e), so
    that it shows as text on a terminal and cannot rewrite or reorder it."""
    return _SHOWN_AS_ESCAPE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100
                                else f"\\u{ord(m[0]):04x}" if ord(m[0]) < 0x10000
                                else f"\\U{ord(m[0]):08x}", text)
