"""Networks: a sequence of layers, their parameter counts as formulas and as exact integers.

>>> import symcount
>>> net = symcount.mlp([784, 16, 16, 10])
>>> net.weights, net.biases, net.total
(12960, 42, 13002)
>>> symcount.mlp([784, 16, 16, 10], bias="hidden").count()
12992
>>> symcount.mlp(3).total
h0*h1 + h1*h2 + h1 + h2*h3 + h2 + h3
>>> symcount.mlp([784, "w", "w", 10]).count(w=16)
13002

Numbers never go through SymPy: a network whose sizes are all integers is
counted with Python integers, and SymPy is imported only when a formula is
asked for.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from ._dims import Dim, check_count, check_dim, check_name, shown
from ._format import LatexDisplay
from .errors import OptionError, UnresolvedError
from .layers import DenseStack, Layer, Row, _same

if TYPE_CHECKING:
    import sympy

__all__ = ["DTYPE_BYTES", "LayerRecord", "Network", "Summary", "count", "mlp"]

#: Bytes per element of the dtypes parameters are stored in.
DTYPE_BYTES = {"fp32": 4, "fp16": 2, "bf16": 2, "fp8": 1, "int8": 1}


def mlp(
    widths: int | Sequence[object],
    *,
    bias: str | Sequence[bool] = "all",
    name: str = "h",
    start: int = 0,
) -> Network:
    """A fully connected network.

    ``widths`` is either the depth ``l`` (the number of weight layers; the
    widths are then the symbols ``h0 ... hl``) or the list of widths, each a
    positive integer or a symbol name. ``bias`` is ``"all"`` (every neuron has
    a bias, output layer included: the forum's answer), ``"hidden"`` (no
    output bias), ``"none"``, or one bool per weight layer. ``name`` and
    ``start`` name the symbolic widths (``name="n"`` gives ``n0 ... nl``).

    >>> mlp(2).total
    h0*h1 + h1*h2 + h1 + h2
    >>> mlp(2, name="n", start=1, bias="none").total
    n1*n2 + n2*n3
    >>> mlp([2, 2, 2]).count()
    12
    """
    check_name(name, "name")
    check_count(start, "start")
    if isinstance(widths, int) and not isinstance(widths, bool):
        check_count(widths, "depth", minimum=1)
        return Network([DenseStack([f"{name}{i + start}" for i in range(widths + 1)], bias)])
    return Network([DenseStack(cast("Sequence[object]", widths), bias)])  # a bool or float is refused there


def count(widths: Sequence[object], *, bias: str | Sequence[bool] = "all") -> int:
    """The exact number of parameters of the fully connected network with these widths.

    >>> count([784, 16, 16, 10])
    13002
    >>> count([784, 16, 16, 10], bias="hidden")
    12992
    >>> count([10**100, 10**100]) == 10**200 + 10**100
    True
    """
    return DenseStack(widths, bias).count()


class LayerRecord(NamedTuple):
    """One weight layer of a network: where it sits, its sizes and its counts.

    The counts are Python ints in a numeric :class:`Summary` and SymPy
    expressions otherwise.

    >>> record = mlp([784, 16, 10]).summary().layers[0]
    >>> record.index, record.fan_in, record.fan_out, record.weights, record.biases, record.params
    (1, 784, 16, 12544, 16, 12560)
    """

    index: int  # type: ignore[assignment]  # the layer's position; shadows tuple.index on purpose
    kind: str
    fan_in: Any
    fan_out: Any
    weights: Any
    biases: Any
    buffers: Any

    @property
    def params(self) -> Any:
        """Weights plus biases (buffers are not parameters)."""
        return self.weights + self.biases


class Network(LatexDisplay):
    """A network as a sequence of layers, each knowing its own count.

    Use :func:`mlp` for fully connected networks; ``Network(layers)`` takes any
    :class:`~symcount.layers.Layer` objects. A network is immutable:
    :meth:`subs` returns a new one.

    >>> from symcount.layers import Dense
    >>> Network([Dense(784, "w"), Dense("w", 10)]).total
    795*w + 10
    """

    def __init__(self, layers: Iterable[Layer], *, name: str | None = None) -> None:
        parts = tuple(layers)
        for k, part in enumerate(parts, 1):
            if not isinstance(part, Layer):
                raise OptionError(f"layer {k} is {shown(part)}: expected a symcount layer such as Dense(784, 16)")
        if not parts:
            raise OptionError("a network needs at least one layer")
        self.parts = parts
        self.name = name

    # -- sizes -------------------------------------------------------------

    @cached_property
    def names(self) -> tuple[str, ...]:
        """The names of the sizes still symbolic, in order of first appearance.

        >>> mlp([784, "w", "w", 10]).names
        ('w',)
        """
        seen: dict[str, None] = {}
        for part in self.parts:
            for d in part.dims():
                if type(d) is str:
                    seen[d] = None
                elif type(d) is not int:
                    for s in sorted(cast(Any, d).free_symbols, key=str):
                        seen[s.name] = None
        return tuple(seen)

    @property
    def free_symbols(self) -> set[sympy.Symbol]:
        """The SymPy symbols of the sizes still symbolic."""
        from .symbols import symbol

        return {symbol(n) for n in self.names}

    def subs(self, values: Mapping[Any, object] | None = None, /, **kwargs: object) -> Network:
        """A copy with some sizes given: numbers, other names or SymPy expressions.

        Keys are names or symbols. Substitution rewrites the layers' sizes, not
        the formula, so it costs the same for any depth.

        >>> mlp(2).subs(h0=784, h2=10).total
        795*h1 + 10
        >>> mlp(2).subs({"h1": "w"}).names
        ('h0', 'w', 'h2')
        """
        given = self._given(values, kwargs)
        if not given:
            return self
        sym: dict[Any, Any] = {}

        def replace(d: Dim) -> Dim:
            if type(d) is str:
                return given.get(d, d)
            if type(d) is int:
                return d
            if not sym:
                from .symbols import symbol

                sym.update({symbol(k): _as_sympy(v) for k, v in given.items()})
            return check_dim(cast(Any, d).xreplace(sym), "size")

        return Network((part.map_dims(replace) for part in self.parts), name=self.name)

    def _given(self, values: Mapping[Any, object] | None, kwargs: Mapping[str, object]) -> dict[str, Dim]:
        """Validate substitution values once, keyed by name."""
        if values is not None and not isinstance(values, Mapping):
            raise OptionError(f"values is {shown(values)}: expected a mapping such as {{'w': 16}}")
        items = list((values or {}).items()) + list(kwargs.items())
        known = set(self.names)
        given: dict[str, Dim] = {}
        for key, value in items:
            key_name = key if isinstance(key, str) else getattr(key, "name", None)
            if not isinstance(key_name, str) or key_name not in known:
                listed = _listed(self.names) or "none"
                raise OptionError(f"{shown(key)} is not a symbolic size of this network (its sizes: {listed})")
            given[key_name] = check_dim(value, f"value of {key_name}")
        return given

    # -- numbers -----------------------------------------------------------

    def count(self, values: Mapping[Any, object] | None = None, /, **kwargs: object) -> int:
        """The exact number of parameters (weights and biases), as a Python int.

        >>> mlp(3).count(h0=784, h1=16, h2=16, h3=10)
        13002
        """
        net = self.subs(values, **kwargs)
        net._require_numbers()
        return sum(sum(part.sums()[:2]) for part in net.parts)

    def summary(self, values: Mapping[Any, object] | None = None, /, **kwargs: object) -> Summary:
        """Per-layer records and totals: ints when every size is known, formulas otherwise.

        >>> s = mlp([784, 16, 16, 10]).summary()
        >>> [r.params for r in s.layers], s.total
        ([12560, 272, 170], 13002)
        """
        net = self.subs(values, **kwargs)
        if net.names:
            return net._symbolic
        return Summary(net, list(net._rows(_same)), numeric=True)

    def _require_numbers(self) -> None:
        if self.names:
            raise UnresolvedError(f"a number needs every size; these are still symbols: {_listed(self.names)}")

    def _rows(self, resolve: Any, lo: int = 0, hi: int | None = None) -> Iterator[Row]:
        """Rows ``lo .. hi-1`` of the whole network (counted from 0), across its parts."""
        hi = self.n_rows if hi is None else hi
        offset = 0
        for part in self.parts:
            n = part.n_rows
            if offset + n > lo and offset < hi:
                yield from part.rows(resolve, max(lo - offset, 0), min(hi - offset, n))
            offset += n

    @property
    def n_rows(self) -> int:
        """The number of weight layers (rows of :attr:`layers`)."""
        return sum(part.n_rows for part in self.parts)

    def _as_mlp(self) -> DenseStack | None:
        """The dense stack this network is, if it is one (printers offer more for it)."""
        return self.parts[0] if len(self.parts) == 1 and isinstance(self.parts[0], DenseStack) else None

    def with_bias(self, bias: str | Sequence[bool]) -> Network:
        """The same fully connected network under another bias convention.

        >>> mlp([784, 16, 16, 10]).with_bias("hidden").count()
        12992
        """
        stack = self._as_mlp()
        if stack is None:
            raise OptionError("another bias convention applies to a fully connected network made by mlp()")
        return Network([DenseStack(stack.widths, bias)], name=self.name)

    # -- formulas ----------------------------------------------------------

    @cached_property
    def _symbolic(self) -> Summary:
        return Summary(self, list(self._rows(_as_sympy)), numeric=False)

    @property
    def weights(self) -> sympy.Expr:
        """The number of weights, as a SymPy expression."""
        return self._symbolic.weights

    @property
    def biases(self) -> sympy.Expr:
        """The number of biases, as a SymPy expression."""
        return self._symbolic.biases

    @property
    def buffers(self) -> sympy.Expr:
        """The number of buffer entries (state that is not a parameter), as a SymPy expression."""
        return self._symbolic.buffers

    @property
    def total(self) -> sympy.Expr:
        """Weights plus biases: the number of parameters, as a SymPy expression."""
        return self._symbolic.total

    @property
    def layers(self) -> list[LayerRecord]:
        """One record per weight layer, its sizes and counts as SymPy expressions."""
        return self._symbolic.layers


    def describe(self) -> str:
        """A short description: the network's name, or its parts (``'784-16-16-10'``)."""
        if self.name:
            return self.name
        parts = [part.describe() for part in self.parts]
        if len(parts) > 8:
            parts = parts[:3] + [f"... ({len(parts)} layers) ..."] + parts[-2:]
        return " + ".join(parts)

    def __repr__(self) -> str:
        return f"Network({list(self.parts)!r})"


class Summary(LatexDisplay):
    """Per-layer records and their totals, computed once; renders itself.

    >>> print(mlp([2, 3, 1]).summary().to_text())
    network 2-3-1
    layer  kind   fan-in  fan-out  weights  biases  params  formula
        1  dense       2        3        6       3       9  2*3 + 3
        2  dense       3        1        3       1       4  3*1 + 1
    weights 9
    biases  4
    total   13
    """

    def __init__(self, network: Network, rows: list[Row], numeric: bool) -> None:
        self.network = network
        self.numeric = numeric
        self._rows = rows
        if numeric:
            add: Any = sum
            term: Any = math.prod
        else:
            import sympy

            add = lambda xs: sympy.Add(*xs)  # noqa: E731 -- one flat Add, never a chain of binary ones
            term = lambda t: sympy.Mul(*t)  # noqa: E731
        self.layers = [
            LayerRecord(
                k,
                r.kind,
                r.fan_in,
                r.fan_out,
                add([term(t) for t in r.counts.weights]),
                add([term(t) for t in r.counts.biases]),
                add([term(t) for t in r.counts.buffers]),
            )
            for k, r in enumerate(rows, 1)
        ]
        self.weights = add([r.weights for r in self.layers])
        self.biases = add([r.biases for r in self.layers])
        self.buffers = add([r.buffers for r in self.layers])
        self.total = add([self.weights, self.biases])

    @property
    def trainable(self) -> Any:
        """The parameters that training changes: all of them (frozen layers are not modelled yet)."""
        return self.total

    def memory(self, dtype: str = "fp32") -> dict[str, Any]:
        """Bytes of the parameters and of the buffers in ``dtype``: exact ints, or formulas.

        >>> mlp([784, 16, 16, 10]).summary().memory("bf16")
        {'parameters': 26004, 'buffers': 0}
        """
        if dtype not in DTYPE_BYTES:
            raise OptionError(f"dtype is {shown(dtype)}: expected one of {', '.join(map(repr, DTYPE_BYTES))}")
        size = DTYPE_BYTES[dtype]
        return {"parameters": size * self.total, "buffers": size * self.buffers}

    def formulas(self) -> dict[str, Any]:
        """Weights, biases, buffers and total as sums in layer order (for printing)."""
        from ._format import ordered_sum

        weights = [t for r in self._rows for t in r.counts.weights]
        biases = [t for r in self._rows for t in r.counts.biases]
        return {
            "weights": ordered_sum(weights),
            "biases": ordered_sum(biases),
            "buffers": ordered_sum(t for r in self._rows for t in r.counts.buffers),
            "total": ordered_sum(weights + biases),
        }

    def _display(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """Totals and per-layer rows as shown: ints, or formulas in layer order."""
        if self.numeric:
            totals = {"weights": self.weights, "biases": self.biases, "buffers": self.buffers, "total": self.total}
            params = [r.params for r in self.layers]
        else:
            from ._format import ordered_sum

            totals = self.formulas()
            params = [ordered_sum(row.counts.weights + row.counts.biases) for row in self._rows]
            rows = [
                {
                    **r._asdict(),
                    "weights": ordered_sum(row.counts.weights),
                    "biases": ordered_sum(row.counts.biases),
                    "params": p,
                }
                for r, row, p in zip(self.layers, self._rows, params)
            ]
            return totals, rows
        rows = [{**r._asdict(), "params": p} for r, p in zip(self.layers, params)]
        return totals, rows

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: numbers as ints, formulas as strings."""
        totals, rows = self._display()
        out: dict[str, Any] = {"network": self.network.describe()}
        out.update({k: _json_value(v) for k, v in totals.items()})
        out["layers"] = [{k: _json_value(v) for k, v in row.items()} for row in rows]
        return out

    def to_text(self) -> str:
        """A per-layer table and the totals, as plain text."""
        from ._format import table

        totals, rows = self._display()
        header = ["layer", "kind", "fan-in", "fan-out", "weights", "biases", "params"]
        keys = ["index", "kind", "fan_in", "fan_out", "weights", "biases", "params"]
        if self.buffers != 0:
            header.append("buffers")
            keys.append("buffers")
        cells = [[_text_value(row[k]) for k in keys] for row in rows]
        aligned = [True, False] + [self.numeric] * (len(keys) - 2)
        if self.numeric:
            # The formula column: each layer's count as the products it is made of (784*16 + 16).
            header.append("formula")
            aligned.append(False)
            for cell, row in zip(cells, self._rows):
                terms = row.counts.weights + row.counts.biases
                cell.append(" + ".join("*".join(map(str, t)) for t in terms) or "0")
        lines = [f"network {self.network.describe()}"]
        lines += table(header, cells, numeric=aligned)
        shown = ["weights", "biases", "total"] + (["buffers"] if self.buffers != 0 else [])
        label = max(map(len, shown))
        lines += [f"{key.ljust(label)} {_text_value(totals[key])}" for key in shown]
        return "\n".join(lines)


    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        return f"<Summary of {self.network.describe()}: total {self.total}>"


def _listed(names: Sequence[str], most: int = 8) -> str:
    return ", ".join(names[:most]) + (", ..." if len(names) > most else "")


def _as_sympy(d: Dim) -> Any:
    """A size as a SymPy object: an Integer, a positive-integer symbol, or the expression itself."""
    import sympy

    from .symbols import symbol

    if type(d) is int:
        return sympy.Integer(d)
    if type(d) is str:
        return symbol(d)
    return d


def _json_value(value: Any) -> Any:
    """Numbers as JSON integers (Python or SymPy ints alike), formulas as strings."""
    if type(value) is int or isinstance(value, str):
        return value
    if getattr(value, "is_Integer", False):
        return int(value)
    from ._format import plain

    return plain(value)


def _text_value(value: Any) -> str:
    value = _json_value(value)
    return value if isinstance(value, str) else str(value)
