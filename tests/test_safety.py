"""Careless and hostile input (issue #10, point 8): outputs never destroy inputs or files of
the user's, a killed run is cleaned up, exit codes say what happened, and a server can
neither hang gremien-rdf, nor flood its memory, nor make it print secrets or escape
sequences, nor receive an update or a SERVICE call by mistake."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import shutil
import signal
import socket
import socketserver
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import (
    BASE,
    CURATED,
    KILLER,
    RAW_TABLE,
    SETTINGS,
    copy_resources,
    digests,
    run_on_terminal,
    serving,
    use_credentials,
    use_netrc,
)
from shared_files import require

from gremien_rdf.cli import cli
from gremien_rdf.errors import InputError, RemoteError
from gremien_rdf.publishing.files import LEGACY_FILES, MANIFEST, STAGING
from gremien_rdf.publishing.swap import replace_folder
from gremien_rdf.queries.results import write_results
from gremien_rdf.validation.validate import validate_paths

GREMIEN_RDF = [sys.executable, "-m", "gremien_rdf"]


def invoke(*args: str, **kwargs):
    return CliRunner().invoke(cli, [str(a) for a in args], **kwargs)


# --- outputs and inputs -------------------------------------------------------------------


def test_an_output_is_never_an_input(tmp_path):
    raw = tmp_path / "raw.txt"
    shutil.copy(RAW_TABLE, raw)
    curated = tmp_path / "curated.yaml"
    shutil.copy(CURATED, curated)
    (tmp_path / "hard.txt").hardlink_to(raw)
    (tmp_path / "link.yaml").symlink_to(curated)
    before = digests(tmp_path)
    for args in (["import", raw, "--output", raw],
                 ["import", raw, "--output", tmp_path / "d.yaml", "--repairs", raw],
                 ["import", raw, "--curated", curated, "--output", curated],
                 ["import", raw, "--output", tmp_path / "hard.txt"],
                 ["import", raw, "--curated", curated, "--output", tmp_path / "link.yaml"],
                 ["validate", curated, "--output", curated],
                 ["validate", curated, "--output", tmp_path / "link.yaml"]):
        result = invoke(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "is also an input of this command" in result.output
        assert result.output.rstrip().endswith("nothing was written.")
        assert digests(tmp_path) == before, args


@pytest.mark.slow
def test_build_refuses_an_input_inside_its_output(tmp_path, dist):
    out = tmp_path / "dist"
    shutil.copytree(dist, out)  # an earlier build (the session's, copied)
    source = out / "mine.yaml"
    shutil.copy(CURATED, source)
    before = digests(out)
    for args in (["build", source, "--output", out], ["site", source, "--output", out],
                 ["build", "--settings", shutil.copy(SETTINGS, out / "p.yaml"), "--output",
                  out]):
        result = invoke(*args)
        assert result.exit_code == 2, result.output
        assert "lies inside the output folder" in result.output
    (out / "p.yaml").unlink()
    assert digests(out) == before


def user_files(out: Path) -> dict[str, bytes]:
    return {"site/CNAME": b"gremien.example.org\n", "site/uploads/notes.txt": b"mine\n",
            "site/gremium/extra.html": b"<p>a page of my own</p>\n", "README.mine": b"x\n"}


@pytest.mark.slow
def test_files_the_user_added_are_kept_by_build_and_site(tmp_path, dist):
    out = tmp_path / "dist"
    shutil.copytree(dist, out)  # an earlier build (the session's, copied)
    ours = digests(out)
    for name, data in user_files(out).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    (out / "site" / "empty-folder").mkdir()
    for command in ("build", "site", "build"):
        result = invoke(command, "--output", out)
        assert result.exit_code == 0, result.output
        for name, data in user_files(out).items():
            assert (out / name).read_bytes() == data, (command, name)
        assert (out / "site" / "empty-folder").is_dir()
    manifest = (out / MANIFEST).read_text("utf-8")
    assert not any(name in manifest for name in user_files(out))
    assert {name: digest for name, digest in digests(out).items()
            if name not in user_files(out)} == ours  # the same build again
    check = subprocess.run(["sha256sum", "--check", "--strict", "--quiet", MANIFEST], cwd=out,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.slow
def test_a_changed_file_of_ours_is_never_overwritten_or_deleted(tmp_path, dist):
    out = tmp_path / "dist"
    shutil.copytree(dist, out)  # an earlier build (the session's, copied)
    with (out / "site" / "index.html").open("a", encoding="utf-8") as page:
        page.write("<!-- my change -->\n")
    before = digests(out)
    for command in ("build", "site"):
        result = invoke(command, "--output", out)
        assert result.exit_code == 2, result.output
        assert "site/index.html was changed after gremien-rdf wrote it" in result.output
        assert digests(out) == before


def test_a_file_of_the_users_where_the_run_writes_one_is_refused(tmp_path):
    folder = tmp_path / "out"
    replace_folder(folder, {"a.ttl": b"a", "sub/b.ttl": b"b"})
    (folder / "c.ttl").write_bytes(b"mine")
    with pytest.raises(InputError, match="c.ttl was not written by gremien-rdf"):
        replace_folder(folder, {"a.ttl": b"a2", "c.ttl": b"c"})
    (folder / "c.ttl").unlink()
    (folder / "sub" / "d").mkdir()
    with pytest.raises(InputError, match="is a folder where this run writes a file"):
        replace_folder(folder, {"a.ttl": b"a2", "sub/d": b"d"})
    assert (folder / "a.ttl").read_bytes() == b"a"
    replace_folder(folder, {"a.ttl": b"a3"})  # sub/b.ttl was ours: gone; sub/d is kept
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == [
        MANIFEST, "a.ttl", "sub", "sub/d"]


def test_a_folder_that_is_no_build_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = invoke("build", "--output", tmp_path)
    assert result.exit_code == 2
    assert "notes.txt was not written by gremien-rdf" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def as_0_1_0(dist: Path, out: Path) -> None:
    """A copy of `dist` at `out` as gremien-rdf 0.1.0 left it: no manifest, only its files
    at the top (no tables), its SHA256SUMS listing just those."""
    shutil.copytree(dist, out)
    (out / MANIFEST).unlink()
    for path in out.iterdir():
        if path.is_file() and path.name not in (*LEGACY_FILES, "SHA256SUMS"):
            path.unlink()
    sums = (out / "SHA256SUMS").read_text().splitlines(keepends=True)
    (out / "SHA256SUMS").write_text("".join(
        line for line in sums if line.rstrip("\n").split("  ", 1)[1] in LEGACY_FILES))


@pytest.mark.slow
def test_an_earlier_build_without_a_manifest_is_taken_over(tmp_path, dist):
    """Builds of gremien-rdf 0.1.0 had no manifest; their SHA256SUMS vouches for them."""
    out = tmp_path / "dist"
    as_0_1_0(dist, out)
    (out / "site" / "CNAME").write_bytes(b"gremien.example.org\n")
    result = invoke("build", "--output", out)
    assert result.exit_code == 0, result.output
    assert (out / "site" / "CNAME").read_bytes() == b"gremien.example.org\n"
    assert "site/CNAME" not in (out / MANIFEST).read_text("utf-8")
    (out / MANIFEST).unlink()
    (out / "gremien.nt").write_bytes(b"changed")  # SHA256SUMS no longer vouches
    result = invoke("build", "--output", out)
    assert result.exit_code == 2
    assert "is no earlier build" in result.output


def test_a_checksum_list_of_the_users_own_makes_no_build(tmp_path):
    """Only a SHA256SUMS that lists exactly the files of gremien-rdf 0.1.0 vouches for a
    folder without a manifest."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "thesis.pdf").write_bytes(b"%PDF-1.7 years of work")
    sums = subprocess.run(["sha256sum", "thesis.pdf"], cwd=folder, capture_output=True,
                          check=True).stdout
    (folder / "SHA256SUMS").write_bytes(sums)
    result = invoke("build", "--output", folder)
    assert result.exit_code == 2, result.output
    assert "is no earlier build" in result.output
    assert (folder / "thesis.pdf").read_bytes() == b"%PDF-1.7 years of work"


@pytest.mark.slow
def test_a_folder_set_aside_by_a_killed_swap_is_put_back(tmp_path, dist):
    """Without renameat2 the swap is two renames; killed between them, dist/ is missing and
    the old build waits as .dist.gremien-rdf-…-old. The next run puts it back first (and
    so keeps the user's files in it), instead of removing it as a leftover."""
    out = tmp_path / "dist"
    shutil.copytree(dist, out)
    (out / "site" / "CNAME").write_bytes(b"mine\n")
    out.rename(tmp_path / ".dist.gremien-rdf-staging-k1ll3d0x-old")
    (tmp_path / ".dist.gremien-rdf-staging-n3wbu1ld").mkdir()  # the new build, never swapped
    result = invoke("build", "--output", out)
    assert result.exit_code == 0, result.output
    assert (out / "site" / "CNAME").read_bytes() == b"mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["dist"]


@pytest.mark.slow
def test_the_working_folder_is_never_replaced(tmp_path, dist, monkeypatch):
    out = tmp_path / "dist"
    shutil.copytree(dist, out)  # an earlier build (the session's, copied)
    before = digests(out)
    monkeypatch.chdir(out)
    for args in (["build", "--output", "."], ["site", "--output", "."]):
        result = invoke(*args)
        assert result.exit_code == 2, result.output
        assert "you are working inside" in result.output
        assert "cd .." in result.output
    monkeypatch.chdir(out / "site")
    assert invoke("build", "--output", "..").exit_code == 2
    assert digests(out) == before


@pytest.mark.parametrize("args", [
    ["build", "--output", ""], ["build", "--settings", ""], ["build", "--base-iri", ""],
    ["build", ""], ["site", "--output", ""], ["validate", "--output", ""], ["validate", ""],
    ["import", "x.txt", "--output", ""], ["import", "x.txt", "--repairs", ""],
    ["import", "x.txt", "--curated", ""], ["import", ""],
    ["query", "run", "bodies-per-land", "--graph", "", "--endpoint", "http://127.0.0.1:1/q"],
    ["query", "run", "bodies-per-land", "--endpoint", ""],
    ["query", "run", "bodies-per-land", "--source", ""],
    ["publish", "--endpoint", "http://127.0.0.1:1/store", "--graph", ""],
    ["publish", "--endpoint", ""], ["publish", "--endpoint", "http://127.0.0.1:1/s", "--dist", ""],
], ids=lambda args: " ".join(a or "''" for a in args))
def test_an_empty_value_is_an_error_everywhere(args, tmp_path, monkeypatch):
    """An unset shell variable ($GRAPH, $OUT) must not quietly mean a default or '.'."""
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert "must not be empty" in result.output
    assert list(tmp_path.iterdir()) == []


# --- killed and interrupted runs, exit codes ------------------------------------------------

#: the first line of a script that sends itself Ctrl-C: Python's own handler for SIGINT
#: (KeyboardInterrupt), which Python does not install when it starts with SIGINT ignored. A
#: shell without job control starts a background job (`make test &`) so, and the ignoring is
#: inherited by pytest and its children: the script's Ctrl-C was then lost and the run
#: ended with 0 (four tests failed when `make test` ran in the background). A reader who
#: presses Ctrl-C on a terminal has the handler.
CTRL_C_HANDLED = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler)\n"
#: like conftest's KILLER, but sends itself SIGINT (Ctrl-C) at the moment, without dying
INTERRUPTER = CTRL_C_HANDLED + KILLER.replace("os.kill(os.getpid(), signal.SIGKILL)",
                                              "os.kill(os.getpid(), signal.SIGINT)")


@pytest.mark.slow
def test_a_killed_site_run_is_cleaned_up_by_the_next_build(tmp_path, dist):
    out = tmp_path / "dist"
    shutil.copytree(dist, out)  # an earlier build (the session's, copied)
    before = digests(out)
    killed = subprocess.run([sys.executable, "-c", KILLER, "write", "100", "site", "--output",
                             str(out)], capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert digests(out) == before
    assert any(".gremien-rdf-" in p.name for p in tmp_path.iterdir())  # the leftover
    # and what a killed `site` of gremien-rdf 0.1.0 left inside dist/ (named as a folder of
    # the user's might be: carried over, never deleted, and no longer in the way)
    (out / ".site.gremien-rdf-k1ll3d0x" / "gremium").mkdir(parents=True)
    result = invoke("build", "--output", out)
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["dist"]
    assert not [p for p in out.rglob("*") if STAGING.match(p.name)]
    assert (out / ".site.gremien-rdf-k1ll3d0x" / "gremium").is_dir()


def test_a_killed_import_is_cleaned_up_by_the_next(tmp_path):
    draft = tmp_path / "drafts" / "gremien.yaml"
    killed = subprocess.run([sys.executable, "-c", KILLER, "write", "2", "import",
                             str(RAW_TABLE), "--output", str(draft)],
                            capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert [p.name for p in draft.parent.iterdir()][0].startswith(".gremien-rdf-")
    assert invoke("import", RAW_TABLE, "--output", draft).exit_code == 0
    assert sorted(p.name for p in draft.parent.iterdir()) == [
        "gremien.repairs.tsv", "gremien.yaml"]


@pytest.mark.slow
@pytest.mark.parametrize("moment, number, written", [
    ("write", 50, False), ("before-swap", 0, True), ("after-swap", 0, True)])
def test_ctrl_c_is_exit_130_and_says_what_was_written(tmp_path, dist, moment, number, written):
    out = tmp_path / "dist"
    shutil.copytree(dist, out)  # an earlier build (the session's, copied)
    (out / "site" / "CNAME").write_bytes(b"mine\n")
    before = digests(out)
    result = subprocess.run([sys.executable, "-c", INTERRUPTER, moment, str(number), "build",
                             "--output", str(out), "--base-iri", "https://example.org/g/"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr
    last = result.stderr.splitlines()[-1]
    assert last == ("interrupted; dist was written" if written else
                    "interrupted; nothing was written")
    assert (digests(out) == before) is not written
    assert (out / "site" / "CNAME").read_bytes() == b"mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["dist"]


#: runs `gremien-rdf ARGS…` and sends itself Ctrl-C right after the first file is moved
#: into place (of the draft and its repair log)
INTERRUPT_BETWEEN_MOVES = CTRL_C_HANDLED + """
import os, signal, sys
from gremien_rdf.cli import cli

replace = os.replace
moved = []

def interrupting(source, target):
    replace(source, target)
    moved.append(target)
    if len(moved) == 1:
        os.kill(os.getpid(), signal.SIGINT)

os.replace = interrupting
cli(sys.argv[1:])
"""


def test_ctrl_c_between_two_files_of_one_write_leaves_both_or_neither(tmp_path):
    result = subprocess.run([sys.executable, "-c", INTERRUPT_BETWEEN_MOVES, "import",
                             str(RAW_TABLE), "--output", str(tmp_path / "gremien.yaml")],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 130, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gremien.repairs.tsv",
                                                          "gremien.yaml"]
    assert result.stderr.splitlines()[-1] == (
        "interrupted; gremien.yaml, gremien.repairs.tsv were written")


@pytest.mark.slow
def test_a_full_standard_output_is_exit_4_and_says_the_build_was_written(tmp_path):
    with open("/dev/full", "w") as full:
        result = subprocess.run([*GREMIEN_RDF, "build", "--output", "dist"], cwd=tmp_path,
                                stdout=full, stderr=subprocess.PIPE, text=True)
    assert result.returncode == 4, result.stderr
    assert result.stderr.splitlines()[-1] == (
        "error: cannot write to standard output: No space left on device; dist was written")
    check = subprocess.run(["sha256sum", "--check", "--strict", "--quiet", "SHA256SUMS"],
                           cwd=tmp_path / "dist", capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


CROSS = """# title: every triple of three bodies
PREFIX gmh: <https://w3id.org/gremien-rdf/def#>
SELECT ?a ?b ?c WHERE { ?a a gmh:Body . ?b a gmh:Body . ?c a gmh:Body }
"""


def test_a_reader_that_goes_away_stops_the_run_quietly(tmp_path):
    (tmp_path / "cross.rq").write_text(CROSS, encoding="utf-8")
    process = subprocess.Popen([*GREMIEN_RDF, "query", "run", "cross.rq", "--format", "csv"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.readline() == b"a,b,c\r\n"
    process.stdout.close()
    assert process.wait(timeout=60) == 141
    assert process.stderr.read() == b""


@pytest.mark.slow
def test_a_huge_result_streams_and_a_table_says_where_it_stops(tmp_path):
    (tmp_path / "cross.rq").write_text(CROSS, encoding="utf-8")
    csv = subprocess.run([*GREMIEN_RDF, "query", "run", "cross.rq", "--format", "csv"],
                         cwd=tmp_path, capture_output=True, check=True)
    assert csv.stdout.count(b"\r\n") == 1 + 44 ** 3
    table = invoke("query", "run", tmp_path / "cross.rq").output.splitlines()
    assert len(table) == 2 + 1000 + 1
    assert table[-1] == ("(the first 1,000 rows; more were left out: --format csv, tsv or "
                         "json gives every row)")


# --- servers ------------------------------------------------------------------------------


class Script(socketserver.BaseRequestHandler):
    """A stand-in server that does one thing to every request (`action`), and counts."""

    action = "ok"
    stored = b""
    then: list[str] = []  # actions for the requests after the first, in turn
    requests: list[bytes] = []
    sent = [0]

    def handle(self) -> None:
        request = b""
        self.request.settimeout(5)
        while b"\r\n\r\n" not in request:
            chunk = self.request.recv(65536)
            if not chunk:
                return
            request += chunk
        head, _, body = request.partition(b"\r\n\r\n")
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length:
            body += self.request.recv(65536)
        type(self).requests.append(head + b"\r\n\r\n" + body)
        action = type(self).action
        if type(self).then:
            type(self).action = type(self).then.pop(0)
        getattr(self, "do_" + action)(head)

    def send(self, data: bytes) -> None:
        self.request.sendall(data)
        type(self).sent[0] += len(data)

    def do_ok(self, head: bytes) -> None:
        body = b'{"head":{"vars":["x"]},"results":{"bindings":[]}}'
        self.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                  b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))

    def trickle(self, start: bytes) -> None:
        """`start`, then a byte every 0.2 s: never silent long enough to time out."""
        try:
            self.send(start)
            for _ in range(300):
                time.sleep(0.2)
                self.send(b" ")
        except OSError:
            pass

    def do_trickle(self, head: bytes) -> None:
        """A status line, then the headers never end."""
        self.trickle(b"HTTP/1.1 200 OK\r\nContent-Type: application/n-triples\r\n")

    def do_trickle_body(self, head: bytes) -> None:
        """Whole headers, then the results never end."""
        self.trickle(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                     b"Content-Length: 100000\r\n\r\n")

    def do_trickle_error(self, head: bytes) -> None:
        """A 500 whose error page never ends."""
        self.trickle(b"HTTP/1.1 500 Oops\r\nContent-Type: text/plain\r\n"
                     b"Content-Length: 100000\r\n\r\n")

    def do_store(self, head: bytes) -> None:
        """A Graph Store that keeps what was PUT and answers GET with it."""
        if head.startswith(b"PUT"):
            type(self).stored = type(self).requests[-1].partition(b"\r\n\r\n")[2]
            self.send(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
            return
        body = b"" if head.startswith(b"HEAD") else type(self).stored
        self.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/n-triples\r\n"
                  b"Content-Length: %d\r\nConnection: close\r\n\r\n%s"
                  % (len(type(self).stored), body))

    def do_flood(self, head: bytes) -> None:
        """SPARQL JSON results without end."""
        row = b'{"x":{"type":"literal","value":"' + b"a" * 1000 + b'"}},'
        try:
            self.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                      b"Connection: close\r\n\r\n"
                      b'{"head":{"vars":["x"]},"results":{"bindings":[')
            for _ in range(2_000_000):  # 2 GB, unless the client hangs up
                self.send(row * 64)
        except OSError:
            pass

    def do_echo(self, head: bytes) -> None:
        """An error page that shows the request (with its Authorization header) and a few
        escape sequences: 401 asking for Basic credentials to a request without them, 400
        to one with them."""
        body = (b"<pre>" + head + b"</pre>\x1b]0;owned\x07\x1b[2J")
        status = b"400 Bad" if b"\r\nauthorization:" in head.lower() else b"401 Who"
        self.send(b"HTTP/1.1 %s\x1b[31mRequest\r\nContent-Type: text/html\r\n"
                  b'WWW-Authenticate: Basic realm="stand-in"\r\n'
                  b"Content-Length: %d\r\nConnection: close\r\n\r\n%s"
                  % (status, len(body), body))

    leaked: list[str] = []

    def do_leak(self, head: bytes) -> None:
        """401 for Basic credentials; given them, an error page that shows the password in
        every encoding a careless server might use."""
        import html
        import json
        from urllib.parse import quote, quote_plus

        basic = next((line.split(b" ", 2)[2] for line in head.split(b"\r\n")
                      if line.lower().startswith(b"authorization: basic ")), None)
        if basic is None:
            body = b"who are you?"
            self.send(b"HTTP/1.1 401 Who\r\nWWW-Authenticate: Basic realm=\"x\"\r\n"
                      b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
            return
        pair = base64.b64decode(basic).decode("utf-8")
        password = pair.split(":", 1)[1]
        forms = [password, quote(password, safe=""), quote(password, safe="").lower(),
                 quote_plus(password), json.dumps(password)[1:-1], html.escape(password),
                 password.encode("utf-8").decode("latin-1"),
                 base64.b64encode(password.encode()).decode(),
                 base64.urlsafe_b64encode(pair.encode()).decode().rstrip("="),
                 json.dumps(pair)[1:-1].replace("/", "\\/"),  # PHP's json_encode
                 html.escape(password).replace("&#x27;", "&#39;")]
        type(self).leaked = forms
        body = " | ".join(forms).encode("utf-8")
        self.send(b"HTTP/1.1 500 Oops\r\nContent-Type: text/plain; charset=utf-8\r\n"
                  b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))

    def do_stale(self, head: bytes) -> None:
        """Digest: a challenge with nonce n1; to an answer for n1 a new nonce n2 with
        stale=true (n1 expired meanwhile); an answer for n2 is taken."""
        nonce = re.search(rb'nonce="([^"]*)"', head)
        if nonce is not None and nonce[1] == b"n2":
            return self.do_ok(head)
        fresh = b'nonce="n2", stale=true' if nonce is not None else b'nonce="n1"'
        self.send(b'HTTP/1.1 401 Who\r\nWWW-Authenticate: Digest realm="r", qop="auth", '
                  + fresh + b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    def do_stale_unknown(self, head: bytes) -> None:
        """Digest with nonce n1; to an answer, stale=true with an algorithm we do not know."""
        algorithm = b', algorithm=SHA-512-256' if b"nonce=" in head else b""
        self.send(b'HTTP/1.1 401 Who\r\nWWW-Authenticate: Digest realm="r", qop="auth", '
                  b'nonce="n2", stale=true' + algorithm +
                  b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    def do_rdfxml(self, head: bytes) -> None:
        """A Graph Store that answers the read-back as RDF/XML, the rest as do_store."""
        if not head.startswith(b"GET"):
            return self.do_store(head)
        body = b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"/>'
        self.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/rdf+xml\r\n"
                  b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))

    def do_starred(self, head: bytes) -> None:
        """SPARQL JSON results whose value is a triple term of triple terms, 50 deep, its
        type written with an escape ("\\u0074riple") that a text search would miss."""
        uri = b'{"type":"uri","value":"http://a"}'
        term = uri
        for _ in range(50):
            term = (b'{"type":"\\u0074riple","value":{"subject":' + term +
                    b',"predicate":' + uri + b',"object":' + uri + b'}}')
        body = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":' + term + b'}]}}'
        self.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                  b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))

    def do_garble(self, head: bytes) -> None:
        """An error page and reason phrase with escape sequences."""
        body = b"<p>no\x1b]0;owned\x07\x1b[2J</p>"
        self.send(b"HTTP/1.1 400 Bad\x1b[31mRequest\r\nContent-Type: text/html\r\n"
                  b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))

    def do_silent(self, head: bytes) -> None:
        time.sleep(20)


@pytest.fixture
def stand_in():
    Script.action, Script.then, Script.requests, Script.sent = "ok", [], [], [0]
    with serving(Script, socketserver.ThreadingTCPServer) as address:
        yield address


def query_file(tmp_path: Path, text: str, name: str = "q.rq") -> Path:
    path = tmp_path / name
    path.write_text("# title: a query\n" + text + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("text", [
    "DROP ALL",
    "CLEAR DEFAULT",
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "INSERT { ?s ?p ?o } WHERE { SELECT ?s ?p ?o WHERE { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    "PREFIX select: <http://x/> # SELECT\nLOAD <http://example.org/x>",
    "\\u0044ROP ALL",  # a codepoint escape, replaced before parsing (SPARQL 1.1, 19.2)
])
def test_an_update_is_never_sent_to_an_endpoint(text, stand_in, tmp_path):
    result = invoke("query", "run", query_file(tmp_path, text), "--endpoint",
                    stand_in + "/query")
    assert result.exit_code == 2, result.output
    assert "SPARQL Update" in result.output
    assert Script.requests == []


def test_a_query_form_other_than_select_is_refused_for_a_stored_query(tmp_path):
    result = invoke("query", "run", query_file(tmp_path, "ASK { ?s ?p ?o }"))
    assert result.exit_code == 2
    assert "only SELECT queries are accepted here, this one is ASK" in result.output


@pytest.mark.slow
def test_service_is_refused_unless_allowed(stand_in, tmp_path):
    path = query_file(tmp_path, f"SELECT * WHERE {{ SERVICE <{stand_in}/sparql> {{ ?s ?p ?o }} }}")
    hidden = query_file(tmp_path, "SELECT * { \\u0053ERVICE SILENT <" + stand_in
                        + "/> { ?s ?p ?o } }", "hidden.rq")
    for extra in ([], ["--endpoint", stand_in + "/query"]):
        for query in (hidden, path):
            result = invoke("query", "run", query, *extra)
            assert result.exit_code == 2, result.output
            assert "calls another server (SERVICE): refused" in result.output
            assert "--allow-service" in result.output
    assert Script.requests == []
    assert invoke("query", "run", path, "--allow-service", "--endpoint",
                  stand_in + "/query").exit_code == 0
    assert [r.split(b" ")[0] for r in Script.requests] == [b"POST"]


@pytest.mark.slow
def test_an_allowed_service_call_in_process_has_a_deadline(stand_in, tmp_path):
    Script.action = "silent"
    path = query_file(tmp_path, f"SELECT * WHERE {{ SERVICE <{stand_in}/sparql> {{ ?s ?p ?o }} }}")
    result = subprocess.run([*GREMIEN_RDF, "query", "run", str(path), "--allow-service",
                             "--timeout", "1"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 3, result.stderr
    assert "did not finish within 1 s" in result.stderr
    assert len(Script.requests) == 1  # it did call the server it was allowed to call


@pytest.mark.slow
@pytest.mark.parametrize("command, action", [
    ("publish", "trickle"), ("query", "trickle"), ("query", "trickle_body")])
def test_a_trickling_server_is_cut_off_at_the_deadline(command, action, stand_in, dist):
    Script.action = action
    args = (["publish", "--endpoint", stand_in + "/store", "--dist", dist] if command ==
            "publish" else ["query", "run", "bodies-per-land", "--endpoint", stand_in + "/q"])
    result = subprocess.run([*GREMIEN_RDF, *map(str, args), "--timeout", "2", "--retries", "0"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 3, result.stderr
    assert "within 2 s" in result.stderr
    assert Script.sent[0] < 200  # it stopped reading long before the server gave up


@pytest.mark.slow
def test_an_error_page_is_read_within_the_deadline_too(stand_in):
    Script.action = "trickle_error"
    result = subprocess.run([*GREMIEN_RDF, "query", "run", "bodies-per-land", "--endpoint",
                             stand_in + "/q", "--timeout", "2", "--retries", "0"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 3, result.stderr
    assert "the endpoint answered 500 Oops" in result.stderr
    assert Script.sent[0] < 200  # it stopped reading the page when the time was up


@pytest.mark.slow
def test_an_answer_cut_off_while_it_arrives_is_tried_again(stand_in, dist):
    """publish reads the graph back whole: a read-back that trickles past the deadline is
    tried again, like a server that does not answer at all."""
    Script.action, Script.then = "store", ["store", "trickle", "store"]  # HEAD, PUT, GET, GET
    result = subprocess.run([*GREMIEN_RDF, "publish", "--endpoint", stand_in + "/store",
                             "--dist", str(dist), "--timeout", "2", "--retries", "1"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert [r.split(b" ")[0] for r in Script.requests] == [b"HEAD", b"PUT", b"GET", b"GET"]


def test_a_query_goes_without_a_head_first(stand_in):
    assert invoke("query", "run", "bodies-per-land", "--endpoint",
                  stand_in + "/q").exit_code == 0
    assert [r.split(b" ")[0] for r in Script.requests] == [b"POST"]


def test_a_failed_service_call_is_a_server_failure(tmp_path):
    path = query_file(tmp_path, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> "
                                "{ ?s ?p ?o } }")
    result = invoke("query", "run", path, "--allow-service", "--timeout", "30")
    assert result.exit_code == 3, result.output
    assert "a server the query calls with SERVICE failed" in result.output


@pytest.mark.slow
def test_a_too_large_answer_is_a_server_failure_found_while_reading(stand_in):
    Script.action = "flood"
    result = subprocess.run([*GREMIEN_RDF, "query", "run", "bodies-per-land", "--endpoint",
                             stand_in + "/q", "--max-size", "1", "--format", "csv"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 3, result.stderr
    assert "the answer is larger than 1 MiB; it was not read to the end" in result.stderr
    time.sleep(0.5)
    assert Script.sent[0] < 64 << 20  # the client hung up long before 2 GB


def test_credentials_a_server_echoes_are_redacted(stand_in, dist, monkeypatch):
    Script.action = "echo"
    password = "s3cret-Pa55word"
    use_credentials(monkeypatch, "editor", password)
    token = base64.b64encode(f"editor:{password}".encode()).decode()
    for args in (["publish", "--endpoint", stand_in + "/store", "--dist", dist],
                 ["query", "run", "bodies-per-land", "--endpoint", stand_in + "/query"]):
        result = invoke(*args)
        assert result.exit_code == 3, result.output
        assert f"Basic {token}".encode() in Script.requests[-1]  # it was sent, to the server
        assert password not in result.output and token not in result.output
        assert "Authorization: ***" in result.output


def test_escape_sequences_from_a_server_are_shown_escaped(stand_in, dist):
    Script.action = "garble"
    result = invoke("publish", "--endpoint", stand_in + "/store", "--dist", dist)
    assert result.exit_code == 3
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b]0;owned\\x07\\x1b[2J" in result.output
    assert "Bad\\x1b[31mRequest" in result.output


def test_results_on_a_terminal_show_control_characters_escaped():
    import pyoxigraph as ox

    answer = (b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal",'
              b'"value":"a\\u001b]0;owned\\u0007b"}}]}}')
    for fmt in ("table", "md", "csv", "tsv", "json"):
        shown, raw = io.BytesIO(), io.BytesIO()
        for out, escape in ((shown, True), (raw, False)):
            solutions = ox.parse_query_results(answer, format=ox.QueryResultsFormat.JSON)
            write_results(solutions, fmt, BASE, out, escape=escape)
        assert b"\x1b" not in shown.getvalue() and b"\x07" not in shown.getvalue(), fmt
        if fmt == "json":  # JSON escapes them itself
            assert b"a\\u001b]0;owned\\u0007b" in shown.getvalue() == raw.getvalue()
        else:
            assert b"a\\x1b]0;owned\\x07b" in shown.getvalue(), fmt
            assert b"a\x1b]0;owned\x07b" in raw.getvalue(), fmt
        # the line ends stay as the format has them (CSV: \r\n), only a lone \r is shown
        assert shown.getvalue().count(b"\n") == raw.getvalue().count(b"\n") > 0, fmt
        assert shown.getvalue().count(b"\r\n") == raw.getvalue().count(b"\r\n"), fmt


@pytest.mark.parametrize("old, new, shown", [
    # a YAML escape (\e) puts ESC into a value: refused, with the text before it
    ("frequency: Einmal jährlich", 'frequency: "Einmal\\e[2J"', "U+001B"),
    # … and into a key, which the message quotes
    ("frequency: Einmal jährlich", '"frequ\\e[2Jency": Einmal jährlich', "frequ\\x1b[2Jency"),
])
def test_a_loading_problem_shows_control_characters_escaped(old, new, shown, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(CURATED.read_text("utf-8").replace(old, new, 1), "utf-8")
    for fmt in ("text", "github"):
        result = invoke("validate", bad, "--format", fmt)
        assert result.exit_code == 2
        assert "\x1b" not in result.output and shown in result.output


# --- validation of RDF files --------------------------------------------------------------


@pytest.mark.slow
def test_findings_in_an_rdf_file_come_from_one_index_of_it(tmp_path, dist, monkeypatch):
    """Every body without its Land: each finding at the body's own subject line, with
    thousands of unrelated lines around them, from one pass over the file."""
    import gremien_rdf.validation.locate as locate
    import gremien_rdf.validation.validate as validate

    lines = (dist / "gremien.ttl").read_text("utf-8").split("\n")
    lines = [line for line in lines if not line.lstrip().startswith("gmh:land ")]
    filler = [f"<urn:x:filler{n}> <urn:x:p> \"{n}\" ." for n in range(20_000)]
    prologue = lines.index("")  # the @base and @prefix lines end with an empty line
    text = "\n".join(lines[:prologue] + filler + lines[prologue:] + filler)
    path = tmp_path / "gremien.ttl"
    path.write_text(text, encoding="utf-8")
    built = []
    original = locate._TermIndex.__init__

    def counting(self, *args):
        built.append(1)
        original(self, *args)

    monkeypatch.setattr(locate._TermIndex, "__init__", counting)
    report = validate.validate_paths([path], BASE)
    missing = [f for f in report.findings if f.property_iri == "gmh:land"]
    assert len(missing) == 44 and built == [1]
    numbered = text.split("\n")
    for finding in missing:
        assert numbered[finding.position.line - 1].startswith(f"<gremium/{finding.body_id}>")


def test_findings_in_a_json_ld_file_point_at_the_body(tmp_path, dist):
    """In JSON-LD a node is a string ("gremium/x"): each finding at the line of its id."""
    import json

    document = json.loads((dist / "gremien.jsonld").read_text("utf-8"))
    for node in document["@graph"]:
        node.pop("land", None)
    path = tmp_path / "gremien.jsonld"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    lines = path.read_text("utf-8").split("\n")
    report = validate_paths([path], BASE)
    missing = [f for f in report.findings if f.property_iri == "gmh:land"]
    assert len(missing) == 44
    for finding in missing:
        assert lines[finding.position.line - 1].strip() == (
            f'"id": "gremium/{finding.body_id}",')


@pytest.mark.parametrize("subject, said, not_said", [
    ("[]", "is a blank node", "--base-iri"),
    ("<urn:x:body>", "are not of the form BASE/gremium/<id>", "--base-iri urn"),
])
def test_a_body_without_a_usable_iri_gets_no_made_up_hint(tmp_path, subject, said, not_said):
    path = tmp_path / "bodies.ttl"
    path.write_text("@prefix gmh: <https://w3id.org/gremien-rdf/def#> .\n"
                    f"{subject} a gmh:Body .\n", encoding="utf-8")
    result = invoke("validate", path)
    assert result.exit_code == 2
    assert said in result.output and not_said not in result.output


def test_hashes_in_the_manifest_are_those_of_the_files(dist):
    for line in (dist / MANIFEST).read_text("utf-8").splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((dist / name).read_bytes()).hexdigest() == digest
    assert len((dist / MANIFEST).read_text("utf-8").splitlines()) == len(
        [p for p in dist.rglob("*") if p.is_file()]) - 1
    assert os.stat(dist / MANIFEST).st_mode & 0o444 == 0o444


# --- the hostile tester's second round -----------------------------------------------------


@pytest.fixture
def resources_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the shipped resources, used through GREMIEN_RDF_RESOURCES."""
    root = copy_resources(tmp_path / "resources")
    monkeypatch.setenv("GREMIEN_RDF_RESOURCES", str(root))
    return root


def test_no_file_a_command_reads_is_ever_an_output(tmp_path, resources_copy, monkeypatch):
    """Not only the paths on the command line: the vocabularies, shapes, ontology, checks
    and settings that every command reads are inputs too."""
    settings = tmp_path / "my-settings.yaml"
    shutil.copy(SETTINGS, settings)
    before = digests(tmp_path)
    for args in (["validate", CURATED, "--output", resources_copy / "publication.yaml"],
                 ["validate", CURATED, "--output",
                  resources_copy / "ontology" / "vocabularies" / "akteure.ttl"],
                 ["validate", CURATED, "--output", resources_copy / "shapes" /
                  "gremien.shapes.ttl"],
                 ["import", RAW_TABLE, "--output",
                  resources_copy / "ontology" / "vocabularies" / "laender.ttl"]):
        result = invoke(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "is also an input of this command" in result.output
    monkeypatch.setenv("GREMIEN_RDF_SETTINGS", str(settings))
    for args in (["validate", CURATED, "--output", settings],
                 ["import", RAW_TABLE, "--output", tmp_path / "d.yaml", "--repairs", settings]):
        result = invoke(*args)
        assert result.exit_code == 2, args
        assert "is also an input of this command" in result.output
    assert digests(tmp_path) == before


@pytest.mark.slow
def test_a_folder_of_the_users_that_cannot_be_read_stops_the_build(tmp_path, dist):
    """Without the right to read it (simulated for root by dropping the capabilities that
    let root read anything), what it holds could not be carried over: refused."""
    setpriv = require("setpriv", "util-linux")
    out = tmp_path / "dist"
    shutil.copytree(dist, out)  # an earlier build (the session's, copied)
    private = out / "site" / "private"
    private.mkdir()
    (private / "a.txt").write_text("mine", encoding="utf-8")
    private.chmod(0)
    try:
        result = subprocess.run([setpriv, "--bounding-set", "-dac_override,-dac_read_search",
                                 *GREMIEN_RDF, "build", "--output", str(out)],
                                capture_output=True, text=True, timeout=600)
    finally:
        private.chmod(0o755)
    assert result.returncode == 2, result.stderr
    assert "cannot read the folder" in result.stderr and "site/private" in result.stderr
    assert (private / "a.txt").read_text("utf-8") == "mine"


@pytest.mark.slow
def test_a_folder_of_the_users_keeps_its_mode_and_ours_follow_the_umask(tmp_path):
    out = tmp_path / "dist"
    umask = os.umask(0o077)
    try:
        assert invoke("build", "--output", out).exit_code == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE((out / "site").stat().st_mode) == 0o700
    secret = out / "site" / "secret"
    secret.mkdir(mode=0o700)
    secret.chmod(0o700)
    (secret / "key.txt").write_text("k", encoding="utf-8")
    umask = os.umask(0o022)
    try:
        assert invoke("build", "--output", out).exit_code == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE(secret.stat().st_mode) == 0o700
    assert stat.S_IMODE((out / "site").stat().st_mode) == 0o755  # ours: the umask of now
    assert (secret / "key.txt").read_text("utf-8") == "k"


@pytest.mark.slow
def test_a_read_only_folder_of_the_users_leaves_no_leftovers(tmp_path, dist):
    """Its mode is kept, so the old build holds it read-only too: the old build is still
    removed (simulated for root by dropping the capabilities that let root write anywhere)."""
    setpriv = require("setpriv", "util-linux")
    out = tmp_path / "dist"
    shutil.copytree(dist, out)  # an earlier build (the session's, copied)
    keep = out / "keep"
    keep.mkdir()
    (keep / "file").write_text("hi", encoding="utf-8")
    keep.chmod(0o555)
    try:
        for _ in range(2):
            result = subprocess.run([setpriv, "--bounding-set", "-dac_override,-dac_read_search",
                                     *GREMIEN_RDF, "build", "--output", str(out)],
                                    capture_output=True, text=True, timeout=600)
            assert result.returncode == 0, result.stderr
        assert [p.name for p in tmp_path.iterdir()] == ["dist"]
        assert stat.S_IMODE(keep.stat().st_mode) == 0o555
        assert (keep / "file").read_text("utf-8") == "hi"
    finally:
        keep.chmod(0o755)


@pytest.mark.slow
def test_a_damaged_manifest_stops_the_build_before_its_work(tmp_path, dist):
    out = tmp_path / "dist"
    shutil.copytree(dist, out)  # an earlier build (the session's, copied)
    with (out / MANIFEST).open("a", encoding="utf-8") as manifest:
        manifest.write("garbage\n")
    before = digests(out)
    result = invoke("build", "--output", out)
    assert result.exit_code == 2
    assert "is damaged" in result.output and f"move {out} away" in result.output
    assert digests(out) == before


#: runs `gremien-rdf ARGS…` with a swap that waits (a file `swapping` says when it starts)
SLOW_SWAP = """
import sys, time
from pathlib import Path
import gremien_rdf.publishing.files as files
import gremien_rdf.publishing.swap as swap
from gremien_rdf.cli import cli

exchange = swap._exchange

def slow(a, b):
    Path(sys.argv[1]).write_text("now")
    time.sleep(3)
    exchange(a, b)

swap._exchange = slow
cli(sys.argv[2:])
"""


@pytest.mark.slow
def test_a_report_written_into_dist_while_a_build_replaces_it_is_not_lost(tmp_path, dist):
    out = tmp_path / "dist"
    shutil.copytree(dist, out)  # an earlier build (the session's, copied)
    signal_file = tmp_path / "swapping"
    build = subprocess.Popen([sys.executable, "-c", SLOW_SWAP, str(signal_file), "build",
                              "--output", str(out)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    try:
        for _ in range(600):
            if signal_file.exists() or build.poll() is not None:
                break
            time.sleep(0.1)
        assert signal_file.exists(), build.stderr.read()
        report = invoke("validate", CURATED, "--output", out / "site" / "report.txt")
        assert report.exit_code == 0, report.output
    finally:
        assert build.wait(timeout=300) == 0
    assert "1 info" in (out / "site" / "report.txt").read_text("utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "SELECT * { ?s ?p 1SERVICE <{url}> {{ ?s ?p ?o }} }",
    "SELECT * { ?s ?p 1e5SERVICE <{url}> {{ ?s ?p ?o }} }",
    "PREFIX : <http://h/> SELECT * {{ SERVICE:sparql {{ ?s ?p ?o }} }}",
    "SELECT * {{ #\rSERVICE <{url}> {{ ?s ?p ?o }}\n}}",
    # a PEG parser (pyoxigraph) reads a keyword where a word only begins with it, and `<`
    # after an operand as less-than
    "PREFIX ex: <{url}/> SELECT * {{ SERVICEex:evil {{ ?a ?b ?c }} }}",
    "SELECT * {{ SERVICESILENT<{url}/silent> {{ ?a ?b ?c }} }}",
    "PREFIX s: <{url}/> SELECT * {{ services:x {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER(0<1)SERVICE#>\n<{url}/evil> {{ ?a ?b ?c }} }}",
])
def test_service_hidden_from_a_naive_reader_is_refused(text, stand_in, tmp_path):
    path = query_file(tmp_path, text.replace("{url}", stand_in).replace("{{", "{")
                      .replace("}}", "}"))
    for extra in ([], ["--endpoint", stand_in + "/q"]):
        result = invoke("query", "run", path, *extra)
        assert result.exit_code == 2, result.output
        assert "SERVICE" in result.output
    assert Script.requests == []


@pytest.mark.parametrize("text", [
    "PREFIX add: <http://x/> PREFIX with: <http://y/> SELECT * { ?s add:p ?o . ?o with:q 1. }",
    "PREFIX add-on: <http://x/> PREFIX my.copy: <http://y/> SELECT * { ?s add-on:p ?o }",
    "SELECT * { ?s ?p 'x'@x-service FILTER(?o < 3 && ?o > .5) }",
    "SELECT * { ?s <http://schema.org/serviceType> ?o FILTER(?o IN (<http://a/service>)) }",
])
def test_legitimate_queries_are_not_refused(text, tmp_path):
    result = invoke("query", "run", query_file(tmp_path, text))
    assert result.exit_code == 0, result.output


def test_an_update_after_a_comment_that_ends_at_a_carriage_return_is_refused(stand_in,
                                                                            tmp_path):
    path = query_file(tmp_path, '#\rINSERT DATA { <http://e/s> <http://e/p> """\n'
                                'SELECT * WHERE { ?s ?p ?o } #""" }')
    result = invoke("query", "run", path, "--endpoint", stand_in + "/q")
    assert result.exit_code == 2, result.output
    assert "SPARQL Update" in result.output and Script.requests == []


def test_a_pathological_query_is_checked_in_linear_time(tmp_path):
    """90 KB of unclosed string with escaped quotes took 81 s before (quadratic); the run
    must end well within the hang guard."""
    path = query_file(tmp_path, "SELECT * { FILTER(?o = '''" + "a\\'" * 30000)
    result = subprocess.run([*GREMIEN_RDF, "query", "run", str(path)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2, result.stderr


@pytest.mark.parametrize("how", ["@context", "@import"])
def test_a_json_ld_context_by_iri_is_not_fetched(how, stand_in, tmp_path, dist):
    import json

    document = json.loads((dist / "gremien.jsonld").read_text("utf-8"))
    if how == "@context":
        document["@context"] = [stand_in + "/context.jsonld", document["@context"]]
    else:
        document["@context"]["@context"] = {"@version": 1.1, "@import": stand_in + "/c"}
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = invoke("validate", path)
    assert result.exit_code == 2, result.output
    assert "which gremien-rdf does not fetch" in result.output
    assert Script.requests == []


def test_a_leaky_server_gets_every_form_of_the_password_redacted(stand_in, dist, monkeypatch):
    Script.action = "leak"
    password = 'p@ss/wörd&"<x>\''
    use_credentials(monkeypatch, "alice", password)
    result = invoke("query", "run", "bodies-per-land", "--endpoint", stand_in + "/q")
    assert result.exit_code == 3, result.output
    for form in Script.leaked:
        assert form not in result.output, form
    assert result.output.count("***") >= 5


@pytest.mark.parametrize("name, args", [
    ("GREMIEN_RDF_BASE_IRI", ["query", "run", "bodies-per-land"]),
    ("GREMIEN_RDF_SETTINGS", ["query", "run", "bodies-per-land"]),
    ("GREMIEN_RDF_SETTINGS", ["build", "--output", "dist"]),
    ("GREMIEN_RDF_RESOURCES", ["query", "list"]),
    ("GREMIEN_RDF_PASSWORD", ["query", "run", "bodies-per-land", "--endpoint",
                              "http://127.0.0.1:1/q"]),
])
def test_an_environment_variable_set_but_empty_is_an_error_where_it_is_read(
        name, args, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(name, "")
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert f"{name} is set but empty" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_an_empty_variable_that_is_not_read_is_no_error(monkeypatch):
    """A CI job passes an unavailable secret as "" (GitHub, pull requests from forks):
    commands that need no password must not fail for it; --base-iri overrides the variable."""
    monkeypatch.setenv("GREMIEN_RDF_PASSWORD", "")
    monkeypatch.setenv("GREMIEN_RDF_BASE_IRI", "")
    assert invoke("query", "list").exit_code == 0
    result = invoke("validate", CURATED, "--base-iri", "https://example.org/g/")
    assert result.exit_code == 0, result.output


def test_resources_that_are_no_resources_are_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("GREMIEN_RDF_RESOURCES", str(tmp_path / "nowhere"))
    result = invoke("query", "list")
    assert result.exit_code == 2, result.output
    assert "is not a folder of gremien-rdf's resources" in result.output


@pytest.mark.parametrize("value", ["nan", "inf", "1e300", "0"])
def test_a_timeout_must_be_a_number_of_seconds(value):
    result = invoke("query", "run", "bodies-per-land", "--endpoint", "http://127.0.0.1:1/q",
                    "--timeout", value)
    assert result.exit_code == 2 and "--timeout" in result.output
    assert "Traceback" not in result.output


def test_a_query_pyoxigraph_cannot_evaluate_is_an_input_error(tmp_path):
    path = query_file(tmp_path, "SELECT * { ?s ?p ?o SERVICE ?y { ?a ?b ?c } }")
    result = invoke("query", "run", path, "--allow-service", "--timeout", "30")
    assert result.exit_code == 2, result.output
    assert "the query cannot be evaluated" in result.output


@pytest.mark.slow
def test_publish_says_the_graph_was_replaced_when_the_read_back_fails(stand_in, dist):
    Script.action, Script.then = "store", ["store", "trickle_error"]  # HEAD, PUT, GET
    result = subprocess.run([*GREMIEN_RDF, "publish", "--endpoint", stand_in + "/store",
                             "--dist", str(dist), "--timeout", "2", "--retries", "0"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 3, result.stderr
    assert result.stderr.rstrip().endswith(
        "1 problem; the graph <https://w3id.org/gremien-rdf/datensatz/gremien> on the server "
        "was written.")


def test_a_failure_after_some_rows_says_they_were_written(stand_in):
    Script.action = "flood"
    result = subprocess.run([*GREMIEN_RDF, "query", "run", "bodies-per-land", "--endpoint",
                             stand_in + "/q", "--max-size", "1", "--format", "csv"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 3
    assert result.stdout.startswith("x\n")  # (text mode reads CSV's \r\n as \n)
    assert result.stderr.rstrip().endswith(
        "1 problem; part of the results (on standard output) was written.")


def _closed_stdout() -> None:
    os.close(1)


@pytest.mark.slow
def test_a_closed_standard_output_is_exit_4_not_silence(tmp_path):
    result = subprocess.run([*GREMIEN_RDF, "build", "--output", "dist"], cwd=tmp_path,
                            stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_closed_stdout)
    assert result.returncode == 4, result.stderr
    assert result.stderr.splitlines()[-1] == (
        "error: cannot write to standard output: it is closed; dist was written")
    for args in (["query", "run", "bodies-per-land"], ["query", "list"], ["--help"]):
        closed = subprocess.run([*GREMIEN_RDF, *args], stderr=subprocess.PIPE, text=True,
                                preexec_fn=_closed_stdout)
        assert closed.returncode == 4 and "Traceback" not in closed.stderr, (args,
                                                                           closed.stderr)


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["query", "run", "--help"]])
def test_clicks_own_output_follows_the_exit_codes_too(args):
    with open("/dev/full", "w") as full:
        result = subprocess.run([*GREMIEN_RDF, *args], stdout=full, stderr=subprocess.PIPE,
                                text=True)
    assert result.returncode == 4, result.stderr
    assert "cannot write to standard output" in result.stderr
    reader, writer = os.pipe()
    os.close(reader)  # nobody will read: the first write fails with EPIPE
    try:
        gone = subprocess.run([*GREMIEN_RDF, *args], stdout=writer, stderr=subprocess.PIPE)
    finally:
        os.close(writer)
    assert gone.returncode == 141 and gone.stderr == b""


@pytest.mark.slow
def test_a_full_standard_error_costs_no_report(tmp_path):
    """The report goes first, what goes to stderr last: a full stderr is exit 4, and the
    report is there."""
    report = tmp_path / "report.sarif"
    with open("/dev/full", "w") as full:
        result = subprocess.run([*GREMIEN_RDF, "validate", str(CURATED), "--format", "sarif",
                                 "--output", str(report)], stderr=full)
    assert result.returncode == 4
    assert '"version": "2.1.0"' in report.read_text("utf-8")


@pytest.mark.slow
def test_an_output_path_with_dot_dot_is_the_folder_it_names(tmp_path):
    (tmp_path / "x" / "sub").mkdir(parents=True)
    result = invoke("build", "--output", tmp_path / "x" / "sub" / "..")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "x" / MANIFEST).is_file() and (tmp_path / "x" / "sub").is_dir()


def test_a_user_file_that_cannot_be_carried_stops_the_build(tmp_path, monkeypatch):
    folder = tmp_path / "out"
    replace_folder(folder, {"a.ttl": b"a"})
    (folder / "mine.txt").write_bytes(b"mine")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "link", refuse)
    monkeypatch.setattr(shutil, "copy2", refuse)
    with pytest.raises(InputError, match="cannot carry .*mine.txt into the new build"):
        replace_folder(folder, {"a.ttl": b"a2"})
    monkeypatch.undo()
    assert (folder / "mine.txt").read_bytes() == b"mine"
    assert (folder / "a.ttl").read_bytes() == b"a"


def test_a_table_on_a_terminal_shows_escapes_and_keeps_one_row_per_solution(tmp_path):
    """Run under a pseudo-terminal: a line feed in a value shown as \\n, so that it
    cannot forge a row (ESC and bidi overrides in the answers of a server: see
    test_untrusted.py; a stored query may not write them)."""
    path = query_file(tmp_path, 'SELECT ?x { VALUES ?x { "a|b" "c" } }')
    code, output = run_on_terminal([*GREMIEN_RDF, "query", "run", str(path)])
    assert code == 0
    # the first line, on a terminal, names the register the query ran on
    assert output.splitlines()[0].startswith("register: ")
    assert output.splitlines()[3:] == ["a|b", "c", "(2 rows)"]


@pytest.mark.slow
def test_n_triples_with_carriage_returns_locate_findings_at_their_line(tmp_path, dist):
    lines = [line for line in (dist / "gremien.nt").read_text("utf-8").splitlines()
             if "/def#land>" not in line]
    path = tmp_path / "gremien.nt"
    path.write_bytes("\r".join(lines).encode("utf-8") + b"\r")
    report = validate_paths([path], BASE)
    missing = [f for f in report.findings if f.property_iri == "gmh:land"]
    assert len(missing) == 44
    for finding in missing:
        assert lines[finding.position.line - 1].startswith(
            f"<{BASE}gremium/{finding.body_id}>")


# --- the hostile tester's third round -------------------------------------------------------


@pytest.mark.slow
def test_folders_of_the_users_named_like_ours_are_kept(tmp_path, dist):
    out = tmp_path / "dist"
    shutil.copytree(dist, out)  # an earlier build (the session's, copied)
    mine = [out / "site" / ".gremien-rdf-theme", out / "site" / "uploads" / ".my.gremien-rdf-bak",
            tmp_path / ".dist.gremien-rdf-snapshot", tmp_path / ".gremien-rdf-backup",
            tmp_path / ".dist.gremien-rdf-backup01"]
    for folder in mine:
        folder.mkdir(parents=True)
        (folder / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / ".dist.gremien-rdf-backup01" / "index.html").write_text("a copy of a site")
    assert invoke("build", "--output", out).exit_code == 0
    assert invoke("validate", CURATED, "--output", tmp_path / "report.txt").exit_code == 0
    for folder in mine:
        assert (folder / "notes.txt").read_text("utf-8") == "mine", folder


@pytest.mark.slow
def test_no_output_goes_onto_a_file_of_a_build(tmp_path, dist):
    out = tmp_path / "dist"
    shutil.copytree(dist, out)  # an earlier build (the session's, copied)
    before = digests(out)
    for target in (out / MANIFEST, out / "gremien.ttl", out / "site" / "index.html"):
        result = invoke("validate", CURATED, "--output", target)
        assert result.exit_code == 2, result.output
        assert "is a file of the build in" in result.output
    assert digests(out) == before


@pytest.mark.slow
def test_an_output_that_is_a_symbolic_link_is_written_through_it(tmp_path):
    target = tmp_path / "reports" / "latest.txt"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "report.txt"
    link.symlink_to(target)
    assert invoke("validate", CURATED, "--output", link).exit_code == 0
    assert link.is_symlink() and "1 info" in target.read_text("utf-8")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "to-a-fifo").symlink_to(tmp_path / "fifo")
    result = invoke("validate", CURATED, "--output", tmp_path / "to-a-fifo")
    assert result.exit_code == 2 and "which is not a regular file" in result.output
    (tmp_path / "to-dev-null").symlink_to("/dev/null")
    result = invoke("validate", CURATED, "--output", tmp_path / "to-dev-null")
    assert result.exit_code == 2 and "leads to) /dev/null, not a file" in result.output


@pytest.mark.slow
def test_a_build_of_0_1_0_whose_site_may_hold_the_users_files_is_refused(tmp_path, dist):
    out = tmp_path / "dist"
    as_0_1_0(dist, out)
    (out / "site" / "index.html").write_text("<p>my own start page</p>", encoding="utf-8")
    result = invoke("build", "--output", out)
    assert result.exit_code == 2, result.output
    assert "is a build of gremien-rdf 0.1.0, whose site files cannot be told from yours" in \
        result.output
    assert (out / "site" / "index.html").read_text("utf-8") == "<p>my own start page</p>"


@pytest.mark.slow
def test_a_mount_point_inside_the_output_is_refused(tmp_path, dist, monkeypatch):
    """(Simulated: mounting needs privileges the tests do not have.)"""
    out = tmp_path / "dist"
    shutil.copytree(dist, out)  # an earlier build (the session's, copied)
    volume = out / "site" / "uploads"
    volume.mkdir()
    (volume / "photo.txt").write_text("x", encoding="utf-8")
    ismount = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda path: Path(path) == volume or ismount(path))
    result = invoke("build", "--output", out)
    assert result.exit_code == 2, result.output
    assert "is a mount point (a volume) inside the output folder" in result.output
    assert (volume / "photo.txt").read_text("utf-8") == "x"


def changed_during(monkeypatch, folder: Path, step: str, meddle) -> None:
    """replace_folder(folder) with `meddle()` run right after swap.`step` (a step of the
    run): the run must stop, saying that the folder changed."""
    import gremien_rdf.publishing.swap as swap

    original = getattr(swap, step)

    def meddling(*args):
        result = original(*args)
        meddle()
        return result

    monkeypatch.setattr(swap, step, meddling)
    with pytest.raises(InputError, match="changed while this run wrote the new one"):
        replace_folder(folder, {"a.ttl": b"a2"})
    monkeypatch.undo()


def test_a_folder_that_changes_while_it_is_replaced_is_not_swapped(tmp_path, monkeypatch):
    """Another program that writes into the output folder without our locks, between the
    plan and the swap: the run stops (nothing of the other program's is lost)."""
    for existing in (True, False):
        folder = tmp_path / f"out-{existing}"
        if existing:
            replace_folder(folder, {"a.ttl": b"a"})

        def report(folder=folder):
            folder.mkdir(exist_ok=True)
            (folder / "report.txt").write_text("theirs", encoding="utf-8")

        changed_during(monkeypatch, folder, "manifest_text", report)
        assert (folder / "report.txt").read_text("utf-8") == "theirs"


def test_a_stale_digest_nonce_is_answered_again(stand_in, monkeypatch):
    Script.action = "stale"
    use_credentials(monkeypatch, "alice", "a-long-password")
    result = invoke("query", "run", "bodies-per-land", "--endpoint", stand_in + "/q")
    assert result.exit_code == 0, result.output
    assert [re.search(rb'nonce="(n\d)"', r)[1] if b"nonce=" in r else None
            for r in Script.requests] == [None, b"n1", b"n2"]


@pytest.mark.slow
def test_a_slow_name_lookup_is_cut_off_at_the_deadline(monkeypatch):
    def slow(*args, **kwargs):
        time.sleep(20)
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    result = invoke("query", "run", "bodies-per-land", "--endpoint",
                    "http://sparql.example.org/q", "--timeout", "1", "--retries", "0")
    assert result.exit_code == 3, result.output
    assert "no answer from the endpoint within 1 s" in result.output


def test_service_hidden_behind_a_codepoint_escape_in_a_string_is_refused(stand_in, tmp_path):
    """SPARQL replaces \\u0022 before parsing (it ends the string), pyoxigraph keeps it in
    the string: refused under either reading."""
    path = query_file(tmp_path, 'SELECT * WHERE { BIND("x\\u0022" AS ?a) SERVICE <'
                      + stand_in + '/sparql> { ?s ?p ?o } }')
    for extra in ([], ["--endpoint", stand_in + "/q"]):
        result = invoke("query", "run", path, *extra)
        assert result.exit_code == 2, result.output
        assert "SERVICE" in result.output
    update = query_file(tmp_path, 'SELECT * WHERE { BIND("x\\u0022" AS ?a) } ; DROP ALL',
                        "update.rq")
    assert invoke("query", "run", update, "--endpoint", stand_in + "/q").exit_code == 2
    assert Script.requests == []


@pytest.mark.slow
def test_a_check_that_calls_another_server_is_refused(resources_copy, stand_in):
    (resources_copy / "queries" / "checks" / "zz-service.rq").write_text(
        "# title: calls out\n# message: x\n# severity: violation\n"
        f"SELECT ?this WHERE {{ SERVICE <{stand_in}/sparql> {{ ?this ?p ?o }} }}\n",
        encoding="utf-8")
    result = invoke("validate", CURATED)
    assert result.exit_code == 70, result.output  # a resource of gremien-rdf
    assert "calls another server (SERVICE)" in result.output
    assert Script.requests == []


@pytest.mark.parametrize("action, said", [
    ("rdfxml", "not as the N-Triples asked for"),
])
def test_a_read_back_in_a_form_that_can_blow_up_is_refused(action, said, stand_in, dist):
    Script.action = action
    result = invoke("publish", "--endpoint", stand_in + "/store", "--dist", dist)
    assert result.exit_code == 3, result.output
    assert said in result.output


def test_a_read_back_with_triple_terms_is_refused():
    from gremien_rdf.publishing.publish import count_triples

    nested = b"<http://a> <http://b> " + b"<< " * 3 + b"<http://c>" + b" >>" * 3 + b" .\n"
    with pytest.raises(RemoteError, match="holds triple terms"):
        count_triples(nested, "application/n-triples")


@pytest.mark.slow
def test_results_with_triple_terms_are_refused(stand_in):
    Script.action = "starred"
    result = invoke("query", "run", "bodies-per-land", "--endpoint", stand_in + "/q")
    assert result.exit_code == 3, result.output
    assert "nests deeper than 32 levels" in result.output


def test_json_nested_too_deep_is_an_input_error(tmp_path):
    path = tmp_path / "deep.jsonld"
    path.write_text('{"a":' * 100_000 + "1" + "}" * 100_000, encoding="utf-8")
    result = invoke("validate", path)
    assert result.exit_code == 2, result.output
    assert "nested too deep" in result.output


def test_a_user_name_with_a_line_end_is_an_input_error(monkeypatch, stand_in):
    use_credentials(monkeypatch, "alice\r", "a-long-password")
    Script.action = "leak"  # asks for credentials
    result = invoke("query", "run", "bodies-per-land", "--endpoint", stand_in + "/q")
    assert result.exit_code == 2, result.output
    assert "GREMIEN_RDF_USER holds a control character" in result.output


def test_a_broken_netrc_is_reported_without_its_words(monkeypatch, tmp_path):
    use_netrc(monkeypatch, tmp_path,
              "machine 127.0.0.1 login alice password correct horse-battery-staple")
    result = invoke("query", "run", "bodies-per-land", "--endpoint", "http://127.0.0.1:1/q")
    assert result.exit_code == 2, result.output
    assert "is not in netrc form" in result.output
    assert "horse" not in result.output and "staple" not in result.output


@pytest.mark.slow
def test_sarif_names_files_as_uri_references(tmp_path):
    import json

    path = tmp_path / "my dir #1%"
    path.mkdir()
    source = path / "gremien.yaml"
    shutil.copy(CURATED, source)
    document = json.loads(invoke("validate", source, "--format", "sarif").output)
    uri = document["runs"][0]["artifacts"][0]["location"]["uri"]
    assert "my%20dir%20%231%25/gremien.yaml" in uri and "#" not in uri


@pytest.mark.slow
def test_an_error_that_names_a_path_shows_its_control_characters_escaped(tmp_path):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    result = invoke("validate", CURATED, "--output",
                    tmp_path / "a-file" / "\x1b]0;PWNED\x07" / "r.txt")
    assert result.exit_code == 2, result.output
    assert "\\x1b]0;PWNED\\x07" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output


def test_removing_a_folder_never_touches_the_folder_around_it(tmp_path, monkeypatch):
    """Opening modes to remove a read-only folder stays inside what is removed: a failure
    at the top (here: removing the folder itself is refused) must not chmod its parent."""
    import gremien_rdf.publishing.files as files

    parent = tmp_path / "parent"
    (parent / "gone" / "inner").mkdir(parents=True)
    parent.chmod(0o751)
    rmdir = os.rmdir

    def refusing(name, *args, **kwargs):
        if Path(name) == parent / "gone":
            raise PermissionError(13, "Permission denied", str(name))
        return rmdir(name, *args, **kwargs)

    monkeypatch.setattr(os, "rmdir", refusing)
    files._remove(parent / "gone")
    monkeypatch.undo()
    assert stat.S_IMODE(parent.stat().st_mode) == 0o751
    assert (parent / "gone").is_dir() and not (parent / "gone" / "inner").exists()



# --- the third review ----------------------------------------------------------------------


@pytest.mark.slow
def test_a_bind_mount_inside_the_output_is_refused_and_never_emptied(tmp_path, dist):
    """A bind mount from the same file system, which os.path.ismount does not see."""
    unshare = require("unshare", "util-linux")
    out = tmp_path / "dist"
    shutil.copytree(dist, out)  # an earlier build (the session's, copied)
    volume = tmp_path / "volume"
    volume.mkdir()
    (volume / "photo.txt").write_text("x", encoding="utf-8")
    (out / "site" / "media").mkdir()
    script = (f"mount --bind {volume} {out / 'site' / 'media'} || exit 99; "
              f"{' '.join(GREMIEN_RDF)} build --output {out}")
    result = subprocess.run([unshare, "-m", "--propagation", "private", "sh", "-c", script],
                            capture_output=True, text=True, timeout=600)
    if result.returncode == 99:
        pytest.skip(f"mounting is not permitted on this machine: {result.stderr.strip()}")
    assert result.returncode == 2, result.stderr
    assert "is a mount point (a volume) inside the output folder" in result.stderr
    assert (volume / "photo.txt").read_text("utf-8") == "x"


def test_a_file_saved_by_rename_or_added_while_planning_stops_the_swap(tmp_path, monkeypatch):
    folder = tmp_path / "out"
    replace_folder(folder, {"a.ttl": b"a"})
    (folder / "CNAME").write_text("old", encoding="utf-8")

    def saved_by_rename():  # as an editor saves: a new file under the same name
        (folder / "CNAME.new").write_text("new", encoding="utf-8")
        os.replace(folder / "CNAME.new", folder / "CNAME")

    changed_during(monkeypatch, folder, "manifest_text", saved_by_rename)
    assert (folder / "CNAME").read_text("utf-8") == "new"
    changed_during(monkeypatch, folder, "_plan",
                   lambda: (folder / "notes.txt").write_text("mine", encoding="utf-8"))
    assert (folder / "notes.txt").read_text("utf-8") == "mine"


@pytest.mark.slow
def test_an_output_through_dev_or_proc_is_refused(tmp_path):
    log = tmp_path / "build.log"
    log.write_text("line 1 of my log\n", encoding="utf-8")
    with log.open("a") as appended:
        result = subprocess.run([*GREMIEN_RDF, "validate", str(CURATED), "--output",
                                 "/dev/stdout"], stdout=appended, stderr=subprocess.PIPE,
                                text=True)
    assert result.returncode == 2, result.stderr
    assert "leave --output out to write to standard output" in result.stderr
    assert log.read_text("utf-8") == "line 1 of my log\n"


@pytest.mark.slow
def test_a_dangling_link_as_output_is_written_through(tmp_path):
    (tmp_path / "reports").mkdir()
    link = tmp_path / "latest.txt"
    link.symlink_to(tmp_path / "reports" / "r.txt")  # not there yet
    assert invoke("validate", CURATED, "--output", link).exit_code == 0
    assert link.is_symlink() and "1 info" in (tmp_path / "reports" / "r.txt").read_text()


def test_two_names_for_one_folder_do_not_lock_it_twice(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    result = subprocess.run([*GREMIEN_RDF, "import", str(RAW_TABLE), "--output",
                             str(tmp_path / "link" / "d.yaml"), "--repairs",
                             str(tmp_path / "real" / "r.tsv")],
                            capture_output=True, text=True, timeout=120)  # a hang guard
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["d.yaml", "r.tsv"]


def test_a_stale_nonce_we_cannot_answer_is_a_server_failure(stand_in, monkeypatch):
    Script.action = "stale_unknown"
    use_credentials(monkeypatch, "alice", "a-long-password")
    result = invoke("query", "run", "bodies-per-land", "--endpoint", stand_in + "/q")
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output and "401" in result.output


def test_a_netrc_that_is_not_utf8_is_an_input_error(monkeypatch, tmp_path):
    use_netrc(monkeypatch, tmp_path, b"machine 127.0.0.1 login alice password p\xe4ss\n")
    result = invoke("query", "run", "bodies-per-land", "--endpoint", "http://127.0.0.1:1/q")
    assert result.exit_code == 2, result.output
    assert "it is not UTF-8 text" in result.output


@pytest.mark.slow
def test_a_wrong_default_of_a_stored_query_stops_the_build(resources_copy, tmp_path):
    """Only a default body that the register lacks gives an empty example; any other
    problem of a stored query is a problem."""
    path = resources_copy / "queries" / "bodies-with-actor.rq"
    path.write_text(path.read_text("utf-8").replace("= Polizei", "= Polizai"), "utf-8")
    result = invoke("build", "--output", tmp_path / "dist")
    assert result.exit_code == 70, result.output  # a resource of gremien-rdf
    assert "Polizai" in result.output


@pytest.mark.slow
def test_a_check_with_service_is_named_with_its_file(resources_copy):
    path = resources_copy / "queries" / "checks" / "zz-service.rq"
    path.write_text("# title: calls out\n# message: x\n# severity: violation\n"
                    "SELECT ?this WHERE { SERVICE <http://127.0.0.1:1/s> { ?this ?p ?o } }\n",
                    encoding="utf-8")
    result = invoke("validate", CURATED)
    assert result.exit_code == 70  # a resource of gremien-rdf
    assert "zz-service.rq" in result.output and "--allow-service" not in result.output


def test_a_literal_that_holds_two_less_than_signs_is_no_triple_term():
    from gremien_rdf.publishing.publish import count_triples

    assert count_triples(b'<http://a> <http://b> "x << y" .\n', "application/n-triples") == 1


def test_a_line_feed_in_a_path_cannot_forge_the_last_line(tmp_path):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    result = invoke("validate", CURATED, "--output",
                    tmp_path / "a-file" / "x\n0 problems; nothing was written." / "r.txt")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1].endswith("nothing was written.")
    assert "\n0 problems; nothing was written." not in result.output
