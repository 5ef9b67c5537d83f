"""A gallery of symcount's formulas as readers see them, to look at rather than to assert.

    python benchmarks/gallery.py OUTDIR

Writes, for the formulas of ``gallery_items()``:

- ``OUTDIR/gallery.html``: each formula in KaTeX (server-side HTML) beside
  MathJax 3 (server-side SVG), each column 800 px wide with a red line at its
  right edge and overflow left visible, so a formula too wide for a page shows;
- ``OUTDIR/gallery.png``: that page in headless Chromium (skipped, with a note,
  where chromium is not installed);
- ``OUTDIR/gallery.tex``, ``OUTDIR/gallery.pdf``: the same formulas through
  pdflatex (article, 10pt, overfull lines marked with a black bar), and
  ``OUTDIR/gallery-pdf.png``, its first page (where pdftoppm is installed).

Nothing is fetched: the renderers are tests/js's npm packages (``npm ci --prefix
tests/js``) and the page inlines KaTeX's stylesheet and fonts, so it stands
alone. Exit status 1 if a renderer rejects a formula (the page still shows it).
"""

from __future__ import annotations

import base64
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # this tree's symcount, not an installed one

JS_DIR = ROOT / "tests" / "js"
KATEX_DIST = JS_DIR / "node_modules" / "katex" / "dist"
COLUMN_PX = 800
ERROR_CLASS = "gallery-error"  # the marker of a formula a renderer rejected


LLAMA7B = dict(vocab_size=32000, hidden_size=4096, num_hidden_layers=32, num_attention_heads=32, intermediate_size=11008)
MIXTRAL = dict(vocab_size=32000, hidden_size=4096, intermediate_size=14336, num_hidden_layers=32, num_attention_heads=32,
               num_key_value_heads=8, num_local_experts=8, num_experts_per_tok=2)


def gallery_items() -> list[tuple[str, str]]:
    """The formulas to look at, as (title, tex): a spread of shapes and widths."""
    import symcount
    import symcount.models

    from symcount import latex, models

    gpt2, llama = models.gpt2(), models.llama(num_key_value_heads="num_key_value_heads")
    small = models.gpt2(vocab_size=50257, n_positions=1024, n_embd=768, n_layer=12)
    lstm = symcount.Network([symcount.Recurrent("lstm", "d", "h")])
    mixtral = models.family("mixtral")
    deepseek = models.family("deepseek_v3", num_hidden_layers=61, first_k_dense_replace=3)
    return [
        ("mlp([784, 16, 16, 10]), worked", latex(symcount.mlp([784, 16, 16, 10]))),
        ('general(), style="ellipsis": answer 2', latex(symcount.general(), style="ellipsis")),
        ("general(): the sum", latex(symcount.general(), legend=True)),
        ("mlp(30): broken at + to fit the page", latex(symcount.mlp(30))),
        ("models.gpt2(): collected, config names", latex(gpt2)),
        ('models.gpt2(), symbol_names="paper"', latex(gpt2, symbol_names="paper")),
        ('gpt2, factored, paper symbols', latex(gpt2, style="factored", symbol_names="paper")),
        ('gpt2, components, paper symbols', latex(gpt2, style="components", symbol_names="paper")),
        ("GPT-2 small, components in numbers", latex(small)),
        ('llama with GQA, factored', latex(llama, style="factored", symbol_names="paper")),
        ("models.llama(), config names", latex(models.llama())),
        ("models.bert(), factored", latex(models.bert(), style="factored", symbol_names="paper")),
        ("an LSTM, factored", latex(lstm, style="factored")),
        ("models.resnet(50), components", latex(models.resnet(50, num_classes=1000))),
        ("solve_width(10**6, 784-w-w-10)", latex(symcount.solve_width(10**6, symcount.mlp([784, "w", "w", 10])))),
        ("a closed form", latex(symcount.general("hidden").uniform())),
        ('family("mixtral"), components, paper symbols', latex(mixtral, style="components", symbol_names="paper")),
        ("Mixtral: active parameters, collected", latex(mixtral.with_symbols("paper").summary().active, style="collected")),
        ('family("deepseek_v3"), factored, paper symbols', latex(deepseek, style="factored", symbol_names="paper")),
        ('family("t5"), collected, paper symbols', latex(models.family("t5"), symbol_names="paper")),
        ("Mixtral-8x7B from its config, components", latex(models.family("mixtral", **MIXTRAL))),
        ("flops: ResNet-18 in the image's H and W", latex(symcount.flops(models.resnet(18, num_classes=1000), batch="b",
                                                                          image=("H", "W")))),
        ("memory: a training step's activations, paper symbols, legend",
         latex(symcount.memory(llama.with_symbols("paper"), dtype="bf16", optimizer="adamw", batch="b", seq="s",
                               attn_implementation="eager", labels=True), legend=True)),
        ("memory: Llama 2 7B, checkpointed, sdpa, ZeRO-3 over 64",
         latex(symcount.memory(models.llama(**LLAMA7B), dtype="bf16", optimizer="adamw", mixed=True, zero=3, devices=64,
                               batch=8, seq=4096, attn_implementation="sdpa", recompute="full", labels=True))),
    ]


# -- the HTML page ------------------------------------------------------------------------------


def render(items: list[tuple[str, str]]) -> list[dict[str, str | None]]:
    """KaTeX's HTML and MathJax's SVG of each formula (display mode), or the renderer's error."""
    payload = json.dumps([{"tex": tex, "display": True} for _, tex in items])
    run = subprocess.run(["node", str(JS_DIR / "render.js"), "--html"], input=payload,
                         capture_output=True, text=True, timeout=300, check=True)
    return list(json.loads(run.stdout))


def katex_css() -> str:
    """KaTeX's stylesheet with its woff2 fonts inlined as data URLs, so the page needs no other file."""
    css = (KATEX_DIST / "katex.min.css").read_text()

    def inline(match: re.Match[str]) -> str:
        data = base64.b64encode((KATEX_DIST / "fonts" / f"{match[1]}.woff2").read_bytes()).decode()
        return f'src:url(data:font/woff2;base64,{data}) format("woff2")'

    inlined, count = re.subn(r'src:url\(fonts/([\w-]+)\.woff2\) format\("woff2"\)[^;}]*', inline, css)
    if count == 0:
        raise SystemExit("gallery: KaTeX's stylesheet has no woff2 fonts where expected; has KaTeX changed?")
    return inlined


def mathjax_css() -> str:
    """The stylesheet MathJax's SVG output expects in the page."""
    run = subprocess.run(["node", str(JS_DIR / "render.js"), "--mathjax-css"],
                         capture_output=True, text=True, timeout=120, check=True)
    return run.stdout


PAGE_CSS = f"""
body {{ font-family: sans-serif; margin: 20px; background: white; }}
h2 {{ font-size: 15px; margin: 28px 0 4px; font-family: monospace; }}
.row {{ display: grid; grid-template-columns: {COLUMN_PX}px {COLUMN_PX}px; column-gap: 60px; }}
.head {{ font-size: 12px; color: #555; }}
.cell {{ width: {COLUMN_PX}px; overflow: visible; border-right: 2px solid red; min-height: 40px; }}
.column-mathjax {{ position: relative; background: rgba(255, 255, 255, 0.85); }}  /* KaTeX's overflow shows faded */
.wide {{ color: #c00; font-weight: bold; }}
.{ERROR_CLASS} {{ color: white; background: #c00; padding: 4px; font-family: monospace; white-space: pre-wrap; }}
"""

# Measures each formula once the fonts are in, and writes its width above it.
MEASURE_JS = f"""
document.fonts.ready.then(() => {{
  for (const cell of document.querySelectorAll(".cell")) {{
    const width = cell.scrollWidth;
    const note = cell.parentElement.querySelector(".head");
    note.textContent += ": " + width + " px" + (width > {COLUMN_PX} ? " (wider than the column)" : "");
    if (width > {COLUMN_PX}) note.classList.add("wide");
  }}
}});
"""


def page(items: list[tuple[str, str]], results: list[dict[str, str | None]]) -> str:
    """The whole page: one heading and one two-column row per formula."""
    rows = []
    for (title, tex), result in zip(items, results):
        columns = []
        for renderer, name, key in (("katex", "KaTeX 0.19", "katex_html"), ("mathjax", "MathJax 3 (SVG)", "mathjax_svg")):
            error = result[renderer]
            body = result[key] if error is None else \
                f'<div class="{ERROR_CLASS}">{html.escape(name)} rejects it: {html.escape(error)}</div>'
            columns.append(f'<div class="column column-{renderer}"><div class="head">{name}</div>'
                           f'<div class="cell">{body}</div></div>')
        rows.append(f"<h2>{html.escape(title)}</h2>\n<div class=\"row\">\n" + "\n".join(columns) + "\n</div>\n"
                    f"<!-- tex: {html.escape(tex).replace('--', '- -')} -->")
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>symcount gallery</title>\n"
            f"<style>{katex_css()}</style>\n<style>{mathjax_css()}</style>\n<style>{PAGE_CSS}</style>\n"
            f"</head><body>\n<h1>symcount gallery: KaTeX | MathJax, columns {COLUMN_PX} px</h1>\n"
            + "\n".join(rows) + f"\n<script>{MEASURE_JS}</script>\n</body></html>\n")


def screenshot(html_path: Path, png_path: Path) -> bool:
    """Headless Chromium's picture of the page; False (and a note) where chromium is not installed."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("gallery: chromium is not installed; no screenshot", file=sys.stderr)
        return False
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
             "--window-size=1800,4000", "--virtual-time-budget=5000", f"--screenshot={png_path}",
             html_path.resolve().as_uri()],
            capture_output=True, text=True, timeout=180, check=True,
        )
    return png_path.exists()


# -- the PDF ------------------------------------------------------------------------------------


def tex_escape(text: str) -> str:
    """Plain text (a title) as LaTeX text."""
    special = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
               "%": r"\%", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}
    return "".join(special.get(char, char) for char in text)


def tex_source(items: list[tuple[str, str]]) -> str:
    """An article with each formula as a display under its title; overfull lines get a black bar."""
    parts = ["\\documentclass{article}", "\\usepackage{amsmath}", "\\setlength{\\overfullrule}{5pt}",
             "\\begin{document}"]
    for n, (title, tex) in enumerate(items):
        parts += [f"\\typeout{{<gallery item {n}>}}", f"\\section*{{\\texttt{{{tex_escape(title)}}}}}", "\\[", tex, "\\]"]
    parts.append("\\end{document}")
    return "\n".join(parts) + "\n"


def pdf(items: list[tuple[str, str]], outdir: Path) -> list[float]:
    """OUTDIR/gallery.pdf from gallery.tex, and by how many pt each formula overruns the text (0 if not).

    A pdflatex error stops the script with its log's end.
    """
    source = outdir / "gallery.tex"
    source.write_text(tex_source(items))
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run(["pdflatex", "-interaction=batchmode", "-halt-on-error", f"-output-directory={tmp}",
                              str(source.resolve())], capture_output=True, text=True, timeout=300)
        log = Path(tmp, "gallery.log")
        if run.returncode != 0:
            text = log.read_text(errors="replace") if log.exists() else run.stdout
            raise SystemExit("gallery: pdflatex failed:\n" + text[text.find("\n!") + 1:][:2000])
        shutil.copy(Path(tmp, "gallery.pdf"), outdir / "gallery.pdf")
        sections = re.split(r"^<gallery item \d+>$", log.read_text(errors="replace"), flags=re.M)[1:]
    overruns = [max(map(float, re.findall(r"^Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\)", text, re.M)), default=0.0)
                for text in sections]
    return overruns + [0.0] * (len(items) - len(overruns))


def first_page_png(pdf_path: Path) -> Path | None:
    """Page 1 of the PDF as PNG (80 dpi) beside it; None where pdftoppm is not installed."""
    if shutil.which("pdftoppm") is None:
        print("gallery: pdftoppm is not installed (Debian: poppler-utils); no PNG of the PDF", file=sys.stderr)
        return None
    stem = pdf_path.with_name("gallery-pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf_path), str(stem)],
                   check=True, timeout=120)
    return stem.with_suffix(".png")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    outdir = Path(argv[0])
    outdir.mkdir(parents=True, exist_ok=True)
    if shutil.which("node") is None or not (JS_DIR / "node_modules" / "mathjax-full").is_dir() \
            or not KATEX_DIST.is_dir():
        print("gallery: needs node and the renderers: npm ci --prefix tests/js", file=sys.stderr)
        return 2

    items = gallery_items()
    results = render(items)
    html_path = outdir / "gallery.html"
    html_path.write_text(page(items, results))
    print("wrote", html_path)
    if screenshot(html_path, outdir / "gallery.png"):
        print("wrote", outdir / "gallery.png")
    overruns = pdf(items, outdir)
    print("wrote", outdir / "gallery.pdf")
    for (title, _), overrun in zip(items, overruns):
        if overrun:
            print(f"pdflatex: {title} is {overrun:.0f}pt wider than the text (345pt)")
    png = first_page_png(outdir / "gallery.pdf")
    if png is not None:
        print("wrote", png)

    failed = [(title, r["katex"], r["mathjax"]) for (title, _), r in zip(items, results) if r["katex"] or r["mathjax"]]
    for title, katex_error, mathjax_error in failed:
        print(f"gallery: {title}: KaTeX: {katex_error}; MathJax: {mathjax_error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
