"""Cells of notebooks/for-homework.ipynb: checking parameter-count formulas."""

CELLS = [
    ("md", r"""
# Checking homework

`symcount.check` reads a formula as a student writes it, plain text or
LaTeX, and says whether it is right, and if not, exactly what is wrong.
"""),
    ("code", r"""
import symcount
"""),
    ("md", r"""
## A right answer, written three ways
"""),
    ("code", r"""
for text in ["h0*h1 + h1*h2 + h1 + h2",
             r"h_{0} \times h_{1} + h_{1} \times h_{2} + \left( h_1 + h_2 \right)",
             "h1*(h0 + 1) + h2*(h1 + 1)"]:
    print(symcount.check(text).message)
"""),
    ("md", r"""
## Reading the report

The forum's third answer forgot a term. The report names it, gives the
smallest widths at which the two formulas differ, and the right formula in
the student's own notation:
"""),
    ("code", r"""
report = symcount.check("(h0*h1 + h1*h2 + h2*h3 + h4*h5) + [h1+h2+h3+h4+h5]")
print(report)
report
"""),
    ("md", r"""
## Common mistakes

Forgetting the output layer's biases is right under another convention, and
the report says which; a slip in the arithmetic says by how much; a general
formula with `\dots` is read by the pattern of its terms.
"""),
    ("code", r"""
print(symcount.check("h0*h1 + h1*h2 + h1").message)
print(symcount.check("784*16 + 16*16 + 16*10 = 12950", widths=[784, 16, 16, 10]).message)
print(symcount.check(r"h_0 h_1 + h_1 h_2 + \dots + h_{l-1} h_l + h_1 + \dots + h_{l-1}").message)
"""),
    ("md", r"""
## Unreadable input

An answer that cannot be read gets the position and what was expected;
nothing in it is ever run.
"""),
    ("code", r"""
try:
    symcount.check(r"( n_1+n_2+n_3+\dots n_{l-1})")
except symcount.FormulaSyntaxError as err:
    print(err)
"""),
]
