"""Write the notebooks from their cell lists and execute them, storing outputs.

    python notebooks/_build.py            # every notebook
    python notebooks/_build.py forum-question

The notebooks are generated so that their text lives in reviewable Python,
and executed from a clean kernel so the stored outputs are a real run (the
test suite runs them again and compares).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import nbclient
import nbformat

HERE = Path(__file__).resolve().parent
NOTEBOOKS = ["forum_question", "for_papers", "for_homework", "for_documentation", "compute_and_memory"]


def build(module_name: str) -> Path:
    module = importlib.import_module(f"_{module_name}")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for kind, source in module.CELLS:
        source = source.strip("\n")
        nb.cells.append(nbformat.v4.new_markdown_cell(source) if kind == "md" else nbformat.v4.new_code_cell(source))
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}).execute()
    path = HERE / f"{module_name.replace('_', '-')}.ipynb"
    nbformat.write(nb, path)
    return path


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    for name in sys.argv[1:] or NOTEBOOKS:
        print("wrote", build(name.replace("-", "_")))
