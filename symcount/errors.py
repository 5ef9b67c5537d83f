"""The one exception family of symcount.

Every error symcount raises on bad input is a :class:`SymcountError`, itself a
:class:`ValueError`, so ``except ValueError`` keeps working for callers who do
not know us. Messages state the rule and quote the bad value.

>>> from symcount import mlp, SymcountError
>>> try:
...     mlp([784, -3, 10])
... except SymcountError as err:
...     print(err)
width 2 of 3 is -3: a width is a positive integer or a symbol name
"""

from __future__ import annotations

__all__ = [
    "SymcountError",
    "WidthError",
    "OptionError",
    "UnresolvedError",
    "UnsupportedError",
]


class SymcountError(ValueError):
    """Base class of every error symcount raises on bad input."""


class WidthError(SymcountError):
    """A layer width (or other size) that is neither a positive integer nor a symbol name."""


class OptionError(SymcountError):
    """An option with a value outside the ones it accepts (the message lists them)."""


class UnresolvedError(SymcountError):
    """A number was asked for but some sizes are still symbols."""


class UnsupportedError(SymcountError):
    """A config field, model type or module symcount cannot count exactly: refused, never guessed.

    The message names the field or module, so the user knows what was not understood.
    """
