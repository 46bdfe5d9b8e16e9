"""The two sides of a diff: a register YAML file, or a git revision of the repository the
command runs in (`main`, `HEAD~3`, `v1.0.0:data/gremien.yaml`).

A side that names an existing file is that file. Otherwise it is taken for a revision:
`REV` alone means REV's data/gremien.yaml, `REV:PATH` the file at PATH (relative to the
repository's top folder) in REV. The file of a revision is read with `git show` into a
private temporary folder, checked like any register, and every problem names it as
`REV:PATH`, line and column.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from gremien_rdf.errors import InputError, Problem, display_path, fail
from gremien_rdf.model import Register
from gremien_rdf.rdf.vocabularies import Vocabularies
from gremien_rdf.source.register import load_register

#: the register's file in a revision given without a path
DEFAULT_PATH = "data/gremien.yaml"


def load_side(side: str, vocabularies: Vocabularies) -> tuple[Register, str]:
    """The register that `side` names, and the name to show for it."""
    path = Path(side)
    if path.is_dir():
        raise fail(None, f"{side} is a folder",
                   "pass a register YAML file, or a git revision (REV or REV:PATH)")
    if path.exists() or side.endswith((".yaml", ".yml")) and ":" not in side:
        return load_register(path, vocabularies), display_path(path)
    revision, _, inside = side.partition(":")
    inside = inside or DEFAULT_PATH
    name = f"{revision}:{inside}"
    text = _git_show(revision, inside, side)
    with tempfile.TemporaryDirectory(prefix="gremien-rdf-diff-") as folder:
        copy = Path(folder) / Path(inside).name
        copy.write_bytes(text)
        try:
            register = load_register(copy, vocabularies)
        except InputError as error:
            raise InputError([_renamed(problem, str(copy), name)
                              for problem in error.problems]) from None
    return replace(register, path=name), name


def _renamed(problem: Problem, file: str, name: str) -> Problem:
    if problem.position is None or problem.position.file != file:
        return problem
    return replace(problem, position=replace(problem.position, file=name))


def _git_show(revision: str, inside: str, side: str) -> bytes:
    """The bytes of `inside` at `revision` in the repository of the working folder."""
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
    commit = found.stdout.strip()
    shown = subprocess.run([git, "show", f"{commit}:{inside}"], capture_output=True,
                           cwd=top.stdout.decode().strip())
    if shown.returncode != 0:
        raise fail(None, f"the revision {revision} ({commit[:12]}) has no file {inside}",
                   f"name the register's path in it: {revision}:PATH")
    return shown.stdout
