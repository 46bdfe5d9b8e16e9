"""Hostile text for every free-text field of the register and the settings: what a
contributor could put in a pull request to break the website or run a script in a reader's
browser. Used by test_untrusted.py (and by hand: `python tests/hostile.py OUT` writes the
two files)."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
#: a script that runs sets window.__pwned (the Chromium test checks it stays unset)
RUN = "window.__pwned=1"
CORPUS = (
    "<!--<script>Jour Fixe",
    f"</script><script>{RUN}</script>",
    f'<img src=x onerror="{RUN}">',
    f'"><svg onload={RUN}>',
    f"' onmouseover='{RUN}' x='",
    "<style>*{display:none}</style>",
    "]]><!-- --!> <![CDATA[ x",
    "{{ 7*7 }} {% raw %} ${7*7}",
    "&lt;b&gt; &amp; &#x3C;script&#x3E;",
    f"javascript:{RUN}",
    f'<a href="javascript:{RUN}">x</a>',
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    f'<noscript><p title="</noscript><img src=x onerror={RUN}>"></noscript>',
    f"</title><script>{RUN}</script>",
    "<textarea><plaintext>",
    '<base href="http://evil.example/">',
    f'<meta http-equiv="refresh" content="0;url=javascript:{RUN}">',
    "</div></main></body></html><h1>fake</h1>",
)
#: every text of the corpus in one (each field gets it in one of the two builds)
ALL = " ".join(CORPUS)
#: the register's free-text fields (the others name concepts of the vocabularies)
REPORT_FIELDS = ("title", "edition", "publisher", "department", "part", "table",
                 "source_note", "source_citation")
SOURCE_FIELDS = ("land", "title", "level", "focus", "participants", "frequency")
#: the settings' free-text fields
SETTINGS_TEXTS = (("attribution",), ("publisher", "name"), ("contact", "name"),
                  ("title", "de"), ("title", "en"), ("description", "de"),
                  ("description", "en"))


def hostile_register(variant: int) -> tuple[dict, dict[str, str]]:
    """The shipped register with hostile text in every free-text field, and each body's
    new title by id. Body i gets CORPUS[(i + variant) % n] in all its fields (so every
    text reaches every kind of body field); each report field gets ALL (variant 0) or one
    text each (variant 1)."""
    register = yaml.safe_load((ROOT / "data" / "gremien.yaml").read_text("utf-8"))
    for number, key in enumerate(REPORT_FIELDS):
        if key in register["report"]:
            # the key first: the publisher and the department stay two organisations
            register["report"][key] = f"{key} " + (ALL if variant == 0 else
                                                   CORPUS[number % len(CORPUS)])
    titles = {}
    for number, body in enumerate(register["bodies"]):
        text = CORPUS[(number + variant) % len(CORPUS)]
        body["title"] = titles[body["id"]] = f"{number} {text}"
        for former in body.get("former_titles", []):
            former["title"] = f"{number} former {text}"
        if "place" in body:
            body["place"] = f"{number} place {text}"
        for key in SOURCE_FIELDS:
            body["source"][key] = f"{number} {key} {text}"
    return register, titles


def hostile_settings(variant: int) -> dict:
    """The shipped settings with hostile text in every free-text field and keyword."""
    settings = yaml.safe_load((ROOT / "publication.yaml").read_text("utf-8"))
    for number, path in enumerate(SETTINGS_TEXTS):
        *parents, key = path
        target = settings
        for parent in parents:
            target = target[parent]
        target[key] = ALL if variant == 0 else CORPUS[number % len(CORPUS)]
    for lang in ("de", "en"):
        settings["keywords"][lang] = list(CORPUS)
    return settings


def write(variant: int, folder: Path) -> tuple[Path, Path, dict[str, str]]:
    """The hostile register and settings of `variant` as files in `folder`."""
    register, titles = hostile_register(variant)
    settings = hostile_settings(variant)
    paths = folder / f"gremien-{variant}.yaml", folder / f"publication-{variant}.yaml"
    for path, document in zip(paths, (register, settings), strict=True):
        path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False,
                                       width=10_000), "utf-8")
    return *paths, titles


if __name__ == "__main__":
    for variant in (0, 1):
        print(*write(variant, Path(sys.argv[1]))[:2])
