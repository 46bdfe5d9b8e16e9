"""The package's layout shows the pipeline, and imports flow one way: a module imports only
from its own layer or the layers below (README, "Layout")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "gremien_rdf"

#: the layers, lowest first: a module or sub-package of gremien_rdf, by its first name
LAYERS = [
    {"characters", "digests", "errors", "severity", "progress", "heap"},
    {"resources", "model", "workbook"},
    {"rdf"},
    {"source"},
    {"settings"},
    {"remote"},
    {"queries"},
    {"validation"},
    {"publishing"},
    {"site"},
    {"editions"},
    {"api"},
    {"cli", "__main__"},
]
LAYER = {name: number for number, names in enumerate(LAYERS) for name in names}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def part(path_or_name: Path | str) -> str:
    """The top-level part of gremien_rdf a module file or a dotted name belongs to."""
    if isinstance(path_or_name, Path):
        relative = path_or_name.relative_to(PACKAGE)
        return relative.parts[0].removesuffix(".py")
    return path_or_name.split(".")[1] if "." in path_or_name else ""


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, gremien_rdf.x…) of every import of the module, in functions too, but not
    those only a type checker sees (under `if TYPE_CHECKING:`)."""
    tree = ast.parse(path.read_text("utf-8"))
    checking: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            checking |= {id(child) for child in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if id(node) in checking:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "gremien_rdf":
                found += [(node.lineno, f"gremien_rdf.{alias.name}") for alias in node.names]
            elif node.module.startswith("gremien_rdf."):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names
                      if alias.name.startswith("gremien_rdf.")]
    return found


def test_every_module_has_a_layer():
    parts = {part(path) for path in modules()} - {"__init__"}
    assert parts == set(LAYER), parts ^ set(LAYER)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_flow_one_way(path):
    own = part(path)
    if own == "__init__":
        return  # the package's face: it names the API, imported on first use
    wrong = [f"line {line}: {name} (layer {LAYER[part(name)]})"
             for line, name in imported(path)
             if part(name) in LAYER and LAYER[part(name)] > LAYER[own]]
    assert not wrong, f"{own} is in layer {LAYER[own]} but imports from above: {wrong}"


def test_the_layout_test_sees_imports_in_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                      "    from gremien_rdf.api import load\n"
                      "def f():\n    from gremien_rdf.site.build import x\n", "utf-8")
    assert imported(module) == [(5, "gremien_rdf.site.build")]
