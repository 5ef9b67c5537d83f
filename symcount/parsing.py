"""A safe reader for parameter-count formulas, in plain text or LaTeX.

The input may come from anyone (a student, a web form), so nothing here runs
it: no ``eval``, ``sympify`` or ``parse_expr``. A tokenizer and a
recursive-descent parser build SymPy objects from an allowlist: integers,
indexed widths (``h0``, ``h_{l-1}``), the depth ``l``, a summation index,
``+ - * / ^``, grouping, ``\\sum`` with bounds, and ``\\dots``. Limits on
length, nesting, digits and exponents are checked while reading, so hostile
input fails fast with a :class:`FormulaSyntaxError` naming the position;
:func:`written_out` counts the terms and digits a formula would make before
SymPy writes out its sums and multiplies out its products (:data:`LIMITS`).

>>> from symcount.parsing import parse
>>> parse("h0*h1 + h1 h2 + [h1 + h2]").sides
(h[0]*h[1] + h[1]*h[2] + h[1] + h[2],)
>>> parse(r"n_1+n_2+n_3+\\dots+n_{l-1}").sides
(Sum(n[_i], (_i, 1, l - 1)),)
>>> parse(r"784\\times 16+16\\times16+16\\times10=12960").sides
(12960, 12960)
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from collections.abc import Iterable, Mapping
from typing import Any

import sympy

from ._forms import is_written_out
from .errors import FormulaError, FormulaSyntaxError, UnsupportedError
from .symbols import symbol

__all__ = ["FormulaSyntaxError", "Parsed", "parse", "written_out", "written_terms", "LIMITS"]

#: The limits checked while reading; past one, a FormulaSyntaxError.
#: Each bounds work, not text: the terms and digits a formula makes are counted before they are made.
LIMITS = {
    "length": 100_000,  # characters of input
    "tokens": 20_000,  # numbers, letters, operators and brackets
    "nesting": 100,  # parentheses, sums and exponents inside one another
    "digits": 1_000,  # digits of one integer as written
    "number": 100_000,  # digits of the numbers a formula makes: a power, a product, all its coefficients written out
    "exponent": 64,  # the largest integer exponent
    "index": 1_000,  # the largest width index, at any depth and any value of a summation index
    "terms": 2_000,  # terms of the formula written out: each sum by its terms, products of sums multiplied out
}
_NUMBER_BITS = int(LIMITS["number"] * 3.33)  # about as many bits as the digits allow


@dataclass(frozen=True)
class Parsed:
    """What a formula says: one side, or the sides of an equation, as SymPy expressions."""

    sides: tuple[Any, ...]
    latex: bool  # written in LaTeX (a backslash command or braces), else plain text
    names: tuple[str, ...]  # the width names used (``h``), in order of appearance
    ellipsis: bool = False  # written with \dots
    depth: str | None = None  # the letter written for the depth (``l`` or ``L``), if any
    others: tuple[str, ...] = ()  # letters that are neither widths, the depth nor an index (a layer's sizes?)
    layer_index: Any = None  # the symbol i of a formula for one layer, n_i .. n_{i+1}
    notes: tuple[str, ...] = ()  # how the text was read, where it could be read otherwise
    first: int | None = None  # the first width's index, where the notation says it (UFLDL's n_l: 1)
    # Rounded counts (124.4M, 68.5 billion), read with parse(rounded=True): each a symbol in ``sides``,
    # here its text, its value as written and half its last digit's place (124.4M is 124,400,000 +- 50,000).
    rounded: Mapping[Any, tuple[str, Any, Any]] = field(default_factory=dict)
    approximate: bool = False  # joined by \approx (or a left-hand side ended by it)


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
    ("EQ", re.compile(r"=|\\approx(?![A-Za-z])")),
    ("SUM", re.compile(r"\\sum(?![A-Za-z])")),
    ("SUB", re.compile(r"_")),
    ("FRAC", re.compile(r"\\[dt]?frac(?![A-Za-z])")),
    ("LETTER", re.compile(r"[A-Za-zℓ]")),
]
_CLOSING = {"(": ")", "[": "]", "\\{": "\\}", "{": "}"}


# -- normalising what people paste ------------------------------------------------------------
#
# Before the tokenizer, the text as written is rewritten into the plain LaTeX the grammar reads:
# Unicode as pasted from a web page, math wrappers, a left-hand side, trailing punctuation,
# thousands separators and ``2x2``. Every character of the result remembers where it came from,
# so an error quotes the student's own text at the right place.

_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾⁼ˡⁱⁿᴸ", "0123456789+-()=linL"))
_SUBSCRIPTS = {**dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₍₎₌", "0123456789+-()=")), "ₗ": "l", "ᵢ": "i", "ₙ": "n", "ₖ": "k", "ⱼ": "j"}
_CHARACTERS = {
    "−": "-", "–": "-", "‒": "-", "‐": "-",
    "×": "*", "✕": "*", "⨯": "*", "∗": "*", "·": "*", "⋅": "*", "•": "*", "∙": "*",
    "≈": "\\approx ", "≃": "\\approx ", "≅": "\\approx ",
    "∑": "\\sum ", "Σ": "\\sum ", "⅀": "\\sum ",
    "…": "\\dots ", "⋯": "\\dots ", "⋮": "\\dots ",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\u200b": "",
    "（": "(", "）": ")", "［": "[", "］": "]",
}
_WRAPPERS = re.compile(
    r"\\begin\{(?:equation|align|gather|multline|displaymath|math|eqnarray)\*?\}"
    r"|\\end\{(?:equation|align|gather|multline|displaymath|math|eqnarray)\*?\}"
    r"|\\\[|\\\]|\\\(|\\\)|\\(?:label|tag)\{[^{}]*\}|\\(?:nonumber|notag|limits|nolimits)(?![A-Za-z])|&|\\\\"
)
_COMMANDS = [
    (re.compile(r"\\(?:ast|bullet|cdotp)(?![A-Za-z])"), "*"),
    (re.compile(r"\\ell(?![A-Za-z])"), "ℓ"),
    (re.compile(r"\\_"), "_"),
    (re.compile(r"\\(max|min)(?![A-Za-z])"), r"\1"),
    (re.compile(r"\\(?:textstyle|scriptstyle|displaystyle)(?![A-Za-z])"), ""),
    (re.compile(r"==|:="), "="),
    (re.compile(r"\\(?:simeq|thickapprox|approxeq)(?![A-Za-z])"), r"\\approx"),
    (re.compile(r"^\s*(?:=+|\\approx(?![A-Za-z]))"), ""),
    (re.compile(r"\\(?:mathit|mathbf|mathsf|mathnormal|boldsymbol|bm)(?![A-Za-z])"), ""),
    (re.compile(r"~"), " "),
    (re.compile(r"(?<![A-Za-z\\])(?:sum|Sum|SUM)(?=\s*_)"), "\\\\sum"),
]
# 13,002  12{,}960  13\,002  12 960  13~002  205'056: groups of three digits after one to three.
_THOUSANDS = re.compile(r"(?<![\w^.}])(\d{1,3})((?:(?:,|\{,\}|\\,|\\ | |'|’)\d{3}(?![\d]))+)")
# 295.168 parameters: a whole count with dots between its groups of three (not 131.072M, an approximation).
_DOTTED_THOUSANDS = re.compile(r"(?<![\w^.}])([1-9]\d{0,2})((?:\.\d{3})+)(?![\d.]|\s*(?:[KMBTkmbt]|thousand|million|billion|trillion|bn)(?![A-Za-z]))")
# A note in brackets after a term, not a factor: 4 d^2 (Q, K, V, O); 6 (hidden layer 1 neurons); c_out (bias).
_ANNOTATION = re.compile(r"(?<=[\w)}\]])[ \t]*\(([^()+\-*/^=<>\\{}]*)\)")
# The words a count is counted in: 18 weights, 6 (biases), 24 parameters.
_COUNTED = r"weights?|bias(?:es)?|params|parameters?"
_NOTE_WORDS = re.compile(rf"\s*(?:{_COUNTED}|offsets?|total)\s*", re.IGNORECASE)
_ASSERT = re.compile(r"^\s*assert\s+")
# A size written in words: words and identifiers with spaces between them, up to an operator
# or a lone x (a times sign); read whole only where the letters read one by one fit no size.
_PHRASE = re.compile(r"(?![xX](?![A-Za-z0-9_]))(?:#|[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)(?:[ \t]+(?![xX](?![A-Za-z0-9_]))[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)*")
# One piece of math in a sentence: $...$, $$...$$ or \(...\).
_MATH_SPAN = re.compile(r"\$\$([^$]+)\$\$|\$([^$]+)\$|\\\(((?:(?!\\[()]).)+)\\\)", re.DOTALL)
# In a sentence around a worked number: a word, an ordinal (the 1st one), a word in \text{...}.
_PROSE_WORD = re.compile(r"\d+(?:st|nd|rd|th)(?![A-Za-z])|[A-Za-z]{2,}(?![A-Za-z])|(?<![A-Za-z])[aAI](?=\s)|(?:(?![A-Za-z0-9])[^\W_])+")
_TEXT_WORDS = re.compile(r"\\text\s*\{([A-Za-z ]*)\}")
# Words about the numbers, not sizes: 18 (weights) + 6 (biases) = 24 parameters; 2 weights + 1 bias = 3.
_UNITS = re.compile(
    rf"(?<=[0-9)}}])[ \t]*(?:\((?:{_COUNTED}|param)\)|(?:{_COUNTED}|neurons?)(?![A-Za-z]))",
    re.IGNORECASE,
)
# A row of a Keras model summary: name (Type) output-shape params, as pasted; its count is what it says.
_KERAS_ROW = re.compile(
    r"^\s*[A-Za-z][\w.]*\s+\(\s*[A-Za-z]\w*\s*\)?\s+(?:\(\s*(?:None|\d+)(?:\s*,\s*(?:None|\d+))*\s*\)|multiple)\s+(\d[\d,]*)\s*$"
)
# A rounded count: 124.4M, 0.59 M, 68.5B, 1.2 million; in a sentence also 262M, 69B, 13k. The scale's
# letter is a size in a formula (12M is 12 times M), so there a decimal point is asked for.
_SCALES = {"k": 3, "K": 3, "thousand": 3, "M": 6, "million": 6, "B": 9, "billion": 9, "bn": 9, "T": 12, "trillion": 12}
_ROUNDED = re.compile(r"(\d+)(?:\.(\d+))?[ \t]?(thousand|million|billion|trillion|bn|[kKMBT])(?![A-Za-z0-9_])")
_APPROXIMATE = re.compile(r"[≈≃≅]|\\(?:approx|simeq|thickapprox|approxeq)(?![A-Za-z])")
# A part of a count named in words, its formula in math after it: "Total Weights ($ ... $) + Bias Parameters ($ ... $)".
# (A label of at most six words: each start scans a bounded stretch, so a long run of words is linear.)
_LABELLED_MATH = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{2,40}(?:[ \t]{1,8}[A-Za-z]{1,40}){0,5}[ \t]{0,8}\([ \t]*\$([^$]+)\$[ \t]*\)")
# The two parts of a count joined by a word: "784×16 + ... weights and 16 + 16 + 10 biases" is their sum.
_PARTS = re.compile(
    r"(?<=[0-9)}\]])([ \t]*(?:weights?|bias(?:es)?))[ \t]+(?:and|plus)[ \t]+"
    r"(?=[^A-Za-z=]*[0-9)}\]][ \t]*(?:weights?|bias(?:es)?)(?![A-Za-z]))", re.IGNORECASE)
# A bias term written as code's choice: (bias_enabled ? nout : 0), (use_bias ? c_out : 0).
# (Each part bounded and none overlapping its neighbour: linear on hostile text.)
_BIAS_CHOICE = re.compile(r"\(\s{0,8}([A-Za-z_]{1,64})\s{0,8}\?([^:?()=]{1,200}):\s{0,8}0\s{0,8}\)")
# UFLDL's n_l, the number of layers counting the input, as a sum's bound: \sum_{l=1}^{n_l-1} s_{l+1}(s_l+1).
_LAYER_COUNT_NOTE = "n_l read as the number of layers, the input's counted: widths numbered 1 .. n_l"
_LAYER_COUNT = re.compile(r"(?<=\^)(\{?\s*)n_\{?([lL])\}?(?![A-Za-z0-9])")
# A width said in words with its layer's index: "Number of Neurons in Layer i+1" is h_{i+1}.
_WIDTH_OF_LAYER = re.compile(
    r"(?:the\s+)?(?:number|no\.|#)\s+of\s+(?:neurons|units|nodes)\s+in\s+(?:the\s+)?layer\s+"
    r"([A-Za-z]|\d+)(?:\s*([+-])\s*(\d+))?(?![A-Za-z0-9])", re.IGNORECASE)
_TIMES_X = re.compile(r"(?<=\d)(\s*)[xX](\s*)(?=[\d(\[])|(?<=[)\]])(\s*)[xX](\s*)(?=\d)")
# One way only to split a left-hand side into names (a word is every letter of a run), so a text
# with no '=' fails in linear time rather than trying each of the exponentially many splits.
_NAME = (
    r"(?:\\#\s*|#\s*)?"
    r"(?:\\(?:text|mathrm|operatorname|textrm|mbox|mathit|textit)\s*\{[^{}=]*\}"
    r"|[A-Za-z]{2,}(?![A-Za-z])(?:_[A-Za-z]{2,}(?![A-Za-z]))*[0-9]*(?![0-9])"
    r"|[A-Za-z](?![A-Za-z])(?:_(?:\{[^{}=0-9]*\}|\{\\(?:text|mathrm)\{[^{}]*\}\}|\\text\{[^{}]*\}|[A-Za-z]))?"
    r"|(?:(?![A-Za-z])[^\W\d_])+(?![^\W\d_]))"  # a name in another script (参数数量 = ...), every letter of the run
)
_LHS = re.compile(
    r"^(?:\s|\$)*(" + _NAME + r"(?:\s*(?:" + _NAME + r"|(?<=[A-Za-z]{2}\s)[0-9]+(?![0-9])))*" r"(?:\s*\([^()=]*\))?)(?:\s|\\[,;:! ])*(?:=(?!=)|:|\\approx(?![A-Za-z]))"
)


class _Text:
    """A string with, for each character, its offset in the text as written."""

    def __init__(self, text: str, where: list[int]) -> None:
        self.text, self.where = text, where

    @classmethod
    def unicode(cls, original: str) -> _Text:
        """Pasted Unicode as ASCII LaTeX: math letters and digits, minus signs, sub- and superscripts."""
        out: list[str] = []
        where: list[int] = []
        k = 0
        while k < len(original):
            ch = original[k]
            if ch < "\x80":
                out.append(ch)
                where.append(k)
                k += 1
                continue
            table = _SUPERSCRIPTS if ch in _SUPERSCRIPTS else _SUBSCRIPTS if ch in _SUBSCRIPTS else None
            if table is not None:  # a run of super- or subscript characters: one ^{...} or _{...}
                j = k
                while j < len(original) and original[j] in table:
                    j += 1
                piece = ("^{" if table is _SUPERSCRIPTS else "_{") + "".join(table[c] for c in original[k:j]) + "}"
                out.append(piece)
                where.extend([k] * len(piece))
                k = j
                continue
            found = _CHARACTERS.get(ch)
            piece = unicodedata.normalize("NFKC", ch) if found is None else found
            out.append(piece)
            where.extend([k] * len(piece))
            k += 1
        return cls("".join(out), where)

    def sub(self, pattern: re.Pattern[str], repl: Any) -> _Text:
        """Like ``pattern.sub``; each replacement's characters point at the start of what they replace."""
        out: list[str] = []
        where: list[int] = []
        last = 0
        for m in pattern.finditer(self.text):
            out.append(self.text[last : m.start()])
            where.extend(self.where[last : m.start()])
            piece = repl(m) if callable(repl) else m.expand(repl)
            out.append(piece)
            at = self.where[m.start()] if m.start() < len(self.where) else (self.where[-1] + 1 if self.where else 0)
            where.extend([at] * len(piece))
            last = m.end()
        out.append(self.text[last:])
        where.extend(self.where[last:])
        return _Text("".join(out), where)

    def original(self, position: int) -> int:
        """The offset in the text as written of a position in this text."""
        if position < len(self.where):
            return self.where[position]
        return self.where[-1] + 1 if self.where else 0


def _before_spacing(s: str, end: int, dollars: bool) -> int:
    """Where the run of spaces, ``\\,``-style spacing (and ``$`` if ``dollars``) ending at ``end`` starts."""
    while end:
        if end >= 2 and s[end - 2] == "\\" and s[end - 1] in ",;:! ":  # first: the space of "\ " is a command's
            end -= 2
        elif s[end - 1].isspace() or dollars and s[end - 1] == "$":
            end -= 1
        elif s.endswith("\\quad", 0, end):
            end -= 6 if s.endswith("\\qquad", 0, end) else 5
        else:
            break
    return end


def _without_trailing_punctuation(text: _Text) -> _Text:
    """The text less a sentence's closing ``.``, ``,``, ``;`` or ``:`` (not the dots of ``...``).

    Scanned from the end: a regular expression searched over a long run of spaces with no
    punctuation after it takes time quadratic in the run.
    """
    s = text.text
    end = _before_spacing(s, len(s), dollars=True)
    if not end or s[end - 1] not in ".,;:" or end >= 2 and s[end - 2] == ".":
        return text
    start = _before_spacing(s, end - 1, dollars=False)
    return _Text(s[:start], text.where[:start])


def _normalise(original: str, names: frozenset[str] = frozenset(), prose: bool = False, said: list[str] | None = None) -> _Text:
    """The text as the grammar reads it; a left-hand side naming the count is dropped.

    ``names`` are sizes written as words: one that reads like a unit (``neurons``) is kept.
    """
    text = _Text.unicode(original).sub(_LABELLED_MATH, lambda m: "(" + m.group(1) + ")")
    text = _only_math(text)
    if prose:
        text = text.sub(_TEXT_WORDS, lambda m: f" {m.group(1)} ")
    text = text.sub(_WRAPPERS, " ")
    for pattern, repl in _COMMANDS:
        text = text.sub(pattern, repl)
    text = text.sub(_ASSERT, "")
    if _LAYER_COUNT.search(text.text) and not re.search(r"(?<![A-Za-z\\^{])n(?:_|\^\{?\[)", text.text.replace("^{n_", "^{").replace("^n_", "^")):
        if said is not None:
            said.append(_LAYER_COUNT_NOTE)
        text = text.sub(_LAYER_COUNT, lambda m: m.group(1) + "ℓ")
    flags = [m.group(1) for m in _BIAS_CHOICE.finditer(text.text) if "bias" in m.group(1).lower()]
    if flags and said is not None:
        said.append(f"read {', '.join(dict.fromkeys(flags))} ? ... : 0 with biases (its 0 is the count without)")
    text = text.sub(_BIAS_CHOICE, lambda m: "(" + m.group(2).strip() + ")" if "bias" in m.group(1).lower() else m.group())
    text = text.sub(_PARTS, lambda m: m.group(1) + " + " if _parts_differ(m) else m.group())
    text = text.sub(_WIDTH_OF_LAYER, lambda m: "h_{" + m.group(1) + (m.group(2) + m.group(3) if m.group(2) else "") + "}")
    text = text.sub(_TIMES_X, "*")
    text = text.sub(_THOUSANDS, lambda m: m.group(1) + re.sub(r"\D", "", m.group(2)))
    text = text.sub(_DOTTED_THOUSANDS, lambda m: m.group(1) + m.group(2).replace(".", ""))
    row = _KERAS_ROW.match(text.text)
    if row:
        text = _Text(row.group(1).replace(",", ""), [text.where[row.start(1)]] * len(row.group(1).replace(",", "")))
    text = text.sub(_ANNOTATION, lambda m: "" if _is_note(m.group(1), names) else m.group())
    text = text.sub(_UNITS, lambda m: m.group() if m.group().strip() in names else "")
    text = _without_trailing_punctuation(text)
    text = _after_label(text)
    m = _LHS.match(text.text)
    if m and text.text[m.end():].strip():
        name = m.group(1).strip()
        letters = re.sub(r"\\[A-Za-z]+|[^A-Za-z]", "", name)
        rest = text.text[m.end():]
        # A single letter on the left is a name only if the right side does not use it.
        if len(letters) != 1 or not re.search(rf"(?<![A-Za-z\\]){letters}(?![A-Za-z])", rest):
            text = _Text(rest, text.where[m.end():])
    return text


_PART_AFTER = re.compile(r"[^A-Za-z=]*[0-9)}\]][ \t]*(weights?|bias(?:es)?)", re.IGNORECASE)


def _parts_differ(m: re.Match[str]) -> bool:
    """The words before and after "and" count different parts: weights and biases, not weights and weights."""
    after = _PART_AFTER.match(m.string, m.end())
    return after is not None and m.group(1).strip().lower()[0] != after.group(1).lower()[0]


def _only_math(text: _Text) -> _Text:
    """In a sentence with one formula set in math (``$...$``, ``\\(...\\)``), the formula.

    "the total number of parameters in the GRU RNN equals $3 \\times (n^2 + nm + n)$." reads as
    its formula; words outside the math are the sentence around it. With two or more pieces of
    math, or a number outside them ("... $18 \\times 18 = 324$ weights ... Total = 522"), nothing
    is chosen.
    """
    spans = [m for m in _MATH_SPAN.finditer(text.text) if m.group(m.lastindex or 0).strip()]
    if len(spans) != 1:
        return text
    m = spans[0]
    outside = text.text[: m.start()] + " " + text.text[m.end():]
    if re.search(r"\d", outside) or not re.search(r"[A-Za-z]{2,}|(?:(?![A-Za-z0-9])[^\W_])", outside):
        return text  # a number outside the math may be the answer: the sentence is read whole
    k = m.lastindex or 0
    return _Text(m.group(k), text.where[m.start(k): m.end(k)])


def _without_prose(tokens: list[_Token], text: str) -> list[_Token]:
    """The formula in a sentence: the tokens between the words before it and the words after it.

    Words inside the formula ("784×16 + ... weights and 16 + ... biases") are refused: which
    operator a word stands for is not guessed.
    """
    kept = [k for k, t in enumerate(tokens) if t.kind != "PROSE"]
    if not kept:
        raise FormulaSyntaxError("no formula or number here, only words", tokens[0].pos if tokens else 0, text)
    inside = next((t for t in tokens[kept[0]: kept[-1] + 1] if t.kind == "PROSE"), None)
    if inside is not None:
        raise FormulaSyntaxError(
            f"{inside.text!r} inside the formula: symcount reads one formula, with words only before or after it",
            inside.pos, text,
        )
    return tokens[kept[0]: kept[-1] + 1]


def _is_phrase(said: str, names: frozenset[str]) -> bool:
    """Words that name one size: two or more words, one of three letters or more, or one identifier."""
    words = said.split()
    if words[0] in ("x", "X") or all(w in names or len(w) == 1 for w in words):
        return False  # known sizes and letters side by side: a product
    if len(words) > 1:
        return any(len(w) >= 3 for w in words)
    word = words[0]
    return "_" in word or len(word) >= 3 or bool(re.fullmatch(r"[A-Za-z][0-9]+", word))


def _is_note(inside: str, names: frozenset[str]) -> bool:
    """The words in brackets after a term are a note about it: a list, a phrase, or a word such as ``bias``."""
    words = re.findall(r"[A-Za-z]+", inside)
    if not words or any(w in names or w in ("x", "X") for w in words):
        return False  # a size, or a times sign: (kernel height x kernel width) is a factor
    return "," in inside or _NOTE_WORDS.fullmatch(inside) is not None or len(words) >= 2 and max(map(len, words)) >= 3


def _after_label(text: _Text) -> _Text:
    """The text after a label that ends in a colon: ``fc1 (x): ...``, ``FC: [1x1x4096] weights: ...``.

    The last colon outside brackets ends the label (a formula has none); ``\\:`` is spacing.
    """
    s = text.text
    depth, colon = 0, -1
    for k, ch in enumerate(s):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == ":" and depth == 0 and not (k and s[k - 1] == "\\"):
            colon = k
    if colon < 0 or not s[colon + 1:].strip(" \t\n$"):
        return text
    return _Text(s[colon + 1:], text.where[colon + 1:])


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    pos: int


def _tokenize(
    text: str, names: frozenset[str] = frozenset(), prose: bool = False, phrases: bool = False, rounded: bool = False
) -> list[_Token]:
    """The tokens of ``text``; with ``prose``, words and other characters become PROSE tokens, not errors.

    With ``phrases``, a size written in words is one name: ``num_units``, ``H1``, ``prev``,
    ``number of input units``, ``# of outputs``. With ``rounded``, a rounded count (``124.4M``)
    is one ROUNDED token.
    """
    tokens: list[_Token] = []
    pos = read_to = 0
    words = sorted(names, key=len, reverse=True)
    while pos < len(text):
        skip = _SKIP.match(text, pos)
        if skip:
            pos = skip.end()
            continue
        if rounded and text[pos].isdigit() and not (pos and (text[pos - 1].isalnum() or text[pos - 1] in "_.")):
            count = _ROUNDED.match(text, pos)
            if count and (count.group(2) is not None or prose):
                tokens.append(_Token("ROUNDED", count.group(), pos))
                pos = count.end()
                continue
        if prose:
            said = _PROSE_WORD.match(text, pos)
            if said and not (pos and text[pos - 1] == "\\"):
                tokens.append(_Token("PROSE", said.group(), pos))
                pos = said.end()
                continue
        if phrases and pos >= read_to:
            said = _PHRASE.match(text, pos)
            if said and not (pos and (text[pos - 1].isalnum() or text[pos - 1] in "_\\")):
                if _is_phrase(said.group(), names):
                    tokens.append(_Token("NAME", said.group(), pos))
                    pos = said.end()
                    continue
                read_to = said.end()  # letters side by side: no phrase starts inside them (linear, not quadratic)
        word = next((w for w in words if text.startswith(w, pos) and not (pos and (text[pos - 1].isalnum() or text[pos - 1] in "_\\"))
                     and not (pos + len(w) < len(text) and (text[pos + len(w)].isalnum() or text[pos + len(w)] == "_"))), None)
        if word is not None:
            tokens.append(_Token("NAME", word, pos))
            pos += len(word)
            continue
        for kind, pattern in _TOKENS:
            m = pattern.match(text, pos)
            if m:
                tokens.append(_Token(kind, m.group(), pos))
                pos = m.end()
                break
        else:
            command = re.match(r"\\[A-Za-z]+", text[pos:])
            if prose and not command:
                tokens.append(_Token("PROSE", text[pos], pos))
                pos += 1
                continue
            what = f"the command {command.group()}" if command else f"the character {text[pos]!r}"
            raise FormulaSyntaxError(f"{what} is not part of a parameter-count formula", pos, text)
        if len(tokens) > LIMITS["tokens"]:
            raise FormulaSyntaxError(f"more than {LIMITS['tokens']} numbers, letters and operators", pos, text)
    return tokens


class _Reader:
    """Recursive descent over the tokens; each method reads one grammar rule."""

    def __init__(self, text: str, tokens: list[_Token], *, sizes: bool = False) -> None:
        self.text = text
        self.tokens = tokens
        self.k = 0
        self.nesting = 0
        self.names: dict[str, None] = {}  # width letters (h of h_0), in order
        self.others: dict[str, None] = {}  # letters that are neither widths, the depth nor an index
        self.index_vars: list[Any] = []  # summation indices in scope
        self.widths: dict[tuple[str, Any], Any] = {}  # each width read, by letter and index
        self.sizes = sizes  # every letter a size symbol (a layer's formula), subscripts part of the name
        self.depth = None if sizes else _depth_letter(tokens)
        self.latex = "\\" in text or "{" in text
        self.rounded: dict[Any, tuple[str, Any, Any]] = {}  # rounded counts (124.4M) as read
        self.in_index = 0  # reading a width's index
        self.layer_index: set[Any] = set()  # the one letter of n_i .. n_{i+1}, a formula for any layer i
        self.index_letters: dict[str, None] = {}  # letters read in an index: a layer's, n_i .. n_{i+1}

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
        start = self.pos()
        factors = [self.signed()]
        while True:
            t = self.peek()
            if t is None:
                break
            if t.kind in ("TIMES", "DIV"):
                self.k += 1
                right = self.signed()
                if t.kind == "DIV":
                    if right == 0:
                        raise self.fail("division by zero", t.pos)
                    right = 1 / right
                factors.append(right)
            elif t.kind in ("NUMBER", "LETTER", "LPAR", "SUM", "NAME", "FRAC"):
                factors.append(self.signed())
            else:
                break
        return self.product(factors, start)

    def product(self, factors: list[Any], pos: int) -> Any:
        """One SymPy product of all the factors (multiplying one at a time takes time quadratic in their number).

        SymPy multiplies the numbers in a product as it builds it: their digits are counted first.
        """
        if len(factors) == 1:
            return factors[0]
        if sum(_number_bits(f) for f in factors) > _NUMBER_BITS:
            raise self.fail(f"a product of numbers of more than {LIMITS['number']} digits", pos)
        return sympy.Mul(*factors)

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
        if _number_bits(base) * int(exponent) > _NUMBER_BITS:
            raise self.fail(f"a power of more than {LIMITS['number']} digits", t.pos)
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
        if t.kind == "ROUNDED":
            self.k += 1
            return self.rounded_count(t)
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
        if t.kind == "NAME":
            self.k += 1
            return symbol(re.sub(r"\s+", "_", t.text.replace("#", "number")))
        if t.kind == "FRAC":
            self.k += 1
            numerator, denominator = self.group("the numerator"), self.group("the denominator")
            if denominator == 0:
                raise self.fail("division by zero", t.pos)
            return numerator / denominator
        raise self.fail(f"expected a number, a width or a bracket, found {t.text!r}")

    def rounded_count(self, t: _Token) -> Any:
        """A rounded count as a symbol of its own; its value and precision kept in ``self.rounded``."""
        m = _ROUNDED.fullmatch(t.text)
        assert m is not None
        whole, decimals, scale = m.groups()
        if len(whole) + len(decimals or "") > LIMITS["digits"]:
            raise self.fail(f"a number of more than {LIMITS['digits']} digits", t.pos)
        places = len(decimals or "")
        value = sympy.Integer(int(whole + (decimals or ""))) * sympy.Integer(10) ** _SCALES[scale] / sympy.Integer(10) ** places
        half = sympy.Integer(10) ** _SCALES[scale] / sympy.Integer(10) ** places / 2
        stands = sympy.Dummy("rounded", positive=True)
        self.rounded[stands] = (t.text, value, half)
        return stands

    def group(self, what: str) -> Any:
        """``{...}``: one braced argument, such as a fraction's numerator."""
        t = self.peek()
        if t is None or t.text != "{":
            raise self.fail(f"expected '{{' opening {what}, found {'the end of the formula' if t is None else repr(t.text)}")
        return self.bracketed(what)

    def name(self) -> Any:
        t = self.take("LETTER", "a name")
        letter = t.text
        for var in self.index_vars:
            if var.name == letter:
                return var
        if self.sizes:
            return symbol(letter + self.name_subscript()) if self.at("SUB") else symbol(letter)
        if letter == self.depth:
            if self.at("SUB"):
                raise self.fail(f"{letter} is the depth, not a width: it takes no index", t.pos)
            return symbol("l")
        self.in_index += 1
        index = self.index_of(t)
        self.in_index -= 1
        if index is not None:
            return self.width(letter, index, t.pos)
        if self.in_index:  # n_i, n_{i+1}: a letter in an index, maybe a layer's (checked in width)
            self.index_letters[letter] = None
        else:
            self.others[letter] = None
        return sympy.Symbol(letter, integer=True, positive=True)

    def at(self, kind: str, text: str | None = None, offset: int = 0, after: _Token | None = None) -> bool:
        """The token ``offset`` ahead is of this kind (and text), written right after ``after`` if given."""
        t = self.peek(offset)
        if t is None or t.kind != kind or (text is not None and t.text != text):
            return False
        return after is None or t.pos == after.pos + len(after.text)

    def index_of(self, t: _Token) -> Any:
        """The index written after the width letter ``t``, in any style people use, or None.

        ``h0``, ``h_0``, ``h_{l-1}``, ``h[i]``, ``h(l-1)``, ``n^{[l]}``, ``n^{(l)}``, and, as pasted
        from a web page, ``hl`` and ``hl-1`` (``h`` with its subscript flattened).
        """
        nxt = self.peek()
        if nxt is None:
            return None
        if nxt.kind == "NUMBER" and nxt.pos == t.pos + 1:
            self.k += 1
            return sympy.Integer(int(nxt.text))
        if nxt.kind == "SUB":
            self.k += 1
            return self.subscript()
        if nxt.kind == "LETTER" and nxt.pos == t.pos + 1 and (nxt.text == self.depth or nxt.text in self._vars()):
            self.k += 1
            index = symbol("l") if nxt.text == self.depth else self._var(nxt.text)
            if (self.at("MINUS", after=nxt) or self.at("PLUS", after=nxt)) and self.at("NUMBER", offset=1, after=self.peek()):
                sign = -1 if self.take(self.peek().kind, "a sign").kind == "MINUS" else 1  # type: ignore[union-attr]
                index = index + sign * int(self.take("NUMBER", "a number").text)
            return index
        if nxt.kind == "LPAR" and nxt.text in "([" and nxt.pos == t.pos + 1 and self.index_like(self.k, False):
            return self.bracketed()
        if nxt.kind == "POW" and nxt.text == "^":
            j = self.k + 1
            braced = j < len(self.tokens) and self.tokens[j].text == "{"
            inner = self.tokens[j + 1] if braced and j + 1 < len(self.tokens) else self.tokens[j] if j < len(self.tokens) else None
            if inner is not None and inner.text in "([" and inner.kind == "LPAR" and self.index_like(j + 1 if braced else j, inner.text == "("):
                self.k = j + 1 if braced else j
                index = self.bracketed()
                if braced:
                    self.take("RPAR", "'}' to close the superscript index")
                return index
        return None

    def _vars(self) -> set[str]:
        return {v.name for v in self.index_vars}

    def _var(self, name: str) -> Any:
        return next(v for v in self.index_vars if v.name == name)

    def index_like(self, k: int, needs_letter: bool) -> bool:
        """The bracket at token ``k`` holds an index: numbers, the depth and summation indices, + and -."""
        depth = 0
        letters = False
        for j in range(k, min(len(self.tokens), k + 40)):
            tok = self.tokens[j]
            if tok.kind == "LPAR":
                depth += 1
            elif tok.kind == "RPAR":
                depth -= 1
                if depth == 0:
                    return letters or not needs_letter
            elif tok.kind == "LETTER" and (tok.text == self.depth or tok.text in self._vars()):
                letters = True
            elif tok.kind not in ("NUMBER", "PLUS", "MINUS"):
                return False
        return False

    def bracketed(self, what: str = "the index") -> Any:
        """An expression in brackets (an index, a subscript, a fraction's part), its nesting counted."""
        opened = self.take("LPAR", "a bracket")
        self.enter()
        value = self.expr()
        self.take("RPAR", f"{_CLOSING[opened.text]!r} to close {what}")
        self.nesting -= 1
        return value

    def name_subscript(self) -> str:
        """A layer size's subscript as part of its name: ``c_{in}`` is ``c_in``, ``d_{\\text{model}}`` is ``d_model``."""
        self.take("SUB", "_")
        t = self.peek()
        if t is not None and t.kind in ("LETTER", "NUMBER"):
            self.k += 1
            parts = [t.text]
            # In plain text a subscript of letters runs on (c_in, d_model, W_hh1); in LaTeX it is one character,
            # and a number ends it in both (b_1c is b_1 times c, as TeX sets it).
            while t.kind == "LETTER" and not self.latex and (self.at("LETTER", after=t) or self.at("NUMBER", after=t)):
                t = self.take(self.peek().kind, "a letter")  # type: ignore[union-attr]
                parts.append(t.text)
            return "_" + "".join(parts)
        if t is None or t.text != "{":
            raise self.fail("expected a subscript: a letter, a number or {...}")
        depth, parts = 0, []
        while True:
            t = self.peek()
            if t is None:
                raise self.fail("'}' to close the subscript")
            self.k += 1
            if t.text == "{":
                depth += 1
            elif t.text == "}":
                depth -= 1
                if depth == 0:
                    break
            elif t.kind in ("LETTER", "NUMBER"):
                parts.append(t.text)
            else:
                raise self.fail(f"a size's subscript is letters and digits, not {t.text!r}", t.pos)
        if not parts:
            raise self.fail("an empty subscript")
        return "_" + "".join(parts)

    def subscript(self) -> Any:
        t = self.peek()
        if t is not None and t.kind == "LPAR" and t.text == "{":
            return self.bracketed("the subscript")
        if t is not None and t.kind == "NUMBER":
            self.k += 1
            return sympy.Integer(int(t.text))
        if t is not None and t.kind == "LETTER":  # n_n_n_... nests like brackets: counted as they are
            self.enter()
            value = self.name()
            self.nesting -= 1
            return value
        raise self.fail("expected a subscript: a number, a letter, or {...}")

    def width(self, letter: str, index: Any, pos: int) -> Any:
        if any(v.name == letter for v in self.index_vars):
            raise self.fail(f"{letter!r} is the summation index here, not a width", pos)
        layer = {f for f in index.free_symbols - {symbol("l"), *self.index_vars} if f.name in self.index_letters and f.name not in self.others}
        if layer and len(layer | self.layer_index) == 1 and not index.has(symbol("l")) and not self.index_vars:
            self.layer_index = layer  # n_i .. n_{i+1}: one layer's widths, i any layer
        elif layer:
            raise self.fail(f"the index of {letter} is in {', '.join(sorted(f.name for f in layer))}: one layer's formula "
                            "is written in one layer index (n_i, n_{i+1}), with no depth or sum", pos)
        if index.free_symbols - {symbol("l"), *self.index_vars, *self.layer_index} or not (index.is_integer and (index.is_Integer is False or index >= 0)):
            depth = f"the depth {self.depth}" if self.depth else "the depth"
            raise self.fail(f"the index of {letter} must be a whole number or an expression in {depth} and a summation index", pos)
        if index.is_Integer and index > LIMITS["index"]:
            raise self.fail(f"a width index above {LIMITS['index']} (a network of more than {LIMITS['index']} layers)", pos)
        if any(index.diff(v).free_symbols for v in index.free_symbols):
            raise self.fail(f"the index of {letter} is linear in the depth and the summation index (such as i, i-1, 2i or l-1)", pos)
        self.names[letter] = None
        key = (letter, index)
        if key not in self.widths:  # one object a width: SymPy works out each new one's assumptions, slowly
            self.widths[key] = sympy.IndexedBase(letter)[index]
        return self.widths[key]

    def summation(self) -> Any:
        start = self.take("SUM", "\\sum").pos
        self.take("SUB", "_{i=...} after \\sum")
        opened = self.take("LPAR", "'{' after \\sum_")
        var_token = self.take("LETTER", "the summation index, such as i")
        if var_token.text == self.depth:
            raise self.fail(f"{self.depth} is the depth; the summation index needs another letter", var_token.pos)
        self.take("EQ", "'=' in the lower bound")
        self.enter()
        lower = self.expr()
        self.take("RPAR", f"'}}' to close the lower bound opened at {opened.pos}")
        self.take("POW", "^{...}, the upper bound")
        upper = self.atom() if self.peek() is not None and self.peek().kind != "LETTER" else self.name()  # type: ignore[union-attr]
        var = sympy.Dummy(var_token.text, integer=True)  # never the depth symbol l, even when written l
        self.index_vars.append(var)
        body_at = self.pos()
        factors = [self.signed()]
        while self.peek() is not None and self.peek().kind in ("TIMES", "NUMBER", "LETTER", "LPAR", "NAME", "FRAC"):  # type: ignore[union-attr]
            if self.peek().kind == "TIMES":  # type: ignore[union-attr]
                self.k += 1
            factors.append(self.signed())
        body = self.product(factors, body_at)
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
    i = sympy.Dummy("i", integer=True)  # never the index of a sum inside a term (h_1 + \dots + (h_3 + \dots + h_l))
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
    if span.is_Integer and abs(span) >= LIMITS["terms"]:
        return f"a sum of more than {LIMITS['terms']} terms"
    return ""


def written_out(expr: Any, depth: int | None = None) -> Any:
    """``expr`` (at depth ``depth``) with its sums written out and multiplied out, or an UnsupportedError.

    The terms, digits and width indices the result would have are counted from
    ``expr`` first, so the limits bound the work itself: a sum of 5000 terms,
    ``(h_0 + h_1 + h_2 + h_3)^{32}`` or ``\\sum_{i=1}^{100} \\sum_{j=1}^{100} h_j``
    is refused before SymPy is asked to write it out. A sum whose upper bound is
    below its lower bound is empty (0), as a formula's reader takes it, not
    SymPy's (Karr's) negative sum.
    """
    expr = _at(expr, depth)
    _written_size(expr, {})
    sums = {s: s.doit() for s in expr.atoms(sympy.Sum)}  # xreplace writes out the outermost, and they their own
    if sums:
        expr = expr.xreplace(sums)
    expr = expr if is_written_out(expr) else sympy.expand(expr)
    if expr.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        raise FormulaError("the formula divides by zero" + ("" if depth is None else f" at depth {depth}"))
    return expr


def written_terms(expr: Any, depth: int | None = None) -> int:
    """An upper bound on the terms of ``written_out(expr, depth)``, counted without writing it out."""
    return _written_size(_at(expr, depth), {})[0]


def _at(expr: Any, depth: int | None) -> Any:
    """At depth ``depth``, each sum whose upper bound is below its lower bound empty."""
    if depth is not None:
        expr = expr.xreplace({symbol("l"): sympy.Integer(depth)})  # a SymPy number even where expr is l alone
    expr = expr.replace(lambda e: isinstance(e, sympy.Sum) and _empty(e), lambda e: sympy.Integer(0))
    if expr.has(sympy.nan, sympy.zoo):  # an empty sum divided by, as \sum_{i=1}^{l-1} h_i / \sum_{i=1}^{l-1} h_i at depth 1
        raise FormulaError("the formula divides by zero" + ("" if depth is None else f" at depth {depth}"))
    return expr


def _empty(s: Any) -> bool:
    """Some index of the sum runs over no value (SymPy keeps nested sums as one, with a limit each)."""
    return any(bool((upper - lower).is_negative) for (_, lower, upper) in s.limits)


def _written_size(expr: Any, ranges: dict[Any, tuple[int, int]]) -> tuple[int, int]:
    """(terms, bits): upper bounds on the terms of ``expr`` written out and on the bits of all their numbers.

    ``ranges`` are the values of the summation indices in scope. Raises
    UnsupportedError as soon as either passes its limit, or a width index could.
    """
    terms, largest, _ = _size(expr, ranges)
    return terms, terms * largest


def _size(expr: Any, ranges: dict[Any, tuple[int, int]]) -> tuple[int, int, bool]:
    """(terms, bits of the largest coefficient, whether any is a fraction), each an upper bound."""
    cap = LIMITS["terms"]
    if expr.is_Rational:
        return 1, _number_bits(expr), not expr.is_Integer
    if isinstance(expr, sympy.Indexed):
        _index_in_range(expr, ranges)
        return 1, 0, False
    if expr.is_Symbol:
        return 1, 0, False
    if isinstance(expr, sympy.Sum):  # nested sums are one Sum with a limit each
        span, inner = 1, dict(ranges)
        for (var, lower, upper) in expr.limits:
            if not (lower.is_Integer and upper.is_Integer):
                raise UnsupportedError("a sum's bounds are whole numbers once the depth is known")
            span = min(span * (int(upper) - int(lower) + 1), cap + 1)
            inner[var] = (int(lower), int(upper))
        t, b, frac = _size(expr.function, inner)
        terms, largest = span * t, b + span.bit_length() + (b if frac else 0)
    elif expr.is_Add or expr.is_Mul:
        sizes = [_size(a, ranges) for a in expr.args]
        frac = any(f for _, _, f in sizes)
        if expr.is_Add:  # like terms add up; fractions add up to their denominators' product
            terms = sum(t for t, _, _ in sizes)
            largest = sum(b for _, b, _ in sizes) if frac else max(b for _, b, _ in sizes) + len(sizes).bit_length()
        else:  # each term of the product multiplies one term of each factor
            terms = 1
            for t, _, _ in sizes:
                terms = min(terms * t, cap + 1)
            largest = sum(b for _, b, _ in sizes) + terms.bit_length()
    elif expr.is_Pow and expr.exp.is_Integer:
        n = abs(int(expr.exp))
        t, b, frac = _size(expr.base, ranges)
        terms = math.comb(min(t, cap + 1) + n - 1, n)  # the monomials of degree n in t terms
        largest = n * (b + t.bit_length())
    else:
        raise UnsupportedError(f"{type(expr).__name__} is not part of a parameter count")  # not made by the reader
    if terms > cap:
        raise UnsupportedError(f"written out, the formula has more than {cap} terms; symcount checks formulas of at most {cap}")
    if terms * largest > _NUMBER_BITS:
        raise UnsupportedError(f"written out, the formula's numbers have more than {LIMITS['number']} digits in all")
    return terms, largest, frac


def _index_in_range(width: Any, ranges: dict[Any, tuple[int, int]]) -> None:
    """A width index, linear in the summation indices, at most LIMITS["index"] at any of their values."""
    index = width.indices[0]
    largest = index.xreplace({v: 0 for v in index.free_symbols})
    for v in index.free_symbols:
        if v not in ranges:
            return  # the depth still a symbol: nothing is written out
        low, high = ranges[v]
        slope = index.coeff(v)
        largest += slope * (high if slope > 0 else low)
    if largest > LIMITS["index"]:
        raise UnsupportedError(f"the formula names {width.base}_{{{largest}}}: symcount checks networks of at most {LIMITS['index']} layers")


def _number_bits(expr: Any) -> int:
    """An upper bound on the bits of the numbers ``expr`` holds (each numerator and denominator)."""
    if expr.is_Rational:
        return int(abs(expr.p)).bit_length() + int(expr.q).bit_length()
    return sum(_number_bits(a) for a in expr.args) if expr.args else 0


def _ordered_indices(term: Any) -> list[Any]:
    """The width indices of ``term``, smallest first (``l-2`` before ``l-1``)."""
    found = [e.indices[0] for e in sympy.preorder_traversal(term) if isinstance(e, sympy.Indexed)]
    return sorted(found, key=lambda x: (sympy.default_sort_key(x.as_coeff_Add()[1]), x.as_coeff_Add()[0]))


def _template(after: Any, idx_after: list[Any], offsets: list[Any], i: Any) -> Any:
    """``after`` with its last index written as ``i`` (others as ``i`` plus their offset)."""
    mapping = {x: i + off for x, off in zip(idx_after, offsets)}
    return after.replace(lambda e: isinstance(e, sympy.Indexed), lambda e: e.base[mapping[e.indices[0]]])


def _depth_letter(tokens: list[_Token]) -> str | None:
    """The letter that stands for the depth: ``l``, ``L`` or ``ℓ`` where not a summation index, else a sum's upper bound."""
    index_letters = {
        tokens[j + 3].text
        for j in range(len(tokens) - 3)
        if tokens[j].kind == "SUM" and tokens[j + 1].kind == "SUB" and tokens[j + 3].kind == "LETTER"
    }
    indexed = {t.text for t, nxt in zip(tokens, tokens[1:]) if t.kind == "LETTER" and nxt.kind in ("SUB", "NUMBER")}
    letters = {t.text for t in tokens if t.kind == "LETTER"}
    for candidate in ("l", "L", "ℓ"):
        if candidate in letters and candidate not in index_letters and candidate not in indexed:
            return candidate
    for j, t in enumerate(tokens):  # \sum_{k=1}^{n}: n is the depth
        if t.kind != "SUM":
            continue
        for k in range(j + 1, min(j + 16, len(tokens) - 1)):
            if tokens[k].kind == "POW":
                bound = tokens[k + 2] if tokens[k + 1].text == "{" and k + 2 < len(tokens) else tokens[k + 1]
                if bound.kind == "LETTER" and bound.text not in index_letters | indexed:
                    return bound.text
                break
    return None


def _times_x(tokens: list[_Token], names: frozenset[str]) -> list[_Token]:
    """A lone ``x`` between factors (``K^2 x C``, ``h0 x h1``) is a multiplication sign, unless it names a size."""
    if "x" in names and "X" in names:
        return tokens
    out = []
    for j, t in enumerate(tokens):
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        prev = tokens[j - 1] if j else None
        lone = nxt is None or nxt.kind not in ("SUB", "POW") and not (nxt.kind == "NUMBER" and nxt.pos == t.pos + 1)
        lone = lone and not (prev is not None and prev.kind == "LETTER" and prev.pos == t.pos - 1)  # the x of T_{max}
        if t.kind == "LETTER" and t.text in "xX" and t.text not in names and 0 < j < len(tokens) - 1 and lone:
            t = _Token("TIMES", t.text, t.pos)
        out.append(t)
    return out


# The count a sentence states, where the sentence is more than one formula: "from L0 to L1, 180 weights,
# ... Total = 522."; "GRUCell(3 => 5),  # 140 parameters"; "... to obtain 16,000"; "结果是12个参数".
_CLAIM_NUMBER = r"(\d+(?:\.\d+)?(?:[ \t]?(?-i:" + "|".join(sorted(_SCALES, key=len, reverse=True)) + r")(?![A-Za-z0-9_]))?)"
# not a count: a number followed by what it counts other than parameters, or by an operator in words
_NOT_A_COUNT = r"(?![ \t]*(?:[-+*/^×·xX(\d]|\.\d|(?:hidden|layers?|neurons?|units?|nodes?|weights?|bias(?:es)?|times|plus|by|multiplied)(?![A-Za-z])))"
_CLAIM_TOTAL = re.compile(
    r"(?<![A-Za-z])(?:total(?![A-Za-z])(?:(?!weight|bias|layer|neuron|unit)[^0-9=:]){0,30}?(?:=|:|\bis\b|\bof\b)"
    r"|(?:in all|altogether|all together)(?![A-Za-z]))[ \t$]*" + _CLAIM_NUMBER + _NOT_A_COUNT, re.IGNORECASE)
# a count of parameters (not of weights or biases alone, the parts of one)
_CLAIM_UNIT = re.compile(
    r"(?:^|(?<=[\s#:=$,(\[]|[^\W\d_A-Za-z]))" + _CLAIM_NUMBER + r"(?:[ \t$]*(?:params|parameters?)(?![A-Za-z])|[ \t]*个?参数)",
    re.IGNORECASE)
_CLAIM_RESULT = re.compile(
    r"(?:=|(?<![A-Za-z])(?:obtain|get|gets|give|gives|giving|yield|yields|equals?|makes?)(?![A-Za-z]))[ \t$]*"
    + _CLAIM_NUMBER + r"(?:[ \t$]{1,8}[A-Za-z]{1,20}(?:[ \t]{1,8}[A-Za-z]{1,20}){0,3})?[ \t]{0,8}[.!]?[ \t$]{0,8}\Z", re.IGNORECASE)


def stated_count(text: str) -> tuple[str, int] | None:
    """The count a sentence states, and where: after "total", the one number with a unit, or the last result.

    For a sentence that reads as no one formula (words between its numbers), the number it gives as
    the count; None if it gives none, or numbers with units that disagree and no total.
    """
    if len(text) > LIMITS["length"]:
        return None
    normal = _Text.unicode(text).sub(_WRAPPERS, " ")
    normal = normal.sub(_THOUSANDS, lambda m: m.group(1) + re.sub(r"\D", "", m.group(2)))
    normal = normal.sub(_DOTTED_THOUSANDS, lambda m: m.group(1) + m.group(2).replace(".", ""))
    found = list(_CLAIM_TOTAL.finditer(normal.text))
    if len({m.group(1) for m in found}) > 1:
        return None  # totals that disagree: which is the answer?
    if not found:
        # a number with its unit, not the last factor or term of a formula (16×10 weights, 16 + 10 biases)
        units = [m for m in _CLAIM_UNIT.finditer(normal.text)
                 if not re.search(r"[-+*/^×·xX\\{}_]\s*$", normal.text[max(0, m.start(1) - 20): m.start(1)].rstrip(" \t$"))]
        if units and len({m.group(1) for m in units}) == 1:
            found = units
    if not found:
        tail = max(0, len(normal.text) - 200)  # a result ends the text: only its end is searched
        found = list(_CLAIM_RESULT.finditer(normal.text, tail))
    if not found:
        return None
    m = found[-1]
    return m.group(1), normal.original(m.start(1))


def parse(
    text: str, *, sizes: bool = False, names: Iterable[str] = (), prose: bool = False, phrases: bool = False, rounded: bool = False
) -> Parsed:
    """Read a formula (plain text, LaTeX or pasted Unicode) into SymPy, safely; or raise FormulaSyntaxError.

    By default letters with an index are the widths of a network (``h_0 .. h_l``) and
    ``l`` (or ``L``) its depth; with ``sizes=True`` every letter is a layer's size and a
    subscript part of its name (``c_{in}``, ``d_{model}``); ``names`` are sizes written as
    words (``num_units``, ``Cin``), read whole rather than letter by letter.
    """
    if not isinstance(text, str):
        raise FormulaSyntaxError(f"a formula is text, not {type(text).__name__}", 0)
    if len(text) > LIMITS["length"]:
        raise FormulaSyntaxError(f"longer than {LIMITS['length']} characters ({len(text)})", LIMITS["length"])
    if not text.strip():
        raise FormulaSyntaxError("the formula is empty", 0)
    said: list[str] = []
    normal = _normalise(text, frozenset(names) if sizes else frozenset(), prose=prose, said=said)
    if not normal.text.strip():
        raise FormulaSyntaxError("the formula is empty (only a wrapper or a name)", 0)
    known = frozenset(n for n in names if len(n) > 1) if sizes else frozenset()
    try:
        tokens = _times_x(_tokenize(normal.text, known, prose, phrases and sizes, rounded), frozenset(names) if sizes else frozenset())
        if prose:
            tokens = _without_prose(tokens, normal.text)
        reader = _Reader(normal.text, tokens, sizes=sizes)
        sides = reader.equation()
    except FormulaSyntaxError as err:
        raise FormulaSyntaxError(err.rule, normal.original(err.position), text) from None
    is_latex = "\\" in normal.text or "{" in normal.text
    return Parsed(
        sides, is_latex, tuple(reader.names), any(t.kind == "DOTS" for t in tokens),
        depth=reader.depth if any(t.kind == "LETTER" and t.text == reader.depth for t in tokens) else None,
        others=tuple(reader.others), rounded=reader.rounded, notes=tuple(said), first=1 if _LAYER_COUNT_NOTE in said else None, layer_index=next(iter(reader.layer_index), None),
        approximate=_APPROXIMATE.search(text) is not None,
    )
