"""Every notebook runs from a clean kernel and reproduces its stored outputs."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
# Fields that change from run to run without the notebook meaning anything else.
VOLATILE = {"execution_count", "metadata"}


def _outputs(nb: Any) -> list[list[dict[str, Any]]]:
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outs = []
        for out in cell.get("outputs", []):
            outs.append({k: v for k, v in out.items() if k not in VOLATILE})
        cells.append(outs)
    return cells


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS, "notebooks/ holds no notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_and_matches_its_stored_outputs(path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    stored = nbformat.read(path, as_version=4)
    fresh = copy.deepcopy(stored)
    for cell in fresh.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    nbclient.NotebookClient(fresh, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in fresh.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    assert _outputs(fresh) == _outputs(stored), f"{path.name}: stored outputs differ from a fresh run; re-run its build script"
