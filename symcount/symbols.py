"""Widths as SymPy symbols: positive integers named ``h0, h1, ...``.

Every size symcount makes a symbol of is a positive integer, so SymPy can
simplify with that knowledge, and one name always gives the same symbol.

>>> from symcount.symbols import symbol, width_symbols
>>> width_symbols(3)
(h0, h1, h2, h3)
>>> width_symbols(2, name="n", start=1)
(n1, n2, n3)
>>> symbol("w").is_positive, symbol("w").is_integer
(True, True)
"""

from __future__ import annotations

from functools import lru_cache

import sympy

from ._dims import check_count, check_name

__all__ = ["symbol", "width_name", "width_symbols"]


@lru_cache(maxsize=None)
def symbol(name: str) -> sympy.Symbol:
    """The positive-integer symbol called ``name`` (the same object for the same name)."""
    return sympy.Symbol(name, integer=True, positive=True)


def width_name(index: int, name: str = "h", start: int = 0) -> str:
    """The name of width ``index`` (counted from 0) when widths are numbered from ``start``.

    >>> width_name(2), width_name(2, name="n", start=1)
    ('h2', 'n3')
    """
    return f"{name}{index + start}"


def width_symbols(depth: int, name: str = "h", start: int = 0) -> tuple[sympy.Symbol, ...]:
    """The ``depth + 1`` width symbols of a network with ``depth`` weight layers.

    >>> width_symbols(3)
    (h0, h1, h2, h3)
    """
    check_count(depth, "depth", minimum=1)
    check_name(name, "name")
    check_count(start, "start")
    return tuple(symbol(width_name(i, name, start)) for i in range(depth + 1))
