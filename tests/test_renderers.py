"""The test renderers themselves: each must reject broken LaTeX and accept good LaTeX.

Every "renders" test in the suite leans on these checks, so a renderer that
silently accepted everything (or rejected everything) would make them worthless.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from .renderers import (
    katex_errors, mathjax_errors, overfull_boxes, render_errors, require_katex, require_mathjax, require_pdflatex,
)

GALLERY = Path(__file__).resolve().parent.parent / "benchmarks" / "gallery.py"

Check = Callable[[Sequence[tuple[str, bool]]], list[str | None]]
RENDERERS: dict[str, Check] = {"katex": katex_errors, "mathjax": mathjax_errors}

BROKEN = {
    "unclosed brace": r"\frac{1}{",
    "undefined macro": r"\foo",
    "double subscript": "a_b_c",
}
GOOD = {
    "aligned": r"\begin{aligned} a &= b \\ &\quad + c \end{aligned}",
    "text with escaped underscore": r"\text{vocab\_size}",
    "left right": r"\left(x\right)",
    "mathit with escaped underscore": r"\mathit{vocab\_size}",  # how symcount writes such names
}
TEXT_MODE_MACRO = pytest.mark.xfail(
    strict=True,
    reason="MathJax 3 reads \\text{} verbatim unless a page loads textmacros (not a default): "
    "\\text{vocab\\_size} shows a backslash, and render.js reports that as an error",
)


@pytest.mark.parametrize("display", [True, False], ids=["display", "inline"])
@pytest.mark.parametrize("tex", BROKEN.values(), ids=BROKEN.keys())
@pytest.mark.parametrize("renderer", RENDERERS)
def test_renderer_rejects_broken_latex(renderer: str, tex: str, display: bool) -> None:
    [error] = RENDERERS[renderer]([(tex, display)])
    assert error, f"{renderer} accepted {tex!r}"


@pytest.mark.parametrize(
    ("renderer", "tex"),
    [
        pytest.param(renderer, tex, id=f"{renderer}-{name}",
                     marks=[TEXT_MODE_MACRO] if (renderer, name) == ("mathjax", "text with escaped underscore") else [])
        for renderer in RENDERERS
        for name, tex in GOOD.items()
    ],
)
def test_renderer_accepts_good_latex(renderer: str, tex: str) -> None:
    assert RENDERERS[renderer]([(tex, True)]) == [None]


def test_render_errors_names_the_renderer_that_failed() -> None:
    text_macro, unclosed, good = render_errors([(GOOD["text with escaped underscore"], True),
                                                (BROKEN["unclosed brace"], True), (GOOD["aligned"], True)])
    assert text_macro is not None and text_macro.startswith("MathJax: ") and "KaTeX" not in text_macro
    assert unclosed is not None and unclosed.startswith("KaTeX: ") and "; MathJax: " in unclosed
    assert good is None


def test_a_batch_keeps_its_order_and_recovers_after_errors() -> None:
    # Errors are mixed with good formulas and repeats: every answer lands on its own formula.
    batch = [(BROKEN["undefined macro"], True), (GOOD["left right"], False), (BROKEN["double subscript"], True),
             (GOOD["left right"], False), (GOOD["aligned"], True), (BROKEN["undefined macro"], True)]
    for check in RENDERERS.values():
        errors = check(batch)
        assert [e is None for e in errors] == [False, True, False, True, True, False]
    mathjax = mathjax_errors(batch)
    assert mathjax[0] is not None and "\\foo" in mathjax[0]


# -- pdflatex: formulas wider than the page -------------------------------------------------

LONG = "\\[ " + " + ".join(["a"] * 300) + " \\]"
SHORT = "\\[ a + b \\]"


def test_overfull_boxes_reports_a_formula_wider_than_the_page() -> None:
    [(body, points)] = overfull_boxes([LONG])
    assert body == LONG and points > 1000  # 300 terms are some 3900pt; the text is 345pt


def test_overfull_boxes_passes_a_short_formula() -> None:
    assert overfull_boxes([SHORT]) == []


def test_overfull_boxes_names_the_body_each_warning_came_from() -> None:
    # One pdflatex run for all: the warnings must still land on their own bodies.
    wide_text = "Word " + "Unbreakableword" * 40  # an overfull line in a paragraph, not a display
    aligned = "\\[ \\begin{aligned} x &= " + " + ".join(["b"] * 100) + " \\end{aligned} \\]"
    bodies = [SHORT, LONG, SHORT, wide_text, "$x$", aligned, SHORT]
    found = overfull_boxes(bodies)
    assert [bodies.index(body) for body, _ in found] == [1, 3, 5]
    widths = dict(found)
    assert widths[LONG] > widths[aligned] > 0 and widths[wide_text] > 0


def test_overfull_boxes_refuses_a_body_that_does_not_compile() -> None:
    with pytest.raises(AssertionError, match="pdflatex failed"):
        overfull_boxes([SHORT, "\\[ \\frac{1}{ \\]"])


# -- the gallery: benchmarks/gallery.py ---------------------------------------------------------


def test_gallery_renders_every_formula_in_both_renderers_and_pdflatex(tmp_path: Path) -> None:
    require_katex()
    require_mathjax()
    require_pdflatex()
    run = subprocess.run([sys.executable, str(GALLERY), str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    page = (tmp_path / "gallery.html").read_text()
    body = page[page.index("<body>"):]  # the stylesheets name the error classes; the body must not use them
    for marker in ("gallery-error", "katex-error", "data-mjx-error", 'data-mml-node="merror"'):
        assert marker not in body, marker
    items = body.count("<h2>")
    assert items >= 5
    assert body.count('class="katex-display"') == items and body.count("<mjx-container") == items
    # Everything is local: KaTeX's fonts are inlined, nothing is loaded from a server.
    assert "data:font/woff2;base64," in page
    assert not re.search(r"""(src=|href=|url\()["']?(https?:)?//""", page)
    assert (tmp_path / "gallery.pdf").stat().st_size > 0
    # The pictures need chromium and pdftoppm; where they are missing the script says so and goes on.
    if shutil.which("chromium") or shutil.which("chromium-browser"):
        assert (tmp_path / "gallery.png").stat().st_size > 0
    if shutil.which("pdftoppm"):
        assert (tmp_path / "gallery-pdf.png").stat().st_size > 0
