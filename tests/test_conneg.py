"""Content negotiation by the generated rules, in real servers on 127.0.0.1: nginx (Debian's
nginx-light, with nginx/*.conf) and Apache (Debian's apache2, with .htaccess), each serving
dist/site/ at the root as it would be served at the base IRI. Every IRI of the data answers
HTML, Turtle or JSON-LD by the Accept header."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import BASE, free_port, wait_for
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from shared_files import require

from gremien_rdf.rdf.namespaces import GMH

pytestmark = pytest.mark.slow  # nginx and Apache, each in a process of its own


@pytest.fixture(scope="module", params=["nginx", "apache"])
def nginx(request, dist, tmp_path_factory):
    """The base URL of the site, served by nginx or by Apache."""
    if request.param == "apache":
        yield from apache(dist, tmp_path_factory)
        return
    binary = require("nginx", "nginx-light")
    site = dist / "site"
    work = tmp_path_factory.mktemp("nginx")
    port = free_port()
    temp = "".join(f"{kind}_temp_path {work}/{kind};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (work / "nginx.conf").write_text(
        ("user root root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes 1;\npid {work}/nginx.pid;\nerror_log {work}/error.log;\n"
        f"events {{}}\nhttp {{\naccess_log off;\n{temp}"
        f"include {site}/nginx/http.conf;\n"
        f"server {{\nlisten 127.0.0.1:{port};\nroot {site};\n"
        f"include {site}/nginx/server.conf;\n}}\n}}\n", encoding="utf-8")
    test = subprocess.run([binary, "-t", "-p", str(work), "-c", str(work / "nginx.conf")],
                          capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    yield from running([binary, "-p", str(work), "-c", str(work / "nginx.conf"),
                        "-g", "daemon off;"], port)


def running(command: list[str], port: int):
    """Start a server, wait until it answers on `port`, yield its URL, stop it."""
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(url)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


APACHE_MODULES = ("mpm_event", "authz_core", "dir", "mime", "rewrite", "headers", "alias")


def apache(dist, tmp_path_factory):
    binary = require("apache2", "apache2")
    work = tmp_path_factory.mktemp("apache")
    # Apache's workers run as nobody: serve a world-readable copy of the site
    public = Path(tempfile.mkdtemp(prefix="gremien-rdf-site-"))
    public.chmod(0o755)
    root = public / "site"
    shutil.copytree(dist / "site", root)
    port = free_port()
    modules = "".join(f"LoadModule {name}_module /usr/lib/apache2/modules/mod_{name}.so\n"
                      for name in APACHE_MODULES)
    (work / "httpd.conf").write_text(
        f"ServerRoot {work}\nDefaultRuntimeDir {work}\nPidFile {work}/httpd.pid\n"
        f"ErrorLog {work}/error.log\nListen 127.0.0.1:{port}\nServerName 127.0.0.1\n"
        f"{modules}User nobody\nGroup nogroup\nTypesConfig /etc/mime.types\n"
        f"DirectoryIndex index.html\nDocumentRoot {root}\n"
        f"<Directory {root}>\nAllowOverride All\nRequire all granted\n</Directory>\n",
        encoding="utf-8")
    try:
        yield from running([binary, "-f", str(work / "httpd.conf"), "-DFOREGROUND"], port)
    finally:
        shutil.rmtree(public, ignore_errors=True)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def get(url: str, accept: str | None, follow: bool = True):
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(
        _NoRedirect)
    try:
        with opener.open(request, timeout=10) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


BODY = "gremium/sl-jour-fixe"


def test_turtle_for_accept_text_turtle(nginx):
    status, headers, body = get(nginx + BODY, "text/turtle")
    assert status == 200
    assert headers["Content-Type"].startswith("text/turtle")
    assert "Accept" in headers["Vary"]
    graph = Graph().parse(data=body.decode("utf-8"), format="turtle")
    assert (URIRef(BASE + BODY), RDF.type, GMH.Body) in graph


def test_json_ld_for_accept_json_ld(nginx):
    status, headers, body = get(nginx + BODY, "application/ld+json")
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    graph = Graph().parse(data=body.decode("utf-8"), format="json-ld")
    assert (URIRef(BASE + BODY), RDF.type, GMH.Body) in graph


@pytest.mark.parametrize("accept", [None, "text/html",
                                    "text/html,application/xhtml+xml,*/*;q=0.8"])
def test_html_for_browsers(nginx, accept):
    status, headers, body = get(nginx + BODY, accept)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b"<h1 lang=\"de\">Jour Fixe</h1>" in body


def test_parts_of_a_body_redirect_to_its_page(nginx):
    status, headers, _ = get(nginx + BODY + "/teilnahme/fbs", "text/turtle", follow=False)
    assert status == 303
    assert headers["Location"].endswith("/" + BODY)


def test_the_base_iri_answers_the_catalogue(nginx):
    status, headers, body = get(nginx, "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert b"dcat:Dataset" in body
    status, headers, body = get(nginx, "text/html")
    assert status == 200 and b"<html lang=\"de\">" in body
    status, _, body = get(nginx + "en/", None)
    assert status == 200 and b"<html lang=\"en\">" in body
    status, _, body = get(nginx + "en/", "text/turtle")
    assert status == 200 and b"dcat:Dataset" in body
    status, headers, _ = get(nginx + "en", None, follow=False)
    assert status == 301 and headers["Location"].endswith("/en/")


def test_the_rules_themselves_are_not_served(nginx):
    for path in (".htaccess", "nginx/server.conf"):
        assert get(nginx + path, None)[0] == 404, path
    status, headers, _ = get(nginx + "download/SHA256SUMS", None)
    assert status == 200 and headers["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize("path, media_type", [
    ("download/gremien.csv", "text/csv"),
    ("download/akteure.csv", "text/csv"),
    ("download/gremien.xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("download/csv-metadata.json", "application/csvm+json"),
    ("download/datapackage.json", "application/json"),
    ("zitieren/gremien.bib", "application/x-bibtex"),
    ("zitieren/gremien.ris", "application/x-research-info-systems"),
    ("en/zitieren/gremien.csl.json", "application/vnd.citationstyles.csl+json"),
    ("diagramm/gremien-je-land.svg", "image/svg+xml"),
    ("en/diagramm/akteurstypen.csv", "text/csv"),
])
def test_tables_and_citations_are_served_with_their_media_types(nginx, path, media_type):
    """The media types catalog.ttl states for the tables (and the usual ones for the
    citations), not application/octet-stream."""
    status, headers, _ = get(nginx + path, None)
    assert status == 200, path
    assert headers["Content-Type"].split(";")[0] == media_type, path


def test_the_ontology_and_a_downloaded_dump(nginx):
    status, headers, body = get(nginx + "def", "text/turtle")
    assert status == 200 and b"owl:Ontology" in body
    status, headers, body = get(nginx + "download/gremien.jsonld", None)
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    assert json.loads(body)["@graph"]


def test_every_iri_of_the_data_and_vocabularies_resolves(nginx, dist):
    """Each subject IRI under the base answers Turtle that describes it, and HTML."""
    graph = Graph().parse(dist / "gremien.nt")
    graph.parse(dist / "vocabularies.ttl")
    subjects = sorted({s for s in graph.subjects() if str(s).startswith(BASE)})
    assert len(subjects) > 400
    for subject in subjects:
        path = str(subject)[len(BASE):]
        status, _, body = get(nginx + path, "text/turtle")
        assert status == 200, path
        described = Graph().parse(data=body.decode("utf-8"), format="turtle")
        assert (subject, None, None) in described, path
        status, headers, _ = get(nginx + path, "text/html")
        assert status == 200 and headers["Content-Type"].startswith("text/html"), path
