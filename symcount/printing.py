"""LaTeX for symcount objects, through SymPy's printer protocol.

:class:`SymcountLatexPrinter` is a SymPy ``LatexPrinter`` whose defaults fit
the forum's formulas: ``\\times`` between numbers, and sums that symcount
builds in layer order printed in that order. symcount objects print themselves
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
    """SymPy's LaTeX printer with symcount's defaults.

    Symbols multiply by juxtaposition (``h_{0} h_{1}``) as in SymPy, but a
    product of numbers takes the forum's ``\\times`` (``784 \\times 16``)
    rather than SymPy's ``\\cdot``, unless ``mul_symbol`` is given.
    """

    printmethod = "_latex"

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__(settings)
        if not (settings or {}).get("mul_symbol"):
            self._settings["mul_symbol_latex_numbers"] = r" \times "

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


def latex(obj: Any, **settings: Any) -> str:
    """LaTeX for a network, summary or SymPy expression (no surrounding ``$``).

    Settings are those of SymPy's ``latex()``; an unknown one is a ``TypeError``.
    """
    return str(SymcountLatexPrinter(settings).doprint(obj))


def display(obj: Any) -> str:
    """``$\\displaystyle ...$``, the form Jupyter's ``_repr_latex_`` returns."""
    return f"$\\displaystyle {latex(obj)}$"
