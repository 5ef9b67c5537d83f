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
## Pasted from a web page, and off by one

Unicode as a page renders it (math italic letters, a real minus sign) is read
as typed. A formula in the question's widths `h_0 … h_l` that stops at
`h_{l-1}` is one layer short; in another numbering, say so with `last=`:
"""),
    ("code", r"""
print(symcount.check("ℎ0ℎ1 + ℎ1ℎ2 + ... + ℎ𝑙−1ℎ𝑙 + ℎ1 + ... + ℎ𝑙").message)
print(symcount.check(r"\sum_{i=1}^{l-1} (h_{i-1}+1) h_i").message)
print(symcount.check(r"n_0 n_1 + \dots + n_{l-2} n_{l-1} + n_1 + \dots + n_{l-1}", last="l-1").message)
"""),
    ("md", r"""
## Any layer: LSTM, convolution, attention, GPT-2

`against=` names the target and the formula's symbols for its sizes. The
verdict names the convention a formula follows:
"""),
    ("code", r"""
print(symcount.check("4(h(h+d)+h)", against="lstm d h").message)
print(symcount.check(r"k^2 c_{in} c_{out}", against="conv2d c_{in} c_{out} k").message)
print(symcount.check("12d^2 + 13d", against="transformer-block d").message)
print(symcount.check("12 L d^2 + 13 L d + (V + P) d", against="gpt2").message)
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
