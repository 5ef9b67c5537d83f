"""symcount: the symbolic mathematics of neural-network size.

A network's widths are SymPy symbols, its parameter count a formula, and any
numbers you give an exact integer.

>>> import symcount
>>> symcount.mlp(3).total
h0*h1 + h1*h2 + h1 + h2*h3 + h2 + h3
>>> symcount.count([784, 16, 16, 10])
13002

Importing symcount does not import SymPy; the first formula does.
"""

from __future__ import annotations

from typing import Any

from .errors import (
    FormulaError,
    FormulaSyntaxError,
    OptionError,
    SymcountError,
    UnresolvedError,
    UnsupportedError,
    WidthError,
)
from .layers import (
    BIAS_CONVENTIONS,
    Attention,
    BatchNorm,
    Block,
    AdaptivePool,
    Conv,
    Dense,
    DenseStack,
    Embedding,
    Experts,
    Flatten,
    GatedMLP,
    GroupNorm,
    Heads,
    LatentAttention,
    Layer,
    LayerNorm,
    Linear,
    MLP,
    MultiheadAttention,
    Parameter,
    Pool,
    Recurrent,
    Repeat,
    Residual,
    RMSNorm,
    Router,
    Source,
    Target,
    Tied,
    Tokens,
    decoder_block,
    encoder_block,
)
from .network import LayerRecord, Network, Summary, count, mlp

__version__ = "0.1.0"

__all__ = [
    "AdaptivePool",
    "Attention",
    "BIAS_CONVENTIONS",
    "BatchNorm",
    "Block",
    "CheckReport",
    "ClosedForm",
    "Compute",
    "Conv",
    "Dense",
    "DenseStack",
    "Embedding",
    "FormulaError",
    "FormulaSyntaxError",
    "Experts",
    "Flatten",
    "GatedMLP",
    "LatentAttention",
    "MLP",
    "Router",
    "General",
    "GroupNorm",
    "Heads",
    "InfeasibleError",
    "Layer",
    "LayerNorm",
    "Memory",
    "LayerRecord",
    "Linear",
    "MultiheadAttention",
    "Parameter",
    "Pool",
    "Network",
    "OptionError",
    "RMSNorm",
    "Repeat",
    "Residual",
    "Source",
    "Target",
    "Tied",
    "Tokens",
    "Recurrent",
    "Solution",
    "Summary",
    "Sweep",
    "SymcountError",
    "UnresolvedError",
    "UnsupportedError",
    "WidthError",
    "check",
    "count",
    "decoder_block",
    "encoder_block",
    "flops",
    "from_torch",
    "general",
    "latex",
    "markdown",
    "memory",
    "mlp",
    "models",
    "solve_memory",
    "solve_width",
    "sweep",
    "symbol",
    "tex_document",
    "width_symbols",
]

# These need SymPy at import time, so they load on first use. (No submodule is
# named like a function: `printing`, not `latex`, and `general_form`, not
# `general`, since a submodule, once imported, becomes an attribute of the
# package and would hide the function of the same name.)
_LAZY = {
    "CheckReport": "checker",
    "check": "checker",
    "InfeasibleError": "budget",
    "Solution": "budget",
    "Sweep": "budget",
    "solve_width": "budget",
    "solve_memory": "budget",
    "sweep": "budget",
    "from_torch": "torch_reader",
    "Compute": "compute",
    "flops": "compute",
    "Memory": "footprint",
    "memory": "footprint",
    "ClosedForm": "general_form",
    "General": "general_form",
    "general": "general_form",
    "latex": "printing",
    "markdown": "printing",
    "tex_document": "printing",
    "symbol": "symbols",
    "width_symbols": "symbols",
    "models": "models",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        return module if name == _LAZY[name] else getattr(module, name)
    raise AttributeError(f"module 'symcount' has no attribute {name!r}")
