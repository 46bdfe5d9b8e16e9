"""SHA-256 digests of bytes and of files: the checksums and manifests of `build`, and the
keys and checks of the cache of `query run` (hashlib only, so that a warm `query run`
imports nothing heavy)."""

from __future__ import annotations

import hashlib
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
