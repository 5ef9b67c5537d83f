"""A sweep of 10**6 configurations against a plain Python loop over the same grid.

The network 784-w-v-10 over w, v = 1 .. 1000. The loop evaluates the same
formula, compiled to a Python function, one configuration at a time; the
sweep evaluates the grid at once (NumPy int64, guarded against overflow).
Target: the sweep at least 20x faster, with equal results.

Exit status 1 if a target fails.
"""

from __future__ import annotations

from _timing import Verdict, best, fmt
from sympy import lambdify

import symcount


def main() -> None:
    verdict = Verdict()
    net = symcount.mlp([784, "w", "v", 10])
    values = list(range(1, 1001))
    grid = {"w": values, "v": values}
    formula = lambdify([symcount.symbol("w"), symcount.symbol("v")], net.total, modules="math")

    def loop() -> list[int]:
        return [int(formula(w, v)) for w in values for v in values]

    t_sweep = best(lambda: symcount.sweep(net, grid), repeat=5)
    t_loop = best(loop, repeat=3)
    same = symcount.sweep(net, grid).columns["count"].tolist() == loop()
    print(f"10^6 configurations: sweep {fmt(t_sweep)}, Python loop {fmt(t_loop)}")
    verdict.check("equal results", same)
    verdict.check("sweep >= 20x faster than the loop", t_loop / t_sweep >= 20, f"{t_loop / t_sweep:.1f}x")
    verdict.exit()


if __name__ == "__main__":
    main()
