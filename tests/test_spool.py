"""Dumps written while they are made (publishing/spool.py, rdf/serialize.py's chunks): the
same bytes as the whole text, gzipped as `gzipped` does it, and no spool folder left."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys

import pyoxigraph as ox
import pytest
from conftest import BASE

from gremien_rdf.digests import Spooled, bytes_of, digest_of, size_of
from gremien_rdf.publishing import spool
from gremien_rdf.publishing.distributions import gzipped
from gremien_rdf.publishing.spool import remove_leftovers, spool_folder, spool_text
from gremien_rdf.rdf.convert import register_graph
from gremien_rdf.rdf.serialize import chunks, json_ld, ntriples
from gremien_rdf.rdf.triples import Triples, nt

PIECES = {
    "nothing": [],
    "one empty piece": [""],
    "one line": ["<a> <b> <c> .\n"],
    # more than one batch (1 MiB of text each), with characters of 2 to 4 bytes cut
    # between pieces
    "several batches": [f"Straße {n} – Hessen 𝔊 {'ü' * (n % 97)}\n" for n in range(60_000)],
}


@pytest.mark.parametrize("case", PIECES)
def test_a_spooled_file_and_its_gzipped_copy_are_the_bytes_of_the_whole_text(tmp_path, case):
    text = "".join(PIECES[case]).encode("utf-8")
    files = spool_text(tmp_path, "gremien.nt", iter(PIECES[case]))
    assert sorted(files) == ["gremien.nt", "gremien.nt.gz"]
    assert (tmp_path / "gremien.nt").read_bytes() == text
    assert (tmp_path / "gremien.nt.gz").read_bytes() == gzipped(text)
    assert gzip.decompress((tmp_path / "gremien.nt.gz").read_bytes()) == text
    for name, spooled in files.items():
        data = (tmp_path / name).read_bytes()
        assert spooled == Spooled(tmp_path / name, len(data), hashlib.sha256(data).hexdigest())
        assert (size_of(spooled), digest_of(spooled), bytes_of(spooled)) == (
            len(data), hashlib.sha256(data).hexdigest(), data)
    if case == "several batches":
        assert len(text) > 2 * spool._BATCH


def test_the_spool_folder_is_removed_after_use_and_after_a_failure(tmp_path):
    output = tmp_path / "dist"
    with spool_folder(output) as folder:
        assert folder.parent == tmp_path and folder.name.startswith(".dist.gremien-rdf-spool-")
        spool_text(folder, "gremien.ttl", ["x"])
    with pytest.raises(RuntimeError), spool_folder(output) as folder:
        spool_text(folder, "gremien.ttl", ["x"])
        raise RuntimeError("the build failed")
    assert list(tmp_path.iterdir()) == []


HOLD = """
import sys, time
from pathlib import Path
from gremien_rdf.publishing.spool import spool_folder
with spool_folder(Path(sys.argv[1])) as folder:
    print(folder, flush=True)
    sys.stdin.read()  # until the test closes it
"""


def test_a_killed_runs_spool_is_removed_and_a_running_ones_is_kept(tmp_path):
    output = tmp_path / "dist"
    leftover = tmp_path / ".dist.gremien-rdf-spool-k1ll3d_0"
    leftover.mkdir()
    (leftover / "gremien.nt").write_bytes(b"half")
    others = [tmp_path / ".other.gremien-rdf-spool-k1ll3d_0", tmp_path / "notes"]
    for folder in others:
        folder.mkdir()
    running = subprocess.Popen([sys.executable, "-c", HOLD, str(output)], text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert running.stdout is not None and running.stdin is not None
        in_use = tmp_path / running.stdout.readline().strip()
        assert in_use.is_dir() and not leftover.exists()  # its start removed the leftover
        leftover.mkdir()
        remove_leftovers(output)
        assert in_use.is_dir() and not leftover.exists()
        assert all(folder.is_dir() for folder in others)  # not of this output / no spool
    finally:
        running.communicate("")
    assert not in_use.exists()


def test_n_triples_written_a_subject_at_a_time_are_sorted_as_whole_lines():
    """Sorting by subject, then line, is the order of all lines: also where one subject's
    name is the start of another's (blank nodes _:b and _:b1, IRIs …/a and …/a/b)."""
    a, ab = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/a/b")
    b, b1 = ox.BlankNode("b"), ox.BlankNode("b1")
    p, q = ox.NamedNode("https://example.org/p"), ox.NamedNode("https://example.org/p2")
    objects = [ox.Literal("x"), ox.Literal("x", language="de"), ox.Literal("x\ty"),
               ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
               a, ab, b1]
    data = Triples((s, pred, o) for s in (ab, b1, a, b) for pred in (q, p) for o in objects)
    lines = sorted(f"{nt(s)} {nt(pred)} {nt(o)} .\n" for s, pred, o in data)
    assert ntriples(data) == "".join(lines)
    assert len(lines) == 4 * 2 * 7


def test_json_ld_written_an_object_at_a_time_is_what_json_dumps_gives(register, vocabularies):
    """Each top object dumped alone and indented into "@graph" gives the text of one
    json.dumps of the whole document (the real register, and an empty graph)."""
    for data in (register_graph(register, vocabularies).triples, Triples()):
        text = json_ld(data, BASE)
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
        pieces = list(chunks(data, "json-ld", BASE))
        assert len(pieces) == len(json.loads(text)["@graph"]) + 1
    assert json.loads(json_ld(Triples(), BASE))["@graph"] == []
