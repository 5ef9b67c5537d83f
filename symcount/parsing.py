"""A safe reader for parameter-count formulas, in plain text or LaTeX.

The input may come from anyone (a student, a web form), so nothing here runs
it: no ``eval``, ``sympify`` or ``parse_expr``. A tokenizer and a
recursive-descent parser build SymPy objects from an allowlist: integers,
indexed widths (``h0``, ``h_{l-1}``), the depth ``l``, a summation index,
``+ - * / ^``, grouping, ``\\sum`` with bounds, and ``\\dots``. Limits on
length, nesting, digits and exponents are checked while reading, so hostile
input fails fast with a :class:`FormulaSyntaxError` naming the position.

>>> from symcount.parsing import parse
>>> parse("h0*h1 + h1 h2 + [h1 + h2]").sides
(h[0]*h[1] + h[1]*h[2] + h[1] + h[2],)
>>> parse(r"n_1+n_2+n_3+\\dots+n_{l-1}").sides
(Sum(n[i], (i, 1, l - 1)),)
>>> parse(r"784\\times 16+16\\times16+16\\times10=12960").sides
(12960, 12960)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sympy

from .errors import SymcountError
from .symbols import symbol

__all__ = ["FormulaSyntaxError", "Parsed", "parse", "LIMITS"]

#: The limits checked while reading; past one, a FormulaSyntaxError.
LIMITS = {
    "length": 100_000,  # characters of input
    "nesting": 100,  # parentheses, sums and exponents inside one another
    "digits": 1_000,  # digits of one integer
    "exponent": 64,  # the largest integer exponent
    "terms": 100_000,  # tokens
    "span": 10_000,  # terms one \sum or \dots stands for, and the largest width index
}


class FormulaSyntaxError(SymcountError):
    """A formula that cannot be read; ``position`` is the 0-based offset of the problem."""

    def __init__(self, message: str, position: int, text: str = "") -> None:
        self.position = position
        self.rule = message
        near = f" near {text[position:position + 12]!r}" if text and position < len(text) else ""
        super().__init__(f"at position {position}{near}: {message}")


@dataclass(frozen=True)
class Parsed:
    """What a formula says: one side, or the sides of an equation, as SymPy expressions."""

    sides: tuple[Any, ...]
    latex: bool  # written in LaTeX (a backslash command or braces), else plain text
    names: tuple[str, ...]  # the width names used (``h``), in order of appearance
    ellipsis: bool = False  # written with \dots


_SKIP = re.compile(
    r"\s+|\$|\\[,;:! ]|\\q?quad(?![A-Za-z])|\\displaystyle(?![A-Za-z])|\\left(?![A-Za-z])|\\right(?![A-Za-z])|\\[bB]igg?[lr]?(?![A-Za-z])|\\mathrm(?![A-Za-z])|\\text(?![A-Za-z])"
)
_TOKENS = [
    ("NUMBER", re.compile(r"[0-9]+")),
    ("DOTS", re.compile(r"\\dots[bc]?(?![A-Za-z])|\\ldots(?![A-Za-z])|\\cdots(?![A-Za-z])|\.\.\.|…")),
    ("POW", re.compile(r"\*\*|\^")),
    ("TIMES", re.compile(r"\\times(?![A-Za-z])|\\cdot(?![A-Za-z])|[*×·⋅]")),
    ("PLUS", re.compile(r"\+")),
    ("MINUS", re.compile(r"-|−")),
    ("DIV", re.compile(r"/")),
    ("LPAR", re.compile(r"\(|\[|\\\{|\{")),
    ("RPAR", re.compile(r"\)|\]|\\\}|\}")),
    ("EQ", re.compile(r"=")),
    ("SUM", re.compile(r"\\sum(?![A-Za-z])")),
    ("SUB", re.compile(r"_")),
    ("LETTER", re.compile(r"[A-Za-z]")),
]
_CLOSING = {"(": ")", "[": "]", "\\{": "\\}", "{": "}"}


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    pos: int


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        skip = _SKIP.match(text, pos)
        if skip:
            pos = skip.end()
            continue
        for kind, pattern in _TOKENS:
            m = pattern.match(text, pos)
            if m:
                tokens.append(_Token(kind, m.group(), pos))
                pos = m.end()
                break
        else:
            command = re.match(r"\\[A-Za-z]+", text[pos:])
            what = f"the command {command.group()}" if command else f"the character {text[pos]!r}"
            raise FormulaSyntaxError(f"{what} is not part of a parameter-count formula", pos, text)
        if len(tokens) > LIMITS["terms"]:
            raise FormulaSyntaxError(f"more than {LIMITS['terms']} symbols", pos, text)
    return tokens


class _Reader:
    """Recursive descent over the tokens; each method reads one grammar rule."""

    def __init__(self, text: str, tokens: list[_Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.k = 0
        self.nesting = 0
        self.names: dict[str, None] = {}
        self.index_vars: list[Any] = []  # summation indices in scope

    # -- helpers --------------------------------------------------------------

    def peek(self, offset: int = 0) -> _Token | None:
        j = self.k + offset
        return self.tokens[j] if j < len(self.tokens) else None

    def pos(self) -> int:
        t = self.peek()
        return t.pos if t else len(self.text)

    def fail(self, message: str, pos: int | None = None) -> FormulaSyntaxError:
        return FormulaSyntaxError(message, self.pos() if pos is None else pos, self.text)

    def take(self, kind: str, what: str) -> _Token:
        t = self.peek()
        if t is None or t.kind != kind:
            found = "the end of the formula" if t is None else repr(t.text)
            raise self.fail(f"expected {what}, found {found}")
        self.k += 1
        return t

    def enter(self) -> None:
        self.nesting += 1
        if self.nesting > LIMITS["nesting"]:
            raise self.fail(f"nested more than {LIMITS['nesting']} deep")

    # -- grammar ----------------------------------------------------------------

    def equation(self) -> tuple[Any, ...]:
        sides = [self.expr()]
        while self.peek() is not None and self.peek().kind == "EQ":  # type: ignore[union-attr]
            self.k += 1
            sides.append(self.expr())
        if self.peek() is not None:
            t = self.peek()
            assert t is not None
            expected = "an operator such as + or *" if t.kind != "RPAR" else "no closing bracket here"
            raise self.fail(f"{expected}; found {t.text!r}")
        return tuple(sides)

    def expr(self) -> Any:
        """Terms joined by + and -, with \\dots standing for the terms between its neighbours."""
        parts: list[tuple[Any, int]] = []  # (term, position); None marks \dots
        sign = 1
        start = self.pos()
        if self.peek() is not None and self.peek().kind in ("PLUS", "MINUS"):  # type: ignore[union-attr]
            sign = -1 if self.take(self.peek().kind, "a sign").kind == "MINUS" else 1  # type: ignore[union-attr]
        while True:
            t = self.peek()
            if t is not None and t.kind == "DOTS":
                if sign < 0:
                    raise self.fail("\\dots must be added, not subtracted", t.pos)
                self.k += 1
                parts.append((None, t.pos))
                nxt = self.peek()
                if nxt is not None and nxt.kind not in ("PLUS", "MINUS", "RPAR", "EQ"):
                    raise self.fail("expected + after \\dots (the term after the dots is not joined to them)")
            else:
                pos = self.pos()
                parts.append((sign * self.term(), pos))
            t = self.peek()
            if t is None or t.kind not in ("PLUS", "MINUS"):
                break
            self.k += 1
            sign = -1 if t.kind == "MINUS" else 1
        if any(p is None for p, _ in parts):
            return _fill_ellipses(parts, self, start)
        return sympy.Add(*(p for p, _ in parts))

    def term(self) -> Any:
        """Factors joined by *, /, or nothing at all (``h0 h1``)."""
        value = self.signed()
        while True:
            t = self.peek()
            if t is None:
                return value
            if t.kind in ("TIMES", "DIV"):
                self.k += 1
                right = self.signed()
                if t.kind == "DIV":
                    if right == 0:
                        raise self.fail("division by zero", t.pos)
                    right = 1 / right
                value = value * right
            elif t.kind in ("NUMBER", "LETTER", "LPAR", "SUM"):
                value = value * self.signed()
            else:
                return value

    def signed(self) -> Any:
        t = self.peek()
        if t is not None and t.kind == "MINUS":
            self.k += 1
            self.enter()
            value = -self.signed()
            self.nesting -= 1
            return value
        return self.power()

    def power(self) -> Any:
        base = self.atom()
        t = self.peek()
        if t is None or t.kind != "POW":
            return base
        self.k += 1
        self.enter()
        exponent = self.atom()
        nxt = self.peek()
        if nxt is not None and nxt.kind == "POW":
            raise self.fail(f"a tower of exponents; an exponent is an integer up to {LIMITS['exponent']}", nxt.pos)
        self.nesting -= 1
        if not (exponent.is_Integer and 0 <= exponent <= LIMITS["exponent"]):
            raise self.fail(f"an exponent is an integer from 0 to {LIMITS['exponent']}, not {exponent}", t.pos)
        if base.is_Integer and int(base).bit_length() * int(exponent) > 4 * LIMITS["digits"] * 4:
            raise self.fail(f"a power of more than about {LIMITS['digits'] * 4} digits", t.pos)
        return base**exponent

    def atom(self) -> Any:
        t = self.peek()
        if t is None:
            raise self.fail("expected a number, a width or a bracket, found the end of the formula")
        if t.kind == "NUMBER":
            self.k += 1
            if len(t.text) > LIMITS["digits"]:
                raise self.fail(f"an integer of more than {LIMITS['digits']} digits", t.pos)
            return sympy.Integer(int(t.text))
        if t.kind == "LPAR":
            self.k += 1
            self.enter()
            inner = self.expr()
            close = self.take("RPAR", f"{_CLOSING[t.text]!r} to close the {t.text!r} at position {t.pos}")
            if close.text != _CLOSING[t.text] and not (t.text in "([" and close.text in ")]"):
                raise self.fail(f"{t.text!r} at position {t.pos} is closed by {close.text!r}", close.pos)
            self.nesting -= 1
            return inner
        if t.kind == "SUM":
            return self.summation()
        if t.kind == "LETTER":
            return self.name()
        raise self.fail(f"expected a number, a width or a bracket, found {t.text!r}")

    def name(self) -> Any:
        t = self.take("LETTER", "a name")
        letter = t.text
        nxt = self.peek()
        # An index: h0, h12, h_0, h_{12}, h_{l-1}, h_i.
        if nxt is not None and nxt.kind == "NUMBER" and nxt.pos == t.pos + 1:
            self.k += 1
            return self.width(letter, sympy.Integer(int(nxt.text)), t.pos)
        if nxt is not None and nxt.kind == "SUB":
            self.k += 1
            return self.width(letter, self.subscript(), t.pos)
        for var in self.index_vars:
            if var.name == letter:
                return var
        if letter == "l":
            return symbol("l")
        raise self.fail(
            f"{letter!r} is not a width (write {letter}0, {letter}_1, {letter}_{{l-1}}) nor the depth l", t.pos
        )

    def subscript(self) -> Any:
        t = self.peek()
        if t is not None and t.kind == "LPAR" and t.text == "{":
            self.k += 1
            self.enter()
            index = self.expr()
            self.take("RPAR", "'}' to close the subscript")
            self.nesting -= 1
            return index
        if t is not None and t.kind == "NUMBER":
            self.k += 1
            return sympy.Integer(int(t.text))
        if t is not None and t.kind == "LETTER":
            return self.name()
        raise self.fail("expected a subscript: a number, a letter, or {...}")

    def width(self, letter: str, index: Any, pos: int) -> Any:
        if letter == "l":
            raise self.fail("l is the depth, not a width: it takes no index", pos)
        if any(v.name == letter for v in self.index_vars):
            raise self.fail(f"{letter!r} is the summation index here, not a width", pos)
        if not (index.is_integer and (index.is_Integer is False or index >= 0)):
            raise self.fail(f"the index of {letter} must be a whole number or an expression in l and i", pos)
        if index.is_Integer and index > LIMITS["span"]:
            raise self.fail(f"a width index above {LIMITS['span']}", pos)
        self.names[letter] = None
        return sympy.IndexedBase(letter, integer=True, positive=True)[index]

    def summation(self) -> Any:
        start = self.take("SUM", "\\sum").pos
        self.take("SUB", "_{i=...} after \\sum")
        opened = self.take("LPAR", "'{' after \\sum_")
        var_token = self.take("LETTER", "the summation index, such as i")
        if var_token.text == "l":
            raise self.fail("l is the depth; the summation index needs another letter", var_token.pos)
        self.take("EQ", "'=' in the lower bound")
        self.enter()
        lower = self.expr()
        self.take("RPAR", f"'}}' to close the lower bound opened at {opened.pos}")
        self.take("POW", "^{...}, the upper bound")
        upper = self.atom() if self.peek() is not None and self.peek().kind != "LETTER" else self.name()  # type: ignore[union-attr]
        var = sympy.Symbol(var_token.text, integer=True)
        self.index_vars.append(var)
        body = self.signed()
        while self.peek() is not None and self.peek().kind in ("TIMES", "NUMBER", "LETTER", "LPAR"):  # type: ignore[union-attr]
            if self.peek().kind == "TIMES":  # type: ignore[union-attr]
                self.k += 1
            body = body * self.signed()
        self.index_vars.pop()
        self.nesting -= 1
        problem = _bounds_problem(lower, upper)
        if problem:
            raise self.fail(problem, start)
        return sympy.Sum(body, (var, lower, upper))


def _fill_ellipses(parts: list[tuple[Any, int]], reader: _Reader, start: int) -> Any:
    """Replace each \\dots by the sum its neighbours imply, or say why no pattern fits."""
    out: list[Any] = []
    k = 0
    while k < len(parts):
        term, pos = parts[k]
        if term is not None:
            out.append(term)
            k += 1
            continue
        # The run of terms just before the dots (at most 3 used) and the one just after.
        before: list[Any] = []
        j = len(out) - 1
        while j >= 0 and len(before) < 3:
            before.insert(0, out[j])
            j -= 1
        if not before or k + 1 >= len(parts) or parts[k + 1][0] is None:
            raise FormulaSyntaxError("\\dots needs a term before it and a term after it", pos, reader.text)
        after = parts[k + 1][0]
        filled = _pattern_sum(before, after)
        if filled is None:
            raise FormulaSyntaxError(
                "cannot tell which terms \\dots stands for: its neighbours follow no pattern "
                "with indices rising by 1 (such as h_1 + h_2 + \\dots + h_l)",
                pos,
                reader.text,
            )
        # The sum takes in the terms before the dots that fit its pattern, and the one after.
        total, count = filled
        del out[len(out) - count :]
        out.append(total)
        k += 2
    return sympy.Add(*out)


def _pattern_sum(before: list[Any], after: Any) -> tuple[Any, int] | None:
    """``Sum(f(i), (i, a, b))`` through the terms before the dots and the one after, if they fit.

    Each term must be the same shape with every width index one larger than
    in the term before. The longest fitting run of terms just before the
    dots is used; returns the sum and how many of ``before`` it takes in.
    """
    i = sympy.Symbol("i", integer=True)
    idx_after = _ordered_indices(after)
    if not idx_after:
        return None
    offsets = [sympy.expand(x - idx_after[-1]) for x in idx_after]
    template = _template(after, idx_after, offsets, i)
    for use in range(len(before), 0, -1):
        run = before[len(before) - use :]
        first_idx = _ordered_indices(run[0])
        if len(first_idx) != len(idx_after):
            continue
        a = first_idx[-1]
        if not a.is_Integer:
            continue
        ok = all(sympy.expand(template.xreplace({i: a + n}) - t) == 0 for n, t in enumerate(run))
        if not ok:
            continue
        b = idx_after[-1]
        if (b - a).is_Integer and b - a < use:
            return None  # the term after the dots comes no later than those before
        if _bounds_problem(a, b):
            return None
        return sympy.Sum(template, (i, a, b)), use
    return None


def _bounds_problem(lower: Any, upper: Any) -> str:
    """Why a sum's bounds are refused ('' if they are fine): only n or l + n, and a bounded span.

    Bounds like l**9 or 10**9 would make the checker write out more terms
    than any formula means.
    """
    l = symbol("l")
    for bound in (lower, upper):
        if bound.free_symbols - {l} or sympy.expand(bound - l).free_symbols and not bound.is_Integer:
            return "a bound of a sum is a whole number, or l plus or minus a whole number"
    span = sympy.expand(upper - lower)
    if span.is_Integer and span > LIMITS["span"]:
        return f"a sum of more than {LIMITS['span']} terms"
    return ""


def _ordered_indices(term: Any) -> list[Any]:
    """The width indices of ``term``, smallest first (``l-2`` before ``l-1``)."""
    found = [e.indices[0] for e in sympy.preorder_traversal(term) if isinstance(e, sympy.Indexed)]
    return sorted(found, key=lambda x: (sympy.default_sort_key(x.as_coeff_Add()[1]), x.as_coeff_Add()[0]))


def _template(after: Any, idx_after: list[Any], offsets: list[Any], i: Any) -> Any:
    """``after`` with its last index written as ``i`` (others as ``i`` plus their offset)."""
    mapping = {x: i + off for x, off in zip(idx_after, offsets)}
    return after.replace(lambda e: isinstance(e, sympy.Indexed), lambda e: e.base[mapping[e.indices[0]]])


def parse(text: str) -> Parsed:
    """Read a formula (plain text or LaTeX) into SymPy, safely; or raise FormulaSyntaxError."""
    if not isinstance(text, str):
        raise FormulaSyntaxError(f"a formula is text, not {type(text).__name__}", 0)
    if len(text) > LIMITS["length"]:
        raise FormulaSyntaxError(f"longer than {LIMITS['length']} characters ({len(text)})", LIMITS["length"])
    if not text.strip():
        raise FormulaSyntaxError("the formula is empty", 0)
    tokens = _tokenize(text)
    reader = _Reader(text, tokens)
    sides = reader.equation()
    is_latex = "\\" in text or "{" in text
    return Parsed(sides, is_latex, tuple(reader.names), any(t.kind == "DOTS" for t in tokens))
