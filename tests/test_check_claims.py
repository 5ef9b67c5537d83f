"""Counts as people state them: rounded (124.4M, 69B), with an approximation sign, or in a sentence.

Ground truth: counts of independent code (tests/helpers.py) and PyTorch's ``numel()``; the
rounding is done here with fractions, not by symcount.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from symcount import FormulaError, FormulaSyntaxError, OptionError, check

from .helpers import per_neuron_count

WORDS = ["the", "so", "we", "get", "model", "has", "in", "all", "about", "this", "network", "here"]


def _numel(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def _rounded(count: int, unit: int, places: int, steps_off: int) -> str:
    """``count`` in ``unit`` rounded to ``places`` decimals, then moved ``steps_off`` places of its last digit."""
    step = Fraction(unit, 10**places)
    mantissa = abs(round(Fraction(count) / step) + steps_off)
    text = str(mantissa).rjust(places + 1, "0")
    return text[: len(text) - places] + ("." + text[len(text) - places:] if places else "")


@settings(max_examples=60, deadline=None)
@given(
    widths=st.lists(st.integers(1, 3000), min_size=2, max_size=5),
    scale=st.sampled_from([("K", 10**3), ("k", 10**3), ("M", 10**6), (" million", 10**6)]),
    places=st.integers(1, 3),
    steps_off=st.sampled_from([0, 0, 1, -1, 3]),
    before=st.lists(st.sampled_from(WORDS), max_size=3),
)
def test_a_rounded_count_is_never_exact(widths: list[int], scale: tuple[str, int], places: int, steps_off: int,
                                        before: list[str]) -> None:
    count = per_neuron_count(widths)
    letter, unit = scale
    # A count halfway between two roundings (2650 to one place of K) rounds to both 2.6K and 2.7K: no step is "off".
    assume((Fraction(count) / Fraction(unit, 10**places)).denominator != 2)
    said = _rounded(count, unit, places, steps_off) + letter
    report = check(" ".join([*before, said]), widths=widths)
    assert report.verdict == "wrong"
    # it rounds the count exactly when it is the count rounded (moved by no step)
    assert ("which rounds to it" in report.message) == (steps_off == 0), report.message


@pytest.mark.parametrize(("places", "verdict"), [(2, "other_convention"), (3, "other_convention")])
def test_a_rounded_side_beside_an_exact_one_is_checked(places: int, verdict: str) -> None:
    weights = _numel(torch.nn.Conv2d(256, 256, 3, bias=False))  # 589,824: the asker's (3*3)*(256*256)
    said = _rounded(weights, 10**6, places, 0) + "M"
    report = check(f"{said} = (3*3)*(256*256)", against="conv2d 256 256 3")
    assert report.verdict == verdict and report.convention == "none"
    assert f"{said} is {weights} rounded" in report.message
    wrong = _rounded(weights, 10**6, places, 2) + "M"
    with pytest.raises(FormulaError, match=f"does not round to {wrong}"):
        check(f"{wrong} = (3*3)*(256*256)", against="conv2d 256 256 3")


def test_a_rounded_count_needs_sizes() -> None:
    with pytest.raises(OptionError, match="124.4M is a count: give the sizes"):
        check("124.4M", against="gpt2")
    with pytest.raises(OptionError, match="give the widths"):
        check("1.2K", depth=2)
    # against a symbolic target the rounded side is set aside, and said to be
    report = check(r"n_{token}\times d_{model}=131.072M", against="embedding n_token d_model")
    assert report.verdict == "correct" and "131.072M not checked" in report.message


def test_a_scale_letter_in_a_formula_is_a_size() -> None:
    # 2M is two times M where sizes are letters: only a decimal point (or a sentence of numbers) makes it a rounded count
    report = check("4M(M + N + 1)", against="lstm N M", bias="keras")
    assert report.verdict == "correct"
    assert check("1.5M", widths=[1000, 1000, 500]).verdict == "wrong"


def test_an_approximation_sign_is_judged_exactly() -> None:
    report = check(r"N \approx 12 n_{layer} d_{model}^2", against="gpt2", map={"d_model": "n_embd"})
    assert report.verdict == "wrong" and "written as an approximation" in report.message
    linear = _numel(torch.nn.Linear(30, 20))
    assert check(f"P ≈ 30 \\times 20 + 20 = {linear}", widths=[30, 20]).verdict == "correct"


@pytest.mark.parametrize(
    ("text", "kwargs", "module", "stated"),
    [
        ("GRUCell(3 => 5),                      # 140 parameters", {"against": "gru 3 5"}, torch.nn.GRU(3, 5), 140),
        ("结果是12个参数,因为我们有4个门,每个门有三个参数", {"against": "lstm 1 1", "bias": "keras"}, None, 12),
        ("multiplying 500 (number of most frequent words) and 32 (output dimension) to obtain 16,000",
         {"against": "embedding 500 32"}, torch.nn.Embedding(500, 32), 16000),
        ("trainable params = (weight * input maps + bias) * feature maps = (5 * 5 * 1 + 1) * 6 = 156",
         {"against": "conv2d 1 6 5"}, torch.nn.Conv2d(1, 6, 5), 156),
        ("so the LSTM has 4 gates and 20 params", {"against": "lstm 3 2"}, torch.nn.LSTM(3, 2), 20),
    ],
)
def test_the_count_a_sentence_states(text: str, kwargs: dict, module: torch.nn.Module | None, stated: int) -> None:
    report = check(text, **kwargs)
    assert f"read the count the text states, {stated}" in report.message
    if module is not None:
        assert report.correct == (stated == _numel(module)), report.message
    else:  # Keras's LSTM(1) on one input: 4 gates of (1 + 1 + 1) parameters (one bias vector per gate)
        assert report.correct == (stated == 4 * 3)


@settings(max_examples=40, deadline=None)
@given(
    widths=st.lists(st.integers(1, 300), min_size=2, max_size=4),
    off=st.sampled_from([0, 0, 1, 7, -1]),
    before=st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
    form=st.sampled_from(["{w} layers, {n} parameters", "from {w} widths we get a total of {n}", "with {w} layers it gives {n}"]),
)
def test_a_stated_count_is_judged_as_a_count(widths: list[int], off: int, before: list[str], form: str) -> None:
    count = per_neuron_count(widths)
    weights = sum(a * b for a, b in zip(widths, widths[1:]))
    # A wrong total that happens to be another reading's count (1-1's weights are 1, its total 2) is that reading.
    assume(off == 0 or count + off not in (weights, count - widths[-1]))
    text = " ".join(before) + " " + form.format(w=len(widths), n=count + off)
    report = check(text, widths=widths)
    assert report.correct == (off == 0), (text, report.message)


@pytest.mark.parametrize(
    "text",
    [
        "12 parameters for one layer, 30 parameters for two",  # two counts, no total: which is the answer?
        "there are 13002 of them with 3 layers",  # no count said to be one
    ],
)
def test_a_sentence_with_no_one_count_is_refused(text: str) -> None:
    with pytest.raises(FormulaSyntaxError):
        check(text, widths=[784, 16, 16, 10])
