"""Writing what a command produces: all of it or nothing, never over its own inputs, and
never over files that gremien-rdf did not write.

- `write_files` writes single files (a draft YAML and its repair log, a report): each is
  written beside its target first and moved into place only when all are written.
- `replace_folder` replaces an output folder (dist/) by a new one, swapped in with one
  rename. The folder's manifest (`.gremien-rdf.manifest`, in `sha256sum` format) lists every
  file an earlier run wrote, with its SHA-256. Only those files are removed or replaced;
  anything else in the folder (a CNAME for GitHub Pages, a page of the user's own) is carried
  into the new folder unchanged. A file of ours that was changed since, or a file of the
  user's where the new build writes one, stops the run before anything is changed.
- Temporary folders are named `.….gremien-rdf-staging-XXXXXXXX`; what a killed run left of
  them is removed by the next run, under a lock on the parent folder, so that two runs never
  race.
- An output may never be one of the command's inputs, nor a folder that holds one, nor the
  folder the user works in (the swap would leave the shell in a deleted folder).

Every path that was committed is recorded (errors.record_written), so that an error after
the commit can say what was written.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import re
import shutil
import signal
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from gremien_rdf.errors import InputError, command, display_path, fail, option, record_written

MANIFEST = ".gremien-rdf.manifest"
#: the temporary folders of our own writes: `.gremien-rdf-staging-XXXXXXXX` (write_files)
#: and `.NAME.gremien-rdf-staging-XXXXXXXX` (replace_folder; `-old` during a swap without
#: renameat2): a name no one gives a folder of their own
STAGING_MARK = "gremien-rdf-staging-"
STAGING = re.compile(r"^\.(?:.+\.)?gremien-rdf-staging-[a-z0-9_]{8}(?:-old)?$")


#: the checksum list of a build of gremien-rdf before manifests existed (version 0.1.0), and
#: exactly the files it lists there: only such a folder is taken over without a manifest
LEGACY_SUMS = "SHA256SUMS"
LEGACY_FILES = frozenset({
    "gremien.ttl", "gremien.jsonld", "gremien.nt", "gremien.ttl.gz", "gremien.jsonld.gz",
    "gremien.nt.gz", "context.jsonld", "ontology.ttl", "vocabularies.ttl", "void.ttl",
    "catalog.ttl"})


def _leftover(path: Path) -> bool:
    """Whether `path` is a temporary folder that a killed run of gremien-rdf left (those of
    gremien-rdf 0.1.0, named like a user's folder might be, are not taken for one: a
    0.1.0 leftover inside dist/ is carried over like a folder of the user's)."""
    return bool(STAGING.match(path.name))


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def refuse_inputs(inputs: Iterable[Path | None], files: Iterable[Path] = (),
                  folder: Path | None = None) -> None:
    """An InputError if one of `files`, or `folder`, is or holds one of the `inputs`."""
    for source in (Path(p) for p in inputs if p is not None):
        for target in files:
            if _same(source, target):
                raise fail(None, f"the output {display_path(target)} is also an input of "
                           "this command: writing it would destroy what is read",
                           "write the output to another file")
        if folder is not None and _inside(source, folder):
            raise fail(None, f"the input {display_path(source)} lies inside the output "
                       f"folder {display_path(folder)}, which is replaced as a whole",
                       "keep inputs outside the output folder, or choose another "
                       + option("output"))


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on `folder` (flock on POSIX): one writer at a time there."""
    folder.mkdir(parents=True, exist_ok=True)
    lock = os.open(folder, os.O_RDONLY)
    try:
        try:
            import fcntl  # POSIX only

            fcntl.flock(lock, fcntl.LOCK_EX)
        except ImportError:
            pass
        yield
    finally:
        os.close(lock)


def _lock_folder(folder: Path) -> Path:
    """The folder whose lock guards writes into `folder`: the parent of the output folder of
    gremien-rdf (the one with a manifest) that holds `folder`, which replace_folder locks
    while it swaps; else `folder` itself. So a report written into dist/site/ waits for a
    build that is replacing dist/, and is not swapped away with the old folder."""
    builds = _builds_holding(folder)
    return builds[-1].parent if builds else folder


def _builds_holding(path: Path) -> list[Path]:
    """The output folders of gremien-rdf (with a manifest) that hold `path`, innermost
    first."""
    return [folder for folder in (path, *path.parents) if (folder / MANIFEST).is_file()]


def _output_path(path: Path) -> Path:
    """Where a file of `write_files` goes: `path`, or the regular file a symbolic link
    names (the link stays a link); InputError for a link to anything else (/dev/stdout to
    a pipe), or for a file that belongs to a build of gremien-rdf (its manifest lists it:
    the next build would find it changed)."""
    hop, hops = path.absolute(), 0
    while True:  # a link through /dev or /proc (/dev/stdout is the shell's redirection)
        if str(hop).startswith(("/dev/", "/proc/")):
            raise fail(None, f"the output {display_path(path)} is (or leads to) {hop}, not "
                       "a file", f"leave {option('output')} out to write to standard output")
        if not hop.is_symlink() or hops > 40:
            break
        hop, hops = hop.parent / os.readlink(hop), hops + 1
    if path.is_symlink():
        target = path.resolve()
        if target.exists() and not target.is_file() or not target.parent.is_dir():
            raise fail(None, f"the output {display_path(path)} is a symbolic link to "
                       f"{display_path(target)}, which is not a regular file",
                       f"give a file as {option('output')} (leave {option('output')} out to "
                       "write to standard output)")
        path = target
    for build in _builds_holding(path.parent.absolute()):
        name = path.absolute().relative_to(build).as_posix()
        if name == MANIFEST or name in _manifest(build):
            raise fail(None, f"{display_path(path)} is a file of the build in "
                       f"{display_path(build)}: writing it would spoil the build (the next "
                       "run finds it changed)", "write the output elsewhere")
    return path


@contextlib.contextmanager
def _staging(parent: Path, prefix: str, restore: Path | None = None,
             lock: bool = True) -> Iterator[Path]:
    """A new temporary folder in `parent`, under an exclusive lock on `parent` (unless the
    caller holds it: `lock` False); the temporary folders that killed runs left there are
    removed first. If `restore` is missing and a run was killed in the middle of a swap by
    two renames (where renameat2 is not there), its old folder, set aside as `…-old`, is
    renamed back first."""
    with _locked(parent) if lock else contextlib.nullcontext():
        for entry in sorted(parent.iterdir()):
            if not (entry.name.startswith(prefix) and _leftover(entry)):
                continue
            if restore is not None and entry.name.endswith("-old") and not restore.exists():
                os.rename(entry, restore)
            else:
                _remove(entry)
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=prefix))
        try:
            yield staging
        finally:
            _remove(staging)


@contextlib.contextmanager
def _commit() -> Iterator[None]:
    """Ctrl-C held back while a write is committed and recorded: the error message then says
    truly whether it was written."""
    blocked = hasattr(signal, "pthread_sigmask")
    if blocked:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _remove(path: Path) -> None:
    """Remove a folder and all it holds, read-only folders (kept with their modes from a
    user's folder) included: where permission is refused, the mode of a folder inside
    `path` (never `path`'s parent, nor anything outside it) is opened for the owner, and
    the step tried again. A mount point inside is never entered (its volume is not ours).
    What cannot be removed stays, to be tried by the next run."""
    root = os.path.abspath(path)
    if _mounts_inside(Path(root)):
        return

    def inside(name: str) -> bool:
        return name == root or name.startswith(root + os.sep)

    def opened(function, name, excinfo) -> None:
        if not issubclass(excinfo[0], PermissionError):
            return
        name = os.path.abspath(name)
        try:
            for folder in (os.path.dirname(name), name):
                if inside(folder) and os.path.isdir(folder) and not os.path.islink(folder):
                    os.chmod(folder, stat.S_IRWXU)
            if function in (os.rmdir, os.unlink, os.remove):
                function(name)
            elif inside(name) and name != root:  # a folder that could not be listed
                shutil.rmtree(name, onerror=opened)
        except OSError:
            pass

    shutil.rmtree(path, onerror=opened)


def _mounts_inside(folder: Path) -> list[str]:
    """The mount points at or below `folder` (bind mounts too, which os.path.ismount does
    not see: they are read from /proc/self/mountinfo where there is one)."""
    root = os.path.realpath(folder)
    points: list[str] = []
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as table:
            for line in table:
                fields = line.split()
                if len(fields) > 4:
                    point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), fields[4])
                    if point == root or point.startswith(root.rstrip("/") + "/"):
                        points.append(point)
    except OSError:  # not Linux: what os.path.ismount sees
        points = [top for top, _, _ in os.walk(folder) if os.path.ismount(top)]
    return points


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def write_files(files: Iterable[tuple[Path, bytes]], inputs: Iterable[Path | None] = ()
                ) -> list[Path]:
    """Write all files or none; none of them may be one of `inputs`.

    Every file is written into a temporary folder beside its target first; only when all
    are written are they moved into place. A target that is not a file (a folder of that
    name, say) stops the write before anything is replaced. Files get the usual mode
    (0666 less the umask), so that a web server can read what is published.
    """
    pending = [(_output_path(Path(path)), data) for path, data in files]
    refuse_inputs(inputs, [path for path, _ in pending])
    for path, _ in pending:
        if path.exists() and not path.is_file():
            raise OSError(errno.EISDIR, "is not a file; move it away or choose another "
                          + option("output"), str(path))
    umask = _umask()
    folders = {path.parent.resolve() for path, _ in pending}  # one lock per folder
    with contextlib.ExitStack() as stack:
        # every lock first, in one order (an output folder being replaced, and each target
        # folder), so that two runs never wait for each other in a circle
        for folder in sorted(folders | {_lock_folder(folder) for folder in folders}):
            stack.enter_context(_locked(folder))
        staging: dict[Path, Path] = {}
        moves: list[tuple[Path, Path]] = []
        for path, data in pending:
            folder = path.parent.resolve()
            if folder not in staging:
                staging[folder] = stack.enter_context(
                    _staging(folder, "." + STAGING_MARK, lock=False))
            staged = staging[folder] / path.name
            staged.write_bytes(data)
            staged.chmod(0o666 & ~umask)
            moves.append((staged, path))
        with _commit():  # all moves, or (killed) some: never interrupted half-way
            for staged, path in moves:
                os.replace(staged, path)
                record_written(path)
    return [path for _, path in moves]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_text(digests: dict[str, str]) -> bytes:
    """Digests by path in `sha256sum` format (what `sha256sum -c` reads), sorted by path."""
    return "".join(f"{digest}  {name}\n" for name, digest in sorted(digests.items())).encode()


def checksum_list(files: dict[str, bytes]) -> bytes:
    """The SHA-256 of each file (path → bytes) in `sha256sum` format, sorted by path."""
    return manifest_text({name: sha256(data) for name, data in files.items()})


def read_sums(path: Path) -> dict[str, str]:
    """The entries (path → digest, in the order of their lines) of a file in `sha256sum`
    format; InputError at the first line that is not one (an absolute path or `..` counts
    as not one) or that lists a path again."""
    from gremien_rdf.errors import Position

    try:
        lines = path.read_text("utf-8").splitlines()
    except UnicodeDecodeError:
        raise fail(Position(str(path), 1), f"{path.name} is not UTF-8 text",
                   f"run {command('build')} again") from None
    sums: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        digest, sep, name = line.partition("  ")
        if not sep or not re.fullmatch(r"[0-9a-f]{64}", digest) or not name \
                or name.startswith("/") or ".." in name.split("/"):
            raise fail(Position(str(path), number), f"not a line of sha256sum: {line!r}",
                       f"run {command('build')} again")
        if name in sums:
            raise fail(Position(str(path), number), f"{name} is listed twice",
                       f"run {command('build')} again")
        sums[name] = digest
    return sums


def _sums_or_none(path: Path) -> dict[str, str] | None:
    try:
        return read_sums(path) if path.is_file() else None
    except (InputError, OSError):
        return None


def _digest(path: Path) -> str | None:
    """The SHA-256 of a regular file, read in pieces; None for anything else."""
    if path.is_symlink() or not path.is_file():
        return None
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


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

    mounts = set(_mounts_inside(folder))
    for top, dirs, names in os.walk(folder, onerror=unreadable):
        here = Path(top).relative_to(folder)
        keep = []
        for name in sorted(dirs):
            path = Path(top) / name
            if _leftover(path):
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


def _plan(folder: Path, files: dict[str, bytes], scope: str) -> _Plan:
    """Which entries of the existing `folder` are ours and which are the user's; an
    InputError where the new files would overwrite or delete something that is not ours."""
    plan = _Plan()
    if not folder.exists():
        return plan
    found, folders = _entries(folder)
    if (folder / MANIFEST).is_file():
        manifest = _manifest(folder)
    else:
        manifest = _legacy_manifest(folder, found, files)
    new_folders = {parent.as_posix() for name in files for parent in Path(name).parents}
    for name in found:
        shown = display_path(folder / name)
        if name in manifest:  # only files of ours are read: the user's may be large
            digest = _digest(folder / name)
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


def _legacy_manifest(folder: Path, found: list[str], files: dict[str, bytes]) -> dict[str, str]:
    """For a folder without a manifest: a build of 0.1.0 (its SHA256SUMS lists exactly the
    files 0.1.0 wrote, and checks out) counts as ours, with its site files that this run
    writes again; an empty folder is fine; anything else is refused."""
    if not found:
        return {}
    sums = _sums_or_none(folder / LEGACY_SUMS)
    if sums is not None and set(sums) == LEGACY_FILES and all(
            _digest(folder / name) == digest for name, digest in sums.items()):
        ours = {name: digest for name, digest in sums.items()}
        ours[LEGACY_SUMS] = _digest(folder / LEGACY_SUMS) or ""
        for name in found:
            if name.startswith("site/") and name in files:
                # 0.1.0 kept no hashes of its site: a site file is ours only if it is the
                # same as this run writes; else it may be the user's
                if _digest(folder / name) != sha256(files[name]):
                    raise fail(None, f"{display_path(folder)} is a build of gremien-rdf "
                               f"0.1.0, whose site files cannot be told from yours "
                               f"({display_path(folder / name)} differs from the new one)",
                               f"move {display_path(folder)} away once (keep what is yours) "
                               "and run again")
                ours[name] = _digest(folder / name) or ""
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
        _manifest(folder)


def _manifest(folder: Path) -> dict[str, str]:
    """The manifest of an earlier run in `folder`; InputError if it is damaged."""
    try:
        if (folder / MANIFEST).is_symlink():
            raise fail(None, f"{MANIFEST} is a symbolic link")
        return read_sums(folder / MANIFEST)
    except InputError as error:
        problem = error.problems[0]
        raise fail(problem.position, f"{problem.message}: the manifest of "
                   f"{display_path(folder)} is damaged, so gremien-rdf cannot tell its "
                   "files from yours", f"move {display_path(folder)} away (or delete it "
                   "if it holds nothing of yours) and run again") from None


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


def replace_folder(folder: Path, files: dict[str, bytes], scope: str = "",
                   inputs: Iterable[Path | None] = ()) -> list[Path]:
    """Replace `folder` by one that holds `files` (relative path → bytes), atomically.

    With `scope` (a path prefix such as "site/"), only the files of an earlier run below it
    are replaced; the earlier run's other files are carried over. Files the user added
    are always carried over. The new folder is written beside the old one and swapped in
    with one rename, so that a reader, or a run killed at any point, sees the old folder
    or the new one, complete.
    """
    folder = Path(os.path.abspath(folder))
    check_output_folder(folder, inputs)
    umask = _umask()
    outer = _lock_folder(folder.parent.resolve())  # a build inside a build: its writers'
    with _locked(outer) if outer != folder.parent.resolve() else contextlib.nullcontext(), \
            _staging(folder.parent, f".{folder.name}.{STAGING_MARK}", restore=folder) as staging:
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
            target.write_bytes(data)
            target.chmod(0o666 & ~umask)
            digests[name] = sha256(data)
        (staging / MANIFEST).write_bytes(manifest_text(digests))
        (staging / MANIFEST).chmod(0o666 & ~umask)
        for name, mode in reversed(plan.own_modes.items()):  # set last: 0500 stops writes
            (staging / name).chmod(mode)
        staging.chmod(0o777 & ~umask)
        if _snapshot(folder) != seen:  # another program wrote into it (outside our locks) meanwhile
            raise fail(None, f"{display_path(folder)} changed while this run wrote the new "
                       "one: another program wrote into it", "run again when it is done")
        with _commit():
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
