"""Cells of notebooks/forum-question.ipynb: the forum question answered with symcount."""

CELLS = [
    ("md", r"""
# How many parameters does a neural network have?

symcount was born from a question on a mathematics Q&A site:

> We have a neural network with an input layer of $h_0$ nodes, hidden layers of
> $h_1, h_2, \dots, h_{l-1}$ nodes and an output layer of $h_l$ nodes. How many
> parameters does the network have?

The answer in words: one **weight** for every connection between two
consecutive layers, and one **bias** for every neuron that is not an input
(the output neurons included). In symbols:

$$\sum_{i=1}^{l} h_{i-1} h_i + \sum_{i=1}^{l} h_i$$

This notebook works through the thread's three answers and its comments.
"""),
    ("code", r"""
import sympy
import symcount
"""),
    ("md", r"""
## The formula at a fixed depth

`symcount.mlp(3)` is the network $h_0 \to h_1 \to h_2 \to h_3$. Its widths are
SymPy symbols (positive integers), and its counts are SymPy expressions.
"""),
    ("code", r"""
net = symcount.mlp(3)
net.weights, net.biases, net.total
"""),
    ("md", r"""
A summary has one row per weight layer; printed, it is a table in layer order.
"""),
    ("code", r"""
print(net.summary())
"""),
    ("md", r"""
The network displays itself as LaTeX in a notebook:
"""),
    ("code", r"""
net
"""),
    ("md", r"""
## The general sum, for any depth

`symcount.general()` keeps the depth $l$ symbolic: the widths are an indexed
family $h_0 \dots h_l$ and the count is a SymPy `Sum`, in several equal forms.
"""),
    ("code", r"""
g = symcount.general()
g
"""),
    ("md", r"""
For input width $n_{in}$, $l-1$ hidden layers of width $w$ and output width
$n_{out}$, SymPy sums it in closed form (depth 1, with no hidden layer, is
listed apart):
"""),
    ("code", r"""
uniform = g.uniform()
assert uniform.count(3, n_in=784, w=16, n_out=10) == 13002
uniform
"""),
    ("md", r"""
## Answer 1: the worked numbers for 784-16-16-10

The accepted answer counts a network with 784 inputs, two hidden layers of 16
and 10 outputs: $784\times 16+16\times16+16\times10=12960$ weights and
$32+10=42$ biases, 13002 parameters in all.
"""),
    ("code", r"""
forum = symcount.mlp([784, 16, 16, 10])
assert (forum.weights, forum.biases, forum.total) == (12960, 42, 13002)
print(symcount.latex(forum))
forum
"""),
    ("md", r"""
## The comments: does the output layer have biases?

One comment argues the output neurons have no bias (32 biases, not 42); the
thread settles on "yes, they have one", which is symcount's default. The other
conventions are a keyword away: `"hidden"` (no output bias), `"none"`, or one
flag per weight layer.
"""),
    ("code", r"""
for bias in ["all", "hidden", "none", [True, True, False]]:
    print(f"{bias!s:22} {symcount.count([784, 16, 16, 10], bias=bias)}")
"""),
    ("md", r"""
## Answer 2: layers numbered from 0, widths $n_0 \dots n_{l-1}$

The second answer names the widths $n_i$. `name="n"` gives that notation;
its example, a 2x2x2 network, has $(2\times2)+(2\times2)+(2+2)=12$ parameters.
"""),
    ("code", r"""
print(symcount.mlp(4, name="n").summary())
assert symcount.count([2, 2, 2]) == 12
"""),
    ("md", r"""
## Answer 3: a five-layer instance, with a term missing

The third answer writes, for $l = 5$,
`(h0*h1 + h1*h2 + h2*h3 + h4*h5) + [h1+h2+h3+h4+h5]`. Built from symcount's
symbols (never from a string) and compared with the right count, the
difference is exactly the forgotten term $h_3 h_4$.
"""),
    ("code", r"""
h = symcount.width_symbols(5)
answer_3 = (h[0]*h[1] + h[1]*h[2] + h[2]*h[3] + h[4]*h[5]) + (h[1] + h[2] + h[3] + h[4] + h[5])
missing = sympy.expand(symcount.mlp(5).total - answer_3)
assert missing == h[3] * h[4]
missing
"""),
    ("md", r"""
The checker does this from the text as it was posted, and names the term:
"""),
    ("code", r"""
report = symcount.check("(h0*h1 + h1*h2 + h2*h3 + h4*h5) + [h1+h2+h3+h4+h5]")
print(report)
report
"""),
    ("md", r"""
## Widths that are partly numbers, partly symbols

A network with one symbolic hidden width `w` has a polynomial count in `w`;
substituting a number gives the exact integer back.
"""),
    ("code", r"""
mixed = symcount.mlp([784, "w", "w", 10])
print(mixed.total)
assert mixed.count(w=16) == 13002
mixed.subs(w=32).total
"""),
]
