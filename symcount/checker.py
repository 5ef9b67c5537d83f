"""The homework checker: is this parameter-count formula right, and if not, what is wrong?

>>> import symcount
>>> report = symcount.check("(h0*h1 + h1*h2 + h2*h3 + h4*h5) + [h1+h2+h3+h4+h5]", depth=5)
>>> report.verdict, report.missing, report.extra
('wrong', (h3*h4,), ())
>>> print(report.message)
wrong: missing h3*h4
>>> symcount.check(r"784\\times 16+16\\times16+16\\times10=12960", widths=[784, 16, 16, 10]).message
'correct: 12960 is the weights of 784-16-16-10'
>>> symcount.check("16 + 16 = 32", widths=[784, 16, 16, 10]).message
'correct under another bias convention: 32 is the biases of 784-16-16-10 with hidden biases only (no output bias)'
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from dataclasses import dataclass, field, replace
from typing import Any

import sympy

from ._dims import check_choice, check_count, check_family, check_index, check_widths, shown
from ._display import LatexDisplay
from ._dims import digits
from ._options import CHECK_CONVENTIONS, CHECK_TARGETS, LISTED
from .errors import FormulaError, FormulaSyntaxError, OptionError, SymcountError, UnsupportedError
from .parsing import LIMITS, Parsed, parse, stated_count, written_out, written_terms
from .symbols import symbol

__all__ = ["CheckReport", "check"]

BIAS_CONVENTIONS = CHECK_CONVENTIONS["mlp"]
_GENERAL_DEPTHS = range(1, 13)  # a general formula is compared at each of these depths
_WITNESS_WORK = 50_000  # the search for widths at which two formulas differ: tries times the difference's terms
_WORDED_TERMS = 200  # the most terms a formula written in words is read again for (it has been read letter by letter)
_INFERENCE_WORK = 50_000  # formula symbols matched to sizes by trying each assignment: tries times the formula's terms


@dataclass(frozen=True, repr=False)
class CheckReport(LatexDisplay):
    """What the checker found, as a value. ``verdict`` is ``correct``, ``other_convention``, ``wrong`` or ``arithmetic_slip``.

    The message is derived from the fields, never stored beside them.

    >>> r = check("h0*h1 + h1*h2 + h1", depth=2)
    >>> r.verdict, r.convention, r.missing, r.correct
    ('other_convention', 'hidden', (h2,), False)
    >>> r.to_dict()["message"]
    'correct under another bias convention: hidden biases only (no output bias); missing h2'
    """

    formula: str  # as written
    verdict: str
    bias: str  # the convention asked for
    convention: str | None = None  # the convention the answer matches, if any
    conventions: Mapping[str, str] = field(default_factory=lambda: dict(BIAS_CONVENTIONS))  # the target's, in words
    quantity: str | None = None  # for a number: weights, biases or total
    statement: str = ""  # for a number: what it is ("12960 is the weights of 784-16-16-10")
    missing: tuple[Any, ...] = ()
    extra: tuple[Any, ...] = ()
    where: str = ""  # where a general formula first differs
    witness: Mapping[str, int] = field(default_factory=dict)
    expected: Any = None  # the right formula or number
    expected_text: str = ""  # the right formula in the student's notation
    student: Any = None
    target: str = ""  # what the formula was checked against, in words
    notes: tuple[str, ...] = ()  # how the formula was read, where a reader could read it otherwise
    detail: str = ""  # how a general formula was checked

    @property
    def correct(self) -> bool:
        """Right for the network and bias convention asked about."""
        return self.verdict == "correct"

    @property
    def message(self) -> str:
        """One line: the verdict, what differs, and how the formula was read."""
        listing = _listing(self.missing, self.extra)
        if self.verdict == "correct":
            head = "correct" + (f": {self.statement}" if self.statement else "")
        elif self.verdict == "arithmetic_slip":
            head = f"arithmetic slip: {self.statement}"
        elif self.verdict == "other_convention":
            words = self.conventions.get(self.convention or "", self.convention or "")
            what = f"{self.statement} with {words}" if self.statement else words
            kind = "bias convention" if set(self.conventions) & {"all", "torch", "bias"} else "convention"
            head = f"correct under another {kind}: {what}" + (f"; {listing}" if listing else "") + self.where
        else:
            head = "wrong: " + (self.statement or listing) + self.where
        extra = [*self.notes, self.detail] if self.verdict == "correct" else list(self.notes)
        extra = [e for e in extra if e]
        return head + (f" ({'; '.join(extra)})" if extra else "")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: formulas as strings, numbers as integers."""
        return {
            "formula": self.formula,
            "verdict": self.verdict,
            "message": self.message,
            "bias": self.bias,
            "convention": self.convention,
            "quantity": self.quantity,
            "target": self.target,
            "missing": [_text(t) for t in self.missing],
            "extra": [_text(t) for t in self.extra],
            "witness": dict(self.witness),
            "notes": list(self.notes),
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
        return f"your formula gives {_text(got)}, the count is {_text(want)}"

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        return f"CheckReport(formula={shown(self.formula)}, verdict={self.verdict!r}, message={shown(self.message)})"


def check(
    formula: str,
    against: object = None,
    *,
    depth: int | None = None,
    widths: Sequence[object] | None = None,
    general: bool = False,
    bias: str | None = None,
    name: str | None = None,
    start: int | None = None,
    last: str | None = None,
    map: Mapping[str, str] | None = None,  # noqa: A002 -- the word users know from --map
) -> CheckReport:
    """Check a parameter-count formula (plain text, LaTeX or pasted Unicode) against a network.

    Against a fully connected network: ``depth`` (widths ``h0 .. h_depth`` as symbols),
    ``widths`` (numbers), or ``general=True`` (symbolic depth ``l``). With none of them
    the network is read from the formula. A formula with a symbolic depth counts the
    question's network, widths ``h_0 .. h_l`` in the formula's letter, the output ``h_l``
    (Ng's ``n^{[0]} .. n^{[L]}`` alike): one that stops at ``h_{l-1}`` is wrong. Where
    the widths are numbered otherwise, say so with ``last``: answer 2's ``n_0 .. n_{l-1}``
    is ``last="l-1"``; ``start`` gives the first width's index.

    ``against`` is another target: a short spec (``"lstm d h"``, ``"conv2d c_in c_out k"``,
    ``"attention d"``, ``"transformer-block d"``, ``"gpt2"``; see ``CHECK_TARGETS``), a layer
    or a :class:`Network`; ``"mlp"`` is the question's network in any letter. The formula's
    symbols are matched to the target's sizes by name, by ``map`` (``{"n": "hidden_size"}``),
    or, failing both, inferred and stated. ``bias`` is the convention asked for (the target's
    first by default: ``all`` for a network, ``torch`` for an RNN, ``bias`` for a conv).

    >>> check("h0*h1 + h1*h2 + h1 + h2", depth=2).verdict
    'correct'
    >>> check(r"n_0\\times n_1 + n_1\\times n_2 + \\dots + n_{l-2}\\times n_{l-1} + (n_1+n_2+\\dots + n_{l-1})", last="l-1").verdict
    'correct'
    >>> print(check("4(h(h+d)+h)", against="lstm d h").message)
    correct under another bias convention: Keras's convention (one bias vector per gate); missing 4*h
    """
    if not isinstance(formula, str):
        raise OptionError(f"formula is {shown(formula)}: expected the formula as text, such as 'h0*h1 + h1'")
    if depth is not None:
        _checked_depth(check_count(depth, "depth", minimum=1))
    if map is not None and (
        not isinstance(map, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in map.items())
    ):
        raise OptionError(f"map is {shown(map)}: expected a mapping of the formula's symbols to the target's sizes, such as {{'n': 'hidden_size'}}")
    chosen = [k for k, v in (("depth", depth), ("widths", widths), ("general", general or None)) if v is not None]
    if len(chosen) > 1:
        raise OptionError(f"check against one network: {' and '.join(chosen)} were both given")
    if against is not None and not (isinstance(against, str) and against.strip() == "mlp"):
        given = chosen + [k for k, v in (("name", name), ("start", start), ("last", last)) if v is not None]
        if given:
            raise OptionError(f"{given[0]} is for a fully connected network, not against={shown(against)}")
        return _check_target(formula, against, bias, map)
    if bias is None:
        bias = "all"
    check_choice(bias, "bias", BIAS_CONVENTIONS)
    # Against numbers, a sentence around the worked sum is words about it: no letter there is a width.
    as_sizes = depth is not None and not (general or start or last or name)
    try:
        parsed = parse(formula, prose=widths is not None, rounded=True)
    except FormulaSyntaxError as unread:
        if widths is not None:
            claim = _stated(formula, unread)
            report = check(claim, widths=widths, bias=bias, name=name)
            return replace(report, formula=formula, notes=(*report.notes, _stated_note(claim)))
        if not as_sizes:
            raise
        # Widths written as words (output_size * (input_size + 1), in\_features): read as a layer's sizes.
        try:
            return _check_letters(formula, check_count(depth, "depth", minimum=1), bias, map)
        except UnsupportedError as words:
            raise words from None
        except SymcountError:
            raise unread from None
    if parsed.others and as_sizes:
        # Letters with no index, a network of given depth: n(d+1), (i x h + h x o) + (h + o), (I+1) H1 + ...
        # The letters are matched to its widths as a target's sizes are (by map=, or inferred and stated),
        # refused where none fits.
        return _check_letters(formula, check_count(depth, "depth", minimum=1), bias, map)
    if map:
        raise OptionError("map= matches a formula's symbols to a target's sizes: give against= (or depth= for letters with no index)")
    parsed, rounded = _settle_rounded(parsed, formula)
    if not parsed.sides:  # only a rounded count: 124.4M
        if widths is None:
            raise OptionError(f"{rounded[-1][0]} is a count: give the widths to check it against (widths=[784, 16, 16, 10])")
        from .network import mlp

        shape = tuple(int(w) for w in check_widths(widths))
        return _rounded_report(formula, rounded, int(mlp(list(shape), bias=bias).summary().total), bias,
                               f"the network {'-'.join(digits(w) for w in shape)}", BIAS_CONVENTIONS)
    at_widths = None
    if rounded and widths is not None and any(side.free_symbols for side in parsed.sides):
        # h_0 h_1 + h_1 ≈ 1M with widths: the rounded side checked against the formula's value at the widths
        at = check_widths(widths)
        side = written_out(parsed.sides[-1])
        at_widths = side.xreplace({e: at[int(e.indices[0])] for e in side.atoms(sympy.Indexed)
                                   if e.indices[0].is_Integer and 0 <= int(e.indices[0]) < len(at)})
        if not at_widths.is_Integer:
            raise UnsupportedError(f"{rounded[-1][0]}: a rounded count beside a formula not of the widths h_0 .. h_{len(at) - 1}")
        for said, value, precision in rounded:
            if abs(at_widths - value) > precision:
                raise FormulaError(f"the two sides of this equation differ: {digits(int(at_widths))} does not round to {said}")
    layer_note: tuple[str, ...] = ()
    if start is None and parsed.first is not None:
        start = parsed.first
    if parsed.layer_index is not None:  # n_i .. n_{i+1}: a formula for any one layer, here the network's
        parsed, layer_note = _one_layer(parsed, depth if widths is None else len(check_widths(widths)) - 1, start)
    report = _check_network(formula, parsed, depth, widths, general, bias, name, start, last)
    return replace(report, notes=(*layer_note, *report.notes, *_reading_notes(parsed, rounded, at_widths)))


def _one_layer(parsed: Parsed, depth: int | None, start: int | None) -> tuple[Parsed, tuple[str, ...]]:
    """A formula in a layer index (``n_i (n_{i+1}) + n_{i+1}``) as the formula of a network of that many layers."""
    i = parsed.layer_index
    letter = parsed.names[0] if parsed.names else "h"
    indices = {e.indices[0] - i for side in parsed.sides for e in side.atoms(sympy.Indexed)}
    if not indices or any(not k.is_Integer for k in indices):
        raise OptionError(f"one layer's widths are written {letter}_{i.name} plus or minus a whole number "
                          f"({letter}_{i.name}, {letter}_{{{i.name}+1}}), each of them")
    offsets = sorted(int(k) for k in indices)
    span = offsets[-1] - offsets[0]

    def shown_index(k: int) -> str:
        return f"{letter}_{{{i.name}{k:+d}}}" if k else f"{letter}_{i.name}"

    said = " .. ".join(shown_index(k) for k in (offsets[0], offsets[-1]))
    if depth is None or depth != span:
        given = "no depth was given" if depth is None else f"not depth={depth}"
        raise OptionError(f"the formula counts {span} layer{'s' if span > 1 else ''} anywhere in a network, widths {said}; "
                          f"{given}: check it with depth={span}")
    first = 0 if start is None else start
    at = sympy.Integer(first - offsets[0])
    sides = tuple(side.xreplace({i: at}) for side in parsed.sides)
    return replace(parsed, sides=sides, layer_index=None), (f"read widths {said}, anywhere in a network, as {letter}{first} .. {letter}{first + span}",)


def _check_network(formula: str, parsed: Parsed, depth: int | None, widths: Sequence[object] | None, general: bool,
                   bias: str, name: str | None, start: int | None, last: str | None) -> CheckReport:
    """Against a fully connected network, a formula read (its rounded sides set aside)."""
    if parsed.others:
        letters = ", ".join(parsed.others)
        raise UnsupportedError(
            f"{letters} {'is' if len(parsed.others) == 1 else 'are'} not a width of a fully connected network "
            f"(widths are written with an index: h_0, h_1, ..., h_l): a formula for another layer? "
            f"Check it against that layer, e.g. against='lstm d h' or 'transformer-block d'"
        )
    family = _family(parsed, name)
    shift = _last_shift(last)
    symbolic_depth = any(side.has(symbol("l")) for side in parsed.sides)
    if symbolic_depth and not general and (depth is not None or widths is not None):
        raise OptionError(
            f"the formula has a symbolic depth {parsed.depth or 'l'}; check it with general=True, not "
            + ("depth=" if depth is not None else "widths=")
        )
    if widths is not None:
        return _check_numbers(formula, parsed, check_widths(widths), bias, family)
    numeric = all(not side.free_symbols for side in parsed.sides)
    if numeric:
        raise OptionError("a formula of numbers only needs the widths to check it against (widths=[784, 16, 16, 10])")
    if general or (depth is None and symbolic_depth):
        return _check_general(formula, parsed, bias, family, start, shift)
    return _check_fixed(formula, parsed, depth, bias, family, start)


# -- notation ------------------------------------------------------------------------


def _family(parsed: Parsed, name: str | None) -> str:
    if name is not None:
        check_family(name, "name")
        if parsed.names and parsed.names != (name,):
            raise OptionError(f"name is {name!r} but the formula's widths are named {', '.join(parsed.names)}")
        return name
    if len(parsed.names) > 1:
        raise OptionError(f"the formula names widths with more than one letter: {', '.join(parsed.names)}")
    return parsed.names[0] if parsed.names else "h"


def _as_symbols(expr: Any) -> Any:
    """Indexed widths with whole-number indices as the symbols ``h0, h1, ...`` of networks."""
    widths = {e: symbol(f"{e.base.label}{int(e.indices[0])}") for e in expr.atoms(sympy.Indexed) if e.indices[0].is_Integer}
    return expr.xreplace(widths) if widths else expr


def _indices(expr: Any) -> list[int]:
    return [int(e.indices[0]) for e in expr.atoms(sympy.Indexed) if e.indices[0].is_Integer]


def _text(expr: Any) -> str:
    from ._format import plain

    return plain(expr) if expr is not None else ""


def _depth_notes(parsed: Parsed) -> tuple[str, ...]:
    return (f"the depth written {parsed.depth}",) if parsed.depth not in (None, "l") and parsed.first is None else ()


def _differences(student: Any, expected: Any) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    difference = expected - student  # both written out: SymPy combines their like terms as it adds
    terms = list(sympy.Add.make_args(difference)) if difference != 0 else []
    missing = tuple(t for t in terms if t.as_coeff_Mul()[0] > 0)
    extra = tuple(-t for t in terms if t.as_coeff_Mul()[0] < 0)
    return missing, extra


# -- a network of fixed depth ----------------------------------------------------------


def _check_fixed(formula: str, parsed: Parsed, depth: int | None, bias: str, family: str, start: int | None) -> CheckReport:
    from .network import mlp

    written = written_out(_one_side(parsed, formula))  # sums with numeric bounds, written out
    indices = _indices(written)
    if not indices:
        raise OptionError("the formula names no width; give widths=[...] to check numbers")
    if start is not None:
        first = check_index(start, "start")
    elif depth is not None and max(indices) <= depth:
        first = 0  # the depth is given: number widths from 0 when they fit (h1 alone is h0 .. h1's last)
    else:
        first = min(indices)
    if depth is None:
        depth = max(indices) - first
        if depth < 1:
            raise OptionError("the formula names a single width; give depth= to say which network it counts")
    _checked_depth(check_count(depth, "depth", minimum=1))
    outside = [k for k in indices if not first <= k <= first + depth]
    if outside:
        raise OptionError(
            f"the formula names {family}{outside[0]}, outside {family}{first} .. {family}{first + depth} of depth {depth}"
        )
    student = _as_symbols(written)
    targets = {conv: mlp(depth, bias=conv, name=family, start=first) for conv in BIAS_CONVENTIONS}
    totals = {conv: sympy.expand(t.total) for conv, t in targets.items()}
    expected = totals[bias]
    base = CheckReport(
        formula, "wrong", bias, expected=expected, student=student, expected_text=_notation(targets[bias], parsed),
        target=f"widths {family}{first} .. {family}{first + depth}", notes=_depth_notes(parsed),
    )
    matched = [conv for conv in BIAS_CONVENTIONS if totals[conv] - student == 0]  # both written out
    if bias in matched:
        return replace(base, verdict="correct", convention=bias)
    missing, extra = _differences(student, expected)
    report = replace(base, missing=missing, extra=extra, witness=_witness(student, expected))
    if matched:
        return replace(report, verdict="other_convention", convention=matched[0])
    return report


def _one_side(parsed: Parsed, formula: str) -> Any:
    if len(parsed.sides) == 1:
        return parsed.sides[0]
    first = parsed.sides[0]
    # With a symbolic depth the sides are compared where the general check compares the formula.
    depths = _GENERAL_DEPTHS if any(side.has(symbol("l")) for side in parsed.sides) else [None]
    _within_budget([(side, depth) for side in parsed.sides for depth in depths], "the sides of this equation have")
    for side in parsed.sides[1:]:
        if any(_as_symbols(written_out(side - first, depth)) != 0 for depth in depths):
            raise FormulaError(f"the two sides of this equation differ: {_text(_as_symbols(first))} is not {_text(_as_symbols(side))}")
    return parsed.sides[-1]


def _settle_rounded(parsed: Parsed, formula: str) -> tuple[Parsed, tuple[tuple[str, Any, Any], ...]]:
    """The formula less its rounded sides (``0.59M = (3*3)*(256*256)``), and those sides: text, value, precision.

    A rounded side is a sum of rounded counts and whole numbers; its precision is the sum of theirs
    (``262M + 68.5B`` is 68,762,000,000 +- 50,500,000). Where the exact sides are numbers, each rounded
    side must round their value, or the sides differ.
    """
    if not parsed.rounded:
        return parsed, ()
    exact, rounded = [], []
    for side in parsed.sides:
        used = [r for r in parsed.rounded if side.has(r)]
        if not used:
            exact.append(side)
            continue
        texts = ", ".join(parsed.rounded[r][0] for r in used)
        if side.free_symbols - set(used):
            raise UnsupportedError(f"{texts}: a rounded count beside sizes; symcount checks a rounded count on its own")
        side = written_out(side)  # \sum_{i=1}^{3} 1.5M, by its terms (bounded)
        if not side.is_polynomial(*used):
            raise UnsupportedError(f"{texts}: a rounded count divided or raised; symcount checks sums of rounded counts")
        poly = sympy.Poly(side, *used)
        if poly.total_degree() > 1 or any(not c.is_Rational for c in poly.coeffs()):
            raise UnsupportedError(f"{texts}: rounded counts multiplied together; symcount checks sums of rounded counts")
        value = side.xreplace({r: parsed.rounded[r][1] for r in used})
        precision = sum(abs(poly.coeff_monomial(r)) * parsed.rounded[r][2] for r in used)
        said = texts if len(used) == 1 and side == used[0] else _text(side.xreplace({r: sympy.Symbol(parsed.rounded[r][0]) for r in used}))
        rounded.append((said, value, precision))
    numbers = [written_out(side) for side in exact if not side.free_symbols]
    for said, value, precision in rounded:
        for number in numbers:
            if abs(number - value) > precision:
                raise FormulaError(f"the two sides of this equation differ: {digits(int(number)) if number.is_Integer else _text(number)} "
                                   f"does not round to {said}")
    return replace(parsed, sides=tuple(exact)), tuple(rounded)


def _reading_notes(parsed: Parsed, rounded: Sequence[tuple[str, Any, Any]], value: Any = None) -> tuple[str, ...]:
    """How the text was read: its rounded sides, a formula written with \\approx judged exactly, a choice of code."""
    numbers = [written_out(side) for side in parsed.sides if not side.free_symbols] if value is None else [value]
    notes = list(parsed.notes)
    for said, _, _ in rounded:
        if numbers and numbers[0].is_Integer:
            notes.append(f"{said} is {digits(int(numbers[0]))} rounded")
        else:
            notes.append(f"{said} not checked: a rounded count of sizes not given")
    if parsed.approximate:
        notes.append("written as an approximation; judged as an exact count")
    return tuple(notes)


def _rounded_report(formula: str, rounded: Sequence[tuple[str, Any, Any]], count: Any, bias: str, target: str,
                    conventions: Mapping[str, str]) -> CheckReport:
    """The verdict on a count given only rounded (124.4M): not the exact count, and whether it rounds it."""
    said, value, precision = rounded[-1]
    if abs(count - value) <= precision:
        statement = f"{said} is rounded, not an exact count: the count is {digits(count)}, which rounds to it"
    else:
        statement = f"{said} is rounded, not an exact count, and not the count {digits(count)} rounded: {_off(int(value), count)}"
    return CheckReport(formula, "wrong", bias, conventions=conventions, statement=statement, expected=sympy.Integer(count),
                       student=value, target=target)


def _within_budget(written: Sequence[tuple[Any, int | None]], what: str) -> None:
    """Refuse before writing out each (formula, depth) if they come to more than LIMITS["terms"] terms in all."""
    if sum(written_terms(expr, depth) for expr, depth in written) > LIMITS["terms"]:
        general = any(depth is not None for _, depth in written)
        at = f" at each depth from {_GENERAL_DEPTHS[0]} to {_GENERAL_DEPTHS[-1]}" if general else ""
        raise UnsupportedError(
            f"written out{at}, {what} more than {LIMITS['terms']} terms in all; symcount checks formulas of at most {LIMITS['terms']}"
        )


def _checked_depth(depth: int) -> int:
    """A network depth within the checker's limit (the work grows with it)."""
    if depth > LIMITS["index"]:
        raise OptionError(f"depth is {shown(depth)}: symcount checks networks of at most {LIMITS['index']} layers")
    return depth


def _witness(student: Any, expected: Any) -> dict[str, int]:
    """The smallest positive integer widths at which the two formulas differ.

    Only the widths in the difference vary; every other width is 1.
    """
    order = lambda s: (len(s.name), s.name)  # noqa: E731 -- h2 before h10
    everything = sorted(student.free_symbols | expected.free_symbols, key=order)
    difference = student - expected  # both written out
    varying = sorted(difference.free_symbols, key=order)
    if len(varying) <= 6:  # at most 3**6 tries
        candidates: Any = (v for top in (1, 2, 3) for v in itertools.product(range(1, top + 1), repeat=len(varying)))
    else:  # many widths: a few patterns keep this quick
        candidates = [tuple(top for _ in varying) for top in (1, 2, 3)] + [tuple(range(2, len(varying) + 2))]
    # Each try is one pass over the difference's terms; the tries stop at a bounded amount of work.
    tries = max(1, _WITNESS_WORK // max(1, len(sympy.Add.make_args(difference))))
    for values in itertools.islice(candidates, tries):
        subs = {s: 1 for s in everything} | dict(zip(varying, values))
        if difference.xreplace(subs) != 0:
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


def _last_shift(last: str | None) -> int:
    """``last="l-1"`` (the output width's index) as how far below the depth it is: 1."""
    if last is None:
        return 0
    m = re.fullmatch(r"\s*(?:l|L|ℓ)\s*(?:([+-])\s*(\d{1,3}))?\s*", last) if isinstance(last, str) else None
    if m is None:
        raise OptionError(f"last is {shown(last)}: expected the output width's index in the depth, such as 'l', 'l-1' or 'l+1'")
    return 0 if m.group(1) is None else (int(m.group(2)) if m.group(1) == "-" else -int(m.group(2)))


def _check_general(formula: str, parsed: Parsed, bias: str, family: str, start: int | None, asked_shift: int) -> CheckReport:
    from .general_form import general
    from .network import mlp

    student = _one_side(parsed, formula)
    l = symbol("l")
    top = _top_index(student)
    if top is None:
        raise OptionError("a general formula needs its last width written with the depth (such as h_l or n_{l-1})")
    shift = sympy.expand(l - top)  # answer 2 ends at n_{l-1}: its depth in weight layers is l - 1 - start
    if not shift.is_Integer:
        raise OptionError(f"the last width's index {_text(top)} is not the depth plus or minus a whole number")
    bottom = _bottom_index(student)
    notes = list(_depth_notes(parsed))
    first = 0 if start is None else check_index(start, "start")
    if shift != asked_shift or (bottom is not None and bottom != first):
        # The network asked about (the question's h_0 .. h_l unless last= or start= say otherwise), never the formula's own.
        notes.append(
            f"its widths run {family}_{first if bottom is None else bottom} .. {_index_text(family, -int(shift))}; "
            f"the network's run {family}_{first} .. {_index_text(family, -asked_shift)}"
            + (" (give last= where your numbering differs)" if asked_shift == 0 and shift != 0 else "")
        )
    elif asked_shift != 0 or first != 0:
        notes.append(f"read as widths {family}_{first} .. {_index_text(family, -asked_shift)}"
                     + (", as answer 2 numbers them" if asked_shift == 1 and first == 0 else ""))
    shift = sympy.Integer(asked_shift)
    g = general(bias, name=family)
    matched: list[str] = []
    first_difference: tuple[int, Any, Any] | None = None
    _within_budget([(student, depth + first + int(shift)) for depth in _GENERAL_DEPTHS], "the formula has")
    at_depth: dict[int, Any] = {}
    for conv in BIAS_CONVENTIONS:
        agrees = True
        for depth in _GENERAL_DEPTHS:
            if depth not in at_depth:
                at_depth[depth] = _as_symbols(_at_depth(student, depth + first + int(shift)))
            mine = at_depth[depth]
            want = sympy.expand(mlp(depth, bias=conv, name=family, start=first).total)
            if mine - want != 0:  # both written out
                agrees = False
                if conv == bias and first_difference is None:
                    first_difference = (depth, mine, want)
                break
        if agrees:
            matched.append(conv)
    base = CheckReport(
        formula, "wrong", bias, student=student, expected=g.total, notes=tuple(notes),
        expected_text=_general_notation(g, parsed, first, int(shift)),
        target=f"widths {family}_{first} .. {_index_text(family, -int(shift))}",
        detail=f"checked at every depth from 1 to {_GENERAL_DEPTHS[-1]}",
    )
    if bias in matched:
        return replace(base, verdict="correct", convention=bias)
    assert first_difference is not None
    depth, mine, want = first_difference
    missing, extra = _differences(mine, want)
    report = replace(
        base, missing=missing, extra=extra, witness=_witness(mine, want), student=mine, expected=want,
        where=f" (at depth {depth}, widths {family}{first}..{family}{first + depth})",
    )
    if matched:
        return replace(report, verdict="other_convention", convention=matched[0])
    return report


def _at_depth(expr: Any, at_l: int) -> Any:
    """The formula at depth ``at_l``, its sums written out; a width index below 0 is an error, not a KeyError."""
    value = written_out(expr, at_l)
    for e in value.atoms(sympy.Indexed):
        if not e.indices[0].is_Integer or e.indices[0] < 0:
            raise OptionError(f"at depth {at_l} the formula names {_text(e)}, which is no width")
    return value


def _index_text(family: str, offset: int) -> str:
    """``h_l``, ``h_{l-1}``, ``h_{l+1}``: the width ``offset`` from the depth."""
    if not offset:
        return f"{family}_l"
    return f"{family}_{{l{'+' if offset > 0 else '-'}{abs(offset)}}}"


def _top_index(expr: Any) -> Any:
    """The largest width index written with ``l`` (a sum's index at its upper bound)."""
    tops = []
    l = symbol("l")
    for s in expr.atoms(sympy.Sum):  # nested sums are one Sum with a limit each
        at_top = {i: upper for (i, _, upper) in s.limits}
        for e in s.function.atoms(sympy.Indexed):
            tops.append(e.indices[0].xreplace(at_top))
    tops += [e.indices[0] for e in expr.atoms(sympy.Indexed) if not e.indices[0].free_symbols - {l}]
    with_l = [t for t in tops if t.has(l) and not t.free_symbols - {l}]
    return max(with_l, key=lambda t: t.as_coeff_Add()[0]) if with_l else None


def _bottom_index(expr: Any) -> int | None:
    """The smallest whole-number width index (a sum's index at its lower bound), if any."""
    bottoms = []
    for s in expr.atoms(sympy.Sum):
        at_bottom = {i: lower for (i, lower, _) in s.limits}
        for e in s.function.atoms(sympy.Indexed):
            bottoms.append(e.indices[0].xreplace(at_bottom))
    bottoms += [e.indices[0] for e in expr.atoms(sympy.Indexed)]
    whole = [int(b) for b in bottoms if b.is_Integer]
    return min(whole) if whole else None


def _general_notation(g: Any, parsed: Parsed, start: int, shift: int) -> str:
    from .printing import latex

    last = "l" if shift == 0 else f"l-{shift}" if shift > 0 else f"l+{-shift}"
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
    if len(widths) - 1 > LIMITS["index"]:
        raise OptionError(f"widths has {len(widths)} widths: symcount checks networks of at most {LIMITS['index']} layers")
    if any(side.free_symbols for side in parsed.sides):
        # A formula in the widths: check it as a formula of that depth, then by its number.
        return _check_fixed(formula, parsed, len(widths) - 1, bias, family, None)
    values = []
    for side in parsed.sides:
        value = written_out(side)  # a sum of numbers, such as \sum_{i=1}^{2} 16 \cdot 16, by its terms
        if not value.is_Integer:
            raise FormulaError(f"{_text(side)} is not a whole number of parameters")
        values.append(int(value))
    shape = "-".join(map(digits, widths))
    counts = {conv: mlp(list(widths), bias=conv).summary() for conv in BIAS_CONVENTIONS}
    computed, stated = values[0], values[-1]
    base = CheckReport(formula, "wrong", bias, student=sympy.Integer(stated), target=f"the network {shape}")
    if computed != stated:
        role = _role(computed, counts, bias)
        about = f" ({role})" if role else ""
        return replace(
            base, verdict="arithmetic_slip", expected=sympy.Integer(computed),
            statement=f"the sum is {digits(computed)}, not {digits(stated)}: {_off(stated, computed)}{about}",
        )
    for conv in [bias] + [c for c in BIAS_CONVENTIONS if c != bias]:
        s = counts[conv]
        for quantity in ("total", "weights", "biases"):
            if getattr(s, quantity) == stated:
                report = replace(
                    base, quantity=quantity, convention=conv, expected=sympy.Integer(getattr(counts[bias], quantity)),
                    statement=f"{digits(stated)} is the {quantity} of {shape}",
                )
                if conv == bias or quantity == "weights":
                    return replace(report, verdict="correct", convention=bias)
                return replace(report, verdict="other_convention")
    s = counts[bias]
    nearest = min(("weights", "biases", "total"), key=lambda q: abs(getattr(s, q) - stated))
    return replace(
        base, expected=sympy.Integer(getattr(s, nearest)),
        statement=(
            f"{digits(stated)} is no count of {shape} (weights {digits(s.weights)}, biases {digits(s.biases)}, total {digits(s.total)} "
            f"with {BIAS_CONVENTIONS[bias]}); nearest the {nearest}, {_off(stated, getattr(s, nearest))}"
        ),
    )


def _off(stated: int, right: int) -> str:
    return f"{digits(abs(stated - right))} too {'small' if stated < right else 'large'}"


def _role(value: int, counts: dict[str, Any], bias: str) -> str:
    for quantity in ("total", "weights", "biases"):
        if getattr(counts[bias], quantity) == value:
            return f"which is the right {quantity}"
    return ""


# -- any target: a layer, a network, a family ------------------------------------------------

_SPEC_SIZES = {
    "linear": ("in_features", "out_features"),
    "rnn": ("input_size", "hidden_size"),
    "gru": ("input_size", "hidden_size"),
    "lstm": ("input_size", "hidden_size"),
    "conv1d": ("in_channels", "out_channels", "kernel_size"),
    "conv2d": ("in_channels", "out_channels", "kernel_size"),
    "conv3d": ("in_channels", "out_channels", "kernel_size"),
    "embedding": ("num_embeddings", "embedding_dim"),
    "attention": ("embed_dim",),
    "transformer-block": ("d_model", "dim_feedforward"),
}
_OPTIONAL = {"transformer-block": 1}  # how many trailing sizes may be left out


@dataclass(frozen=True)
class _Target:
    words: str  # "lstm(input_size=d, hidden_size=h)"
    conventions: Mapping[str, str]  # name -> words, the default first
    totals: Mapping[str, Any]  # convention -> the count
    sizes: Mapping[str, Any]  # a size's name (config field, paper symbol, spec name) -> its symbol in the totals
    notes: tuple[str, ...] = ()
    aliases: Mapping[Any, tuple[str, ...]] = field(default_factory=dict)  # words that describe a size (h0: "input")


def _size_arg(text: str, spec: str) -> Any:
    """One size of a spec: a whole number, or a symbol written as in formulas (``c_{in}``, ``d``, ``4*d``)."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", text):
        return symbol(text)
    value = parse(text, sizes=True).sides
    if len(value) == 1 and (value[0].is_Symbol or (value[0].is_Integer and value[0] > 0)):
        return value[0]
    if len(value) == 1 and value[0].free_symbols and value[0].is_polynomial() and value[0].is_positive:
        return value[0]
    raise OptionError(f"against={spec!r}: {text!r} is not a size (a symbol such as d or c_{{in}}, or a positive integer)")


def _layer_arg(value: Any) -> object:
    return int(value) if value.is_Integer else value.name


def _spec(spec: str, kv_heads: bool = False) -> _Target:
    from . import layers, models
    from .network import Network

    words = spec.split()
    if not words:
        raise OptionError("against is empty: expected a target such as 'lstm d h' or 'gpt2'")
    kind = words[0].lower()
    if kind not in CHECK_TARGETS:
        raise OptionError(f"against={spec!r}: {words[0]!r} is not a target; expected one of {', '.join(CHECK_TARGETS)}")
    args = words[1:]
    if kind in ("gpt2", "bert", "llama"):
        given: dict[str, object] = {}
        for arg in args:  # gpt2 n_embd=768 n_layer=12 ...: sizes fixed by their config field names
            field_name, sep, value = arg.partition("=")
            if not sep or not re.fullmatch(r"[0-9]{1,30}", value):
                raise OptionError(f"against={spec!r}: {arg!r}: a family's sizes are given as field=number, such as n_layer=12")
            given[field_name] = int(value)
        gqa = kind == "llama" and (kv_heads or "num_key_value_heads" in given)
        if gqa:  # grouped-query attention: the key and value projections d * n_kv / n_h wide
            given.setdefault("num_key_value_heads", "num_key_value_heads")
            given.setdefault("num_attention_heads", "num_attention_heads")
        conventions = CHECK_CONVENTIONS["untied" if kind == "llama" else "tied"]
        family = getattr(models, kind)
        totals = {c: family(tie_word_embeddings=c == "tied", **given).total for c in conventions} if kind != "bert" else {
            "default": family(**given).total}
        totals = {c: sympy.Integer(t) if isinstance(t, int) else t for c, t in totals.items()}
        sizes: dict[str, Any] = {}
        for f in sorted(getattr(totals[next(iter(totals))], "free_symbols", ()), key=lambda f: f.name):
            sizes[f.name] = f
            if f.name in models.FIELDS:
                sizes.setdefault(models.FIELDS[f.name][0], f)
        for field_name, number in given.items():  # the sizes given, by field name and paper symbol
            if isinstance(number, int):
                sizes[field_name] = sympy.Integer(number)
                if field_name in models.FIELDS:
                    sizes.setdefault(models.FIELDS[field_name][0], sympy.Integer(number))
        said = ("with as many key-value heads as heads",) if kind == "llama" and not gqa else ()
        return _Target(kind, conventions if kind != "bert" else CHECK_CONVENTIONS["one"], totals, sizes, said)
    groups: Any = sympy.Integer(1)
    if kind.startswith("conv") and len(args) >= 5 and args[-2].lower() == "groups":
        groups, args = _size_arg(args[-1], spec), args[:-2]
    names = _SPEC_SIZES[kind]
    if kind.startswith("conv") and len(args) == 2 + int(kind[4]) > 3:  # a kernel side by side: K_H K_W
        names = names[:2] + tuple(f"kernel_size[{k}]" for k in range(int(kind[4])))
    if not len(names) - _OPTIONAL.get(kind, 0) <= len(args) <= len(names):
        usage = CHECK_TARGETS[kind]
        raise OptionError(f"against={spec!r}: expected {usage}")
    values = [_size_arg(a, spec) for a in args]
    sizes = dict(zip(names, values))
    notes: tuple[str, ...] = ()
    built: dict[str, Any]
    if kind in ("rnn", "gru", "lstm"):
        x, h = (_layer_arg(v) for v in values)
        conventions = CHECK_CONVENTIONS["recurrent"]
        built = {
            "torch": layers.Recurrent(kind, x, h),
            "keras": layers.Recurrent(kind, x, h, biases="keras", reset_after=False),
            "none": layers.Recurrent(kind, x, h, bias=False),
        }
    elif kind == "embedding":
        conventions = CHECK_CONVENTIONS["one"]
        built = {"default": layers.Embedding(*(_layer_arg(v) for v in values))}
    else:
        conventions = CHECK_CONVENTIONS["bias"]
        if kind == "linear":
            make: Any = lambda b: layers.Linear(_layer_arg(values[0]), _layer_arg(values[1]), bias=b)  # noqa: E731
        elif kind.startswith("conv"):
            sizes["groups"] = groups
            kernel = tuple(_layer_arg(v) for v in values[2:])
            make = lambda b: layers.Conv(  # noqa: E731
                _layer_arg(values[0]), _layer_arg(values[1]), kernel if len(kernel) > 1 else kernel[0],
                dims=int(kind[4]), groups=_layer_arg(groups), bias=b,
            )
        elif kind == "attention":
            make = lambda b: layers.MultiheadAttention(_layer_arg(values[0]), bias=b)  # noqa: E731
        else:  # transformer-block
            d = values[0]
            f = values[1] if len(values) > 1 else None
            if f is None:
                notes = (f"with the feed-forward width 4*{_text(d)}",)
                sizes["dim_feedforward"] = 4 * d
            elif not (f.is_Symbol or f.is_Integer):
                tie, f = f, None
                sizes["dim_feedforward"] = tie
            make = lambda b: layers.encoder_block(  # noqa: E731
                _layer_arg(d), 1, _layer_arg(f) if f is not None else "dim_feedforward", bias=b
            )
        built = {"bias": make(True), "none": make(False)}
    totals = {conv: Network([layer]).total for conv, layer in built.items()}
    for conv in list(totals) if kind == "transformer-block" else ():
        totals[conv] = sympy.expand(totals[conv].xreplace({symbol("dim_feedforward"): sizes["dim_feedforward"]}))
    shown_sizes = ", ".join(f"{n}={_text(v)}" for n, v in sizes.items() if not (n == "groups" and v == 1))
    # Sizes people write that the count holds as a product or a ratio of others: a kernel's area
    # ("kernel size" in Keras's docs is k*k), an attention head's width.
    if kind in ("conv2d", "conv3d"):
        sizes["kernel_area"] = sympy.Mul(*values[2:]) ** (1 if len(values) > 3 else int(kind[4]))
    if kind == "attention":
        sizes["num_heads"] = symbol("num_heads")
        sizes["head_dim"] = values[0] / sizes["num_heads"]
    return _Target(f"{kind}({shown_sizes})", conventions, totals, sizes, notes)


def _mlp_target(depth: int) -> _Target:
    """The question's network of ``depth`` layers, widths h0 .. h_depth, under each bias convention."""
    from .network import mlp

    _checked_depth(depth)
    totals = {conv: mlp(depth, bias=conv).total for conv in BIAS_CONVENTIONS}
    sizes = {f"h{k}": symbol(f"h{k}") for k in range(depth + 1)}
    # How people name the ends of a layer in words: in_features, prev; out_features, units, neurons.
    aliases = {symbol("h0"): ("input", "fan_in"), symbol(f"h{depth}"): ("output", "fan_out", "classes")}
    return _Target(f"widths h0 .. h{depth}", BIAS_CONVENTIONS, totals, sizes, aliases=aliases)


def _check_letters(formula: str, depth: int, bias: str, mapping: Mapping[str, str] | None) -> CheckReport:
    """Letters with no index as the widths of a network of ``depth`` layers.

    With fewer letters than widths, each width is read as one of the letters or 1 (a network d-k-m-1,
    or a-b-b-c with one hidden width), every such reading tried; the one that counts the network is
    stated. Where none does, under any convention, the formula is wrong whichever width each letter is.
    """
    try:
        return _check_target(formula, _mlp_target(depth), bias, mapping)
    except _NoReading as none:
        if len(none.symbols) >= depth + 1 or mapping:
            raise
        reading = none
    from .network import mlp

    student, letters = reading.student, reading.symbols
    widths = [symbol(f"h{k}") for k in range(depth + 1)]
    choices = [*letters, sympy.Integer(1)]
    if len(choices) ** len(widths) * len(sympy.Add.make_args(student)) > _INFERENCE_WORK:
        raise reading
    totals = {conv: sympy.expand(mlp(depth, bias=conv).total) for conv in BIAS_CONVENTIONS}
    point = dict(zip(letters, sympy.primerange(10**6, 10**7)))
    at_point = student.xreplace(point)
    found: list[tuple[str, dict[Any, Any]]] = []
    for assignment in itertools.product(choices, repeat=len(widths)):
        if not set(letters) <= set(assignment):
            continue  # every letter is some width
        tie = dict(zip(widths, assignment))
        for conv in BIAS_CONVENTIONS:
            total = totals[conv].xreplace(tie)
            if total.xreplace(point) == at_point and sympy.expand(total - student) == 0:
                found.append((conv, tie))
                break
    said = ", ".join(u.name for u in letters)
    if not found:
        expected = totals[bias]
        return CheckReport(
            formula, "wrong", bias, expected=expected, expected_text=_text(expected), target=f"widths h0 .. h{depth}",
            statement=f"no reading of {said} as widths h0 .. h{depth} (each width one of them, or 1) makes it their "
                      f"count, under any bias convention",
        )
    # the asked convention first, then the reading with the fewest widths of 1
    conv, tie = min(found, key=lambda f: (f[0] != bias, sum(v == 1 for v in f[1].values())))
    expected = sympy.expand(totals[bias].xreplace(tie))
    missing, extra = _differences(student, expected)
    read = ", ".join(f"h{k} as {_text(v)}" for k, v in enumerate(tie.values()))
    only = "the only reading" if sum(c == conv for c, _ in found) == 1 else "a reading"
    report = CheckReport(
        formula, "wrong", bias, expected=expected, expected_text=_text(expected), student=student, target=f"widths h0 .. h{depth}",
        notes=(f"read {read}, {only} of {said} under which it counts widths h0 .. h{depth}",),
    )
    if conv == bias:
        return replace(report, verdict="correct", convention=bias)
    return replace(report, verdict="other_convention", convention=conv, missing=missing, extra=extra,
                   witness=_witness(student, expected))


def _target(against: object, mapping: Mapping[str, str] | None = None, formula: str = "") -> _Target:
    from .layers import Layer
    from .network import Network

    if isinstance(against, str):
        # Llama with grouped-query attention where the map or the formula names the key-value heads
        kv = any(v in ("num_key_value_heads", "n_kv") for v in (mapping or {}).values()) or re.search(
            r"n_\{?(?:\\text\{)?kv\}?|num_(?:key_value|kv)_heads|key.value heads", formula, re.IGNORECASE) is not None
        return _spec(against, kv_heads=kv)
    if isinstance(against, Layer):
        against = Network([against])
    if isinstance(against, Network):
        total = against.total
        sizes = {s.name: s for s in getattr(total, "free_symbols", ())}
        return _Target(against.name or "the network", {"default": "as built"}, {"default": total}, sizes)
    raise OptionError(f"against is {shown(against)}: expected a spec such as 'lstm d h', a layer or a Network")


def _check_target(formula: str, against: object, bias: object, mapping: Mapping[str, str] | None) -> CheckReport:
    target = against if isinstance(against, _Target) else _target(against, mapping, formula)
    conventions = list(target.conventions)
    if bias is True and "bias" in conventions:
        bias = "bias"
    elif bias is False and "none" in conventions:
        bias = "none"
    asked = conventions[0] if bias is None else bias
    if not isinstance(asked, str) or asked not in target.conventions:
        raise OptionError(f"bias is {shown(bias)}: {target.words} has the conventions {', '.join(map(repr, conventions))}")
    known = {*target.sizes, *(s.name for s in target.sizes.values() if getattr(s, "is_Symbol", False)), *(mapping or {})}
    numeric = not any(getattr(t, "free_symbols", None) for t in target.totals.values())
    in_prose: FormulaSyntaxError | None = None
    try:
        try:
            parsed = parse(formula, sizes=True, names=known, prose=numeric, rounded=True)
        except FormulaSyntaxError as unread:
            in_prose = unread
            if not numeric:
                raise
            try:  # against numbers, letters may still be sizes: 2Vd + ... = 6738415616
                parsed = parse(formula, sizes=True, names=known, rounded=True)
            except FormulaSyntaxError:
                raise unread from None
            if not any(side.free_symbols - set(parsed.rounded) for side in parsed.sides):
                raise unread from None
        if numeric and any(side.free_symbols - set(parsed.rounded) for side in parsed.sides):
            # V x E = 50257 x 768 = 38,597,376: the formula checked as one, then at the sizes given
            twin = _twin(against, mapping, formula)
            if twin is None and in_prose is not None:
                raise in_prose
            if twin is not None:
                try:
                    return _judge_at_sizes(formula, parsed, target, twin, str(asked), mapping, against)
                except (UnsupportedError, FormulaSyntaxError):
                    if in_prose is None:
                        raise
                    raise in_prose from None  # a sentence, its letters no sizes: read for the count it states
        return _judge_rounded(formula, parsed, target, str(asked), mapping)
    except (UnsupportedError, FormulaError, FormulaSyntaxError) as letters:  # FormulaError: sides read letter by letter differ
        if numeric:
            claim = _stated(formula, letters)
            report = _judge_rounded(formula, parse(claim, sizes=True, prose=True, rounded=True), target, str(asked), mapping)
            return replace(report, notes=(*report.notes, _stated_note(claim)))
        # Sizes written in words (num_units, "number of input units", prev): read whole, then matched
        # as any size is (by name, map, or the only reading that counts the target).
        try:
            parsed = parse(formula, sizes=True, names=known, phrases=True, rounded=True)
            words = [s.name for side in parsed.sides for s in side.free_symbols if len(s.name) > 1 and s.name not in known]
            if not words or sum(written_terms(side) for side in parsed.sides) > _WORDED_TERMS:
                raise letters  # sizes in words are short formulas; a long one has had its reading
            report = _judge_rounded(formula, parsed, target, str(asked), mapping, labels=True)
        except (UnsupportedError, FormulaError, FormulaSyntaxError) as worded:
            raise (worded if isinstance(worded, UnsupportedError) else letters) from None
        return replace(report, notes=(*report.notes, "sizes written in words read whole: " + ", ".join(sorted(set(words)))))


def _twin(against: object, mapping: Mapping[str, str] | None, formula: str) -> _Target | None:
    """A spec with sizes (``embedding 50257 768``) with each size a symbol named as the spec names it."""
    if not isinstance(against, str):
        return None
    kind, *args = against.split()
    kind = kind.lower()
    if kind in ("gpt2", "bert", "llama"):
        return _target(kind, mapping, formula)
    names = _SPEC_SIZES.get(kind, ())
    if not names or len(args) != len(names):
        return None
    return _target(" ".join([kind, *names]), mapping, formula)


def _judge_at_sizes(formula: str, parsed: Parsed, target: _Target, twin: _Target, asked: str,
                    mapping: Mapping[str, str] | None, against: object) -> CheckReport:
    """A formula of sizes beside numbers, against a target with sizes: the formula judged, each number its value there."""
    parsed, rounded = _settle_rounded(parsed, formula)
    symbolic = [side for side in parsed.sides if side.free_symbols]
    numbers = [written_out(side) for side in parsed.sides if not side.free_symbols]
    formula_only = replace(parsed, sides=tuple(symbolic))
    student = _student(formula, formula_only, twin, mapping, labels=False)
    subs, notes = _match(student, twin, mapping)  # once: the verdict and the value at the sizes share the reading
    report = _judge(formula, formula_only, twin, asked, mapping, reading=(subs, notes))
    at = {v: target.sizes[n] for n, v in twin.sizes.items() if getattr(v, "is_Symbol", False) and n in target.sizes}
    for arg in against.split()[1:] if isinstance(against, str) else ():  # a family's sizes: gpt2 n_embd=768 ...
        field_name, _, number = arg.partition("=")
        if field_name in twin.sizes and re.fullmatch(r"[0-9]{1,30}", number):
            at[twin.sizes[field_name]] = sympy.Integer(int(number))
    value = sympy.expand(student.xreplace(subs).xreplace(at))
    if value.free_symbols:
        raise UnsupportedError(f"{_text(symbolic[-1])} at the sizes given is {_text(value)}: give "
                               + ", ".join(sorted(v.name for v in value.free_symbols)) + " too")
    for number in numbers:
        if number != value:
            raise FormulaError(f"the two sides of this equation differ: {_text(symbolic[-1])} is {_text(value)} at the sizes given, "
                               f"not {_text(number)}")
    for said, rounded_value, precision in rounded:
        if not value.is_Integer or abs(value - rounded_value) > precision:
            raise FormulaError(f"the two sides of this equation differ: {_text(value)} does not round to {said}")
    return replace(report, notes=(*report.notes, "the formula checked as one, then its numbers at the sizes given"))


def _stated(formula: str, unread: SymcountError) -> str:
    """The count a sentence states (:func:`stated_count`), as written; else ``unread`` raised."""
    if not isinstance(unread, FormulaSyntaxError):
        raise unread
    found = stated_count(formula)
    if found is None:
        raise unread
    return found[0]


def _stated_note(claim: str) -> str:
    return f"read the count the text states, {claim}; the words and numbers around it were not checked"


def _judge_rounded(formula: str, parsed: Parsed, target: _Target, asked: str, mapping: Mapping[str, str] | None,
                   labels: bool = False) -> CheckReport:
    """:func:`_judge` on the formula's exact sides; a count given only rounded (124.4M) is no exact count."""
    parsed, rounded = _settle_rounded(parsed, formula)
    if not parsed.sides:
        count = target.totals[asked]
        if getattr(count, "free_symbols", None):
            raise OptionError(f"{rounded[-1][0]} is a count: give the sizes of {target.words} to check it against")
        return _rounded_report(formula, rounded, int(count), asked, target.words, target.conventions)
    report = _judge(formula, parsed, target, asked, mapping, labels)
    return replace(report, notes=(*report.notes, *_reading_notes(parsed, rounded)))


def _student(formula: str, parsed: Parsed, target: _Target, mapping: Mapping[str, str] | None, labels: bool) -> Any:
    """The formula's one side, written out; a side that names the count is no side of it."""
    if len(parsed.sides) > 1:
        # "output_size * (input_size + 1) == number_parameters", "p_1 = ab_1 + b_1c": a side that is one
        # name, no size of the target's, is the count's name.
        sides = tuple(side for side in parsed.sides if not (side.is_Symbol and len(side.name) > (2 if labels else 1)
                                                           and side.name not in target.sizes and side.name not in (mapping or {})))
        parsed = replace(parsed, sides=sides or parsed.sides)
    return written_out(_one_side(parsed, formula))


def _judge(formula: str, parsed: Parsed, target: _Target, asked: str, mapping: Mapping[str, str] | None, labels: bool = False,
           reading: tuple[dict[Any, Any], tuple[str, ...]] | None = None) -> CheckReport:
    """The verdict on a formula read: its symbols matched to the target's sizes (or as ``reading`` says), then compared under each convention."""
    conventions = list(target.conventions)
    student = _student(formula, parsed, target, mapping, labels)
    subs, notes = reading if reading is not None else _match(student, target, mapping)
    student = sympy.expand(student.xreplace(subs))
    # Reported in the formula's own symbols: d, not n_embd.
    back = {v: k for k, v in subs.items() if getattr(v, "is_Symbol", False)}
    totals = {c: sympy.expand(t) for c, t in target.totals.items()}
    expected = totals[asked]
    shown_expected = expected.xreplace(back)
    base = CheckReport(
        formula, "wrong", asked, conventions=target.conventions, expected=shown_expected,
        student=student.xreplace(back), expected_text=_text(shown_expected), target=target.words,
        notes=(*target.notes, *notes),
    )
    matched = [c for c in conventions if totals[c] - student == 0]  # both written out
    if asked in matched:
        return replace(base, verdict="correct", convention=asked)
    missing, extra = _differences(student, expected)
    report = replace(
        base, missing=tuple(t.xreplace(back) for t in missing), extra=tuple(t.xreplace(back) for t in extra),
        witness=_witness(student.xreplace(back), shown_expected),
    )
    if matched:
        return replace(report, verdict="other_convention", convention=matched[0])
    return report


def _match(student: Any, target: _Target, mapping: Mapping[str, str] | None) -> tuple[dict[Any, Any], tuple[str, ...]]:
    """The formula's symbols as the target's sizes: by ``mapping``, by name, else by trying each assignment."""
    used = {s.name: s for s in student.free_symbols}
    inside = set().union(*(getattr(t, "free_symbols", set()) for t in target.totals.values()))
    subs: dict[Any, Any] = {}
    for name, size in (mapping or {}).items():
        if not isinstance(name, str) or not isinstance(size, str):
            raise OptionError(f"map is {shown(mapping)}: expected formula symbols mapped to size names, such as {{'n': 'hidden_size'}}")
        key = name.replace("{", "").replace("}", "")
        if size not in target.sizes:
            raise OptionError(f"map sends {name!r} to {size!r}, which is not a size of {target.words} "
                              f"(its sizes: {', '.join(sorted(target.sizes))})")
        if key in used:  # a map may name symbols this formula does not use (one map for a whole sheet)
            subs[used[key]] = target.sizes[size]
    unmatched = []
    for name, s in sorted(used.items()):
        if s in subs:
            continue
        if s in inside:
            continue
        if name in target.sizes:
            subs[s] = target.sizes[name]
        else:
            unmatched.append(s)
    if not unmatched:
        return subs, ()
    taken = set(subs.values()) | {s for s in used.values() if s in inside}
    shared = _shared_words(unmatched, target)  # once: the inference below asks it for every reading
    # a size the count does not hold may still be named, with one it does (n_heads * head_dim)
    named = inside | {v for v in target.sizes.values() if getattr(v, "is_Symbol", False)}
    pinned = _pinned(shared, named, taken)
    if pinned:
        # Every name says in words which size it is ("number of input units", prev): read so, right or wrong.
        said = ", ".join(f"{u.name} as {_size_name(target, c)}" for u, c in pinned.items())
        return subs | pinned, (f"read {said}, as their words say",)
    # a size the count holds as a product of others (kernel_area, k*k) may be what a name stands for
    # (a name in words only: a letter, K beside k, is a side, not an area)
    worded = all(len(u.name.split("_")[0]) > 1 for u in unmatched)
    derived = [v for v in target.sizes.values()
               if worded and getattr(v, "free_symbols", None) and not v.is_Symbol and v.free_symbols <= inside]
    free = sorted((s for s in inside if s not in taken), key=lambda s: s.name) + [v for v in derived if v not in taken]
    names = ", ".join(s.name for s in unmatched)
    sizes_said = ", ".join(f"{n} ({_text(v)})" for n, v in target.sizes.items())
    terms = len(sympy.Add.make_args(student))
    everything = sorted(inside, key=lambda s: s.name)
    # Each symbol a size of its own first; failing that, two symbols may name one size ("units" and
    # "num_units", both the hidden size). Either way only a reading that counts the target is taken.
    readings: list[Any] = []
    tried_all = False
    if len(unmatched) <= len(free) and math.perm(len(free), len(unmatched)) * terms <= _INFERENCE_WORK:
        readings.append(itertools.permutations(free, len(unmatched)))
        tried_all = True
    if everything and len(everything) ** len(unmatched) * terms <= _INFERENCE_WORK:
        readings.append(c for c in itertools.product(everything, repeat=len(unmatched))
                        if len(set(c)) < len(c) or set(c) & taken)
    if readings:
        # Each assignment is tried at one point (distinct primes for the sizes), the work one pass over the
        # formula's terms; an assignment that agrees there is confirmed symbolically.
        point = dict(zip(everything, sympy.primerange(10**6, 10**7)))
        wanted = {t.xreplace(point) for t in target.totals.values()}
        # The formula's symbols straight to numbers, evaluated in Python's exact arithmetic where it is a
        # polynomial: a reading costs one pass over its terms, never a formula rebuilt (a power expanded to
        # thousands of terms rebuilds slowly in SymPy).
        numbers = {s: point[s] for s in student.free_symbols if s in point} | {s: v.xreplace(point) for s, v in subs.items()}
        at = {c: c.xreplace(point) for c in [*free, *everything]}
        value_at = _evaluator(student)
        found: list[tuple[int, Any]] = []
        for chosen in itertools.chain(*readings):
            trial = subs | dict(zip(unmatched, chosen))
            if value_at(numbers | {u: at[c] for u, c in zip(unmatched, chosen)}) not in wanted:
                continue
            value = sympy.expand(student.xreplace(trial))
            if any(sympy.expand(t - value) == 0 for t in target.totals.values()):
                agreement = [_agreement(shared[u], c) for u, c in zip(unmatched, chosen)]
                if None not in agreement:  # a reading that sends "input units" to the output is no reading
                    found.append((sum(a or 0 for a in agreement), chosen))
        if found:
            # Of the readings that count it (a product's factors in any order), the one whose words
            # agree most with the sizes' names: "number of channels" as in_channels, not a kernel side.
            best = max(found, key=lambda f: f[0])[1]
            said = ", ".join(f"{u.name} as {_size_name(target, c)}" for u, c in zip(unmatched, best))
            only = "the only reading" if len(found) == 1 else "a reading"
            return subs | dict(zip(unmatched, best)), (f"read {said}, {only} under which it counts {target.words}",)
    message = (
        f"the formula's {names} {'is' if len(unmatched) == 1 else 'are'} not a size of {target.words}, whose sizes are "
        f"{sizes_said}: write them as the target names them, or map them (map={{'{unmatched[0].name}': '{next(iter(target.sizes))}'}}, --map)"
        if target.sizes
        else f"the formula's {names} {'is' if len(unmatched) == 1 else 'are'} not a size of {target.words}, whose sizes are all numbers"
    )
    # letters (d, b_1) whose names say nothing of a size, every assignment tried: no reading counts the target
    if tried_all and all(len(u.name.split("_")[0]) == 1 for u in unmatched) and not any(any(said.values()) for said in shared.values()):
        raise _NoReading(message, student.xreplace(subs), tuple(unmatched))
    raise UnsupportedError(message)


def _evaluator(formula: Any) -> Callable[[dict[Any, Any]], Any]:
    """``formula``'s value where its symbols take the given numbers: exact, and quick for a long polynomial.

    A polynomial with rational coefficients is evaluated term by term in
    Python's integers and fractions; any other formula by SymPy's
    substitution. Either way the value is a SymPy number, to compare with
    SymPy's own.
    """
    gens = sorted(formula.free_symbols, key=lambda s: s.name)
    try:
        poly = sympy.Poly(formula, *gens) if gens else None
    except sympy.PolynomialError:
        poly = None
    if poly is None or poly.domain not in (sympy.ZZ, sympy.QQ):
        return lambda values: formula.xreplace(values)
    terms = [(monomial, Fraction(int(c.p), int(c.q))) for monomial, c in ((m, sympy.Rational(c)) for m, c in poly.terms())]

    def value(values: dict[Any, Any]) -> Any:
        xs = [values[g] for g in gens]
        if not all(type(x) is int or getattr(x, "is_Rational", False) for x in xs):
            return formula.xreplace(values)
        fs = [Fraction(x) if type(x) is int else Fraction(int(x.p), int(x.q)) for x in xs]
        total = sum((c * math.prod(f**e for f, e in zip(fs, m)) for m, c in terms), Fraction(0))
        return sympy.Rational(total.numerator, total.denominator)

    return value


class _NoReading(UnsupportedError):
    """No assignment of a formula's symbols to a target's sizes counts it: each one was tried."""

    def __init__(self, message: str, student: Any, symbols: tuple[Any, ...]) -> None:
        super().__init__(message)
        self.student, self.symbols = student, symbols


_SAME_WORD = {"input": "in", "inputs": "in", "prev": "in", "previous": "in", "output": "out", "outputs": "out",
              "curr": "out", "current": "out", "cin": "in", "cout": "out", "nin": "in", "nout": "out",
              "fanin": "in", "fanout": "out"}
_NO_WORD = {"of", "the", "a", "number", "num", "no", "total", "size", "sizes", "dim", "dimension", "layer", "count", "n", "units", "neurons"}


def _words(text: str) -> set[str]:
    """The words of a name that can say which size it is: ``in_features`` {in, features}; "neurons in layer" {neurons}."""
    parts = [w for w in re.split(r"[^a-z]+", text.lower()) if w]
    # "in" is the input in in_features, c_in, n_in, and a preposition in "neurons in layer"
    return {_SAME_WORD.get(w, w) for w in parts if w not in _NO_WORD and (w != "in" or len(parts) <= 2)}


def _shared_words(unmatched: Sequence[Any], target: _Target) -> dict[Any, dict[Any, int]]:
    """For each formula symbol, how many words its name shares with the names of each size (``in_channels``, aliases)."""
    theirs: dict[Any, set[str]] = {}
    for n, v in [*target.sizes.items(), *((w, v) for v, words in target.aliases.items() for w in words)]:
        theirs.setdefault(v, set()).update(_words(n), _words(_text(v)))
    mine = {u: _words(u.name) for u in unmatched}
    return {u: {v: len(mine[u] & words) for v, words in theirs.items()} if mine[u] else {} for u in unmatched}


def _pinned(shared: Mapping[Any, Mapping[Any, int]], inside: set[Any], taken: set[Any]) -> dict[Any, Any]:
    """Each name's one size by its words, if every name has one and no two share it; else nothing."""
    pinned: dict[Any, Any] = {}
    for u, said in shared.items():
        scores = {v: _agreement(said, v) or 0 for v in inside}
        best = max(scores.values(), default=0)
        winners = [v for v, score in scores.items() if score == best]
        if not best or len(winners) != 1 or winners[0] in taken or winners[0] in pinned.values():
            return {}
        pinned[u] = winners[0]
    return pinned


def _agreement(shared: Mapping[Any, int], value: Any) -> int | None:
    """How many words a name shares with the names of size ``value``; None if its words name another size.

    ``shared`` is the name's count for every size (:func:`_shared_words`). "Number of channels" agrees
    with in_channels; "output channels" names out_channels (two words shared, against one with
    in_channels), so reading it as in_channels is refused.
    """
    best = max(shared.values(), default=0)
    if best and shared.get(value, 0) < best:
        return None
    return shared.get(value, 0)


def _size_name(target: _Target, value: Any) -> str:
    names = [n for n, v in target.sizes.items() if v == value]
    if names and names[0] == _text(value):
        return names[0]
    return f"{names[0]} ({_text(value)})" if names else _text(value)


def _listing(missing: Sequence[Any], extra: Sequence[Any]) -> str:
    parts = []
    for word, terms in (("missing", missing), ("extra", extra)):
        if terms:
            more = f" and {len(terms) - LISTED} more" if len(terms) > LISTED else ""
            parts.append(f"{word} " + ", ".join(_text(t) for t in terms[:LISTED]) + more)
    return "; ".join(parts)
