"""A wheel (not an editable install) carries every resource and builds from another folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow  # pip builds and installs a wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "--wheel-dir", str(out), str(ROOT)],
        check=True, capture_output=True,
    )
    (path,) = out.glob("gremien_rdf-*.whl")
    return path


def test_wheel_carries_the_resources(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "gremien_rdf/_resources/ontology/gremien.ttl",
        "gremien_rdf/_resources/ontology/context.jsonld",
        "gremien_rdf/_resources/ontology/vocabularies/akteure.ttl",
        "gremien_rdf/_resources/data/gremien.yaml",
        "gremien_rdf/_resources/shapes/gremien.shapes.ttl",
        "gremien_rdf/_resources/shapes/metadata/catalog.shapes.ttl",
        "gremien_rdf/_resources/publication.yaml",
        "gremien_rdf/_resources/data/reference/dcat-ap-de-licences.csv",
        "gremien_rdf/_resources/queries/bodies-per-land.rq",
        "gremien_rdf/_resources/queries/checks/body-without-participant.rq",
        "gremien_rdf/py.typed",
        "gremien_rdf/site/templates/base.html",
        "gremien_rdf/site/templates/htaccess",
        "gremien_rdf/site/assets/site.js",
        "gremien_rdf/site/assets/query.js",
        "gremien_rdf/site/assets/vendor/oxigraph/oxigraph.js",
        "gremien_rdf/site/assets/vendor/oxigraph/oxigraph-wasm.js",
        "gremien_rdf/site/assets/vendor/oxigraph/LICENSE-MIT",
        "gremien_rdf/site/assets/vendor/oxigraph/LICENSE-APACHE",
        "gremien_rdf/site/assets/vendor/oxigraph/vendor.json",
        "gremien_rdf/site/assets/vendor/oxigraph/README.md",
        "gremien_rdf/site/messages.yaml",
        "gremien_rdf/site/terms.yaml",
    ):
        assert expected in names


def test_installed_wheel_builds_from_another_folder(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(site), str(wheel)], check=True, capture_output=True)
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("GREMIEN_RDF_RESOURCES", None)
    where = subprocess.run(
        [sys.executable, "-c", "import gremien_rdf, gremien_rdf.resources as r;"
         "print(gremien_rdf.__file__); print(r.resource_root())"],
        cwd=workdir, env=env, capture_output=True, text=True, check=True,
    ).stdout.split()
    assert all(line.startswith(str(site)) for line in where), where
    result = subprocess.run(
        [sys.executable, "-m", "gremien_rdf", "build", "--output", str(tmp_path / "x")],
        cwd=workdir, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Built 44 bodies" in result.stdout
    assert (tmp_path / "x" / "gremien.ttl").stat().st_size > 0
    assert "cc-by/4.0" in (tmp_path / "x" / "catalog.ttl").read_text("utf-8")
    assert (tmp_path / "x" / "site" / "gremium" / "sl-jour-fixe.html").stat().st_size > 0
    listed = subprocess.run(
        [sys.executable, "-m", "gremien_rdf", "query", "run", "laender-without-body", "-f", "csv"],
        cwd=workdir, env=env, capture_output=True, text=True,
    )
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 4  # header and the three Länder without a body
