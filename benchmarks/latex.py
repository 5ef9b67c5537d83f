"""Emitting LaTeX: the ellipsis form at any depth, the expanded form in linear time.

1. ``latex(mlp(l), style="ellipsis")`` at l = 10 and l = 10**5 (networks built
   beforehand). Target: the deep one costs at most 2x the shallow one.
2. ``latex(mlp(l), style="expanded")`` at l = 10**3 and 10**4. Target: at most
   12x per 10x in l (linear).
3. symcount's expanded LaTeX of the l = 10**4 network against SymPy's own
   ``latex()`` of the same total as a plain ``sympy.Add`` (which sorts its
   terms, in time that grows as terms times symbols; the total symcount
   builds is ordered in n log n, see ``benchmarks/stringify.py``). Target: at
   least 20x faster, and no RecursionError.

Exit status 1 if a target fails.
"""

from __future__ import annotations

import time

from _timing import Verdict, best, fmt
from sympy import Add
from sympy import latex as sympy_latex

import symcount


def main() -> None:
    verdict = Verdict()

    shallow, deep = symcount.mlp(10), symcount.mlp(10**5)
    t_shallow = best(lambda: symcount.latex(shallow, style="ellipsis"), repeat=7, min_time=0.1)
    t_deep = best(lambda: symcount.latex(deep, style="ellipsis"), repeat=7, min_time=0.1)
    ratio = t_deep / t_shallow
    print(f"ellipsis: l=10 {fmt(t_shallow)}, l=10^5 {fmt(t_deep)}")
    verdict.check("ellipsis at l=10^5 <= 2x l=10", ratio <= 2.0, f"measured {ratio:.2f}x")

    times = {}
    for depth in (10**3, 10**4):
        net = symcount.mlp(depth)
        times[depth] = best(lambda: symcount.latex(net, style="expanded"), repeat=3)
        print(f"expanded: l={depth} {fmt(times[depth])}", flush=True)
    growth = times[10**4] / times[10**3]
    verdict.check("expanded grows linearly: <= 12x per 10x", growth <= 12.0, f"measured {growth:.2f}x")

    net = symcount.mlp(10**4)
    total = Add(*net.total.args)  # SymPy's own Add of the same terms
    start = time.perf_counter()
    try:
        sympy_latex(total)
        t_sympy = time.perf_counter() - start
    except RecursionError:  # pragma: no cover -- reported, not expected
        t_sympy = float("inf")
    ours = times[10**4]
    speedup = t_sympy / ours
    print(f"l=10^4: sympy.latex(total) {fmt(t_sympy)}, symcount expanded {fmt(ours)}")
    verdict.check("symcount expanded >= 20x faster than sympy.latex", speedup >= 20.0, f"measured {speedup:.1f}x")
    verdict.exit()


if __name__ == "__main__":
    main()
