"""The general form of symbolic depth: named forms, closed forms, substitution."""

from __future__ import annotations

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import symcount
from symcount import OptionError, general, symbol

from .helpers import per_neuron_count

CONVENTIONS = ["all", "hidden", "none"]


@pytest.mark.parametrize("bias", CONVENTIONS)
def test_every_named_form_equals_mlp_for_depths_1_to_60(bias: str) -> None:
    g = general(bias)
    forms = g.forms()
    for depth in range(1, 61):
        net = symcount.mlp(depth, bias=bias)
        for kind, expr in forms.items():
            assert sympy.expand(g.expand(expr, depth) - net.total) == 0, (kind, depth)
        assert g.form("expanded", depth=depth) == net.total
        assert g.expand(g.weights, depth) == net.weights
        assert g.expand(g.biases, depth) == net.biases


def test_sums_are_over_indexed_positive_widths() -> None:
    g = general()
    h, i, l = g.h, g.i, g.l
    assert g.weights == sympy.Sum(h[i - 1] * h[i], (i, 1, l))
    assert g.biases == sympy.Sum(h[i], (i, 1, l))
    assert general("hidden").biases == sympy.Sum(h[i], (i, 1, l - 1))
    assert general("none").biases == 0
    assert h[i].is_positive and h[i].is_integer and l.is_positive and l.is_integer
    assert g.form("combined") == sympy.Sum(h[i - 1] * h[i] + h[i], (i, 1, l))
    assert g.form("per_neuron") == sympy.Sum(h[i] * (h[i - 1] + 1), (i, 1, l))


def brute_uniform(n_in: int, w: int, n_out: int, depth: int, bias: str) -> int:
    return per_neuron_count([n_in] + [w] * (depth - 1) + [n_out], bias)


@pytest.mark.parametrize("bias", CONVENTIONS)
@given(n_in=st.integers(1, 10**6), w=st.integers(1, 10**6), n_out=st.integers(1, 10**6), depth=st.integers(1, 200))
@settings(max_examples=150, deadline=None)
def test_uniform_closed_form_equals_brute_force(bias: str, n_in: int, w: int, n_out: int, depth: int) -> None:
    closed = general(bias).uniform()
    assert closed.count(depth, n_in=n_in, w=w, n_out=n_out) == brute_uniform(n_in, w, n_out, depth, bias)


@pytest.mark.parametrize("bias", CONVENTIONS)
def test_closed_forms_are_polynomials_in_l_w_n_in_n_out(bias: str) -> None:
    closed = general(bias).uniform()
    piece = closed.total.args[-1][0] if isinstance(closed.total, sympy.Piecewise) else closed.total
    assert piece.is_polynomial(symbol("l"), symbol("w"), symbol("n_in"), symbol("n_out"))
    assert 1 <= closed.valid_from <= 3


@pytest.mark.parametrize("bias", CONVENTIONS)
def test_closed_forms_re_sum_to_the_sum(bias: str) -> None:
    # Re-sum: at each concrete depth, the Sum with the shape's widths, done by
    # SymPy term by term, equals the closed form there (w, n_in, n_out symbolic).
    g = general(bias)
    n_in, w, n_out = symbol("n_in"), symbol("w"), symbol("n_out")
    closed = g.uniform()
    for depth in range(1, 12):
        widths = [n_in] + [w] * (depth - 1) + [n_out]
        resummed = g.expand(g.total, depth).xreplace({symbol(f"h{k}"): v for k, v in enumerate(widths)})
        at_depth = closed.total.xreplace({g.l: depth})
        assert sympy.expand(resummed - at_depth) == 0, depth


@pytest.mark.parametrize("bias", CONVENTIONS)
def test_closed_forms_differ_by_one_layer(bias: str) -> None:
    # Differentiate in l, discretely: C(l+1) - C(l) is the Sum's own (l+1)-th
    # step with the rule's widths, for every symbolic l past the small cases.
    g = general(bias)
    l = g.l
    for rule in [symbol("w"), symbol("a") + symbol("b") * g.i, symbol("w") * 2**g.i, g.i + 1]:
        closed = g.closed(rule).total
        # Sum_{i=1}^{b(l+1)} f = Sum_{i=1}^{b(l)} f + f(b(l+1)): the step is the new last term.
        step = sympy.Add(*(s.function.xreplace({g.i: s.limits[0][2].xreplace({l: l + 1})}) for s in g.total.atoms(sympy.Sum)))
        step = step.replace(lambda e: isinstance(e, sympy.Indexed), lambda e: rule.xreplace({g.i: e.indices[0]}))
        assert sympy.simplify(closed.xreplace({l: l + 1}) - closed - step) == 0, rule


def test_rule_closed_forms_against_direct_counts() -> None:
    g = general()
    a, b, w = symbol("a"), symbol("b"), symbol("w")
    for rule, env in [(w, {"w": 7}), (a + b * g.i, {"a": 3, "b": 2}), (w * 2**g.i, {"w": 5})]:
        closed = g.closed(rule)
        for depth in (1, 2, 3, 10):
            widths = [int(rule.xreplace({g.i: k}).xreplace({symbol(n): v for n, v in env.items()})) for k in range(depth + 1)]
            assert closed.count(depth, **env) == symcount.count(widths)


@given(st.lists(st.integers(1, 10**6), min_size=2, max_size=60), st.sampled_from(CONVENTIONS))
@settings(max_examples=100, deadline=None)
def test_substitution_into_the_general_form(widths: list[int], bias: str) -> None:
    g = general(bias)
    expected = symcount.count(widths, bias=bias)
    for kind in ("split", "combined", "per_neuron"):
        assert g.count(widths, form=kind) == expected


def test_substitution_with_a_rule() -> None:
    g = general()
    assert g.count(g.i + 1, depth=3) == symcount.count([1, 2, 3, 4])
    assert g.count(16, depth=3) == symcount.count([16] * 4)
    with pytest.raises(OptionError, match="needs a depth"):
        g.count(g.i + 1)
    with pytest.raises(OptionError, match="still symbols: w"):
        g.count(symbol("w"), depth=3)
    with pytest.raises(symcount.WidthError, match="width 1 of 4 is 0"):
        g.count(g.i, depth=3)


def test_deep_substitution_does_not_expand_the_sum() -> None:
    widths = list(range(1, 10_002))
    assert general().count(widths) == symcount.count(widths)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: general("some"), "bias is 'some': expected one of 'all', 'hidden', 'none'"),
        (lambda: general([True, False]), "a per-layer mask needs a concrete depth"),  # type: ignore[arg-type]
        (lambda: general(name="h1"), "name is 'h1'"),
        (lambda: general().form("tidy"), "form is 'tidy': expected one of 'split'"),
        (lambda: general().form("expanded"), "needs a concrete depth"),
        (lambda: general().form("closed"), "needs widths that follow a rule"),
        (lambda: general().form("split", depth=3), "only the expanded form takes a depth"),
        (lambda: general().closed(), "closed\\(\\) needs a rule"),
        (lambda: general().closed(symbol("l")), "no depth l"),
        (lambda: general().closed(sympy.Float(1.5)), "exact integers"),
        (lambda: general().uniform(w=0), "w is 0: expected a positive integer"),
        (lambda: general().uniform(n_in="16x"), "n_in is '16x'"),
        (lambda: general().uniform().count(0), "depth is 0"),
        (lambda: general().uniform().count(3, w=4), "still symbols: n_in, n_out"),
        (lambda: general().count([1, 2], depth=5), "depth is 5 but 2 widths give depth 1"),
    ],
)
def test_errors(call: object, message: str) -> None:
    with pytest.raises(OptionError, match=message):
        call()  # type: ignore[operator]


def test_equal_widths_and_rules_in_a_plain_i() -> None:
    g = general()
    w = symbol("w")
    assert g.equal().total == g.closed(w).total == sympy.expand(g.l * (w**2 + w))
    plain_i = sympy.Symbol("i")
    assert g.closed(plain_i + 1).total == g.closed(g.i + 1).total
    with pytest.raises(OptionError, match="the factor factorial\\(i\\) is not i\\*\\*p or b\\*\\*i"):
        g.closed(sympy.factorial(g.i))
