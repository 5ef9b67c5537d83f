"""Write notebooks/forum-question.ipynb from the cells below, then execute it in place.

    python notebooks/_build_forum_question.py            # writes notebooks/forum-question.ipynb
    python notebooks/_build_forum_question.py OUT.ipynb  # dry run: write and execute elsewhere

The notebook answers the forum question symcount grew from (see the thread's
three answers and its comments). Its text lives here, as reviewable Python;
the build writes it with nbformat (v4), runs it from a clean ``python3``
kernel with nbclient (cwd = notebooks/), and stores the outputs. It exits
non-zero if any cell raised.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbclient
import nbformat

HERE = Path(__file__).resolve().parent
NOTEBOOK = HERE / "forum-question.ipynb"
TIMEOUT = 120  # seconds per cell

# (kind, source): kind is "md" or "code". Sources are stripped of surrounding newlines.
CELLS: list[tuple[str, str]] = [
    ("md", r"""
# How many parameters does a neural network have?

symcount grew from this question on a mathematics Q&A site:

> We have a neural network with an input layer of $h_0$ nodes, hidden layers of
> $h_1, h_2, h_3, \dots, h_{l-1}$ nodes respectively and an output layer of
> $h_l$ nodes. How many parameters does the network have?

**The answer in words:** one *weight* for every connection between two
consecutive layers, and one *bias* for every neuron that is not an input
(input nodes are not neurons; output neurons do have a bias). In symbols:

$$ \sum_{i=1}^{l} h_{i-1} h_i + \sum_{i=1}^{l} h_i $$

This notebook works through the thread's three answers and its comments with
symcount. Only `symcount` (and `sympy`, for our own algebra) is imported.
"""),
    ("code", r"""
import sympy
import symcount
"""),
    ("md", r"""
## The formula at a fixed depth

`symcount.mlp(l)` is the fully connected network with `l` weight layers and
symbolic widths $h_0, \dots, h_l$. Its `.weights`, `.biases` and `.total` are
SymPy expressions; each width is a positive-integer symbol.
"""),
    ("code", r"""
net = symcount.mlp(3)
net.weights
"""),
    ("code", r"""
net.biases
"""),
    ("code", r"""
net.total
"""),
    ("md", r"""
`net.summary()` gives one row per weight layer (fan-in, fan-out, weights,
biases) and the totals; printed, it is a plain-text table.
"""),
    ("code", r"""
print(net.summary())
"""),
    ("md", r"""
As the last expression of a cell, a network displays itself as LaTeX, with
the weights and biases grouped in layer order:
"""),
    ("code", r"""
net
"""),
    ("md", r"""
## Answer 1: the worked numbers for 784-16-16-10

The accepted answer takes 784 inputs, two hidden layers of 16 and 10 outputs:

$$ 784 \times 16 + 16 \times 16 + 16 \times 10 = 12960 \text{ weights}, \qquad 32 + 10 = 42 \text{ biases}, $$

13002 parameters in all. Give `mlp` a list of integer widths and the counts are
exact integers. `symcount.latex(...)` returns the LaTeX source (no `$`), worked
term by term as in the answer; the network displayed below is the same LaTeX,
rendered.
"""),
    ("code", r"""
answer1 = symcount.mlp([784, 16, 16, 10])
assert answer1.weights == 12960
assert answer1.biases == 42
assert answer1.total == 13002
print(symcount.latex(answer1))
answer1
"""),
    ("md", r"""
For just the number, `symcount.count(widths)` returns a Python `int`
(`.total` above is a SymPy `Integer`):
"""),
    ("code", r"""
symcount.count([784, 16, 16, 10])
"""),
    ("md", r"""
## The comments: does the output layer have biases?

One comment says the output nodes have no bias, so 32 biases instead of 42;
the thread settles on "yes, they have one", which is symcount's default
(`bias="all"`). The other conventions are a keyword away:

- `bias="hidden"`: no output bias;
- `bias="none"`: weights only;
- a mask, one flag per weight layer: `bias=[True, True, False]` is the same as
  `"hidden"` for this three-layer network.
"""),
    ("code", r"""
hidden = symcount.mlp([784, 16, 16, 10], bias="hidden")
assert hidden.count() == 12992
hidden.count()
"""),
    ("code", r"""
symcount.mlp([784, 16, 16, 10], bias="none").count()
"""),
    ("code", r"""
mask = symcount.mlp([784, 16, 16, 10], bias=[True, True, False])
assert mask.count() == hidden.count()
print(mask.summary())
"""),
    ("md", r"""
The conventions apply to symbolic networks too: without an output bias the
term $h_l$ drops out.
"""),
    ("code", r"""
symcount.mlp(3, bias="hidden").total
"""),
    ("md", r"""
## Answer 2: widths $n_0, \dots, n_{l-1}$

The second answer numbers the $l$ layers from $0$ to $l-1$, names their widths
$n_i$, and counts

$$ n_0 \times n_1 + n_1 \times n_2 + \dots + n_{l-2} \times n_{l-1} + (n_1 + n_2 + \dots + n_{l-1}) $$

`name="n"` gives that notation. Mind the two meanings of $l$: symcount's
argument is the number of *weight* layers, so answer 2's network of $l = 5$
layers is `symcount.mlp(4, name="n")`, widths $n_0, \dots, n_4$.
"""),
    ("code", r"""
answer2 = symcount.mlp(4, name="n")
print(answer2.names)
answer2
"""),
    ("md", r"""
Its example, a 2x2x2 network, has $(2 \times 2) + (2 \times 2) + (2 + 2) = 12$
parameters:
"""),
    ("code", r"""
assert symcount.count([2, 2, 2]) == 12
symcount.count([2, 2, 2])
"""),
    ("md", r"""
## Answer 3: $l = 5$, with a term missing

The third answer writes, for $l = 5$ ($h_0$ input, $h_1, \dots, h_4$ hidden,
$h_5$ output):

$$ (h_0 h_1 + h_1 h_2 + h_2 h_3 + h_4 h_5) + (h_1 + h_2 + h_3 + h_4 + h_5) $$

The correct count is `symcount.mlp(5).total`, shown here through the network,
which groups the weights and the biases:
"""),
    ("code", r"""
correct = symcount.mlp(5).total
symcount.mlp(5)
"""),
    ("md", r"""
To check answer 3 we build its formula ourselves. `symcount.symbol("h3")` is the
very symbol symcount uses for the width $h_3$ (a positive integer; the same
object every time), so our expression and symcount's can be compared directly.
Build formulas from symbols, never by parsing a string: a parsed `h3` would be
a different, assumption-free symbol and would not cancel.
"""),
    ("code", r"""
h0, h1, h2, h3, h4, h5 = (symcount.symbol(f"h{i}") for i in range(6))
answer3 = (h0*h1 + h1*h2 + h2*h3 + h4*h5) + (h1 + h2 + h3 + h4 + h5)
missing = sympy.expand(correct - answer3)
assert missing == h3*h4
missing
"""),
    ("md", r"""
The difference is exactly the forgotten weight term $h_3 h_4$ (the
connections between the third and fourth hidden layers).

## Widths that are partly numbers, partly symbols

Widths can mix integers and names: `symcount.mlp([784, "w", "w", 10])` has two
hidden layers of the same unknown width $w$. Its total is a polynomial in $w$
(coefficients printed from the highest degree down):
"""),
    ("code", r"""
mixed = symcount.mlp([784, "w", "w", 10])
w = symcount.symbol("w")
print(sympy.Poly(mixed.total, w).all_coeffs())
mixed.total
"""),
    ("md", r"""
`.count(w=...)` gives the exact integer for a width (with $w = 16$ it is
answer 1's network again), and `.subs(w=...)` returns a new network with the
width filled in:
"""),
    ("code", r"""
assert mixed.count(w=16) == 13002
mixed.count(w=16)
"""),
    ("code", r"""
mixed.subs(w=32).total
"""),
]


def notebook() -> nbformat.NotebookNode:
    """The unexecuted notebook built from CELLS."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for kind, source in CELLS:
        source = source.strip("\n")
        if kind == "md":
            nb.cells.append(nbformat.v4.new_markdown_cell(source))
        elif kind == "code":
            nb.cells.append(nbformat.v4.new_code_cell(source))
        else:
            raise ValueError(f"unknown cell kind {kind!r}")
    return nb


def main(argv: list[str]) -> int:
    # An optional path writes elsewhere (a dry run); the kernel's cwd is notebooks/ either way.
    target = Path(argv[0]).resolve() if argv else NOTEBOOK
    nbformat.validate(nb := notebook())
    nbformat.write(nb, target)

    nb = nbformat.read(target, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}
    )
    try:
        client.execute()
    finally:
        nbformat.write(nb, target)  # keep what ran, error outputs included, for inspection

    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    if errors:
        for e in errors:
            print(f"error: {e.ename}: {e.evalue}", file=sys.stderr)
        return 1
    print(f"wrote {target} ({len(nb.cells)} cells, executed)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
