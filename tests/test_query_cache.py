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
from gremien_rdf import RESULT_FORMATS
from gremien_rdf.cli import cli
from gremien_rdf.queries import cache
from gremien_rdf.queries.stored import catalogue, find_query


class Calls:
    """Counts the calls of run_module's function `name`."""

    def __init__(self, monkeypatch, name: str):
        self.count = 0
        function = getattr(run_module, name)

        def counting(*args, **kwargs):
            self.count += 1
            return function(*args, **kwargs)

        monkeypatch.setattr(run_module, name, counting)


class Loads(Calls):
    """Counts the registers loaded anew (a cache miss, or --no-cache)."""

    def __init__(self, monkeypatch):
        super().__init__(monkeypatch, "load_data")


class Evaluations(Calls):
    """Counts the queries evaluated on the store (not answered from the cache)."""

    def __init__(self, monkeypatch):
        super().__init__(monkeypatch, "_evaluated")


def damage_file(path: Path, damage: str) -> None:
    """One byte of the file at `path` changed ("flipped byte"), or its second half cut off."""
    data = path.read_bytes()
    middle = len(data) // 2
    if damage == "flipped byte":
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1:])
    else:
        path.write_bytes(data[:middle])


def query_bytes(*args: str) -> bytes:
    """`gremien-rdf query run ARGS…`'s standard output, as bytes; the run must succeed
    and say nothing on stderr."""
    result = CliRunner().invoke(cli, ["query", "run", *args])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout_bytes


def query(*args: str) -> str:
    """`gremien-rdf query run ARGS…`'s standard output (text)."""
    return query_bytes(*args).decode("utf-8")


def comparable(output: bytes, fmt: str) -> bytes | dict[str, bytes]:
    """The output as it can be compared between runs: a workbook's parts, with the time of
    its making (docProps/core.xml, which differs between any two runs) left out."""
    if fmt != "xlsx":
        return output
    import re
    import zipfile
    from io import BytesIO

    with zipfile.ZipFile(BytesIO(output)) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    parts["docProps/core.xml"] = re.sub(rb">\d{4}-\d\d-\d\dT[\d:]+Z<", b"><",
                                        parts["docProps/core.xml"])
    return parts


def answers(folder: Path) -> list[Path]:
    """The answers kept in the cache (their results files)."""
    return sorted(folder.glob(f"*/{cache.ANSWERS}/*.srj"))


def entries(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if not path.name.startswith("."))


@pytest.mark.parametrize("name", [stored.name for stored in catalogue()])
def test_every_query_gives_the_same_results_cold_warm_and_without_cache(
        name, cache_folder, monkeypatch):
    loads = Loads(monkeypatch)
    evaluations = Evaluations(monkeypatch)
    without = {fmt: comparable(query_bytes(name, "--format", fmt, "--no-cache"), fmt)
               for fmt in RESULT_FORMATS}
    assert loads.count == 1 + 5 and evaluations.count == 6
    assert entries(cache_folder) == []  # --no-cache writes nothing
    cold = query_bytes(name, "--format", "csv")  # the graph and the answer kept
    assert loads.count == 7 and len(entries(cache_folder)) == 1
    assert evaluations.count == 7 and len(answers(cache_folder)) == 1
    assert cold == without["csv"]
    for fmt in RESULT_FORMATS:  # every format written from the kept answer
        assert comparable(query_bytes(name, "--format", fmt), fmt) == without[fmt], fmt
    assert loads.count == 7, "the later runs read the cache"
    assert evaluations.count == 7, "the later runs read the kept answer"
    assert len(cold.splitlines()) > 1  # a header and rows


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
    # the same query each time: it is evaluated exactly when the graph is loaded anew,
    # the answer kept with the graph going with it
    loads, evaluations = Loads(monkeypatch), Evaluations(monkeypatch)
    register = tmp_path / "gremien.yaml"
    shutil.copy(CURATED, register)

    def count_bodies(*options: str) -> str:
        return query("bodies-per-land", "-f", "csv", "--source", str(register), *options)

    first = count_bodies()
    assert count_bodies() == first and loads.count == evaluations.count == 1
    # the register: a body moved from Baden-Württemberg to Bayern
    text = register.read_text("utf-8")
    assert "land: Baden-Württemberg" in text
    register.write_text(text.replace("land: Baden-Württemberg", "land: Bayern", 1), "utf-8")
    changed = count_bodies()
    assert loads.count == evaluations.count == 2 and changed != first
    assert f"{BASE}land/DE-BW,Baden-Württemberg,13" in changed.splitlines()
    # the settings: a comment added
    settings = tmp_path / "publication.yaml"
    settings.write_text(SETTINGS.read_text("utf-8") + "# changed\n", "utf-8")
    monkeypatch.setenv("GREMIEN_RDF_SETTINGS", str(settings))
    assert count_bodies() == changed and loads.count == evaluations.count == 3
    assert count_bodies() == changed and loads.count == evaluations.count == 3
    # an ontology file: a comment added to a vocabulary
    resources = copy_resources(tmp_path / "resources")
    monkeypatch.setenv("GREMIEN_RDF_RESOURCES", str(resources))
    assert count_bodies() == changed and loads.count == evaluations.count == 4
    vocabulary = sorted((resources / "ontology" / "vocabularies").glob("*.ttl"))[0]
    vocabulary.write_text(vocabulary.read_text("utf-8") + "# changed\n", "utf-8")
    assert count_bodies() == changed and loads.count == evaluations.count == 5
    ontology = resources / "ontology" / "gremien.ttl"
    ontology.write_text(ontology.read_text("utf-8") + "# changed\n", "utf-8")
    assert count_bodies() == changed and loads.count == evaluations.count == 6
    # the base IRI
    other = count_bodies("--base-iri", "https://example.org/g/")
    assert loads.count == evaluations.count == 7 and "https://example.org/g/land/DE-BW" in other
    assert count_bodies("--base-iri", "https://example.org/g/") == other
    assert loads.count == evaluations.count == 7
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
    if damage in ("flipped byte", "truncated file"):
        damage_file(largest, damage)
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
    # the answer kept in the entry would be read without opening the store (see
    # test_a_kept_answer_needs_no_store): without it, the query needs the store
    shutil.rmtree(entry / cache.ANSWERS, ignore_errors=True)
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


def test_a_kept_answer_needs_no_store(cache_folder, monkeypatch):
    loads, evaluations = Loads(monkeypatch), Evaluations(monkeypatch)
    expected = query("bodies-per-land", "-f", "csv")
    [entry] = entries(cache_folder)
    shutil.rmtree(entry / cache.STORE)  # not read: the answer is checked on its own
    (entry / cache.BODIES).unlink()  # read only for a parameter that names a body
    assert query("bodies-per-land", "-f", "csv") == expected
    assert loads.count == 1 and evaluations.count == 1
    # another query needs the store: it is missing, so the entry is made anew
    assert query("laender-without-body", "-f", "csv") == query(
        "laender-without-body", "-f", "csv", "--no-cache")
    assert loads.count == 3 and evaluations.count == 3
    assert (entry / cache.STORE).is_dir() and len(answers(cache_folder)) == 1  # the new one


@pytest.mark.parametrize("damage", ["flipped byte", "truncated answer", "missing answer",
                                    "bad json", "another format", "another query's answer",
                                    "another digest"])
def test_a_damaged_or_foreign_answer_is_evaluated_again(damage, cache_folder, monkeypatch):
    evaluations = Evaluations(monkeypatch)
    expected = query("bodies-per-land", "-f", "csv")
    other = query("laender-without-body", "-f", "csv")
    assert evaluations.count == 2
    [entry] = entries(cache_folder)
    keys = {path.stem: json.loads(path.with_suffix(".json").read_text("utf-8"))
            for path in answers(cache_folder)}
    key = cache.answer_key(run_module.bound_text(*_bodies_per_land()))
    assert len(keys) == 2 and keys[key]["query"] == key
    results = entry / cache.ANSWERS / f"{key}.srj"
    meta_file = results.with_suffix(".json")
    data = results.read_bytes()
    meta = json.loads(meta_file.read_text("utf-8"))
    if damage in ("flipped byte", "truncated answer"):
        damage_file(results, damage)
    elif damage == "missing answer":
        results.unlink()
    elif damage == "bad json":
        meta_file.write_text("{not json", "utf-8")
    elif damage == "another format":
        meta_file.write_text(json.dumps({**meta, "format": cache.ANSWER_FORMAT + 1}), "utf-8")
    elif damage == "another query's answer":  # a whole answer, but of another query
        [foreign] = [path for path in answers(cache_folder) if path != results]
        shutil.copy(foreign, results)
        shutil.copy(foreign.with_suffix(".json"), meta_file)
    else:  # the answer whole, its checksum not: the answer is not trusted
        meta_file.write_text(json.dumps({**meta, "sha256": "0" * 64}), "utf-8")
    assert query("bodies-per-land", "-f", "csv") == expected
    assert evaluations.count == 3, "the damaged answer was not used"
    assert query("bodies-per-land", "-f", "csv") == expected
    assert query("laender-without-body", "-f", "csv") == other
    assert evaluations.count == 3, "the answer was kept again, whole"
    assert results.read_bytes() == data


def _bodies_per_land():
    """bodies-per-land and its bound parameters (only $lang), as `query run` binds them."""
    stored = find_query("bodies-per-land")
    data = run_module.QueryData(None, BASE, {})
    return stored, run_module.bindings(stored, {}, data, "en")


def test_an_answer_is_kept_per_query_text_parameters_and_language(
        tmp_path, cache_folder, monkeypatch):
    evaluations = Evaluations(monkeypatch)
    lka = query("bodies-with-actor", "-p", "actor=LKA", "-f", "csv")
    polizei = query("bodies-with-actor", "-f", "csv")  # the default, Polizei
    german = query("bodies-with-actor", "-f", "csv", "--lang", "de")
    assert len({lka, polizei, german}) == 3 and evaluations.count == 3
    # the same concept by another label: the same bound query, the same answer
    assert query("bodies-with-actor", "-p", "actor=Landeskriminalamt", "-f", "csv") == lka
    assert query("bodies-with-actor", "-p", "actor=Polizei", "-f", "tsv") == query(
        "bodies-with-actor", "-f", "tsv", "--no-cache")
    assert evaluations.count == 4  # only the --no-cache run
    # a query file given by its path: keyed by its text
    file = tmp_path / "mine.rq"
    text = find_query("bodies-per-land").text
    file.write_text(text, "utf-8")
    first = query(str(file), "-f", "csv")
    assert first == query("bodies-per-land", "-f", "csv")  # the same text: its answer
    assert evaluations.count == 5
    assert "ORDER BY DESC(?bodies) ?landLabel" in text
    file.write_text(text.replace("ORDER BY DESC(?bodies) ?landLabel", "ORDER BY ?landLabel"),
                    "utf-8")
    changed = query(str(file), "-f", "csv")
    assert evaluations.count == 6 and changed != first
    assert sorted(changed.splitlines()[1:]) == sorted(first.splitlines()[1:])
    assert query(str(file), "-f", "csv") == changed and evaluations.count == 6


def test_a_query_whose_value_changes_is_never_kept(tmp_path, cache_folder, monkeypatch):
    evaluations = Evaluations(monkeypatch)
    file = tmp_path / "now.rq"
    file.write_text("# title: Now\nSELECT ?body (STRUUID() AS ?id) WHERE {\n"
                    "  ?body a <http://www.w3.org/ns/org#Organization> } LIMIT 2\n", "utf-8")
    first = query(str(file), "-f", "csv")
    second = query(str(file), "-f", "csv")
    assert first != second and evaluations.count == 2 and answers(cache_folder) == []


@pytest.mark.parametrize("damage", ["flipped byte", "truncated file", "missing file"])
def test_damaged_bodies_are_read_anew_when_a_parameter_names_a_body(
        damage, cache_folder, monkeypatch):
    loads = Loads(monkeypatch)
    expected = query("body-profile", "-p", "body=Jour Fixe", "-f", "csv")
    assert expected.splitlines()[1].startswith("Jour Fixe,Saarland,")
    [entry] = entries(cache_folder)
    bodies = entry / cache.BODIES
    if damage == "missing file":
        bodies.unlink()
    else:
        damage_file(bodies, damage)
    # another title of the same body: a new query text, whose body is looked up
    assert query("body-profile", "-p", "body=sl-jour-fixe", "-f", "csv") == expected
    assert loads.count == 2, "the damaged bodies were not used"
    assert query("body-profile", "-p", "body=Jour Fixe", "-f", "csv") == expected
    assert loads.count == 2
    assert json.loads(bodies.read_text("utf-8"))["sl-jour-fixe"].endswith("/sl-jour-fixe")
