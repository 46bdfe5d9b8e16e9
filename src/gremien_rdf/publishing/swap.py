"""Replacing a build folder in one step: the new folder staged beside the old one and
swapped in by one rename, the files of the user's carried over, so that a failed, broken
or killed run leaves the previous output whole."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gremien_rdf.digests import FileData, Spooled, digest_of, file_digest
from gremien_rdf.errors import display_path, fail, option, record_written
from gremien_rdf.publishing.files import (
    LEGACY_FILES,
    LEGACY_SUMS,
    MANIFEST,
    STAGING_MARK,
    committing,
    current_umask,
    is_leftover,
    lock_folder,
    locked,
    manifest_text,
    mounts_inside,
    read_manifest,
    refuse_inputs,
    staging_folder,
    sums_or_none,
)
from gremien_rdf.publishing.spool import remove_leftovers


@dataclass
class _Plan:
    """What a replacement carries over from the old folder, decided before writing."""

    ours: dict[str, str] = field(default_factory=dict)  # carried files of ours → digest
    theirs: list[str] = field(default_factory=list)  # files and links of the user's
    folders: list[str] = field(default_factory=list)  # every folder of the old one
    own_modes: dict[str, int] = field(default_factory=dict)  # the user's folders: modes


def _entries(folder: Path) -> tuple[list[str], list[str]]:
    """The files (and symbolic links) and the folders below `folder`, as relative paths;
    our temporary folders and the manifest left out."""
    found: list[str] = []
    folders: list[str] = []

    def unreadable(error: OSError) -> None:
        raise fail(None, f"cannot read the folder {display_path(error.filename)} "
                   f"({error.strerror}): what it holds would be lost with the old build",
                   "make it readable (chmod u+rx), or move it out of the output folder")

    mounts = set(mounts_inside(folder))
    for top, dirs, names in os.walk(folder, onerror=unreadable):
        here = Path(top).relative_to(folder)
        keep = []
        for name in sorted(dirs):
            path = Path(top) / name
            if is_leftover(path):
                continue  # a killed run's leftover: not carried over
            if path.is_symlink():
                names.append(name)
            elif os.path.ismount(path) or os.path.realpath(path) in mounts:
                raise fail(None, f"{display_path(path)} is a mount point (a volume) inside the "
                           "output folder: the build replaces the folder as a whole, and "
                           "what the volume holds would be left behind or lost",
                           "mount it outside the output folder")
            else:
                keep.append(name)
                folders.append((here / name).as_posix())
        dirs[:] = keep
        found += [(here / name).as_posix() for name in sorted(names)
                  if not (here == Path(".") and name == MANIFEST)]
    return found, folders


def _plan(folder: Path, files: dict[str, FileData], scope: str) -> _Plan:
    """Which entries of the existing `folder` are ours and which are the user's; an
    InputError where the new files would overwrite or delete something that is not ours."""
    plan = _Plan()
    if not folder.exists():
        return plan
    found, folders = _entries(folder)
    if (folder / MANIFEST).is_file():
        manifest = read_manifest(folder)
    else:
        manifest = _legacy_manifest(folder, found, files)
    new_folders = {parent.as_posix() for name in files for parent in Path(name).parents}
    for name in found:
        shown = display_path(folder / name)
        if name in manifest:  # only files of ours are read: the user's may be large
            digest = file_digest(folder / name)
            if digest != manifest[name]:
                raise fail(None, f"{shown} was changed after gremien-rdf wrote it",
                           "move it away (or delete it) and run again: the run would "
                           "overwrite or delete it")
            if scope and not name.startswith(scope):
                plan.ours[name] = digest  # outside what this run replaces: carried over
            continue
        if name in files or name in new_folders:
            raise fail(None, f"{shown} was not written by gremien-rdf, and this run writes "
                       "a file of that name", f"move it away or choose another {option('output')}")
        plan.theirs.append(name)
    ours_folders = new_folders | {parent.as_posix() for name in plan.ours
                                  for parent in Path(name).parents}
    for name in folders:
        if name in files:
            raise fail(None, f"{display_path(folder / name)} is a folder where this run "
                       "writes a file", f"move it away or choose another {option('output')}")
        plan.folders.append(name)
        if name not in ours_folders:
            plan.own_modes[name] = stat.S_IMODE((folder / name).stat().st_mode)
    return plan


def _legacy_manifest(folder: Path, found: list[str], files: dict[str, FileData]
                     ) -> dict[str, str]:
    """For a folder without a manifest: a build of 0.1.0 (its SHA256SUMS lists exactly the
    files 0.1.0 wrote, and checks out) counts as ours, with its site files that this run
    writes again; an empty folder is fine; anything else is refused."""
    if not found:
        return {}
    sums = sums_or_none(folder / LEGACY_SUMS)
    if sums is not None and set(sums) == LEGACY_FILES and all(
            file_digest(folder / name) == digest for name, digest in sums.items()):
        ours = {name: digest for name, digest in sums.items()}
        ours[LEGACY_SUMS] = file_digest(folder / LEGACY_SUMS) or ""
        for name in found:
            if name.startswith("site/") and name in files:
                # 0.1.0 kept no hashes of its site: a site file is ours only if it is the
                # same as this run writes; else it may be the user's
                if file_digest(folder / name) != digest_of(files[name]):
                    raise fail(None, f"{display_path(folder)} is a build of gremien-rdf "
                               f"0.1.0, whose site files cannot be told from yours "
                               f"({display_path(folder / name)} differs from the new one)",
                               f"move {display_path(folder)} away once (keep what is yours) "
                               "and run again")
                ours[name] = file_digest(folder / name) or ""
        return ours
    raise fail(None, f"{display_path(folder / found[0])} was not written by gremien-rdf, and "
               f"{display_path(folder)} is no earlier build (it has no {MANIFEST})",
               f"choose a new or empty folder as {option('output')}, or move the folder away")


def check_output_folder(folder: Path, inputs: Iterable[Path | None] = ()) -> None:
    """An InputError if `folder` cannot be replaced by a run that reads `inputs`: it holds
    one of them, the user works inside it, it is no folder, or it holds files although it
    is no earlier output of gremien-rdf. A run checks this before its work, and
    replace_folder again (with the files of ours that were changed) before it writes."""
    folder = folder.absolute()
    refuse_inputs(inputs, folder=folder)
    if Path.cwd().resolve().is_relative_to(folder.resolve()):
        raise fail(None, f"you are working inside {folder}, which this run replaces as a "
                   "whole: your shell would be left in a deleted folder",
                   "change to the folder above it (cd ..) and run again, or choose another "
                   f"{option('output')}")
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise fail(None, f"{display_path(folder)} is not a folder but "
                   + ("a symbolic link" if folder.is_symlink() else "a file"),
                   f"pass the folder itself as {option('output')}, or choose another one")
    if folder.is_dir() and not (folder / MANIFEST).is_file():
        found, _ = _entries(folder)
        _legacy_manifest(folder, found, {})
    elif folder.is_dir():
        read_manifest(folder)


def _snapshot(folder: Path) -> dict[str, tuple] | None:
    """What is in `folder` (each entry's device, inode, size, time and mode: a file saved
    by rename is another file under the same name), to tell whether it changed."""
    if not folder.exists():
        return None
    found, folders = _entries(folder)
    state = {}
    for name in [*found, *folders]:
        info = os.lstat(folder / name)
        state[name] = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_mode)
    return state


def _carry(old: Path, new: Path) -> None:
    """`old` into `new` as it is: hard-linked (a copy where links are not possible), a
    symbolic link recreated; InputError if it cannot be."""
    new.parent.mkdir(parents=True, exist_ok=True)
    try:
        if old.is_symlink():
            os.symlink(os.readlink(old), new)
            return
        try:
            os.link(old, new, follow_symlinks=False)
        except OSError:
            shutil.copy2(old, new)
    except OSError as error:
        raise fail(None, f"cannot carry {display_path(old)} into the new build "
                   f"({error.strerror}): it is not a file of gremien-rdf's, so it is kept, "
                   "and the build cannot go on without it",
                   "make it readable, or move it out of the output folder") from None


def replace_folder(folder: Path, files: dict[str, FileData], scope: str = "",
                   inputs: Iterable[Path | None] = ()) -> list[Path]:
    """Replace `folder` by one that holds `files` (relative path → bytes, or a file
    written to the spool already, copied), atomically.

    With `scope` (a path prefix such as "site/"), only the files of an earlier run below it
    are replaced; the earlier run's other files are carried over. Files the user added
    are always carried over. The new folder is written beside the old one and swapped in
    with one rename, so that a reader, or a run killed at any point, sees the old folder
    or the new one, complete.
    """
    folder = Path(os.path.abspath(folder))
    check_output_folder(folder, inputs)
    umask = current_umask()
    outer = lock_folder(folder.parent.resolve())  # a build inside a build: its writers'
    mark = f".{folder.name}.{STAGING_MARK}"
    with locked(outer) if outer != folder.parent.resolve() else contextlib.nullcontext(), \
            staging_folder(folder.parent, mark, restore=folder) as staging:
        remove_leftovers(folder)  # a killed build's spool (publishing.spool)
        seen = _snapshot(folder)
        plan = _plan(folder, files, scope)
        digests: dict[str, str] = dict(plan.ours)
        for name in plan.folders:
            (staging / name).mkdir(mode=0o777 & ~umask, parents=True, exist_ok=True)
        for name in [*plan.ours, *plan.theirs]:
            _carry(folder / name, staging / name)
        for name, data in files.items():
            target = staging / name
            if "/" in name:
                target.parent.mkdir(mode=0o777 & ~umask, parents=True, exist_ok=True)
            if isinstance(data, Spooled):
                shutil.copyfile(data.path, target)
            else:
                target.write_bytes(data)
            target.chmod(0o666 & ~umask)
            digests[name] = digest_of(data)
        (staging / MANIFEST).write_bytes(manifest_text(digests))
        (staging / MANIFEST).chmod(0o666 & ~umask)
        for name, mode in reversed(plan.own_modes.items()):  # set last: 0500 stops writes
            (staging / name).chmod(mode)
        staging.chmod(0o777 & ~umask)
        if _snapshot(folder) != seen:  # another program wrote into it (outside our locks) meanwhile
            raise fail(None, f"{display_path(folder)} changed while this run wrote the new "
                       "one: another program wrote into it", "run again when it is done")
        with committing():
            try:
                if folder.exists():
                    _exchange(staging, folder)  # the old folder is now at `staging`
                else:
                    os.rename(staging, folder)
            except OSError as error:
                raise fail(None, f"cannot replace {display_path(folder)}: {error.strerror}",
                           "a mount point (a volume) or a folder in use cannot be replaced "
                           f"as a whole: give a folder inside it as {option('output')}") from None
            record_written(folder)
    return [folder / name for name in files]


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> None:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE).

    Where the kernel or C library cannot, falls back to two renames; between them, for a
    moment, `b` does not exist.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        at_fdcwd = -100
        if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise OSError(code, os.strerror(code), str(b))
    aside = a.with_name(a.name + "-old")
    os.rename(b, aside)
    os.rename(a, b)
    os.rename(aside, a)
