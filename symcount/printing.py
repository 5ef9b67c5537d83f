"""LaTeX for symcount objects, through SymPy's printer protocol.

:class:`SymcountLatexPrinter` is a SymPy ``LatexPrinter`` whose defaults fit
the forum's formulas: sums in the order they were built (layer order) and
``\\times`` as the multiplication sign. symcount objects print themselves
through a ``_latex(printer)`` hook, so the settings reach every sub-part.

>>> import symcount
>>> print(symcount.latex(symcount.mlp([784, 16, 16, 10])))
\\begin{aligned}
\\text{weights} &= 784 \\times 16 + 16 \\times 16 + 16 \\times 10 = 12960 \\\\
\\text{biases} &= 16 + 16 + 10 = 42 \\\\
\\text{total} &= 12960 + 42 = 13002
\\end{aligned}
>>> print(symcount.latex(symcount.mlp(1, bias="none").total, mul_symbol="dot"))
h_{0} \\cdot h_{1}
"""

from __future__ import annotations

from typing import Any

from sympy.printing.latex import LatexPrinter

__all__ = ["SymcountLatexPrinter", "latex"]


class SymcountLatexPrinter(LatexPrinter):  # type: ignore[misc]  # SymPy is untyped
    """SymPy's LaTeX printer with symcount's defaults (layer order, ``\\times``)."""

    printmethod = "_latex"
    _default_settings: dict[str, Any] = {
        **LatexPrinter._default_settings,
        "order": "none",
        "mul_symbol": "times",
    }


def latex(obj: Any, **settings: Any) -> str:
    """LaTeX for a network, summary or SymPy expression (no surrounding ``$``).

    Settings are those of SymPy's ``latex()``; an unknown one is a ``TypeError``.
    """
    return str(SymcountLatexPrinter(settings).doprint(obj))


def display(obj: Any) -> str:
    """``$\\displaystyle ...$``, the form Jupyter's ``_repr_latex_`` returns."""
    return f"$\\displaystyle {latex(obj)}$"
