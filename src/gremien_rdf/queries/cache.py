"""The graph of the last `query run`, kept on disk so that the next run on the same inputs
skips reading the YAML register, converting it and loading pyoxigraph.

An entry is pyoxigraph's own on-disk store (RocksDB, compacted once when written), opened
read-only on a hit (no parsing: tens of milliseconds where loading N-Triples takes seconds),
plus a small JSON file with the
bodies' ids and titles and the concepts' labels (for the parameters) and the SHA-256 of
every file of the store. The entry's name is the SHA-256 of every input that makes the graph
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

from gremien_rdf.digests import file_digest
from gremien_rdf.progress import step

if TYPE_CHECKING:
    from gremien_rdf.queries.run import QueryData

#: the environment variable that names the cache folder
CACHE_VAR = "GREMIEN_RDF_CACHE"
#: how many entries (graphs of different inputs) are kept at most
KEEP = 4
#: the layout of an entry; a change of it makes every older entry a miss (3: the store
#: compacted)
FORMAT = 3
#: in an entry: the store's folder and the file with the bodies and the checksums
STORE, META = "store", "meta.json"
#: a temporary folder left by a killed run is removed after this many seconds
STALE = 3600


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
    found = _read(folder / key, base_iri)
    if found is not None:
        return found
    data = load_data(source, base_iri)
    _write(folder, key, data)
    return data


def _read(entry: Path, base_iri: str) -> QueryData | None:
    """The entry's data, or None if it is missing, unreadable, of another layout or
    damaged (then it is removed, if it can be)."""
    import pyoxigraph as ox

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
        store_dir = entry / STORE
        files = meta["files"]
        if sorted(p.name for p in store_dir.iterdir()) != sorted(files):
            raise ValueError("files added or missing")
        for name, digest in files.items():
            if file_digest(store_dir / name, follow_links=True) != digest:
                raise ValueError(f"{name} is damaged")
        store = ox.Store.read_only(str(store_dir))
        bodies = meta["bodies"]
        if not isinstance(bodies, dict):
            raise ValueError("no bodies")
        schemes = {scheme: vocabulary_of(scheme, meta["concepts"][scheme])
                   for scheme in SCHEMES}
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RuntimeError):
        _remove(entry)
        return None
    with contextlib.suppress(OSError):  # the last use, for eviction; read-only: no matter
        os.utime(meta_file)
    return QueryData(store=store, base_iri=base_iri, bodies=bodies, schemes=schemes)


def _write(folder: Path, key: str, data: QueryData) -> None:
    """Keep `data` as the entry `key`: written into a temporary folder, then renamed into
    place, so that no reader sees half an entry. Any failure (a read-only or full disk)
    leaves the cache as it was."""
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
            meta = {"format": FORMAT, "base_iri": data.base_iri, "bodies": data.bodies,
                    "concepts": concepts, "files": files}
            (temporary / META).write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
            os.rename(temporary, folder / key)  # fails if another run wrote it meanwhile
            temporary = None
        except (OSError, RuntimeError, ValueError):
            pass
        finally:
            if temporary is not None:
                _remove(temporary)
    _evict(folder)


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
        for path in folder.glob(".tmp-*"):
            with contextlib.suppress(OSError):
                if time.time() - path.stat().st_mtime > STALE:
                    _remove(path)


def _remove(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)
