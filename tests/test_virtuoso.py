"""`gremien-rdf publish` and `query run --endpoint` against a real Virtuoso 7.2 (Debian
package virtuoso-opensource-7-bin), with the same round-trip guarantees as for Oxigraph
(test_publish.py).

The module starts one server for itself: a new database in a temporary folder, both ports on
127.0.0.1, the dba password replaced and a user who may write (role SPARQL_UPDATE) created
through isql-vt, with passwords made up for this run. Virtuoso's Graph Store URL that takes
credentials, /sparql-graph-crud-auth, wants HTTP Digest authentication; its query URL
/sparql is open to anyone for reading."""

from __future__ import annotations

import base64
import json
import re
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BASE, free_port, md5, use_credentials, use_netrc
from rdflib import Graph
from rdflib.compare import isomorphic
from shared_files import require

from gremien_rdf.cli import cli
from gremien_rdf.queries.stored import catalogue

pytestmark = pytest.mark.slow  # Virtuoso in a process of its own

GRAPH = BASE + "datensatz/gremien"
UPLOADED = ("gremien.nt", "vocabularies.ttl", "ontology.ttl", "void.ttl", "catalog.ttl")
PACKAGE = "virtuoso-opensource-7-bin"
#: The settings a test database needs, nothing more. ResultSetMaxRows is the value of the
#: sample virtuoso.ini that Virtuoso ships: it caps what a GET of the graph returns.
INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DirsAllowed = {folder}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 10
MaxClientConnections = 10

[SPARQL]
ResultSetMaxRows = 10000
"""
STARTUP_SECONDS = 180  # a fresh database took 2 to 11 s here; CI machines can be slower


@dataclass(frozen=True)
class Virtuoso:
    base: str
    user: str
    password: str
    reader: str  # a user without SPARQL_UPDATE, same password
    started_in: float  # seconds until it took requests

    @property
    def graph_store(self) -> str:
        return self.base + "/sparql-graph-crud-auth"

    @property
    def query_url(self) -> str:
        return self.base + "/sparql"


def wait_until_it_asks_for_credentials(url: str, server: subprocess.Popen, log: Path) -> None:
    """Virtuoso answers HTTP before it has defined its SPARQL URLs; they exist once the
    Graph Store URL asks for credentials (401)."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
        except urllib.error.HTTPError as error:
            if error.code == 401:
                return
        except OSError:
            pass
        if server.poll() is not None:
            raise AssertionError(f"virtuoso-t stopped (exit {server.returncode}):\n"
                                 f"{log.read_text(errors='replace')[-2000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"virtuoso-t did not come up within {STARTUP_SECONDS} s:\n"
                                 f"{log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.1)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    binary = require("virtuoso-t", PACKAGE)
    isql = require("isql-vt", PACKAGE)
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port = free_port()
    http_port = free_port()
    while http_port == sql_port:
        http_port = free_port()
    (folder / "virtuoso.ini").write_text(
        INI.format(folder=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    log = folder / "console.log"
    started = time.monotonic()
    with log.open("wb") as output:
        server = subprocess.Popen([binary, "+foreground", "+configfile",
                                   str(folder / "virtuoso.ini")], cwd=folder,
                                  stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    try:
        wait_until_it_asks_for_credentials(base + "/sparql-graph-crud-auth", server, log)
        started_in = time.monotonic() - started
        password = secrets.token_urlsafe(18)
        # A new database has dba/dba; the script (on stdin, not in the process list)
        # replaces that password first.
        script = (f"USER_SET_PASSWORD('dba', '{secrets.token_urlsafe(18)}');\n"
                  f"DB.DBA.USER_CREATE('publisher', '{password}');\n"
                  'GRANT SPARQL_UPDATE TO "publisher";\n'
                  f"DB.DBA.USER_CREATE('reader', '{password}');\n")
        done = subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba"], input=script,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and "Error" not in done.stdout + done.stderr, (
            done.stdout + done.stderr)
        yield Virtuoso(base, "publisher", password, "reader", started_in)
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@pytest.fixture
def login(virtuoso, monkeypatch):
    use_credentials(monkeypatch, virtuoso.user, virtuoso.password)
    return virtuoso


@pytest.fixture(scope="module")
def expected_triples(dist) -> int:
    """The union of the uploaded files, counted by rdflib (not by the code under test)."""
    return len(union(dist))


def union(dist: Path) -> Graph:
    graph = Graph()
    for name in UPLOADED:
        graph.parse(dist / name)
    return graph


def publish(*args: str):
    return CliRunner().invoke(cli, ["publish", *args])


@pytest.fixture(scope="module")
def published(virtuoso, dist):
    """The build, published once with the test user's credentials."""
    with pytest.MonkeyPatch.context() as patch:
        use_credentials(patch, virtuoso.user, virtuoso.password)
        result = publish("--endpoint", virtuoso.graph_store, "--dist", str(dist))
    assert result.exit_code == 0, result.output
    return virtuoso


def sparql_count(virtuoso: Virtuoso, graph: str = GRAPH) -> int:
    """The triples in `graph`, counted by the server (anonymous /sparql)."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    request = urllib.request.Request(
        virtuoso.query_url, data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return int(json.load(answer)["results"]["bindings"][0]["n"]["value"])


def graph_text(virtuoso: Virtuoso, parameter: str = "graph") -> bytes:
    """The graph as N-Triples from the Graph Store URL that takes no credentials."""
    url = (f"{virtuoso.base}/sparql-graph-crud?"
           f"{urllib.parse.urlencode({parameter: GRAPH})}")
    request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.headers["Content-Type"].startswith("application/n-triples")
        return answer.read()


def test_upload_then_count_through_sparql(login, dist, expected_triples):
    result = publish("--endpoint", login.graph_store, "--dist", str(dist))
    assert result.exit_code == 0, result.output
    assert f"Published {expected_triples:,} triples" in result.output
    assert f"the server holds {expected_triples:,} triples" in result.output
    assert sparql_count(login) == expected_triples
    assert sparql_count(login, BASE + "other") == 0


def test_the_graph_on_the_server_is_the_build(published, dist):
    """Isomorphic to the uploaded files: Virtuoso changes no literal, loses no triple."""
    assert isomorphic(Graph().parse(data=graph_text(published), format="nt"), union(dist))


def test_publishing_again_gives_the_same_graph(login, published, dist, expected_triples):
    before = sorted(graph_text(login).splitlines())
    result = publish("--endpoint", login.graph_store, "--dist", str(dist))
    assert result.exit_code == 0, result.output
    assert sparql_count(login) == expected_triples
    assert sorted(graph_text(login).splitlines()) == before


def test_virtuoso_names_the_graph_with_graph_and_with_graph_uri(published):
    """The standard parameter `graph`, which publish sends, and Virtuoso's own `graph-uri`."""
    assert graph_text(published, "graph") == graph_text(published, "graph-uri")


def query_csv(*args: str) -> list[str]:
    result = CliRunner().invoke(cli, ["query", "run", *args, "--format", "csv",
                                      "--lang", "de"])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


@pytest.mark.parametrize("query", catalogue(), ids=lambda q: q.name)
def test_stored_queries_answer_the_same_from_the_published_graph(published, query):
    local = query_csv(query.name)
    remote = query_csv(query.name, "--endpoint", published.query_url, "--graph", GRAPH)
    assert local[0] == remote[0]
    assert sorted(local[1:]) == sorted(remote[1:])  # ties in ORDER BY may come in any order
    assert len(remote) > 1


def test_a_wrong_password_is_refused_and_never_printed(login, published, dist,
                                                        expected_triples, monkeypatch):
    monkeypatch.setenv("GREMIEN_RDF_PASSWORD", "not-" + login.password)
    result = publish("--endpoint", login.graph_store, "--dist", str(dist))
    assert result.exit_code == 3
    assert "401" in result.output and "refused the user and password" in result.output
    wrong_basic = base64.b64encode(f"{login.user}:not-{login.password}".encode()).decode()
    for secret in ("not-" + login.password, login.password, wrong_basic):
        assert secret not in result.output
    assert sparql_count(login) == expected_triples


def test_missing_credentials_are_exit_3_with_a_hint(virtuoso, published, dist, tmp_path,
                                                   expected_triples, monkeypatch):
    use_netrc(monkeypatch, tmp_path, None)
    result = publish("--endpoint", virtuoso.graph_store, "--dist", str(dist))
    assert result.exit_code == 3
    assert "401" in result.output and "set GREMIEN_RDF_USER" in result.output
    assert sparql_count(virtuoso) == expected_triples


def test_credentials_from_netrc(virtuoso, published, dist, tmp_path, monkeypatch,
                                expected_triples):
    use_netrc(monkeypatch, tmp_path,
              f"machine 127.0.0.1 login {virtuoso.user} password {virtuoso.password}")
    result = publish("--endpoint", virtuoso.graph_store, "--dist", str(dist))
    assert result.exit_code == 0, result.output
    assert f"the server holds {expected_triples:,} triples" in result.output


def test_a_user_who_may_not_write_gets_403(login, published, dist, expected_triples,
                                          monkeypatch):
    monkeypatch.setenv("GREMIEN_RDF_USER", login.reader)
    result = publish("--endpoint", login.graph_store, "--dist", str(dist))
    assert result.exit_code == 3
    assert "403" in result.output and "SPARQL_UPDATE" in result.output
    assert sparql_count(login) == expected_triples


def test_the_graph_store_url_without_credentials_does_not_let_anyone_write(
        login, published, dist, expected_triples):
    """/sparql-graph-crud runs as the anonymous user SPARQL: it never asks for
    credentials, and refuses the PUT."""
    result = publish("--endpoint", login.base + "/sparql-graph-crud", "--dist", str(dist))
    assert result.exit_code == 3
    assert "403" in result.output and "/sparql-graph-crud-auth" in result.output
    assert sparql_count(login) == expected_triples


def test_a_wrong_url_leaves_the_graph_as_it_was(login, published, dist, expected_triples):
    """Virtuoso answers a PUT to a path it does not know with 501, not 404."""
    result = publish("--endpoint", login.base + "/graph-store", "--dist", str(dist))
    assert result.exit_code == 3
    assert "501" in result.output and "Graph Store Protocol URL" in result.output
    assert sparql_count(login) == expected_triples


def test_the_query_url_never_answers_a_put(login, published, dist, expected_triples):
    """Virtuoso 7.2 does not answer a PUT (or a query POSTed as application/sparql-query)
    to /sparql at all: publish gives up after --timeout, and the graph is as it was."""
    result = publish("--endpoint", login.query_url, "--dist", str(dist), "--timeout", "1",
                     "--retries", "0")
    assert result.exit_code == 3
    assert "no answer from the graph store within 1 s" in result.output
    assert sparql_count(login) == expected_triples


def test_an_upload_cut_off_half_way_leaves_the_graph_as_it_was(login, published, dist,
                                                              expected_triples):
    """Virtuoso runs a PUT only once the whole body is there. The Digest answer is computed
    here, independently of the code under test."""
    target = f"/sparql-graph-crud-auth?{urllib.parse.urlencode({'graph': GRAPH})}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(urllib.request.Request(login.base + target, method="HEAD"))
    challenge = refused.value.headers["WWW-Authenticate"]
    realm = re.search(r'realm="([^"]*)"', challenge).group(1)
    nonce = re.search(r'nonce="([^"]*)"', challenge).group(1)

    secret = md5(f"{login.user}:{realm}:{login.password}")
    response = md5(f"{secret}:{nonce}:00000001:cut:auth:{md5(f'PUT:{target}')}")
    authorization = (f'Digest username="{login.user}", realm="{realm}", nonce="{nonce}", '
                     f'uri="{target}", qop=auth, nc=00000001, cnonce="cut", '
                     f'response="{response}", algorithm=MD5')
    body = b"<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n" * 2000
    host, port = login.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall((f"PUT {target} HTTP/1.1\r\nHost: {host}\r\nAuthorization: "
                            f"{authorization}\r\nContent-Type: application/n-triples\r\n"
                            f"Content-Length: {len(body)}\r\n\r\n").encode()
                           + body[: len(body) // 2])
    time.sleep(1)
    assert sparql_count(login) == expected_triples
