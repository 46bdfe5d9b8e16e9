"""The command line's standard streams and errors: stdout and stderr guarded, so that a full
or closed stream is exit 4 (or 141, quietly, when the reader went away); the errors a user
can fix turned into a message and the exit code."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sys
from pathlib import Path
from typing import IO, Any, cast

import click

from gremien_rdf.cli.options import F

EXIT_INTERRUPTED = 130


EXIT_BROKEN_PIPE = 141


class StreamError(Exception):
    """Standard output or standard error could not be written (a subclass of no OSError,
    so that click does not turn it into exit 1)."""

    def __init__(self, error: OSError, stream: str):
        super().__init__(error.strerror or str(error))
        self.errno = error.errno
        self.stream = stream


class _Failure:
    """The first failure to write one standard stream, shared by its guarded views."""

    __slots__ = ("error",)

    def __init__(self) -> None:
        self.error: OSError | None = None


class _Guarded:
    """sys.stdout or sys.stderr (text, or bytes as `.buffer`) that notes its first failure to
    write (a closed stream, None, fails at the first write instead of swallowing it).

    The view installed as sys.stdout/sys.stderr raises the OSError as usual, so that the
    libraries that write there (logging, warnings, click's --help) behave as they do; the
    command group checks the noted failure at the end. The strict view (`strict()`), which
    gremien-rdf's own output uses, raises StreamError instead. No __dict__ and no weak
    references (__slots__): click caches streams in a WeakKeyDictionary, which would keep
    every guard of every test run alive."""

    __slots__ = ("_stream", "name", "is_strict", "failure", "written")

    def __init__(self, stream, name: str, is_strict: bool = False,
                 failure: _Failure | None = None):
        self._stream = stream
        self.name = name
        self.is_strict = is_strict
        self.failure = failure or _Failure()
        self.written = 0

    def strict(self) -> _Guarded:
        return _Guarded(self._stream, self.name, True, self.failure)

    def _failed(self, error: OSError) -> Exception:
        if self.failure.error is None:
            self.failure.error = error
        return StreamError(error, self.name) if self.is_strict else error

    def write(self, data):
        if self._stream is None:
            raise self._failed(OSError(errno.EBADF, "it is closed"))
        try:
            count = self._stream.write(data)
        except OSError as error:
            raise self._failed(error) from None
        self.written += len(data)
        return count

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as error:
            raise self._failed(error) from None

    @property
    def buffer(self) -> _Guarded:
        return _Guarded(getattr(self._stream, "buffer", None), self.name, self.is_strict,
                        self.failure)

    def isatty(self) -> bool:
        return bool(self._stream is not None and self._stream.isatty())

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


@contextlib.contextmanager
def guarded_streams():
    """sys.stdout and sys.stderr guarded (see _Guarded) while a command runs; yields the
    two guards."""
    saved = sys.stdout, sys.stderr
    guards = _Guarded(saved[0], "standard output"), _Guarded(saved[1], "standard error")
    sys.stdout, sys.stderr = guards
    try:
        yield guards
    finally:
        sys.stdout, sys.stderr = saved


def _strict(stream) -> _Guarded:
    """The strict view of a guarded standard stream (a failure is a StreamError); a stream
    that is not guarded (a library's caller set its own) is guarded here."""
    if isinstance(stream, _Guarded):
        return stream.strict()
    return _Guarded(stream, "standard output" if stream is sys.stdout else
                    "standard error", True)


def echo(message: str = "", err: bool = False, nl: bool = True, raw: bool = False) -> None:
    """click.echo to the strict view of standard output or error: a failure is a
    StreamError. On a terminal, control characters (of a file name, say) are shown as
    escapes, unless `raw` (a coloured report, whose values are escaped already)."""
    stream = sys.stderr if err else sys.stdout
    if not raw and is_terminal(stream, plain=True):
        from gremien_rdf.characters import printable

        message = printable(message)
    click.echo(message, file=cast(IO[str], _strict(stream)), nl=nl)


def stdout_binary() -> _Guarded:
    """Standard output for bytes, strict."""
    return _strict(sys.stdout).buffer


def _written(writes: bool) -> str:
    """What this run has written, in words, for the last line of an error."""
    from gremien_rdf.errors import display_path, written

    done = written()
    if done:
        return ", ".join(display_path(what) if isinstance(what, Path) else what
                         for what in done) + " " + ("was" if len(done) == 1 else "were") + \
            " written"
    return "nothing was written" if writes else ""


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so that flushing it at exit fails no more."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    except OSError:
        pass


def last_words(text: str, code: int) -> None:
    """`text` on stderr (if stderr can still be written), control characters shown as
    escapes (a file name in it may hold them), then exit with `code`."""
    from gremien_rdf.characters import printable

    try:
        click.echo(printable(text), err=True)
    except (StreamError, OSError):
        pass
    sys.exit(code)


def stream_failed(error: StreamError | BrokenPipeError, writes: bool) -> None:
    """Exit for a standard stream that could not be written: 141, quietly, if its reader
    went away (`| head`), as Unix tools ended by SIGPIPE; else 4, saying what was written."""
    _quiet_stdout()
    if isinstance(error, BrokenPipeError) or error.errno == errno.EPIPE:
        sys.exit(EXIT_BROKEN_PIPE)
    done = _written(writes)
    last_words(f"error: cannot write to {error.stream}: {error}"
                + (f"; {done}" if done else ""), 4)


def exit_if_a_stream_failed(guards: tuple[_Guarded, _Guarded]) -> None:
    """Exit 4 (or 141) if writing standard output or error failed anywhere in the run: in
    a library (a warning, a log line, click's help) as well as in gremien-rdf."""
    for guard in guards:
        if guard.failure.error is not None:
            stream_failed(StreamError(guard.failure.error, guard.name), False)


def user_errors(function: F | None = None, *, writes: bool = False) -> Any:
    """Turn the errors a user can fix, a full or closed standard output, and Ctrl-C into a
    message on stderr and the exit code that says what happened (EXIT_CODES). A command
    that `writes` files ends every error with what it wrote, or "nothing was written"."""
    if function is None:
        return functools.partial(user_errors, writes=writes)

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from gremien_rdf.errors import GremienError, ResourceError, forget_written, words

        forget_written()
        try:
            return function(*args, **kwargs)
        except GremienError as error:
            try:
                for problem in error.problems:
                    click.echo(problem.render("cli"), err=True)
            except (StreamError, OSError):
                pass
            count = len(error.problems)
            done = _written(writes)
            defect = (" in a resource file of gremien-rdf, not in your input: please report "
                      "it" if isinstance(error, ResourceError) else "")
            last_words(f"{count} problem{'s' if count != 1 else ''}{defect}"
                        + (f"; {done}" if done else "") + ".", error.exit_code)
        except (StreamError, BrokenPipeError) as error:
            stream_failed(error, writes)
        except KeyboardInterrupt:
            done = _written(writes)
            last_words("interrupted" + (f"; {done}" if done else ""), EXIT_INTERRUPTED)
        except OSError as error:
            for guard in (sys.stdout, sys.stderr):  # a library's write to a standard stream
                if isinstance(guard, _Guarded) and guard.failure.error is error:
                    stream_failed(StreamError(error, guard.name), writes)
            where = f"{error.filename}: ".replace("\n", "\\n") if error.filename else ""
            done = _written(writes)
            last_words(f"error: {where}{words(str(error.strerror or error), 'cli')}"
                        + (f"\n{done}." if done else ""), 2)
        except MemoryError:
            done = _written(writes)
            last_words("error: the input is too large for this machine's memory"
                        + (f"; {done}" if done else ""), 2)

    return wrapper


#: where the command group notes --quiet (in the root context's meta)
QUIET = "gremien_rdf.quiet"


def quiet() -> bool:
    """Whether --quiet was given: no progress display, nothing informational on stderr
    (errors and reports still appear)."""
    context = click.get_current_context(silent=True)
    return bool(context is not None and context.find_root().meta.get(QUIET))


def is_terminal(stream: object, plain: bool = False) -> bool:
    """Whether `stream` is a terminal (and, unless `plain`, colour is not switched off)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and (plain or "NO_COLOR" not in os.environ)
