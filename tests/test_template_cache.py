"""The compiled templates of the site, kept in the cache folder (site/pages.py,
TemplateCache): the same pages from a cold and a warm cache, a damaged file or a folder
that cannot be written costing only the compile. (conftest gives every test a cache folder
of its own through GREMIEN_RDF_CACHE.)"""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from gremien_rdf.site.pages import TemplateCache

TEMPLATES = {"page.html": "{% for x in items %}<li>{{ x }}</li>\n{% endfor %}",
             "other.html": "{{ title | upper }}"}


def render(**templates: str) -> tuple[str, str]:
    env = Environment(loader=DictLoader(templates or TEMPLATES), autoescape=True,
                      trim_blocks=True)
    env.bytecode_cache = TemplateCache(env)
    return (env.get_template("page.html").render(items=["a", "<b>"]),
            env.get_template("other.html").render(title="x"))


def compiled(cache_folder) -> list:
    return sorted((cache_folder / ".templates").rglob("*.cache"))


def test_a_warm_cache_gives_the_same_pages(cache_folder):
    cold = render()
    assert cold == ("<li>a</li>\n<li>&lt;b&gt;</li>\n", "X")
    files = compiled(cache_folder)
    assert len(files) == 2
    stamps = [path.stat().st_mtime_ns for path in files]
    assert render() == cold
    assert [path.stat().st_mtime_ns for path in files] == stamps  # read, not rewritten


def test_a_changed_template_is_compiled_anew(cache_folder):
    render()
    changed = render(**{**TEMPLATES, "other.html": "{{ title | lower }}!"})
    assert changed[1] == "x!"


def test_a_damaged_file_costs_only_the_compile(cache_folder):
    cold = render()
    for path in compiled(cache_folder):
        path.write_bytes(path.read_bytes()[:20])
    assert render() == cold


def test_a_folder_that_cannot_be_written_costs_only_the_compile(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("GREMIEN_RDF_CACHE", str(blocked))
    assert render() == ("<li>a</li>\n<li>&lt;b&gt;</li>\n", "X")
