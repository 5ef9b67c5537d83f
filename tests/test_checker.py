"""The homework checker: the forum's three answers, mutants and hostile input (fuzzing: test_fuzz_check.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import symcount
from symcount import FormulaError, FormulaSyntaxError, OptionError, check, symbol

from .renderers import math_of, render_errors

FORUM = [784, 16, 16, 10]

# -- the forum's answers -------------------------------------------------------------


def test_answer_1_numbers() -> None:
    weights = check(r"784\times 16+16\times16+16\times10=12960", widths=FORUM)
    assert weights.correct and weights.quantity == "weights"
    assert check("32+10 = 42", widths=FORUM).correct
    assert check("12960 + 42 = 13002", widths=FORUM).correct
    # The comment's variant, without output biases: right, under the other convention.
    for text in ("16 + 16 = 32", "12960 + 32 = 12992"):
        report = check(text, widths=FORUM)
        assert report.verdict == "other_convention" and report.convention == "hidden", text
        assert "hidden biases only (no output bias)" in report.message
    assert check("12960 + 32 = 12992", widths=FORUM, bias="hidden").correct


def test_answer_1_arithmetic_slip_says_by_how_much() -> None:
    report = check("784*16 + 16*16 + 16*10 = 12950", widths=FORUM)
    assert report.verdict == "arithmetic_slip"
    assert report.message == "arithmetic slip: the sum is 12960, not 12950: 10 too small (which is the right weights)"
    wrong = check("12800", widths=FORUM)
    assert wrong.verdict == "wrong" and "nearest the weights, 160 too small" in wrong.message


ANSWER_2 = r"n_0\times n_1 + n_1\times n_2 + n_2\times n_3 + \dots + n_{l-2}\times n_{l-1} + ( n_1+n_2+n_3+\dots n_{l-1})"


def test_answer_2_as_written_fails_at_the_missing_plus() -> None:
    with pytest.raises(FormulaSyntaxError) as info:
        check(ANSWER_2)
    assert info.value.position == ANSWER_2.index("n_{l-1})")
    assert "expected + after \\dots" in str(info.value)


def test_answer_2_with_the_plus_restored_is_correct_in_its_own_notation() -> None:
    report = check(ANSWER_2.replace(r"\dots n_{l-1})", r"\dots + n_{l-1})"), last="l-1")
    assert report.correct and "read as widths n_0 .. n_{l-1}, as answer 2 numbers them" in report.message
    # Against the question's network (output n_l) the same formula stops one layer short: wrong.
    short = check(ANSWER_2.replace(r"\dots n_{l-1})", r"\dots + n_{l-1})"))
    assert short.verdict == "wrong" and "its widths run n_0 .. n_{l-1}" in short.message
    assert report.expected_text.startswith(r"n_{0} \times n_{1} + n_{1} \times n_{2} + \dots + n_{l-2} \times n_{l-1}")


def test_answer_3_misses_exactly_h3_h4() -> None:
    report = check("(h0*h1 + h1*h2 + h2*h3 + h4*h5) + [h1+h2+h3+h4+h5]")
    h3, h4 = symbol("h3"), symbol("h4")
    assert report.verdict == "wrong" and report.missing == (h3 * h4,) and report.extra == ()
    assert report.message == "wrong: missing h3*h4"
    assert report.expected_text == "h0*h1 + h1*h2 + h2*h3 + h3*h4 + h4*h5 + h1 + h2 + h3 + h4 + h5"
    assert report.witness == {f"h{k}": 1 for k in range(6)}


# -- the ways people write it -----------------------------------------------------------

SAME = [
    "h0*h1 + h1*h2 + h1 + h2",
    "h0 h1 + h1 h2 + [h1 + h2]",
    "h0×h1 + h1·h2 + (h_1 + h_{2})",
    r"h_{0} \times h_{1} + h_{1} \cdot h_{2} + \left( h_1 + h_2 \right)",
    r"$h_0 h_1 + h_1 h_2 + h_1 + h_2$",
    "h1*(h0 + 1) + h2*(h1 + 1)",
    r"\sum_{i=1}^{2} h_{i-1} h_{i} + \sum_{i=1}^{2} h_i",
    "h_1 + ... + h_2 + h0 h1 + h1 h2",
]


@pytest.mark.parametrize("text", SAME)
def test_equivalent_writings_are_correct(text: str) -> None:
    assert check(text, depth=2).correct


def test_other_names_and_starts() -> None:
    assert check("n0*n1 + n1*n2 + n1 + n2").correct
    assert check("h1*h2 + h2*h3 + h2 + h3").correct  # widths numbered from 1
    assert check(r"\sum_{i=1}^{l} h_{i-1} h_{i} + \sum_{i=1}^{l} h_i").correct
    assert check(r"\sum_{i=1}^{l} h_{i} (h_{i-1} + 1)", general=True).correct
    assert check(r"h_1 + h_2 + \dots + h_l + h_0 h_1 + \dots + h_{l-1} h_l").correct
    general_hidden = check(r"\sum_{i=1}^{l} h_{i-1} h_{i} + \sum_{i=1}^{l-1} h_i")
    assert general_hidden.verdict == "other_convention" and general_hidden.convention == "hidden"


def test_bad_requests() -> None:
    with pytest.raises(OptionError, match="depth and widths were both given"):
        check("h0 h1", depth=1, widths=[1, 2])
    with pytest.raises(OptionError, match="needs the widths"):
        check("1 + 2")
    with pytest.raises(OptionError, match="more than one letter"):
        check("h0 n1")
    with pytest.raises(OptionError, match="outside h0 .. h2"):
        check("h0 h5", depth=2)
    with pytest.raises(OptionError, match="bias is 'some'"):
        check("h0 h1", bias="some")
    with pytest.raises(FormulaError, match="the two sides of this equation differ"):
        check("h0 h1 = h0 h2")


# -- mutants -----------------------------------------------------------------------------


def right_terms(depth: int) -> list[tuple[int, ...]]:
    """The terms of the right count, as width indices: (i-1, i) weights, (i,) biases."""
    return [(i - 1, i) for i in range(1, depth + 1)] + [(i,) for i in range(1, depth + 1)]


def text_of(terms: list[tuple[int, ...]]) -> str:
    return " + ".join("*".join(f"h{k}" for k in t) for t in terms)


def expr_of(t: tuple[int, ...]) -> object:
    value = 1
    for k in t:
        value = value * symbol(f"h{k}")
    return value


def altered(t: tuple[int, ...], depth: int) -> tuple[int, ...]:
    """The same term with its last index moved to another width of the network."""
    return t[:-1] + ((t[-1] + 1) % (depth + 1),)


@pytest.mark.parametrize("depth", range(1, 9))
def test_every_mutant_is_caught_with_the_term_named(depth: int) -> None:
    terms = right_terms(depth)
    assert check(text_of(terms), depth=depth).correct
    for k, t in enumerate(terms):
        dropped = check(text_of(terms[:k] + terms[k + 1 :]), depth=depth)
        assert not dropped.correct and dropped.missing == (expr_of(t),) and dropped.extra == (), (depth, t)
        doubled = check(text_of(terms + [t]), depth=depth)
        assert not doubled.correct and doubled.missing == () and doubled.extra == (expr_of(t),), (depth, t)
        new = altered(t, depth)
        changed = check(text_of(terms[:k] + [new] + terms[k + 1 :]), depth=depth)
        assert not changed.correct and changed.missing == (expr_of(t),) and changed.extra == (expr_of(new),), (depth, t)
        assert changed.witness, (depth, t)


# -- hostile input (fuzzing, each input in its own process: test_fuzz_check.py) --------------------


def test_hostile_inputs_fail_fast_and_run_nothing() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        marker = Path(tmp) / "ran"
        hostile = [
            f"__import__('os').system('touch {marker}')",
            "h0.__class__.__bases__",
            "(lambda: 1)()",
            "9^9^9^9",
            "10**10**10",
            "2^100000",
            "(" * 100_000 + "h0" + ")" * 100_000,
            "h0 + " * 2_000_000 + "h1",  # over 10 MB
            "9" * 5_000,
            r"\input{/etc/passwd}",
            r"\sum_{i=1}^{999999999} h_i",
            r"h_1 + \dots + h_{999999999}",
            "h0 h99999999",
            "((((10^64)^64)^64)^64)^64",
            r"\sum_{i=1}^{l^9} h_i",
        ]
        for text in hostile:
            start = time.perf_counter()
            with pytest.raises(FormulaSyntaxError):
                check(text)
            assert time.perf_counter() - start < 2, text[:40]
        assert not marker.exists()


# -- reports and the command line ---------------------------------------------------------------


def test_report_shows_what_a_person_should_see() -> None:
    # A formula that counts nothing at the depth where it first differs shows "yours = 0", not a blank.
    assert "\\text{yours} &= 0 \\\\" in symcount.latex(check(r"\sum_{i=1}^{l-1} (h_{i-1}+1) h_i"))
    lstm = symcount.latex(check("4(h(h+d)+h)", against="lstm d h"))
    assert "right under Keras" in lstm and "keras biases" not in lstm


def test_report_renders() -> None:
    reports = [check("(h0*h1 + h1*h2 + h2*h3 + h4*h5) + [h1+h2+h3+h4+h5]"), check("16+16=32", widths=FORUM),
               check(ANSWER_2.replace(r"\dots n_{l-1})", r"\dots + n_{l-1})"), last="l-1")]
    formulas = [f for r in reports for f in math_of(r._repr_latex_())]
    assert render_errors(formulas) == [None] * len(formulas)
    data = json.loads(json.dumps(reports[0].to_dict()))
    assert data["verdict"] == "wrong" and data["missing"] == ["h3*h4"]


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "symcount", "check", *args], input=stdin, capture_output=True, text=True)


def test_cli_exit_status() -> None:
    right = run_cli("h0*h1 + h1*h2 + h1 + h2")
    assert right.returncode == 0 and right.stdout == "correct\n"
    wrong = run_cli("(h0*h1 + h1*h2 + h2*h3 + h4*h5) + [h1+h2+h3+h4+h5]")
    assert wrong.returncode == 1 and wrong.stdout.startswith("wrong: missing h3*h4\n")
    unreadable = run_cli("h0 + (h1")
    assert unreadable.returncode == 2 and unreadable.stdout == "" and "Traceback" not in unreadable.stderr
    assert len(unreadable.stderr.splitlines()) == 1
    weights = r"784\times 16+16\times16+16\times10=12960"
    assert run_cli("-", "--widths", "784", "16", "16", "10", stdin=weights).returncode == 0
    with tempfile.NamedTemporaryFile("w", suffix=".tex", delete=False) as f:
        f.write(ANSWER_2)
    try:
        from_file = run_cli("--file", f.name)
        assert from_file.returncode == 2 and "expected + after \\dots" in from_file.stderr
    finally:
        os.unlink(f.name)
    as_json = run_cli("h0 h1", "--format", "json")
    assert as_json.returncode == 1 and json.loads(as_json.stdout)["verdict"] == "other_convention"


def test_public() -> None:
    assert symcount.check is check


# -- any target, and the thread as pasted ------------------------------------------------------


def test_the_question_as_pasted_in_unicode() -> None:
    # The seed thread's own symbols, copied from the rendered page: math italic h and l, U+2212 minus.
    report = check("ℎ0ℎ1 + ℎ1ℎ2 + ... + ℎ𝑙−1ℎ𝑙 + ℎ1 + ... + ℎ𝑙")
    assert report.correct
    assert check("(2x2)+(2x2)+(2+2)=12", widths=[2, 2, 2]).correct
    assert check("12 960 + 42 = 13 002", widths=FORUM).correct
    assert check(r"13\,002", widths=FORUM).correct and check("13,002", widths=FORUM).correct
    assert check(r"\#\text{params} = \sum_{i=1}^{l} h_{i-1} h_i + \sum_{i=1}^{l} h_i.").correct


def test_off_by_one_against_the_question_is_wrong_both_ways() -> None:
    short = check(r"\sum_{i=1}^{l-1} (h_{i-1}+1) h_i")
    assert short.verdict == "wrong" and "its widths run h_0 .. h_{l-1}" in short.message
    assert check(r"h_0 h_1 + \dots + h_{l-2} h_{l-1} + h_1 + \dots + h_{l-1}").verdict == "wrong"
    assert check(r"\sum_{i=1}^{l+1} (h_{i-1}+1) h_i").verdict == "wrong"
    assert check(r"\sum_{l=1}^{L} n^{[l]}(n^{[l-1]}+1)").correct  # Ng's notation: the output is n^{[L]}


@pytest.mark.parametrize(
    ("formula", "against", "bias", "verdict", "convention"),
    [
        ("4((d+h)h+2h)", "lstm d h", None, "correct", "torch"),
        ("4(h(h+d)+h)", "lstm d h", None, "other_convention", "keras"),
        ("4(h(h+d)+h)", "lstm d h", "keras", "correct", "keras"),
        ("4(h(h+d))", "lstm d h", None, "other_convention", "none"),
        ("3(h(h+d)+2h)", "gru d h", None, "correct", "torch"),
        ("h(h+d)+2h", "rnn d h", None, "correct", "torch"),
        ("4(h(h+d)+h)", "gru d h", None, "wrong", None),
        (r"k^2 c_{in} c_{out} + c_{out}", "conv2d c_{in} c_{out} k", None, "correct", "bias"),
        (r"k^2 c_{in} c_{out}", "conv2d c_{in} c_{out} k", None, "other_convention", "none"),
        (r"k^2 c_{in} c_{out}/g + c_{out}", "conv2d c_{in} c_{out} k groups g", None, "correct", "bias"),
        (r"k^2 c_{in} c_{out} + c_{out}", "conv2d c_{in} c_{out} k groups g", None, "wrong", None),
        ("Vd", "embedding V d", None, "correct", "default"),
        ("Vd + d", "embedding V d", None, "wrong", None),
        ("4d^2+4d", "attention d", None, "correct", "bias"),
        ("4d^2", "attention d", None, "other_convention", "none"),
        ("3d^2+3d", "attention d", None, "wrong", None),
        ("12d^2+13d", "transformer-block d", None, "correct", "bias"),
        ("12d^2+9d", "transformer-block d", None, "wrong", None),
        ("12 L d^2 + 13 L d + (V + P) d + 2d", "gpt2", None, "correct", "tied"),
        ("12 L d^2 + 13 L d + (2V + P) d + 2d", "gpt2", None, "other_convention", "untied"),
        ("12 L d^2 + 13 L d + (V + P) d", "gpt2", None, "wrong", None),
        ("2Vd + L(4d^2 + 3 d d_ff + 2d) + d", "llama", None, "correct", "untied"),
        ("Vd + L(4d^2 + 3 d d_ff + 2d) + d", "llama", None, "other_convention", "tied"),
        ("2Vd + L(4d^2 + 2 d d_ff + 2d) + d", "llama", None, "wrong", None),
    ],
)
def test_any_target(formula: str, against: str, bias: str | None, verdict: str, convention: str | None) -> None:
    report = check(formula, against=against, bias=bias)
    assert report.verdict == verdict, report.message
    if convention is not None:
        assert report.convention == convention
    if verdict != "correct":
        assert report.missing or report.extra


def test_targets_match_symbols_by_map_or_inference() -> None:
    mapped = check("4 n (m + n + 1)", against="lstm x h", map={"m": "input_size", "n": "hidden_size"}, bias="keras")
    assert mapped.correct and not mapped.notes
    inferred = check("4 n (m + n + 1)", against="lstm x h", bias="keras")
    assert inferred.correct and "read m as input_size (x), n as hidden_size (h)" in inferred.message
    with pytest.raises(symcount.UnsupportedError, match="not a size of lstm"):
        check("4 n (m + n + q)", against="lstm x h")
    with pytest.raises(OptionError, match="not a target"):
        check("d", against="lstn d h")
    with pytest.raises(OptionError, match="conventions 'torch', 'keras', 'none'"):
        check("d", against="lstm d h", bias="all")
    with pytest.raises(symcount.UnsupportedError, match="a formula for another layer"):
        check("12d^2+13d")


def test_report_is_a_frozen_value() -> None:
    report = check("h0*h1 + h1*h2 + h1", depth=2)
    with pytest.raises(AttributeError):
        report.verdict = "correct"  # type: ignore[misc]
    import dataclasses

    assert dataclasses.replace(report, missing=(), verdict="correct").message == "correct"


def test_cli_against_and_map() -> None:
    keras = run_cli("4(h(h+d)+h)", "--against", "lstm d h")
    assert keras.returncode == 1 and "Keras's convention" in keras.stdout
    mapped = run_cli("4 n (m+n+1)", "--against", "lstm x h", "--map", "m=input_size", "n=hidden_size", "--bias", "keras")
    assert mapped.returncode == 0 and mapped.stdout == "correct\n"
    other = run_cli("12d^2+13d")
    assert other.returncode == 2 and other.stderr.startswith("symcount check: unsupported: ")
    unreadable = run_cli("h0 + (h1")
    assert unreadable.returncode == 2 and unreadable.stderr.startswith("symcount check: unreadable: ")
    answer_2 = run_cli(r"n_0 n_1 + \dots + n_{l-2} n_{l-1} + n_1 + \dots + n_{l-1}", "--last-width", "l-1")
    assert answer_2.returncode == 0 and "as answer 2 numbers them" in answer_2.stdout
    bad_map = run_cli("d", "--against", "attention d", "--map", "d")
    assert bad_map.returncode == 2 and "SYMBOL=SIZE" in bad_map.stderr
