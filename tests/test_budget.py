"""Budgets and sweeps: exact answers, never off by one, against integer counts."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symcount
from symcount import InfeasibleError, Network, OptionError, models, solve_width, sweep
from symcount.cli import main

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def holds(net: Network, budget: int, step: int = 1, **solve: int) -> int:
    s = solve_width(budget, net, multiple_of=step, **solve)
    name = s.name
    assert s.value % step == 0
    assert s.count == net.count({name: s.value}) <= budget
    assert net.count({name: s.value + step}) > budget
    assert s.slack == budget - s.count >= 0
    return s.value


@given(st.lists(st.integers(1, 1000), min_size=1, max_size=5), st.integers(0, 5), st.integers(10**4, 10**12),
       st.sampled_from([1, 8, 64]), st.sampled_from(["all", "hidden", "none"]))
@SETTINGS
def test_mlp_width(widths: list[int], where: int, budget: int, step: int, bias: str) -> None:
    layout: list[object] = list(widths)
    for k in range(len(layout)):
        if k % 2 == where % 2:
            layout[k] = "w"
    if "w" not in layout:
        layout[0] = "w"
    layout = [784, *layout, 10]
    net = symcount.mlp(layout, bias=bias)
    try:
        holds(net, budget, step)
    except InfeasibleError as err:
        assert err.smallest == net.count(w=step) > budget


@given(st.integers(10**15, 10**30))
@settings(max_examples=30, deadline=None)
def test_huge_budgets_exact(budget: int) -> None:
    holds(symcount.mlp([784, "w", "w", "w", 10]), budget)
    holds(symcount.mlp([3, "w", 7]), budget, 64)


@given(st.integers(10**6, 10**13))
@SETTINGS
def test_families(budget: int) -> None:
    gpt2 = models.gpt2(vocab_size=50257, n_positions=1024, n_layer=12, n_head=12)
    llama_layers = models.llama(vocab_size=32000, hidden_size=4096, num_attention_heads=32, intermediate_size=11008)
    llama_width = models.llama(vocab_size=32000, num_hidden_layers=32, num_attention_heads=32, intermediate_size=11008)
    bert = models.bert(vocab_size=30522, num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072,
                       max_position_embeddings=512, type_vocab_size=2)
    for net, step in ((gpt2, 192), (llama_layers, 1), (llama_width, 32), (bert, 12)):  # widths the heads divide
        try:
            holds(net, budget, step)
        except InfeasibleError as err:
            assert err.smallest > budget


def test_gpt2_small_from_its_budget() -> None:
    net = models.gpt2(vocab_size=50257, n_positions=1024, n_layer=12, n_head=12)
    assert solve_width(124_439_808, net, multiple_of=64).value == 768  # GPT-2 small, exactly


@pytest.mark.parametrize("net", [symcount.mlp([784, "w", 10]), symcount.mlp([784, "w", "w", 10]),
                                 symcount.mlp([3, "w", "w", "w", 5]), symcount.mlp(["w", "w", "w", "w", "w"])])
def test_closed_forms_satisfy_the_equation(net: Network) -> None:
    s = solve_width(10**9, net)
    assert s.method == "closed form"
    B = sympy.Symbol("B", positive=True)
    x = symcount.symbol(s.name)
    assert sympy.simplify(s.formula.xreplace({x: s.closed_form}) - B) == 0
    assert int(sympy.floor(s.closed_form.subs(B, 10**9).evalf(40))) in (s.value, s.value + 1, s.value - 1)


def test_beyond_degree_four_mpmath_finds_the_root() -> None:
    net = Network([symcount.Conv("w", "w", ("w", "w", "w"), dims=3)])  # w**5 + w
    s = solve_width(10**20, net)
    assert s.method == "numeric root" and s.closed_form is None
    holds(net, 10**20)


def test_constraints() -> None:
    net = symcount.mlp([784, "w", "w", 10])
    capped = solve_width(10**6, net, minimum=10, maximum=100)
    assert capped.value == 100 and capped.count == net.count(w=100)
    assert solve_width(10**6, net, multiple_of=64, maximum=600).value == 576
    with pytest.raises(InfeasibleError, match="below the smallest count, 807 at w = 1") as info:
        solve_width(806, net)
    assert info.value.smallest == 807
    with pytest.raises(InfeasibleError, match="at w = 64"):
        solve_width(1000, net, multiple_of=64)


@pytest.mark.parametrize("budget, message", [(-5, "budget is -5: expected a positive"), (0, "budget is 0"),
                                             (1.5e6, "budget is 1500000.0: expected a whole number"),
                                             (True, "budget is True"), ("1000", "budget is '1000'")])
def test_bad_budgets(budget: object, message: str) -> None:
    with pytest.raises(OptionError, match=message):
        solve_width(budget, symcount.mlp([784, "w", 10]))  # type: ignore[arg-type]


def test_bad_requests() -> None:
    with pytest.raises(OptionError, match="exactly one free size; this network has: w, v"):
        solve_width(10**6, symcount.mlp([784, "w", "v", 10]))
    with pytest.raises(OptionError, match="multiple_of is 0"):
        solve_width(10**6, symcount.mlp([784, "w", 10]), multiple_of=0)
    with pytest.raises(OptionError, match="no multiple of 64 lies between 1 and 10"):
        solve_width(10**6, symcount.mlp([784, "w", 10]), multiple_of=64, minimum=1, maximum=10)


# -- sweeps ------------------------------------------------------------------------------


@given(st.lists(st.integers(1, 10**4), min_size=1, max_size=6, unique=True),
       st.lists(st.integers(1, 10**4), min_size=1, max_size=6, unique=True))
@SETTINGS
def test_sweep_equals_counting_each_point(ws: list[int], vs: list[int]) -> None:
    net = symcount.mlp([784, "w", "v", 10])
    result = sweep(net, {"w": ws, "v": vs})
    assert result.rows == [(w, v, net.count(w=w, v=v)) for w in ws for v in vs]


def test_sweep_past_64_bits_uses_python_integers() -> None:
    net = symcount.mlp([7, "w", "w", 3])
    big = [10**12, 10**15]
    rows = sweep(net, {"w": big}).rows
    assert rows == [(w, net.count(w=w)) for w in big]
    assert rows[-1][1] > 2**63


def test_sweep_of_a_family_with_division() -> None:
    net = models.llama(vocab_size=32000, num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=8,
                       intermediate_size=11008)
    rows = sweep(net, {"hidden_size": [2048, 4096]}).rows
    assert rows == [(d, net.count(hidden_size=d)) for d in (2048, 4096)]
    one_layer = models.llama(vocab_size=32000, num_hidden_layers=1, num_attention_heads=32, num_key_value_heads=8,
                             intermediate_size=11008)
    with pytest.raises(OptionError, match="not a whole number"):
        sweep(one_layer, {"hidden_size": [33]})  # 33 / 32 heads: no whole head dimension


def test_sweep_errors_and_csv(tmp_path: Path) -> None:
    net = symcount.mlp([784, "w", 10])
    with pytest.raises(OptionError, match="'x' is not a size of this formula"):
        sweep(net, {"x": [1]})
    with pytest.raises(OptionError, match="the grid gives no values for v"):
        sweep(symcount.mlp([784, "w", "v", 10]), {"w": [1]})
    with pytest.raises(OptionError, match="expected positive integers"):
        sweep(net, {"w": [0]})
    assert sweep(net, {"w": [1, 2]}).to_csv() == f"w,count\n1,{net.count(w=1)}\n2,{net.count(w=2)}\n"
    png = tmp_path / "plot.png"
    sweep(symcount.mlp([784, "w", "v", 10]), {"w": [16, 32, 64], "v": [8, 16]}).plot(str(png), x="w")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(argv)
    return status, out.getvalue()


def test_cli(tmp_path: Path) -> None:
    status, out = run(["solve", "1000000", "--widths", "784", "w", "w", "10", "--multiple-of", "16"])
    assert status == 0 and out.startswith("w = 672: 986506 parameters, 13494 under the budget of 1000000")
    csv = tmp_path / "counts.csv"
    plot = tmp_path / "counts.svg"
    status, _ = run(["sweep", "--widths", "784", "w", "w", "10", "--grid", "w=16:64:16", "--output", str(csv),
                     "--plot", str(plot)])
    assert status == 0 and csv.read_text().splitlines()[1:] == ["16,13002", "32,26506", "48,40522", "64,55050"]
    assert plot.read_text().lstrip().startswith("<?xml")


@given(st.integers(10**7, 10**12))
@SETTINGS
def test_conv_families_and_mlp_depth(budget: int) -> None:
    from symcount import Dense, Repeat

    deep = Network([Dense(784, 64), Repeat([Dense(64, 64)], "n"), Dense(64, 10)])  # the depth is the unknown
    for net, step in ((models.resnet(50, num_classes=1000, width="w"), 8), (models.vgg(16, num_classes="c"), 1),
                      (deep, 1)):
        try:
            holds(net, budget, step)
        except InfeasibleError as err:
            assert err.smallest > budget


def test_solution_latex_renders() -> None:
    from .renderers import math_of, render_errors

    s = solve_width(10**6, symcount.mlp([784, "w", "w", 10]))
    out = s._repr_latex_()
    assert r"\left\lfloor" in out and r"\le B = 1000000" in out and r"B \text{ is the parameter budget}" in out
    formulas = math_of(out)
    assert render_errors(formulas) == [None] * len(formulas)
