"""The general form: deriving its closed forms, and substituting numbers into it.

Part 1 times SymPy's derivation of each closed form (uniform hidden width,
all widths equal, h_i = w * 2**i, h_i = a + b*i) for every bias convention,
on a fresh ``general()`` each time: informational.

Part 2 substitutes l = 10**4 and a list of widths into each named form
(``general().count(widths, form=...)``) against the core's
``symcount.count(widths)`` in the same run. The general form's sums are
evaluated monomial by monomial, never by SymPy ``subs`` on a 10**4-term sum.

Target: time(general count) / time(core count) <= 5 for every form.
Exit status 1 if a target or a result check fails.
"""

from __future__ import annotations

import random

from _timing import Verdict, best, fmt
from sympy.core.cache import clear_cache

import symcount
from symcount import symbol

DEPTH = 10**4
MAX_RATIO = 5.0
CONVENTIONS = ("all", "hidden", "none")


def derive(bias: str, shape: str) -> object:
    g = symcount.general(bias)
    if shape == "uniform":
        return g.uniform().total
    if shape == "equal":
        return g.equal().total
    if shape == "w*2**i":
        return g.closed(symbol("w") * 2**g.i).total
    return g.closed(symbol("a") + symbol("b") * g.i).total


def main() -> None:
    verdict = Verdict()
    print("part 1: deriving closed forms (SymPy cache cleared before each repeat)")
    for shape in ("uniform", "equal", "w*2**i", "a+b*i"):
        times = [best(lambda: derive(bias, shape), repeat=3, setup=clear_cache) for bias in CONVENTIONS]
        print(f"  {shape:8} " + "  ".join(f"{b}: {fmt(t):>9}" for b, t in zip(CONVENTIONS, times)), flush=True)

    print(f"part 2: substitution into the general form at l = {DEPTH}")
    rng = random.Random(7)
    widths = [rng.randint(1, 1000) for _ in range(DEPTH + 1)]
    t_core = best(lambda: symcount.count(widths), repeat=7, min_time=0.1)
    print(f"  core count()             {fmt(t_core):>10}")
    for bias in CONVENTIONS:
        g = symcount.general(bias)
        expected = symcount.count(widths, bias=bias)
        for form in ("split", "combined", "per_neuron"):
            ok = g.count(widths, form=form) == expected
            verdict.check(f"{bias}/{form}: equal to the core count", ok)
            t = best(lambda: g.count(widths, form=form), repeat=7, min_time=0.1)
            ratio = t / t_core
            verdict.check(f"{bias}/{form}: general/core <= {MAX_RATIO}", ratio <= MAX_RATIO, f"{fmt(t)}, {ratio:.2f}x")
    verdict.exit()


if __name__ == "__main__":
    main()
