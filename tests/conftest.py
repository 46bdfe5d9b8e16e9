"""Shared fixtures: the shipped vocabularies, register and graph, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from gremien_rdf.convert import register_graph
from gremien_rdf.model import Register
from gremien_rdf.namespaces import DEFAULT_BASE_IRI
from gremien_rdf.source import load_register
from gremien_rdf.vocab import Vocabularies, load_vocabularies

ROOT = Path(__file__).resolve().parents[1]
RAW_TABLE = ROOT / "data" / "source" / "datenanhang-2-koordinierende-gremien.txt"
CURATED = ROOT / "data" / "gremien.yaml"
BASE = DEFAULT_BASE_IRI


@pytest.fixture(scope="session")
def vocabularies() -> Vocabularies:
    return load_vocabularies()


@pytest.fixture(scope="session")
def register(vocabularies: Vocabularies) -> Register:
    return load_register(CURATED, vocabularies)


@pytest.fixture(scope="session")
def graph(register: Register, vocabularies: Vocabularies) -> Graph:
    return register_graph(register, vocabularies).graph
