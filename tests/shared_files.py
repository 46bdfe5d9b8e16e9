"""What some tests need from outside the repository: GovData's shapes in ../shared (which
must not be copied in) and Debian's tools (rapper, chromium, nginx, a JDK, the OWL API,
Jena's jars)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENV_VAR = "GREMIEN_RDF_DCAT_AP_DE_SHACL"
#: GovData's DCAT-AP.de 3.0 shapes: $GREMIEN_RDF_DCAT_AP_DE_SHACL, or the workplace's copy
#: beside the repository (../shared/dcat-ap-de-shacl)
CANDIDATES = [
    *([Path(os.environ[ENV_VAR])] if os.environ.get(ENV_VAR) else []),
    ROOT.parent / "shared" / "dcat-ap-de-shacl",
    Path("/work/shared/dcat-ap-de-shacl"),
]


def dcat_ap_de_folder() -> Path:
    """The folder of GovData's shapes; the test is skipped, saying why, if there is none."""
    for folder in CANDIDATES:
        if (folder / "dcat-ap-spec-german-additions.ttl").is_file():
            return folder
    pytest.skip(f"GovData's DCAT-AP.de shapes are not here (looked in "
                f"{', '.join(map(str, CANDIDATES))}); set {ENV_VAR} to their folder")


def dcat_ap_de_file(name: str) -> Path:
    return dcat_ap_de_folder() / name


def require(tool: str, package: str) -> str:
    """The path of a command-line tool. Without it the test is skipped, saying why; in CI
    (GREMIEN_RDF_REQUIRE_TOOLS=1, set by .ci/run, which installs them) it fails."""
    path = shutil.which(tool) or next(
        (str(p) for p in (Path("/usr/sbin") / tool, Path("/usr/bin") / tool) if p.exists()),
        None)
    if path is None:
        missing(f"{tool} is not installed (Debian package {package}; .ci/run installs it)")
    return path


def require_file(path: Path, package: str) -> Path:
    """A file that a Debian package installs (a library's jar); skipped or failed as in
    `require`."""
    if not path.is_file():
        missing(f"{path} is not there (Debian package {package}; .ci/run installs it)")
    return path


def missing(message: str) -> NoReturn:
    """Skip the test, saying what is missing; in CI (GREMIEN_RDF_REQUIRE_TOOLS=1) fail it."""
    if os.environ.get("GREMIEN_RDF_REQUIRE_TOOLS"):
        pytest.fail(message)
    pytest.skip(message)


W3C_VAR = "GREMIEN_RDF_W3C_SHACL_TESTS"
#: the W3C SHACL test suite (data-shapes-test-suite/tests): $GREMIEN_RDF_W3C_SHACL_TESTS, or
#: the workplace's copy beside the repository (../shared/w3c-shacl-tests)
W3C_CANDIDATES = [
    *([Path(os.environ[W3C_VAR])] if os.environ.get(W3C_VAR) else []),
    ROOT.parent / "shared" / "w3c-shacl-tests",
    Path("/work/shared/w3c-shacl-tests"),
]


def w3c_shacl_folder() -> Path | None:
    """The folder of the W3C SHACL test suite (its manifest.ttl), or None."""
    return next((folder for folder in W3C_CANDIDATES
                 if (folder / "core" / "manifest.ttl").is_file()), None)
