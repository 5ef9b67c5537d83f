"""The homework checker: is this parameter-count formula right, and if not, what is wrong?

>>> import symcount
>>> report = symcount.check("(h0*h1 + h1*h2 + h2*h3 + h4*h5) + [h1+h2+h3+h4+h5]", depth=5)
>>> report.verdict, report.missing, report.extra
('wrong', [h3*h4], [])
>>> print(report.message)
wrong: missing h3*h4
>>> symcount.check(r"784\\times 16+16\\times16+16\\times10=12960", widths=[784, 16, 16, 10]).message
'correct: 12960 is the weights of 784-16-16-10'
>>> symcount.check("16 + 16 = 32", widths=[784, 16, 16, 10]).message
'correct under another bias convention: 32 is the biases of 784-16-16-10 with hidden biases only (no output bias)'
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy

from ._dims import check_count, check_name, check_widths, shown
from ._display import LatexDisplay
from .errors import OptionError
from .layers import BIAS_CONVENTIONS
from .parsing import FormulaSyntaxError, Parsed, parse
from .symbols import symbol

__all__ = ["CheckReport", "check"]

_CONVENTION_WORDS = {
    "all": "biases on every neuron",
    "hidden": "hidden biases only (no output bias)",
    "none": "no biases",
}
_GENERAL_DEPTHS = range(1, 13)  # a general formula is compared at each of these depths


@dataclass
class CheckReport(LatexDisplay):
    """What the checker found. ``verdict`` is ``correct``, ``other_convention``, ``wrong`` or ``arithmetic_slip``.

    >>> r = check("h0*h1 + h1*h2 + h1", depth=2)
    >>> r.verdict, r.convention, r.missing, r.correct
    ('other_convention', 'hidden', [h2], False)
    >>> r.to_dict()["message"]
    'correct under another bias convention: hidden biases only (no output bias); missing h2'
    """

    formula: str
    verdict: str
    message: str
    bias: str
    convention: str | None = None  # the convention the answer matches, if any
    quantity: str | None = None  # for a number: weights, biases or total
    missing: list[Any] = field(default_factory=list)
    extra: list[Any] = field(default_factory=list)
    witness: dict[str, int] = field(default_factory=dict)
    expected: Any = None  # the right formula or number
    expected_text: str = ""  # the right formula in the student's notation
    student: Any = None

    @property
    def correct(self) -> bool:
        """Right for the network and bias convention asked about."""
        return self.verdict == "correct"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: formulas as strings, numbers as integers."""
        return {
            "formula": self.formula,
            "verdict": self.verdict,
            "message": self.message,
            "bias": self.bias,
            "convention": self.convention,
            "quantity": self.quantity,
            "missing": [str(t) for t in self.missing],
            "extra": [str(t) for t in self.extra],
            "witness": self.witness,
            "expected": self.expected_text or _text(self.expected),
        }

    def to_text(self) -> str:
        """The verdict, then the right formula and a witness where the answer is wrong."""
        lines = [self.message]
        if not self.correct and self.expected_text:
            lines.append(f"right: {self.expected_text}")
        if self.witness:
            shown_widths = ", ".join(f"{k}={v}" for k, v in self.witness.items())
            lines.append(f"they differ at {shown_widths}: {self._values_at_witness()}")
        return "\n".join(lines)

    def _values_at_witness(self) -> str:
        subs = {symbol(k): v for k, v in self.witness.items()}
        got = self.student.xreplace(subs)
        want = self.expected.xreplace(subs)
        return f"your formula gives {got}, the count is {want}"


    def __str__(self) -> str:
        return self.to_text()


def check(
    formula: str,
    *,
    depth: int | None = None,
    widths: Sequence[object] | None = None,
    general: bool = False,
    bias: str = "all",
    name: str | None = None,
    start: int | None = None,
) -> CheckReport:
    """Check a parameter-count formula (plain text or LaTeX) against a network.

    Against: ``depth`` (widths ``h0 .. h_depth`` as symbols), ``widths`` (numbers),
    or ``general=True`` (symbolic depth ``l``). With none of them the checker
    reads the depth from the formula. The symbol name and first index are
    inferred from the formula unless ``name`` and ``start`` are given.

    >>> check("h0*h1 + h1*h2 + h1 + h2", depth=2).verdict
    'correct'
    >>> check(r"n_0\\times n_1 + n_1\\times n_2 + \\dots + n_{l-2}\\times n_{l-1} + (n_1+n_2+\\dots + n_{l-1})").verdict
    'correct'
    """
    if bias not in BIAS_CONVENTIONS:
        raise OptionError(f"bias is {shown(bias)}: expected one of {', '.join(map(repr, BIAS_CONVENTIONS))}")
    chosen = [k for k, v in (("depth", depth), ("widths", widths), ("general", general or None)) if v is not None]
    if len(chosen) > 1:
        raise OptionError(f"check against one network: {' and '.join(chosen)} were both given")
    parsed = parse(formula)
    family = _family(parsed, name)
    if widths is not None:
        return _check_numbers(formula, parsed, check_widths(widths), bias, family)
    numeric = all(not side.free_symbols for side in parsed.sides)
    if numeric:
        raise OptionError("a formula of numbers only needs the widths to check it against (widths=[784, 16, 16, 10])")
    symbolic_depth = any(side.has(symbol("l")) for side in parsed.sides)
    if general or (depth is None and symbolic_depth):
        return _check_general(formula, parsed, bias, family, start or 0)
    if symbolic_depth:
        raise OptionError(f"the formula has a symbolic depth l; check it with general=True, not depth={depth}")
    return _check_fixed(formula, parsed, depth, bias, family, start)


# -- notation ------------------------------------------------------------------------


def _family(parsed: Parsed, name: str | None) -> str:
    if name is not None:
        check_name(name, "name")
        if parsed.names and parsed.names != (name,):
            raise OptionError(f"name is {name!r} but the formula's widths are named {', '.join(parsed.names)}")
        return name
    if len(parsed.names) > 1:
        raise OptionError(f"the formula names widths with more than one letter: {', '.join(parsed.names)}")
    return parsed.names[0] if parsed.names else "h"


def _as_symbols(expr: Any) -> Any:
    """Indexed widths with whole-number indices as the symbols ``h0, h1, ...`` of networks."""
    return expr.replace(
        lambda e: isinstance(e, sympy.Indexed) and e.indices[0].is_Integer,
        lambda e: symbol(f"{e.base.label}{e.indices[0]}"),
    )


def _indices(expr: Any) -> list[int]:
    return [int(e.indices[0]) for e in sympy.preorder_traversal(expr) if isinstance(e, sympy.Indexed) and e.indices[0].is_Integer]


def _text(expr: Any) -> str:
    from ._format import plain

    return plain(expr) if expr is not None else ""


# -- a network of fixed depth ----------------------------------------------------------


def _check_fixed(formula: str, parsed: Parsed, depth: int | None, bias: str, family: str, start: int | None) -> CheckReport:
    from .network import mlp

    student = _one_side(parsed, formula).doit()  # sums with numeric bounds, written out
    indices = _indices(student)
    if not indices:
        raise OptionError("the formula names no width; give widths=[...] to check numbers")
    if start is not None:
        first = check_count(start, "start")
    elif depth is not None and max(indices) <= depth:
        first = 0  # the depth is given: number widths from 0 when they fit (h1 alone is h0 .. h1's last)
    else:
        first = min(indices)
    if depth is None:
        depth = max(indices) - first
        if depth < 1:
            raise OptionError("the formula names a single width; give depth= to say which network it counts")
    check_count(depth, "depth", minimum=1)
    outside = [k for k in indices if not first <= k <= first + depth]
    if outside:
        raise OptionError(
            f"the formula names {family}{outside[0]}, outside {family}{first} .. {family}{first + depth} of depth {depth}"
        )
    student = sympy.expand(_as_symbols(student))
    targets = {conv: mlp(depth, bias=conv, name=family, start=first) for conv in BIAS_CONVENTIONS}
    expected = targets[bias].total
    report = CheckReport(formula, "wrong", "", bias, expected=expected, student=student)
    report.expected_text = _notation(targets[bias], parsed)
    matched = [conv for conv in BIAS_CONVENTIONS if sympy.expand(targets[conv].total - student) == 0]
    if bias in matched:
        report.verdict, report.convention, report.message = "correct", bias, "correct"
        return report
    difference = sympy.expand(expected - student)
    report.missing = [t for t in _terms(difference) if _coefficient(t) > 0]
    report.extra = [-t for t in _terms(difference) if _coefficient(t) < 0]
    report.witness = _witness(student, expected)
    if matched:
        report.verdict, report.convention = "other_convention", matched[0]
        report.message = f"correct under another bias convention: {_CONVENTION_WORDS[matched[0]]}; " + _listing(report)
    else:
        report.message = "wrong: " + _listing(report)
    return report


def _one_side(parsed: Parsed, formula: str) -> Any:
    if len(parsed.sides) == 1:
        return parsed.sides[0]
    first = parsed.sides[0]
    for side in parsed.sides[1:]:
        if sympy.expand(_as_symbols(side) - _as_symbols(first)) != 0:
            position = formula.find("=")
            raise FormulaSyntaxError("the two sides of this equation differ", max(position, 0), formula)
    return parsed.sides[-1]


def _terms(expr: Any) -> list[Any]:
    return list(sympy.Add.make_args(expr)) if expr != 0 else []


def _coefficient(term: Any) -> Any:
    return term.as_coeff_Mul()[0]


def _listing(report: CheckReport) -> str:
    parts = []
    if report.missing:
        parts.append("missing " + ", ".join(_text(t) for t in report.missing))
    if report.extra:
        parts.append("extra " + ", ".join(_text(t) for t in report.extra))
    return "; ".join(parts)


def _witness(student: Any, expected: Any) -> dict[str, int]:
    """The smallest positive integer widths at which the two formulas differ.

    Only the widths in the difference vary; every other width is 1.
    """
    order = lambda s: (len(s.name), s.name)  # noqa: E731 -- h2 before h10
    everything = sorted(student.free_symbols | expected.free_symbols, key=order)
    varying = sorted(sympy.expand(student - expected).free_symbols, key=order)
    if len(varying) <= 6:  # at most 3**6 tries
        candidates: Any = (v for top in (1, 2, 3) for v in itertools.product(range(1, top + 1), repeat=len(varying)))
    else:  # many widths: a few patterns keep this quick
        candidates = [tuple(top for _ in varying) for top in (1, 2, 3)] + [tuple(range(2, len(varying) + 2))]
    for values in candidates:
        subs = {s: 1 for s in everything} | dict(zip(varying, values))
        if student.xreplace(subs) != expected.xreplace(subs):
            return {s.name: v for s, v in subs.items()}
    return {}


def _notation(net: Any, parsed: Parsed) -> str:
    """The right formula in the way the student wrote: LaTeX or plain text."""
    if parsed.latex:
        from .printing import latex

        return latex(net, style="expanded")
    from ._format import plain

    return plain(net.summary().formulas()["total"])


# -- the general form ----------------------------------------------------------------


def _check_general(formula: str, parsed: Parsed, bias: str, family: str, start: int) -> CheckReport:
    from .general_form import general
    from .network import mlp

    student = _one_side(parsed, formula)
    l = symbol("l")
    top = _top_index(student)
    if top is None:
        raise OptionError("a general formula needs its last width written with l (such as h_l or n_{l-1})")
    shift = sympy.expand(l - top)  # answer 2 ends at n_{l-1}: its depth in weight layers is l - 1 - start
    if not shift.is_Integer:
        raise OptionError(f"the last width's index {top} is not l minus a whole number")
    report = CheckReport(formula, "wrong", "", bias, student=student)
    g = general(bias, name=family)
    report.expected = g.total
    matched: list[str] = []
    first_difference: tuple[int, Any, Any] | None = None
    for conv in BIAS_CONVENTIONS:
        agrees = True
        for depth in _GENERAL_DEPTHS:
            at_l = depth + start + int(shift)
            mine = sympy.expand(_as_symbols(student.xreplace({l: at_l}).doit()))
            want = mlp(depth, bias=conv, name=family, start=start).total
            if sympy.expand(mine - want) != 0:
                agrees = False
                if conv == bias and first_difference is None:
                    first_difference = (depth, mine, want)
                break
        if agrees:
            matched.append(conv)
    report.expected_text = _general_notation(g, parsed, start, int(shift))
    if bias in matched:
        report.verdict, report.convention = "correct", bias
        report.message = f"correct (checked at every depth from 1 to {_GENERAL_DEPTHS[-1]})"
        return report
    assert first_difference is not None
    depth, mine, want = first_difference
    difference = sympy.expand(want - mine)
    report.missing = [t for t in _terms(difference) if _coefficient(t) > 0]
    report.extra = [-t for t in _terms(difference) if _coefficient(t) < 0]
    report.witness = _witness(mine, want)
    report.student, report.expected = mine, want
    where = f" (at depth {depth}, widths {family}{start}..{family}{start + depth})"
    if matched:
        report.verdict, report.convention = "other_convention", matched[0]
        report.message = f"correct under another bias convention: {_CONVENTION_WORDS[matched[0]]}; {_listing(report)}{where}"
    else:
        report.message = f"wrong: {_listing(report)}{where}"
    return report


def _top_index(expr: Any) -> Any:
    """The largest width index written with ``l`` (a sum's index at its upper bound)."""
    tops = []
    for s in expr.atoms(sympy.Sum):
        (i, _, upper) = s.limits[0]
        for e in s.function.atoms(sympy.Indexed):
            tops.append(e.indices[0].xreplace({i: upper}))
    tops += [e.indices[0] for e in expr.atoms(sympy.Indexed) if not e.indices[0].free_symbols - {symbol("l")}]
    with_l = [t for t in tops if t.has(symbol("l"))]
    return max(with_l, key=lambda t: t.as_coeff_Add()[0]) if with_l else None


def _general_notation(g: Any, parsed: Parsed, start: int, shift: int) -> str:
    from .printing import latex

    last = "l" if shift == 0 else f"l-{shift}"
    style = "ellipsis" if parsed.ellipsis else "sum"
    if parsed.latex:
        return latex(g, style=style, last=last, start=start or None)
    return str(g.form("split").xreplace({g.l: symbol("l") - shift}))



# -- numbers ---------------------------------------------------------------------------


def _check_numbers(formula: str, parsed: Parsed, widths: tuple[Any, ...], bias: str, family: str) -> CheckReport:
    from .network import mlp

    for k, w in enumerate(widths, 1):
        if type(w) is not int:
            raise OptionError(f"width {k} of {len(widths)} is {shown(w)}: widths to check against are integers")
    if any(side.free_symbols for side in parsed.sides):
        # A formula in the widths: check it as a formula of that depth, then by its number.
        report = _check_fixed(formula, parsed, len(widths) - 1, bias, family, None)
        return report
    values = []
    for side in parsed.sides:
        if not side.is_Integer:
            raise FormulaSyntaxError(f"{side} is not a whole number of parameters", 0, formula)
        values.append(int(side))
    shape = "-".join(map(str, widths))
    counts = {conv: mlp(list(widths), bias=conv).summary() for conv in BIAS_CONVENTIONS}
    computed, stated = values[0], values[-1]
    report = CheckReport(formula, "wrong", "", bias, student=sympy.Integer(stated))
    if computed != stated:
        report.verdict = "arithmetic_slip"
        report.expected = sympy.Integer(computed)
        role = _role(computed, counts, bias)
        about = f" ({role})" if role else ""
        report.message = f"arithmetic slip: the sum is {computed}, not {stated}: {_off(stated, computed)}{about}"
        return report
    for conv in [bias] + [c for c in BIAS_CONVENTIONS if c != bias]:
        s = counts[conv]
        for quantity in ("total", "weights", "biases"):
            if getattr(s, quantity) == stated:
                report.quantity, report.convention = quantity, conv
                report.expected = sympy.Integer(getattr(counts[bias], quantity))
                what = f"{stated} is the {quantity} of {shape}"
                if conv == bias or quantity == "weights":
                    report.verdict, report.convention = "correct", bias
                    report.message = f"correct: {what}"
                else:
                    report.verdict = "other_convention"
                    report.message = f"correct under another bias convention: {what} with {_CONVENTION_WORDS[conv]}"
                return report
    s = counts[bias]
    nearest = min(("weights", "biases", "total"), key=lambda q: abs(getattr(s, q) - stated))
    report.expected = sympy.Integer(getattr(s, nearest))
    report.message = (
        f"wrong: {stated} is no count of {shape} (weights {s.weights}, biases {s.biases}, total {s.total} "
        f"with {_CONVENTION_WORDS[bias]}); nearest the {nearest}, {_off(stated, getattr(s, nearest))}"
    )
    return report


def _off(stated: int, right: int) -> str:
    return f"{abs(stated - right)} too {'small' if stated < right else 'large'}"


def _role(value: int, counts: dict[str, Any], bias: str) -> str:
    for quantity in ("total", "weights", "biases"):
        if getattr(counts[bias], quantity) == value:
            return f"which is the right {quantity}"
    return ""
