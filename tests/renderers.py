"""Real LaTeX renderers for the tests: KaTeX (through Node) and pdflatex.

Locally a missing renderer skips the test; in CI (``CI=true``) conftest turns
that skip into a failure, so a renderer that .ci/run failed to install can
never pass for green.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest

KATEX_DIR = Path(__file__).resolve().parent / "katex"


def require_katex() -> None:
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    if not (KATEX_DIR / "node_modules" / "katex").is_dir():
        pytest.skip("KaTeX is not installed: npm ci --prefix tests/katex")


def require_pdflatex() -> None:
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed (Debian: texlive-latex-base)")


def katex_errors(formulas: Sequence[tuple[str, bool]]) -> list[str | None]:
    """KaTeX's error for each ``(tex, display)``, or None where it rendered (throwOnError)."""
    require_katex()
    payload = json.dumps([{"tex": tex, "display": display} for tex, display in formulas])
    run = subprocess.run(
        ["node", str(KATEX_DIR / "render.js")], input=payload, capture_output=True, text=True, timeout=300, check=True
    )
    return list(json.loads(run.stdout))


def math_of(output: str) -> list[tuple[str, bool]]:
    """What a page would hand KaTeX from a symcount output: its math, without the delimiters."""
    if output.startswith("\\begin{tabular}"):
        return [(cell, False) for cell in re.findall(r"\$([^$]+)\$", output)]
    if output.startswith("$$") and output.endswith("$$"):
        return [(output[2:-2].strip(), True)]
    if output.startswith("$") and output.endswith("$"):
        return [(output[1:-1].removeprefix("\\displaystyle "), False)]
    if output.startswith("\\[") and output.endswith("\\]"):
        return [(output[2:-2].strip(), True)]
    return [(output, True)]


def pdflatex_errors(bodies: Sequence[str]) -> list[str]:
    """Compile each body (text-mode LaTeX) inside a minimal amsmath document; the failures."""
    require_pdflatex()
    failures = []
    if not _compiles(bodies):
        failures = [body for body in bodies if not _compiles([body])]
    return failures


def _compiles(bodies: Sequence[str]) -> bool:
    document = "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"
    document += "\n\n".join(bodies) + "\n\\end{document}\n"
    return compiles_document(document)


def compiles_document(document: str) -> bool:
    """Whether pdflatex turns ``document`` into a PDF with no error."""
    require_pdflatex()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "doc.tex").write_text(document)
        run = subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
            cwd=tmp, capture_output=True, text=True, timeout=300,
        )
        return run.returncode == 0 and (Path(tmp) / "doc.pdf").exists()


def as_body(output: str) -> str:
    """A symcount output as document text: bare math goes into a display."""
    if output.startswith(("$", "\\[", "\\begin{equation}", "\\begin{align}", "\\begin{tabular}")):
        return output
    return f"\\[\n{output}\n\\]"
