"""The two sides of a diff: a register YAML file, a build (a `dist/` folder, or one of its
dumps: .ttl, .nt, .jsonld; see dumps), or a git revision of the repository the command
runs in (`main`, `HEAD~3`, `v1.0.0:data/gremien.yaml`).

A side that names an existing file is that file. Otherwise it is taken for a revision:
`REV` alone means REV's data/gremien.yaml, `REV:PATH` the file at PATH (relative to the
repository's top folder) in REV. The file of a revision is read with `git show` into a
private temporary folder, checked like any register, and every problem names it as
`REV:PATH`, line and column.

A revision's register is read with the vocabularies of that revision (its
ontology/vocabularies/*.ttl), so that a label it used still means what it meant then, and
the vocabularies themselves are compared; a revision without them, and a file, is read
with the vocabularies in use (shipped with gremien-rdf, or GREMIEN_RDF_RESOURCES').
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from gremien_rdf.editions.diff import Side
from gremien_rdf.editions.dumps import is_dump, load_dump
from gremien_rdf.errors import InputError, Problem, display_path, fail
from gremien_rdf.rdf.namespaces import DEFAULT_BASE_IRI, Iris
from gremien_rdf.rdf.vocabularies import Vocabularies, vocabulary_graph
from gremien_rdf.source.register import load_register

#: the register's file in a revision given without a path
DEFAULT_PATH = "data/gremien.yaml"
#: the vocabularies' folder in a revision
VOCABULARIES = "ontology/vocabularies"


def load_side(side: str, vocabularies: Vocabularies) -> Side:
    """The register that `side` names, read with `vocabularies` (those in use) unless it is
    a revision that has vocabularies of its own."""
    path = Path(side)
    if path.exists() and is_dump(path):
        register, built_with = load_dump(path)
        return Side(register, built_with or vocabularies, display_path(path))
    if path.exists() or side.endswith((".yaml", ".yml")) and ":" not in side:
        return Side(load_register(path, vocabularies), vocabularies, display_path(path))
    revision, _, inside = side.partition(":")
    inside = inside or DEFAULT_PATH
    if inside.startswith("/") or ".." in Path(inside).parts:
        raise fail(None, f"{side}: the path in a revision is relative to the repository's "
                         "top folder and stays inside it", f"e.g. {revision}:{DEFAULT_PATH}")
    name = f"{revision}:{inside}"
    git = Git(side, revision)
    with tempfile.TemporaryDirectory(prefix="gremien-rdf-diff-") as folder:
        names: dict[str, str] = {}  # the copies' paths, and the names to show
        files = [file for file in git.files(VOCABULARIES) if file.endswith(".ttl")]
        for inside_file in [inside, *files]:
            copy = Path(folder) / inside_file
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(git.show(inside_file))
            names[str(copy)] = f"{revision}:{inside_file}"
        try:
            if files:
                vocabularies = Vocabularies(vocabulary_graph(
                    DEFAULT_BASE_IRI, [Path(folder) / f for f in sorted(files)]),
                    Iris(DEFAULT_BASE_IRI))
            register = load_register(Path(folder) / inside, vocabularies)
        except InputError as error:
            raise InputError([_renamed(problem, names) for problem in error.problems]
                             ) from None
    return Side(replace(register, path=name), vocabularies, name)


def _renamed(problem: Problem, names: dict[str, str]) -> Problem:
    if problem.position is None or problem.position.file not in names:
        return problem
    return replace(problem, position=replace(problem.position,
                                             file=names[problem.position.file]))


class Git:
    """Files of one revision of the repository of the working folder."""

    def __init__(self, side: str, revision: str):
        self.git, self.top, self.commit = _resolve(side, revision)
        self.revision = revision

    def files(self, folder: str) -> list[str]:
        """The paths of the files in `folder` (relative to the top) in the revision."""
        listed = subprocess.run([self.git, "ls-tree", "--name-only", self.commit, "--",
                                 f"{folder}/"], capture_output=True, text=True, cwd=self.top)
        return listed.stdout.splitlines() if listed.returncode == 0 else []

    def show(self, inside: str) -> bytes:
        shown = subprocess.run([self.git, "show", f"{self.commit}:{inside}"],
                               capture_output=True, cwd=self.top)
        if shown.returncode != 0:
            raise fail(None, f"the revision {self.revision} ({self.commit[:12]}) has no "
                             f"file {inside}", f"name the register's path in it: "
                             f"{self.revision}:PATH")
        return shown.stdout


def _resolve(side: str, revision: str) -> tuple[str, str, str]:
    """git, the repository's top folder and the commit `revision` names."""
    git = shutil.which("git")
    if git is None:
        raise fail(None, f"{side} is no file, and git, to read it as a revision, is not "
                         "installed", "pass a register YAML file, or install git")
    top = subprocess.run([git, "rev-parse", "--show-toplevel"], capture_output=True)
    if top.returncode != 0:
        raise fail(None, f"{side} is no file, and the working folder is not in a git "
                         "repository to read it as a revision from",
                   "pass a register YAML file, or run the command inside the repository")
    found = subprocess.run([git, "rev-parse", "--verify", "--quiet", "--end-of-options",
                            f"{revision}^{{commit}}"], capture_output=True, text=True)
    if found.returncode != 0 or not revision:
        raise fail(None, f"{side} is neither a file nor a revision of the repository "
                         f"{display_path(top.stdout.decode().strip() or '.')}",
                   "pass a register YAML file, or a revision such as main, HEAD~1 or "
                   "v1.0.0:data/gremien.yaml")
    return git, top.stdout.decode().strip(), found.stdout.strip()
