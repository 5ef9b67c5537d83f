"""Plain-text rendering helpers: formulas in layer order, aligned tables.

SymPy sorts the terms of a sum into its own canonical order (``h1 + h10 +
h11 + h2 ...``) and, for long sums, sorting is most of the printing time. A
parameter count reads best in layer order, so formulas are printed from an
unevaluated sum of their terms in the order the layers give them.
"""

from __future__ import annotations

import functools
from collections import Counter

from collections.abc import Iterable, Sequence
from typing import Any, cast

from ._dims import digits


def ordered_sum(terms: Iterable[Any]) -> Any:
    """An unevaluated SymPy sum of ``terms`` that keeps their order of first appearance.

    A term is a SymPy expression or a tuple of factors, a product whose
    factors print in the order given (``h9*h10``, where SymPy sorts the names
    to ``h10*h9``).

    Where like terms combine (``784*w + w**2 + 10*w``), the sum is a
    polynomial rather than a list of layers, and reads best in SymPy's order
    (``w**2 + 794*w``); the value is SymPy's own either way.

    >>> from symcount.symbols import symbol
    >>> h0, h1, w = symbol("h0"), symbol("h1"), symbol("w")
    >>> print(plain(ordered_sum([h0 * h1, h1 * symbol("h2"), h1])))
    h0*h1 + h1*h2 + h1
    >>> print(plain(ordered_sum([784 * w, w**2, 10 * w, 10])))
    w**2 + 794*w + 10
    """
    import sympy

    # Layers write constant factors (3 projections, 2 directions) as plain ints.
    terms = [tuple(sympy.Integer(f) if type(f) is int else f for f in t) if isinstance(t, tuple) else t for t in terms]
    if len(terms) == 1 and isinstance(terms[0], tuple) and len(set(terms[0])) == len(terms[0]) and all(
        f.is_Symbol for f in terms[0]
    ):
        # One product of distinct symbols (a layer's weights): nothing to combine. The common case, kept quick.
        return sympy.Mul(*terms[0], evaluate=False) if len(terms[0]) > 1 else terms[0][0]
    coefficients: dict[Any, Any] = {}
    shown: dict[Any, Any] = {}  # a product as its factors were given, for a term that stays alone
    count = 0
    repeats = Counter(terms)  # in order of first appearance; a term repeated a layer at a time is summed once
    for term, times in repeats.items():
        if isinstance(term, tuple):
            value = sympy.Mul(*term)
            if len(term) > 1 and value.is_Mul and not any(f.is_Number for f in term) and len(set(term)) == len(term):
                shown.setdefault(value.as_coeff_Mul()[1], sympy.Mul(*term, evaluate=False))
            term = value
        for part in sympy.Add.make_args(term):
            if part == 0:
                continue
            coefficient, monomial = part.as_coeff_Mul()
            coefficients[monomial] = coefficients.get(monomial, 0) + coefficient * times
            count += times
    parts = [c * m for m, c in coefficients.items() if c != 0]
    if len(parts) < count:
        parts = sympy.Add(*parts).as_ordered_terms()
    else:
        parts = [shown.get(p, p) for p in parts]
    if not parts:
        return sympy.Integer(0)
    if len(parts) == 1:
        return parts[0]
    return sympy.Add(*parts, evaluate=False)


def text_of(size: object) -> str:
    """A size as text: a name as it is, an integer of any size in full, an expression as ``str`` writes it.

    >>> from symcount.symbols import symbol
    >>> text_of("w"), text_of(10**5000)[:3], text_of(10**5000 * symbol("w"))[-4:]
    ('w', '100', '00*w')
    """
    if type(size) is str:
        return size
    if type(size) is int:
        return digits(size)
    return plain(size, built=False)


def size_repr(size: object) -> str:
    """A size as Python writes it in a call: ``'w'``, ``784``, an integer of any size in full.

    >>> size_repr("w"), size_repr(784)
    ("'w'", '784')
    """
    return repr(size) if type(size) is str else text_of(size)


def plain(expr: Any, *, built: bool = True) -> str:
    """``expr`` as Python-syntax text, its integers of any size; its sums in the order they were built
    (an :func:`ordered_sum`), or with ``built=False`` in SymPy's order, as ``str()`` writes them.

    >>> from symcount.symbols import symbol
    >>> plain(795 * symbol("w") + 10, built=False), plain(symbol("w") + 10**5000, built=False)[:8]
    ('795*w + 10', 'w + 1000')
    """
    return str(_plain_printer(built).doprint(expr))


@functools.cache
def _plain_printer_class() -> Any:
    from sympy.printing.str import StrPrinter

    class PlainPrinter(StrPrinter):  # type: ignore[misc]  # SymPy is untyped
        def _print_int(self, expr: int) -> str:
            return digits(expr)

        def _print_Integer(self, expr: Any) -> str:
            return digits(expr.p)

        def _print_Rational(self, expr: Any) -> str:
            return digits(expr.p) if expr.q == 1 else f"{digits(expr.p)}/{digits(expr.q)}"

    return PlainPrinter


def _plain_printer(built: bool = True) -> Any:
    return _plain_printer_class()({"order": "none"} if built else {})


def table(header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[bool]) -> list[str]:
    """Lines of an aligned text table; ``numeric`` columns are right-aligned.

    >>> table(["a", "count"], [["x", "1"], ["long", "22"]], numeric=[False, True])
    ['a     count', 'x         1', 'long     22']
    """
    body = [[c if type(c) is str else digits(c) if type(c) is int else str(c) for c in cast(Sequence[Any], r)] for r in rows]
    columns = list(zip(*body)) if body else [()] * len(header)
    widths = [max([len(h), *map(len, column)]) for h, column in zip(header, columns)]
    # One format for every line: a row is laid out in one call, not one per cell.
    line = "  ".join(f"{{:{'>' if num else '<'}{w}}}" for w, num in zip(widths, numeric)).format
    return [line(*header).rstrip()] + [line(*r).rstrip() for r in body]


def kind_of(obj: Any, kinds: Sequence[str]) -> str | None:
    """The first class along ``obj``'s MRO named in ``kinds``: a subclass renders as its parent.

    By name, so that this module imports none of the modules that define them.
    """
    for cls in type(obj).__mro__:
        if cls.__name__ in kinds:
            return cls.__name__
    return None


def counted(terms: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """Numeric terms with repeats counted, in order: four ``(768, 768)`` become one ``(4, 768, 768)``.

    >>> counted([(768, 768), (768, 768), (3, 768)])
    [(2, 768, 768), (3, 768)]
    """
    seen: dict[tuple[Any, ...], int] = {}
    for t in terms:
        seen[tuple(t)] = seen.get(tuple(t), 0) + 1
    return [((n,) if n > 1 else ()) + t for t, n in seen.items()]
