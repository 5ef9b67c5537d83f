"""Inverse problems and sweeps: from a parameter budget to an architecture, and back over a grid.

>>> import symcount
>>> net = symcount.mlp([784, "w", "w", 10])
>>> s = symcount.solve_width(1_000_000, net)
>>> s.value, s.count, s.slack
(678, 999382, 618)
>>> net.count(w=679) > 1_000_000 >= net.count(w=678)
True
>>> symcount.solve_width(1_000_000, net, multiple_of=64).value
640
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy

from ._dims import shown
from ._display import LatexDisplay, LatexHook
from .errors import OptionError, SymcountError
from .network import Network
from .symbols import symbol

__all__ = ["InfeasibleError", "Solution", "Sweep", "solve_width", "sweep"]


class InfeasibleError(SymcountError):
    """No allowed value of the free size fits the budget; ``smallest`` is the least count there is."""

    def __init__(self, message: str, smallest: int) -> None:
        super().__init__(message)
        self.smallest = smallest


@dataclass(frozen=True)
class Solution(LatexDisplay):
    """The largest value of the free size whose count fits the budget.

    >>> import symcount
    >>> s = solve_width(100, symcount.mlp([2, "w", 1]))
    >>> s.name, s.value, s.count, s.slack, s.closed_form
    ('w', 24, 97, 3, B/4 - 1/4)
    """

    name: str  # the free size
    value: int
    count: int  # the exact count at value
    budget: int
    formula: Any  # the count as a formula in the free size
    closed_form: Any  # the root of formula = B, a SymPy expression in the symbol B, or None
    method: str  # "closed form" or "numeric root"

    @property
    def slack(self) -> int:
        """How much of the budget is left over at ``value``."""
        return self.budget - self.count

    def to_text(self) -> str:
        """One line: the value, its count and the slack."""
        return f"{self.name} = {self.value}: {self.count} parameters, {self.slack} under the budget of {self.budget} ({self.method})"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: numbers as ints, formulas as strings.

        >>> import symcount
        >>> solve_width(100, symcount.mlp([2, "w", 1])).to_dict()["closed_form"]
        'B/4 - 1/4'
        """
        return {
            "name": self.name, "value": self.value, "count": self.count, "budget": self.budget, "slack": self.slack,
            "formula": str(self.formula),
            "closed_form": None if self.closed_form is None else str(self.closed_form),
            "method": self.method,
        }



def _check_budget(budget: object) -> int:
    if isinstance(budget, bool) or not isinstance(budget, int):
        raise OptionError(f"budget is {shown(budget)}: expected a whole number of parameters (an int)")
    if budget <= 0:
        raise OptionError(f"budget is {budget}: expected a positive number of parameters")
    return budget


def solve_width(
    budget: int,
    network: Network,
    *,
    multiple_of: int = 1,
    minimum: int | None = None,
    maximum: int | None = None,
) -> Solution:
    """The largest value ``v`` of the network's one free size with ``count(v) <= budget``.

    ``v`` is a multiple of ``multiple_of`` within ``minimum``/``maximum``.
    SymPy solves ``count = B`` in closed form where the count is a polynomial
    of degree at most 4; mpmath finds the root otherwise. Either way the
    answer is then checked with exact integers on both sides, so it is never
    off by one.

    >>> import symcount
    >>> s = solve_width(10**6, symcount.mlp([784, "w", 10]), multiple_of=8)
    >>> s.value, s.count, s.method
    (1256, 998530, 'closed form')
    """
    budget = _check_budget(budget)
    if not isinstance(network, Network):
        raise OptionError(f"network is {shown(network)}: expected a symcount network with one free size")
    if len(network.names) != 1:
        names = ", ".join(network.names) or "none"
        raise OptionError(f"solve_width needs exactly one free size; this network has: {names}")
    for option, value in (("multiple_of", multiple_of), ("minimum", minimum), ("maximum", maximum)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise OptionError(f"{option} is {shown(value)}: expected a positive integer")
    name = network.names[0]
    step = multiple_of
    low = max(minimum or step, step)
    low = -(-low // step) * step  # the first allowed value
    high = None if maximum is None else maximum // step * step
    if high is not None and high < low:
        raise OptionError(f"no multiple of {step} lies between {minimum} and {maximum}")

    def count(v: int) -> int:
        return network.count({name: v})

    smallest = count(low)
    if smallest > budget:
        raise InfeasibleError(
            f"budget {budget} is below the smallest count, {smallest} at {name} = {low}", smallest
        )
    x = symbol(name)
    formula = network.total
    closed, estimate, method = _root(formula, x, budget)
    v = max(low, int(estimate) // step * step)
    if high is not None:
        v = min(v, high)
    # Exact integers settle the last step: the estimate may be a little off either way.
    while v > low and count(v) > budget:
        v -= step
    while (high is None or v + step <= high) and count(v + step) <= budget:
        v += step
    return Solution(name, v, count(v), budget, formula, closed, method)


def _root(formula: Any, x: Any, budget: int) -> tuple[Any, float | int, str]:
    """Where ``formula`` reaches ``budget``: (closed form in B or None, a numeric estimate, method)."""
    import mpmath

    B = sympy.Symbol("B", positive=True)
    digits = len(str(budget)) + 15
    poly = sympy.Poly(formula, x) if formula.is_polynomial(x) else None
    if poly is not None and 1 <= poly.degree() <= 4:
        roots = sympy.solve(sympy.Eq(formula, B), x)
        best = None
        for r in roots:
            value = sympy.N(r.subs(B, budget), digits)
            re, im = value.as_real_imag()
            if abs(im) <= abs(re) * sympy.Float(10) ** (-digits + 5) + sympy.Float(10) ** -(digits // 2) and re > 0:
                if best is None or re > best[1]:
                    best = (r, re)
        if best is not None:
            return best[0], int(sympy.floor(best[1])), "closed form"
    # No closed form: mpmath finds the root, as precisely as the budget has digits.
    f = sympy.lambdify(x, formula - budget, modules="mpmath")
    with mpmath.workdps(digits):
        hi = mpmath.mpf(1)
        while f(hi) < 0:
            hi *= 2
        root = mpmath.findroot(f, (hi / 2, hi), solver="anderson")
        return None, int(mpmath.floor(root)), "numeric root"


# -- sweeps ------------------------------------------------------------------------------


@dataclass
class Sweep(LatexHook):
    """A count evaluated over a grid: ``columns`` maps each name, and ``"count"``, to its values.

    >>> import symcount
    >>> s = sweep(symcount.mlp([2, "w", 1]), {"w": [1, 2, 3]})
    >>> len(s), s.names
    (3, ('w',))
    >>> print(s.to_csv(), end="")
    w,count
    1,5
    2,9
    3,13
    """

    names: tuple[str, ...]
    columns: dict[str, Any]
    formula: Any = None  # the count as a formula in the names, where the sweep was of one

    def __len__(self) -> int:
        return len(self.columns["count"])

    @property
    def rows(self) -> list[tuple[int, ...]]:
        """One tuple per configuration: the names' values, then the count (Python ints)."""
        cols = [self.columns[n] for n in (*self.names, "count")]
        return [tuple(int(v) for v in row) for row in zip(*cols)]

    def to_csv(self) -> str:
        """CSV with a header line: the names, then ``count``."""
        lines = [",".join((*self.names, "count"))]
        lines += [",".join(map(str, row)) for row in self.rows]
        return "\n".join(lines) + "\n"

    def to_text(self) -> str:
        """The sweep as text: its CSV."""
        return self.to_csv()

    def _repr_markdown_(self) -> str:
        """Jupyter shows a sweep as a table (its first points, where there are many): a tabular is no math."""
        from .printing import SWEEP_ROWS, markdown

        shown = self if len(self) <= SWEEP_ROWS else Sweep(
            self.names, {k: list(v)[:SWEEP_ROWS] for k, v in self.columns.items()}, self.formula)
        note = "" if shown is self else f"\n\n(the first {SWEEP_ROWS} of {len(self)} points)"
        return markdown(shown) + note

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the formula, the names and one list per configuration.

        >>> import symcount
        >>> sweep(symcount.mlp([2, "w", 1]), {"w": [1, 2]}).to_dict()
        {'formula': '4*w + 1', 'names': ['w'], 'rows': [[1, 5], [2, 9]]}
        """
        formula = None if self.formula is None else str(self.formula)
        return {"formula": formula, "names": list(self.names), "rows": [list(r) for r in self.rows]}

    def plot(self, path: str, x: str | None = None) -> None:
        """Count against ``x`` on log axes (one line per other setting), written to ``path`` (PNG, SVG...)."""
        try:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError:  # pragma: no cover -- the tests install matplotlib
            raise OptionError("plotting needs matplotlib: pip install 'symcount[plot]'") from None
        x = x or self.names[0]
        if x not in self.names:
            raise OptionError(f"x is {shown(x)}: expected one of {', '.join(self.names)}")
        others = [n for n in self.names if n != x]
        lines: dict[tuple[int, ...], list[tuple[int, int]]] = {}
        for row in self.rows:
            values = dict(zip((*self.names, "count"), row))
            lines.setdefault(tuple(values[n] for n in others), []).append((values[x], values["count"]))
        fig, ax = plt.subplots(figsize=(6, 4))
        for key, points in lines.items():
            points.sort()
            label = ", ".join(f"{n}={v}" for n, v in zip(others, key)) or None
            ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", markersize=3, label=label)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(x)
        ax.set_ylabel("parameters")
        if others and len(lines) <= 12:
            ax.legend(fontsize="small")
        fig.tight_layout()
        fig.savefig(path)
        plt.close(fig)


_INT64 = 2**63 - 1


def sweep(formula: Network | Any, grid: Mapping[str, Iterable[int]]) -> Sweep:
    """The count at every point of ``grid`` (each name's values), exactly.

    A compiled function evaluates the whole grid at once: NumPy int64 where an
    upper bound of the count fits in 64 bits, Python integers beyond.

    >>> import symcount
    >>> s = sweep(symcount.mlp([784, "w", "w", 10]), {"w": [16, 32]})
    >>> s.rows
    [(16, 13002), (32, 26506)]
    """
    expr = formula.total if isinstance(formula, Network) else formula
    if not isinstance(expr, sympy.Expr):
        raise OptionError(f"formula is {shown(formula)}: expected a symcount network or a SymPy expression")
    if not isinstance(grid, Mapping) or not grid:
        raise OptionError(f"grid is {shown(grid)}: expected a mapping of each free size to its values")
    free = {s.name: s for s in expr.free_symbols}
    unknown = sorted(set(grid) - set(free))
    if unknown:
        raise OptionError(f"{unknown[0]!r} is not a size of this formula (its sizes: {', '.join(sorted(free))})")
    missing = sorted(set(free) - set(grid))
    if missing:
        raise OptionError(f"the grid gives no values for {', '.join(missing)}")
    names = tuple(grid)
    values = {}
    for n in names:
        vals = list(grid[n])
        if not vals or any(isinstance(v, bool) or not isinstance(v, int) or v < 1 for v in vals):
            raise OptionError(f"the grid's values of {n} are {shown(vals)}: expected positive integers")
        values[n] = vals
    args = tuple(free[n] for n in names)
    numer, denom, f_top, f_bottom = _compiled(expr, args, "numpy")
    largest = tuple(max(values[n]) for n in names)
    np: Any
    try:
        import numpy as np
    except ImportError:  # NumPy is optional: Python integers do the same, slower
        np = None
    if np is not None and _upper_bound(numer, args, largest) <= _INT64 and _upper_bound(denom, args, largest) <= _INT64:
        # Each axis shaped to broadcast against the others: the grid is built once, for the output.
        k = len(names)
        axes = [
            np.array(values[n], dtype=np.int64).reshape([-1 if j == i else 1 for j in range(k)])
            for i, n in enumerate(names)
        ]
        shape = tuple(len(values[n]) for n in names)
        top = np.broadcast_to(np.asarray(f_top(*axes), dtype=np.int64), shape).ravel()
        if denom == 1:
            counts = top
        else:
            bottom = np.broadcast_to(np.asarray(f_bottom(*axes), dtype=np.int64), shape).ravel()
            counts, remainder = np.divmod(top, bottom)
            if remainder.any():
                raise OptionError("the formula is not a whole number at some point of the grid")
        cols = {n: np.broadcast_to(axis, shape).ravel() for n, axis in zip(names, axes)}
        return Sweep(names, {**cols, "count": counts}, expr)
    # Past 64 bits: Python integers, one configuration at a time.
    _, _, f_top, f_bottom = _compiled(expr, args, "math")
    points = list(itertools.product(*(values[n] for n in names)))
    counts_py = []
    for p in points:
        q, r = divmod(int(f_top(*p)), int(f_bottom(*p)))
        if r:
            raise OptionError(f"the formula is not a whole number at {dict(zip(names, p))}")
        counts_py.append(q)
    cols_py = {n: [p[k] for p in points] for k, n in enumerate(names)}
    return Sweep(names, {**cols_py, "count": counts_py}, expr)


@lru_cache(maxsize=64)
def _compiled(expr: Any, args: tuple[Any, ...], modules: str) -> tuple[Any, Any, Any, Any]:
    """Numerator and denominator of ``expr`` and their compiled functions, made once per formula."""
    numer, denom = sympy.fraction(sympy.together(expr))
    return numer, denom, sympy.lambdify(args, numer, modules=modules), sympy.lambdify(args, denom, modules=modules)


def _upper_bound(expr: Any, args: tuple[Any, ...], largest: tuple[int, ...]) -> int:
    """A bound on ``|expr|`` over the grid: every coefficient made positive, at the largest values."""
    total = 0
    for monomial, coeff in _terms(expr, args):
        term = abs(int(coeff))
        for value, power in zip(largest, monomial):
            term *= value**power
        total += term
    return total


@lru_cache(maxsize=128)
def _terms(expr: Any, args: tuple[Any, ...]) -> list[tuple[tuple[int, ...], Any]]:
    return list(sympy.Poly(expr, *args).terms())
