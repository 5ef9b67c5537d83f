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
