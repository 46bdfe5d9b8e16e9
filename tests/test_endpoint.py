"""The stored queries give the same answers from a real Oxigraph server (SPARQL 1.1 Protocol)
as in process. The server (PyPI package `oxigraph`) runs on 127.0.0.1 for this module only.
And what a query says when the endpoint cannot be reached, answers with a web page or
refuses the query (small servers in a thread)."""

from __future__ import annotations

import http.server

import pytest
from click.testing import CliRunner
from conftest import BASE, free_port, serving, serving_site

from gremien_rdf.cli import cli
from gremien_rdf.queries.results import render
from gremien_rdf.queries.run import run
from gremien_rdf.queries.stored import catalogue, find_query
from gremien_rdf.remote.client import RemoteError, Server


@pytest.fixture(scope="module")
def endpoint(oxigraph_server, dist) -> str:
    """The query URL of a read-only Oxigraph server holding the build's data and
    vocabularies."""
    return oxigraph_server([dist / "gremien.nt", dist / "vocabularies.ttl"],
                           read_only=True) + "/query"


@pytest.mark.parametrize("query", catalogue(), ids=lambda q: q.name)
def test_same_results_in_process_and_from_the_server(query, data, endpoint):
    local = render(run(query, data, {}, "de"), "csv", BASE).splitlines()
    remote = render(run(query, data, {}, "de", endpoint), "csv", BASE).splitlines()
    assert local[0] == remote[0]
    assert sorted(local[1:]) == sorted(remote[1:])  # ties in ORDER BY may come in any order


def test_cli_endpoint_with_a_parameter(endpoint):
    result = CliRunner().invoke(cli, ["query", "run", "bodies-with-actor", "--param",
                                      "actor=LKA", "--endpoint", endpoint, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert len({line.split(",")[0] for line in result.output.splitlines()[1:]}) == 6


def test_unreachable_endpoint_is_a_server_failure(data):
    port = free_port()  # nobody listens there
    with pytest.raises(RemoteError, match="cannot reach the endpoint"):
        run(find_query("bodies-per-land"), data, {}, "en", f"http://127.0.0.1:{port}/query",
            server=Server(timeout=2, retries=0))


class LoginPage(http.server.BaseHTTPRequestHandler):
    """A web server where the endpoint should be: a sign-in page (200, text/html) for
    every GET and POST, as a proxy or a portal in front of a store answers."""

    PAGE = (b'<!DOCTYPE html>\n<html lang="en"><head><title>Sign in</title></head><body>'
            b'<form method="post" action="/login"><input name="user"> '
            b'<input name="password" type="password"> <button>Sign in</button></form>'
            b"</body></html>\n")

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.PAGE)))
        self.end_headers()
        self.wfile.write(self.PAGE)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.do_GET()


def test_an_endpoint_that_answers_html_is_a_server_failure(data):
    """The library and the command say that the answer is not SPARQL results and what to
    check; the command exits with 3 (a server failed) and shows no traceback."""
    said = "error: the endpoint did not answer with SPARQL JSON results: "
    fix = "\n    fix: check that the URL is the endpoint's query URL"
    with serving(LoginPage) as address:
        with pytest.raises(RemoteError) as caught:
            run(find_query("bodies-per-land"), data, {}, "en", address + "/query",
                server=Server(timeout=5, retries=0))
        result = CliRunner().invoke(cli, ["query", "run", "bodies-per-land", "--endpoint",
                                          address + "/query"])
    assert str(caught.value).startswith(said) and str(caught.value).endswith(fix)
    assert result.exit_code == 3, result.output
    assert result.output.startswith(said) and result.output.endswith(f"{fix}\n1 problem.\n")
    assert "Traceback" not in result.output


def test_an_endpoint_that_refuses_a_post_is_a_server_failure(data, tmp_path):
    """A web server that serves files only (http.server answers a POST with 501)."""
    with serving_site(tmp_path) as address, \
            pytest.raises(RemoteError, match="the endpoint answered 501"):
        run(find_query("bodies-per-land"), data, {}, "en", address + "query",
            server=Server(timeout=5, retries=0))
