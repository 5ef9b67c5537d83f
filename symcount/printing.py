"""LaTeX for symcount's results, through SymPy's printer protocol.

:class:`SymcountLatexPrinter` is a SymPy ``LatexPrinter``: results print
through their ``_latex(printer)`` hook, which finds the ``_print_<Class>``
method along the class's MRO with the settings intact. The printer reads
only results' public records and the presentation forms they compute; it
imports none of the modules that make them, and builds nothing.

Styles (``style=``), each for the objects it suits (any other combination is
an :class:`~symcount.errors.OptionError` naming the setting):

- ``expanded``: every term in layer order (the default for a symbolic MLP);
- ``ellipsis``: answer 2's shape, the middle elided (``head``/``tail`` terms shown);
- ``sum``: ``\\sum`` notation in a named ``form`` (the default for the general form);
- ``worked``: answer 1's numbers, each sum worked out (the default for a numeric MLP);
- ``table``: a per-layer ``tabular``;
- ``collected``: like terms combined, by degree (the default for other symbolic networks);
- ``factored``: grouped by what repeats, ``L \\left(12 d^{2} + 13 d\\right) + \\left(V + P + 2\\right) d``;
- ``components``: a line per named component, then the total (the default for other numeric networks).

SymPy's own settings keep their names and meaning: ``mode`` (with
``display``, ``align`` and ``align*`` beside SymPy's four), ``mul_symbol``
(``None``, ``"times"``, ``"dot"``, ``"ldot"``) and ``symbol_names`` (SymPy's
mapping, or ``"paper"`` for a model family's paper symbols, with a legend).
A formula wider than ``line_width`` ems (default: an article page's text)
breaks at its ``+`` signs into aligned rows.

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
>>> print(symcount.latex(symcount.models.gpt2(), style="factored", symbol_names="paper", legend=False))
L \\left(12 d^{2} + 13 d\\right) + \\left(V + P + 2\\right) d
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sympy
from sympy.printing.conventions import split_super_sub
from sympy.printing.latex import LatexPrinter, greek_letters_set, other_symbols
from sympy.printing.printer import printer_context

from ._dims import INDEX_LIMIT, check_count, check_family, digits, read_int, shown
from ._format import counted, kind_of
from ._forms import Component, Factored, collected, is_written_out
from ._options import ARTICLE_WIDTH_EM, BIAS_CONVENTIONS, BIAS_GROUPS, LISTED, MODES, MUL_SYMBOLS, STYLES, SUM_FORMS
from .errors import OptionError

if TYPE_CHECKING:
    from .network import LayerRecord

__all__ = ["STYLES", "SymcountLatexPrinter", "latex", "markdown", "tex_document"]

# Brackets for a bias sum broken across rows: \left and \right must pair on one row, these need not.
_BIG_GROUPS = {k: (left.replace("\\left", "\\bigl"), right.replace("\\right", "\\bigr")) for k, (left, right) in BIAS_GROUPS.items()}
_LAST = re.compile(r"([A-Za-z][A-Za-z0-9_]{0,99})(?:\s*([+-])\s*([0-9]{1,6}))?\Z")  # a shift below INDEX_LIMIT
_SYMPY_MODES = ("plain", "inline", "equation", "equation*")

# Our settings and their defaults (None: the style or the object decides).
_OURS: dict[str, Any] = {
    "style": None,
    "form": None,
    "name": None,
    "start": None,
    "last": None,
    "head": None,
    "tail": None,
    "bias_group": None,
    "grouped_biases": None,
    "bias": None,
    "legend": None,
    "line_width": ARTICLE_WIDTH_EM,
}
_CHOICES: dict[str, tuple[Any, ...]] = {
    "style": (None, *STYLES),
    "form": (None, *SUM_FORMS),
    "bias_group": (None, *BIAS_GROUPS),
    "bias": (None, *BIAS_CONVENTIONS),
    "mode": tuple(MODES),
    "mul_symbol": tuple(MUL_SYMBOLS),
    "legend": (None, True, False),
    "grouped_biases": (None, True, False),
}
# The settings each style reads, beyond those every style reads (mul_symbol, symbol_names,
# mode, line_width, legend, bias): any other of ours, given, is refused.
_READS: dict[str, frozenset[str]] = {
    "expanded": frozenset({"name", "start", "bias_group"}),
    "ellipsis": frozenset({"name", "start", "bias_group", "head", "tail", "last"}),
    "sum": frozenset({"name", "start", "form", "last"}),
    "worked": frozenset({"grouped_biases"}),
    "table": frozenset({"name", "start"}),
    "collected": frozenset(),
    "factored": frozenset(),
    "components": frozenset(),
}
_OPTIONAL = frozenset({"form", "name", "start", "last", "head", "tail", "bias_group", "grouped_biases"})


@dataclass(frozen=True)
class _Line:
    """A row to lay out: an optional label (TeX), terms joined by ``sep``, an optional ending (``= 13002``)."""

    label: str | None
    terms: tuple[str, ...]
    end: str = ""
    sep: str = " + "
    numbered: bool = True  # in a numbered align: an equation of its own (not a legend, not a block's parts)


class SymcountLatexPrinter(LatexPrinter):  # type: ignore[misc]  # SymPy is untyped
    """SymPy's LaTeX printer, taught symcount's results, styles and line breaking.

    Beyond SymPy's settings: ``style``, ``form`` (of the sum style: split,
    combined, per_neuron), ``name`` and ``start`` (the width symbols of an
    MLP or the general form), ``last`` (the general form's last index,
    ``"l"`` or e.g. ``"l-1"``), ``head``/``tail`` (terms around ``\\dots``),
    ``bias_group`` (``"parens"``, ``"brackets"``, ``"none"``),
    ``grouped_biases`` (answer 1's ``32 + 10``), ``bias`` (a convention to
    print under), ``legend`` (define the symbols used) and ``line_width``
    (ems; None never breaks). An unknown setting is a ``TypeError``; a bad
    value, or a setting the chosen style does not read, an ``OptionError``.
    """

    printmethod = "_latex"
    _default_settings: dict[str, Any] = {**LatexPrinter._default_settings, **_OURS}

    def _print_int(self, expr: int) -> str:
        return digits(expr)  # SymPy's str() stops at 4300 digits

    def _print_Rational(self, expr: Any) -> str:
        if expr.q == 1:
            return digits(expr.p)
        sign, p = ("- ", -expr.p) if expr.p < 0 else ("", expr.p)
        if self._settings["fold_short_frac"]:
            return f"{sign}{digits(p)} / {digits(expr.q)}"
        return rf"{sign}\frac{{{digits(p)}}}{{{digits(expr.q)}}}"

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        if settings is not None and not isinstance(settings, Mapping):
            raise OptionError(f"settings is {shown(settings)}: expected a mapping of setting names to values")
        settings = dict(settings or {})
        unknown = [k for k in settings if k not in self._default_settings]
        if unknown:
            known = ", ".join(sorted(self._default_settings))
            raise OptionError(f"no setting {shown(unknown[0])}: the settings are {known}")
        mul = settings.get("mul_symbol")
        if not _is_choice(mul, _CHOICES["mul_symbol"]):  # before SymPy's __init__, which reads it first
            raise OptionError(f"mul_symbol is {shown(mul)}: expected one of {', '.join(repr(c) for c in MUL_SYMBOLS if c)}")
        #: The settings the caller chose (a style refuses one of ours it would ignore).
        self.given = frozenset(settings)
        mode = settings.get("mode", "plain")
        paper = settings.get("symbol_names") == "paper"
        sympy_settings = {**settings, "mode": mode if mode in _SYMPY_MODES else "plain"}
        if paper:
            sympy_settings["symbol_names"] = {}
        if not isinstance(mode, str) or mode not in MODES:
            raise OptionError(f"mode is {shown(mode)}: expected one of {', '.join(map(repr, MODES))}")
        super().__init__(sympy_settings)
        self._settings["mode"] = mode
        self.paper = paper
        _validate(self._settings)
        if "mul_symbol" not in settings:
            self._settings["mul_symbol_latex_numbers"] = r" \times "  # 784 \times 16, never 784 16
        self._symbols: dict[Any, str] = {}

    # -- the top level -------------------------------------------------------

    def doprint(self, expr: Any) -> str:
        if not isinstance(expr, sympy.Basic) and type(expr) is not int and not hasattr(type(expr), "_latex"):
            hint = " (a layer prints in a network: Network([layer]))" if kind_of(expr, ("Layer",)) else ""
            raise OptionError(
                f"cannot print {shown(expr)}: expected a symcount result (a network, summary, general or "
                f"closed form, check report, solution or sweep) or a SymPy expression{hint}"
            )
        if isinstance(expr, sympy.Basic):
            tex = self._expression(expr)
        else:
            tex = str(self._print(expr))
        mode = self._settings["mode"]
        if mode == "plain" or tex.startswith("\\begin{tabular}"):
            return tex
        if mode == "inline":
            return f"${tex}$"
        if mode == "display":
            return f"\\[\n{tex}\n\\]"
        if mode.startswith("align") and tex.startswith("\\begin{aligned}\n"):
            tex = tex[len("\\begin{aligned}\n") : -len("\n\\end{aligned}")]  # its rows, in align itself
        return f"\\begin{{{mode}}}\n{tex}\n\\end{{{mode}}}"

    def _expression(self, expr: Any) -> str:
        """A SymPy expression: as SymPy prints it, or ``collected`` (layer order, broken when long)."""
        style = self._settings["style"]
        if style not in (None, "collected"):
            raise OptionError(f"style {style!r} is for symcount's results; a SymPy expression prints as it is or 'collected'")
        self._refuse(set(_OPTIONAL), "a SymPy expression")
        if style is None:
            return str(self._print(expr))
        return self._layout([_Line(None, self._terms(collected([expr])))])

    def print_result(self, obj: Any) -> str:
        """``obj`` through the ``_print_<Class>`` method of the first class in its MRO that has one."""
        obj = self.prepared(obj)
        for cls in type(obj).__mro__:
            method = getattr(self, f"_print_{cls.__name__}", None)
            if method is not None and cls is not object:
                return str(method(obj))
        raise OptionError(f"symcount cannot print a {type(obj).__name__}")  # pragma: no cover

    def prepared(self, obj: Any) -> Any:
        """``obj`` as the settings ask: under another bias convention, in paper symbols.

        The front door of printing: the result makes its own variant (``with_bias``,
        ``with_symbols``), and the printer then reads that one's records. The
        printer itself constructs no result.
        """
        if self._settings["bias"] is not None:
            if not hasattr(obj, "with_bias"):
                raise OptionError(f"bias applies to a fully connected network or the general form, not a {type(obj).__name__}")
            obj = obj.with_bias(self._settings["bias"])
        if self.paper:
            if not hasattr(obj, "with_symbols"):
                raise OptionError(f"symbol_names='paper' applies to a network, not a {type(obj).__name__}")
            obj = obj.with_symbols("paper")
        return obj

    # -- symbols -------------------------------------------------------------------

    def _print_Symbol(self, expr: Any, style: Any = "plain") -> str:
        # Each width appears in two or three terms; SymPy's name translation is
        # most of the time of a long formula, so each symbol is printed once.
        family = self._family() if self._settings["name"] is not None or self._settings["start"] is not None else None
        key = (expr, style, family)
        if key not in self._symbols:
            tex = None if expr in self._settings["symbol_names"] else self._renamed(expr.name, family) or _word(expr.name)
            self._symbols[key] = tex if tex is not None else str(super()._print_Symbol(expr, style))
        return self._symbols[key]

    def _family(self) -> tuple[str, int] | None:
        """The width family (``("h", 0)``) of the MLP being printed, worked out only when asked for.

        It reads every width, and an ellipsis of a network 10**5 deep should not.
        """
        source = self._context.get("family_of")
        return None if source is None else source.width_family

    def _renamed(self, name: str, family: tuple[str, int] | None) -> str | None:
        """A width symbol (``h3``) under the ``name``/``start`` settings, if either is given."""
        if family is None or (self._settings["name"] is None and self._settings["start"] is None):
            return None
        match = re.fullmatch(rf"{re.escape(family[0])}([0-9]+)", name)
        if match is None:
            return None
        return self._width(self._settings["name"] or family[0], read_int(match.group(1)) + (self._settings["start"] or 0))

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

    def _print_Sum(self, expr: Any) -> str:
        # The forum's \sum_{i=1}^{l} with the last index written compactly (l-1).
        (i, a, b) = expr.limits[0]
        body = expr.function
        inner = str(self._print(body))
        if body.is_Add:
            inner = f"\\left({inner}\\right)"
        return f"\\sum_{{{self._print(i)}={self._index(a)}}}^{{{self._index(b)}}} {inner}"

    def _print_Mul(self, expr: Any) -> str:
        """SymPy's product, but with ``\\cdot`` beside a multi-letter name, where juxtaposition runs words together."""
        if self._settings["mul_symbol"] is not None or not any(_word(s.name) for s in expr.free_symbols if isinstance(s, sympy.Symbol)):
            return str(super()._print_Mul(expr))
        coefficient, _ = expr.as_coeff_Mul()
        if coefficient.is_negative:
            return "- " + self._print_Mul(-expr)
        top, bottom = sympy.fraction(expr)
        if bottom == 1:
            return self._words(top)
        return f"\\frac{{{self._words(top)}}}{{{self._words(bottom)}}}"

    def _words(self, expr: Any) -> str:
        """A product's factors, juxtaposed, but ``\\cdot`` next to a word."""
        coefficient, factors = expr.as_coeff_mul()
        parts = [] if coefficient == 1 else [(str(self._print(coefficient)), False)]
        for f in factors:
            tex = str(self._print(f))
            if f.is_Add:
                tex = f"\\left({tex}\\right)"
            base = f.as_base_exp()[0]
            parts.append((tex, isinstance(base, sympy.Symbol) and _word(base.name) is not None))
        if not parts:
            return "1"
        out = parts[0][0]
        for (_, before), (tex, word) in zip(parts, parts[1:]):
            out += (" \\cdot " if before or word else " ") + tex
        return out

    # -- pieces ---------------------------------------------------------------------

    def _sign(self, style: str) -> str:
        """The product sign: the caller's ``mul_symbol``, else by style (the forum's worked numbers use \\times)."""
        if "mul_symbol" in self.given:
            return str(MUL_SYMBOLS[self._settings["mul_symbol"]])
        return MUL_SYMBOLS["times"] if style in ("ellipsis", "worked") else MUL_SYMBOLS[None]

    def _product(self, factors: Sequence[Any], sign: str) -> str:
        """Factors in their given order; numbers are never juxtaposed (``16 \\times 10``, ``784 w``)."""
        factors = [sympy.Integer(f) if type(f) is int else f for f in factors]
        numbers = [f.is_Number for f in factors]
        if any(numbers) and not all(numbers) or not any(numbers) and len(set(factors)) < len(factors):
            # Constants or repeats (4 h x, d^2): SymPy's own product reads best.
            return str(self._print(sympy.Mul(*factors)))
        worded = [isinstance(f, sympy.Symbol) and _word(f.name) is not None for f in factors]
        out = self._factor(factors[0])
        for k, f in enumerate(factors[1:], 1):
            if sign == " " and f.is_Number:
                joint = r" \times "
            elif sign == " " and (worded[k - 1] or worded[k]):
                joint = r" \cdot "  # words side by side run together: in_features \cdot out_features
            else:
                joint = sign
            out += joint + self._factor(f)
        return out

    def _factor(self, f: Any) -> str:
        tex = str(self._print(f))
        return f"\\left({tex}\\right)" if f.is_Add else tex

    def _products(self, terms: Sequence[Sequence[Any]], sign: str) -> tuple[str, ...]:
        return tuple(self._product(t, sign) for t in terms if not any(type(f) is int and f == 0 for f in t))

    def _terms(self, terms: Iterable[Any]) -> tuple[str, ...]:
        """Each term printed, a negative one with its minus sign (``-2 w``) for the layout to join."""
        return tuple(str(self._print(t)) for t in terms if t != 0)

    def _fits(self, tex: str, reserve: float = 0.0) -> bool:
        """Whether ``tex`` fits on one line of ``line_width`` less ``reserve`` (inline math always does)."""
        limit = self._settings["line_width"]
        return limit is None or self._settings["mode"] == "inline" or _em(tex) <= limit - reserve

    def _group(self, tex: str) -> str:
        left, right = BIAS_GROUPS[self._settings["bias_group"] or "parens"]
        return f"{left}{tex}{right}"

    def _factored_terms(self, pieces: Sequence[Factored], reserve: float = 0.0) -> tuple[str, ...]:
        """The terms of a factored form; one too long for a line opens its bracket on one row and closes it on another.

        ``reserve`` is the width the row's label takes.
        """
        out: list[str] = []
        for f in pieces:
            tex = self._factored(f)
            if self._fits(tex, reserve + 2.0) or len(f.inner) == 1:
                out.append(tex)
                continue
            inner = list(self._terms(f.inner))
            coefficient = "" if f.coefficient == 1 else f"{self._print(f.coefficient)} "
            outer = "" if f.outer == 1 else str(self._print(f.outer))
            if f.outer_first or not outer:
                inner[0] = f"{coefficient}{outer} \\bigl({inner[0]}".replace("  ", " ").lstrip()
                inner[-1] += "\\bigr)"
            else:
                inner[0] = f"{coefficient}\\bigl({inner[0]}"
                inner[-1] += f"\\bigr) {outer}"
            out += inner
        return tuple(out)

    def _factored(self, f: Factored) -> str:
        """``L \\left(12 d^{2} + 13 d\\right)``, ``\\left(V + P + 2\\right) d``, or a lone term."""
        if len(f.inner) == 1:
            value = sympy.expand(f.value)
            if f.outer.is_Number and f.outer != 1 and f.inner[0].is_Number:  # numbers: 12 \times 7087872
                return f"{self._print(f.outer)}{self._sign('worked')}{self._print(f.inner[0])}"
            return str(self._print(value))
        inner = "\\left(" + _joined(self._terms(f.inner), " + ") + "\\right)"
        coefficient = "" if f.coefficient == 1 else f"{self._print(f.coefficient)} "
        if f.outer == 1:
            return coefficient + inner
        outer = str(self._print(f.outer))
        if f.outer_first:
            return f"{outer}{self._sign('worked')}{inner}" if f.outer.is_Number else f"{coefficient}{outer} {inner}"
        return f"{coefficient}{inner} {outer}"

    # -- layout ---------------------------------------------------------------------

    def _layout(self, lines: Sequence[_Line], legend: Sequence[tuple[str, str]] = ()) -> str:
        """Lines as one formula or aligned rows, each broken at its ``+`` signs to fit ``line_width``."""
        limit = self._settings["line_width"]
        inline = self._settings["mode"] == "inline"
        rows = list(lines)
        if legend and self._settings["legend"] is not False:
            rows += self._legend_lines(legend)
        labelled = any(r.label is not None for r in rows)
        label_em = max((_em(f"{r.label} = ") for r in rows if r.label is not None), default=0.0)
        # In a numbered align, an equation is numbered once: its continued rows, parts and legend are not.
        unnumbered = " \\nonumber" if self._settings["mode"] == "align" else ""
        out: list[str] = []
        for row in rows:
            lead = f"{row.label} &= " if row.label is not None else "&"
            pieces = _break(row.terms, row.sep, row.end, None if inline or limit is None else limit - label_em)
            for k, piece in enumerate(pieces):
                # {} makes the leading + a binary operator, spaced as in the row above.
                text = lead + piece if k == 0 else "&\\quad " + ("{} " + piece if piece[:1] in "+-" else piece)
                numbered = k == len(pieces) - 1 and row.numbered
                out.append(text if numbered else text + unnumbered)
        if len(out) == 1 and not labelled:
            return out[0][1:].removesuffix(unnumbered) if unnumbered else out[0][1:]
        if inline:
            raise OptionError(
                "mode 'inline' suits a formula of one line; this one has several rows: use mode 'display'")
        return "\\begin{aligned}\n" + " \\\\\n".join(out) + "\n\\end{aligned}"

    def _legend_lines(self, legend: Sequence[tuple[str, str]]) -> list[_Line]:
        # A description may end in a symbol of its own ("the width of layer i"): set as math.
        items = [f"{sym} \\text{{ is {_text(what[:-2])} }}{what[-1]}" if what.endswith(" i") else
                 f"{sym} \\text{{ is {_text(what)}}}" for sym, what in legend]
        items[0] = "\\text{where } " + items[0]
        return [_Line(None, tuple(items), sep=",\\; ", numbered=False)]

    def _legend(self, obj: Any, exprs: Iterable[Any]) -> list[tuple[str, str]]:
        """The legend of ``obj`` for the symbols its printed formulas use: (symbol's TeX, what it is).

        Asked for (``legend=True``, or paper symbols), every symbol used is
        defined, or the legend is refused: a reader is never left guessing.
        """
        want = self._settings["legend"]
        if want is False or (want is None and not self.paper):
            return []
        used: dict[str, Any] = {}
        for e in exprs:
            for s in sorted(getattr(e, "free_symbols", ()), key=str):
                used.setdefault(s.name if isinstance(s, sympy.Symbol) else str(s), s)
        known: dict[str, str] = dict(getattr(obj, "legend", None) or {})
        entries = [(str(self._print(used[n])), what) for n, what in known.items() if n in used]
        family = self._family()
        widths = [] if family is None else [n for n in used if re.fullmatch(rf"{re.escape(family[0])}[0-9]+", n)]
        if family is not None and widths:
            name = self._settings["name"] or family[0]
            entries.append((f"{name}_{{i}}", "the width of layer i"))
        missing = [n for n in used if n not in known and n not in widths]
        if missing:
            raise OptionError(
                f"legend: this {type(obj).__name__} does not say what {', '.join(missing[:4])} "
                "is; give symbol_names='paper' for a model family, or legend=False"
            )
        return entries

    # -- refusals ---------------------------------------------------------------------

    def _refuse(self, settings: Iterable[str], what: str) -> None:
        for key in sorted(settings):
            if key in self.given and self._settings.get(key) is not None:
                raise OptionError(f"{key} does not apply to {what}")

    def _style(self, default: str, allowed: Sequence[str], what: str) -> str:
        style = self._settings["style"] or default
        if style not in allowed:
            listed = ", ".join(map(repr, allowed))
            raise OptionError(f"style {style!r} does not apply to {what}: expected one of {listed}")
        self._refuse(_OPTIONAL - _READS[style], f"the {style} style")
        return style

    # -- networks -----------------------------------------------------------------------

    def _print_Network(self, net: Any) -> str:
        style = self._settings["style"]
        if style == "ellipsis" and net.widths is not None:
            # Resolve only the rows shown: a deep network costs what a shallow one does.
            self._style("ellipsis", ("ellipsis",), "a network")
            self._refuse({"last"}, "a network of concrete depth (its last index is a number)")
            with printer_context(self, family_of=net):
                wanted = self._settings["legend"] or self.paper and self._settings["legend"] is None
                legend = self._legend(net, [sympy.Symbol(n) for n in (net.names[:1] + net.names[-1:])]) if wanted else []
                return self._with_legend(self._ellipsis(net, net.n_rows, lambda lo, hi: list(net.records(lo, hi))), net, legend)
        return self._print_Summary(net.summary())

    def _print_Summary(self, s: Any) -> str:
        mlp = s.widths is not None
        symbolic = not s.numeric
        if mlp:
            default = "expanded" if symbolic else "worked"
            allowed = ["expanded", "ellipsis", "worked", "table", "collected", "factored", "components"]
            if s.width_family is not None and isinstance(s.bias, str):
                allowed.insert(2, "sum")
        else:
            default = "collected" if symbolic else "components"
            allowed = ["expanded", "worked", "table", "collected", "factored", "components"]
        if not symbolic:
            allowed = [a for a in allowed if a != "sum"]
        else:
            allowed = [a for a in allowed if a != "worked"]
        what = f"{'a numeric' if s.numeric else 'a symbolic'} {'MLP' if mlp else 'network'}"
        style = self._settings["style"]
        if style == "worked" and symbolic:
            raise OptionError(f"the worked style needs numbers; these sizes are still symbols: {', '.join(s.names[:8])}")
        style = self._style(default, allowed, what)
        if style not in ("expanded", "ellipsis", "sum", "table") or not mlp:
            self._refuse({"name", "start", "bias_group"}, f"the {style} style of this network")
        self._refuse({"last"}, "a network of concrete depth (its last index is a number)")
        with printer_context(self, family_of=s if mlp else None):
            if style == "ellipsis":
                return self._with_legend(self._ellipsis(s, len(s.layers), lambda lo, hi: s.layers[lo:hi]), s, [s.total])
            if style == "sum":
                return self._sum_form(s.sum_form(self._settings["form"] or "split"), self._legend(s, [s.total]))
            if style == "table":
                return self._table(s)
            if style == "worked":
                return self._worked(s)
            if style == "expanded":
                return self._expanded(s)
            texts, lines = self._form(s, style)
            return self._layout(lines, self._legend(s, texts))

    def _form(self, s: Any, style: str) -> tuple[list[Any], list[_Line]]:
        """The collected, factored or components form: the expressions it shows and its lines."""
        if style == "collected":
            terms = s.collected()
            return terms, [_Line(None, self._terms(terms))]
        if style == "factored":
            pieces = s.factored()
            end = f" = {s.total}" if s.numeric and len(pieces) > 1 else ""
            return [p.value for p in pieces], [_Line(None, self._factored_terms(pieces) or ("0",), end)]
        parts = s.components()
        lines: list[_Line] = []
        for c in parts:
            lines.append(self._component_line(c))
            if c.parts:
                # One block and its parts, as papers annotate them: = \underbrace{4 d^2 + 4 d}_{attention} + ...
                lines.append(_Line("", tuple(self._part(p) for p in c.parts), numbered=False))
        reserve = max(_em(f"{line.label} = ") for line in lines if line.label is not None)
        total = s.factored() if not s.numeric else []
        total_terms = self._factored_terms(total, reserve) if total else (str(self._print(s.total)),)
        lines.append(_Line(r"\text{total}", total_terms))
        return [c.value for c in parts] + [s.total], lines

    def _part(self, c: Component) -> str:
        terms = self._terms(c.terms) or ("0",)
        return f"\\underbrace{{{_joined(terms, ' + ')}}}_{{\\text{{{_text(c.label)}}}}}"

    def _component_line(self, c: Component) -> _Line:
        label = f"\\text{{{_text(c.label)}}}"
        if c.tied_to is not None and c.value == 0:
            return _Line(label, (f"0 \\quad \\text{{(tied to {_text(c.tied_to)})}}",))
        terms = self._terms(c.terms) or ("0",)
        if not (type(c.times) is int and c.times == 1):
            label = f"\\text{{each of }} {self._print(c.times)} \\text{{ {_text(c.label)}}}"
        return _Line(label, terms)

    def _expanded(self, s: Any) -> str:
        """Every term in layer order: the forum's shape for an MLP, each row collected for other networks."""
        if s.widths is not None:
            sign = self._sign("expanded")
            weights = [t for r in s.layers for t in r.scaled("weights")]
            biases = [t for r in s.layers for t in r.scaled("biases")]
            if any(not all(getattr(f, "is_Symbol", False) for f in t) for t in weights + biases):
                # Numbers among symbols (784 w + w^2): like terms combine, SymPy's order reads best.
                from ._format import ordered_sum

                total = ordered_sum(weights + biases)
                return self._layout([_Line(None, self._terms(sympy.Add.make_args(total)))], self._legend(s, [s.total]))
            shown = self._products(weights, sign)
            if biases:
                bias_terms = self._products(biases, sign)
                whole = shown + (self._group(_joined(bias_terms, " + ")) if len(bias_terms) > 1 else bias_terms[0],)
                if self._fits(_joined(whole, " + ")) or len(bias_terms) == 1:
                    shown = whole
                else:
                    # Too long for one line: the bias sum breaks too, in brackets that need no pairing on a row.
                    left, right = _BIG_GROUPS[self._settings["bias_group"] or "parens"]
                    shown += (left + bias_terms[0],) + bias_terms[1:-1] + (bias_terms[-1] + right,)
            return self._layout([_Line(None, shown)], self._legend(s, [s.total]))
        terms: list[str] = []
        for r in s.layers:
            terms += self._terms(collected(sympy.Mul(*t) for role in ("weights", "biases") for t in r.scaled(role)))
        return self._layout([_Line(None, tuple(terms) or ("0",))], self._legend(s, [s.total]))

    def _ellipsis(self, source: Any, n: int, window: Callable[[int, int], list[LayerRecord]]) -> str:
        head = self._settings["head"] or 2
        tail = self._settings["tail"] or 1
        sign = self._sign("ellipsis")
        if n <= head + tail + 1:
            records = window(0, n)
            weights = self._products([t for r in records for t in r.terms.weights], sign)
            biases = self._products([t for r in records for t in r.terms.biases], sign)
            return self._total(_joined(weights, " + "), _joined(biases, " + ") if biases else None)
        first, last = window(0, head), window(n - tail, n)
        elided = _elide(
            _joined(self._products([t for r in first for t in r.terms.weights], sign), " + "),
            _joined(self._products([t for r in last for t in r.terms.weights], sign), " + "),
        )
        return self._total(elided, self._elided_biases(n, window, sign, head, tail))

    def _with_legend(self, tex: str, obj: Any, exprs: Any) -> str:
        """A one-piece formula (an ellipsis) with the legend of ``obj`` under it, if one is asked for."""
        legend = exprs if exprs and isinstance(exprs[0], tuple) else self._legend(obj, exprs)
        return self._layout([_Line(None, (tex,))], legend) if legend else tex

    def _total(self, weights: str, biases: str | None) -> str:
        if biases is None:
            return weights
        return f"{weights} + {self._group(biases) if ' + ' in biases else biases}"

    def _elided_biases(self, n: int, window: Any, sign: str, head: int, tail: int) -> str | None:
        """The bias sum with its middle elided: ``head`` terms, ``\\dots``, ``tail`` terms.

        Rows are read from each end only until enough biases are found, and
        between them only until one bias shows there is a middle to elide;
        where there is none, every bias is written out.
        """
        first: list[tuple[int, Any]] = []  # (row, term), from the first row on
        last: list[tuple[int, Any]] = []
        for k in range(n):
            first += [(k, t) for t in window(k, k + 1)[0].terms.biases]
            if len(first) >= head:
                break
        for k in reversed(range(n)):
            last = [(k, t) for t in window(k, k + 1)[0].terms.biases] + last
            if len(last) >= tail:
                break
        if not first:
            return None
        shown_first, shown_last = first[:head], last[-tail:]
        end, start = shown_first[-1][0], shown_last[0][0]
        # Terms of the rows at either end that the head and tail leave out, or any bias between them.
        hidden = len(first) > head and first[head][0] < start or len(last) > tail and last[-tail - 1][0] > end
        if end < start and not hidden:
            hidden = any(window(k, k + 1)[0].terms.biases for k in range(end + 1, start))
        if end >= start or not hidden:
            # Head and tail meet, or nothing lies between them: write every bias out.
            return _joined(self._products([t for r in window(0, n) for t in r.terms.biases], sign), " + ")
        return _elide(
            _joined(self._products([t for _, t in shown_first], sign), " + "),
            _joined(self._products([t for _, t in shown_last], sign), " + "),
        )

    def _worked(self, s: Any) -> str:
        sign = self._sign("worked")
        weights = [t for r in s.layers for t in r.scaled("weights")]
        biases = [t for r in s.layers for t in r.scaled("biases")]
        lines = [_Line(r"\text{weights}", self._products(weights, sign) or ("0",), _equals(s.weights, len(weights)))]
        if self._settings["grouped_biases"]:
            if s.widths is None:
                raise OptionError("grouped_biases applies to an MLP (hidden biases, then the output layer's)")
            # Answer 1's grouping: all hidden neurons together, then the output layer.
            hidden = sum(r.biases for r in s.layers[:-1])
            output = s.layers[-1].biases
            parts = tuple(digits(v) for v in (hidden, output) if v)
            lines.append(_Line(r"\text{biases}", parts or ("0",), _equals(s.biases, len(parts))))
        else:
            lines.append(_Line(r"\text{biases}", self._products(biases, sign) or ("0",), _equals(s.biases, len(biases))))
        if s.weights and s.biases:
            lines.append(_Line(r"\text{total}", (digits(s.weights), digits(s.biases)), f" = {digits(s.total)}"))
        else:
            lines.append(_Line(r"\text{total}", (digits(s.total),)))
        return self._layout(lines)

    def _table(self, s: Any) -> str:
        if self._settings["mode"] != "plain":
            raise OptionError("the table style is a tabular, outside math: mode must be 'plain'")
        head, rows, foot, spec = _table_cells(self, s)
        lines = [f"\\begin{{tabular}}{{{spec}}}", "\\hline", " & ".join(head) + " \\\\", "\\hline"]
        lines += [" & ".join(r) + " \\\\" for r in rows]
        lines += ["\\hline", " & ".join(foot) + " \\\\", "\\hline"]
        legend = self.table_legend(s)
        if legend:
            # Under the table, across it: a paragraph column, so the sentence wraps to the page.
            width = (self._settings["line_width"] or ARTICLE_WIDTH_EM) - 2
            lines.append(f"\\multicolumn{{{len(head)}}}{{p{{{width:.1f}em}}}}{{{legend}}} \\\\")
        lines.append("\\end{tabular}")
        return "\n".join(lines)

    def table_legend(self, s: Any) -> str:
        """The legend of a table, as text with its symbols in ``$``: empty where none is asked for."""
        entries = self._legend(s, [s.total])
        if not entries:
            return ""
        items = [f"${sym}$ is {what[:-2]} $i$" if what.endswith(" i") else f"${sym}$ is {what}" for sym, what in entries]
        return "where " + ", ".join(items)

    # -- the general form -----------------------------------------------------------------

    def _print_General(self, g: Any) -> str:
        style = self._style("sum", ("sum", "ellipsis"), "the general form (symbolic depth l)")
        last = self._last()
        legend: list[tuple[str, str]] = []
        if self._settings["legend"]:
            name = self._settings["name"] or g.name
            legend = [(f"{name}_{{i}}", "the width of layer i"), (str(self._print(last.free_symbols.pop())), g.legend["l"])]
        if style == "ellipsis":
            return self._with_legend(self._general_ellipsis(g, last), g, legend)
        return self._sum_form(g.form(self._settings["form"] or "split").xreplace({g.l: last}), legend)

    def _sum_form(self, form: Any, legend: Sequence[tuple[str, str]] = ()) -> str:
        # Layer order, not SymPy's: weights first, then biases, as the forum writes it.
        terms = sorted(sympy.Add.make_args(form), key=_form_order)
        return self._layout([_Line(None, tuple(str(self._print(t)) for t in terms))], legend)

    def _last(self) -> Any:
        """The ``last`` setting (``"l"``, ``"l-1"``, ``"L"``) as an expression."""
        match = _LAST.fullmatch(self._settings["last"] or "l")
        assert match is not None  # validated in __init__
        shift = int(match.group(3) or 0) * (1 if match.group(2) == "+" else -1)
        return sympy.Symbol(match.group(1), integer=True, positive=True) + shift

    def _general_ellipsis(self, g: Any, last: Any) -> str:
        name = self._settings["name"] or g.name
        start = self._settings["start"] or 0
        last = last + start
        head = self._settings["head"] or 2
        tail = self._settings["tail"] or 1
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

    # -- other results -------------------------------------------------------------------

    def _natural_terms(self, expr: Any) -> tuple[str, ...]:
        """A formula's terms in layer order: by degree, then by their widths' indices (h_{2} before h_{10})."""
        expr = expr if is_written_out(expr) else sympy.expand(expr)  # a checked formula is, and expanding again is slow
        terms = [t for t in sympy.Add.make_args(expr) if t != 0]
        return self._naturally(terms) if terms else ("0",)  # a formula that counts nothing at this depth

    def _naturally(self, terms: Sequence[Any]) -> tuple[str, ...]:
        """Terms sorted and printed as :meth:`_natural_terms` does."""
        keys = {t: (min(_order_key_of(t), 0), sorted(_natural(s) for s in t.free_symbols)) for t in terms}
        out = []
        for t in sorted(terms, key=lambda t: keys[t]):
            coefficient, rest = t.as_coeff_Mul()
            factors = sorted(sympy.Mul.make_args(rest), key=lambda f: _natural(f.as_base_exp()[0]))
            if rest.is_Mul and all(f.is_Symbol for f in factors) and len(set(factors)) == len(factors):
                product = self._product(factors, self._sign("expanded"))
                out.append(product if coefficient == 1 else f"{self._print(coefficient)} {product}")
            else:
                out.append(str(self._print(t)))
        return tuple(out)

    def _no_legend(self, what: str) -> None:
        if self._settings["legend"]:
            raise OptionError(f"legend does not apply to {what}: its symbols are the formula's own")

    def _print_CheckReport(self, report: Any) -> str:
        self._style("collected", ("collected",), "a check report")
        self._no_legend("a check report")
        verdicts = {
            "correct": "correct",
            "other_convention": _other_convention(report),
            "wrong": "wrong",
            "arithmetic_slip": "arithmetic slip",
        }
        lines = [_Line(r"\text{verdict}", (f"\\text{{{_text(verdicts[report.verdict])}}}",))]
        if report.student is not None:
            lines.append(_Line(r"\text{yours}", self._natural_terms(report.student)))
        if not report.correct and report.expected is not None:
            lines.append(_Line(r"\text{right}", self._natural_terms(report.expected)))
        for key in ("missing", "extra"):
            terms = getattr(report, key)
            if terms:  # a dozen named, as in the message; the rest counted
                named = self._naturally(list(terms))
                if len(named) > LISTED:
                    named = (*named[:LISTED], f"\\text{{and {len(named) - LISTED} more}}")
                lines.append(_Line(f"\\text{{{key}}}", named, sep=",\\; "))
        return self._layout(lines)

    def _print_Solution(self, s: Any) -> str:
        self._style("collected", ("collected",), "a solution")
        name = str(self._print(sympy.Symbol(s.name, integer=True, positive=True)))
        what = r"\text{count}" if s.unit == "parameters" else rf"\text{{{s.unit}}}"
        lines = [_Line(what, self._terms(collected([s.formula])), f" \\le B = {digits(s.budget)}")]
        if s.closed_form is not None:
            root = str(self._print(s.closed_form))
            lines.append(_Line(name, (f"\\left\\lfloor {root} \\right\\rfloor",)))
        lines.append(_Line(name, (digits(s.value),)))
        budget = "the parameter budget" if s.unit == "parameters" else f"the budget, in {s.unit}"
        legend = [("B", budget)] if s.closed_form is not None and self._settings["legend"] is not False else []
        if self._settings["legend"]:
            legend.append((name, "the size solved for"))
        return self._layout(lines, legend)

    # -- compute and memory ------------------------------------------------------------------

    def _print_Compute(self, c: Any) -> str:
        """Forward, backward and training FLOPs, collected (or a per-row tabular with ``style="table"``)."""
        style = self._style("collected", ("collected", "table"), "a compute result")
        if style == "table":
            return self._quantity_table(c)
        return self._quantities(c, _quantity_totals(c), r"\text{in FLOPs}")

    def _print_Memory(self, m: Any) -> str:
        """Weights, gradients, optimizer state and the cache in bytes, collected (or a tabular per row)."""
        style = self._style("collected", ("collected", "table"), "a memory result")
        if style == "table":
            return self._quantity_table(m)
        return self._quantities(m, _quantity_totals(m), r"\text{in bytes}")

    def _quantities(self, obj: Any, totals: Sequence[tuple[str, Any]], unit: str) -> str:
        lines = [_Line(rf"\text{{{label}}}", self._quantity_terms(v)) for label, v in totals]
        if unit:  # one line for the unit, never left dangling after a broken formula
            lines.append(_Line(None, (unit,), numbered=False))
        used = [v.devices if isinstance(v, _Shares) else v for _, v in totals]  # a share's formula is its symbol n
        return self._layout(lines, self._quantity_legend(obj, used))

    def _quantity_terms(self, v: Any) -> tuple[str, ...]:
        """A total's terms: like terms collected; a ZeRO share as the shares of the totals above it."""
        if type(v) is int:
            return (digits(v),)
        if isinstance(v, _Shares):
            n = str(self._print(v.devices))
            return tuple(rf"\left\lceil \frac{{\text{{{q}}}}}{{{n}}} \right\rceil" if shared else rf"\text{{{q}}}"
                         for q, shared in v.parts)
        return tuple(self._terms(collected([v]))) or ("0",)

    def _quantity_legend(self, obj: Any, values: Sequence[Any]) -> list[tuple[str, str]]:
        """The network's legend, and the input's and devices' symbols: batch, sequence length, window, image, devices."""
        if not self._settings["legend"]:
            return []
        known = dict(obj.network.legend)
        flow = getattr(obj, "flow", None)
        if flow is not None:
            sizes = [(flow.batch, "the batch size"), (flow.seq, "the sequence length"), (flow.window, "the attention window")]
            sizes += [(v, f"the input's size {k}") for k, v in enumerate(flow.spatial, 1)]
            for value, what in sizes:
                if isinstance(value, sympy.Symbol):
                    known.setdefault(value.name, what)
        devices = getattr(obj, "devices", None)
        if isinstance(devices, sympy.Symbol):
            known.setdefault(devices.name, "the number of devices")
        # The one legend helper reads a legend off the object it names in its messages: this result's, widened.
        named = type(f"{type(obj).__name__.lower()} result", (), {"legend": known})()
        with printer_context(self, family_of=obj.network):
            return self._legend(named, values)

    def _quantity_table(self, obj: Any) -> str:
        if self._settings["mode"] != "plain":
            raise OptionError("the table style is a tabular, outside math: mode must be 'plain'")
        self._no_legend("a table of a result")
        head, rows, foot = _quantity_cells(self, obj, _cell)
        spec, size, head, rows, foot = _fitted(head, rows, foot, self._settings["line_width"] or ARTICLE_WIDTH_EM)
        lines = [f"\\begin{{tabular}}{{{spec}}}", "\\hline", " & ".join(head) + " \\\\", "\\hline"]
        lines += [" & ".join(r) + " \\\\" for r in rows]
        lines += ["\\hline", " & ".join(foot) + " \\\\", "\\hline", "\\end{tabular}"]
        if size:  # set smaller, the columns closer, inside a group: nothing leaks into the document
            return "{" + size + "\\setlength{\\tabcolsep}{4pt}%\n" + "\n".join(lines) + "}"
        return "\n".join(lines)

    def _print_Sweep(self, sweep: Any) -> str:
        """A sweep as a tabular of its points (up to :data:`SWEEP_ROWS` of them)."""
        self._style("table", ("table",), "a sweep")
        self._no_legend("a sweep")
        if self._settings["mode"] != "plain":
            raise OptionError("a sweep prints as a tabular, outside math: mode must be 'plain'")
        if len(sweep) > SWEEP_ROWS:
            raise OptionError(f"a sweep of {len(sweep)} points is too long for a LaTeX table (at most {SWEEP_ROWS}): write it as CSV")
        head, rows = _sweep_cells(self, sweep)
        spec = "r" * len(head)
        lines = [f"\\begin{{tabular}}{{{spec}}}", "\\hline", " & ".join(head) + " \\\\", "\\hline"]
        lines += [" & ".join(r) + " \\\\" for r in rows]
        lines += ["\\hline", "\\end{tabular}"]
        return "\n".join(lines)

    def _print_ClosedForm(self, closed: Any) -> str:
        self._style("collected", ("collected",), "a closed form")
        self._no_legend("a closed form")
        lines = []
        for key in ("weights", "biases", "total"):
            for k, (cond, value) in enumerate(closed.cases(getattr(closed, key))):
                where = f" \\quad \\text{{for }} {_condition(cond)}" if cond != "l >= 1" else ""
                label = f"\\text{{{key}}}" if k == 0 else ""
                lines.append(_Line(label, self._terms(collected([value])) or ("0",), where))
        return self._layout(lines)


#: The most terms the ellipsis style writes before (``head``) or after (``tail``) its \\dots: past a few
#: dozen, the expanded style says it better, and each term costs printing time.
ELLIPSIS_LIMIT = 100

#: The most points a sweep prints as a LaTeX or Markdown table.
SWEEP_ROWS = 500


def _sweep_cells(printer: SymcountLatexPrinter, sweep: Any) -> tuple[list[str], list[list[str]]]:
    names = [f"${printer._print(sympy.Symbol(n, integer=True, positive=True))}$" for n in sweep.names]
    return names + ["parameters"], [[digits(v) for v in row] for row in sweep.rows]


def _natural(s: Any) -> tuple[Any, ...]:
    """Sort key of a symbol by name, its digits read as a number: h2 before h10."""
    return _natural_key(str(s))


@functools.lru_cache(maxsize=4096)
def _natural_key(name: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"([0-9]+)", name))


def _order_key_of(term: Any) -> Any:
    from ._forms import degree

    d = sympy.sympify(degree(term.as_coeff_Mul()[1]))
    return -d if d.is_number else 0


def _condition(cond: str) -> str:
    return cond.replace(">=", "\\ge")


def _word(name: str) -> str | None:
    """A name whose base is a word (``vocab_size``, ``width``), set as one italic word.

    A product with such a name is written with ``\\cdot`` beside it (see
    ``_print_Mul``), so ``vocab_size hidden_size`` never reads as one run of letters.
    """
    base, supers, subs = split_super_sub(name)
    if len(base) <= 1 or base.lower() in greek_letters_set or base in other_symbols:
        return None
    return f"\\mathit{{{name.replace('_', chr(92) + '_')}}}"


def _other_convention(report: Any) -> str:
    """A report's verdict under another convention, in words: the network's bias words, else the target's own."""
    if report.convention == "none":
        return "right without biases"
    if report.convention in ("all", "hidden"):
        return f"right with {report.convention} biases only"
    return "right under " + str(report.conventions.get(report.convention, report.convention))


def _text(label: str) -> str:
    """A label for ``\\text{...}`` in math: ``_`` read as a space (``final_norm``: "final norm").

    Inside math ``\\text{}``, pdflatex needs ``\\_`` where MathJax shows
    ``\\_`` as it is; a space reads the same in all three. Labels hold no other
    character either reads specially (layers check their names).
    """
    return label.replace("_", " ")


def _markdown_cell(label: str) -> str:
    """A label in a Markdown table cell: ``_`` and ``|`` escaped."""
    return label.replace("_", "\\_").replace("|", "\\|")


#: Font sizes a wide table is set in, with the factor each scales widths by (10pt, 9pt, 8pt).
_SIZES = (("", 1.0), ("\\small", 0.9), ("\\footnotesize", 0.8))
_LAYER_EM = 7.5  # a wrapped layer column: "blocks.attention" on a line, its kind on the next
_FORMULA_EM = 7.0  # the narrowest a wrapped formula column is set


def _cell_em(cell: str) -> float:
    """A tabular cell's width in ems (its math's, or its text's counted as math: a generous estimate)."""
    return _em(cell.replace("\\allowbreak{}", "").replace("$", ""))


def _fitted(head: list[str], rows: list[list[str]], foot: list[str], limit: float
            ) -> tuple[str, str, list[str], list[list[str]], list[str]]:
    """A per-row table's column spec and font size to fit ``limit`` ems, and its rows as set.

    As it is where it fits. Where not, as a writer sets a wide table: the
    layer column wraps (ragged right, at most 8 ems), the columns close up
    and the font shrinks (small, then footnotesize); where formulas still do
    not fit, each formula column wraps too, its math breaking after a ``+``
    or a product's dot.
    """
    table = [head, *rows, foot]
    widths = [max(_cell_em(r[k]) for r in table) for k in range(len(head))]
    if sum(widths) + 1.2 * len(widths) <= limit:
        return "rl" + "r" * (len(head) - 2), "", head, rows, foot
    # A heading of two words on two lines ("weights" over "(bytes)"): a column as wide as its numbers.
    head = [h if " " not in h else "\\begin{tabular}[b]{@{}r@{}}" + h.replace(" ", "\\\\", 1) + "\\end{tabular}"
               for h in head]
    widths = [max([_cell_em(r[k]) for r in rows + [foot]] + [max(map(_cell_em, head[k].split("\\\\")))])
              for k in range(len(head))]
    formulas = [k for k in range(2, len(head)) if any("$" in r[k] for r in table)]
    layer = min(widths[1], _LAYER_EM)
    room = limit - 2.5 - 0.8 * len(widths)  # the columns' own, in the page's ems: a paragraph's indent and a margin kept
    numbers = sum(w for k, w in enumerate(widths) if k != 1 and k not in formulas) + layer
    choices = [(wrap, size, scale) for wrap in (False, True) for size, scale in _SIZES]
    for wrap, size, scale in choices:
        formula = len(formulas) * _FORMULA_EM if wrap else sum(widths[k] for k in formulas)
        if (numbers + formula) * scale <= room:
            break
    share = max((room / scale - numbers) / max(len(formulas), 1), _FORMULA_EM)
    wrapped = {1} | ({k for k in formulas if widths[k] > share} if wrap else set())  # a narrow one (times) stays
    spec = "r" + "".join(
        f"p{{{layer if k == 1 else share:.1f}em}}" if k in wrapped else "r" for k in range(1, len(head)))

    def set_row(r: list[str]) -> list[str]:
        # Ragged right in every wrapped cell; \\\\ still ends the row (LaTeX's \\arraybackslash, without its package).
        return [f"\\raggedright\\let\\\\\\tabularnewline {c}" if k in wrapped and c else c for k, c in enumerate(r)]

    return spec, size, head, [set_row(r) for r in rows], set_row(foot)


def _cell(label: str) -> str:
    """A label in a tabular cell, text mode: ``_`` escaped for LaTeX, a break allowed after each dot and ``_``."""
    return label.replace("_", "\\_\\allowbreak{}").replace(".", ".\\allowbreak{}")


def _joined(terms: Sequence[str], sep: str) -> str:
    """Terms joined; a term that starts with a minus joins as ``- term`` in a sum."""
    out = ""
    for k, t in enumerate(terms):
        if k == 0:
            out = t
        elif sep == " + " and t.startswith("-"):
            out += " - " + t[1:].lstrip()
        else:
            out += sep + t
    return out


def _break(terms: Sequence[str], sep: str, end: str, limit: float | None) -> list[str]:
    """``terms`` joined into pieces no wider than ``limit`` ems (the first piece's end included)."""
    whole = _joined(terms, sep) + end
    if limit is None or _em(whole) <= limit:
        return [whole]
    pieces: list[list[str]] = [[]]
    used = 0.0
    for t in terms:
        w = _em(t) + _em(sep)
        room = limit - (0.0 if len(pieces) == 1 else 1.0)  # a continuation is indented by \quad
        if pieces[-1] and used + w > room:
            pieces.append([])
            used = 0.0
        pieces[-1].append(t)
        used += w
    texts = []
    for k, p in enumerate(pieces):
        text = _joined(p, sep)
        if k > 0:
            text = (("- " + text[1:].lstrip()) if text.startswith("-") else "+ " + text) if sep == " + " else text
        if k < len(pieces) - 1 and sep != " + ":
            text += ","  # a list (a legend) continues on the next row
        texts.append(text)
    if end and _em(texts[-1]) + _em(end) > limit - 1.0:
        texts.append(end.lstrip().removeprefix("\\quad").lstrip())
    else:
        texts[-1] += end
    return texts


_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[{}_^]|[0-9]{2,}|[^\\{}_^\s]|\s+")  # a run of digits one token: a number of any length
_ZERO = {"\\left", "\\right", "\\displaystyle", "\\limits"}
_TEXTS = {"\\text", "\\mathit", "\\mathrm", "\\texttt"}
_WIDE = {"\\times": 1.22, "\\cdot": 0.72, "\\dots": 1.4, "\\quad": 1.0, "\\le": 1.22, "\\ge": 1.22, "\\sum": 1.6,
         "\\,": 0.17, "\\;": 0.28, "\\lfloor": 0.45, "\\rfloor": 0.45, "\\qquad": 2.0}


def _em(tex: str) -> float:
    """A generous estimate of the width of ``tex`` set in display math, in ems.

    Italic letters and digits count a little over half an em, upright text
    half an em, operators with their spacing about 1.2, scripts seven tenths;
    fractions count their wider part. Checked against pdflatex's own widths,
    it runs a few per cent wide, so a line it passes fits the page.
    """
    total = 0.0
    scale = [1.0]
    texts = [False]  # inside \text{} or a word: upright or word letters, spaces that count
    pending = 1.0  # the scale of the next group or token
    pending_text = False
    stack: list[float] = []
    frac: list[tuple[int, list[float]]] = []
    for tok in _TOKEN.findall(tex):
        if tok.isspace():
            if texts[-1]:
                total += 0.33 * scale[-1]
            continue
        if tok in ("_", "^"):
            pending = scale[-1] * 0.72
            continue
        if tok == "{":
            stack.append(total)
            scale.append(pending)
            texts.append(pending_text or texts[-1])
            pending, pending_text = scale[-1], False
            continue
        if tok == "}":
            if len(scale) > 1:
                scale.pop()
                texts.pop()
            pending = scale[-1]
            if frac and frac[-1][0] == len(stack):
                start, widths = frac[-1]
                widths.append(total - stack[-1])
                if len(widths) == 2:
                    total = stack[-1] - widths[0] + max(widths) + 0.3
                    frac.pop()
            if stack:
                stack.pop()
            continue
        if tok in ("\\frac", "\\dfrac", "\\tfrac"):
            frac.append((len(stack) + 1, []))
            continue
        if tok in _TEXTS:
            pending_text = True
            continue
        if tok in _ZERO or tok.startswith("\\begin") or tok.startswith("\\end") or tok in ("&", "\\\\"):
            continue
        if len(tok) > 1 and tok.isdigit():  # a script takes the first digit only (h_12 is h_1 then 2)
            total += 0.55 * pending + 0.55 * (len(tok) - 1) * scale[-1]
            pending = scale[-1]
            continue
        if tok in _WIDE:
            width = _WIDE[tok]
        elif texts[-1] and not tok.startswith("\\") or tok == "\\_":
            width = 0.55
        elif tok in ("+", "-", "="):
            width = 1.22
        elif tok.startswith("\\"):
            width = 0.85
        elif tok in "()[],.":
            width = 0.4
        # Italic letters and digits a little wider than their glyphs: italic corrections, script offsets.
        elif tok.isupper():
            width = 0.82
        elif tok.isdigit():
            width = 0.55
        else:
            width = 0.66
        total += width * pending
        pending = scale[-1]
    return total


def _elide(first: str, last: str) -> str:
    return f"{first} + \\dots + {last}"


def _equals(value: int, n_terms: int) -> str:
    return f" = {digits(value)}" if n_terms > 1 else ""


def _form_order(term: Any) -> int:
    """Sort key of a form's terms: sums of products (weights) first, then the rest."""
    if isinstance(term, sympy.Sum):
        f = term.function
        return 0 if f.is_Mul or f.is_Add else 1
    return 2


def _numbers(printer: SymcountLatexPrinter, terms: Sequence[Sequence[Any]], times: Any) -> str:
    """A numeric row's products as a person writes them: repeats counted, ``12 \\times (4 \\times 768 \\times 768 + 768)``."""
    sign = printer._sign("worked")
    parts = [printer._product(t, sign) for t in counted(terms)]
    inner = _joined(parts, " + ") or "0"
    if type(times) is int and times == 1 or inner == "0":
        return inner
    # Plain brackets, not \\left( \\right): a table's inline math may then break inside them.
    return f"{printer._print(times)}{sign}" + (f"({inner})" if len(parts) > 1 else inner)


def _quantity_totals(obj: Any) -> list[tuple[str, Any]]:
    """The totals a compute or memory result prints, labelled, in the order a paper gives them."""
    if kind_of(obj, ("Compute",)):
        out = [("forward", obj.forward_flops)]
        if all(r.backward_flops is not None for r in obj.layers):
            out += [("backward", obj.backward_flops), ("training step", obj.train_flops)]
        return out
    out = [("weights", obj.weight_bytes)]
    # In words where a share is a formula: each share is of a total above, its formula there.
    parts: tuple[tuple[str, bool], ...] = (("weights", obj.zero >= 3), ("gradients", obj.zero >= 2), ("optimizer state", True))
    if obj.optimizer is not None:
        out += [("gradients", obj.gradient_bytes), ("optimizer state", obj.optimizer_bytes),
                ("model states", obj.model_state_bytes)]
        if obj.zero:
            share = obj.per_device()["model_state_bytes"]
            out.append((f"per device, ZeRO-{obj.zero}", share if type(share) is int else _Shares(obj.devices, parts)))
    if obj.flow is not None and obj.optimizer is not None:
        out.append(("activations", obj.activation_bytes))
        if obj.zero:  # each device keeps its share of the states and its own batch's activations, whole
            step = obj.per_device()["training_bytes"]
            whole = parts + (("activations", False),)
            out.append(("training step, per device", step if type(step) is int else _Shares(obj.devices, whole)))
        else:
            out.append(("training step", obj.training_bytes))
    elif obj.flow is not None:
        out += [("key-value cache", obj.kv_cache_bytes), ("weights and cache", obj.inference_bytes)]
    return out


@dataclass(frozen=True)
class _Shares:
    """A device's ZeRO share of symbolic totals: each quantity whole, or its share (rounded up to a byte)."""

    devices: Any
    parts: tuple[tuple[str, bool], ...]


def _quantity_cells(
    printer: SymcountLatexPrinter, obj: Any, cell: Callable[[str], str]
) -> tuple[list[str], list[list[str]], list[str]]:
    """Header, rows and footer of a compute or memory result's per-row table (math in ``$``)."""
    def value(v: Any) -> str:
        return digits(v) if type(v) is int else "$" + (_joined(printer._quantity_terms(v), " + ") or "0") + "$"

    compute = kind_of(obj, ("Compute",))
    if not compute and (obj.flow is not None or obj.zero):
        raise OptionError(
            "the table style shows each row's parameters and their bytes; the key-value cache, the activations and "
            "a ZeRO share are the whole network's: print them in the collected style"
        )
    rows_of = obj.layers
    repeated = any(not (type(r.times) is int and r.times == 1) for r in rows_of)
    if compute:
        backward = all(r.backward_flops is not None for r in rows_of)
        columns = [("forward FLOPs", "forward_flops")] + ([("backward FLOPs", "backward_flops")] if backward else [])
        totals = [obj.forward_flops] + ([obj.backward_flops] if backward else [])
    else:
        training = obj.optimizer is not None
        columns = [("parameters", "params"), ("weights (bytes)", "weight_bytes")]
        columns += [("gradients", "gradient_bytes"), ("optimizer state", "optimizer_bytes")] if training else []
        totals = [obj._sum([r.params for r in rows_of]), obj.weight_bytes] + ([obj.gradient_bytes, obj.optimizer_bytes] if training else [])
    head = ["", "layer"] + (["times"] if repeated else []) + [name for name, _ in columns]
    rows = []
    for r in rows_of:
        label = cell(r.name or r.kind) + (f" ({cell(r.kind)})" if r.name else "")
        cells = [str(r.index), label] + ([value(r.times)] if repeated else [])
        rows.append(cells + [value(getattr(r, attr)) for _, attr in columns])
    foot = ["", "total"] + ([""] if repeated else []) + [value(v) for v in totals]
    return head, rows, foot


def _table_cells(
    printer: SymcountLatexPrinter, s: Any, cell: Callable[[str], str] | None = None
) -> tuple[list[str], list[list[str]], list[str], str]:
    """Header, rows, footer and column spec of the per-layer table, each cell LaTeX (math in ``$``).

    A symbolic network's formulas are its columns; a numeric one's rows show
    the formula (in the width symbols for an MLP, as products otherwise) and
    the counts. Where the formulas would not fit, one formula column remains.
    """
    sign = printer._sign("table")
    numeric = s.numeric
    rows: list[list[str]] = []
    mlp_numeric = numeric and s.widths is not None
    formulas: list[tuple[str, str, str]] = []
    for k, r in enumerate(s.layers):
        if mlp_numeric:
            # The symbolic columns name the widths h0..hl by position.
            h = [sympy.Symbol(f"h{j}", integer=True, positive=True) for j in (k, k + 1)]
            w_tex, b_tex = printer._product(h, sign), (str(printer._print(h[1])) if r.biases else "0")
            p_tex = f"{w_tex} + {b_tex}" if r.biases else w_tex
        elif numeric:
            w_tex = _numbers(printer, r.terms.weights, r.times)
            b_tex = _numbers(printer, r.terms.biases, r.times)
            p_tex = _numbers(printer, r.terms.weights + r.terms.biases, r.times)
        else:
            w_tex = _joined(printer._terms(collected([r.weights])), " + ") or "0"
            b_tex = _joined(printer._terms(collected([r.biases])), " + ") or "0"
            p_tex = _joined(printer._terms(collected([r.params])), " + ") or "0"
        formulas.append((w_tex, b_tex, p_tex))
    labels = [_em(f"\\text{{{r.name or r.kind} ({r.kind})}}") for r in s.layers]
    counts = [_em(" ".join(map(digits, (r.weights, r.biases, r.params)))) if numeric else 0.0 for r in s.layers]
    natural = max((lab + _em(w) + _em(b) + n for lab, (w, b, _), n in zip(labels, formulas, counts)), default=0.0) + 12
    limit = printer._settings["line_width"]
    wide = limit is not None and natural > limit
    if numeric:
        head = ["", "layer", "weights (formula)", "biases (formula)", "weights", "biases", "parameters"]
        if wide:
            head = ["", "layer", "parameters (formula)", "parameters"]
    else:
        head = ["", "layer", "weights", "biases", "parameters"]
        if wide:
            head = ["", "layer", "parameters"]
    cell = cell or _cell
    for r, (w_tex, b_tex, p_tex) in zip(s.layers, formulas):
        label = cell(r.name or r.kind) + (f" ({cell(r.kind)})" if r.name else "")
        if r.tied_to is not None:
            label += f", tied to {cell(r.tied_to)}"
        cells = [str(r.index), label]
        if numeric:
            cells += [f"${p_tex}$", digits(r.params)] if wide else [f"${w_tex}$", f"${b_tex}$", digits(r.weights), digits(r.biases), digits(r.params)]
        else:
            cells += [f"${p_tex}$"] if wide else [f"${w_tex}$", f"${b_tex}$", f"${p_tex}$"]
        rows.append(cells)
    if numeric:
        foot = ["", "total", "", digits(s.total)] if wide else ["", "total", "", "", digits(s.weights), digits(s.biases), digits(s.total)]
    else:
        total = _joined(printer._terms(s.collected()), " + ") or "0"
        foot = ["", "total", f"${total}$"] if wide else ["", "total", "", "", f"${total}$"]
    if wide:
        # Too wide for the page: the label and the one formula wrap in columns of fixed width,
        # the formula's inline math breaking after its + signs as a paragraph's would.
        budget = limit - 7.5 - (8.0 if numeric else 0.0)
        spec = f"rp{{{0.36 * budget:.1f}em}}p{{{0.64 * budget:.1f}em}}" + ("r" if numeric else "")
    else:
        spec = "rl" + ("l" * (len(head) - 2) if not numeric else "ll" + "rrr")
    return head, rows, foot, spec


def _is_choice(value: object, choices: Sequence[Any]) -> bool:
    """Whether ``value`` is one of ``choices``: the same object, or equal and of its type (never hashed)."""
    return any(value is c or (type(value) is type(c) and value == c) for c in choices)


def _validate(settings: dict[str, Any]) -> None:
    """Check our settings once, at the door; messages list the accepted values."""
    for key, choices in _CHOICES.items():
        value = settings[key]
        if not _is_choice(value, choices):
            listed = ", ".join(repr(c) for c in choices if c is not None)
            raise OptionError(f"{key} is {shown(value)}: expected one of {listed}")
    names = settings["symbol_names"]
    if not isinstance(names, dict):
        raise OptionError(f"symbol_names is {shown(names)}: expected SymPy's mapping of symbols to LaTeX, or 'paper'")
    name = settings["name"]
    if name is not None:
        check_family(name, "name")
    for key, minimum, maximum in (("start", 0, INDEX_LIMIT), ("head", 1, ELLIPSIS_LIMIT), ("tail", 1, ELLIPSIS_LIMIT)):
        if settings[key] is not None:
            check_count(settings[key], key, minimum, maximum)
    last = settings["last"]
    if last is not None and (not isinstance(last, str) or not _LAST.fullmatch(last)):
        raise OptionError(f"last is {shown(last)}: expected a name such as 'l', 'l-1' or 'l+1' (a shift of at most 6 digits)")
    width = settings["line_width"]
    if width is not None and (isinstance(width, bool) or not isinstance(width, (int, float)) or not 10 <= width <= 1000):
        raise OptionError(f"line_width is {shown(width)}: expected a width in ems from 10 to 1000, or None (never break)")


def symcount_printer(printer: Any) -> SymcountLatexPrinter:
    """``printer`` itself if it is ours, else one of ours with its SymPy settings carried over."""
    if isinstance(printer, SymcountLatexPrinter):
        return printer
    carried = {k: v for k, v in printer._settings.items() if k in LatexPrinter._default_settings and k != "mode"}
    carried = {k: v for k, v in carried.items() if v != LatexPrinter._default_settings[k]}
    return SymcountLatexPrinter(carried)


def print_result(printer: Any, obj: Any) -> str:
    """The ``_latex`` hook of every result: ``obj`` printed by ``printer`` (SymPy's or ours)."""
    return symcount_printer(printer).print_result(obj)


def latex(obj: Any, **settings: Any) -> str:
    """LaTeX for a network, summary, general or closed form, check report, solution or SymPy expression.

    Settings are SymPy's and :class:`SymcountLatexPrinter`'s; an unknown one, a
    bad value or one the style does not read is an ``OptionError``.

    >>> import symcount
    >>> print(latex(symcount.mlp(3), bias_group="brackets"))
    h_{0} h_{1} + h_{1} h_{2} + h_{2} h_{3} + \\left[h_{1} + h_{2} + h_{3}\\right]
    >>> print(latex(symcount.general(), style="ellipsis", name="n", last="l-1", head=3))
    n_{0} \\times n_{1} + n_{1} \\times n_{2} + n_{2} \\times n_{3} + \\dots + n_{l-2} \\times n_{l-1} + \\left(n_{1} + n_{2} + n_{3} + \\dots + n_{l-1}\\right)
    >>> print(latex(symcount.models.gpt2(), symbol_names="paper"))
    \\begin{aligned}
    &12 L d^{2} + 13 L d + V d + P d + 2 d \\\\
    &\\text{where } V \\text{ is the vocabulary size},\\; P \\text{ is the number of positions}, \\\\
    &\\quad d \\text{ is the width},\\; L \\text{ is the number of layers}
    \\end{aligned}
    """
    return str(SymcountLatexPrinter(settings).doprint(obj))


def markdown(obj: Any, **settings: Any) -> str:
    """Markdown: the formula between ``$$`` lines (KaTeX, MathJax), or a pipe table for ``style="table"``.

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
    if settings.get("mode", "plain") != "plain":
        raise OptionError("mode does not apply to markdown(): it puts the formula between $$ lines itself")
    printer = SymcountLatexPrinter(settings)
    if kind_of(obj, ("Sweep",)):
        printer._style("table", ("table",), "a sweep")
        if len(obj) > SWEEP_ROWS:
            raise OptionError(f"a sweep of {len(obj)} points is too long for a Markdown table (at most {SWEEP_ROWS}): write it as CSV")
        head, rows = _sweep_cells(printer, obj)
        lines = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])
    if settings.get("style") == "table" and kind_of(obj, ("Compute", "Memory")):
        obj = printer.prepared(obj)  # refuses bias and symbol_names, as latex() does
        printer._style("table", ("table",), f"a {type(obj).__name__.lower()} result")
        printer._no_legend("a table of a result")
        head, rows, foot = _quantity_cells(printer, obj, _markdown_cell)
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" if h == "layer" else "---:" for h in head) + "|"]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows + [[foot[0], f"**{foot[1]}**", *foot[2:]]]])
    if settings.get("style") == "table":
        obj = printer.prepared(obj)
        summary = obj.summary() if hasattr(obj, "summary") else obj
        if not hasattr(summary, "layers"):
            raise OptionError(f"style 'table' applies to a network or its summary, not a {type(obj).__name__}")
        printer._style("table", ("table",), "a network")
        head, rows, foot, _ = _table_cells(printer, summary, _markdown_cell)
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---:" if h in ("", "weights", "biases", "parameters") and summary.numeric else "---" for h in head) + "|"]
        lines += ["| " + " | ".join(r) + " |" for r in rows + [[foot[0], f"**{foot[1]}**", *foot[2:]]]]
        legend = printer.table_legend(summary)
        return "\n".join(lines + (["", legend + "."] if legend else []))
    return f"$$\n{printer.doprint(obj)}\n$$"


def tex_document(obj: Any, **settings: Any) -> str:
    """A standalone ``.tex`` document (``article``, ``amsmath``) that compiles as it is.

    >>> import symcount
    >>> print(tex_document(symcount.mlp(1)))
    \\documentclass{article}
    \\usepackage{amsmath}
    \\begin{document}
    \\[
    h_{0} h_{1} + h_{1}
    \\]
    \\end{document}
    <BLANKLINE>
    """
    body = latex(obj, **settings)
    if settings.get("mode", "plain") == "plain" and not body.startswith("\\begin{tabular}"):
        body = f"\\[\n{body}\n\\]"  # bare math needs a math environment in a document
    return "\n".join(["\\documentclass{article}", "\\usepackage{amsmath}", "\\begin{document}", body, "\\end{document}", ""])


def display(obj: Any) -> str:
    """``$\\displaystyle ...$``, the form Jupyter's ``_repr_latex_`` returns."""
    return f"$\\displaystyle {latex(obj)}$"
