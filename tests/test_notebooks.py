"""Every notebook runs from a clean kernel and reproduces its stored outputs."""

from __future__ import annotations

import copy
import re
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
            kept = {k: v for k, v in out.items() if k not in VOLATILE}
            if "image/png" in kept.get("data", {}):
                # A plot's pixels depend on the fonts and the matplotlib of the machine: keep that it is one.
                kept["data"] = {**kept["data"], "image/png": "<a PNG image>"}
            if outs and kept.get("output_type") == "stream" and outs[-1].get("output_type") == "stream" \
                    and outs[-1].get("name") == kept.get("name"):
                # How printed text is split into chunks depends on timing, not on the notebook.
                outs[-1] = {**outs[-1], "text": outs[-1]["text"] + kept["text"]}
                continue
            outs.append(kept)
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


def test_every_stored_formula_renders_in_katex_and_mathjax() -> None:
    from .renderers import render_errors

    nbformat = pytest.importorskip("nbformat")
    formulas: list[tuple[str, bool]] = []
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            texts = [cell.source] if cell.cell_type == "markdown" else []
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if "text/latex" in data:
                    tex = data["text/latex"].strip()
                    formulas.append((tex.removeprefix("$\\displaystyle ").removesuffix("$").strip("$"), True))
                texts.append(data.get("text/markdown", ""))
            for text in texts:
                formulas += [(m, True) for m in re.findall(r"\$\$(.+?)\$\$", text, re.S)]
                formulas += [(m, False) for m in re.findall(r"(?<!\$)\$([^$\n]+)\$(?!\$)", text)]
    assert len(formulas) > 20
    errors = render_errors(formulas)
    failed = [(tex[:120], err) for (tex, _), err in zip(formulas, errors) if err]
    assert not failed, failed[:5]
