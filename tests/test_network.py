"""Networks: symbols, records, substitution, bias conventions, exactness, depth."""

from __future__ import annotations

import json

import pytest
import sympy

import symcount
from symcount import Dense, DenseStack, Network, OptionError, UnresolvedError, mlp, symbol
from symcount._format import plain

from .helpers import per_neuron_count


def test_widths_are_positive_integer_symbols() -> None:
    net = mlp(3)
    assert net.free_symbols == {symbol(f"h{k}") for k in range(4)}
    for s in net.free_symbols:
        assert s.is_integer and s.is_positive
    assert symcount.width_symbols(2, name="n", start=1) == (symbol("n1"), symbol("n2"), symbol("n3"))


def test_name_and_start_options() -> None:
    assert mlp(2, name="n", start=1).names == ("n1", "n2", "n3")
    with pytest.raises(OptionError, match="name is 'h1'"):
        mlp(2, name="h1")
    with pytest.raises(OptionError, match="start is -1"):
        mlp(2, start=-1)


def test_records_one_per_weight_layer() -> None:
    h = [symbol(f"h{k}") for k in range(3)]
    records = mlp(2).layers
    assert [(r.index, r.kind, r.fan_in, r.fan_out) for r in records] == [(1, "dense", h[0], h[1]), (2, "dense", h[1], h[2])]
    assert [(r.weights, r.biases, r.buffers) for r in records] == [(h[0] * h[1], h[1], 0), (h[1] * h[2], h[2], 0)]
    assert sympy.Add(*(r.params for r in records)) == mlp(2).total


def test_bias_conventions() -> None:
    h = [symbol(f"h{k}") for k in range(4)]
    assert mlp(3, bias="all").biases == h[1] + h[2] + h[3]
    assert mlp(3, bias="hidden").biases == h[1] + h[2]
    assert mlp(3, bias="none").biases == 0
    assert mlp(3, bias=[False, True, False]).biases == h[2]
    assert mlp(3, bias="none").total == mlp(3).weights


@pytest.mark.parametrize(
    "bias, message",
    [
        ("some", "bias is 'some': expected one of 'all', 'hidden', 'none', or 3 bools"),
        ([True, False], "bias is \\[True, False\\]"),
        ([1, 1, 0], "bias is \\[1, 1, 0\\]"),
        (None, "bias is None"),
    ],
)
def test_bad_bias(bias: object, message: str) -> None:
    with pytest.raises(OptionError, match=message):
        mlp([784, 16, 16, 10], bias=bias)  # type: ignore[arg-type]


def test_mixed_widths_and_partial_substitution() -> None:
    w = symbol("w")
    net = mlp([784, "w", "w", 10])
    assert net.names == ("w",)
    assert net.total == w**2 + 796 * w + 10
    assert net.count(w=16) == net.count({"w": 16}) == net.count({w: 16}) == 13002
    assert net.subs(w=32).total == 32**2 + 796 * 32 + 10
    assert net.subs(w="v").names == ("v",)
    v = sympy.Symbol("v", positive=True, integer=True)
    assert net.subs(w=2 * v).total == sympy.expand((2 * v) ** 2 + 796 * 2 * v + 10)


def test_substitution_errors() -> None:
    net = mlp(2)
    with pytest.raises(OptionError, match="'x' is not a symbolic size of this network \\(its sizes: h0, h1, h2\\)"):
        net.subs(x=3)
    with pytest.raises(symcount.WidthError, match="value of h1 is 0"):
        net.count(h0=1, h1=0, h2=3)
    with pytest.raises(UnresolvedError, match="these are still symbols: h1, h2"):
        net.count(h0=3)


def test_subs_agrees_with_sympy_substitution() -> None:
    net = mlp([5, "a", "b", 7])
    a, b = symbol("a"), symbol("b")
    assert net.subs(a=3).total == net.total.xreplace({a: 3}) == net.total.subs(a, 3)
    assert net.subs(a="b").total == net.total.xreplace({a: b})


def test_exact_integers_for_huge_widths() -> None:
    widths = [10**100, 3 * 10**100 + 7, 10**99, 5]
    exact = per_neuron_count(widths)
    assert symcount.count(widths) == exact
    assert mlp(widths).total == exact
    assert mlp(3).count(dict(zip(["h0", "h1", "h2", "h3"], widths))) == exact
    assert type(symcount.count(widths)) is int


def test_summary_numeric_is_plain_ints() -> None:
    s = mlp([784, 16, 16, 10]).summary()
    assert s.numeric
    assert all(type(v) is int for r in s.layers for v in (r.fan_in, r.weights, r.biases, r.params))
    assert sum(r.params for r in s.layers) == s.total == 13002  # rows add up to the total


def test_network_of_dense_layers() -> None:
    net = Network([Dense(784, 16), Dense(16, 16), Dense(16, 10, bias=False)])
    assert net.count() == 13002 - 10
    assert net.total == symcount.mlp([784, 16, 16, 10], bias="hidden").total
    with pytest.raises(OptionError, match="layer 2 of layers is 3"):
        Network([Dense(1, 2), 3])  # type: ignore[list-item]
    with pytest.raises(OptionError, match="at least one layer"):
        Network([])
    with pytest.raises(OptionError, match="bias is 1"):
        Dense(1, 2, bias=1)  # type: ignore[arg-type]


def test_sympy_expression_widths() -> None:
    k = symbol("k")
    net = mlp([784, 2 * k, 10])
    assert net.names == ("k",)
    assert net.count(k=8) == symcount.count([784, 16, 10])
    with pytest.raises(symcount.WidthError, match="width 2 of 3 is 0.5"):
        mlp([784, sympy.Float(0.5), 10])
    with pytest.raises(symcount.WidthError, match="width 2 of 3 is -k"):
        mlp([784, -k, 10])


def test_summary_text_and_json_for_formulas() -> None:
    s = mlp(2).summary()
    assert not s.numeric
    text = s.to_text()
    assert "total   h0*h1 + h1*h2 + h1 + h2" in text.splitlines()
    data = json.loads(json.dumps(s.to_dict()))
    assert data["total"] == "h0*h1 + h1*h2 + h1 + h2"
    assert data["layers"][1] == {
        "index": 2, "kind": "dense", "fan_in": "h1", "fan_out": "h2",
        "weights": "h1*h2", "biases": "h2", "buffers": 0, "params": "h1*h2 + h2",
    }


def test_layer_order_formulas_equal_sympy_canonical() -> None:
    s = mlp([784, "w", 3, "w", "v", 10], bias="hidden").summary()
    for key, formula in s.formulas().items():
        assert sympy.Add(*sympy.Add.make_args(formula)) == getattr(s, key)


def test_latex_and_repr_latex() -> None:
    net = mlp(2)
    assert symcount.latex(symbol("h1") * symbol("h2")) == r"h_{1} h_{2}"
    assert symcount.latex(symbol("h1") * symbol("h2"), mul_symbol="times") == r"h_{1} \times h_{2}"
    out = symcount.latex(net)
    assert out == r"h_{0} h_{1} + h_{1} h_{2} + \left(h_{1} + h_{2}\right)"
    assert net._repr_latex_() == f"$\\displaystyle {out}$"
    # Layer order survives SymPy's own latex(), through the _latex hook.
    assert sympy.latex(net) == out
    with pytest.raises(symcount.OptionError, match="no setting 'no_such_setting'"):
        symcount.latex(net, no_such_setting=1)


def test_deep_network_no_recursion_and_linear() -> None:
    depth = 10_000
    net = mlp(depth)
    total = net.total
    assert len(total.args) == 2 * depth
    widths = list(range(1, depth + 2))
    values = {f"h{k}": w for k, w in enumerate(widths)}
    expected = per_neuron_count(widths)
    assert net.count(values) == expected == symcount.count(widths)
    # The fast path (substituting sizes) and the symbolic one (xreplace) agree.
    assert total.xreplace({symbol(k): v for k, v in values.items()}) == expected
    assert plain(net.summary().formulas()["total"]).startswith("h0*h1 + h1*h2 + h2*h3")
    assert len(json.dumps(net.summary().to_dict())) > depth
    assert len(net.summary().to_text().splitlines()) == depth + 5
    assert symcount.latex(mlp(widths)).endswith(f"= {expected}\n\\end{{aligned}}")


def test_dense_stack_keeps_depth() -> None:
    stack = DenseStack(["a", 3, "b"], bias="hidden")
    assert stack.depth == 2
    assert list(stack.dims()) == ["a", 3, "b"]
    assert "DenseStack(['a', 3, 'b'], bias='hidden')" == repr(stack)


def test_layer_order_past_ten_layers() -> None:
    # SymPy sorts names as strings (h10 before h9); formulas keep layer order.
    s = mlp(11, bias="hidden").summary()
    text = s.to_text()
    assert "h8*h9 + h9*h10 + h10*h11 + h1 + h2" in text
    assert "h9 + h10\n" in text.split("total")[0]
    assert r"h_{8} h_{9} + h_{9} h_{10} + h_{10} h_{11}" in symcount.latex(s, line_width=None)
    assert s.to_dict()["layers"][9]["weights"] == "h9*h10"
