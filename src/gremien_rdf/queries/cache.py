"""The graph of the last `query run`, kept on disk so that the next run on the same inputs
skips reading the YAML register, converting it and loading pyoxigraph.

An entry is pyoxigraph's own on-disk store (RocksDB, compacted once when written), opened
read-only on a hit (no parsing: tens of milliseconds where loading N-Triples takes seconds),
plus a small JSON file with the concepts' labels (for the parameters) and the SHA-256 of
every file of the store, checked when a query first needs the store, and of the file with
the bodies' ids and titles, read when a parameter names a body; and the answers of the
queries run on it (`answered`), so that a query run again on the same inputs is not
evaluated again. The entry's name is the SHA-256 of every input that makes the graph
(`cache_key`). Writes go to a temporary folder renamed into place; an entry that cannot be
read or whose files do not match their checksums is ignored and rebuilt; a cache folder that
cannot be written only costs the speed. At most KEEP entries are kept, the least recently
used removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from gremien_rdf.digests import file_digest, sha256
from gremien_rdf.progress import step

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any, BinaryIO

    import pyoxigraph as ox

    from gremien_rdf.queries.run import QueryData

#: the environment variable that names the cache folder
CACHE_VAR = "GREMIEN_RDF_CACHE"
#: how many entries (graphs of different inputs) are kept at most
KEEP = 4
#: the layout of an entry; a change of it makes every older entry a miss (3: the store
#: compacted; 4: the bodies in a file of their own)
FORMAT = 4
#: in an entry: the store's folder, the file with the concepts and the checksums, and the
#: file with the bodies' ids and titles (read only for a parameter that names a body)
STORE, META, BODIES = "store", "meta.json", "bodies.json"
#: a temporary folder left by a killed run is removed after this many seconds
STALE = 3600
#: in an entry: the folder of the queries' answers (`answered`), each the W3C SPARQL JSON
#: results (.srj) beside a small JSON file with its query's key and its SHA-256
ANSWERS = "answers"
#: the layout of an answer; a change of it makes every older answer a miss
ANSWER_FORMAT = 1


def cache_dir() -> Path:
    """GREMIEN_RDF_CACHE, else $XDG_CACHE_HOME/gremien-rdf, else ~/.cache/gremien-rdf;
    InputError if GREMIEN_RDF_CACHE is set but empty."""
    from gremien_rdf.errors import environment

    named = environment(CACHE_VAR)
    if named:
        return Path(named)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "gremien-rdf"


def _code_files() -> list[Path]:
    """Every Python file of gremien-rdf: a change of the code may change the graph."""
    package = Path(__file__).resolve().parents[1]
    return sorted(package.rglob("*.py"))


def cache_key(source: Path, base_iri: str) -> str | None:
    """The SHA-256 of every input of the graph: the register (its path and bytes), the
    settings in use, gremien-rdf's resource files (ontology, vocabularies, shapes,
    queries…), its code and version, pyoxigraph's version, and the base IRI. None if the
    register is not a regular file (a pipe can be read only once)."""
    import pyoxigraph

    from gremien_rdf import __version__, resources
    from gremien_rdf.settings import settings_in_use

    key = hashlib.sha256()

    def add(label: str, value: str) -> None:
        key.update(f"{label}\0{value}\0".encode("utf-8", "surrogateescape"))

    add("format", str(FORMAT))
    add("gremien-rdf", __version__)
    add("pyoxigraph", pyoxigraph.__version__)
    add("python", f"{sys.version_info.major}.{sys.version_info.minor}")
    add("base-iri", base_iri)
    register = file_digest(source, follow_links=True)
    if register is None:
        return None
    add("register", str(source.resolve()))
    add("register-sha256", register)
    inputs = [*settings_in_use(), *resources.input_files(), *_code_files()]
    for path in inputs:
        add(str(path), file_digest(path, follow_links=True) or "missing")
    return key.hexdigest()


def query_data(source: Path, base_iri: str, use_cache: bool = True) -> QueryData:
    """The register at `source` and the vocabularies in pyoxigraph, for queries: from the
    cache when its inputs are unchanged, else loaded (and then kept in the cache). With
    `use_cache` False the cache is neither read nor written."""
    from gremien_rdf.queries.run import load_data

    folder = cache_dir()  # checked with --no-cache too: an empty variable is a mistake
    if not use_cache:
        return load_data(source, base_iri)
    try:
        key = cache_key(source, base_iri)
    except OSError:  # an input cannot be read: loading says which, with the fix
        key = None
    if key is None:
        return load_data(source, base_iri)
    entry = folder / key

    def loaded() -> QueryData:
        """The data loaded anew and kept in the entry: when there is none, or when a part
        of it read late turned out damaged."""
        data = load_data(source, base_iri)
        if _write(folder, key, data):
            data.entry = entry
        return data

    return _read(entry, base_iri, loaded) or loaded()


def _read(entry: Path, base_iri: str, reloaded: Callable[[], QueryData]) -> QueryData | None:
    """The entry's data, or None if it is missing, unreadable or of another layout (then
    it is removed, if it can be). Its store is checked and opened when a query first needs
    it (a query answered from the entry needs none), its bodies read when a parameter
    first needs them; if one is damaged then, the entry is removed and the data
    `reloaded()`."""
    from gremien_rdf.queries.run import QueryData
    from gremien_rdf.rdf.concepts import vocabulary_of
    from gremien_rdf.rdf.names import SCHEMES

    if not entry.exists():
        return None
    meta_file = entry / META
    try:
        meta = json.loads(meta_file.read_text("utf-8"))
        if meta["format"] != FORMAT or meta["base_iri"] != base_iri:
            raise ValueError("another layout")
        files, bodies_digest = meta["files"], meta["bodies"]
        if not isinstance(files, dict) or not isinstance(bodies_digest, str):
            raise ValueError("no files")
        schemes = {scheme: vocabulary_of(scheme, meta["concepts"][scheme])
                   for scheme in SCHEMES}
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RuntimeError):
        _remove(entry)
        return None
    with contextlib.suppress(OSError):  # the last use, for eviction; read-only: no matter
        os.utime(meta_file)

    data = QueryData(None, base_iri, None, schemes=schemes, entry=entry)

    def replaced() -> None:
        """The entry damaged: removed, its store and bodies both taken from the data
        loaded anew (which is kept in a new entry)."""
        _remove(entry)
        fresh = reloaded()
        data._store, data._bodies = fresh.store, fresh.bodies

    def opened() -> ox.Store:
        store = _store(entry, files)
        if store is None:
            replaced()
            return data.store
        return store

    def bodies() -> dict[str, str]:
        found = _bodies(entry, bodies_digest)
        if found is None:
            replaced()
            return data.bodies
        return found

    data.opener, data.bodies_reader = opened, bodies
    return data


def _bodies(entry: Path, digest: str) -> dict[str, str] | None:
    """The entry's bodies (IRI by id and by normalised title) if their file has the SHA-256
    `digest`; else None."""
    try:
        data = (entry / BODIES).read_bytes()
        if sha256(data) != digest:
            return None
        bodies = json.loads(data)
    except (OSError, ValueError):
        return None
    return bodies if isinstance(bodies, dict) else None


def _store(entry: Path, files: dict) -> ox.Store | None:
    """The entry's store, opened read-only, if its files are those of `files` (name →
    SHA-256); None if one is added, missing or damaged, or pyoxigraph cannot open it."""
    import pyoxigraph as ox

    store_dir = entry / STORE
    try:
        if sorted(p.name for p in store_dir.iterdir()) != sorted(files):
            return None
        for name, digest in files.items():
            if file_digest(store_dir / name, follow_links=True) != digest:
                return None
        return ox.Store.read_only(str(store_dir))
    except (OSError, RuntimeError, ValueError):
        return None


def _write(folder: Path, key: str, data: QueryData) -> bool:
    """Keep `data` as the entry `key`: written into a temporary folder, then renamed into
    place, so that no reader sees half an entry; whether the entry is there now. Any
    failure (a read-only or full disk) leaves the cache as it was."""
    import tempfile

    import pyoxigraph as ox

    from gremien_rdf.rdf.concepts import concepts_data
    from gremien_rdf.rdf.names import SCHEMES

    with step("keeping the graph in the cache"):
        temporary: Path | None = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            temporary = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder))
            store_dir = temporary / STORE
            store = ox.Store(str(store_dir))
            store.bulk_extend(data.store)
            # compacted: the bulk-loaded files are LZ4 blocks decompressed at every read;
            # compaction moves the graph to levels that pyoxigraph's RocksDB settings leave
            # uncompressed. A query that reads much of the graph (sorts 100,000 titles) runs
            # 2-2.5x faster on it; the compaction costs ~9 s at 100,000 bodies, once.
            store.optimize()
            store.flush()
            del store  # closes the database: its files are final
            files = {path.name: file_digest(path, follow_links=True)
                     for path in sorted(store_dir.iterdir())}
            concepts = {scheme: concepts_data(data.vocabulary(scheme)) for scheme in SCHEMES}
            bodies = json.dumps(data.bodies, ensure_ascii=False).encode("utf-8")
            (temporary / BODIES).write_bytes(bodies)
            meta = {"format": FORMAT, "base_iri": data.base_iri,
                    "bodies": sha256(bodies), "concepts": concepts,
                    "files": files}
            (temporary / META).write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
            os.rename(temporary, folder / key)  # fails if another run wrote it meanwhile
            temporary = None
        except (OSError, RuntimeError, ValueError):
            pass
        finally:
            if temporary is not None:
                _remove(temporary)
    _evict(folder)
    return (folder / key / META).is_file()


def answered(entry: Path, text: str, evaluate: Callable[[], Any]) -> Any:
    """The solutions of the query `text` (its parameters bound) on the graph of `entry`:
    read from the answer kept in the entry if there is one and it is whole; else
    `evaluate()`d, kept in the entry and read back from there (so that the first run writes
    what every later one will). An answer that is damaged, of another layout or of another
    query is removed and evaluated anew; one that cannot be written only costs the speed.

    An answer is the W3C SPARQL JSON results, which give every term whole (datatype,
    language, blank node), so that every output format writes from it the same bytes as
    from the store."""
    import tempfile

    key = answer_key(text)
    folder = entry / ANSWERS
    results, meta_file = folder / f"{key}.srj", folder / f"{key}.json"
    found = _answer(results, meta_file, key)
    if found is not None:
        return found
    solutions = evaluate()
    try:
        folder.mkdir(exist_ok=True)  # not parents: an entry removed meanwhile stays so
        handle, name = tempfile.mkstemp(prefix=".tmp-", suffix=".srj", dir=folder)
        os.close(handle)
    except OSError:
        return solutions
    temporary = Path(name)
    try:
        import pyoxigraph as ox

        solutions.serialize(str(temporary), format=ox.QueryResultsFormat.JSON)
        reading = temporary.open("rb")  # read from here: an eviction may remove the entry
        try:
            digest = hashlib.file_digest(reading, "sha256").hexdigest()
            os.replace(temporary, results)
            meta = {"format": ANSWER_FORMAT, "query": key, "sha256": digest}
            _write_atomically(meta_file, json.dumps(meta).encode("utf-8"))
        except OSError:
            pass  # not kept: the answer is still read from the open file
        reading.seek(0)
        return _Answer(reading)
    except OSError:  # the disk filled while the answer was written: evaluated again
        return evaluate()
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def answer_key(text: str) -> str:
    """The name of the answer of the query `text` (its parameters bound) in an entry."""
    return sha256(text.encode("utf-8", "surrogateescape"))


def _answer(results: Path, meta_file: Path, key: str) -> _Answer | None:
    """The answer kept in `results` if `meta_file` says it is the answer of the query
    `key`, in ANSWER_FORMAT, and its SHA-256 is the one written; else None (and a damaged
    or foreign answer is removed)."""
    if not meta_file.exists():
        return None
    reading = None
    try:
        meta = json.loads(meta_file.read_text("utf-8"))
        if meta["format"] != ANSWER_FORMAT or meta["query"] != key:
            raise ValueError("another layout or another query")
        reading = results.open("rb")
        if hashlib.file_digest(reading, "sha256").hexdigest() != meta["sha256"]:
            raise ValueError("damaged")
        reading.seek(0)
        return _Answer(reading)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        if reading is not None:
            reading.close()
        for path in (meta_file, results):
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
        return None


def _write_atomically(path: Path, data: bytes) -> None:
    """`data` into `path` through a temporary file renamed into place."""
    import tempfile

    handle, name = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(name, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


class _Answer:
    """The solutions of a kept answer, parsed as they are read from its open file, which
    is closed when they have been read or written out."""

    def __init__(self, reading: BinaryIO):
        import pyoxigraph as ox

        self.reading = reading
        parsed = ox.parse_query_results(reading, format=ox.QueryResultsFormat.JSON)
        if not isinstance(parsed, ox.QuerySolutions):  # a boolean: no SELECT kept this
            raise ValueError("not the answer of a SELECT query")
        self.solutions = parsed
        self.variables = parsed.variables

    def __iter__(self) -> Iterator[Any]:
        with self.reading:
            yield from self.solutions

    def serialize(self, output: Any = None, format: Any = None) -> Any:  # noqa: A002
        with self.reading:
            return self.solutions.serialize(output, format=format)


def _entries(folder: Path) -> list[Path]:
    """The cache's entries, least recently used first."""
    found = []
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            if path.name.startswith("."):
                continue
            with contextlib.suppress(OSError):
                found.append(((path / META).stat().st_mtime, path))
    return [path for _, path in sorted(found)]


def _evict(folder: Path) -> None:
    """Remove all but the KEEP most recently used entries, and temporary folders that a
    killed run left behind."""
    import time

    for entry in _entries(folder)[:-KEEP]:
        _remove(entry)
    with contextlib.suppress(OSError):
        for path in [*folder.glob(".tmp-*"), *folder.glob(f"*/{ANSWERS}/.tmp-*")]:
            with contextlib.suppress(OSError):
                if time.time() - path.stat().st_mtime > STALE:
                    _remove(path)


def _remove(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)
