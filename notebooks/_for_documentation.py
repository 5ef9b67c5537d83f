"""Cells of notebooks/for-documentation.ipynb: LaTeX for Markdown, KaTeX and MathJax pages, and .tex files."""

CELLS = [
    ("md", r"""
# LaTeX for documentation

Every formula symcount writes renders in KaTeX and MathJax (the test suite
renders each style and option in both) and compiles with pdflatex.
"""),
    ("code", r"""
import symcount
from IPython.display import Markdown
"""),
    ("md", r"""
## A Markdown snippet

`symcount.markdown` puts the formula between `$$` lines, as KaTeX and MathJax
pages expect:
"""),
    ("code", r"""
snippet = symcount.markdown(symcount.general(), style="ellipsis")
print(snippet)
Markdown(snippet)
"""),
    ("md", r"""
## A table for a README
"""),
    ("code", r"""
table = symcount.markdown(symcount.mlp([784, 16, 16, 10]), style="table")
print(table)
Markdown(table)
"""),
    ("md", r"""
## Environments

Inline, display, `equation` or `align`, as the page needs:
"""),
    ("code", r"""
print(symcount.latex(symcount.mlp(3), mode="inline"))
print(symcount.latex(symcount.mlp([784, 16, 16, 10]), mode="align"))
"""),
    ("md", r"""
## A standalone .tex file

`symcount.tex_document` (or `symcount ... --format tex`) writes a document
that compiles as it is:
"""),
    ("code", r"""
document = symcount.tex_document(symcount.mlp([784, 16, 16, 10]))
print(document)
"""),
]
