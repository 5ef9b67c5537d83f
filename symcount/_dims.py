"""Validation of sizes at the door: a size is a positive integer or a symbol name.

This module must not import SymPy: the numeric command line never pays for it.
A SymPy expression passed in by a caller is checked with SymPy, imported then.
"""

from __future__ import annotations

import math
import operator
import re
import reprlib
from array import array
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, SupportsIndex, Union, cast

from .errors import OptionError, SymcountError, WidthError

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
#: What every size symbol is (``symbols.symbol`` makes them; SymPy caches one per name).
SIZE_ASSUMPTIONS = {"integer": True, "positive": True}
#: The largest width index (``start``, a printed index): an index past it names no width anyone means.
INDEX_LIMIT = 10**6
#: The longest size name: long enough for any config field, short enough to print.
NAME_LIMIT = 100
#: The most layers a network, a block or a repeated block lists, and the deepest
#: general count (a deeper model repeats a block: Repeat(block, times)).
LAYER_LIMIT = 100_000


class _Short(reprlib.Repr):
    """``reprlib``'s bounded repr: nesting, lengths and big integers cut short, never a recursion."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel, self.maxlist, self.maxtuple, self.maxdict, self.maxset = 3, 6, 6, 4, 6
        self.maxstring, self.maxother, self.maxlong = _SHOWN, _SHOWN, _SHOWN

    def repr_int(self, x: int, level: int) -> str:
        if -(10**_SHOWN) < x < 10**_SHOWN:
            return repr(x)
        return f"{'a negative' if x < 0 else 'an'} integer of {decimal_digits(x)} digits"

    def repr_instance(self, x: object, level: int) -> str:
        # Anything else: its own repr, unless that fails or recurses; a SymPy expression of
        # thousands of terms takes seconds to print, so a big one is named by its size.
        args = getattr(x, "args", None)
        if type(x).__module__.partition(".")[0] == "sympy" and isinstance(args, tuple) and _nodes(x, 40) >= 40:
            return f"a SymPy {type(x).__name__} of {len(args)} terms"
        try:
            text = repr(x)
        except Exception:  # noqa: BLE001 - a caller's own __repr__ may raise anything: the message names its type
            return f"a {type(x).__name__}"
        return text if len(text) <= self.maxother else text[: self.maxother - 3] + "..."


def _nodes(expr: Any, most: int) -> int:
    """How many nodes of a SymPy tree there are, counting no further than ``most``."""
    seen, stack = 0, [expr]
    while stack and seen < most:
        node = stack.pop()
        seen += 1
        stack.extend(getattr(node, "args", ()))
    return seen


_SHORT = _Short()


def shown(value: object) -> str:
    """``repr(value)``, cut short: a message quotes the bad value, not ten megabytes of it.

    Bounded in time and depth: a list nested 100,000 deep, an integer of a
    million digits or a SymPy sum of 20,000 terms is shown in a few words.

    >>> shown([[[[[1]]]]]), shown(10**5000), shown("x" * 100)[-23:]
    ('[[[[...]]]]', 'an integer of 5001 digits', "x...x' (102 characters)")
    """
    if isinstance(value, (str, bytes)) and len(value) > 4 * _SHOWN:
        cut = value[: 2 * _SHOWN] + value[-2 * _SHOWN:]  # type: ignore[operator]  # str + str or bytes + bytes; the ends are what is shown; the length is said
        length = len(repr(cut)) + len(value) - len(cut)
        value = cut
    else:
        length = -1
    try:
        text = repr(value) if isinstance(value, (str, bytes)) else _SHORT.repr(value)
    except Exception:  # noqa: BLE001 - as above
        text = f"a {type(value).__name__}"
    length = max(length, len(text))
    return text if length <= _SHOWN else f"{text[:_SHOWN - 5]}...{text[-2:]} ({length} characters)"


def decimal_digits(n: int) -> int:
    """How many decimal digits ``abs(n)`` has, without converting it to text.

    >>> decimal_digits(0), decimal_digits(999), decimal_digits(-1000), decimal_digits(10**5000)
    (1, 3, 4, 5001)
    """
    n = abs(n)
    guess = max(1, int(n.bit_length() * 0.30102999566398))  # log10(2): the true count or one less
    return guess + int(n >= 10**guess)


def digits(n: int) -> str:
    """The decimal digits of an integer of any size.

    ``str()`` refuses integers of more than 4300 digits (Python's guard against
    its own quadratic conversion); mpmath's divide-and-conquer conversion has
    no such limit and is faster.

    >>> digits(-(10**5000)) == "-1" + "0" * 5000
    True
    """
    n = int(n)
    if -(10**50) < n < 10**50:
        return str(n)
    from mpmath.libmp.libintmath import numeral

    return str(numeral(n, 10, decimal_digits(n) + 1))


def grouped(n: int, sep: str = ",") -> str:
    """``n`` with its digits in groups of three, of any size: ``13,002``.

    >>> grouped(13002), grouped(-1234567, " "), grouped(10**4500)[:5]
    ('13,002', '-1 234 567', '1,000')
    """
    text = digits(n)
    sign, body = ("-", text[1:]) if text.startswith("-") else ("", text)
    head = len(body) % 3 or 3
    return sign + sep.join([body[:head], *(body[k:k + 3] for k in range(head, len(body), 3))])


def read_int(text: str) -> int:
    """The integer a string of decimal digits (an optional sign first) writes, of any length.

    ``int()`` refuses more than 4300 digits; ``decimal`` reads any number of them.

    >>> read_int("13002"), read_int("-7"), read_int("1" + "0" * 5000) == 10**5000
    (13002, -7, True)
    """
    if len(text) < 4000:
        return int(text)
    import decimal

    with decimal.localcontext(decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)):
        return int(decimal.Decimal(text))


def check_choice(value: Any, option: str, choices: Iterable[Any], hint: str = "") -> Any:
    """``value`` if it is one of ``choices`` (strings or ints), or OptionError naming it and them.

    Any value is safe to ask about: a list or a dict is refused, not hashed;
    and a value must be of its choice's type, so ``50.0`` or ``True`` is not
    the depth ``50`` or ``1``.

    >>> check_choice("all", "bias", ("all", "none")), check_choice(50, "depth", (18, 50))
    ('all', 50)
    """
    names = tuple(choices)
    if any(type(value) is type(c) and value == c for c in names):
        return value
    raise OptionError(f"{option} is {shown(value)}: expected one of {', '.join(map(repr, names))}{hint}")


def is_name(text: str) -> bool:
    """Whether ``text`` is a usable symbol name (ASCII letter, then letters, digits, _)."""
    return (
        len(text) <= NAME_LIMIT
        and bool(_NAME.match(text))
        and text.lower() not in _NUMBER_WORDS
        and "__" not in text  # SymPy prints a__b as a power, a^{b}
        and not text.endswith("_")  # and x_ with an empty subscript, x_{}
    )


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
        raise WidthError(f"{where} is {shown(value)}: {rule}")
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
        number = read_int(text)
        if number > 0:
            return number
        raise WidthError(f"{where} is {shown(text)}: {rule}")
    if is_name(text):
        return text
    hint = ""
    if text.strip() != text or not text:
        hint = " (empty or padded with spaces)"
    elif len(text) > NAME_LIMIT and _NAME.match(text):
        hint = f" (a name has at most {NAME_LIMIT} characters)"
    elif _NUMBERISH.match(text):
        hint = " (not a positive integer)"
    elif _NAME.match(text) and ("__" in text or text.endswith("_")):
        hint = " (no double _ and no _ at the end: SymPy would print them as a power and an empty subscript)"
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
        raise WidthError(f"{where} is {shown(value)}: {rule}, with exact integers only")
    swapped = sizes_by_name(value, where, rule)
    if swapped is not value:
        value = swapped
        if value.is_Integer:
            return check_dim(int(value), where, rule)
    if value.is_positive is False or value.is_integer is False:
        raise WidthError(f"{where} is {shown(value)}: {rule}")
    return value


def sizes_by_name(expr: Any, where: str, rule: str, error: type[SymcountError] = WidthError, keep: frozenset[Any] = frozenset()) -> Any:
    """``expr`` with each SymPy ``Symbol`` the caller made (``Symbol("w")``) as the size of its name.

    The size is the positive-integer symbol symcount makes, so ``count(w=16)``
    finds it. A name that is no size name, or a symbol declared negative or
    not an integer, is refused with ``error``; ``keep`` are symbols left alone
    (the general form's summation index). ``expr`` itself when nothing changes.
    """
    import sympy

    swap = {}
    for s in expr.free_symbols:
        if type(s) is sympy.Symbol and s not in keep and not (s.is_integer and s.is_positive):
            if not is_name(s.name):
                raise error(f"{where} has the symbol {shown(s.name)}: {rule}")
            if s.is_positive is False or s.is_integer is False:
                raise error(f"{where} has the symbol {s.name}, declared not a positive integer: {rule}")
            swap[s] = sympy.Symbol(s.name, **SIZE_ASSUMPTIONS)
    return expr.xreplace(swap) if swap else expr


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


def check_family(value: object, option: str) -> str:
    """The name of a family of widths (``h`` for h0, h1, ...): letters and digits, starting with a letter, not ending in a digit.

    No underscore: ``n_l`` would print ``n_l_{i}`` (a double subscript) and ``x_`` an empty one.
    """
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", value) or value[-1].isdigit() or not is_name(value):
        raise OptionError(
            f"{option} is {shown(value)}: expected a name such as 'h' or 'n' "
            "(a letter, then letters or digits, not ending in a digit; no _)"
        )
    return value


def check_count(value: object, option: str, minimum: int = 0, maximum: int | None = None) -> int:
    """A non-negative (or at least ``minimum``) integer option, never a bool or float; at most ``maximum`` if given."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise OptionError(f"{option} is {shown(value)}: expected an integer >= {minimum}")
    if maximum is not None and value > maximum:
        raise OptionError(f"{option} is {shown(value)}: expected an integer from {minimum} to {maximum}")
    return value


def check_index(value: object, option: str, minimum: int = 0) -> int:
    """A width index or an index-like option (``start``): an integer from ``minimum`` to :data:`INDEX_LIMIT`.

    An index names a width (``h1000``); past a million, it names nothing anyone
    means, and its digits would cost more than the count.
    """
    return check_count(value, option, minimum, INDEX_LIMIT)

