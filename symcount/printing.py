"""LaTeX for symcount objects, through SymPy's printer protocol.

:class:`SymcountLatexPrinter` is a SymPy ``LatexPrinter`` with ``_print_X``
methods for networks, general forms and closed forms, and its options as
printer settings. Objects print themselves through a ``_latex(printer)`` hook
that hands over to these methods with the settings intact.

Styles (``style=``):

- ``expanded``: every term written out (the default for symbolic networks);
- ``ellipsis``: answer 2's shape, the middle elided (``head``/``tail`` terms shown);
- ``sum``: ``\\sum`` notation in a named ``form`` (the default for the general form);
- ``worked``: answer 1's numbers, each sum worked out (the default for numbers);
- ``table``: a per-layer ``tabular`` with symbolic and numeric columns.

>>> import symcount
>>> print(symcount.latex(symcount.mlp([784, 16, 16, 10])))
\\begin{aligned}
\\text{weights} &= 784 \\times 16 + 16 \\times 16 + 16 \\times 10 = 12960 \\\\
\\text{biases} &= 16 + 16 + 10 = 42 \\\\
\\text{total} &= 12960 + 42 = 13002
\\end{aligned}
>>> print(symcount.latex(symcount.general(), style="ellipsis"))
h_{0} \\times h_{1} + h_{1} \\times h_{2} + \\dots + h_{l-1} \\times h_{l} + \\left(h_{1} + h_{2} + \\dots + h_{l}\\right)
>>> print(symcount.latex(symcount.general()))
\\sum_{i=1}^{l} h_{i-1} h_{i} + \\sum_{i=1}^{l} h_{i}
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sympy
from sympy.printing.latex import LatexPrinter

from ._dims import is_name, shown
from ._options import BIAS_GROUPS, ENVIRONMENTS, MUL_SIGNS, STYLES
from .errors import OptionError

if TYPE_CHECKING:
    from .budget import Solution
    from .checker import CheckReport
    from .general_form import ClosedForm, General
    from .network import Network, Summary

__all__ = ["STYLES", "SymcountLatexPrinter", "latex", "markdown", "tex_document"]

_FORMS = ("split", "combined", "per_neuron")
_LAST = re.compile(r"([A-Za-z][A-Za-z0-9_]*)(?:\s*-\s*([0-9]+))?\Z")

# Our settings, each with the values it accepts (None: the style decides).
_CHOICES: dict[str, tuple[Any, ...]] = {
    "style": (None, *STYLES),
    "form": _FORMS,
    "mul": (None, *MUL_SIGNS),
    "bias_group": tuple(BIAS_GROUPS),
    "env": ENVIRONMENTS,
    "bias": (None, "all", "hidden", "none"),
}
_OURS: dict[str, Any] = {
    "style": None,
    "form": "split",
    "name": None,
    "start": None,
    "last": "l",
    "mul": None,
    "head": 2,
    "tail": 1,
    "bias_group": "parens",
    "grouped_biases": False,
    "env": "none",
    "bias": None,
}


class SymcountLatexPrinter(LatexPrinter):  # type: ignore[misc]  # SymPy is untyped
    """SymPy's LaTeX printer, taught symcount's objects and the forum's styles.

    Beyond SymPy's own settings: ``style``, ``form``, ``name`` and ``start``
    (the width symbols), ``last`` (the last index of a symbolic depth, ``"l"``
    or e.g. ``"l-1"``), ``mul`` (``"times"``, ``"cdot"``, ``"juxtapose"``),
    ``head``/``tail`` (terms shown around ``\\dots``), ``bias_group``
    (``"parens"``, ``"brackets"``, ``"none"``), ``grouped_biases`` (answer
    1's ``32 + 10``), ``env`` (``"none"``, ``"inline"``, ``"display"``,
    ``"equation"``, ``"align"``) and ``bias`` (a convention to print under).
    An unknown setting is a ``TypeError``; a bad value an ``OptionError``
    that lists the good ones.
    """

    printmethod = "_latex"
    _default_settings: dict[str, Any] = {**LatexPrinter._default_settings, **_OURS}

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        settings = dict(settings or {})
        super().__init__(settings)  # rejects unknown settings with a TypeError
        _validate(self._settings)
        self._widths: Sequence[Any] = ()  # the widths of the network being printed, for its symbol name
        self._family_of: Sequence[Any] | None = None  # the widths whose name _family_name is
        self._family_name: str | None = None
        self._symbols: dict[Any, str] = {}
        if self._settings["mul"] is not None:
            sign = MUL_SIGNS[self._settings["mul"]]
            self._settings["mul_symbol_latex"] = sign
            self._settings["mul_symbol_latex_numbers"] = sign if sign != " " else r" \times "
        elif not settings.get("mul_symbol"):
            self._settings["mul_symbol_latex_numbers"] = r" \times "

    # -- the top level: environments -----------------------------------------

    def doprint(self, expr: Any) -> str:
        tex = str(super().doprint(expr))
        env = self._settings["env"]
        if self._settings["style"] == "table" or env == "none":
            return tex
        if env == "inline":
            return f"${tex}$"
        if env == "display":
            return f"\\[\n{tex}\n\\]"
        return f"\\begin{{{env}}}\n{tex}\n\\end{{{env}}}"

    def _lines(self, lines: Sequence[tuple[str, str]]) -> str:
        """Labelled lines ``label = formula``: an ``aligned`` block, or bare rows for ``align``."""
        body = " \\\\\n".join(f"\\text{{{label}}} &= {tex}" for label, tex in lines)
        if self._settings["env"] == "align":
            return body
        return f"\\begin{{aligned}}\n{body}\n\\end{{aligned}}"

    def print_in_order(self, expr: Any) -> str:
        """``expr`` printed with its sums and products in the order of their arguments.

        symcount builds its layer-order formulas unevaluated; SymPy's default
        order would sort them (``h_{10} h_{9}``, ``h_{1} + h_{10} + h_{2}``).
        """
        saved = self._settings["order"]
        self._settings["order"] = "none"
        try:
            return str(self._print(expr))
        finally:
            self._settings["order"] = saved

    # -- pieces -------------------------------------------------------------

    def _sign(self, style: str) -> str:
        mul = self._settings["mul"]
        if mul is not None:
            return MUL_SIGNS[mul]
        return MUL_SIGNS["times"] if style in ("ellipsis", "worked") else MUL_SIGNS["juxtapose"]

    def _product(self, factors: Sequence[Any], sign: str) -> str:
        """Factors in their order; numbers are never juxtaposed (``16 \\times 10``, ``784 w``)."""
        factors = [sympy.Integer(f) if type(f) is int else f for f in factors]  # layers' constants
        numbers = [f.is_Number for f in factors]
        mixed = any(numbers) and not all(numbers)
        if mixed or not any(numbers) and len(set(factors)) < len(factors):
            # Constants or repeats (4 h x, d^2): SymPy's own product reads best.
            return str(self._print(sympy.Mul(*factors)))
        out = self._factor(factors[0])
        for f in factors[1:]:
            out += (r" \times " if sign == " " and f.is_Number else sign) + self._factor(f)
        return out

    def _factor(self, f: Any) -> str:
        tex = str(self._print(f))
        return f"\\left({tex}\\right)" if f.is_Add else tex

    def _sum(self, terms: Sequence[Sequence[Any]], sign: str) -> str:
        return " + ".join(self._product(t, sign) for t in terms) if terms else "0"

    def _group(self, tex: str) -> str:
        left, right = BIAS_GROUPS[self._settings["bias_group"]]
        return f"{left}{tex}{right}"

    def _total(self, weights: str, biases: str | None) -> str:
        return weights if biases is None else f"{weights} + {self._group(biases)}"

    def _width(self, name: str, index: Any) -> str:
        return f"{name}_{{{self._index(index)}}}"

    def _index(self, index: Any) -> str:
        """An index as the forum writes it: ``l-1``, not SymPy's ``l - 1``."""
        index = sympy.Integer(index) if isinstance(index, int) else index
        if index.is_Add:
            constant, rest = index.as_coeff_Add()
            return f"{self._print(rest)}{'+' if constant > 0 else '-'}{abs(constant)}"
        return str(self._print(index))

    def _print_Indexed(self, expr: Any) -> str:
        name = self._settings["name"] or expr.base.label.name
        start = self._settings["start"] or 0
        return self._width(name, expr.indices[0] + start)

    def _family(self) -> str | None:
        """The symbol name of the widths being printed (``h`` of ``h0 .. hl``), if they are such.

        Worked out only when asked for: it reads every width, and an ellipsis
        of a deep network should not.
        """
        if self._widths is not self._family_of:
            self._family_of, self._family_name = self._widths, _family(self._widths) if self._widths else None
        return self._family_name

    def _print_Symbol(self, expr: Any, style: Any = "plain") -> str:
        # Each width appears in two or three terms; SymPy's name translation is
        # most of the time of a long formula, so each symbol is printed once.
        renaming = self._settings["name"] is not None or self._settings["start"] is not None
        key = (expr, style, self._family() if renaming else None)
        if key not in self._symbols:
            renamed = self._renamed(expr.name) or self._word(expr.name)
            self._symbols[key] = renamed if renamed is not None else str(super()._print_Symbol(expr, style))
        return self._symbols[key]

    def _word(self, name: str) -> str | None:
        """A long name with underscores (``vocab_size``) as one italic word, not ``vocab_{size}``."""
        head, _, tail = name.partition("_")
        if tail and len(head) > 1 and not tail.isdigit():
            return f"\\mathit{{{name.replace('_', chr(92) + '_')}}}"
        return None

    def _renamed(self, name: str) -> str | None:
        """A width symbol (``h3``) under the ``name``/``start`` settings, if either is given."""
        if self._settings["name"] is None and self._settings["start"] is None:
            return None
        family = self._family()
        if family is None:
            return None
        match = re.fullmatch(rf"{re.escape(family)}([0-9]+)", name)
        if match is None:
            return None
        return self._width(self._settings["name"] or family, int(match.group(1)) + (self._settings["start"] or 0))

    # -- networks of concrete depth ---------------------------------------------

    def _print_Summary(self, summary: Summary) -> str:
        return self._print_Network(summary.network)

    def _print_Network(self, net: Network) -> str:
        from .network import _as_sympy

        if self._settings["bias"] is not None:
            net = net.with_bias(self._settings["bias"])
        stack = net._as_mlp()
        self._widths = stack.widths if stack is not None else ()
        style = self._settings["style"] or ("expanded" if net.names else "worked")
        if style == "worked":
            return self._worked(net)
        if style == "table":
            return self._table(net)
        if style == "sum":
            return self._network_sum(net)
        sign = self._sign(style)
        n = net.n_rows
        head, tail = self._settings["head"], self._settings["tail"]
        if style == "expanded" or n <= head + tail + 1:
            rows = list(net._rows(_as_sympy))
            weights = [t for r in rows for t in r.counts.weights]
            biases = [t for r in rows for t in r.counts.biases]
            return self._total(self._sum(weights, sign), self._sum(biases, sign) if biases else None)
        # Ellipsis: resolve only the rows shown, so a deep network costs no more than a shallow one.
        first = list(net._rows(_as_sympy, 0, head))
        last = list(net._rows(_as_sympy, n - tail, n))
        elided = _elide(
            self._sum([t for r in first for t in r.counts.weights], sign),
            self._sum([t for r in last for t in r.counts.weights], sign),
        )
        return self._total(elided, self._elided_biases(net, sign))

    def _elided_biases(self, net: Network, sign: str) -> str | None:
        from .network import _as_sympy

        head, tail, n = self._settings["head"], self._settings["tail"], net.n_rows
        found_first: list[Any] = []
        found_last: list[Any] = []
        for k in range(n):  # stops as soon as enough biases are found
            found_first += next(net._rows(_as_sympy, k, k + 1)).counts.biases
            if len(found_first) >= head:
                break
        for k in reversed(range(n)):
            found_last = list(next(net._rows(_as_sympy, k, k + 1)).counts.biases) + found_last
            if len(found_last) >= tail:
                break
        if not found_first:
            return None
        first_rows = {id(t) for t in found_first}
        if any(id(t) in first_rows for t in found_last) or len(found_first) + len(found_last) > head + tail:
            # So few biases that head and tail meet: write them all out.
            rows = list(net._rows(_as_sympy))
            return self._sum([t for r in rows for t in r.counts.biases], sign)
        return _elide(self._sum(found_first[:head], sign), self._sum(found_last[-tail:], sign))

    def _worked(self, net: Network) -> str:
        if net.names:
            raise OptionError(f"the worked style needs numbers; these sizes are still symbols: {', '.join(net.names[:8])}")
        sign = self._sign("worked")
        s = net.summary()
        rows = s._rows  # the numbers' own factors, kept unmultiplied
        weights = [t for r in rows for t in r.counts.weights]
        biases = [t for r in rows for t in r.counts.biases]
        lines = [("weights", _equals(self._sum(weights, sign), s.weights, len(weights)))]
        if self._settings["grouped_biases"] and len(rows) > 1:
            # Answer 1's grouping: all hidden neurons together, then the output layer.
            hidden = sum(math.prod(t) for r in rows[:-1] for t in r.counts.biases)
            output = sum(math.prod(t) for t in rows[-1].counts.biases)
            parts = [str(v) for v in (hidden, output) if v]
            lines.append(("biases", _equals(" + ".join(parts) or "0", s.biases, len(parts))))
        else:
            lines.append(("biases", _equals(self._sum(biases, sign), s.biases, len(biases))))
        lines.append(("total", f"{s.weights} + {s.biases} = {s.total}"))
        return self._lines(lines)

    def _network_sum(self, net: Network) -> str:
        from .general_form import general

        stack = net._as_mlp()
        family = self._family()
        if stack is None or family is None or not isinstance(stack.bias, str):
            raise OptionError(
                "the sum style needs the general form or an mlp of symbolic widths h0..hl "
                "under a named bias convention (symcount.general() or symcount.mlp(depth))"
            )
        g = general(stack.bias, name=family)
        start = int(str(stack.widths[0])[len(family) :])
        form = g.form(self._settings["form"]).xreplace({g.l: sympy.Integer(stack.depth)})
        if start:
            form = form.replace(lambda e: isinstance(e, sympy.Indexed), lambda e: e.base[e.indices[0] + start])
        return self._sum_form(form)

    def _table(self, net: Network) -> str:
        if self._settings["env"] != "none":
            raise OptionError("the table style is a tabular, outside math: use env='none'")
        head, rows, foot = _table_cells(self, net)
        spec = "rll" + ("rrr" if len(head) == 6 else "l")
        lines = [f"\\begin{{tabular}}{{{spec}}}", "\\hline", " & ".join(head) + " \\\\", "\\hline"]
        lines += [" & ".join(r) + " \\\\" for r in rows]
        lines += ["\\hline", " & ".join(foot) + " \\\\", "\\hline", "\\end{tabular}"]
        return "\n".join(lines)

    # -- the general form ---------------------------------------------------------

    def _print_General(self, g: General) -> str:
        from .general_form import general

        if self._settings["bias"] is not None:
            g = general(self._settings["bias"], name=g.name)
        self._widths = ()
        style = self._settings["style"] or "sum"
        if style == "ellipsis":
            return self._general_ellipsis(g)
        if style != "sum":
            raise OptionError(f"style {style!r} needs a concrete depth: use 'sum' or 'ellipsis' for the general form")
        return self._sum_form(g.form(self._settings["form"]).xreplace({g.l: self._last(g)}))

    def _sum_form(self, form: Any) -> str:
        saved = self._settings["mul_symbol_latex"]
        self._settings["mul_symbol_latex"] = self._sign("sum")
        try:
            # Layer order, not SymPy's: weights first, then biases, as the forum writes it.
            terms = sorted(sympy.Add.make_args(form), key=_form_order)
            return " + ".join(str(self._print(t)) for t in terms)
        finally:
            self._settings["mul_symbol_latex"] = saved

    def _print_Sum(self, expr: Any) -> str:
        # The forum's \sum_{i=1}^{l} with the last index written compactly (l-1).
        (i, a, b) = expr.limits[0]
        body = expr.function
        inner = str(self._print(body))
        if body.is_Add:
            inner = f"\\left({inner}\\right)"
        return f"\\sum_{{{self._print(i)}={self._index(a)}}}^{{{self._index(b)}}} {inner}"

    def _last(self, g: General) -> Any:
        """The ``last`` setting (``"l"``, ``"l-1"``, ``"L"``) as an expression."""
        match = _LAST.fullmatch(self._settings["last"])
        assert match is not None  # validated in __init__
        from .symbols import symbol

        return symbol(match.group(1)) - int(match.group(2) or 0)

    def _general_ellipsis(self, g: General) -> str:
        name = self._settings["name"] or g.name
        start = self._settings["start"] or 0
        last = self._last(g) + start
        head, tail = self._settings["head"], self._settings["tail"]
        sign = self._sign("ellipsis")

        def product(a: Any, b: Any) -> str:
            return f"{self._width(name, a)}{sign}{self._width(name, b)}"

        weights = _elide(
            " + ".join(product(start + k, start + k + 1) for k in range(head)),
            " + ".join(product(last - j - 1, last - j) for j in reversed(range(tail))),
        )
        if g.bias == "none":
            return weights
        top = last if g.bias == "all" else last - 1
        biases = _elide(
            " + ".join(self._width(name, start + k + 1) for k in range(head)),
            " + ".join(self._width(name, top - j) for j in reversed(range(tail))),
        )
        return self._total(weights, biases)

    def _print_CheckReport(self, report: CheckReport) -> str:
        self._widths = ()
        verdicts = {
            "correct": "correct",
            "other_convention": f"right with {report.convention} biases only" if report.convention != "none" else "right without biases",
            "wrong": "wrong",
            "arithmetic_slip": "arithmetic slip",
        }
        lines = [("verdict", f"\\text{{{verdicts[report.verdict]}}}")]
        if report.student is not None:
            lines.append(("yours", str(self._print(report.student))))
        if not report.correct and report.expected is not None:
            lines.append(("right", str(self._print(report.expected))))
        for key in ("missing", "extra"):
            terms = getattr(report, key)
            if terms:
                lines.append((key, ", ".join(str(self._print(t)) for t in terms)))
        return self._lines(lines)

    def _print_Solution(self, s: Solution) -> str:
        self._widths = ()
        lines = [("count", f"{self._print(s.formula)} \\le {s.budget}")]
        if s.closed_form is not None:
            lines.append((s.name, f"\\left\\lfloor {self._print(s.closed_form)} \\right\\rfloor"))
        lines.append((s.name, str(s.value)))
        return self._lines(lines)

    def _print_ClosedForm(self, closed: ClosedForm) -> str:
        self._widths = ()
        return self._lines([(key, str(self._print(getattr(closed, key)))) for key in ("weights", "biases", "total")])


def _elide(first: str, last: str) -> str:
    return f"{first} + \\dots + {last}"


def _equals(tex: str, value: int, n_terms: int) -> str:
    return f"{tex} = {value}" if n_terms > 1 else tex


def _form_order(term: Any) -> int:
    """Sort key of a form's terms: sums of products (weights) first, then the rest."""
    if isinstance(term, sympy.Sum):
        f = term.function
        return 0 if f.is_Mul or f.is_Add else 1
    return 2


def _family(widths: Sequence[Any]) -> str | None:
    """The symbol name of widths ``h0, h1, ..., hl`` (consecutive indices), else None."""
    names = [w for w in widths if isinstance(w, str)]
    if len(names) != len(widths):
        return None
    match = re.fullmatch(r"([A-Za-z][A-Za-z_]*?)([0-9]+)", names[0])
    if match is None:
        return None
    family, first = match.group(1), int(match.group(2))
    if names != [f"{family}{first + k}" for k in range(len(names))]:
        return None
    return family


def _table_cells(printer: SymcountLatexPrinter, net: Network) -> tuple[list[str], list[list[str]], list[str]]:
    """Header, rows and footer of the per-layer table, each cell LaTeX (math in ``$``)."""
    from .layers import DenseStack
    from .network import Network, _as_sympy

    sign = printer._sign("table")
    symbolic = list(net._rows(_as_sympy))
    stack = net._as_mlp()
    numeric = not net.names
    if numeric and stack is not None:
        # The symbolic columns name the widths h0..hl by position.
        from .symbols import width_name

        names = [width_name(k) for k in range(len(stack.widths))]
        printer._widths = names
        symbolic = list(Network([DenseStack(names, stack.bias)])._rows(_as_sympy))
    head = ["layer", "weights", "biases"]
    if numeric:
        head += ["weights", "biases", "parameters"]
    else:
        head += ["parameters"]
    s = net.summary()
    values = s.layers if numeric else []
    rows = []
    for k, row in enumerate(symbolic):
        cells = [str(k + 1), _math(printer._sum(row.counts.weights, sign)), _math(printer._sum(row.counts.biases, sign))]
        if numeric:
            v = values[k]
            cells += [str(v.weights), str(v.biases), str(v.params)]
        else:
            cells += [_math(printer._sum(row.counts.weights + row.counts.biases, sign))]
        rows.append(cells)
    if numeric:
        foot = ["total", "", "", str(s.weights), str(s.biases), str(s.total)]
    else:
        from ._format import ordered_sum

        terms = [t for r in symbolic for t in r.counts.weights] + [t for r in symbolic for t in r.counts.biases]
        total = ordered_sum(terms)
        foot = ["total", "", "", _math(printer.print_in_order(total))]
    return head, rows, foot


def _math(tex: str) -> str:
    return f"${tex}$"


def _validate(settings: dict[str, Any]) -> None:
    """Check our settings once, at the door; messages list the accepted values."""
    for key, choices in _CHOICES.items():
        if settings[key] not in choices:
            listed = ", ".join(repr(c) for c in choices if c is not None)
            raise OptionError(f"{key} is {shown(settings[key])}: expected one of {listed}")
    name = settings["name"]
    if name is not None and (not isinstance(name, str) or not is_name(name)):
        raise OptionError(f"name is {shown(name)}: expected a symbol name such as 'h' or 'n'")
    for key, minimum in (("start", 0), ("head", 1), ("tail", 1)):
        value = settings[key]
        if value is None and key == "start":
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise OptionError(f"{key} is {shown(value)}: expected an integer >= {minimum}")
    if not isinstance(settings["last"], str) or not _LAST.fullmatch(settings["last"]):
        raise OptionError(f"last is {shown(settings['last'])}: expected a name such as 'l', or 'l-1'")
    if not isinstance(settings["grouped_biases"], bool):
        raise OptionError(f"grouped_biases is {shown(settings['grouped_biases'])}: expected True or False")


def symcount_printer(printer: Any) -> SymcountLatexPrinter:
    """``printer`` itself if it is ours, else one of ours with its SymPy settings carried over."""
    if isinstance(printer, SymcountLatexPrinter):
        return printer
    carried = {k: v for k, v in printer._settings.items() if k in LatexPrinter._default_settings}
    return SymcountLatexPrinter(carried)


def latex(obj: Any, **settings: Any) -> str:
    """LaTeX for a network, summary, general or closed form, or SymPy expression.

    Settings are SymPy's and :class:`SymcountLatexPrinter`'s; an unknown one is
    a ``TypeError``.

    >>> import symcount
    >>> print(latex(symcount.mlp(3), bias_group="brackets"))
    h_{0} h_{1} + h_{1} h_{2} + h_{2} h_{3} + \\left[h_{1} + h_{2} + h_{3}\\right]
    >>> print(latex(symcount.general(), style="ellipsis", name="n", last="l-1", head=3))
    n_{0} \\times n_{1} + n_{1} \\times n_{2} + n_{2} \\times n_{3} + \\dots + n_{l-2} \\times n_{l-1} + \\left(n_{1} + n_{2} + n_{3} + \\dots + n_{l-1}\\right)
    """
    return str(SymcountLatexPrinter(settings).doprint(obj))


def markdown(obj: Any, **settings: Any) -> str:
    """Markdown: the formula between ``$$`` lines (KaTeX, MathJax), or a table for ``style="table"``.

    >>> import symcount
    >>> print(markdown(symcount.mlp([2, 2, 2])))
    $$
    \\begin{aligned}
    \\text{weights} &= 2 \\times 2 + 2 \\times 2 = 8 \\\\
    \\text{biases} &= 2 + 2 = 4 \\\\
    \\text{total} &= 8 + 4 = 12
    \\end{aligned}
    $$
    """
    if settings.get("style") == "table":
        printer = SymcountLatexPrinter(settings)
        net = obj.network if hasattr(obj, "network") else obj
        head, rows, foot = _table_cells(printer, net)
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in rows + [[f"**{foot[0]}**", *foot[1:]]]]
        return "\n".join(lines)
    if settings.get("env", "none") != "none":
        raise OptionError("markdown() puts the formula between $$ lines itself: leave env unset")
    return f"$$\n{latex(obj, **settings)}\n$$"


def tex_document(obj: Any, **settings: Any) -> str:
    """A standalone ``.tex`` document (``article``, ``amsmath``) that compiles as it is.

    >>> import symcount
    >>> print(tex_document(symcount.mlp(1)))
    \\documentclass{article}
    \\usepackage{amsmath}
    \\begin{document}
    \\[
    h_{0} h_{1} + \\left(h_{1}\\right)
    \\]
    \\end{document}
    <BLANKLINE>
    """
    settings.setdefault("env", "none" if settings.get("style") == "table" else "display")
    body = latex(obj, **settings)
    return "\n".join(
        [
            "\\documentclass{article}",
            "\\usepackage{amsmath}",
            "\\begin{document}",
            body,
            "\\end{document}",
            "",
        ]
    )


def display(obj: Any) -> str:
    """``$\\displaystyle ...$``, the form Jupyter's ``_repr_latex_`` returns."""
    return f"$\\displaystyle {latex(obj)}$"
