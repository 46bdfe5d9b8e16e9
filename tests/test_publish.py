"""`gremien-rdf publish` against a real Oxigraph server (PyPI `oxigraph`) on 127.0.0.1, and
against small stand-in servers for what a real one will not do on demand (ask for a
password, answer slowly, fail once)."""

from __future__ import annotations

import base64
import http.server
import json
import re
import socket
import time
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner
from conftest import BASE, free_port, md5, serving, use_credentials, use_netrc
from rdflib import Graph

from gremien_rdf.cli import cli
from gremien_rdf.queries.results import render
from gremien_rdf.queries.run import run
from gremien_rdf.queries.stored import catalogue

GRAPH = BASE + "datensatz/gremien"
UPLOADED = ("gremien.nt", "vocabularies.ttl", "ontology.ttl", "void.ttl", "catalog.ttl")


@pytest.fixture(scope="module")
def expected_triples(dist):
    """The union of the uploaded files, counted by rdflib (not by the code under test)."""
    union = Graph()
    for name in UPLOADED:
        union.parse(dist / name)
    return len(union)


@pytest.fixture(scope="module")
def store(oxigraph_server) -> str:
    """A fresh, writable Oxigraph server; its base URL."""
    return oxigraph_server()


def sparql_count(store: str, graph: str = GRAPH) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    request = urllib.request.Request(store + "/query", data=query.encode(), method="POST",
                                     headers={"Content-Type": "application/sparql-query",
                                              "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return int(json.load(answer)["results"]["bindings"][0]["n"]["value"])


def graph_text(store: str) -> bytes:
    url = f"{store}/store?{urllib.parse.urlencode({'graph': GRAPH})}"
    request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.read()


def publish(*args: str):
    return CliRunner().invoke(cli, ["publish", *args])


@pytest.fixture(scope="module")
def published(store, dist):
    """The build published once into the store (the round trip the tests below read): the
    command's result."""
    return publish("--endpoint", store + "/store", "--dist", str(dist))


def test_upload_then_count_through_sparql(published, store, expected_triples):
    result = published
    assert result.exit_code == 0, result.output
    assert f"Published {expected_triples:,} triples" in result.output
    assert f"into graph <{GRAPH}>" in result.output
    assert f"the server holds {expected_triples:,} triples" in result.output
    assert sparql_count(store) == expected_triples
    assert sparql_count(store, BASE + "other") == 0


def test_upload_again_gives_the_same_graph(store, dist, expected_triples):
    assert publish("--endpoint", store + "/store", "--dist", str(dist)).exit_code == 0
    before = sorted(graph_text(store).splitlines())
    result = publish("--endpoint", store + "/store", "--dist", str(dist))
    assert result.exit_code == 0, result.output
    assert sparql_count(store) == expected_triples
    assert sorted(graph_text(store).splitlines()) == before


@pytest.mark.parametrize("query", catalogue(), ids=lambda q: q.name)
def test_stored_queries_answer_the_same_from_the_published_graph(published, store, data, query):
    assert published.exit_code == 0
    local = render(run(query, data, {}, "de"), "csv", BASE).splitlines()
    remote = render(run(query, data, {}, "de", store + "/query", GRAPH), "csv",
                    BASE).splitlines()
    assert local[0] == remote[0]
    assert sorted(local[1:]) == sorted(remote[1:])


def test_another_graph_iri(store, dist, expected_triples):
    other = "https://example.org/graph/gremien"
    result = publish("--endpoint", store + "/store", "--dist", str(dist), "--graph", other)
    assert result.exit_code == 0, result.output
    assert sparql_count(store, other) == expected_triples


@pytest.mark.slow
def test_server_down_is_exit_3_with_a_message(dist):
    port = free_port()  # nobody listens there
    result = publish("--endpoint", f"http://127.0.0.1:{port}/store", "--dist", str(dist),
                     "--retries", "1")
    assert result.exit_code == 3
    assert "cannot reach the graph store" in result.output
    assert "(2 attempts)" in result.output
    assert "Traceback" not in result.output


def test_a_wrong_url_leaves_the_graph_as_it_was(store, dist, expected_triples):
    assert publish("--endpoint", store + "/store", "--dist", str(dist)).exit_code == 0
    result = publish("--endpoint", store + "/query", "--dist", str(dist))
    assert result.exit_code == 3
    assert "404" in result.output and "Graph Store Protocol URL" in result.output
    assert sparql_count(store) == expected_triples


def test_an_upload_cut_off_half_way_leaves_the_graph_as_it_was(store, dist, expected_triples):
    """The connection breaks in the middle of the body: the server keeps the old graph."""
    assert publish("--endpoint", store + "/store", "--dist", str(dist)).exit_code == 0
    body = (dist / "gremien.nt").read_bytes()
    host, port = store.removeprefix("http://").split(":")
    path = f"/store?{urllib.parse.urlencode({'graph': GRAPH})}"
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall((f"PUT {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: "
                            f"application/n-triples\r\nContent-Length: {len(body)}\r\n\r\n")
                           .encode() + body[: len(body) // 2])
    time.sleep(0.5)
    assert sparql_count(store) == expected_triples


def test_a_changed_file_is_not_uploaded(store, dist, tmp_path, expected_triples):
    assert publish("--endpoint", store + "/store", "--dist", str(dist)).exit_code == 0
    copy = tmp_path / "dist"
    copy.mkdir()
    for path in dist.iterdir():
        if path.is_file():
            (copy / path.name).write_bytes(path.read_bytes())
    with (copy / "gremien.nt").open("ab") as handle:
        handle.write(b"<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n")
    result = publish("--endpoint", store + "/store", "--dist", str(copy))
    assert result.exit_code == 2
    assert "SHA256SUMS:" in result.output
    assert "gremien.nt does not match its checksum" in result.output
    assert sparql_count(store) == expected_triples


def test_a_folder_that_is_no_build(tmp_path):
    result = publish("--endpoint", "http://127.0.0.1:1/store", "--dist", str(tmp_path))
    assert result.exit_code == 2
    assert "has no SHA256SUMS" in result.output


class StandIn(http.server.BaseHTTPRequestHandler):
    """A Graph Store stand-in: keeps the last PUT body, answers GET with it.

    `script` lists what to do for each PUT or GET in turn: "ok", "503", "slow" (answer
    after 3 s), "html" (200 with a web page typed as N-Triples), "half" (only half of the
    graph, as a server that cuts its answers short) or "redirect" (302 to `elsewhere`).
    `auth` makes every request (HEAD too) need the password: "basic" and "digest" challenge
    with that scheme (the Digest answer is checked here, independently of the code under
    test), "bare" answers 401 without naming a scheme and takes Basic."""

    script: list[str] = []
    requests: list[tuple[str, str | None]] = []
    stored: bytes = b""
    password = "s3cret-Pa55"
    elsewhere = ""
    auth: str | None = None

    def log_message(self, *args):  # quiet
        pass

    def _answer(self, status: int, body: bytes = b"", kind: str = "text/plain",
                extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _authorized(self) -> bool:
        given = self.headers.get("Authorization") or ""
        if self.auth in ("basic", "bare"):
            return given == basic("editor", self.password)
        fields = dict(re.findall(r'(\w+)="?([^",]*)"?', given.removeprefix("Digest ")))
        if not given.startswith("Digest ") or fields.get("username") != "editor":
            return False
        secret = md5(f"editor:{DIGEST_REALM}:{self.password}")
        wanted = md5(f"{secret}:{DIGEST_NONCE}:{fields.get('nc')}:{fields.get('cnonce')}:auth:"
                     f"{md5(f'{self.command}:{self.path}')}")
        return fields.get("uri") == self.path and fields.get("response") == wanted

    def _refused(self) -> bool:
        """Answer 401 unless the request has the password (or none is needed)."""
        self.requests.append((self.command, self.headers.get("Authorization")))
        if self.auth is None or self._authorized():
            return False
        challenge = {"basic": {"WWW-Authenticate": 'Basic realm="graph store"'},
                     "digest": {"WWW-Authenticate": f'Digest realm="{DIGEST_REALM}", '
                                f'nonce="{DIGEST_NONCE}", qop="auth", algorithm=MD5'},
                     "bare": {}}[self.auth]
        self._answer(401, b"who are you?", extra=challenge)
        return True

    def _serve(self, put: bool) -> None:
        if put:
            body = self.rfile.read(int(self.headers["Content-Length"]))
        if self._refused():
            return None
        action = self.script.pop(0) if self.script else "ok"
        if action == "slow":
            time.sleep(3)
        if action == "503":
            return self._answer(503, b"busy")
        if action == "html":
            return self._answer(200, b"<html><body>Welcome</body></html>",
                                "application/n-triples")
        if action == "redirect":
            return self._answer(302, extra={"Location": self.elsewhere})
        if put:
            type(self).stored = body
            return self._answer(204)
        graph = type(self).stored
        if action == "half":
            lines = graph.splitlines(keepends=True)
            graph = b"".join(lines[: len(lines) // 2])
        return self._answer(200, graph, "application/n-triples")

    def do_HEAD(self):
        if not self._refused():
            self._answer(200, kind="application/n-triples")

    def do_PUT(self):
        self._serve(put=True)

    def do_GET(self):
        self._serve(put=False)


DIGEST_REALM, DIGEST_NONCE = "stand-in", "f00dcafe"


@pytest.fixture
def stand_in():
    StandIn.script, StandIn.requests, StandIn.stored, StandIn.auth = [], [], b"", None
    with serving(StandIn) as address:
        yield address + "/store"


@pytest.mark.slow
def test_a_503_is_tried_again(stand_in, dist):
    StandIn.script = ["503", "ok", "ok"]
    result = publish("--endpoint", stand_in, "--dist", str(dist))
    assert result.exit_code == 0, result.output
    assert [method for method, _ in StandIn.requests] == ["HEAD", "PUT", "HEAD", "PUT", "GET"]


@pytest.mark.slow
def test_a_slow_server_times_out(stand_in, dist):
    StandIn.script = ["slow", "slow"]
    result = publish("--endpoint", stand_in, "--dist", str(dist), "--timeout", "0.5",
                     "--retries", "1")
    assert result.exit_code == 3
    assert "no answer from the graph store within 0.5 s (2 attempts)" in result.output


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_credentials_go_only_when_asked_and_are_never_printed(stand_in, dist, monkeypatch):
    """The body is sent once, with the credentials the server has just accepted (HEAD)."""
    use_credentials(monkeypatch, "editor", StandIn.password)
    StandIn.auth = "basic"
    result = publish("--endpoint", stand_in, "--dist", str(dist))
    assert result.exit_code == 0, result.output
    right = basic("editor", StandIn.password)
    assert StandIn.requests == [("HEAD", None), ("HEAD", right), ("PUT", right),
                                ("GET", None), ("GET", right)]
    monkeypatch.setenv("GREMIEN_RDF_PASSWORD", "wrong-password")
    StandIn.requests.clear()
    result = publish("--endpoint", stand_in, "--dist", str(dist))
    assert result.exit_code == 3
    assert "401" in result.output and "refused the user and password" in result.output
    assert [method for method, _ in StandIn.requests] == ["HEAD", "HEAD"]  # no body sent
    for secret in ("wrong-password", basic("editor", "wrong-password").split()[1],
                   StandIn.password):
        assert secret not in result.output


def test_without_credentials_the_body_is_not_sent_to_a_server_that_wants_them(
        stand_in, dist, monkeypatch, tmp_path):
    use_netrc(monkeypatch, tmp_path, None)
    StandIn.auth = "basic"
    result = publish("--endpoint", stand_in, "--dist", str(dist))
    assert result.exit_code == 3
    assert "401" in result.output and "GREMIEN_RDF_USER" in result.output
    assert StandIn.requests == [("HEAD", None)]


def test_a_digest_server_gets_digest_and_never_basic(stand_in, dist, monkeypatch):
    use_credentials(monkeypatch, "editor", StandIn.password)
    StandIn.auth = "digest"
    result = publish("--endpoint", stand_in, "--dist", str(dist))
    assert result.exit_code == 0, result.output
    assert [method for method, _ in StandIn.requests] == ["HEAD", "HEAD", "PUT", "GET", "GET"]
    sent = [auth for _, auth in StandIn.requests if auth]
    assert len(sent) == 3 and all(auth.startswith("Digest ") for auth in sent)
    assert 'nc=00000002' in sent[1]  # the PUT reuses the nonce the HEAD was answered with
    assert not any(StandIn.password in auth for auth in sent)


def test_a_401_that_names_no_scheme_is_answered_with_basic(stand_in, dist, monkeypatch):
    use_credentials(monkeypatch, "editor", StandIn.password)
    StandIn.auth = "bare"
    result = publish("--endpoint", stand_in, "--dist", str(dist))
    assert result.exit_code == 0, result.output
    assert StandIn.requests[2] == ("PUT", basic("editor", StandIn.password))


def test_a_graph_read_back_short_is_a_server_failure(stand_in, dist):
    StandIn.script = ["ok", "half"]
    result = publish("--endpoint", stand_in, "--dist", str(dist))
    assert result.exit_code == 3
    assert "after the upload of" in result.output and "ResultSetMaxRows" in result.output


def test_a_redirect_is_not_followed_and_credentials_stay_home(stand_in, dist, monkeypatch):
    """urllib would follow a 302 with the Authorization header to any host."""
    with serving(StandIn) as other:
        StandIn.elsewhere = other + "/store"
        use_credentials(monkeypatch, "editor", StandIn.password)
        StandIn.auth = "basic"
        StandIn.script = ["redirect"]
        result = publish("--endpoint", stand_in, "--dist", str(dist))
    assert result.exit_code == 3
    assert f"redirects to {StandIn.elsewhere}" in result.output
    # the other server (same handler class) saw nothing
    assert [method for method, _ in StandIn.requests] == ["HEAD", "HEAD", "PUT"]


def test_an_answer_that_is_not_rdf_is_a_server_failure(stand_in, dist):
    StandIn.script = ["ok", "html"]
    result = publish("--endpoint", stand_in, "--dist", str(dist))
    assert result.exit_code == 3
    assert "but it is not" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("endpoint, message", [
    ("http://127.0.0.1:1/store#x", "fragment"),
    ("http://127.0.0.1:1/store?graph=https://example.org/g", "already names a graph"),
    ("http://127.0.0.1:1/störe", "not ASCII"),
    ("http://127.0.0.1:port/store", "cannot be used"),
])
def test_an_endpoint_that_cannot_be_used_is_refused_before_anything_is_sent(endpoint, message,
                                                                            dist):
    result = publish("--endpoint", endpoint, "--dist", str(dist))
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output


def test_a_fragment_never_reaches_the_server(store, dist, expected_triples):
    """Without the check, urllib drops '#x?graph=…' and the PUT replaces the whole store."""
    assert publish("--endpoint", store + "/store", "--dist", str(dist)).exit_code == 0
    assert publish("--endpoint", store + "/store#x", "--dist", str(dist)).exit_code == 2
    assert sparql_count(store) == expected_triples


def test_an_urn_names_a_graph_too(store, dist, expected_triples):
    result = publish("--endpoint", store + "/store", "--dist", str(dist), "--graph",
                     "urn:x-gremien-rdf:test")
    assert result.exit_code == 0, result.output
    assert sparql_count(store, "urn:x-gremien-rdf:test") == expected_triples


def test_credentials_from_netrc(stand_in, dist, monkeypatch, tmp_path):
    use_netrc(monkeypatch, tmp_path, f"machine 127.0.0.1 login editor password {StandIn.password}")
    StandIn.auth = "basic"
    result = publish("--endpoint", stand_in, "--dist", str(dist))
    assert result.exit_code == 0, result.output
    sent = [auth for _, auth in StandIn.requests if auth]
    assert len(sent) == 3 and all(auth.startswith("Basic ") for auth in sent)


def test_credentials_in_the_url_are_refused_and_not_echoed(dist):
    result = publish("--endpoint", "http://editor:hunter2@127.0.0.1:1/store", "--dist",
                     str(dist))
    assert result.exit_code == 2
    assert "carries credentials" in result.output
    assert "hunter2" not in result.output
