"""``str()`` of a deep network's total: SymPy's own text, ordered in n log n.

SymPy's printers order a sum's terms by writing each term's monomial as a
vector over all of the sum's symbols, so ``str()`` of a plain ``sympy.Add``
of a deep network's total costs terms times symbols (27 s and 3 GB at
l = 10**4). The total symcount builds orders the same terms from their own
powers (``symcount.symbols._PrintableAdd``); its text is SymPy's, character
for character (``tests/test_hostile.py``).

1. ``str(mlp(l).total)`` at l = 10**3, 10**4 and 10**5 (networks and totals
   built beforehand). Target: at most 15x per 10x in l (n log n).
2. At l = 2000, against ``str()`` of a plain ``sympy.Add`` of the same terms
   (the baseline, measured in the same run). Target: at least 5x faster, and
   the same text.

Exit status 1 if a target fails.
"""

from __future__ import annotations

from _timing import Verdict, best, fmt
from sympy import Add

import symcount


def main() -> None:
    verdict = Verdict()
    times = {}
    for depth in (10**3, 10**4, 10**5):
        total = symcount.mlp(depth).total
        times[depth] = best(lambda: str(total), repeat=3 if depth < 10**5 else 1)
        print(f"str(total): l={depth} {fmt(times[depth])}", flush=True)
    for low, high in ((10**3, 10**4), (10**4, 10**5)):
        growth = times[high] / times[low]
        verdict.check(f"str grows as n log n from l={low} to {high}: <= 15x", growth <= 15.0, f"measured {growth:.2f}x")

    total = symcount.mlp(2000).total
    plain = Add(*total.args)
    ours = best(lambda: str(total), repeat=3)
    theirs = best(lambda: str(plain), repeat=1)
    print(f"l=2000: str(total) {fmt(ours)}, str(plain sympy.Add) {fmt(theirs)}")
    verdict.check("the same text as SymPy's own", str(total) == str(plain), "")
    verdict.check("str(total) >= 5x faster than a plain Add's", theirs / ours >= 5.0, f"measured {theirs / ours:.1f}x")
    verdict.exit()


if __name__ == "__main__":
    main()
