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

from collections.abc import Callable, Sequence
from functools import cached_property
from itertools import islice
from operator import mul
from typing import Any

import sympy

from ._dims import check_count, check_name, check_widths, is_name, shown
from ._display import LatexDisplay
from ._options import BIAS_CONVENTIONS, GENERAL_FORMS
from .errors import OptionError
from .symbols import SUM_INDEX, dense_form, indexed, symbol

__all__ = ["FORMS", "ClosedForm", "General", "general"]

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
    return General(bias, check_name(name, "name"))


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
        if kind not in FORMS:
            raise OptionError(f"form is {shown(kind)}: expected one of {', '.join(map(repr, FORMS))}")
        if kind == "closed":
            raise OptionError("the closed form needs widths that follow a rule: use closed(rule) or uniform()")
        if kind == "expanded":
            if depth is None:
                raise OptionError("the expanded form needs a concrete depth, e.g. form('expanded', depth=5)")
            return self.expand(self.form("split"), check_count(depth, "depth", minimum=1))
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
        return self.forms() if kinds is None else {k: self.form(k) for k in kinds}

    def to_dict(self, kinds: Sequence[str] | None = None) -> dict[str, Any]:
        """The named forms (``kinds`` picks some) as strings, JSON-ready."""
        forms = {k: str(v) for k, v in self._picked(kinds).items()}
        return {"network": self.describe(), "bias": self.bias, "forms": forms}

    def to_text(self, kinds: Sequence[str] | None = None) -> str:
        """The named forms, one a line (``kinds`` picks some)."""
        forms = self._picked(kinds)
        width = max(map(len, forms))
        return "\n".join([f"general {self.describe()}"] + [f"{k.ljust(width)}  {v}" for k, v in forms.items()])


    def __repr__(self) -> str:
        return f"general(bias={self.bias!r}, name={self.name!r})"

    def expand(self, expr: Any, depth: int) -> Any:
        """``expr`` at a concrete depth, its sums done, widths as the symbols ``h0 ... hl``."""
        done = expr.xreplace({self.l: sympy.Integer(depth)}).doit()
        return self.replace_widths(done, lambda k: symbol(f"{self.name}{k}"))

    def replace_widths(self, expr: Any, f: Callable[[Any], Any]) -> Any:
        """``expr`` with each width ``h[k]`` replaced by ``f(k)``."""
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
        rule = self._rule(rule)
        first = _size(first, "first")
        last = _size(last, "last")
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

    def _rule(self, rule: Any) -> Any:
        if rule is None:
            raise OptionError("closed() needs a rule for the widths, e.g. symbol('w') or w * 2**g.i")
        if isinstance(rule, str):
            return _size(rule, "rule")
        if isinstance(rule, bool) or not isinstance(rule, (int, sympy.Expr)):
            raise OptionError(f"rule is {shown(rule)}: expected a SymPy expression in i, a name or an integer")
        rule = sympy.Integer(rule) if isinstance(rule, int) else rule
        # A rule written with a plain Symbol("i") means our summation index.
        rule = rule.xreplace({s: self.i for s in rule.free_symbols if s.name == "i" and s != self.i})
        if rule.has(sympy.Float) or rule.has(self.l):
            raise OptionError(f"rule is {rule}: expected exact integers and no depth l")
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
            values = check_widths(widths)
            if depth is not None and depth != len(values) - 1:
                raise OptionError(f"depth is {shown(depth)} but {len(values)} widths give depth {len(values) - 1}")
        else:
            if depth is None:
                raise OptionError("a width rule needs a depth, e.g. count(w * 2**i, depth=5)")
            check_count(depth, "depth", minimum=1)
            rule = self._rule(widths)
            if rule.free_symbols - {self.i}:
                names = ", ".join(sorted(map(str, rule.free_symbols - {self.i})))
                raise OptionError(f"rule is {rule}: a number needs a rule in i alone (still symbols: {names})")
            values = check_widths([rule.xreplace({self.i: k}) for k in range(depth + 1)])
        ints = [int(v) for v in values]  # check_widths: every size here is an int
        return _evaluate(self.form(form), self, ints)


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
        subs: dict[Any, Any] = {self.general.l: sympy.Integer(depth)}
        for key, value in values.items():
            subs[symbol(key)] = sympy.Integer(_positive(value, key))
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
        if not isinstance(expr, sympy.Piecewise):
            return [("l >= 1", expr)]
        listed = [(int(cond.rhs), value) for value, cond in expr.args[:-1]]
        rest = f"l >= {max(d for d, _ in listed) + 1}"
        return [(f"l = {d}", v) for d, v in listed] + [(rest, expr.args[-1][0])]

    def describe(self) -> str:
        """One line: the widths and the bias convention."""
        if self._peels:
            shape = f"input {self.first}, hidden widths {self.rule}, output {self.last}"
        else:
            shape = f"widths h[i] = {self.rule}"
        return f"{shape}, bias: {self.general.bias}"

    def to_dict(self) -> dict[str, Any]:
        """Weights, biases and total as lists of {"when", "formula"}, JSON-ready."""
        out: dict[str, Any] = {"network": self.describe(), "bias": self.general.bias}
        for key in ("weights", "biases", "total"):
            out[key] = [{"when": c, "formula": str(v)} for c, v in self.cases(getattr(self, key))]
        return out

    def to_text(self) -> str:
        """Weights, biases and total, one line per case."""
        lines = [f"closed form for {self.describe()}"]
        for key in ("weights", "biases", "total"):
            for k, (cond, value) in enumerate(self.cases(getattr(self, key))):
                lines.append(f"{key if k == 0 else '':8} {value}    for {cond}")
        return "\n".join(lines)


    def __repr__(self) -> str:
        return f"ClosedForm(total={self.total})"


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
        return symbol(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return sympy.Integer(_positive(value, option))
    if isinstance(value, sympy.Expr) and not value.has(sympy.Float):
        return value
    raise OptionError(f"{option} is {shown(value)}: expected a positive integer, a name or a SymPy expression")


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
