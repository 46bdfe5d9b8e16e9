"""The progress display: on stderr when it is a terminal (a pseudo-terminal here), for the
steps that run longer than GREMIEN_RDF_PROGRESS_AFTER seconds (2 unless set; 0 here, so
that every step of a small register shows); never on a pipe, never with --quiet; standard
output the same in every case."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CURATED

from gremien_rdf import progress
from gremien_rdf.cli import cli
from gremien_rdf.cli.progress import AFTER, AFTER_VAR, TerminalProgress, after

GREMIEN_RDF = [sys.executable, "-m", "gremien_rdf"]
QUERY = ["query", "run", "bodies-per-land", "--format", "csv", "--source", str(CURATED)]


def run(args: list[str], stderr_on_terminal: bool, seconds: str = "0",
        cwd: Path | None = None) -> tuple[int, bytes, str]:
    """Exit code, standard output (a pipe) and standard error (a pseudo-terminal, or a
    pipe) of `gremien-rdf ARGS…`."""
    env = {**os.environ, AFTER_VAR: seconds}
    if not stderr_on_terminal:
        done = subprocess.run([*GREMIEN_RDF, *args], capture_output=True, env=env,
                              timeout=300, cwd=cwd)
        return done.returncode, done.stdout, done.stderr.decode("utf-8")
    main, child = pty.openpty()
    chunks: list[bytes] = []

    def read() -> None:  # while it runs: a full terminal would stop the writer
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        with subprocess.Popen([*GREMIEN_RDF, *args], stdout=subprocess.PIPE, stderr=child,
                              env=env, cwd=cwd) as process:
            os.close(child)
            stdout, _ = process.communicate(timeout=300)
        reader.join(timeout=10)
    finally:
        os.close(main)
    return process.returncode, stdout, b"".join(chunks).decode("utf-8")


@pytest.fixture(scope="module")
def expected() -> bytes:
    """The query's results, as a script sees them."""
    code, stdout, stderr = run([*QUERY, "--no-cache"], stderr_on_terminal=False)
    assert code == 0 and stderr == ""
    assert stdout.decode("utf-8").splitlines()[0] == "Land (IRI),Land,Bodies"
    return stdout


def test_the_steps_appear_on_a_terminal(expected):
    code, stdout, stderr = run([*QUERY, "--no-cache"], stderr_on_terminal=True)
    assert code == 0 and stdout == expected
    lines = stderr.replace("\r\n", "\n").split("\n")
    # each step's last words: its name and how long it took, after any drawing of it
    finished = [line.rpartition("\r")[2].removesuffix("\x1b[K") for line in lines]
    names = [line.partition(": ")[0] for line in finished if line.endswith(" s")]
    assert names == ["reading the register", "converting it to RDF",
                     "loading the graph into pyoxigraph"]


def test_the_cache_step_appears_when_the_cache_is_written(expected):
    code, stdout, stderr = run(QUERY, stderr_on_terminal=True)
    assert code == 0 and stdout == expected
    assert "keeping the graph in the cache: " in stderr
    code, stdout, stderr = run(QUERY, stderr_on_terminal=True)  # from the cache: no step
    assert code == 0 and stdout == expected and stderr == ""


def test_nothing_appears_on_a_pipe_or_with_quiet(expected):
    code, stdout, stderr = run([*QUERY, "--no-cache"], stderr_on_terminal=False)
    assert (code, stdout, stderr) == (0, expected, "")
    for flag in ("--quiet", "-q"):
        code, stdout, stderr = run([flag, *QUERY, "--no-cache"], stderr_on_terminal=True)
        assert (code, stdout, stderr) == (0, expected, "")


def test_the_threshold_hides_short_steps(expected):
    code, stdout, stderr = run([*QUERY, "--no-cache"], stderr_on_terminal=True,
                               seconds="3600")
    assert (code, stdout, stderr) == (0, expected, "")


def test_quiet_silences_the_name_of_the_register_in_use(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "gremien.yaml").write_bytes(CURATED.read_bytes())
    args = ["query", "run", "laender-without-body", "--format", "csv"]
    code, stdout, stderr = run(args, stderr_on_terminal=True, seconds="3600", cwd=tmp_path)
    assert code == 0 and stdout.startswith(b"Land (IRI),Land\r\n")
    assert stderr == "register: data/gremien.yaml (found in the working folder)\r\n"
    assert run(["-q", *args], stderr_on_terminal=True, seconds="3600", cwd=tmp_path) == \
        (0, stdout, "")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_step_of_known_length_is_a_bar():
    screen = Terminal()
    with TerminalProgress(screen, seconds=0) as display, progress.showing(display), \
            progress.step("counting", total=40) as advance:
        for _ in range(40):
            advance(1)
        deadline = time.monotonic() + 10
        while "40/40" not in screen.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
    shown = screen.getvalue()
    assert "counting  [####################################]  40/40  100%" in shown
    assert shown.endswith("\rcounting: " + shown.rpartition("\rcounting: ")[2])
    assert shown.endswith(" s\x1b[K\n\x1b[?25h")  # the cursor shown again


def test_without_a_display_a_step_shows_nothing(capsys):
    with progress.step("counting", total=3) as advance:
        advance(3)
    assert capsys.readouterr() == ("", "")


def test_the_threshold_comes_from_the_environment(monkeypatch):
    assert after() == AFTER == 2.0
    monkeypatch.setenv(AFTER_VAR, "0.5")
    assert after() == 0.5
    for unusable in ("", " ", "soon", "-1", "nan", "inf"):
        monkeypatch.setenv(AFTER_VAR, unusable)
        result = CliRunner().invoke(cli, ["query", "list"])
        assert result.exit_code == 2 and result.stdout == ""
        assert f"Error: {AFTER_VAR}={unusable!r} is no number of seconds (0 or more); " \
               f"unset it (unset {AFTER_VAR}) or give it e.g. 2" in result.stderr
