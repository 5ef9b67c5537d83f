"""Presentation forms of a count: the algebra a paper does before it prints a formula.

Each form is computed by SymPy from a summary's public records and returned
as data (lists of terms, components), which every renderer then prints as
it is: the LaTeX printer, text and pretty print alike.

- ``collected``: like terms combined, by degree, coefficients first;
- ``factored``: each repeated block as ``L (12 d^2 + 13 d)``, the rest grouped
  by what its terms share: ``(V + P + 2) d``, ``(h_0 + 1) h_1``;
- ``components``: a value per named component, a repeated block with its parts.

Terms of equal degree keep the order in which the layers first bring them,
so the embeddings come before the head, the input layer before the output.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import sympy

if TYPE_CHECKING:
    from .network import LayerRecord

__all__ = ["Component", "Factored", "collected", "components", "degree", "factored", "is_written_out"]


def is_written_out(expr: Any) -> bool:
    """A sum of terms each a number times powers of widths: what ``sympy.expand`` would return as it is.

    Checked because SymPy's expand takes as long again on a formula already written out (most are).
    """
    for term in sympy.Add.make_args(expr):
        for factor in sympy.Mul.make_args(term):
            base = factor.base if factor.is_Pow and factor.exp.is_Integer and factor.exp > 0 else factor
            if not (base.is_Rational or base.is_Symbol or isinstance(base, sympy.Indexed)):
                return False
    return True


def degree(monomial: Any) -> Any:
    """The total degree of a monomial in its symbols (``2 n_kv d^2 / n_h`` has degree 2)."""
    total = 0
    for base, exp in monomial.as_powers_dict().items():
        if base.is_Symbol or base.is_Indexed:
            total += exp
    return total


def _order_key(monomial: Any) -> Any:
    d = sympy.sympify(degree(monomial))
    return -d if d.is_number else 0


def collected(terms: Iterable[Any]) -> list[Any]:
    """The terms of a sum with like terms combined: highest degree first, then in order of appearance.

    >>> from symcount.symbols import symbol
    >>> V, d, L = symbol("V"), symbol("d"), symbol("L")
    >>> collected([V * d, 4 * L * d**2, L * d, 8 * L * d**2, L * d, 2 * d])
    [12*L*d**2, V*d, 2*L*d, 2*d]
    """
    coefficients: dict[Any, Any] = {}
    for term in terms:
        for part in sympy.Add.make_args(sympy.expand(term)):
            if part == 0:
                continue
            c, m = part.as_coeff_Mul()
            coefficients[m] = coefficients.get(m, 0) + c
    items = [(m, c) for m, c in coefficients.items() if c != 0]
    items.sort(key=lambda mc: _order_key(mc[0]))  # stable: ties keep their order of appearance
    return [c * m for m, c in items]


@dataclass(frozen=True)
class Factored:
    """One term of a factored form: ``coefficient (inner_1 + inner_2 + ...) outer``.

    ``inner`` holds one term where nothing was factored out.
    """

    coefficient: Any
    inner: tuple[Any, ...]
    outer: Any
    outer_first: bool = False  # a repeated block's multiplier leads: L (12 d^2 + 13 d)

    @property
    def value(self) -> Any:
        return self.coefficient * sympy.Add(*self.inner) * self.outer


def _record_terms(record: LayerRecord, scaled: bool) -> list[Any]:
    terms = (record.scaled if scaled else lambda role: getattr(record.terms, role))
    return [sympy.Mul(*t) for role in ("weights", "biases") for t in terms(role)]


def factored(records: Sequence[LayerRecord]) -> list[Factored]:
    """The count grouped by what repeats.

    A repeated block becomes ``times (its collected count)``. Of the rest, a
    row of several terms is factored on its own (``(h_0 + 1) h_1``, an LSTM's
    ``4 (d + h + 2) h``); single terms are grouped by the symbol most of them
    share (``(V + P + 2) d``).
    """
    groups: dict[Any, list[Any]] = {}
    rest: list[LayerRecord] = []
    by_label: dict[str, list[LayerRecord]] = {}
    for r in records:
        by_label.setdefault(_label(r, 0), []).append(r)
    # A block's count: the times its rows share (its experts repeat within it: L E instances are L blocks).
    block_times = {label: _common_times(rows) for label, rows in by_label.items()}
    for r in records:
        if type(r.times) is int and r.times == 1:
            rest.append(r)
            continue
        times = block_times[_label(r, 0)]
        if type(times) is int and times == 1:
            times = r.times
        within = sympy.cancel(sympy.sympify(r.times) / times)
        groups.setdefault(times, []).extend(within * t for t in _record_terms(r, scaled=False))
    out: list[Factored] = []
    for times, terms in groups.items():
        inner = collected(terms)
        if inner:
            out.append(Factored(sympy.Integer(1), tuple(inner), sympy.sympify(times), outer_first=True))
    singles: list[Any] = []
    for r in rest:
        terms = collected(_record_terms(r, scaled=True))
        if len(terms) > 1:
            out.append(_common(terms))
        else:
            singles += terms
    out += _by_shared_symbol(collected(singles))
    # Rows alike (w -> w -> w: (w + 1) w twice) are one term, counted: 2 (w + 1) w.
    merged: dict[tuple[Any, ...], Factored] = {}
    for f in out:
        key = (f.inner, f.outer, f.outer_first)
        if key in merged and len(f.inner) > 1:
            merged[key] = replace(merged[key], coefficient=merged[key].coefficient + f.coefficient)
        else:
            merged[key if len(f.inner) > 1 else (id(f),)] = f
    out = list(merged.values())
    out.sort(key=_leading)
    return out


def _leading(f: Factored) -> Any:
    """Sort key of a factored term: its highest degree first."""
    keys = [_order_key(t.as_coeff_Mul()[1]) for t in sympy.Add.make_args(sympy.expand(f.value))]
    return min(keys)


def _common(terms: list[Any]) -> Factored:
    """``terms`` with their common factor taken out: ``h_0 h_1 + h_1`` as ``(h_0 + 1) h_1``."""
    coefficient, rest = sympy.factor_terms(sympy.Add(*terms)).as_coeff_Mul()
    factors = sympy.Mul.make_args(rest)
    sums = [f for f in factors if f.is_Add]
    outer = sympy.Mul(*[f for f in factors if not f.is_Add])
    if len(sums) != 1 or (coefficient == 1 and outer == 1):
        return Factored(sympy.Integer(1), tuple(terms), sympy.Integer(1))
    inner = tuple(sympy.expand(t / (coefficient * outer)) for t in terms)
    return Factored(sympy.Integer(coefficient), inner, outer)


def _by_shared_symbol(terms: list[Any]) -> list[Factored]:
    """Single terms grouped by the power of the symbol most of them contain: ``V d + P d + 2 d`` as ``(V + P + 2) d``."""
    counts: dict[Any, int] = {}
    for t in terms:
        for s in sorted(t.free_symbols, key=str):
            counts[s] = counts.get(s, 0) + 1
    shared = max(counts, key=lambda s: counts[s], default=None)
    if shared is None or counts[shared] < 2:
        return [Factored(sympy.Integer(1), (t,), sympy.Integer(1)) for t in terms]
    by_power: dict[Any, list[Any]] = {}
    others: list[Any] = []
    for t in terms:
        power = t.as_powers_dict().get(shared, 0)
        if power and power.is_Integer and power > 0:
            by_power.setdefault(shared**power, []).append(sympy.expand(t / shared**power))
        else:
            others.append(t)
    out = []
    for outer, inner in by_power.items():
        if len(inner) > 1:
            out.append(Factored(sympy.Integer(1), tuple(inner), outer))
        else:
            out.append(Factored(sympy.Integer(1), (inner[0] * outer,), sympy.Integer(1)))
    return out + [Factored(sympy.Integer(1), (t,), sympy.Integer(1)) for t in others]


@dataclass(frozen=True)
class Component:
    """One line of a breakdown: a named component, its count (one instance's, for a repeated block).

    ``level`` is 0 for a component and 1 for a part of a repeated block;
    ``times`` how many instances there are; ``tied_to`` the component whose
    weight a tied one shares.
    """

    label: str
    terms: tuple[Any, ...]  # collected, in order
    times: Any = 1
    level: int = 0
    tied_to: str | None = None
    parts: tuple[Component, ...] = field(default=())

    @property
    def value(self) -> Any:
        """The component's count (one instance's, for a repeated block)."""
        return sympy.Add(*self.terms)


def _label(record: LayerRecord, depth: int) -> str:
    segments = record.name.split(".") if record.name else []
    if len(segments) > depth:
        return segments[depth].replace("_", " ")
    return f"layer {record.index} ({record.kind})" if depth == 0 else record.kind


def components(records: Sequence[LayerRecord]) -> list[Component]:
    """A component per first segment of the rows' names (a row per unnamed row), in order.

    A repeated component lists one instance's count and its parts (by the
    second segment of their names).
    """
    order: dict[str, list[LayerRecord]] = {}
    for r in records:
        order.setdefault(_label(r, 0), []).append(r)
    out = []
    for label, rows in order.items():
        times = _common_times(rows)
        scaled = not (type(times) is int and times == 1)

        def instance(r: LayerRecord) -> list[Any]:
            """One instance's terms of the block, a row repeated within it (a mixture's experts) included."""
            if not scaled:
                return _record_terms(r, scaled=True)
            within = sympy.cancel(sympy.sympify(r.times) / times)
            return [within * t for t in _record_terms(r, scaled=False)]

        value = tuple(collected(t for r in rows for t in instance(r)))
        tied = rows[0].tied_to if all(r.tied_to for r in rows) else None
        parts: tuple[Component, ...] = ()
        if scaled:
            sub: dict[str, list[LayerRecord]] = {}
            for r in rows:
                sub.setdefault(_label(r, 1), []).append(r)
            if len(sub) > 1:
                parts = tuple(
                    Component(name, tuple(collected(t for r in rs for t in instance(r))), level=1)
                    for name, rs in sub.items()
                )
        out.append(Component(label, value, times, 0, tied, parts))
    return out


def _common_times(rows: Sequence[LayerRecord]) -> Any:
    """The repeat count every row of a component shares: each row's times is it, or a multiple of it.

    A mixture's experts repeat within a block: ``L`` blocks of ``E`` experts
    are ``L E`` instances, and the block is still ``L`` times one block.
    """
    values = list(dict.fromkeys(r.times for r in rows))
    for base in values:
        if type(base) is int and base == 1:
            continue
        if all(_divides(base, t) for t in values):
            return base
    return 1


def _divides(base: Any, t: Any) -> bool:
    if type(base) is int and type(t) is int:
        return t % base == 0
    quotient = sympy.cancel(sympy.sympify(t) / base)
    return bool(quotient.is_polynomial()) and sympy.fraction(quotient)[1] == 1
