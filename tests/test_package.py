"""The package as shipped: typed, lazy about SymPy, with a small public API."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import symcount

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_strict_is_clean() -> None:
    mypy_api = pytest.importorskip("mypy.api")
    stdout, stderr, status = mypy_api.run(["--config-file", str(ROOT / "pyproject.toml"), str(ROOT / "symcount")])
    assert status == 0, stdout + stderr


def test_py_typed_is_shipped() -> None:
    assert (Path(symcount.__file__).parent / "py.typed").exists()


def test_import_and_numeric_count_do_not_import_sympy() -> None:
    code = (
        "import sys, symcount; n = symcount.count([784, 16, 16, 10]);"
        "s = symcount.mlp([784, 16, 16, 10]).summary().to_text();"
        "print(n, 'sympy' in sys.modules, 'mpmath' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["13002", "False", "False"]


def test_public_api() -> None:
    for name in symcount.__all__:
        assert getattr(symcount, name) is not None
    assert callable(symcount.latex)
    importlib.import_module("symcount.printing")  # a submodule import must not shadow the function

    assert callable(symcount.latex)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        symcount.nope  # noqa: B018


def _imports_of(path: Path, package: str, modules: set[str]) -> set[str]:
    """The package's modules that ``path`` imports anywhere (in functions too), but under ``if TYPE_CHECKING``."""
    import ast

    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and getattr(child.test, "id", getattr(child.test, "attr", "")) == "TYPE_CHECKING":
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.ImportFrom) and child.level == 1:
                target = child.module or ""
                names = [target] if target else [a.name for a in child.names]
                found.update(n for n in names if n in modules)
                found.update(a.name for a in child.names if target == "" and a.name in modules)
            elif isinstance(child, ast.ImportFrom) and (child.module or "").startswith(package + "."):
                found.add(child.module.split(".")[1])  # type: ignore[union-attr]
            elif isinstance(child, ast.Import):
                found.update(a.name.split(".")[1] for a in child.names if a.name.startswith(package + "."))
            visit(child)

    visit(ast.parse(path.read_text()))
    found.discard(path.stem)
    return found


def test_no_import_cycle_between_the_modules() -> None:
    # ARCHITECTURE: data flows one way; a module imports only from those above it, even inside a function.
    package = ROOT / "symcount"
    modules = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    graph = {m: _imports_of(package / f"{m}.py", "symcount", modules) for m in modules}
    assert graph["printing"] and "network" not in graph["printing"]  # the check reads imports at all
    cycles = []

    def walk(node: str, path: list[str]) -> None:
        for nxt in graph[node]:
            if nxt in path:
                cycles.append(path[path.index(nxt):] + [nxt])
            elif len(path) < len(modules):
                walk(nxt, path + [nxt])

    for m in sorted(modules):
        walk(m, [m])
    assert not cycles, cycles[:3]


def test_the_printer_reads_no_model_module() -> None:
    # The printer sits at the end: it imports none of the modules that build results.
    package = ROOT / "symcount"
    modules = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    builders = {"network", "layers", "general_form", "models", "budget", "checker", "torch_reader", "cli"}
    assert not _imports_of(package / "printing.py", "symcount", modules) & builders
