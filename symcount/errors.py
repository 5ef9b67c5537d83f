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
    "FormulaSyntaxError",
    "FormulaError",
    "InfeasibleError",
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


class FormulaSyntaxError(SymcountError):
    """A formula that cannot be read; ``position`` is the 0-based offset of the problem in the text as written."""

    def __init__(self, message: str, position: int, text: str = "") -> None:
        self.position = position
        self.rule = message
        near = f" near {text[position:position + 12]!r}" if text and position < len(text) else ""
        super().__init__(f"at position {position}{near}: {message}")


class FormulaError(SymcountError):
    """A formula read fine but meaningless as a count: its sides differ, or it is not a whole number."""


class InfeasibleError(SymcountError):
    """No allowed value of the free size fits the budget; ``smallest`` is the least count there is."""

    def __init__(self, message: str, smallest: int) -> None:
        super().__init__(message)
        self.smallest = smallest
