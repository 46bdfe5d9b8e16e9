"""SHA-256 digests of bytes and of files: the checksums and manifests of `build`, and the
keys and checks of the cache of `query run` (hashlib only, so that a warm `query run`
imports nothing heavy); a file of a build as bytes or as written to disk already."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


def sha256(data: bytes) -> str:
    """The SHA-256 of `data`, in hexadecimal."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path, follow_links: bool = False) -> str | None:
    """The SHA-256 of the regular file at `path`, read in pieces; None for anything else.
    A symbolic link counts as anything else, unless `follow_links`: then it is the digest
    of the file it names (a register given through a link is still the register)."""
    if follow_links:
        path = path.resolve()
    elif path.is_symlink():
        return None
    if not path.is_file():
        return None
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


@dataclass(frozen=True)
class Spooled:
    """A file of a build written to disk already, as it was made (publishing.spool): where,
    its size and its SHA-256."""

    path: Path
    size: int
    digest: str


#: a file of a build: its bytes, or the file written to the spool
FileData = bytes | Spooled


def size_of(data: FileData) -> int:
    return data.size if isinstance(data, Spooled) else len(data)


def bytes_of(data: FileData) -> bytes:
    return data.path.read_bytes() if isinstance(data, Spooled) else data


def digest_of(data: FileData) -> str:
    return data.digest if isinstance(data, Spooled) else sha256(data)
