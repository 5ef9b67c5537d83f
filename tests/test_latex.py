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
    out = latex(mlp(5), bias_group="brackets", mul="times")
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
    assert latex(net, style="ellipsis", head=1, tail=2, mul="cdot", bias_group="none", bias="hidden") == (
        r"h_{0} \cdot h_{1} + \dots + h_{98} \cdot h_{99} + h_{99} \cdot h_{100}"
        r" + h_{1} + \dots + h_{98} + h_{99}"
    )
    assert latex(mlp(3), style="ellipsis") == latex(mlp(3), style="expanded", mul="times")  # too short to elide


def test_names_start_and_environments() -> None:
    assert latex(mlp(2), name="n", start=1) == r"n_{1} n_{2} + n_{2} n_{3} + \left(n_{2} + n_{3}\right)"
    assert latex(mlp(1), env="inline") == r"$h_{0} h_{1} + \left(h_{1}\right)$"
    assert latex(mlp(1), env="display") == "\\[\n" + latex(mlp(1)) + "\n\\]"
    assert latex(mlp(1), env="equation").startswith("\\begin{equation}\n")
    assert latex(mlp([2, 2, 2]), env="align").splitlines()[1] == r"\text{weights} &= 2 \times 2 + 2 \times 2 = 8 \\"


def test_sum_style_of_a_concrete_symbolic_network() -> None:
    assert latex(mlp(3), style="sum") == r"\sum_{i=1}^{3} h_{i-1} h_{i} + \sum_{i=1}^{3} h_{i}"
    with pytest.raises(OptionError, match="the sum style needs the general form"):
        latex(mlp([784, 16, 10]), style="sum")


def test_table_rows_add_up() -> None:
    out = latex(mlp([784, 16, 16, 10]), style="table")
    assert "1 & $h_{0} h_{1}$ & $h_{1}$ & 12544 & 16 & 12560 \\\\" in out.splitlines()
    assert "total &  &  & 12960 & 42 & 13002 \\\\" in out.splitlines()
    md = markdown(mlp([784, 16, 16, 10]), style="table").splitlines()
    assert md[0] == "| layer | weights | biases | weights | biases | parameters |"
    rows = [line.split(" | ") for line in md[2:-1]]
    assert sum(int(r[-1].rstrip(" |")) for r in rows) == 13002


def test_repr_latex_is_displaystyle() -> None:
    for obj in (mlp(3), mlp([784, 16, 16, 10]), general(), general().uniform(), mlp(2).summary()):
        out = obj._repr_latex_()
        assert out.startswith("$\\displaystyle ") and out.endswith("$")
        assert out == f"$\\displaystyle {latex(obj)}$"


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"style": "fancy"}, "style is 'fancy': expected one of 'expanded', 'ellipsis', 'sum', 'worked', 'table'"),
        ({"mul": "x"}, "mul is 'x': expected one of 'times', 'cdot', 'juxtapose'"),
        ({"bias_group": "braces"}, "bias_group is 'braces': expected one of 'parens', 'brackets', 'none'"),
        ({"env": "gather"}, "env is 'gather': expected one of 'none', 'inline'"),
        ({"head": 0}, "head is 0: expected an integer >= 1"),
        ({"name": "2h"}, "name is '2h'"),
        ({"last": "l+1"}, "last is 'l\\+1'"),
        ({"form": "closed"}, "form is 'closed'"),
        ({"grouped_biases": "yes"}, "grouped_biases is 'yes'"),
    ],
)
def test_bad_settings(settings: dict[str, object], message: str) -> None:
    with pytest.raises(OptionError, match=message):
        latex(mlp(2), **settings)


def test_unknown_setting_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        latex(mlp(2), colour="red")


def test_styles_that_need_numbers_or_depth() -> None:
    with pytest.raises(OptionError, match="worked style needs numbers"):
        latex(mlp(2), style="worked")
    with pytest.raises(OptionError, match="needs a concrete depth"):
        latex(general(), style="expanded")
    with pytest.raises(OptionError, match="table style is a tabular"):
        latex(mlp(2), style="table", env="inline")


# -- every style and option, through KaTeX, MathJax and pdflatex -----------------

NETWORKS = {
    "depth 1": mlp(1),
    "depth 2": mlp(2),
    "depth 5": mlp(5),
    "depth 100": mlp(100),
    "784-16-16-10": mlp([784, 16, 16, 10]),
    "depth 100, numbers": mlp([7] * 101),
    "mixed": mlp([784, "w", "w", 10]),
    "symbolic l": general(),
    "layer kinds": symcount.Network(
        [symcount.Embedding("V", "d"), symcount.LayerNorm("d"), symcount.MultiheadAttention("d", 4),
         symcount.Recurrent("lstm", "d", "h", "n"), symcount.Conv(3, "c", 3), symcount.BatchNorm("c")]
    ),
    "gpt2, symbolic": symcount.models.gpt2(),
    "llama 7b": symcount.models.llama(vocab_size=32000, hidden_size=4096, num_hidden_layers=32,
                                      num_attention_heads=32, intermediate_size=11008),
    "layer kinds, numbers": symcount.Network(
        [symcount.Embedding(100, 16), symcount.Attention(16, 4, 2), symcount.GatedMLP(16, 64), symcount.GroupNorm(4, 16)]
    ),
    "closed": general().uniform(),
}
OPTIONS = {
    "mul": [None, "times", "cdot", "juxtapose"],
    "bias_group": ["parens", "brackets", "none"],
    "env": ["none", "inline", "display", "equation", "align"],
    "bias": ["all", "hidden", "none"],
}


def combinations() -> list[tuple[str, str, dict[str, object]]]:
    """Every style, network and option combination that applies (the others raise OptionError)."""
    out = []
    for (net_name, obj), style in itertools.product(NETWORKS.items(), list(symcount.printing.STYLES)):
        for values in itertools.product(*OPTIONS.values()):
            settings = dict(zip(OPTIONS, values), style=style)
            if style == "table":
                settings["env"] = "none"
            if net_name == "closed":
                settings.pop("bias")
            try:
                output = latex(obj, **settings)
            except OptionError:
                continue
            out.append((net_name, output, settings))
    return out


@pytest.fixture(scope="module")
def outputs() -> list[tuple[str, str, dict[str, object]]]:
    return combinations()


def test_the_combinations_cover_every_style(outputs: list[tuple[str, str, dict[str, object]]]) -> None:
    styles = {s["style"] for _, _, s in outputs}
    assert styles == set(symcount.printing.STYLES)
    assert len(outputs) > 1000


def test_every_combination_renders_in_katex_and_mathjax(outputs: list[tuple[str, str, dict[str, object]]]) -> None:
    formulas = [(tex, display, name, settings) for name, out, settings in outputs for tex, display in math_of(out)]
    errors = render_errors([(tex, display) for tex, display, _, _ in formulas])
    failed = [(name, settings, tex[:200], err) for (tex, _, name, settings), err in zip(formulas, errors) if err]
    assert not failed, failed[:5]


def test_every_combination_compiles_with_pdflatex(outputs: list[tuple[str, str, dict[str, object]]]) -> None:
    bodies = sorted({as_body(out) for _, out, _ in outputs})
    assert not pdflatex_errors(bodies)


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
@pytest.mark.parametrize("mul", ["times", "cdot", "juxtapose"])
@pytest.mark.parametrize("bias_group", ["parens", "brackets", "none"])
def test_expanded_reads_back_to_the_same_expression(net: symcount.Network, mul: str, bias_group: str) -> None:
    tex = latex(net, style="expanded", mul=mul, bias_group=bias_group)
    assert sympy.expand(parse_back(tex) - net.total) == 0
