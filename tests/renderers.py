"""Real LaTeX renderers for the tests: KaTeX and MathJax 3 (through Node), and pdflatex.

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

JS_DIR = Path(__file__).resolve().parent / "js"
RENDER_JS = JS_DIR / "render.js"
INSTALL_HINT = "npm ci --prefix tests/js"

Formula = tuple[str, bool]


def _require_node_package(package: str, name: str) -> None:
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    if not (JS_DIR / "node_modules" / package).is_dir():
        pytest.skip(f"{name} is not installed: {INSTALL_HINT}")


def require_katex() -> None:
    _require_node_package("katex", "KaTeX")


def require_mathjax() -> None:
    _require_node_package("mathjax-full", "MathJax 3 (mathjax-full)")


def require_pdflatex() -> None:
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed (Debian: texlive-latex-base)")


def _render(formulas: Sequence[Formula], *flags: str) -> list[dict[str, str | None]]:
    """One node run over the distinct formulas (outputs repeat a lot), results in input order."""
    distinct = list(dict.fromkeys((tex, bool(display)) for tex, display in formulas))
    payload = json.dumps([{"tex": tex, "display": display} for tex, display in distinct])
    run = subprocess.run(
        ["node", str(RENDER_JS), *flags], input=payload, capture_output=True, text=True, timeout=600, check=True
    )
    by_formula = dict(zip(distinct, json.loads(run.stdout)))
    return [by_formula[(tex, bool(display))] for tex, display in formulas]


def katex_errors(formulas: Sequence[Formula]) -> list[str | None]:
    """KaTeX's error for each ``(tex, display)``, or None where it rendered (throwOnError, strict)."""
    require_katex()
    return [result["katex"] for result in _render(formulas, "--katex")]


def mathjax_errors(formulas: Sequence[Formula]) -> list[str | None]:
    """MathJax 3's error for each ``(tex, display)``, or None where it rendered (undefined macros are errors)."""
    require_mathjax()
    return [result["mathjax"] for result in _render(formulas, "--mathjax")]


def render_errors(formulas: Sequence[Formula]) -> list[str | None]:
    """Per formula, None where both KaTeX and MathJax render it, else which failed and why."""
    require_katex()
    require_mathjax()
    out: list[str | None] = []
    for result in _render(formulas):
        failures = [f"{name}: {result[key]}" for name, key in (("KaTeX", "katex"), ("MathJax", "mathjax")) if result[key]]
        out.append("; ".join(failures) or None)
    return out


def math_of(output: str) -> list[tuple[str, bool]]:
    """What a page would hand KaTeX or MathJax from a symcount output: its math, without the delimiters."""
    if "\\begin{tabular}" in output:  # a table (in a group that sets it smaller, where it is wide)
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


_MARKER = "<symcount body {}>"
_OVERFULL = re.compile(r"^Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\)", re.M)


def overfull_boxes(bodies: Sequence[str]) -> list[tuple[str, float]]:
    """Each body that pdflatex sets wider than the page's text (article, 10pt: 345pt), with its widest overrun in pt.

    One run for all: a ``\\typeout`` marker before each body, and a ``\\par``
    after it so its lines are broken (and any warning written) before the next
    marker; the log then reads in order.
    """
    require_pdflatex()
    document = "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"
    for n, body in enumerate(bodies):
        document += f"\\typeout{{{_MARKER.format(n)}}}\n{body}\n\\par\n"
    document += f"\\typeout{{{_MARKER.format('end')}}}\n\\end{{document}}\n"
    log = _pdflatex_log(document)
    sections = re.split(r"^<symcount body (\d+|end)>$", log, flags=re.M)
    markers = sections[1::2]
    if markers != [*map(str, range(len(bodies))), "end"]:
        raise AssertionError(f"pdflatex log out of step with the bodies (does one not compile?):\n{log[-3000:]}")
    out = []
    for body, text in zip(bodies, sections[2::2]):
        widths = [float(w) for w in _OVERFULL.findall(text)]
        if widths:
            out.append((body, max(widths)))
    return out


def _pdflatex_log(document: str) -> str:
    """pdflatex's log of ``document``; an error fails the caller, with the log's end."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "doc.tex").write_text(document)
        run = subprocess.run(
            ["pdflatex", "-interaction=batchmode", "-halt-on-error", "doc.tex"],
            cwd=tmp, capture_output=True, text=True, timeout=300,
        )
        log_path = Path(tmp) / "doc.log"
        log = log_path.read_text(errors="replace") if log_path.exists() else run.stdout + run.stderr
        if run.returncode != 0:
            raise AssertionError(f"pdflatex failed:\n{log[-3000:]}")
        return log


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
    if output.startswith(("$", "\\[", "\\begin{equation", "\\begin{align}", "\\begin{align*}", "\\begin{tabular}")):
        return output
    return f"\\[\n{output}\n\\]"
