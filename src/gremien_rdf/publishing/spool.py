"""Files written while they are made: a dump goes to disk a subject at a time, its gzipped
copy and both SHA-256 digests computed on the way, so that a build never holds a dump's
text, its bytes and its compressed bytes in memory (at 100,000 bodies the three dumps are
about 1.5 GB). The files wait in a spool folder beside the output folder until
`replace_folder` copies them into the new build."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from gremien_rdf.digests import Spooled
from gremien_rdf.publishing.distributions import gzipped
from gremien_rdf.publishing.files import locked

#: the spool folders: `.<output folder's name>.gremien-rdf-spool-<8 random characters>`
_SPOOL = re.compile(r"^\..*\.gremien-rdf-spool-[a-z0-9_]{8}$")
#: how much text is gathered before it is encoded, hashed, compressed and written
_BATCH = 1 << 20


class _Sink:
    """A file being written, its size and SHA-256 kept up to date."""

    def __init__(self, file: BinaryIO) -> None:
        self.file = file
        self.hash = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.file.write(data)
        self.hash.update(data)
        self.size += len(data)

    def spooled(self) -> Spooled:
        return Spooled(Path(self.file.name), self.size, self.hash.hexdigest())


def spool_text(folder: Path, name: str, pieces: Iterable[str]) -> dict[str, Spooled]:
    """Write the text `pieces` to `folder/name` (UTF-8) and to `folder/name.gz`, gzipped
    byte for byte as `gzipped` does it (the same header; deflate's output does not depend
    on how its input is cut); both, by name."""
    header = gzipped(b"")[:10]  # gzip.compress's header, which differs between Pythons
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    crc = 0
    with (folder / name).open("wb") as plain, (folder / f"{name}.gz").open("wb") as packed:
        text, gz = _Sink(plain), _Sink(packed)
        gz.write(header)

        def put(batch: list[str]) -> None:
            nonlocal crc
            data = "".join(batch).encode("utf-8")
            text.write(data)
            crc = zlib.crc32(data, crc)
            gz.write(compressor.compress(data))

        batch: list[str] = []
        gathered = 0
        for piece in pieces:
            batch.append(piece)
            gathered += len(piece)
            if gathered >= _BATCH:
                put(batch)
                batch, gathered = [], 0
        put(batch)
        gz.write(compressor.flush())
        gz.write(crc.to_bytes(4, "little") + (text.size & 0xFFFFFFFF).to_bytes(4, "little"))
    return {name: text.spooled(), f"{name}.gz": gz.spooled()}


@contextlib.contextmanager
def spool_folder(output: Path) -> Iterator[Path]:
    """A new, empty spool folder beside the output folder, removed at the end (and, if a
    killed run leaves it, by the next run: remove_leftovers)."""
    parent = Path(os.path.abspath(output)).parent
    with contextlib.ExitStack() as held:
        with locked(parent):  # its own lock taken before another run may look for leftovers
            remove_leftovers(output)
            spool = Path(tempfile.mkdtemp(dir=parent, prefix=_prefix(output)))
            held.enter_context(locked(spool))
        try:
            yield spool
        finally:
            _remove(spool)  # then its lock is let go


def remove_leftovers(output: Path) -> None:
    """Remove the spool folders of `output` that killed runs left beside it; one in use by
    a run still going (it holds a lock on its folder) is left alone. The caller holds the
    lock on the parent folder."""
    prefix = _prefix(output)
    for entry in sorted(Path(os.path.abspath(output)).parent.iterdir()):
        if entry.name.startswith(prefix) and _SPOOL.match(entry.name) and entry.is_dir():
            handle = _lock_if_free(entry)
            if handle is not None:
                _remove(entry)
                os.close(handle)


def _prefix(output: Path) -> str:
    return f".{Path(os.path.abspath(output)).name}.gremien-rdf-spool-"


def _lock_if_free(folder: Path) -> int | None:
    """An open handle of `folder` with an exclusive lock on it (flock, POSIX), to be
    closed to let go; None when another process holds the lock (files.locked, which waits
    for it), and where there are no locks (then no leftover is known to be free)."""
    try:
        import fcntl  # POSIX only
    except ImportError:
        return None
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(handle)
        return None
    return handle


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)  # what is left, the next run removes
