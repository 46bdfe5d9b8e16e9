"""Writing outputs (gremien_rdf.publishing.files): files written all or none, a folder
replaced by an atomic swap, so that a failed, broken or killed run leaves the previous output whole.
(The hostile cases, files of the user's, links and mount points, are in test_safety.py.)"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import CURATED, KILLER, SETTINGS, digests

from gremien_rdf.cli import cli
from gremien_rdf.publishing.files import MANIFEST, write_files
from gremien_rdf.publishing.swap import replace_folder


def test_a_failed_write_replaces_nothing(dist, tmp_path):
    out = tmp_path / "out"  # files of the user's (write_files refuses files of a build)
    out.mkdir()
    for name in ("gremien.ttl", "gremien.nt"):
        shutil.copy(dist / name, out / name)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (out / "gremien.nt").unlink()
    (out / "gremien.nt").mkdir()  # a folder where a file must go
    with pytest.raises(IsADirectoryError):
        write_files([(out / "gremien.ttl", b"new"), (out / "gremien.nt", b"new")])
    assert (out / "gremien.ttl").read_bytes() == before["gremien.ttl"]
    # no temporary leftovers
    assert sorted(p.name for p in out.iterdir()) == sorted(before)


def test_a_failed_build_leaves_the_previous_dist(dist, tmp_path):
    previous = digests(dist)
    broken = tmp_path / "broken.yaml"
    broken.write_text(CURATED.read_text("utf-8").replace("frequency: Einmal jährlich",
                                                         "frequency: Einmal", 1), "utf-8")
    result = CliRunner().invoke(cli, ["build", str(broken), "--output", str(dist)])
    assert result.exit_code == 2
    assert digests(dist) == previous


def test_a_write_that_fails_half_way_keeps_the_old_folder(tmp_path, monkeypatch):
    folder = tmp_path / "dist"
    replace_folder(folder, {"a.ttl": b"old a", "b.ttl": b"old b"})
    calls = []
    original = type(folder).write_bytes

    def failing(path, data):
        calls.append(path.name)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(path))
        return original(path, data)

    monkeypatch.setattr(type(folder), "write_bytes", failing)
    with pytest.raises(OSError):
        replace_folder(folder, {"a.ttl": b"new a", "b.ttl": b"new b"})
    monkeypatch.undo()
    assert (folder / "a.ttl").read_bytes() == b"old a"
    assert (folder / "b.ttl").read_bytes() == b"old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]  # no staging left


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """Two builds that differ (another version), and the settings of the second."""
    folder = tmp_path_factory.mktemp("two-builds")
    newer = folder / "publication.yaml"
    newer.write_text(SETTINGS.read_text("utf-8").replace("version: 1.0.0", "version: 1.0.1"),
                     encoding="utf-8")
    command = [sys.executable, "-m", "gremien_rdf", "build", "--output"]
    subprocess.run([*command, str(folder / "old")], check=True, capture_output=True)
    subprocess.run([*command, str(folder / "new"), "--settings", str(newer)], check=True,
                   capture_output=True)
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("moment, number, survivor", [
    ("write", 1, "old"), ("write", 12, "old"), ("write", 300, "old"), ("write", 928, "old"),
    ("before-swap", 0, "old"), ("after-swap", 0, "new")])
def test_a_build_killed_while_it_writes_leaves_a_complete_dist(two_builds, tmp_path, moment,
                                                              number, survivor):
    """Whatever moment the second build is killed at, dist/ is the whole old build or the
    whole new one, never a mix."""
    expected = {name: digests(two_builds / name) for name in ("old", "new")}
    assert expected["old"] != expected["new"] and len(expected["old"]) == 928  # and manifest
    out = tmp_path / "dist"
    shutil.copytree(two_builds / "old", out)
    killed = subprocess.run([sys.executable, "-c", KILLER, moment, str(number), "build",
                             "--output", str(out), "--settings",
                             str(two_builds / "publication.yaml")],
                            capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert digests(out) == expected[survivor]
    check = subprocess.run(["sha256sum", "--check", "--strict", "--quiet", "SHA256SUMS"],
                           cwd=out, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "dist"]
    assert all(name.startswith(".dist.gremien-rdf-") for name in leftovers)
    if leftovers:  # the next build cleans up what the killed one left beside dist/
        replace_folder(out, {str(p.relative_to(out)): p.read_bytes()
                             for p in out.rglob("*") if p.is_file() and p.name != MANIFEST})
        assert [p.name for p in tmp_path.iterdir()] == ["dist"]


def test_a_file_digest_is_its_sha256_and_a_link_counts_only_when_followed(tmp_path):
    from gremien_rdf.digests import file_digest, sha256

    # the SHA-256 of "abc", from FIPS 180-2, appendix B.1
    abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    target = tmp_path / "abc.txt"
    target.write_bytes(b"abc")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert sha256(b"abc") == abc
    assert file_digest(target) == abc
    assert file_digest(link) is None  # the manifests of build: a link is no file of ours
    assert file_digest(link, follow_links=True) == abc  # the cache: the register it names
    assert file_digest(tmp_path) is None
    assert file_digest(tmp_path / "missing") is None
    assert file_digest(tmp_path / "missing", follow_links=True) is None
