"""The cache of `query run`: the graph of a register kept on disk and reused while every
input is unchanged; the same results with and without it; a damaged entry or a folder that
cannot be written costs only the speed. (conftest gives every test a cache folder of its
own through GREMIEN_RDF_CACHE.)"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from conftest import BASE, CURATED, SETTINGS, copy_resources

import gremien_rdf.queries.run as run_module
from gremien_rdf.cli import cli
from gremien_rdf.queries import cache
from gremien_rdf.queries.stored import catalogue


class Loads:
    """Counts the registers loaded anew (a cache miss, or --no-cache)."""

    def __init__(self, monkeypatch):
        self.count = 0
        load = run_module.load_data

        def counting(*args, **kwargs):
            self.count += 1
            return load(*args, **kwargs)

        monkeypatch.setattr(run_module, "load_data", counting)


def query(*args: str) -> str:
    """`gremien-rdf query run ARGS…`'s standard output; the run must succeed and say
    nothing on stderr."""
    result = CliRunner().invoke(cli, ["query", "run", *args])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def entries(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if not path.name.startswith("."))


@pytest.mark.parametrize("name", [stored.name for stored in catalogue()])
def test_every_query_gives_the_same_results_cold_warm_and_without_cache(
        name, cache_folder, monkeypatch):
    loads = Loads(monkeypatch)
    without = query(name, "--format", "csv", "--no-cache")
    assert loads.count == 1 and entries(cache_folder) == []  # --no-cache writes nothing
    cold = query(name, "--format", "csv")
    assert loads.count == 2 and len(entries(cache_folder)) == 1
    warm = query(name, "--format", "csv")
    assert loads.count == 2, "the second run reads the cache"
    assert without == cold == warm
    assert len(without.splitlines()) > 1  # a header and rows


def test_cached_results_hold_the_register_and_resolve_labels(monkeypatch):
    loads = Loads(monkeypatch)
    query("bodies-per-land", "--format", "csv")
    warm = query("bodies-per-land", "--format", "csv")
    assert warm.splitlines()[1] == f"{BASE}land/DE-BW,Baden-Württemberg,14"
    assert query("bodies-per-land") == query("bodies-per-land", "--no-cache")  # the table
    # parameters resolved on a hit: a body by its title (the ids and titles in the entry),
    # a concept by its label (the vocabularies, read when needed)
    profile = query("body-profile", "-p", "body=Jour Fixe", "-f", "csv")
    assert profile.splitlines()[1].startswith("Jour Fixe,Saarland,State level,")
    actor = query("bodies-with-actor", "-p", "actor=LKA", "-f", "csv")
    assert actor == query("bodies-with-actor", "-p", "actor=LKA", "-f", "csv", "--no-cache")
    assert loads.count == 3  # the first run and two with --no-cache
    bad = CliRunner().invoke(cli, ["query", "run", "body-profile", "-p", "body=sl-jour-fixx"])
    assert bad.exit_code == 2 and "did you mean 'sl-jour-fixe'" in bad.output


def test_a_change_of_any_input_misses_the_cache(tmp_path, cache_folder, monkeypatch):
    loads = Loads(monkeypatch)
    register = tmp_path / "gremien.yaml"
    shutil.copy(CURATED, register)

    def count_bodies(*options: str) -> str:
        return query("bodies-per-land", "-f", "csv", "--source", str(register), *options)

    first = count_bodies()
    assert count_bodies() == first and loads.count == 1
    # the register: a body moved from Baden-Württemberg to Bayern
    text = register.read_text("utf-8")
    assert "land: Baden-Württemberg" in text
    register.write_text(text.replace("land: Baden-Württemberg", "land: Bayern", 1), "utf-8")
    changed = count_bodies()
    assert loads.count == 2 and changed != first
    assert f"{BASE}land/DE-BW,Baden-Württemberg,13" in changed.splitlines()
    # the settings: a comment added
    settings = tmp_path / "publication.yaml"
    settings.write_text(SETTINGS.read_text("utf-8") + "# changed\n", "utf-8")
    monkeypatch.setenv("GREMIEN_RDF_SETTINGS", str(settings))
    assert count_bodies() == changed and loads.count == 3
    assert count_bodies() == changed and loads.count == 3
    # an ontology file: a comment added to a vocabulary
    resources = copy_resources(tmp_path / "resources")
    monkeypatch.setenv("GREMIEN_RDF_RESOURCES", str(resources))
    assert count_bodies() == changed and loads.count == 4
    vocabulary = sorted((resources / "ontology" / "vocabularies").glob("*.ttl"))[0]
    vocabulary.write_text(vocabulary.read_text("utf-8") + "# changed\n", "utf-8")
    assert count_bodies() == changed and loads.count == 5
    ontology = resources / "ontology" / "gremien.ttl"
    ontology.write_text(ontology.read_text("utf-8") + "# changed\n", "utf-8")
    assert count_bodies() == changed and loads.count == 6
    # the base IRI
    other = count_bodies("--base-iri", "https://example.org/g/")
    assert loads.count == 7 and "https://example.org/g/land/DE-BW" in other
    assert count_bodies("--base-iri", "https://example.org/g/") == other and loads.count == 7
    assert len(entries(cache_folder)) == cache.KEEP  # 7 graphs made, the last 4 kept


def test_the_key_names_every_input(tmp_path, monkeypatch):
    register = tmp_path / "gremien.yaml"
    shutil.copy(CURATED, register)
    key = cache.cache_key(register, BASE)
    assert key == cache.cache_key(register, BASE)
    assert key != cache.cache_key(register, "https://example.org/g/")
    code = tmp_path / "code.py"
    code.write_text("x = 1\n", "utf-8")
    monkeypatch.setattr(cache, "_code_files", lambda: [code])
    with_code = cache.cache_key(register, BASE)
    code.write_text("x = 2\n", "utf-8")
    assert cache.cache_key(register, BASE) != with_code
    monkeypatch.setattr(pyoxigraph, "__version__", "0.0.0")
    assert cache.cache_key(register, BASE) not in (key, with_code)


@pytest.mark.parametrize("damage", ["flipped byte", "truncated file", "missing file",
                                    "extra file", "bad json", "no meta", "empty entry"])
def test_a_damaged_entry_is_rebuilt(damage, cache_folder, monkeypatch):
    loads = Loads(monkeypatch)
    expected = query("bodies-per-land", "-f", "csv")
    [entry] = entries(cache_folder)
    store = entry / cache.STORE
    largest = max(store.iterdir(), key=lambda path: path.stat().st_size)
    data = largest.read_bytes()
    if damage == "flipped byte":
        middle = len(data) // 2
        largest.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:])
    elif damage == "truncated file":
        largest.write_bytes(data[:len(data) // 2])
    elif damage == "missing file":
        largest.unlink()
    elif damage == "extra file":
        (store / "000999.sst").write_bytes(b"junk")
    elif damage == "bad json":
        (entry / cache.META).write_text("{not json", "utf-8")
    elif damage == "no meta":
        (entry / cache.META).unlink()
    else:
        shutil.rmtree(entry)
        entry.mkdir()
    assert query("bodies-per-land", "-f", "csv") == expected
    assert loads.count == 2, "the damaged entry was not used"
    assert query("bodies-per-land", "-f", "csv") == expected
    assert loads.count == 2, "the entry was written again, whole"
    meta = json.loads((entry / cache.META).read_text("utf-8"))
    assert sorted(meta["files"]) == sorted(path.name for path in store.iterdir())


def test_a_cache_folder_that_cannot_be_written_costs_only_the_speed(tmp_path, monkeypatch):
    loads = Loads(monkeypatch)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    monkeypatch.setenv("GREMIEN_RDF_CACHE", str(blocker / "cache"))
    first = query("bodies-per-land", "-f", "csv")
    assert query("bodies-per-land", "-f", "csv") == first
    assert loads.count == 2 and blocker.read_text("utf-8") == "not a folder"


def test_the_least_recently_used_entries_are_removed(cache_folder, monkeypatch):
    loads = Loads(monkeypatch)
    monkeypatch.setattr(cache, "KEEP", 2)

    def run(name: str) -> None:
        query("laender-without-body", "--base-iri", f"https://example.org/{name}/")

    run("a")
    run("b")
    [a, b] = sorted(entries(cache_folder), key=lambda path: path.stat().st_mtime)
    (cache_folder / ".tmp-left-by-a-killed-run").mkdir()  # new: kept
    run("a")  # a hit: a is now the most recently used
    run("c")
    assert loads.count == 3
    kept = entries(cache_folder)
    assert len(kept) == 2 and a in kept and b not in kept
    assert (cache_folder / ".tmp-left-by-a-killed-run").is_dir()


def test_an_empty_cache_variable_is_a_usage_error(monkeypatch):
    monkeypatch.setenv("GREMIEN_RDF_CACHE", "")
    for extra in ([], ["--no-cache"]):
        result = CliRunner().invoke(cli, ["query", "run", "bodies-per-land", *extra])
        assert result.exit_code == 2 and result.stdout == ""
        assert "GREMIEN_RDF_CACHE is set but empty" in result.stderr


def test_the_cache_folder_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("GREMIEN_RDF_CACHE", str(tmp_path / "named"))
    assert cache.cache_dir() == tmp_path / "named"
    monkeypatch.delenv("GREMIEN_RDF_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "gremien-rdf"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "gremien-rdf"


def test_a_register_that_is_no_regular_file_is_not_cached(tmp_path, cache_folder):
    import os

    pipe = tmp_path / "register.fifo"
    os.mkfifo(pipe)
    assert cache.cache_key(pipe, BASE) is None  # its bytes cannot be hashed beforehand
    result = CliRunner().invoke(cli, ["query", "run", "bodies-per-land", "--source", str(pipe)])
    assert result.exit_code == 2 and "is not a regular file" in result.stderr
    assert entries(cache_folder) == []
