"""Independent ground truth for the tests: counts that do not use symcount."""

from __future__ import annotations

import itertools
from collections.abc import Sequence


def bias_flags(convention: str | Sequence[bool], depth: int) -> list[bool]:
    """Which weight layers have biases, decided here without symcount's code."""
    if convention == "all":
        return [True] * depth
    if convention == "hidden":
        return [k < depth - 1 for k in range(depth)]
    if convention == "none":
        return [False] * depth
    return list(convention)


def per_neuron_count(widths: Sequence[int], convention: str | Sequence[bool] = "all") -> int:
    """Each non-input neuron has one weight per neuron feeding it, plus its bias."""
    flags = bias_flags(convention, len(widths) - 1)
    total = 0
    for layer in range(1, len(widths)):
        fan_in_plus_bias = widths[layer - 1] + (1 if flags[layer - 1] else 0)
        total += widths[layer] * fan_in_plus_bias
    return total


def enumerated_count(widths: Sequence[int], convention: str | Sequence[bool] = "all") -> int:
    """Literally list every connection and every bias; for small widths only."""
    flags = bias_flags(convention, len(widths) - 1)
    params = set()
    for layer in range(1, len(widths)):
        for src, dst in itertools.product(range(widths[layer - 1]), range(widths[layer])):
            params.add(("w", layer, src, dst))
        if flags[layer - 1]:
            params.update(("b", layer, dst) for dst in range(widths[layer]))
    return len(params)
