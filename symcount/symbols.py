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

from collections.abc import Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any, NoReturn

import sympy
from sympy.core.parameters import global_parameters as _global_parameters

_Symbol, _Mul = sympy.Symbol, sympy.Mul
_Add: Any = sympy.Add
_SYMBOL_CLASSES = frozenset(_Symbol.__mro__)  # where SymPy would look for a symbol's constructor postprocessors

from ._dims import INDEX_LIMIT, SIZE_ASSUMPTIONS, check_count, check_family, check_index, is_name, shown

__all__ = ["SUM_INDEX", "as_sympy", "dense_form", "flat_sum", "indexed", "product", "symbol", "width_name", "width_symbols"]

#: The summation index of every \\sum symcount writes.
SUM_INDEX = sympy.Symbol("i", integer=True)


def symbol(name: str) -> sympy.Symbol:
    """The positive-integer symbol called ``name`` (the same object for the same name).

    ``name`` is a size name: a letter, then letters, digits or ``_``.
    """
    try:
        return _symbol(name)
    except TypeError:  # unhashable: never a name
        return _refused(name)


@lru_cache(maxsize=None)
def _symbol(name: str) -> sympy.Symbol:
    if type(name) is not str or not is_name(name):
        return _refused(name)
    return sympy.Symbol(name, **SIZE_ASSUMPTIONS)


def _refused(name: object) -> NoReturn:
    from .errors import OptionError

    raise OptionError(f"name is {shown(name)}: expected a size name, a letter then letters, digits or _")


def as_sympy(size: Any) -> Any:
    """A size as a SymPy object: an Integer, a positive-integer symbol, or the expression itself.

    >>> as_sympy(784), as_sympy("w"), as_sympy(symbol("w") + 1)
    (784, w, w + 1)
    """
    if type(size) is str:
        return symbol(size)
    if type(size) is int:
        return sympy.Integer(size)
    return size


def product(factors: Sequence[Any]) -> Any:
    """``sympy.Mul(*factors)``: a term's factors multiplied, the same object SymPy builds.

    A dense row's weight term is two distinct symbols (fan-in times fan-out).
    That Mul is built directly, its factors in SymPy's canonical order
    (``Basic.compare``, as ``Mul.flatten`` sorts them), because the general
    flattening costs more than the rest of a deep network's build together.
    Anything else, and any call under ``sympy.evaluate(False)``, goes to ``Mul``.

    >>> product((symbol("h10"), symbol("h9"))) == sympy.Mul(symbol("h10"), symbol("h9"))
    True
    """
    if len(factors) == 2:
        a, b = factors
        if type(a) is _Symbol and type(b) is _Symbol and a.is_commutative and b.is_commutative:
            order = a.compare(b)  # 0 for the same symbol: Mul makes it a square
            if order and _global_parameters.evaluate:
                mul = sympy.Mul._from_args((a, b) if order < 0 else (b, a), True)
                if _SYMBOL_CLASSES.isdisjoint(sympy.Basic._constructor_postprocessor_mapping):
                    return mul
                return sympy.Mul._exec_constructor_postprocessors(mul)  # as Mul.__new__ does, where one applies
    elif len(factors) == 1 and isinstance(factors[0], sympy.Basic):
        return factors[0]  # Mul of one argument returns it
    return sympy.Mul(*factors)


def flat_sum(terms: Sequence[Any]) -> Any:
    """``sympy.Add(*terms)``: one flat sum, however many terms, equal to the object SymPy builds.

    Add sorts its terms by ``Basic.compare``, a Python call per comparison and
    n log n of them. Symbols and products of symbols (every term of a dense
    stack) are handed over already in that order, found from their names at C
    speed, so Add's sort meets one run and checks it in n - 1 comparisons.
    The order only saves time: Add sorts the terms either way. A sum of more
    than two terms comes back as :class:`_PrintableAdd`, whose printers order
    its terms in n log n.

    >>> flat_sum([symbol("h1"), symbol("h0") * symbol("h1"), symbol("h10")])
    h0*h1 + h1 + h10
    """
    if len(terms) < 2:  # a row's lone term, or none: Add returns it, or zero
        return terms[0] if terms and isinstance(terms[0], sympy.Basic) else sympy.Add(*terms)
    keys = list(map(_order_key, terms))
    if None not in keys:
        terms = [t for _, t in sorted(zip(keys, terms), key=itemgetter(0))]
    total = sympy.Add(*terms)
    if type(total) is sympy.Add and len(total.args) > 2:
        return _PrintableAdd._from_args(total.args, total.is_commutative)
    return total


class _PrintableAdd(sympy.Add):  # type: ignore[misc]  # SymPy is untyped
    """SymPy's ``Add`` in every respect but the time its printers take to order its terms.

    ``str()``, ``latex()`` and ``pretty()`` order a sum's terms with
    ``Expr.as_ordered_terms``, which writes each term's monomial as a vector
    over all the sum's symbols: time and memory go as terms times symbols, 27 s
    and 3 GB for a 10,000-layer network's total. Here the same lexicographic
    order comes from each term's own powers (sparse), in n log n, and the
    printed text is SymPy's, character for character (a test draws thousands of
    sums to compare). Anything else (an order asked for, a coefficient that is
    no rational, a power that is not a positive integer) goes to SymPy's own.

    The class is named ``Add``: ``hash``, ``srepr`` and SymPy's class order
    read that name, so it hashes, compares and prints as SymPy's ``Add``; ``func``
    is SymPy's, so whatever is rebuilt from it is a plain ``Add``.
    """

    __slots__ = ()

    @property
    def func(self) -> Any:
        return sympy.Add

    def __eq__(self, other: object) -> bool:
        if type(other) is sympy.Add:  # Basic.__eq__ compares types: compare as SymPy's own
            return _Add._from_args(self.args, self.is_commutative) == other  # type: ignore[no-any-return]
        return super().__eq__(other)  # type: ignore[no-any-return]  # NotImplemented for a non-SymPy value, as SymPy's

    __hash__ = sympy.Add.__hash__

    def as_ordered_terms(self, order: Any = None, data: bool = False) -> Any:
        if order is not None or data or len(self.args) <= 2:  # two terms: SymPy spots 1 - x there
            return super().as_ordered_terms(order, data)
        from sympy.core.exprtools import decompose_power
        from sympy.core.sorting import default_sort_key

        terms: list[tuple[Any, dict[Any, int]]] = []
        generators: set[Any] = set()
        for term in self.args:
            coefficient, rest = term.as_coeff_Mul()
            if not coefficient.is_Rational:
                return super().as_ordered_terms(order, data)
            powers: dict[Any, int] = {}
            if rest is not sympy.S.One:
                for factor in sympy.Mul.make_args(rest):
                    if factor.is_number or not factor.is_commutative:
                        return super().as_ordered_terms(order, data)
                    base, exp = decompose_power(factor)
                    if type(exp) is not int or exp <= 0 or base in powers:
                        return super().as_ordered_terms(order, data)
                    powers[base] = exp
            terms.append((term, powers))
            generators.update(powers)
        ranked = sorted(generators, key=default_sort_key)
        if len({default_sort_key(g) for g in ranked}) < len(ranked):
            # Two symbols of one name (different assumptions) tie in SymPy's order, which then
            # depends on a set's iteration: SymPy's own settles it as it does.
            return super().as_ordered_terms(order, data)
        place = {g: k for k, g in enumerate(ranked)}

        def key(item: tuple[Any, dict[Any, int]]) -> tuple[tuple[int, int], ...]:
            # Descending lex order of the dense exponent vectors, from the sparse ones: at the first
            # symbol (in SymPy's order) where two terms differ, the higher power first; a symbol one
            # term has and the other lacks puts the first ahead. (-place, power) pairs sorted by
            # place compare exactly so, and a shorter tuple (fewer symbols) ranks lower.
            return tuple((-j, e) for j, e in sorted((place[b], e) for b, e in item[1].items()))

        return [t for t, _ in sorted(terms, key=key, reverse=True)]


_PrintableAdd.__name__ = "Add"  # see the docstring: hash, srepr and class order read the name


def _order_key(term: Any) -> tuple[int, int, tuple[str, ...]] | None:
    """Where ``Basic.compare`` puts a symbol or a product of symbols among such terms, or None for any other.

    Symbols come before products (SymPy's order of classes); products with
    fewer factors first; then the names, factor by factor (a product's factors
    are in that order already). Symbols of one name and different assumptions
    tie here, and SymPy's own sort settles them.
    """
    kind = type(term)
    if kind is _Symbol:
        return (0, 1, (term.name,))
    if kind is _Mul:
        names = tuple([f.name for f in term.args if type(f) is _Symbol])
        if len(names) == len(term.args):
            return (1, len(names), names)
    return None


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
    check_count(depth, "depth", minimum=1, maximum=INDEX_LIMIT)
    check_family(name, "name")
    check_index(start, "start")
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
