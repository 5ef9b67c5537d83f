"""Property tests: symcount's counts against independent integer counts."""

from __future__ import annotations

import contextlib
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symcount
from symcount import symbol
from symcount.cli import main

from .helpers import enumerated_count, per_neuron_count

small = st.integers(1, 10**6)
huge = st.integers(1, 10**30)
widths_lists = st.lists(st.one_of(small, small, small, huge), min_size=2, max_size=50)
conventions = st.sampled_from(["all", "hidden", "none"])


@st.composite
def width_and_bias(draw: st.DrawFn) -> tuple[list[int], str | list[bool]]:
    widths = draw(widths_lists)
    bias = draw(st.one_of(conventions, st.lists(st.booleans(), min_size=len(widths) - 1, max_size=len(widths) - 1)))
    return widths, bias


@given(width_and_bias())
@settings(max_examples=300, deadline=None)
def test_count_equals_brute_force(case: tuple[list[int], str | list[bool]]) -> None:
    widths, bias = case
    expected = per_neuron_count(widths, bias)
    assert symcount.count(widths, bias=bias) == expected
    assert symcount.mlp(widths, bias=bias).count() == expected


@given(width_and_bias())
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_substituted_symbolic_total_equals_brute_force(case: tuple[list[int], str | list[bool]]) -> None:
    widths, bias = case
    net = symcount.mlp(len(widths) - 1, bias=bias)
    values = {f"h{k}": w for k, w in enumerate(widths)}
    expected = per_neuron_count(widths, bias)
    # The symbolic formula, substituted by SymPy ...
    assert net.total.xreplace({symbol(k): v for k, v in values.items()}) == expected
    # ... and the fast path that substitutes sizes, not formulas.
    assert net.count(values) == expected
    assert net.subs(values).total == expected


@given(st.lists(st.integers(1, 6), min_size=2, max_size=5), conventions)
@settings(max_examples=60, deadline=None)
def test_count_equals_enumeration_of_every_parameter(widths: list[int], bias: str) -> None:
    assert symcount.count(widths, bias=bias) == enumerated_count(widths, bias)


@given(widths_lists, conventions)
@settings(max_examples=100, deadline=None)
def test_cli_json_equals_brute_force(widths: list[int], bias: str) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main([*map(str, widths), "--bias", bias, "--format", "json"]) == 0
    data = json.loads(out.getvalue())
    assert data["total"] == per_neuron_count(widths, bias)
    assert data["weights"] + data["biases"] == data["total"]
    assert sum(layer["params"] for layer in data["layers"]) == data["total"]


@given(st.lists(st.one_of(st.integers(1, 50), st.sampled_from(["a", "b", "w"])), min_size=2, max_size=8), conventions)
@settings(max_examples=100, deadline=None)
def test_mixed_networks_substitute_consistently(widths: list[int | str], bias: str) -> None:
    net = symcount.mlp(widths, bias=bias)
    values = {name: 3 + k for k, name in enumerate(net.names)}
    concrete = [values.get(w, w) if isinstance(w, str) else w for w in widths]
    assert net.count(values) == per_neuron_count(concrete, bias)  # type: ignore[arg-type]
    assert net.total.xreplace({symbol(k): v for k, v in values.items()}) == net.count(values)


# -- the build's shortcuts make what SymPy makes --------------------------------------------

_names = st.sampled_from(["h0", "h1", "h9", "h10", "h11", "h100", "w", "d", "n_h", "x"])


@st.composite
def sympy_factors(draw: st.DrawFn) -> object:
    """A factor as layers give them: a width symbol, a plain symbol, an int, or an odd one."""
    import sympy

    name = draw(_names)
    kind = draw(st.sampled_from(["width", "width", "width", "plain", "int", "dummy", "noncommutative"]))
    if kind == "width":
        return symbol(name)
    if kind == "plain":
        return sympy.Symbol(name)
    if kind == "int":
        return draw(st.integers(1, 5))
    if kind == "dummy":
        return sympy.Dummy(name)
    return sympy.Symbol(name, commutative=False)


@given(st.lists(sympy_factors(), min_size=1, max_size=3))
@settings(max_examples=400, deadline=None)
def test_product_is_sympys_mul(factors: list[object]) -> None:
    import sympy

    from symcount.symbols import product

    ours, theirs = product(tuple(factors)), sympy.Mul(*factors)
    assert type(ours) is type(theirs)
    assert ours.args == theirs.args and ours == theirs and hash(ours) == hash(theirs)
    assert sympy.srepr(ours) == sympy.srepr(theirs)


@st.composite
def sum_terms(draw: st.DrawFn) -> list[object]:
    """Terms as rows give them: symbols, products of symbols, numbers, repeats, now and then a sum."""
    import sympy

    from symcount.symbols import product

    terms: list[object] = []
    for _ in range(draw(st.integers(0, 12))):
        factors = draw(st.lists(sympy_factors(), min_size=1, max_size=3))
        term = product(tuple(factors))
        if draw(st.integers(0, 9)) == 0:
            term = sympy.Add(term, draw(st.integers(0, 3)))
        terms.append(term)
    return terms


@given(sum_terms())
@settings(max_examples=400, deadline=None)
def test_flat_sum_is_sympys_add(terms: list[object]) -> None:
    import sympy

    from symcount.symbols import flat_sum

    ours, theirs = flat_sum(terms), sympy.Add(*terms)
    # A sum of more than two terms is SymPy's Add whose printers order it in n log n (func, name and hash SymPy's).
    assert type(ours) is type(theirs) or (type(theirs) is sympy.Add and isinstance(ours, sympy.Add) and ours.func is sympy.Add)
    assert hash(ours) == hash(theirs) and str(ours) == str(theirs)
    assert ours.args == theirs.args and ours == theirs
    assert sympy.srepr(ours) == sympy.srepr(theirs)


@given(st.lists(st.one_of(st.integers(1, 50), st.sampled_from(["w", "d", "h1"])), min_size=2, max_size=12), conventions)
@settings(max_examples=100, deadline=None)
def test_total_is_the_sum_of_weights_and_biases(widths: list[int | str], bias: str) -> None:
    import sympy

    s = symcount.mlp(widths, bias=bias).summary()
    if s.numeric:
        assert s.total == s.weights + s.biases
        return
    assert sympy.srepr(s.total) == sympy.srepr(sympy.Add(s.weights, s.biases))
    assert sympy.srepr(s.weights) == sympy.srepr(sympy.Add(*[r.weights for r in s.layers]))
    assert sympy.srepr(s.biases) == sympy.srepr(sympy.Add(*[r.biases for r in s.layers]))
