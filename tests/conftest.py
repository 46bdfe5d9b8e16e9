"""Shared fixtures (the shipped vocabularies, register, graph and build, once per session;
the servers and the browser) and the helpers that several test modules use."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from rdflib import Graph, URIRef

from gremien_rdf.model import Register
from gremien_rdf.queries.run import QueryData, load_data
from gremien_rdf.rdf.convert import register_graph
from gremien_rdf.rdf.namespaces import DEFAULT_BASE_IRI
from gremien_rdf.rdf.vocabularies import Vocabularies, load_vocabularies
from gremien_rdf.source.register import load_register

ROOT = Path(__file__).resolve().parents[1]
RAW_TABLE = ROOT / "data" / "source" / "datenanhang-2-koordinierende-gremien.txt"
CURATED = ROOT / "data" / "gremien.yaml"
BASE = DEFAULT_BASE_IRI
#: the dataset of the build's catalogue (and the name of its graph on a server), and the
#: report it comes from
DATASET = URIRef(BASE + "datensatz/gremien")
REPORT = URIRef(BASE + "quelle/monitor-2024")
SETTINGS = ROOT / "publication.yaml"
#: flags for Chromium in a container without network (see the machine's notes)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


#: flags for the JVMs the tests start (vnu, the Jena and TopBraid batches, the OWL
#: checker): the quick compiler only. Their runs are short; the optimising compiler's
#: threads cost more CPU than its code saves (Jena's batch of the 140 cases: 27 s of CPU
#: with it, 19 s without; vnu over half the site: 5.3 s, 2.4 s). What the JVM computes
#: is the same.
JAVA_FLAGS = ("-XX:TieredStopAtLevel=1",)


def chromium_args() -> list[str]:
    """CHROMIUM_ARGS, and every request to another host than 127.0.0.1 sent to a proxy at
    a port of 127.0.0.1 where nobody listens: it fails there, without a name lookup, and
    never reaches the network. Chromium never proxies loopback (its implicit
    `<-loopback>` bypass), so the served site is asked directly. watched_tab records each
    such request as a problem; the block keeps it off the network without routing every
    request of a page through Playwright, which also turned off the browser's cache."""
    return [*CHROMIUM_ARGS, f"--proxy-server=http://127.0.0.1:{free_port()}"]


#: fixtures that start a browser or a server process: a test that uses one, directly or
#: through another fixture, is marked `slow` (see pyproject.toml; `make test-fast` leaves
#: it out). Tests that need another tool, or time, are marked in their modules.
SLOW_FIXTURES = frozenset({"browser", "oxigraph_server"})


#: the test modules that take longest (`make test PYTEST_ARGS=--durations=60`, summed by
#: module), longest first: they run before all others. `make test` hands whole modules to
#: its workers in the order collected (pytest-xdist `--dist loadscope
#: --no-loadscope-reorder`), each worker taking the next when it is nearly done; with the
#: long ones first, the short ones fill both workers at the end, instead of one worker
#: finishing a long module alone. The order only spreads the work; no test depends on it.
LONGEST_FIRST = ("test_pages_checked", "test_pages_checked_en", "test_safety",
                 "test_untrusted", "test_browser_query", "test_jena", "test_files",
                 "test_setwise", "test_shapes", "test_topbraid", "test_browser_frame")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.stem, len(rank)))  # stable: file order


@pytest.fixture(autouse=True)
def cache_folder(tmp_path_factory, monkeypatch) -> Path:
    """A cache of `query run` of each test's own (GREMIEN_RDF_CACHE, which subprocesses
    inherit), so that no test touches the user's home or depends on another's run."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("GREMIEN_RDF_CACHE", str(folder))
    return folder


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 10.0) -> None:
    """Wait until a server answers at `url` (any HTTP status counts)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError(f"{url} did not come up within {seconds:g} s") from None
            time.sleep(0.1)


def use_credentials(monkeypatch, user: str, password: str) -> None:
    """Credentials from the environment, as a user sets them."""
    monkeypatch.setenv("GREMIEN_RDF_USER", user)
    monkeypatch.setenv("GREMIEN_RDF_PASSWORD", password)


def use_netrc(monkeypatch, folder: Path, entry: str | bytes | None) -> None:
    """No credentials in the environment; a netrc file in `folder` with `entry` (none if
    None; bytes as they are) instead of the user's own."""
    monkeypatch.delenv("GREMIEN_RDF_USER", raising=False)
    monkeypatch.delenv("GREMIEN_RDF_PASSWORD", raising=False)
    netrc = folder / "netrc"
    if entry is not None:
        netrc.write_bytes(entry if isinstance(entry, bytes) else (entry + "\n").encode())
        netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))


@contextlib.contextmanager
def serving(handler, server_class=http.server.ThreadingHTTPServer) -> Iterator[str]:
    """A server of `handler` on 127.0.0.1 in a thread of its own; yields its address
    (http://127.0.0.1:PORT) and stops it afterwards (within 0.05 s: at the default poll
    interval, stopping cost each test that used a server half a second).

    A handler may outlive the test (one that answers late, on purpose); that its client
    has gone by then is no error. socketserver would print the traceback to sys.stderr,
    which may be a later test's CliRunner output."""
    server = server_class(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    report = server.handle_error

    def handle_error(request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            report(request, client_address)

    server.handle_error = handle_error
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietFiles(http.server.SimpleHTTPRequestHandler):
    #: files served besides the folder's, by path on the server ("/x/y.js")
    extra: Mapping[str, Path] = {}

    def translate_path(self, path: str) -> str:
        found = self.extra.get(urlsplit(path).path)
        return str(found) if found is not None else super().translate_path(path)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serving_site(folder: Path, extra: Mapping[str, Path] | None = None) -> Iterator[str]:
    """The files of `folder` served on 127.0.0.1, and each file of `extra` at its path on
    the server ("/x/y.js"); yields the root URL (ending in /)."""
    files = type("_Files", (_QuietFiles,), {"extra": dict(extra or {})})
    with serving(functools.partial(files, directory=str(folder))) as address:
        yield address + "/"


@contextlib.contextmanager
def watched_tab(browser, served: str, width: int = 1280, height: int = 900):
    """A fresh browser tab whose `problems` list records console errors, uncaught
    exceptions, dialogs (alert, confirm, …), responses with status 400 or above, and every
    request to another host than `served` (which fails: the `browser` fixture sends it to
    a closed port, chromium_args)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    tab.problems = []
    own = urlsplit(served).netloc

    def request(request):
        if urlsplit(request.url).netloc not in (own, ""):
            tab.problems.append(f"asked elsewhere: {request.url}")

    def dialog(shown):
        tab.problems.append(f"dialog: {shown.type} {shown.message}")
        shown.dismiss()

    tab.on("request", request)
    tab.on("console", lambda m: tab.problems.append(f"console: {m.text}")
           if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.problems.append(f"page error: {e}"))
    tab.on("dialog", dialog)
    tab.on("response", lambda r: tab.problems.append(f"{r.status}: {r.url}")
           if r.status >= 400 else None)
    try:
        yield tab
    finally:
        context.close()


def run_on_terminal(args: list[str], timeout: float = 120) -> tuple[int, str]:
    """Run `args` with standard output and error on a pseudo-terminal; its exit code and
    what it printed (with the terminal's \\r\\n line ends made \\n)."""
    import os
    import pty
    import subprocess

    main, child = pty.openpty()
    try:
        run = subprocess.run(args, stdout=child, stderr=child, timeout=timeout)
        os.close(child)
        output = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(main)
    return run.returncode, output.decode("utf-8").replace("\r\n", "\n")


def md5(text: str) -> str:
    """The MD5 of `text` in hex, as HTTP Digest (RFC 7616) computes it: for the tests that
    check a Digest answer independently of gremien_rdf.remote.httpauth."""
    return hashlib.md5(text.encode()).hexdigest()


def copy_resources(target: Path) -> Path:
    """A copy of the shipped resources at `target`, for GREMIEN_RDF_RESOURCES."""
    for folder in ("ontology", "shapes", "queries", "data/reference"):
        shutil.copytree(ROOT / folder, target / folder)
    shutil.copy(CURATED, target / "data" / "gremien.yaml")
    shutil.copy(SETTINGS, target / "publication.yaml")
    return target


@pytest.fixture(scope="session")
def dist(tmp_path_factory) -> Path:
    """One build of the shipped register and settings, shared by the tests that only read
    it (none may change it)."""
    from gremien_rdf.api import build

    output = tmp_path_factory.mktemp("build") / "dist"
    build(None, output, None)
    return output


#: runs `gremien-rdf ARGS…` and kills itself (SIGKILL, no clean-up) at one moment of the
#: write: at the Nth file written ("write N"), or just before or after the folders are swapped
KILLER = """
import os, shutil, signal, sys
from pathlib import Path
import gremien_rdf.publishing.files as files
import gremien_rdf.publishing.swap as swap
from gremien_rdf.cli import cli

moment, number = sys.argv[1], int(sys.argv[2])
written = [0]
write_bytes, copyfile, exchange = Path.write_bytes, shutil.copyfile, swap._exchange

def count():
    written[0] += 1
    if moment == "write" and written[0] == number:
        os.kill(os.getpid(), signal.SIGKILL)

def killing_write(self, data):
    count()
    return write_bytes(self, data)

def killing_copy(source, target, **options):  # a dump from the spool (publishing.spool)
    count()
    return copyfile(source, target, **options)

def killing_exchange(a, b):
    if moment == "before-swap":
        os.kill(os.getpid(), signal.SIGKILL)
    exchange(a, b)
    if moment == "after-swap":
        os.kill(os.getpid(), signal.SIGKILL)

Path.write_bytes, shutil.copyfile, swap._exchange = killing_write, killing_copy, killing_exchange
cli(sys.argv[3:])
"""


def digests(folder: Path) -> dict[str, str]:
    """The SHA-256 of every file under `folder`, by path relative to it."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def oxigraph_command() -> str:
    """The `oxigraph` command (the server of the PyPI package `oxigraph`, a test
    dependency)."""
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        pytest.fail("the oxigraph server is not installed: pip install '.[dev]'")
    return found


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory) -> Iterator[Callable[..., str]]:
    """Oxigraph servers on 127.0.0.1 for one module: `oxigraph_server(files, read_only)`
    loads `files` into a new store, serves it (read-only if asked) on a free port and
    returns its base URL (http://127.0.0.1:PORT, with /query and /store); every server it
    started is stopped when the module is done."""
    command = oxigraph_command()
    servers: list[subprocess.Popen] = []

    def start(files: Iterable[Path] = (), read_only: bool = False) -> str:
        store = tmp_path_factory.mktemp("oxigraph")
        for path in files:
            subprocess.run([command, "load", "--location", str(store), "--file", str(path)],
                           check=True, capture_output=True)
        port = free_port()
        servers.append(subprocess.Popen(
            [command, "serve-read-only" if read_only else "serve", "--location", str(store),
             "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        url = f"http://127.0.0.1:{port}"
        wait_for(url + "/")
        return url

    try:
        yield start
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture(scope="session")
def served(dist: Path) -> Iterator[str]:
    """The built site (the `dist` fixture's) served on 127.0.0.1, for the browser tests."""
    with serving_site(dist / "site") as address:
        yield address


@pytest.fixture
def page(browser, served):
    """A fresh tab on the served site that records console errors, failed requests and
    requests elsewhere (watched_tab)."""
    with watched_tab(browser, served) as tab:
        yield tab


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (skipped, saying why, without it); one per
    worker, started when a test first needs it (a start takes about a second, and eleven
    modules use it). Each test opens a context or tab of its own."""
    from shared_files import require

    chromium = require("chromium", "chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=chromium_args())
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture(scope="session")
def vocabularies() -> Vocabularies:
    return load_vocabularies()


@pytest.fixture(scope="session")
def register(vocabularies: Vocabularies) -> Register:
    return load_register(CURATED, vocabularies)


@pytest.fixture(scope="session")
def graph(register: Register, vocabularies: Vocabularies) -> Graph:
    return register_graph(register, vocabularies).graph


@pytest.fixture(scope="session")
def data() -> QueryData:
    """The shipped register and vocabularies in pyoxigraph, as the stored queries read them
    (tests only query it)."""
    return load_data(CURATED, BASE)
