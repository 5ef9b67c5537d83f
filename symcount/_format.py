"""Plain-text rendering helpers: formulas in layer order, aligned tables.

SymPy sorts the terms of a sum into its own canonical order (``h1 + h10 +
h11 + h2 ...``) and, for long sums, sorting is most of the printing time. A
parameter count reads best in layer order, so formulas are printed from an
unevaluated sum of their terms in the order the layers give them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


def ordered_sum(terms: Iterable[Any]) -> Any:
    """An unevaluated SymPy sum of ``terms`` that keeps their order of first appearance.

    Like terms are still combined (``784*w + w**2 + 10*w`` becomes
    ``794*w + w**2``), so the sum is equal to SymPy's own; only the order differs.

    >>> from symcount.symbols import symbol
    >>> h0, h1, w = symbol("h0"), symbol("h1"), symbol("w")
    >>> print(plain(ordered_sum([h0 * h1, h1, 784 * w, w**2, 10 * w])))
    h0*h1 + h1 + 794*w + w**2
    """
    import sympy

    coefficients: dict[Any, Any] = {}
    for term in terms:
        for part in sympy.Add.make_args(term):
            coefficient, monomial = part.as_coeff_Mul()
            coefficients[monomial] = coefficients.get(monomial, 0) + coefficient
    parts = [c * m for m, c in coefficients.items() if c != 0]
    if not parts:
        return sympy.Integer(0)
    if len(parts) == 1:
        return parts[0]
    return sympy.Add(*parts, evaluate=False)


def plain(expr: Any) -> str:
    """``expr`` as Python-syntax text, its sums in the order they were built."""
    import sympy

    return str(sympy.sstr(expr, order="none"))


def table(header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[bool]) -> list[str]:
    """Lines of an aligned text table; ``numeric`` columns are right-aligned."""
    body = [list(map(str, r)) for r in rows]
    widths = [max([len(h)] + [len(r[c]) for r in body]) for c, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        out = [c.rjust(w) if num else c.ljust(w) for c, w, num in zip(cells, widths, numeric)]
        return "  ".join(out).rstrip()

    return [line(header)] + [line(r) for r in body]
