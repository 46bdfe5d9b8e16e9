"""Writing what a command produces: all of it or nothing, never over its own inputs, and
never over files that gremien-rdf did not write.

- `write_files` writes single files (a draft YAML and its repair log, a report): each is
  written beside its target first and moved into place only when all are written.
- `replace_folder` (in swap.py) replaces an output folder (dist/) by a new one, swapped in
  with one rename. The folder's manifest (`.gremien-rdf.manifest`, in `sha256sum` format)
  lists every file an earlier run wrote, with its SHA-256. Only those files are removed or replaced;
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
import errno
import os
import re
import shutil
import signal
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from gremien_rdf.digests import FileData, digest_of
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


def is_leftover(path: Path) -> bool:
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
def locked(folder: Path) -> Iterator[None]:
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


def lock_folder(folder: Path) -> Path:
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
        if name == MANIFEST or name in read_manifest(build):
            raise fail(None, f"{display_path(path)} is a file of the build in "
                       f"{display_path(build)}: writing it would spoil the build (the next "
                       "run finds it changed)", "write the output elsewhere")
    return path


@contextlib.contextmanager
def staging_folder(parent: Path, prefix: str, restore: Path | None = None,
             lock: bool = True) -> Iterator[Path]:
    """A new temporary folder in `parent`, under an exclusive lock on `parent` (unless the
    caller holds it: `lock` False); the temporary folders that killed runs left there are
    removed first. If `restore` is missing and a run was killed in the middle of a swap by
    two renames (where renameat2 is not there), its old folder, set aside as `…-old`, is
    renamed back first."""
    with locked(parent) if lock else contextlib.nullcontext():
        for entry in sorted(parent.iterdir()):
            if not (entry.name.startswith(prefix) and is_leftover(entry)):
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
def committing() -> Iterator[None]:
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
    if mounts_inside(Path(root)):
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


def mounts_inside(folder: Path) -> list[str]:
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


def current_umask() -> int:
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
    umask = current_umask()
    folders = {path.parent.resolve() for path, _ in pending}  # one lock per folder
    with contextlib.ExitStack() as stack:
        # every lock first, in one order (an output folder being replaced, and each target
        # folder), so that two runs never wait for each other in a circle
        for folder in sorted(folders | {lock_folder(folder) for folder in folders}):
            stack.enter_context(locked(folder))
        staging: dict[Path, Path] = {}
        moves: list[tuple[Path, Path]] = []
        for path, data in pending:
            folder = path.parent.resolve()
            if folder not in staging:
                staging[folder] = stack.enter_context(
                    staging_folder(folder, "." + STAGING_MARK, lock=False))
            staged = staging[folder] / path.name
            staged.write_bytes(data)
            staged.chmod(0o666 & ~umask)
            moves.append((staged, path))
        with committing():  # all moves, or (killed) some: never interrupted half-way
            for staged, path in moves:
                os.replace(staged, path)
                record_written(path)
    return [path for _, path in moves]


def manifest_text(digests: dict[str, str]) -> bytes:
    """Digests by path in `sha256sum` format (what `sha256sum -c` reads), sorted by path."""
    return "".join(f"{digest}  {name}\n" for name, digest in sorted(digests.items())).encode()


def checksum_list(files: dict[str, FileData]) -> bytes:
    """The SHA-256 of each file (path → bytes or Spooled) in `sha256sum` format, sorted by
    path."""
    return manifest_text({name: digest_of(data) for name, data in files.items()})


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


def sums_or_none(path: Path) -> dict[str, str] | None:
    try:
        return read_sums(path) if path.is_file() else None
    except (InputError, OSError):
        return None


def read_manifest(folder: Path) -> dict[str, str]:
    """The manifest of an earlier run in `folder`; InputError if it is damaged."""
    try:
        if (folder / MANIFEST).is_symlink():
            raise fail(None, f"{MANIFEST} is a symbolic link")
        return read_sums(folder / MANIFEST)
    except InputError as error:
        problem = error.problems[0]
        raise fail(problem.position, f"{problem.message_template}: the manifest of "
                   f"{display_path(folder)} is damaged, so gremien-rdf cannot tell its "
                   "files from yours", f"move {display_path(folder)} away (or delete it "
                   "if it holds nothing of yours) and run again") from None
