"""Layer kinds: each knows the sizes it depends on and its own parameter count.

A layer states its count as *terms*: each term is a tuple of factors whose
product is a number of parameters (``(fan_in, fan_out)`` for a weight matrix,
``(fan_out,)`` for a bias vector). The same statement then serves exact
integers (factors are ints, no SymPy imported), formulas (factors are SymPy
symbols) and, later, printed worked forms (factors kept unmultiplied).

>>> from symcount.layers import Dense, DenseStack
>>> Dense(784, 16).count()
12560
>>> DenseStack([784, 16, 16, 10], bias="hidden").count()
12992
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from itertools import compress, islice
from operator import mul
from typing import Any, ClassVar, NamedTuple, cast

from ._dims import Dim, check_dim, check_widths, shown
from .errors import OptionError

__all__ = ["BIAS_CONVENTIONS", "Counts", "Dense", "DenseStack", "Layer", "Row"]

Term = tuple[Any, ...]  # factors; the term is their product

#: The named bias conventions of a fully connected network.
BIAS_CONVENTIONS: dict[str, str] = {
    "all": "every neuron has a bias, output layer included",
    "hidden": "hidden neurons have a bias, output neurons none",
    "none": "no biases",
}


class Counts(NamedTuple):
    """A layer's parameters as sums of products, by role."""

    weights: tuple[Term, ...]
    biases: tuple[Term, ...] = ()
    buffers: tuple[Term, ...] = ()


class Row(NamedTuple):
    """One layer's counts, its sizes resolved to numbers or symbols."""

    kind: str
    fan_in: Any
    fan_out: Any
    counts: Counts


class Layer:
    """Base of every layer kind.

    A subclass stores its sizes as validated dims (int, name or SymPy
    expression) and implements :meth:`dims`, :meth:`map_dims` and
    :meth:`rows`. Everything else (numbers, formulas, records) the network
    derives from those.
    """

    kind: ClassVar[str] = "layer"

    def dims(self) -> Iterator[Dim]:
        """Every size this layer's count depends on, in order (repeats allowed)."""
        raise NotImplementedError

    def map_dims(self, f: Callable[[Dim], Dim]) -> Layer:
        """A copy of this layer with every size ``d`` replaced by ``f(d)``."""
        raise NotImplementedError

    def rows(self, resolve: Callable[[Dim], Any], lo: int = 0, hi: int | None = None) -> Iterator[Row]:
        """One :class:`Row` per weight layer, each size passed through ``resolve``.

        ``lo`` and ``hi`` pick rows ``lo .. hi-1`` (counted from 0), so that a
        printer showing the first and last layers of a deep stack resolves
        only those.
        """
        raise NotImplementedError

    @property
    def n_rows(self) -> int:
        """How many rows (weight layers) :meth:`rows` yields."""
        return 1

    def sums(self) -> tuple[int, int, int]:
        """Exact (weights, biases, buffers) when every size is an int.

        Subclasses with many rows override this with a faster loop.
        """
        w = b = k = 0
        for row in self.rows(_same):
            w += _number(row.counts.weights)
            b += _number(row.counts.biases)
            k += _number(row.counts.buffers)
        return w, b, k

    def count(self) -> int:
        """Exact number of parameters (weights and biases) when every size is an int."""
        w, b, _ = self.sums()
        return w + b

    def describe(self) -> str:
        """A short human description, used in headers of printed reports."""
        return self.kind


def _same(d: Dim) -> Dim:
    return d


def _number(terms: tuple[Term, ...]) -> int:
    return sum(math.prod(t) for t in terms)


def _check_bool(value: object, option: str) -> bool:
    if not isinstance(value, bool):
        raise OptionError(f"{option} is {shown(value)}: expected True or False")
    return value


class Dense(Layer):
    """A fully connected layer: ``fan_in * fan_out`` weights and ``fan_out`` biases.

    >>> Dense("h0", "h1").describe()
    'dense h0 -> h1'
    >>> Dense(16, 10, bias=False).count()
    160
    """

    kind = "dense"
    __slots__ = ("fan_in", "fan_out", "bias")

    def __init__(self, fan_in: object, fan_out: object, bias: bool = True) -> None:
        self.fan_in: Dim = check_dim(fan_in, "fan_in", rule="a size is a positive integer or a symbol name")
        self.fan_out: Dim = check_dim(fan_out, "fan_out", rule="a size is a positive integer or a symbol name")
        self.bias = _check_bool(bias, "bias")

    def dims(self) -> Iterator[Dim]:
        yield self.fan_in
        yield self.fan_out

    def map_dims(self, f: Callable[[Dim], Dim]) -> Dense:
        return Dense(f(self.fan_in), f(self.fan_out), self.bias)

    def rows(self, resolve: Callable[[Dim], Any], lo: int = 0, hi: int | None = None) -> Iterator[Row]:
        if lo > 0 or hi == 0:
            return
        i, o = resolve(self.fan_in), resolve(self.fan_out)
        yield Row(self.kind, i, o, Counts(((i, o),), ((o,),) if self.bias else ()))

    def describe(self) -> str:
        return f"dense {self.fan_in} -> {self.fan_out}"

    def __repr__(self) -> str:
        return f"Dense({self.fan_in!r}, {self.fan_out!r}, bias={self.bias})"


class DenseStack(Layer):
    """A chain of fully connected layers through widths ``h0, h1, ..., hl``.

    One object stands for all ``l`` dense layers, so that a network a hundred
    thousand layers deep is counted with one tight loop rather than a hundred
    thousand objects.

    ``bias`` is a convention of :data:`BIAS_CONVENTIONS` or one bool per
    weight layer.

    >>> stack = DenseStack([784, 16, 16, 10])
    >>> stack.depth, stack.count()
    (3, 13002)
    >>> DenseStack([2, 2, 2], bias=[True, False]).count()
    10
    """

    kind = "dense"
    __slots__ = ("widths", "bias", "mask", "_ints")

    def __init__(self, widths: Sequence[object], bias: str | Sequence[bool] = "all") -> None:
        checked = check_widths(widths)
        self._set(checked, bias, bias_mask(bias, len(checked) - 1))

    @classmethod
    def _trusted(cls, widths: tuple[Dim, ...], bias: str | tuple[bool, ...], mask: tuple[bool, ...]) -> DenseStack:
        """Build from already validated parts (validation happens once, at the door)."""
        self = cls.__new__(cls)
        self._set(widths, bias, mask)
        return self

    def _set(self, widths: tuple[Dim, ...], bias: str | Sequence[bool], mask: tuple[bool, ...]) -> None:
        self.widths = widths
        self.bias: str | tuple[bool, ...] = bias if isinstance(bias, str) else mask
        self.mask = mask
        self._ints = all(type(w) is int for w in widths)

    @property
    def depth(self) -> int:
        """The number of weight layers, ``l``."""
        return len(self.widths) - 1

    def dims(self) -> Iterator[Dim]:
        return iter(self.widths)

    def map_dims(self, f: Callable[[Dim], Dim]) -> DenseStack:
        return DenseStack._trusted(tuple(map(f, self.widths)), self.bias, self.mask)

    @property
    def n_rows(self) -> int:
        return len(self.mask)

    def rows(self, resolve: Callable[[Dim], Any], lo: int = 0, hi: int | None = None) -> Iterator[Row]:
        lo, hi, _ = slice(lo, hi).indices(len(self.mask))
        ws = list(map(resolve, self.widths[lo : hi + 1]))
        for i in range(lo, hi):
            a, b = ws[i - lo], ws[i - lo + 1]
            yield Row(self.kind, a, b, Counts(((a, b),), ((b,),) if self.mask[i] else ()))

    def sums(self) -> tuple[int, int, int]:
        if not self._ints:
            return super().sums()
        ws = cast("tuple[int, ...]", self.widths)
        weights = sum(map(mul, ws, islice(ws, 1, None)))
        if self.bias == "all":
            biases = sum(islice(ws, 1, None))
        elif self.bias == "hidden":
            biases = sum(islice(ws, 1, len(ws) - 1))
        elif self.bias == "none":
            biases = 0
        else:
            biases = sum(compress(islice(ws, 1, None), self.mask))
        return weights, biases, 0

    def describe(self) -> str:
        shape = "-".join(map(str, self.widths))
        if self.bias == "all":
            return shape
        with_bias = [str(k) for k, b in enumerate(self.mask, 1) if b]
        shown = self.bias if isinstance(self.bias, str) else "on layers " + (", ".join(with_bias) or "none")
        return f"{shape} (bias: {shown})"

    def __repr__(self) -> str:
        return f"DenseStack({list(self.widths)!r}, bias={self.bias!r})"


def bias_mask(bias: object, depth: int) -> tuple[bool, ...]:
    """One bool per weight layer for a bias convention or an explicit mask.

    >>> bias_mask("hidden", 3)
    (True, True, False)
    """
    if isinstance(bias, str):
        if bias == "all":
            return (True,) * depth
        if bias == "hidden":
            return (True,) * (depth - 1) + (False,)
        if bias == "none":
            return (False,) * depth
    elif isinstance(bias, Sequence) and not isinstance(bias, bytes):
        mask = tuple(bias)
        if len(mask) == depth and all(isinstance(b, bool) for b in mask):
            return mask
    names = ", ".join(repr(k) for k in BIAS_CONVENTIONS)
    raise OptionError(f"bias is {shown(bias)}: expected one of {names}, or {depth} bools (one per weight layer)")
