"""Validation of sizes at the door: a size is a positive integer or a symbol name.

This module must not import SymPy: the numeric command line never pays for it.
A SymPy expression passed in by a caller is checked with SymPy, imported then.
"""

from __future__ import annotations

import math
import operator
import re
from array import array
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, SupportsIndex, Union, cast

from .errors import OptionError, WidthError

if TYPE_CHECKING:
    import sympy

    Dim = Union[int, str, sympy.Expr]
else:
    Dim = Union[int, str, Any]

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_DIGITS = re.compile(r"[0-9]+\Z")
_NUMBERISH = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\Z")
# Identifiers that read as numbers or constants; a width named "nan" or "True"
# is a slip, not a symbol.
_NUMBER_WORDS = frozenset({"nan", "inf", "infinity", "oo", "zoo", "true", "false", "none"})

RULE = "a width is a positive integer or a symbol name"
_SHOWN = 60  # characters of a bad value quoted in a message


def shown(value: object) -> str:
    """``repr(value)``, cut short: a message quotes the bad value, not ten megabytes of it."""
    text = repr(value)
    return text if len(text) <= _SHOWN else f"{text[:_SHOWN - 5]}...{text[-2:]} ({len(text)} characters)"


def is_name(text: str) -> bool:
    """Whether ``text`` is a usable symbol name (ASCII letter, then letters, digits, _)."""
    return bool(_NAME.match(text)) and text.lower() not in _NUMBER_WORDS


def check_dim(value: object, where: str, rule: str = RULE) -> Dim:
    """Return ``value`` as a size (int, name or SymPy expression), or raise WidthError.

    ``where`` names the position for the message, e.g. ``"width 2 of 4"``.
    """
    # bool is an int subclass: True would silently count as a width of 1.
    if isinstance(value, bool) or type(value).__name__ in ("bool", "bool_"):  # NumPy 2 names it "bool"
        raise WidthError(f"{where} is {shown(value)}: {rule}, not a bool")
    if type(value) is int:
        if value > 0:
            return value
        raise WidthError(f"{where} is {value}: {rule}")
    if isinstance(value, str):
        return _check_text(value, where, rule)
    if isinstance(value, float):
        text = "nan" if math.isnan(value) else repr(value)
        raise WidthError(f"{where} is {text}: {rule}, not a float (symcount counts exactly)")
    if type(value).__module__.partition(".")[0] == "sympy":
        return _check_expr(value, where, rule)
    if hasattr(type(value), "__index__"):  # NumPy and other integer types
        return check_dim(operator.index(cast(SupportsIndex, value)), where, rule)
    raise WidthError(f"{where} is {shown(value)} of type {type(value).__name__}: {rule}")


def _check_text(text: str, where: str, rule: str) -> Dim:
    if _DIGITS.match(text):
        try:
            number = int(text)
        except ValueError:  # more digits than Python converts
            raise WidthError(f"{where} has {len(text)} digits: too long to read") from None
        if number > 0:
            return number
        raise WidthError(f"{where} is {shown(text)}: {rule}")
    if is_name(text):
        return text
    hint = ""
    if text.strip() != text or not text:
        hint = " (empty or padded with spaces)"
    elif _NUMBERISH.match(text):
        hint = " (not a positive integer)"
    elif text.lower() in _NUMBER_WORDS:
        hint = f" ({shown(text)} reads as a value, not a name)"
    else:
        hint = " (a name is a letter, then letters, digits or _)"
    raise WidthError(f"{where} is {shown(text)}: {rule}{hint}")


def _check_expr(value: Any, where: str, rule: str) -> Dim:
    import sympy

    if not isinstance(value, sympy.Expr):
        raise WidthError(f"{where} is {shown(value)}: {rule}")
    if value.is_Integer:
        return check_dim(int(value), where, rule)
    if value.has(sympy.Float, sympy.nan, sympy.oo, -sympy.oo, sympy.zoo):
        raise WidthError(f"{where} is {value}: {rule}, with exact integers only")
    if value.is_positive is False or value.is_integer is False:
        raise WidthError(f"{where} is {value}: {rule}")
    return value


def check_widths(widths: object) -> tuple[Dim, ...]:
    """A network's widths, input first: at least two sizes, each checked with its position."""
    if isinstance(widths, (str, bytes)) or not isinstance(widths, Sequence):
        raise OptionError(f"widths is {shown(widths)}: expected a sequence of widths, e.g. [784, 16, 16, 10]")
    n = len(widths)
    if n < 2:
        raise OptionError(f"widths is {shown(list(widths))}: a network needs at least two widths (input and output)")
    checked: tuple[Dim, ...] = tuple(widths)  # checked just below
    # The common case, all plain positive ints, is checked in passes at C speed
    # instead of a call (and a message label) per width; anything else, width by width.
    if not positive_ints(checked):
        checked = tuple(check_dim(w, f"width {k} of {n}") for k, w in enumerate(widths, 1))
    return checked


def positive_ints(values: Sequence[object]) -> bool:
    """Whether every value is a plain positive int below 2**64 (no bool, no int subclass).

    Three passes, none with a Python call per value (types, zeros, signs):
    a deep network's widths are counted in about the time of one Python loop
    over them, and the check must not cost more than the count. False sends
    the values to :func:`check_dim`, one by one, for the message (or for the
    big ints).

    >>> positive_ints([784, 16, 10]), positive_ints([784, True, 10]), positive_ints([3, 0]), positive_ints([-1, 2])
    (True, False, False, False)
    """
    if list(map(type, values)).count(int) != len(values) or not all(values):
        return False
    try:
        array("Q", cast("Sequence[int]", values))  # a negative (or 2**64 and up) overflows an unsigned word
    except OverflowError:
        return False
    return True


def int_sum(values: Sequence[object]) -> int | None:
    """The sum of widths that are all ints from 1 to 2**64 - 1 and no bool, or None where any may not be.

    For counting, at C speed: a sum, an unsigned array and a truth test catch
    everything but ``True``, which equals 1, so only the widths equal to 1 are
    looked at one by one. None sends the widths to :func:`check_dim` for the
    message (or for the big ints). An int subclass passes, and is counted by
    its own arithmetic; :func:`positive_ints` is the exact test for storing.

    >>> int_sum([784, 16, 10]), int_sum([784, True, 10]), int_sum([3, 0]), int_sum([-1, 2]), int_sum([2, 2.0])
    (810, None, None, None, None)
    """
    ints = cast("Sequence[int]", values)  # until shown otherwise just below
    try:
        total = sum(ints)  # a name, None or a list raises; a float, a NumPy or SymPy int sums to no int
        array("Q", ints)  # a negative, a float, or 2**64 and up, raises
    except (TypeError, OverflowError):
        return None
    if type(total) is not int or not all(ints):  # a zero, or False
        return None
    if 1 in ints:  # True is 1: each width equal to 1 must be a plain int
        at = -1
        try:
            while True:
                at = ints.index(1, at + 1)
                if type(ints[at]) is not int:
                    return None
        except ValueError:  # no more
            pass
    return total


def check_name(value: object, option: str) -> str:
    """A symbol-name option (such as the width name ``h``): letters and digits, no trailing digit."""
    if not isinstance(value, str) or not is_name(value) or value[-1].isdigit():
        raise OptionError(
            f"{option} is {shown(value)}: expected a name such as 'h' or 'n' "
            "(a letter, then letters, digits or _, not ending in a digit)"
        )
    return value


def check_count(value: object, option: str, minimum: int = 0) -> int:
    """A non-negative (or at least ``minimum``) integer option, never a bool or float."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise OptionError(f"{option} is {shown(value)}: expected an integer >= {minimum}")
    return value
