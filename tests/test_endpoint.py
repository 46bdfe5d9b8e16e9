"""The stored queries give the same answers from a real Oxigraph server (SPARQL 1.1 Protocol)
as in process. The server (PyPI package `oxigraph`) runs on 127.0.0.1 for this module only."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from click.testing import CliRunner
from conftest import BASE

from gremien_rdf.cli import cli
from gremien_rdf.queries import catalogue, find_query, render, run
from gremien_rdf.remote import RemoteError, Server


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
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(RemoteError, match="cannot reach the endpoint"):
        run(find_query("bodies-per-land"), data, {}, "en", f"http://127.0.0.1:{port}/query",
            server=Server(timeout=2, retries=0))


def test_an_endpoint_that_answers_html_is_a_server_failure(tmp_path, data):
    (tmp_path / "query").write_text("<html>not SPARQL</html>", encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                               "127.0.0.1", "--directory", str(tmp_path)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/query", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        # http.server answers POST with 501: a server failure, with a clear message
        with pytest.raises(RemoteError, match="endpoint"):
            run(find_query("bodies-per-land"), data, {}, "en",
                f"http://127.0.0.1:{port}/query", server=Server(timeout=5, retries=0))
    finally:
        server.terminate()
        server.wait(timeout=10)
