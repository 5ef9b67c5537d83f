"""LaTeX: the forum's formulas to the letter, every style and option through real renderers."""

from __future__ import annotations

import itertools
import re

import pytest
import sympy

import symcount
import symcount.models
from symcount import OptionError, general, mlp, symbol
from symcount.printing import latex, markdown, tex_document

from .renderers import (
    as_body, compiles_document, katex_errors, math_of, mathjax_errors, pdflatex_errors, render_errors,
)

# -- the forum, to the letter --------------------------------------------------


def test_answer_1_worked_lines() -> None:
    net = mlp([784, 16, 16, 10])
    assert latex(net, style="worked").splitlines() == [
        r"\begin{aligned}",
        r"\text{weights} &= 784 \times 16 + 16 \times 16 + 16 \times 10 = 12960 \\",
        r"\text{biases} &= 16 + 16 + 10 = 42 \\",
        r"\text{total} &= 12960 + 42 = 13002",
        r"\end{aligned}",
    ]
    grouped = latex(net, grouped_biases=True).splitlines()
    assert grouped[2] == r"\text{biases} &= 32 + 10 = 42 \\"
    assert latex(net, bias="hidden", grouped_biases=True).splitlines()[2] == r"\text{biases} &= 32 \\"


def test_answer_2_general_formula_in_its_own_notation() -> None:
    # Answer 2: widths n_0 ... n_{l-1}, three leading terms, the missing "+" restored.
    out = latex(general(), style="ellipsis", name="n", last="l-1", head=3)
    assert out == (
        r"n_{0} \times n_{1} + n_{1} \times n_{2} + n_{2} \times n_{3} + \dots + n_{l-2} \times n_{l-1}"
        r" + \left(n_{1} + n_{2} + n_{3} + \dots + n_{l-1}\right)"
    )


def test_the_question_notation() -> None:
    assert latex(general(), style="ellipsis") == (
        r"h_{0} \times h_{1} + h_{1} \times h_{2} + \dots + h_{l-1} \times h_{l}"
        r" + \left(h_{1} + h_{2} + \dots + h_{l}\right)"
    )
    assert latex(general()) == r"\sum_{i=1}^{l} h_{i-1} h_{i} + \sum_{i=1}^{l} h_{i}"
    assert latex(general(), form="combined") == r"\sum_{i=1}^{l} \left(h_{i-1} h_{i} + h_{i}\right)"
    assert latex(general(), form="per_neuron") == r"\sum_{i=1}^{l} \left(h_{i-1} + 1\right) h_{i}"
    assert latex(general("hidden")) == r"\sum_{i=1}^{l} h_{i-1} h_{i} + \sum_{i=1}^{l-1} h_{i}"


def test_answer_3_network_with_the_term_it_forgot() -> None:
    out = latex(mlp(5), bias_group="brackets", mul_symbol="times")
    assert out == (
        r"h_{0} \times h_{1} + h_{1} \times h_{2} + h_{2} \times h_{3} + h_{3} \times h_{4} + h_{4} \times h_{5}"
        r" + \left[h_{1} + h_{2} + h_{3} + h_{4} + h_{5}\right]"
    )
    assert r"h_{3} \times h_{4}" in out  # the term answer 3 left out


def test_ellipsis_of_a_concrete_network_and_its_options() -> None:
    net = mlp(100)
    assert latex(net, style="ellipsis") == (
        r"h_{0} \times h_{1} + h_{1} \times h_{2} + \dots + h_{99} \times h_{100}"
        r" + \left(h_{1} + h_{2} + \dots + h_{100}\right)"
    )
    assert latex(net, style="ellipsis", head=1, tail=2, mul_symbol="dot", bias_group="none", bias="hidden") == (
        r"h_{0} \cdot h_{1} + \dots + h_{98} \cdot h_{99} + h_{99} \cdot h_{100}"
        r" + h_{1} + \dots + h_{98} + h_{99}"
    )
    assert latex(mlp(3), style="ellipsis") == latex(mlp(3), style="expanded", mul_symbol="times")  # too short to elide


def test_names_start_and_environments() -> None:
    assert latex(mlp(2), name="n", start=1) == r"n_{1} n_{2} + n_{2} n_{3} + \left(n_{2} + n_{3}\right)"
    assert latex(mlp(1), mode="inline") == r"$h_{0} h_{1} + h_{1}$"  # no brackets around a single term
    assert latex(mlp(1), mode="display") == "\\[\n" + latex(mlp(1)) + "\n\\]"
    assert latex(mlp(1), mode="equation").startswith("\\begin{equation}\n")
    assert latex(mlp([2, 2, 2]), mode="align").splitlines()[1] == r"\text{weights} &= 2 \times 2 + 2 \times 2 = 8 \\"


def test_sum_style_of_a_concrete_symbolic_network() -> None:
    assert latex(mlp(3), style="sum") == r"\sum_{i=1}^{3} h_{i-1} h_{i} + \sum_{i=1}^{3} h_{i}"
    with pytest.raises(OptionError, match="style 'sum' does not apply to a numeric MLP"):
        latex(mlp([784, 16, 10]), style="sum")
    with pytest.raises(OptionError, match="style 'sum' does not apply to a symbolic MLP"):
        latex(mlp([784, "w", 10]), style="sum")


def test_table_rows_add_up() -> None:
    out = latex(mlp([784, 16, 16, 10]), style="table")
    assert "1 & dense & $h_{0} h_{1}$ & $h_{1}$ & 12544 & 16 & 12560 \\\\" in out.splitlines()
    assert " & total &  &  & 12960 & 42 & 13002 \\\\" in out.splitlines()
    md = markdown(mlp([784, 16, 16, 10]), style="table").splitlines()
    # Formula columns and count columns are told apart by their headers.
    assert md[0] == "|  | layer | weights (formula) | biases (formula) | weights | biases | parameters |"
    rows = [line.split(" | ") for line in md[2:-1]]
    assert sum(int(r[-1].rstrip(" |")) for r in rows) == 13002


def test_a_family_table_names_its_rows_and_collects_each_formula() -> None:
    md = markdown(symcount.models.gpt2(), style="table", symbol_names="paper", line_width=None).splitlines()
    assert md[0] == "|  | layer | weights | biases | parameters |"
    assert md[2] == "| 1 | embeddings.token (embedding) | $V d$ | $0$ | $V d$ |"
    assert md[4] == "| 3 | blocks.norms.1 (layernorm) | $L d$ | $L d$ | $2 L d$ |"
    assert md[-4] == "| 9 | head (linear), tied to embeddings.token | $0$ | $0$ | $0$ |"
    assert md[-3] == "|  | **total** |  |  | $12 L d^{2} + 13 L d + V d + P d + 2 d$ |"
    # Paper symbols come with their legend, under the table.
    assert md[-1] == ("where $V$ is the vocabulary size, $P$ is the number of positions, $d$ is the width, "
                      "$L$ is the number of layers.")
    numeric = markdown(symcount.models.gpt2(vocab_size=50257, n_positions=1024, n_embd=768, n_layer=12),
                       style="table", line_width=None).splitlines()
    assert numeric[0] == "|  | layer | weights (formula) | biases (formula) | weights | biases | parameters |"
    assert numeric[-1] == "|  | **total** |  |  | 124337664 | 102144 | 124439808 |"


def test_repr_latex_is_displaystyle() -> None:
    for obj in (mlp(3), mlp([784, 16, 16, 10]), general(), general().uniform(), mlp(2).summary()):
        out = obj._repr_latex_()
        assert out.startswith("$\\displaystyle ") and out.endswith("$")
        assert out == f"$\\displaystyle {latex(obj)}$"


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"style": "fancy"}, "style is 'fancy': expected one of 'expanded', 'ellipsis', 'sum', 'worked', 'table'"),
        ({"mul_symbol": "x"}, "mul_symbol is 'x': expected one of 'times', 'dot', 'ldot'"),
        ({"bias_group": "braces"}, "bias_group is 'braces': expected one of 'parens', 'brackets', 'none'"),
        ({"mode": "gather"}, "mode is 'gather': expected one of 'plain', 'inline', 'display', 'equation'"),
        ({"symbol_names": "fancy"}, "symbol_names is 'fancy'"),
        ({"line_width": 3}, "line_width is 3: expected a width in ems from 10 to 1000"),
        ({"legend": "yes"}, "legend is 'yes'"),
        ({"style": "ellipsis", "form": "combined"}, "form does not apply to the ellipsis style"),
        ({"style": "collected", "head": 3}, "head does not apply to the collected style"),
        ({"head": 0}, "head is 0: expected an integer >= 1"),
        ({"name": "2h"}, "name is '2h'"),
        ({"last": "l*2"}, "last is 'l\\*2'"),
        ({"form": "closed"}, "form is 'closed'"),
        ({"grouped_biases": "yes"}, "grouped_biases is 'yes'"),
    ],
)
def test_bad_settings(settings: dict[str, object], message: str) -> None:
    with pytest.raises(OptionError, match=message):
        latex(mlp(2), **settings)


def test_unknown_setting_is_named() -> None:
    with pytest.raises(OptionError, match="no setting 'colour': the settings are .*mul_symbol"):
        latex(mlp(2), colour="red")


def test_styles_that_need_numbers_or_depth() -> None:
    with pytest.raises(OptionError, match="worked style needs numbers"):
        latex(mlp(2), style="worked")
    with pytest.raises(OptionError, match="style 'expanded' does not apply to the general form"):
        latex(general(), style="expanded")
    with pytest.raises(OptionError, match="table style is a tabular"):
        latex(mlp(2), style="table", mode="inline")


# -- every style and option, through KaTeX, MathJax and pdflatex -----------------

NETWORKS = {
    "depth 1": mlp(1),
    "depth 5": mlp(5),
    "depth 100": mlp(100),
    "784-16-16-10": mlp([784, 16, 16, 10]),
    "mixed": mlp([784, "w", "w", 10]),
    "symbolic l": general(),
    "gpt2, symbolic": symcount.models.gpt2(),
    "closed": general().uniform(),
}
# Every object x style x option through the renderers: tests/test_printing.py.


def test_markdown_and_repr_latex_render_in_katex_and_mathjax() -> None:
    outs = [markdown(obj) for obj in NETWORKS.values()] + [obj._repr_latex_() for obj in NETWORKS.values()]
    formulas = [f for out in outs for f in math_of(out)]
    assert render_errors(formulas) == [None] * len(formulas)


@pytest.mark.parametrize("obj", [mlp([784, 16, 16, 10]), mlp(100), general(), general("hidden").uniform()], ids=str)
def test_standalone_documents_compile(obj: object) -> None:
    assert compiles_document(tex_document(obj))
    assert compiles_document(tex_document(mlp([784, 16, 16, 10]), style="table"))


def test_renderers_catch_broken_latex() -> None:
    # The checks can fail: broken LaTeX is caught by every renderer (more cases in test_renderers.py).
    assert katex_errors([(r"\frac{1}{", True)])[0] is not None
    assert mathjax_errors([(r"\frac{1}{", True)])[0] is not None
    assert pdflatex_errors([r"\[ \frac{1}{ \]"]) == [r"\[ \frac{1}{ \]"]


# -- round trip through SymPy's LaTeX parser --------------------------------------


def parse_back(tex: str) -> sympy.Expr:
    parse_latex = pytest.importorskip("sympy.parsing.latex").parse_latex
    pytest.importorskip("antlr4")
    parsed = parse_latex(tex)
    # The parser names symbols as written (h_{3}); symcount's are h3, positive integers.
    rename = {s: symbol(re.sub(r"_\{(\d+)\}", r"\1", s.name)) for s in parsed.free_symbols}
    return sympy.expand(parsed.xreplace(rename))


@pytest.mark.parametrize(
    "net", [mlp(1), mlp(5), mlp(5, bias="hidden"), mlp([784, 16, 16, 10]), mlp([784, "w", "w", 10])], ids=repr
)
@pytest.mark.parametrize("mul", ["times", "dot", None])
@pytest.mark.parametrize("bias_group", ["parens", "brackets", "none"])
def test_expanded_reads_back_to_the_same_expression(net: symcount.Network, mul: str, bias_group: str) -> None:
    tex = latex(net, style="expanded", mul_symbol=mul, bias_group=bias_group)
    assert sympy.expand(parse_back(tex) - net.total) == 0


# -- the forms of real models, as their papers write them ------------------------------------------
#
# Written here by hand from the papers, not from symcount's output. Kaplan et al. (2020),
# "Scaling Laws for Neural Language Models", Table 1: a GPT block has 2 d (2 d_attn + d_ff)
# = 12 d^2 weights when d_attn = d and d_ff = 4 d, so N = 12 L d^2 leads. With GPT-2's biases
# (Radford et al. 2019) a block adds 4d (q, k, v, o) + 4d + d (MLP) + 4d (two LayerNorms) = 13 d;
# the model adds V d and P d (token and position embeddings) and 2 d (the final LayerNorm);
# the head is tied to the token embedding (Press & Wolf 2017) and adds nothing.


def paper(obj: object, style: str) -> str:
    return latex(obj, style=style, symbol_names="paper", legend=False, line_width=None)


def test_gpt2_forms() -> None:
    gpt2 = symcount.models.gpt2()
    assert paper(gpt2, "collected") == r"12 L d^{2} + 13 L d + V d + P d + 2 d"
    assert paper(gpt2, "factored") == r"L \left(12 d^{2} + 13 d\right) + \left(V + P + 2\right) d"
    assert paper(gpt2, "components").splitlines() == [
        r"\begin{aligned}",
        r"\text{embeddings} &= V d + P d \\",
        r"\text{each of } L \text{ blocks} &= 12 d^{2} + 13 d \\",
        r" &= \underbrace{4 d}_{\text{norms}} + \underbrace{4 d^{2} + 4 d}_{\text{attention}}"
        r" + \underbrace{8 d^{2} + 5 d}_{\text{mlp}} \\",
        r"\text{final norm} &= 2 d \\",
        r"\text{head} &= 0 \quad \text{(tied to embeddings.token)} \\",
        r"\text{total} &= L \left(12 d^{2} + 13 d\right) + \left(V + P + 2\right) d",
        r"\end{aligned}",
    ]
    # The leading term is Kaplan et al.'s: the rest vanishes against it as d grows.
    V, P, d, L = (symbol(n) for n in "VPdL")
    assert sympy.expand(gpt2.with_symbols("paper").total - 12 * L * d**2 - (13 * L * d + (V + P + 2) * d)) == 0


def test_bert_forms() -> None:
    # Devlin et al. (2019): token, position and segment (T) embeddings with a LayerNorm, L post-norm
    # blocks of 4 d^2 + 4 d attention, 2 d d_ff + d_ff + d feed-forward and two LayerNorms, a d x d pooler.
    bert = symcount.models.bert(intermediate_size="intermediate_size")
    assert paper(bert, "collected") == (
        r"4 L d^{2} + 2 L d d_{ff} + 9 L d + L d_{ff} + V d + P d + T d + d^{2} + 3 d")
    assert paper(bert, "factored") == (
        r"L \left(4 d^{2} + 2 d d_{ff} + 9 d + d_{ff}\right) + \left(d + 1\right) d + \left(V + P + T + 2\right) d")
    assert paper(symcount.models.bert(), "factored") == (  # d_ff = 4 d, as BERT-base
        r"L \left(12 d^{2} + 13 d\right) + \left(d + 1\right) d + \left(V + P + T + 2\right) d")


def test_llama_forms() -> None:
    # Touvron et al. (2023): no biases, RMSNorm (a gain only), SwiGLU's three d x d_ff matrices,
    # an untied head; with grouped-query attention k and v shrink by n_kv / n_h.
    llama = symcount.models.llama()
    assert paper(llama, "collected") == r"4 L d^{2} + 3 L d d_{ff} + 2 L d + 2 V d + d"
    assert paper(llama, "factored") == r"L \left(4 d^{2} + 3 d d_{ff} + 2 d\right) + \left(2 V + 1\right) d"
    gqa = symcount.models.llama(num_key_value_heads="num_key_value_heads")
    assert paper(gqa, "factored") == (
        r"L \left(2 d^{2} + \frac{2 d^{2} n_{kv}}{n_{h}} + 3 d d_{ff} + 2 d\right) + \left(2 V + 1\right) d")
    assert paper(gqa, "components").splitlines()[2:4] == [
        r"\text{each of } L \text{ blocks} &= 2 d^{2} + \frac{2 d^{2} n_{kv}}{n_{h}} + 3 d d_{ff} + 2 d \\",
        r" &= \underbrace{2 d}_{\text{norms}} + \underbrace{2 d^{2} + \frac{2 d^{2} n_{kv}}{n_{h}}}_{\text{attention}}"
        r" + \underbrace{3 d d_{ff}}_{\text{mlp}} \\",
    ]


def test_lstm_forms() -> None:
    # Hochreiter & Schmidhuber (1997), four gates: 4 (d h + h^2) weights; PyTorch keeps two bias
    # vectors per gate (8 h), Keras one (4 h), which the homework formula 4 (h (h + d) + h) counts.
    lstm = symcount.Network([symcount.Recurrent("lstm", "d", "h")])
    keras = symcount.Network([symcount.Recurrent("lstm", "d", "h", biases="keras")])
    assert latex(lstm) == r"4 d h + 4 h^{2} + 8 h"
    assert latex(lstm, style="factored") == r"4 \left(d + h + 2\right) h"
    assert latex(keras, style="factored") == r"4 \left(d + h + 1\right) h"
    d, h = symbol("d"), symbol("h")
    assert sympy.expand(keras.total - 4 * (h * (h + d) + h)) == 0


def test_the_legend_says_what_each_symbol_is() -> None:
    out = latex(symcount.models.gpt2(), style="factored", symbol_names="paper", line_width=None)
    assert out.splitlines() == [
        r"\begin{aligned}",
        r"&L \left(12 d^{2} + 13 d\right) + \left(V + P + 2\right) d \\",
        r"&\text{where } V \text{ is the vocabulary size},\; P \text{ is the number of positions},\; "
        r"d \text{ is the width},\; L \text{ is the number of layers}",
        r"\end{aligned}",
    ]


def test_long_names_never_run_together() -> None:
    out = latex(symcount.models.llama(), line_width=None)
    assert r"\mathit{hidden\_size} \cdot \mathit{vocab\_size}" in out
    assert "vocab_{size}" not in out and r"\mathit{hidden\_size} \mathit" not in out


def test_mlp_forms() -> None:
    assert latex(mlp(3), style="factored") == (
        r"\left(h_{0} + 1\right) h_{1} + \left(h_{1} + 1\right) h_{2} + \left(h_{2} + 1\right) h_{3}")
    assert latex(mlp([784, "w", "w", 10]), style="collected") == r"w^{2} + 796 w + 10"
    assert latex(mlp([784, 16, 16, 10]), style="factored") == r"13002"  # numbers: nothing repeats symbolically
