"""Where the tests find files of ../shared that must not be copied into the repository."""

from __future__ import annotations

import os
from pathlib import Path

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
