"""Readings of a formula the target's plain sizes do not give: one output, one hidden width, any layer i,
a kernel's area, a head's width, Llama's key-value heads, a formula beside numbers, UFLDL's n_l.

Ground truth: tests/helpers.py (counts written without symcount), PyTorch's ``numel()`` and Hugging Face
models built on the meta device.
"""

from __future__ import annotations

import itertools
import random

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from symcount import FormulaError, OptionError, check

from .helpers import per_neuron_count


def _numel(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


# -- letters for a network with more widths than letters ---------------------------------------

TIES = {  # how widths d, k, m (in some order) may fill a 3-layer network of four widths
    "output": lambda a, b, c: [a, b, c, 1],
    "hidden": lambda a, b, c: [a, b, b, c],
}


def _counts_it(formula: object, convention: str) -> bool:
    """Does some assignment of d, k, m to the widths (with one output or one hidden width) count the network?"""
    rng = random.Random(5)
    for ties, order in itertools.product(TIES.values(), itertools.permutations("dkm")):
        draws = [{x: rng.randint(2, 50) for x in "dkm"} for _ in range(4)]
        if all(formula(**v) == per_neuron_count(ties(*(v[x] for x in order)), convention) for v in draws):  # type: ignore[operator]
            return True
    return False


@pytest.mark.parametrize(
    ("text", "python", "bias", "verdict"),
    [
        # a regression network d -> k -> m -> 1 (Stack Exchange): hidden biases only, then all
        ("expected params = 2*m + m*k + k*d + k", lambda d, k, m: 2 * m + m * k + k * d + k, "hidden", "correct"),
        ("2*m + m*k + k*d + k + 1", lambda d, k, m: 2 * m + m * k + k * d + k + 1, "all", "correct"),
        ("params = 2*m + 2*m*k + m*k*d", lambda d, k, m: 2 * m + 2 * m * k + m * k * d, "all", "wrong"),
        ("d*k + k*k + k*m + k + k + m", lambda d, k, m: d * k + k * k + k * m + k + k + m, "all", "correct"),
    ],
)
def test_letters_are_read_with_one_output_or_one_hidden_width(text: str, python: object, bias: str, verdict: str) -> None:
    report = check(text, depth=3, bias=bias)
    assert report.verdict == verdict, report.message
    assert _counts_it(python, bias) == (verdict == "correct")  # the truth: every assignment tried here
    if verdict == "wrong":
        assert "no reading of d, k, m" in report.message


def test_letters_that_name_a_size_are_not_tried_every_way() -> None:
    # a phrase's words say which width it is: no "wrong whichever" verdict on words
    from symcount import UnsupportedError

    with pytest.raises(UnsupportedError):
        check("number of apples * number of pears", depth=3)


# -- one layer's formula, any layer i -----------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(a=st.integers(1, 500), b=st.integers(1, 500), letter=st.sampled_from("ijk"), down=st.booleans())
def test_a_formula_for_any_layer(a: int, b: int, letter: str, down: bool) -> None:
    first, second = (f"n_{{{letter}-1}}", f"n_{letter}") if down else (f"n_{letter}", f"n_{{{letter}+1}}")
    text = rf"{first} \times {second} + {second}"
    assert check(text, depth=1).correct
    report = check(text, widths=[a, b])
    assert report.correct == (_numel(torch.nn.Linear(a, b)) == per_neuron_count([a, b]))
    with pytest.raises(OptionError, match="check it with depth=1"):
        check(text, depth=2)
    with pytest.raises(OptionError, match="no depth was given"):
        check(text)


def test_a_width_in_words_with_its_layer() -> None:
    report = check("Number of Weights = (Number of Neurons in Layer i) × (Number of Neurons in Layer i+1)", depth=1)
    assert report.verdict == "other_convention" and report.missing


def test_ufldl_numbers_the_layers_from_one_to_n_l() -> None:
    assert check(r"\sum_{l=1}^{n_l-1} s_{l+1}(s_l+1)").correct
    assert check(r"\sum_{l=1}^{n_l-1} s_{l}(s_l+1)").verdict == "wrong"
    # n_l as the last width of answer-2 style widths n_0 .. n_l stays a width
    assert check(r"n_0 n_1 + \dots + n_{l-1} n_l + n_1 + \dots + n_l").correct


# -- sizes the count holds as a product or a ratio ---------------------------------------------------


def test_a_kernel_size_in_words_may_be_its_area() -> None:
    text = "Number of parameters = (Kernel Size * Number of input channels + 1) * Number of Kernels"
    report = check(text, against="conv2d C K F")
    assert report.correct and "Kernel_Size as kernel_area (F**2)" in report.message
    # a letter is its size: k is the kernel's side, and a formula without its square is wrong
    assert check("(k * c_in + 1) * c_out", against="conv2d c_in c_out k").verdict == "wrong"
    assert _numel(torch.nn.Conv2d(3, 16, 5)) == (5 * 5 * 3 + 1) * 16


def test_a_head_width() -> None:
    report = check("n_attention_weights = 4 * dim * (n_heads * head_dim)", against="attention dim", bias=False)
    assert report.correct
    assert _numel(torch.nn.MultiheadAttention(64, 8, bias=False)) == 4 * 64 * (8 * 8)
    assert check("4 * dim * n_heads", against="attention dim", bias=False).verdict == "wrong"


def test_llama_with_grouped_query_attention() -> None:
    import transformers

    sizes = dict(vocab_size=1000, hidden_size=64, intermediate_size=96, num_hidden_layers=3, num_attention_heads=8,
                 num_key_value_heads=2)
    with torch.device("meta"):
        numel = _numel(transformers.LlamaForCausalLM(transformers.LlamaConfig(**sizes)))
    spec = "llama " + " ".join(f"{k}={v}" for k, v in sizes.items())
    assert check(f"{numel:,}", against=spec).correct
    assert check(f"{numel + 1}", against=spec).verdict == "wrong"
    names = {"V": "vocab_size", "d": "hidden_size", "f": "intermediate_size", "L": "num_hidden_layers",
             "n_kv": "num_key_value_heads", "n_h": "num_attention_heads"}
    gqa = r"2Vd + L\left(2d^2 + 2d\cdot\frac{d\,n_{kv}}{n_h} + 3df + 2d\right) + d"
    assert check(gqa, against="llama", map=names).correct
    assert check(f"{gqa} = {numel}", against=spec, map=names).correct  # the formula, then at the sizes
    with pytest.raises(FormulaError, match="at the sizes given"):
        check(f"{gqa} = {numel + 2}", against=spec, map=names)
    assert check("2Vd + L(4d^2 + 3df + 2d) + d", against="llama", map=names).verdict == "wrong"


@settings(max_examples=25, deadline=None)
@given(v=st.integers(1, 60000), e=st.integers(1, 2048), off=st.sampled_from([0, 0, 1]))
def test_a_formula_beside_its_numbers(v: int, e: int, off: int) -> None:
    numel = _numel(torch.nn.Embedding(v, e, device="meta"))
    text = rf"V\times E = {v}\cdot {e} = {numel + off:,}"
    if off:
        with pytest.raises(FormulaError, match="differ"):
            check(text, against=f"embedding {v} {e}")
    else:
        assert check(text, against=f"embedding {v} {e}").correct


# -- parts and choices written in words -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kwargs", "verdict"),
    [
        ("784×16 + 16×16 + 16×10 weights and 16 + 16 + 10 biases", {"widths": [784, 16, 16, 10]}, "correct"),
        ("16 + 16 + 10 biases plus 784×16 + 16×16 + 16×10 weights", {"widths": [784, 16, 16, 10]}, "correct"),
        ("784×16 + 16×16 + 16×10 weights and 16 + 16 biases", {"widths": [784, 16, 16, 10]}, "other_convention"),
        (r"Total Weights ($ \text{Input} \times \text{Output} $) + Bias Parameters ($ \text{Output} $)", {"depth": 1}, "correct"),
        ("Parameters = (nin × nout) + (bias_enabled ? nout : 0)", {"depth": 1}, "correct"),
        ("Parameters = (nin × nout) + (use_bias ? nin : 0)", {"depth": 1}, "wrong"),
    ],
)
def test_parts_and_choices_in_words(text: str, kwargs: dict, verdict: str) -> None:
    report = check(text, **kwargs)
    assert report.verdict == verdict, report.message
    if "?" in text:
        assert "with biases" in report.message


def test_every_assignment_of_widths_to_letters_is_tried() -> None:
    # a network n -> q -> n (input and output alike): found, not called wrong
    report = check("n*q + q*n + q + n", depth=2)
    assert report.correct and "h0 as n, h1 as q, h2 as n" in report.message
    assert per_neuron_count([7, 3, 7]) == 7 * 3 + 3 * 7 + 3 + 7
    # a letter is a kernel's side, never its area: K read as k, and the formula is wrong
    assert check("c_in c_out K + c_out", against="conv2d c_in c_out k").verdict == "wrong"


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("Total weights: 12544, total biases: 26, so 12570 parameters", "12570"),  # totals of parts are no total
        ("with a total of 2 hidden layers we get 12730 parameters", "12730"),  # a total of layers is no count
        ("Total = 784 times 16 plus 16", None),  # an operator in words: not the count
        ("Total = 13002, or total = 12960", None),  # totals that disagree
        ("about 262m params", None),  # a scale is K, M, B or T: m is no million
    ],
)
def test_the_count_a_sentence_states_is_its_claim(text: str, claim: str | None) -> None:
    from symcount.parsing import stated_count

    found = stated_count(text)
    assert (found[0] if found else None) == claim
