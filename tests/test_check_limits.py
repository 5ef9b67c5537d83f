"""The checker's limits bound its work, refuse with our errors, and leave numbers of any size exact.

Time and memory are the fuzzing harness's to measure (test_fuzz_check.py); here, what each
limit refuses and what it lets through, against counts Python works out on its own.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symcount import OptionError, UnsupportedError, check
from symcount._format import digits
from symcount.parsing import LIMITS, parse, written_out

FORUM = [784, 16, 16, 10]


@contextmanager
def python_prints_any_int() -> Iterator[None]:
    """Python's own conversion, its guard lifted for the test: the ground truth for our digits."""
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(old)


@given(st.integers(min_value=-(10**12000), max_value=10**12000))
@settings(max_examples=60, deadline=None)
def test_digits_are_pythons_at_any_size(n: int) -> None:
    with python_prints_any_int():
        assert digits(n) == str(n)


def test_a_number_past_4300_digits_is_quoted_whole_in_text_json_and_latex() -> None:
    stated = (10**4096 + 7) ** 2  # 8193 digits: past Python's str() limit
    report = check("((10^{64})^{64}+7)^{2}", widths=FORUM)  # a number far from any count of 784-16-16-10
    with python_prints_any_int():
        shown = str(stated)
        far = str(stated - 13002)
    assert report.verdict == "wrong"
    assert shown in report.message and far in report.message
    assert shown in json.loads(json.dumps(report.to_dict()))["message"]
    assert shown in report._repr_latex_() or shown in report.to_text()


def test_a_formula_with_coefficients_past_4300_digits_is_checked_and_shown() -> None:
    nines = "9" * 999
    report = check(f"(h0*h1 + {nines})^5", depth=1)
    assert report.verdict == "wrong"
    with python_prints_any_int():
        constant = str(int(nines) ** 5)
        assert len(constant) > 4300
        assert constant in report.to_text()
    json.dumps(report.to_dict())
    report._repr_latex_()


# -- sums written out, against Python's own sums ---------------------------------------------


@st.composite
def nested_sums(draw: st.DrawFn) -> tuple[str, list[tuple[str, int, int]], str]:
    """A sum of sums with whole-number bounds (some reversed, so empty) over a product of widths."""
    names = draw(st.lists(st.sampled_from("ijk"), min_size=1, max_size=3, unique=True))
    bounds = [(v, draw(st.integers(0, 6)), draw(st.integers(-1, 7))) for v in names]
    offsets = [(draw(st.sampled_from(names)), draw(st.integers(0, 2))) for _ in range(draw(st.integers(1, 3)))]
    text = "".join(f"\\sum_{{{v}={a}}}^{{{b}}} " for v, a, b in bounds)
    text += " ".join(f"h_{{{v}+{c}}}" for v, c in offsets)
    return text, bounds, ",".join(f"{v}+{c}" for v, c in offsets)


@given(nested_sums(), st.integers(0, 2**32))
@settings(max_examples=150, deadline=None)
def test_sums_written_out_are_pythons_sums_an_empty_range_adding_nothing(case: tuple[str, list[tuple[str, int, int]], str], seed: int) -> None:
    text, bounds, offsets = case
    rng = random.Random(seed)
    values = {k: rng.randint(1, 10**6) for k in range(0, 20)}

    def python_sum(level: int, env: dict[str, int]) -> int:
        if level == len(bounds):
            product = 1
            for term in offsets.split(","):
                v, c = term.split("+")
                product *= values[env[v] + int(c)]
            return product
        v, a, b = bounds[level]
        return sum(python_sum(level + 1, {**env, v: x}) for x in range(a, b + 1))  # range(a, b+1) is empty for b < a

    expr = written_out(parse(text).sides[0])
    h = sympy.IndexedBase("h")
    at = {e: values[int(e.indices[0])] for e in expr.atoms(sympy.Indexed)}
    assert all(e.base == h for e in at)
    assert expr.xreplace(at) == python_sum(0, {})


# -- each limit refuses, naming itself ---------------------------------------------------------


@pytest.mark.parametrize(
    "text, words",
    [
        ("(h0+h1+h2+h3)^{32}", "more than 2000 terms"),  # 6,545 terms, counted before expanding
        ("(h_0 + h_1)^{64} (h_2 + h_3)^{64}", "more than 2000 terms"),  # 65 times 65
        ("\\sum_{i=1}^{1000} \\sum_{j=1}^{3} h_j", "more than 2000 terms"),  # 1000 by 3: a bound on each sum alone is not enough
        ("\\sum_{i=1}^{600} h_{2i}", "at most 1000 layers"),  # the index inside the sum reaches 1200
    ],
)
def test_what_would_be_too_much_work_is_refused_before_it_is_done(text: str, words: str) -> None:
    with pytest.raises(UnsupportedError, match=words):
        check(text)


def test_what_the_limits_let_through_is_checked_exactly() -> None:
    # 1000 layers, the most the checker takes: written by sums and checked right.
    assert check(r"\sum_{i=1}^{1000} h_{i-1} h_i + \sum_{i=1}^{1000} h_i").verdict == "correct"
    # an index linear in the summation index: h_{2i-1} h_{2i} is h_1 h_2 + h_3 h_4
    assert check(r"h_0 h_1 + \sum_{i=1}^{2} h_{2i-1}h_{2i} + h_2 h_3 + h_1 + h_2 + h_3 + h_4", depth=4).verdict == "correct"
    report = check(r"\sum_{i=1}^{2} h_{2i-2}h_{2i-1} + h_1 + h_2 + h_3 + h_4", depth=4)  # h_0 h_1 + h_2 h_3
    assert report.verdict == "wrong" and {str(t) for t in report.missing} == {"h1*h2", "h3*h4"}
    # 1820 terms written out: under the limit, answered
    assert check("(h0+h1+h2+h3+h4)^{12}").verdict == "wrong"


def test_a_nonlinear_index_is_refused_as_read() -> None:
    from symcount import FormulaSyntaxError

    with pytest.raises(FormulaSyntaxError, match="linear"):
        check(r"\sum_{i=1}^{3} h_{i^{64}}")


def test_network_sizes_past_the_limit_are_refused() -> None:
    with pytest.raises(OptionError, match="at most 1000 layers"):
        check("h0 h1", depth=10**6)
    with pytest.raises(OptionError, match="at most 1000 layers"):
        check("2 + 2", widths=[3] * (LIMITS["index"] + 2))
    with pytest.raises(Exception, match="above 1000"):
        check("h0 h1001")


def test_a_general_formula_with_numbers_for_the_widths_says_how_to_check_it() -> None:
    with pytest.raises(OptionError, match="symbolic depth l; check it with general=True, not widths="):
        check(r"\sum_{i=1}^{l} (h_{i-1}+1) h_i", widths=FORUM)


def test_a_long_wrong_answer_names_a_dozen_terms_and_counts_the_rest() -> None:
    text = " + ".join(f"h{i} h{i + 1}" for i in range(100))  # weights only: 100 biases missing
    report = check(text + " + h100")
    assert report.verdict == "wrong" and len(report.missing) == 99
    assert report.message.count(",") == 11 and "and 87 more" in report.message


def test_a_size_named_like_a_unit_is_read_as_the_size_not_dropped() -> None:
    # "neurons" after a number is a word about it (dropped) unless the target names a size so.
    assert check("(n+1) neurons", against="linear n neurons").verdict == "correct"
    assert check("(n+1) neurons + 1", against="linear n neurons").verdict == "wrong"
    assert check("(5 weights + 1 bias) * 2 neurons = 12", widths=[5, 2]).verdict == "correct"
