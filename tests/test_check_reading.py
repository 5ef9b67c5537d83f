"""What surrounds a formula as people write it: sentences, labels, notes in brackets, separators.

The rule under test: words around one formula are the sentence it sits in; words inside it,
or a second number beside it, are refused rather than guessed at.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symcount import FormulaSyntaxError, check
from symcount.network import mlp

WORDS = ["the", "total", "is", "so", "we", "get", "parameters", "for", "this", "layer", "in", "all", "only", "me", "that"]


@pytest.mark.parametrize(
    ("text", "kwargs", "verdict"),
    [
        # a sentence around a worked number
        ("This totals to 9 weights", {"widths": [2, 2, 1]}, "correct"),
        ("for me, only 150 parameters", {"against": "rnn 1 50", "bias": "keras"}, "wrong"),
        ("the total weight and bias is 8+2=10 parameter", {"widths": [4, 2]}, "correct"),
        ("3×3×64×128 = 73,728 parameters per layer", {"against": "conv2d 64 128 3"}, "other_convention"),
        ("128x3x3x256 (weights) + 256 (biases) = 295,168 parameters for the 1st one", {"against": "conv2d 128 256 3"}, "correct"),
        # notes in brackets after a term
        ("514 (input values) * 514 (neurons in the first layer) + 514 (bias values)", {"widths": [514, 514]}, "correct"),
        ("4 * d^2 (Q, K, V, O)", {"against": "attention d", "bias": False}, "correct"),
        ("12 * d^2 (per layer)", {"against": "transformer-block d 4*d", "bias": False}, "wrong"),
        # labels ending in a colon, a name in another script, assert lines
        ("FC: [1x1x1000] weights: 4096*1000 = 4,096,000", {"widths": [4096, 1000]}, "correct"),
        ("fc2    : 4,096x4,096     (weights) + 4,096 (biases)", {"widths": [4096, 4096]}, "correct"),
        ("参数数量 = (k * k * c + 1) * f", {"against": "conv2d c f k"}, "correct"),
        ("assert 64 * (32 * (3*3) + 1) == 18496", {"against": "conv2d 32 64 3"}, "correct"),
        # separators: Swiss, dotted, x after a bracket; Keras rows as printed
        ("(256+1)*10     =   2'570", {"widths": [256, 10]}, "correct"),
        ("256x3x3x256 (weight) + 256 (offsets) = 590.080 parameters", {"against": "conv2d 256 256 3"}, "correct"),
        ("(32x32 + 32x32 + 32x2)x3 = 6336", {"against": "gru 32 32"}, "correct"),
        ("conv2d_1 ( Conv2D)           ( None, 8, 8, 48)           28848", {"against": "conv2d 24 48 5"}, "correct"),
        # one piece of math in a sentence
        (r"the total number of parameters in the GRU RNN equals $3 \times (n^2 + nm + n)$.",
         {"against": "gru m n", "bias": "keras", "map": {"m": "input_size", "n": "hidden_size"}}, "correct"),
        (r"\( 28 \times 28 = 724 \) weights to each neuron", {"widths": [784, 1]}, "arithmetic_slip"),
    ],
)
def test_the_formula_in_what_people_write(text: str, kwargs: dict, verdict: str) -> None:
    assert check(text, **kwargs).verdict == verdict


@pytest.mark.parametrize(
    ("text", "kwargs", "words"),
    [
        # words inside the formula: "and" may be + or x; not guessed
        ("784×16 + 16×16 weights and 16×10 weights", {"widths": [784, 16, 16, 10]}, "'and' inside the formula"),
        ("with 3 layers there are 13002", {"widths": [784, 16, 16, 10]}, "inside the formula"),
        ("no numbers here at all", {"widths": [2, 2]}, "only words"),
        # a number outside the math and no count stated: the sentence is read whole, and refused
        (r"from L1 to L2 there are $18 \times 18 = 324$ weights, 522.", {"widths": [10, 18, 18, 1]}, "inside the formula"),
        ("we get 12 with 4 gates", {"against": "lstm 1 1"}, "inside the formula"),
    ],
)
def test_words_inside_a_formula_are_refused(text: str, kwargs: dict, words: str) -> None:
    with pytest.raises(FormulaSyntaxError, match=words):
        check(text, **kwargs)


def test_a_colon_inside_brackets_is_no_label() -> None:
    with pytest.raises(FormulaSyntaxError):
        check("(nin × nout) + (flag ? nout : 0)", depth=1)


def test_the_output_width_numbered_past_the_depth() -> None:
    # Ng's older notation: s_1 .. s_{L+1}; Bishop-style n_0 .. n_{L+1}
    report = check(r"\sum_{j=1}^{L} s_{j+1}(s_j+1)", start=1, last="l+1")
    assert report.verdict == "correct" and "s_{l+1}" in report.message
    assert check(r"P = \sum_{k=0}^L (n_{k} +1)n_{k+1}.", last="l+1").verdict == "correct"
    assert check(r"\sum_{k=0}^L (n_{k} +1)n_{k}", last="l+1").verdict == "wrong"


@settings(max_examples=60, deadline=None)
@given(
    widths=st.lists(st.integers(1, 60), min_size=2, max_size=5),
    before=st.lists(st.sampled_from(WORDS), max_size=4),
    after=st.lists(st.sampled_from(WORDS), max_size=4),
    slip=st.sampled_from([0, 0, 1, -1]),
)
def test_words_around_a_worked_sum_change_nothing(widths: list[int], before: list[str], after: list[str], slip: int) -> None:
    """The verdict on a worked sum is the same with a sentence around it; with a word inside it, refused."""
    net = mlp(widths)
    terms = [f"{a}*{b}" for a, b in zip(widths, widths[1:])] + [str(b) for b in widths[1:]]
    stated = net.count() + slip
    bare = " + ".join(terms) + f" = {stated}"
    plain = check(bare, widths=widths)
    assert plain.verdict == ("correct" if slip == 0 else "arithmetic_slip")
    said = check(" ".join([*before, bare, *after]), widths=widths)
    assert (said.verdict, said.student) == (plain.verdict, plain.student)
    inside = " + ".join(terms[:1] + ["and", *terms[1:]])
    with pytest.raises(FormulaSyntaxError, match="inside the formula"):
        check(" ".join([*before, inside, *after]), widths=widths)


def test_the_general_form_prints_an_output_width_past_the_depth() -> None:
    import symcount

    text = symcount.latex(symcount.general(), style="ellipsis", last="L+1")
    assert text.endswith(r"h_{L} \times h_{L+1} + \left(h_{1} + h_{2} + \dots + h_{L+1}\right)")


@pytest.mark.parametrize(
    ("text", "kwargs", "verdict"),
    [
        # sizes written in words, read whole and matched to the target's sizes
        ("output_size * (input_size + 1) == number_parameters", {"depth": 1}, "correct"),
        (r"in\_features \times out\_features + out\_features", {"depth": 1}, "correct"),
        ("Total = prev × curr + curr", {"depth": 1}, "correct"),
        ("parameters = (number of input units x number of output units) + number of output units", {"depth": 1}, "correct"),
        (r"\text{weights} = (I+1) \times H1 + (H1+1) \times H2 + (H2+1) \times O", {"depth": 3}, "correct"),
        ("free_params = (4 * features * units) + (4 * units * units) + (4 * num_units)", {"against": "lstm features units", "bias": "keras"}, "correct"),
        ("Parameters = (kernel height x kernel width x input channels x output channels) + output channels (bias)",
         {"against": "conv2d cin cout kh kw"}, "correct"),
        # words that say which size: a wrong formula is wrong, not read the other way round
        ("parameters = (number of input units x number of output units) + number of input units", {"depth": 1}, "wrong"),
        ("((current layer n*previous layer n)+1)", {"depth": 1}, "wrong"),
    ],
)
def test_sizes_written_in_words(text: str, kwargs: dict, verdict: str) -> None:
    assert check(text, **kwargs).verdict == verdict


def test_a_reading_against_the_words_is_refused() -> None:
    from symcount import UnsupportedError

    # counts the layer only if "input channels" were the output channels: refused, not judged right
    with pytest.raises(UnsupportedError, match="not a size"):
        check("(output channels x kernel height x kernel width x input channels) + input channels", against="conv2d cin cout kh kw")


PHRASES = [("input", "output"), ("number of inputs", "number of outputs"), ("in_features", "out_features"), ("prev", "curr"),
           ("fan_in", "fan_out"), ("input size", "output size")]


@settings(max_examples=40, deadline=None)
@given(pair=st.sampled_from(PHRASES), shape=st.sampled_from(["right", "weights", "input bias", "squared"]), swap=st.booleans())
def test_worded_sizes_never_pass_a_wrong_formula(pair: tuple[str, str], shape: str, swap: bool) -> None:
    """A formula in words for one dense layer is judged as its words say; never right unless it counts the layer."""
    a, b = pair
    first, second = (b, a) if swap else (a, b)
    text = {"right": f"({first} x {second}) + {b}", "weights": f"{first} x {second}",
            "input bias": f"({first} x {second}) + {a}", "squared": f"{b} x {b} + {b}"}[shape]
    try:
        report = check(text, depth=1)
    except symcount_errors() as err:  # refused is allowed; judged right wrongly is not
        assert shape != "right", (text, err)
        return
    assert report.verdict == {"right": "correct", "weights": "other_convention", "input bias": "wrong", "squared": "wrong"}[shape], text


def symcount_errors() -> type[Exception]:
    from symcount import SymcountError

    return SymcountError


def test_a_subscript_written_as_a_command_keeps_its_letters() -> None:
    # T_{\max}: the x of "max" is a letter of the name, not a times sign
    assert check(r"T_{\max} \cdot d", against="embedding T_max d").verdict == "correct"
    assert check("K^2 x C", against="conv2d C 1 K", bias=False).verdict == "correct"


def test_names_in_words_are_never_run_together_in_latex() -> None:
    report = check("parameters = (number of input units x number of output units) + number of input units", depth=1)
    tex = report._repr_latex_()
    assert r"\mathit{number\_of\_input\_units} \cdot \mathit{number\_of\_output\_units}" in tex
    assert r"\mathit{number\_of\_input\_units} \mathit{number" not in tex


def test_a_bracket_with_a_times_sign_is_a_factor_not_a_note() -> None:
    report = check("output channels (kernel height x kernel width x input channels) + output channels", against="conv2d cin cout kh kw")
    assert report.verdict == "correct"
