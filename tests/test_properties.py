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
