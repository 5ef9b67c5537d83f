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
from typing import Any

import sympy

from ._dims import check_count, check_name

__all__ = ["SUM_INDEX", "dense_form", "indexed", "symbol", "width_name", "width_symbols"]

#: The summation index of every \\sum symcount writes.
SUM_INDEX = sympy.Symbol("i", integer=True)


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


@lru_cache(maxsize=None)
def indexed(name: str) -> sympy.IndexedBase:
    """The indexed family of positive-integer widths called ``name`` (``h[0], h[1], ...``)."""
    return sympy.IndexedBase(name, integer=True, positive=True)


def dense_form(kind: str, bias: str, name: str, last: Any, start: int = 0) -> sympy.Expr:
    """A fully connected network's count in \\sum notation: widths ``name[start] .. name[start + last]``.

    ``kind`` is ``"weights"``, ``"biases"``, ``"split"`` (the two sums, the
    forum's shape), ``"combined"`` (one sum) or ``"per_neuron"`` (fan-in + 1
    per neuron); ``bias`` a convention (``"all"``, ``"hidden"``, ``"none"``);
    ``last`` the depth, a number or a SymPy expression such as ``l``.

    >>> dense_form("split", "all", "h", symbol("l"))
    Sum(h[i - 1]*h[i], (i, 1, l)) + Sum(h[i], (i, 1, l))
    >>> dense_form("per_neuron", "hidden", "n", 3, start=1)
    n[3]*n[4] + Sum((n[i] + 1)*n[i + 1], (i, 1, 2))
    """
    h, i = indexed(name), SUM_INDEX
    l = sympy.Integer(last) if isinstance(last, int) else last

    def w(k: sympy.Expr) -> sympy.Expr:
        return h[k + start]

    def total(summand: sympy.Expr, upper: sympy.Expr) -> sympy.Expr:
        return sympy.Sum(summand, (i, 1, upper))

    weights = total(w(i - 1) * w(i), l)
    biases = {"all": total(w(i), l), "hidden": total(w(i), l - 1), "none": sympy.Integer(0)}[bias]
    if kind == "weights":
        return weights
    if kind == "biases":
        return biases
    if kind == "split":
        return sympy.Add(weights, biases)
    bias_term, last_layer = {"all": (1, l), "hidden": (1, l - 1), "none": (0, l)}[bias]
    if kind == "combined":
        summand = w(i - 1) * w(i) + bias_term * w(i)
    elif kind == "per_neuron":
        summand = w(i) * (w(i - 1) + bias_term)
    else:
        raise ValueError(f"no sum form {kind!r}")  # callers validate the form
    # Without output biases the last layer has weights only: it stands apart.
    outside = w(l - 1) * w(l) if last_layer != l else 0
    return sympy.Add(outside, total(summand, last_layer))
