"""The forum thread's numbers and formulas (../shared/seed/forum-formulas.md)."""

from __future__ import annotations

import sympy

import symcount
from symcount import symbol

from .helpers import enumerated_count


def test_answer_1_worked_numbers() -> None:
    net = symcount.mlp([784, 16, 16, 10])
    assert (net.weights, net.biases, net.total) == (12960, 42, 13002)
    assert net.count() == symcount.count([784, 16, 16, 10]) == 13002
    assert [r.weights for r in net.layers] == [784 * 16, 16 * 16, 16 * 10]


def test_comment_without_output_biases() -> None:
    assert symcount.count([784, 16, 16, 10], bias="hidden") == 12992
    assert symcount.mlp([784, 16, 16, 10], bias="hidden").biases == 32


def test_answer_2_example_2x2x2() -> None:
    assert symcount.count([2, 2, 2]) == 12 == enumerated_count([2, 2, 2])


def test_answer_2_notation() -> None:
    # Answer 2 numbers the layers 0..l-1 with widths n_0 ... n_{l-1}.
    n = [symbol(f"n{k}") for k in range(4)]
    expected = n[0] * n[1] + n[1] * n[2] + n[2] * n[3] + (n[1] + n[2] + n[3])
    assert symcount.mlp(3, name="n").total == expected


def test_mlp_5_is_the_corrected_answer_3_term_for_term() -> None:
    h = [symbol(f"h{k}") for k in range(6)]
    corrected = [h[0] * h[1], h[1] * h[2], h[2] * h[3], h[3] * h[4], h[4] * h[5], h[1], h[2], h[3], h[4], h[5]]
    total = symcount.mlp(5).total
    assert sorted(sympy.Add.make_args(total), key=str) == sorted(corrected, key=str)
    answer_3 = sympy.Add(*corrected[:3], corrected[4], *corrected[5:])  # as written: h3*h4 forgotten
    assert total - answer_3 == h[3] * h[4]


def test_general_sum_at_fixed_depth() -> None:
    i, l = sympy.symbols("i l", integer=True, positive=True)
    hb = sympy.IndexedBase("h")
    general = sympy.Sum(hb[i - 1] * hb[i], (i, 1, l)) + sympy.Sum(hb[i], (i, 1, l))
    for depth in (1, 2, 5, 9):
        concrete = general.subs(l, depth).doit()
        concrete = concrete.replace(lambda e: isinstance(e, sympy.Indexed), lambda e: symbol(f"h{e.indices[0]}"))
        assert sympy.expand(concrete - symcount.mlp(depth).total) == 0
