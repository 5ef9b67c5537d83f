"""The general form: a fully connected network of symbolic depth ``l``.

The widths are an indexed family ``h[0], ..., h[l]`` of positive integers, and
the count is a SymPy ``Sum``. Named forms rewrite it without changing its
value; closed forms, derived by SymPy, give polynomials for the shapes papers
use.

>>> from symcount import general
>>> g = general()
>>> g.total
Sum(h[i - 1]*h[i], (i, 1, l)) + Sum(h[i], (i, 1, l))
>>> g.form("per_neuron")
Sum((h[i - 1] + 1)*h[i], (i, 1, l))
>>> g.form("expanded", depth=2)
h0*h1 + h1*h2 + h1 + h2
>>> g.uniform().total
Piecewise((n_in*n_out + n_out, Eq(l, 1)), (l*w**2 + l*w + n_in*w + n_out*w + n_out - 2*w**2 - w, True))
>>> g.count([784, 16, 16, 10])
13002
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import cached_property
from itertools import islice
from operator import mul
from typing import Any

import sympy

from ._dims import LAYER_LIMIT, check_choice, check_count, check_family, check_widths, is_name, shown, sizes_by_name
from ._display import LatexDisplay
from ._format import plain
from ._options import BIAS_CONVENTIONS, GENERAL_FORMS
from .errors import OptionError
from .symbols import SUM_INDEX, dense_form, indexed, symbol

__all__ = ["FORMS", "ClosedForm", "General", "general"]

_SIZE_RULE = "a size is a positive integer or a symbol name"
#: The symbols of the general form itself, which no size may be called.
_OURS = {"l": "l is the depth", "i": "i is the summation index"}
#: The most terms c i^p b^i a width rule has, and the highest power of i: SymPy's sums of their
#: products take seconds past these (i^8 alone takes 0.4 s; i 2^i + i 3^i + i 5^i, 2.5 s).
RULE_TERMS, RULE_DEGREE = 3, 8
#: The largest integer a closed form or a rule's widths make, in bits (about a million digits).
COUNT_BITS = 2**22
#: The deepest network the expanded form writes out term by term (SymPy takes about a second per thousand).
EXPANDED_LIMIT = 1000

#: The named forms of the general count, in the order they are listed.
FORMS = GENERAL_FORMS
_CONVENTIONS = tuple(BIAS_CONVENTIONS)


def general(bias: str = "all", *, name: str = "h") -> General:
    """The network of symbolic depth ``l`` with widths ``h[0] ... h[l]``.

    ``bias`` is ``"all"`` (every neuron, output included), ``"hidden"`` (no
    output bias) or ``"none"``; a per-layer mask needs a concrete depth
    (use :func:`symcount.mlp`).

    >>> general("hidden").biases
    Sum(h[i], (i, 1, l - 1))
    >>> general("none", name="n").total
    Sum(n[i - 1]*n[i], (i, 1, l))
    """
    if not isinstance(bias, str) or bias not in _CONVENTIONS:
        hint = " (a per-layer mask needs a concrete depth: use mlp)" if not isinstance(bias, str) else ""
        raise OptionError(f"bias is {shown(bias)}: expected one of 'all', 'hidden', 'none'{hint}")
    name = check_family(name, "name")
    if name in _OURS:
        raise OptionError(f"name is {name!r}: {_OURS[name]} in the general form; name the widths otherwise (h, n, w ...)")
    return General(bias, name)


class General(LatexDisplay):
    """The parameter count of a fully connected network of symbolic depth.

    Attributes: ``h`` (the ``IndexedBase`` of widths), ``l`` (the depth, a
    positive-integer symbol), ``i`` (the summation index), ``bias``.

    >>> g = general()
    >>> g.weights
    Sum(h[i - 1]*h[i], (i, 1, l))
    >>> g.l.is_positive, g.h[g.i].is_integer
    (True, True)
    """

    def __init__(self, bias: str, name: str) -> None:
        self.bias = bias
        self.name = name
        self.h = indexed(name)
        self.l = symbol("l")
        self.i = SUM_INDEX
        #: What its symbols mean, for legends.
        self.legend = {"l": "the number of weight layers"}

    # -- the split form, the forum's shape -------------------------------------

    @cached_property
    def weights(self) -> Any:
        """``Sum(h[i-1]*h[i], (i, 1, l))``."""
        return dense_form("weights", self.bias, self.name, self.l)

    @cached_property
    def biases(self) -> Any:
        """One bias per neuron of layers ``1 .. l`` (``1 .. l-1`` without output biases)."""
        return dense_form("biases", self.bias, self.name, self.l)

    @property
    def total(self) -> Any:
        """Weights plus biases, in the split form."""
        return self.form("split")

    # -- named forms -------------------------------------------------------------

    def form(self, kind: str, *, depth: int | None = None) -> Any:
        """The total in a named form of :data:`FORMS`.

        ``expanded`` needs ``depth``; ``closed`` is :meth:`closed` (all widths
        symbolic has no closed form, so it needs a rule: see :meth:`closed`).

        >>> g = general("hidden")
        >>> g.form("combined")
        h[l - 1]*h[l] + Sum(h[i - 1]*h[i] + h[i], (i, 1, l - 1))
        >>> g.form("expanded", depth=3)
        h0*h1 + h1*h2 + h1 + h2*h3 + h2
        """
        check_choice(kind, "form", FORMS)
        if kind == "closed":
            raise OptionError("the closed form needs widths that follow a rule: use closed(rule) or uniform()")
        if kind == "expanded":
            if depth is None:
                raise OptionError("the expanded form needs a concrete depth, e.g. form('expanded', depth=5)")
            depth = check_count(depth, "depth", minimum=1, maximum=EXPANDED_LIMIT)
            return self.expand(self.form("split"), depth)
        if depth is not None:
            raise OptionError(f"depth is {shown(depth)}: only the expanded form takes a depth")
        return dense_form(kind, self.bias, self.name, self.l)

    def with_bias(self, bias: str) -> General:
        """The same general network under another bias convention.

        >>> general().with_bias("none").total
        Sum(h[i - 1]*h[i], (i, 1, l))
        """
        return general(bias, name=self.name)

    def forms(self) -> dict[str, Any]:
        """Every form that needs no further argument: split, combined, per_neuron."""
        return {kind: self.form(kind) for kind in ("split", "combined", "per_neuron")}

    def describe(self) -> str:
        """One line: what network this is."""
        return f"depth l, widths {self.name}[0] .. {self.name}[l], bias: {self.bias}"

    def _picked(self, kinds: Sequence[str] | None) -> dict[str, Any]:
        if kinds is None:
            return self.forms()
        named = ("split", "combined", "per_neuron")
        if isinstance(kinds, (str, bytes)) or not isinstance(kinds, Sequence) or not kinds or len(kinds) > len(named):
            raise OptionError(f"kinds is {shown(kinds)}: expected a list of forms from {', '.join(map(repr, named))}")
        return {check_choice(k, "form", named): self.form(k) for k in kinds}

    def to_dict(self, kinds: Sequence[str] | None = None) -> dict[str, Any]:
        """The named forms (``kinds`` picks some) as strings, JSON-ready."""
        forms = {k: plain(v, built=False) for k, v in self._picked(kinds).items()}
        return {"network": self.describe(), "bias": self.bias, "forms": forms}

    def to_text(self, kinds: Sequence[str] | None = None) -> str:
        """The named forms, one a line (``kinds`` picks some)."""
        forms = self._picked(kinds)
        width = max(map(len, forms))
        return "\n".join([f"general {self.describe()}"] + [f"{k.ljust(width)}  {plain(v, built=False)}" for k, v in forms.items()])


    def __repr__(self) -> str:
        return f"general(bias={self.bias!r}, name={self.name!r})"

    def expand(self, expr: Any, depth: int) -> Any:
        """``expr`` at a concrete depth, its sums done, widths as the symbols ``h0 ... hl``."""
        _check_formula(expr, "expr")
        depth = check_count(depth, "depth", minimum=1, maximum=EXPANDED_LIMIT)
        done = expr.xreplace({self.l: sympy.Integer(depth)}).doit()
        return self.replace_widths(done, lambda k: symbol(f"{self.name}{k}"))

    def replace_widths(self, expr: Any, f: Callable[[Any], Any]) -> Any:
        """``expr`` with each width ``h[k]`` replaced by ``f(k)``."""
        _check_formula(expr, "expr")
        if not callable(f):
            raise OptionError(f"f is {shown(f)}: expected a function of the width's index k, such as lambda k: w")
        return expr.replace(lambda e: isinstance(e, sympy.Indexed) and e.base == self.h, lambda e: f(e.indices[0]))

    # -- closed forms --------------------------------------------------------------

    def closed(self, rule: Any = None, *, first: Any = None, last: Any = None) -> ClosedForm:
        """Closed forms for widths that follow ``rule`` (a SymPy expression in ``self.i``).

        ``first`` and ``last`` override the input width ``h[0]`` and output width
        ``h[l]``; the rule gives every other width. SymPy does the sums; depths
        too small for the derivation are given exactly, one by one, in a
        ``Piecewise``.

        >>> g = general()
        >>> w = symbol("w")
        >>> g.closed(w).total
        l*w**2 + l*w
        >>> g.closed(w * 2**g.i).total
        2*2**l*w + 2*4**l*w**2/3 - 2*w**2/3 - 2*w
        """
        first = _size(first, "first")
        last = _size(last, "last")
        rule = self._rule(rule, first)
        return ClosedForm(self, rule, first, last)

    def uniform(self, n_in: Any = "n_in", w: Any = "w", n_out: Any = "n_out") -> ClosedForm:
        """Input ``n_in``, ``l - 1`` hidden layers of width ``w``, output ``n_out``.

        >>> general("hidden").uniform().total.args[-1][0]
        l*w**2 + l*w + n_in*w + n_out*w - 2*w**2 - w
        """
        return self.closed(_size(w, "w"), first=_size(n_in, "n_in"), last=_size(n_out, "n_out"))

    def equal(self, w: Any = "w") -> ClosedForm:
        """All ``l + 1`` widths equal ``w``.

        >>> general().equal().total
        l*w**2 + l*w
        """
        return self.closed(_size(w, "w"))

    def _rule(self, rule: Any, first: Any = None, *, numbers: bool = False) -> Any:
        """The rule as an expression in our ``i``, checked: terms ``c i^p b^i``, positive widths.

        With ``numbers``, the widths are about to be computed and checked one
        by one, so positivity need not be shown for every index.
        """
        if rule is None:
            raise OptionError("closed() needs a rule for the widths, e.g. symbol('w') or w * 2**g.i")
        if isinstance(rule, (str, int)) and not isinstance(rule, bool):
            return _size(rule, "rule") if not numbers or isinstance(rule, str) else sympy.Integer(rule)
        if not isinstance(rule, sympy.Expr):
            raise OptionError(f"rule is {shown(rule)}: expected a SymPy expression in i, a name or an integer")
        # A rule written with a plain Symbol("i") means our summation index.
        rule = rule.xreplace({s: self.i for s in rule.free_symbols if getattr(s, "name", None) == "i" and s != self.i})
        rule = sizes_by_name(rule, "rule", _SIZE_RULE, OptionError, keep=frozenset({self.i}))
        if rule.has(sympy.Float) or any(getattr(s, "name", None) == "l" for s in rule.free_symbols):
            raise OptionError(f"rule is {shown(rule)}: expected exact integers and no depth l")
        _terms_of(rule, self.i)  # refuses what SymPy cannot sum quickly
        if numbers:
            return rule
        # Widths are positive integers at every index the rule gives: from 0, or from 1 when the input is given.
        k = sympy.Symbol("k", integer=True, nonnegative=True)
        at = rule.xreplace({self.i: k + (0 if first is None else 1)})
        if at.is_integer is False or at.is_positive is not True:
            raise OptionError(
                f"rule is {shown(rule)}: expected a positive integer width at every index i >= {0 if first is None else 1}"
                + (" (SymPy cannot show that it is)" if at.is_positive is None else "")
            )
        return rule

    # -- numbers ---------------------------------------------------------------------

    def count(self, widths: Sequence[object] | Any, *, depth: int | None = None, form: str = "split") -> int:
        """Exact count: the general form with ``l`` and the widths substituted.

        ``widths`` is a list (``depth`` is then its length minus one) or a rule
        in ``i`` (``depth`` needed). The sums are evaluated term by term from
        the form's own summand, never by substituting into a long SymPy sum.

        >>> g = general()
        >>> g.count([784, 16, 16, 10]), g.count(16, depth=3)
        (13002, 816)
        >>> general("hidden").count(2 + g.i, depth=2, form="per_neuron")
        21
        """
        if isinstance(widths, Sequence) and not isinstance(widths, str):
            if len(widths) > LAYER_LIMIT + 1:
                raise OptionError(f"widths has {len(widths):,} widths: at most {LAYER_LIMIT + 1:,}")
            values = check_widths(widths)
            named = [v for v in values if type(v) is not int]
            if named:
                raise OptionError(f"a number needs every width; {shown(named[0])} is still a symbol (use closed() for a formula)")
            if depth is not None and depth != len(values) - 1:
                raise OptionError(f"depth is {shown(depth)} but {len(values)} widths give depth {len(values) - 1}")
        else:
            if depth is None:
                raise OptionError("a width rule needs a depth, e.g. count(w * 2**i, depth=5)")
            check_count(depth, "depth", minimum=1, maximum=LAYER_LIMIT)
            rule = self._rule(widths, numbers=True)
            if rule.free_symbols - {self.i}:
                names = ", ".join(sorted(map(str, rule.free_symbols - {self.i})))
                raise OptionError(f"rule is {shown(rule)}: a number needs a rule in i alone (still symbols: {names})")
            odd = [c for c, _, _ in _terms_of(rule, self.i) if not c.is_Rational]
            if odd:
                raise OptionError(f"rule is {shown(rule)}: {shown(odd[0])} is no rational number; a width is a positive integer")
            values = check_widths(_rule_widths(rule, self.i, depth))
        ints = [int(v) for v in values]  # check_widths: every size here is an int
        return _evaluate(self.form(form), self, ints)


def _check_formula(expr: object, option: str) -> None:
    if not isinstance(expr, sympy.Expr):
        raise OptionError(f"{option} is {shown(expr)}: expected a SymPy formula, such as general().total")


class ClosedForm(LatexDisplay):
    """Weights, biases and total of a :class:`General` network for widths given by a rule.

    >>> c = general().equal()
    >>> c.weights, c.biases, c.count(4, w=16)
    (l*w**2, l*w, 1088)
    """

    def __init__(self, general: General, rule: Any, first: Any, last: Any) -> None:
        self.general = general
        self.rule = rule
        self.first = first
        self.last = last
        self.weights = self._derive(general.weights)
        self.biases = self._derive(general.biases)
        self.total = self._derive(general.form("split"))

    @cached_property
    def valid_from(self) -> int:
        """The smallest depth from which the general piece holds (smaller ones are listed)."""
        return _peeled_from(self.general.form("split"), self.general) if self._peels else 1

    @property
    def _peels(self) -> bool:
        return self.first is not None or self.last is not None

    def _width(self, index: Any, depth: Any) -> Any:
        """Width ``h[index]`` of the network of ``depth``: the input, the output, or the rule."""
        if self.first is not None and sympy.expand(index) == 0:
            return self.first
        if self.last is not None and sympy.expand(index - depth) == 0:
            return self.last
        return self.rule.xreplace({self.general.i: index})

    def _substitute(self, expr: Any, depth: Any = None) -> Any:
        depth = self.general.l if depth is None else depth
        return self.general.replace_widths(expr, lambda k: self._width(k, depth))

    def _derive(self, expr: Any) -> Any:
        result = self._derive_piecewise(expr)
        if result.has(sympy.Sum):
            raise OptionError(f"SymPy finds no closed form for widths h[i] = {self.rule}")
        return result

    def _derive_piecewise(self, expr: Any) -> Any:
        g = self.general
        if not self._peels:
            return sympy.expand(self._substitute(expr).doit())
        # The boundary widths differ from the rule: take each sum's first and
        # last terms out, so the rest of the sum sees the rule alone.
        peeled = expr.replace(lambda e: isinstance(e, sympy.Sum), _peel)
        general_piece = sympy.expand(self._substitute(peeled).doit())
        start = _peeled_from(expr, g)
        pieces = [(self._at(expr, d), sympy.Eq(g.l, d)) for d in range(1, start)]
        # A small depth the general piece gets right after all needs no piece of its own.
        pieces = [(v, c) for v, c in pieces if sympy.expand(v - general_piece.xreplace({g.l: c.rhs})) != 0]
        return sympy.Piecewise(*pieces, (general_piece, True)) if pieces else general_piece

    def _at(self, expr: Any, depth: int) -> Any:
        g = self.general
        done = expr.xreplace({g.l: sympy.Integer(depth)}).doit()
        return sympy.expand(self._substitute(done, depth))

    def count(self, depth: int, **values: object) -> int:
        """The exact count at ``depth`` with the other symbols given.

        >>> general().uniform().count(3, n_in=784, w=16, n_out=10)
        13002
        """
        check_count(depth, "depth", minimum=1)
        names = {s.name for s in self.total.free_symbols} - {"l"}
        subs: dict[Any, Any] = {self.general.l: sympy.Integer(depth)}
        for key, value in values.items():
            if key in _OURS:
                raise OptionError(f"{key} is given: {_OURS[key]}, given as depth=" if key == "l" else f"{key} is given: {_OURS[key]}")
            if key not in names:
                raise OptionError(f"{shown(key)} is not a size of this closed form (its sizes: {', '.join(sorted(names)) or 'none'})")
            subs[symbol(key)] = sympy.Integer(_positive(value, key))
        _check_magnitude(self.total, subs)
        result = self.total.xreplace(subs)
        if not result.is_Integer:
            missing = ", ".join(sorted(map(str, result.free_symbols)))
            raise OptionError(f"a number needs every size; these are still symbols: {missing}")
        return int(result)

    def cases(self, expr: Any) -> list[tuple[str, Any]]:
        """``expr`` as (condition, formula) pairs: small depths listed, then the general piece.

        >>> closed = general().uniform()
        >>> closed.cases(closed.weights)
        [('l = 1', n_in*n_out), ('l >= 2', l*w**2 + n_in*w + n_out*w - 2*w**2)]
        >>> closed.cases(closed.biases)
        [('l >= 1', l*w + n_out - w)]
        """
        _check_formula(expr, "expr")
        if not isinstance(expr, sympy.Piecewise):
            return [("l >= 1", expr)]
        listed = [(int(cond.rhs), value) for value, cond in expr.args[:-1]]
        rest = f"l >= {max(d for d, _ in listed) + 1}"
        return [(f"l = {d}", v) for d, v in listed] + [(rest, expr.args[-1][0])]

    def describe(self) -> str:
        """One line: the widths and the bias convention."""
        if self._peels:
            first, rule, last = (plain(e, built=False) for e in (self.first, self.rule, self.last))
            shape = f"input {first}, hidden widths {rule}, output {last}"
        else:
            shape = f"widths h[i] = {plain(self.rule, built=False)}"
        return f"{shape}, bias: {self.general.bias}"

    def to_dict(self) -> dict[str, Any]:
        """Weights, biases and total as lists of {"when", "formula"}, JSON-ready."""
        out: dict[str, Any] = {"network": self.describe(), "bias": self.general.bias}
        for key in ("weights", "biases", "total"):
            out[key] = [{"when": c, "formula": plain(v, built=False)} for c, v in self.cases(getattr(self, key))]
        return out

    def to_text(self) -> str:
        """Weights, biases and total, one line per case."""
        lines = [f"closed form for {self.describe()}"]
        for key in ("weights", "biases", "total"):
            for k, (cond, value) in enumerate(self.cases(getattr(self, key))):
                lines.append(f"{key if k == 0 else '':8} {plain(value, built=False)}    for {cond}")
        return "\n".join(lines)


    def __repr__(self) -> str:
        return f"ClosedForm(total={plain(self.total, built=False)})"


def _peel(s: Any) -> Any:
    """``Sum(f, (i, a, b))`` as ``f(a) + Sum(f, (i, a+1, b-1)) + f(b)``; right when ``b > a``."""
    f, (i, a, b) = s.function, s.limits[0]
    return f.xreplace({i: a}) + sympy.Sum(f, (i, a + 1, b - 1)) + f.xreplace({i: b})


def _peeled_from(expr: Any, g: General) -> int:
    """The smallest depth at which every sum of ``expr`` has two terms or more (so peeling is exact)."""
    spans = [s.limits[0][2] - s.limits[0][1] for s in expr.atoms(sympy.Sum)]
    for depth in range(1, 100):
        if all(span.xreplace({g.l: depth}) >= 1 for span in spans):
            return depth
    raise OptionError("no depth makes this closed form's derivation exact")  # pragma: no cover


def _size(value: Any, option: str) -> Any:
    """A size option of a closed form: None, a positive int, a name or a SymPy expression."""
    if value is None:
        return None
    if isinstance(value, str):
        if not is_name(value):
            raise OptionError(f"{option} is {shown(value)}: expected a name such as 'w' or 'n_in'")
        if value in _OURS:
            raise OptionError(f"{option} is {value!r}: {_OURS[value]} of the general form; name the size otherwise")
        return symbol(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return sympy.Integer(_positive(value, option))
    if isinstance(value, sympy.Expr) and not value.has(sympy.Float):
        value = sizes_by_name(value, option, _SIZE_RULE, OptionError)
        ours = sorted(n for n in (getattr(s, "name", None) for s in value.free_symbols) if n in _OURS)
        if ours:
            raise OptionError(f"{option} is {shown(value)}: {_OURS[ours[0]]} of the general form, not a size")
        if value.is_integer is False or value.is_positive is False:
            raise OptionError(f"{option} is {shown(value)}: expected a positive integer size")
        return value
    raise OptionError(f"{option} is {shown(value)}: expected a positive integer, a name or a SymPy expression")


def _terms_of(rule: Any, i: Any) -> list[tuple[Any, int, Any]]:
    """A rule as its terms ``(c, p, b)``, each ``c i^p b^i`` (``c`` free of ``i``, ``b`` a positive rational).

    Refuses the rules whose sums SymPy would take seconds or more over: more
    than :data:`RULE_TERMS` terms, a power of ``i`` above :data:`RULE_DEGREE`,
    or, beside an exponential, ``i`` past the first power, or more than one
    exponential term with ``i``.
    """
    terms: list[tuple[Any, int, Any]] = []
    shape = "a sum of at most {} terms c*i**p*b**i (c free of i, b a positive rational)".format(RULE_TERMS)
    expanded = sympy.expand(rule)
    parts = sympy.Add.make_args(expanded)
    if len(parts) > RULE_TERMS:
        raise OptionError(f"rule is {shown(rule)}: {len(parts)} terms; symcount sums width rules that are {shape}")
    for part in parts:
        coeff, rest = part.as_independent(i, as_Add=False)
        p, b = 0, sympy.Integer(1)
        for factor in sympy.Mul.make_args(rest):
            if factor == 1:
                continue
            base, exp = factor.as_base_exp()
            if base == i and exp.is_Integer and exp > 0:
                p += int(exp)
                continue
            if base.is_Rational and base > 0 and exp.is_polynomial(i) and sympy.degree(exp, i) == 1:
                m, c0 = sympy.Poly(exp, i).all_coeffs()
                if m.is_Integer and c0.is_Integer:
                    b, coeff = b * base**m, coeff * base**c0
                    continue
            raise OptionError(f"rule is {shown(rule)}: the factor {shown(factor)} is not i**p or b**i; symcount sums width rules that are {shape}")
        if abs(b.p) >= 2**64 or b.q >= 2**64 or p > RULE_DEGREE:
            raise OptionError(f"rule is {shown(rule)}: a power of i above {RULE_DEGREE}, or a base past 2^64")
        terms.append((coeff, p, b))
    growing = [t for t in terms if t[2] != 1]
    if growing and (any(p > 1 for _, p, _ in terms) or sum(1 for _, p, _ in growing if p) > 1):
        raise OptionError(
            f"rule is {shown(rule)}: beside an exponential b**i, symcount sums i to the first power, in one term at most "
            "(SymPy's sums of their products take seconds)"
        )
    return terms


def _rule_widths(rule: Any, i: Any, depth: int) -> list[Any]:
    """Widths ``rule(0) .. rule(depth)``, computed from the rule's terms in exact fractions, bounded in size first."""
    from fractions import Fraction

    exact = [(sympy.Rational(c), p, b) for c, p, b in _terms_of(rule, i)]
    fracs = [(Fraction(int(c.p), int(c.q)), p, Fraction(int(b.p), int(b.q))) for c, p, b in exact]
    bits = max(
        math.log2(abs(c.numerator) + 1) + p * math.log2(depth + 1) + depth * max(0.0, math.log2(b.numerator) - math.log2(b.denominator))
        for c, p, b in fracs
    )
    if bits * (depth + 1) > COUNT_BITS * 4 or bits > COUNT_BITS:
        raise OptionError(f"rule is {shown(rule)}: at depth {depth} its widths run to about {int(bits * 0.30103):,} digits; "
                          f"symcount counts widths of up to {int(COUNT_BITS * 0.30103):,} digits")
    powers = [Fraction(1)] * len(fracs)
    out: list[Any] = []
    for k in range(depth + 1):
        value = sum((c * k**p * power for (c, p, _), power in zip(fracs, powers)), Fraction(0))
        out.append(int(value) if value.denominator == 1 else sympy.Rational(value.numerator, value.denominator))
        powers = [power * b for (_, _, b), power in zip(fracs, powers)]
    return out


def _check_magnitude(expr: Any, subs: dict[Any, Any]) -> None:
    """Refuse a count past :data:`COUNT_BITS` bits, estimated in floats before the exact integers are made."""
    import mpmath

    # Float(v) of a SymPy Integer goes through its digits, refused past 4300; an mpf is made from the bits.
    estimate = expr.xreplace({k: sympy.Float(mpmath.mpf(int(v))) for k, v in subs.items()})
    try:
        size = abs(sympy.Float(estimate))
    except (TypeError, ValueError):
        return  # symbols left: the exact substitution says which
    if size > 0 and float(sympy.log(size, 2).evalf(15)) > COUNT_BITS:
        digits_ = int(float(sympy.log(size, 10).evalf(15)))
        raise OptionError(f"the count would have about {digits_:,} digits: symcount counts up to {int(COUNT_BITS * 0.30103):,}")


def _positive(value: object, option: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise OptionError(f"{option} is {shown(value)}: expected a positive integer")
    return value


def _evaluate(expr: Any, g: General, ws: list[int]) -> int:
    """The form ``expr`` at depth ``len(ws) - 1`` with widths ``ws``, in Python integers.

    Each ``Sum`` is split into monomials ``c * h[i-1]**p * h[i]**q`` by SymPy's
    ``Poly``; each monomial is then summed over its range with one loop.
    """
    depth = len(ws) - 1
    at_depth = {g.l: sympy.Integer(depth)}
    total = 0
    for term in sympy.Add.make_args(expr):
        coeff, rest = term.as_coeff_Mul()
        if isinstance(rest, sympy.Sum):
            total += int(coeff) * _sum_of(rest, g, ws, at_depth)
        else:
            value = g.replace_widths(term.xreplace(at_depth), lambda k: sympy.Integer(ws[int(k)]))
            total += int(value)
    return total


def _sum_of(s: Any, g: General, ws: list[int], at_depth: dict[Any, Any]) -> int:
    f, (i, a, b) = s.function, s.limits[0]
    lo, hi = int(a.xreplace(at_depth)), int(b.xreplace(at_depth))
    if hi < lo:
        return 0  # every range here starts at 1, so Karr's reversed sums never arise
    prev, cur = g.h[i - 1], g.h[i]
    poly = sympy.Poly(sympy.expand(f), prev, cur)
    total = 0
    for (p, q), c in poly.terms():
        if c.free_symbols:
            raise OptionError(f"cannot evaluate the summand {f} term by term")  # pragma: no cover
        left = islice(ws, lo - 1, hi)
        right = islice(ws, lo, hi + 1)
        total += int(c) * _monomial_sum(left, right, p, q)
    return total


def _monomial_sum(left: Any, right: Any, p: int, q: int) -> int:
    if (p, q) == (1, 1):
        return sum(map(mul, left, right))
    if (p, q) == (0, 1):
        return sum(right)
    if (p, q) == (1, 0):
        return sum(left)
    power: Callable[[int, int], int] = lambda x, y: x**p * y**q  # noqa: E731
    return sum(map(power, left, right))
