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

import itertools
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from ._bulk import full_collections_postponed
from ._dims import LAYER_LIMIT, Dim, check_choice, check_count, check_dim, check_family, check_index, check_name, int_sum, read_int, shown
from ._display import LatexDisplay
from ._options import DTYPE_BYTES  # re-exported here; the dtypes' one home is _options
from .errors import OptionError, UnresolvedError, UnsupportedError
from .layers import BIAS_CONVENTIONS, UNKNOWN, Counts, DenseStack, Layer, Row, _same, bias_mask, dense_sums, layers_of

if TYPE_CHECKING:
    import sympy

__all__ = ["DTYPE_BYTES", "LayerRecord", "Network", "Summary", "count", "mlp"]


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
    check_family(name, "name")
    check_index(start, "start")
    if isinstance(widths, int) and not isinstance(widths, bool):
        check_count(widths, "depth", minimum=1, maximum=LAYER_LIMIT)
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
    total = int_sum(widths) if isinstance(widths, (list, tuple)) and len(widths) > 1 else None
    if total is not None:
        # Int widths, checked at C speed: counted from them as they are, no stack built.
        mask = bias if isinstance(bias, str) and bias in BIAS_CONVENTIONS else bias_mask(bias, len(widths) - 1)
        return sum(dense_sums(cast("list[int]", widths), mask, total))
    return Network([DenseStack(widths, bias)]).count()  # a symbol among the widths: UnresolvedError


class LayerRecord(NamedTuple):
    """One row of a network: where it sits, what it is, its sizes and its counts.

    ``weights``, ``biases`` and ``buffers`` are the row's whole count:
    ``times`` instances (a repeated block's depth, possibly a symbol) of the
    one instance whose unmultiplied terms are ``terms``. They are Python ints
    in a numeric :class:`Summary` and SymPy expressions otherwise. ``kind`` is
    the layer kind alone (``"linear"``); ``name`` its path in the model's
    blocks (``"blocks.mlp.up"``, empty where nothing named it); ``tied_to``
    the layer whose weight it shares, which counts there and not here.

    >>> record = mlp([784, 16, 10]).summary().layers[0]
    >>> record.index, record.kind, record.fan_in, record.fan_out, record.weights, record.biases, record.params
    (1, 'dense', 784, 16, 12544, 16, 12560)
    >>> record.terms.weights
    ((784, 16),)
    """

    index: int  # type: ignore[assignment]  # the layer's position; shadows tuple.index on purpose
    kind: str
    fan_in: Any
    fan_out: Any
    weights: Any
    biases: Any
    buffers: Any
    name: str = ""
    times: Any = 1
    tied_to: str | None = None
    terms: Counts = Counts(())
    #: How many of the ``times`` instances one token uses (a mixture's top-k); None: all of them.
    active: Any = None
    #: The parameter tensors holding the row, as PyTorch holds them: (weights, biases); None where not stated.
    tensors: tuple[Any, Any] | None = None
    #: Each of one instance's parameter tensors as its elements (terms), (weights', biases'); None where not stated.
    sizes: tuple[tuple[Any, ...], tuple[Any, ...]] | None = None

    @property
    def params(self) -> Any:
        """Weights plus biases (buffers are not parameters)."""
        return self.weights + self.biases

    def scaled(self, role: str) -> tuple[tuple[Any, ...], ...]:
        """The terms of ``role`` (weights, biases, buffers) for all ``times`` instances: ``times`` leads each."""
        terms: tuple[tuple[Any, ...], ...] = getattr(self.terms, role)
        if type(self.times) is int and self.times == 1:
            return terms
        return tuple((self.times, *t) for t in terms)


class Network(LatexDisplay):
    """A network as a sequence of layers, each knowing its own count.

    Use :func:`mlp` for fully connected networks; ``Network(layers)`` takes any
    :class:`~symcount.layers.Layer` objects. A network is immutable:
    :meth:`subs` returns a new one.

    >>> from symcount.layers import Dense
    >>> Network([Dense(784, "w"), Dense("w", 10)]).total
    795*w + 10
    """

    def __init__(
        self,
        layers: Iterable[Layer],
        *,
        name: str | None = None,
        legend: Mapping[str, str] | None = None,
        paper: Mapping[str, str] | None = None,
        frozen: Iterable[str] = (),
        compute_note: str | None = None,
    ) -> None:
        parts = layers_of(layers, "layers")
        self.parts = parts
        if name is not None and not isinstance(name, str):
            raise OptionError(f"name is {shown(name)}: expected the network's name, a string")
        self.name = name
        #: What each size name means ("vocab_size": "the vocabulary size"), for legends.
        self.legend: dict[str, str] = _checked_legend(legend)
        #: The symbols a paper writes for the sizes ("vocab_size": "V"); see with_symbols().
        self.paper: dict[str, str] = _str_map(paper, "paper")
        #: The names of the parts training leaves as they are (see freeze()).
        if isinstance(frozen, (str, bytes)) or not isinstance(frozen, Iterable):
            raise OptionError(f"frozen is {shown(frozen)}: expected a list of part names")
        self.frozen: tuple[str, ...] = tuple(itertools.islice(frozen, LAYER_LIMIT + 1))
        if not all(isinstance(f, str) for f in self.frozen) or len(self.frozen) > LAYER_LIMIT:
            raise OptionError(f"frozen is {shown(frozen)}: expected a list of part names")
        if compute_note is not None and not isinstance(compute_note, str):
            raise OptionError(f"compute_note is {shown(compute_note)}: expected None or why the compute is not stated")
        if compute_note is None:  # parts of a family whose compute is not stated keep refusing in any network
            compute_note = next((p.compute_note for p in parts if p.compute_note), None)
        #: Why this network's compute is not stated (a family whose layers leave out what compute needs,
        #: such as strides and pooling); None where the layers state it. See symcount.flops.
        self.compute_note = compute_note

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

        # The legend follows a size renamed to another name, and forgets one given a value.
        legend = {cast(str, given.get(k, k)): v for k, v in self.legend.items() if type(given.get(k, k)) is str}
        return self._like((part.map_dims(replace) for part in self.parts), legend)

    def _like(self, parts: Iterable[Layer], legend: Mapping[str, str] | None = None) -> Network:
        """A network of ``parts`` that keeps this one's name, legend and paper symbols."""
        return Network(
            parts, name=self.name, legend=self.legend if legend is None else legend, paper=self.paper, frozen=self.frozen,
            compute_note=self.compute_note,
        )

    def freeze(self, *names: str) -> Network:
        """A copy whose parts called ``names`` (or inside them: ``"embeddings"`` holds ``"embeddings.token"``) are frozen.

        Frozen parameters still count in the total; :attr:`Summary.trainable` leaves them out.

        >>> from symcount import models
        >>> s = models.gpt2(vocab_size=50257, n_positions=1024, n_embd=768, n_layer=12).freeze("embeddings").summary()
        >>> s.total - s.trainable == (50257 + 1024) * 768
        True
        """
        known = sorted({row.name for row in self._rows(_same)} - {""})
        for name in names:
            if not isinstance(name, str) or not any(k == name or k.startswith(name + ".") for k in known):
                raise OptionError(f"freeze names {shown(name)}: expected a part of the network, such as {_listed(known, 6)}")
        return Network(
            self.parts, name=self.name, legend=self.legend, paper=self.paper, frozen=tuple(dict.fromkeys(self.frozen + names)),
            compute_note=self.compute_note,
        )

    def is_frozen(self, name: str) -> bool:
        """Whether the row called ``name`` is in a frozen part."""
        if not isinstance(name, str):
            raise OptionError(f"name is {shown(name)}: expected a row's name, such as 'embeddings.token'")
        return any(name == f or name.startswith(f + ".") for f in self.frozen)

    def with_symbols(self, symbols: str | Mapping[str, str]) -> Network:
        """A copy whose sizes are renamed: ``"paper"`` for the symbols papers use, or a mapping of names.

        The legend follows the new names, so a printed formula still says what each symbol is.

        >>> from symcount import models
        >>> models.gpt2().with_symbols("paper").total
        12*L*d**2 + 13*L*d + P*d + V*d + 2*d
        >>> mlp([784, "w", 10]).with_symbols({"w": "n"}).total
        795*n + 10
        """
        if symbols == "paper":
            if not self.paper:
                raise OptionError(f"{self.describe()} has no paper symbols: give a mapping such as {{'w': 'd'}}")
            mapping = {k: v for k, v in self.paper.items() if k in self.names}
        elif isinstance(symbols, Mapping):
            mapping = {}
            for key, value in symbols.items():
                if key not in self.names:
                    raise OptionError(f"{shown(key)} is not a symbolic size of this network (its sizes: {_listed(self.names)})")
                mapping[key] = check_name(value, f"the new name of {key}")
        else:
            raise OptionError(f"symbols is {shown(symbols)}: expected 'paper' or a mapping such as {{'w': 'd'}}")
        clash = sorted((set(mapping.values()) & (set(self.names) - set(mapping))) | _repeats(mapping.values()))
        if clash:
            raise OptionError(f"{clash[0]!r} would name two sizes at once")
        return self.subs(mapping) if mapping else self

    def _given(self, values: Mapping[Any, object] | None, kwargs: Mapping[str, object]) -> dict[str, Dim]:
        """Validate substitution values once, keyed by name."""
        if values is not None and not isinstance(values, Mapping):
            raise OptionError(f"values is {shown(values)}: expected a mapping such as {{'w': 16}}")
        known = set(self.names)
        given: dict[str, Dim] = {}
        for source in ((values or {}).items(), kwargs.items()):
            named: set[str] = set()
            for key, value in source:
                key_name = key if isinstance(key, str) else getattr(key, "name", None)
                if not isinstance(key_name, str) or key_name not in known:
                    listed = _listed(self.names) or "none"
                    raise OptionError(f"{shown(key)} is not a symbolic size of this network (its sizes: {listed})")
                if key_name in named:  # the name and a SymPy symbol of that name, both in the mapping
                    raise OptionError(f"{key_name} is given twice in the mapping (as a name and as a symbol)")
                named.add(key_name)
                given[key_name] = check_dim(value, f"value of {key_name}")  # a keyword overrides the mapping, as in dict()
        return given

    # -- numbers -----------------------------------------------------------

    def count(self, values: Mapping[Any, object] | None = None, /, **kwargs: object) -> int:
        """The exact number of parameters (weights and biases), as a Python int.

        Sizes come as a mapping, as keywords, or both; a keyword overrides the
        mapping, as in ``dict(values, **kwargs)``.

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
        return Summary(net, net._rows(_same), numeric=True)

    def records(self, start: int = 0, stop: int | None = None) -> Iterator[LayerRecord]:
        """The rows ``start .. stop-1`` (counted from 0) as records, their counts as formulas.

        ``0 <= start <= stop <= n_rows``: a row past the end is refused, not skipped.

        Only the rows asked for are resolved, so the first and last layers of
        a network a hundred thousand deep cost what a shallow one does.

        >>> [r.params for r in mlp(100).records(99)]
        [h100*h99 + h100]
        """
        n = self.n_rows
        check_count(start, "start", minimum=0, maximum=n)
        stop = n if stop is None else check_count(stop, "stop", minimum=start, maximum=n)
        return self._records(start, stop)

    def _records(self, start: int, stop: int) -> Iterator[LayerRecord]:
        from .symbols import as_sympy

        builder = _RecordBuilder(numeric=False)
        for k, row in enumerate(self._rows(as_sympy, start, stop), start + 1):
            yield builder.record(k, row)

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
        """The number of rows (weight layers) of :attr:`layers`."""
        return sum(part.n_rows for part in self.parts)

    @property
    def widths(self) -> tuple[Any, ...] | None:
        """The widths, input first, of a fully connected network made by :func:`mlp`; None for any other.

        >>> mlp([784, "w", 10]).widths
        (784, 'w', 10)
        """
        stack = self._as_mlp()
        return None if stack is None else stack.widths

    @property
    def bias(self) -> str | tuple[bool, ...] | None:
        """The bias convention (or per-layer mask) of a network made by :func:`mlp`; None for any other."""
        stack = self._as_mlp()
        return None if stack is None else stack.bias

    @cached_property
    def width_family(self) -> tuple[str, int] | None:
        """``("h", 0)`` for widths ``h0, h1, ..., hl`` (one name, consecutive indices), else None.

        >>> mlp(3, name="n", start=1).width_family
        ('n', 1)
        """
        widths = self.widths
        return None if widths is None else _family(widths)

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
        return self._like([DenseStack(stack.widths, bias)])

    def sum_form(self, form: str = "split") -> sympy.Expr:
        """The count in \\sum notation at this network's depth, for symbolic widths ``h0 .. hl``.

        ``form`` is ``"split"``, ``"combined"`` or ``"per_neuron"`` (as for :func:`symcount.general`).

        >>> mlp(3).sum_form()
        Sum(h[i - 1]*h[i], (i, 1, 3)) + Sum(h[i], (i, 1, 3))
        """
        from ._options import SUM_FORMS
        from .symbols import dense_form

        check_choice(form, "form", SUM_FORMS)
        family, bias = self.width_family, self.bias
        if family is None or not isinstance(bias, str):
            raise OptionError(
                "the sum form needs the general form or an mlp of symbolic widths h0..hl "
                "under a named bias convention (symcount.general() or symcount.mlp(depth))"
            )
        name, start = family
        return dense_form(form, bias, name, self.n_rows, start)

    # -- formulas ----------------------------------------------------------

    @cached_property
    def _symbolic(self) -> Summary:
        from .symbols import as_sympy  # once, not once per size: a deep network has 10**5 of them

        return Summary(self, self._rows(as_sympy), numeric=False)

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
        """One record per row, its sizes and counts as SymPy expressions."""
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


class _RecordBuilder:
    """Turns rows into records: Python ints for numbers, one flat SymPy sum per role for formulas."""

    def __init__(self, numeric: bool) -> None:
        self.numeric = numeric
        if numeric:
            self.add: Any = sum
            self.term: Any = math.prod
        else:
            from .symbols import flat_sum, product

            self.add = flat_sum  # one flat Add, never a chain of binary ones
            self.term = product

    def record(self, index: int, row: Row) -> LayerRecord:
        add, term, times, c = self.add, self.term, row.times, row.counts
        if type(times) is int and times == 1:
            sums = [add([term(t) for t in terms]) for terms in c]
        else:
            sums = [add([term((times, *t)) for t in terms]) for terms in c]
        weights, biases, buffers = sums
        return LayerRecord(
            index, row.kind, row.fan_in, row.fan_out, weights, biases, buffers, row.name, times, row.tied_to, c, row.active,
            row.tensors, row.sizes,
        )


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

    def __init__(self, network: Network, rows: Iterable[Row], numeric: bool) -> None:
        self.network = network
        self.numeric = numeric
        #: The network's description, as headers print it.
        self.name = network.describe()
        #: A network made by mlp(): its widths and bias convention (None for any other network).
        self.widths = network.widths
        self.bias = network.bias
        self.width_family = network.width_family
        #: The sizes still symbolic, and what each means where the network says.
        self.names = network.names
        self.legend = network.legend
        builder = _RecordBuilder(numeric)
        with full_collections_postponed():  # a record per row: see symcount._bulk
            self.layers: list[LayerRecord] = [builder.record(k, r) for k, r in enumerate(rows, 1)]
        self._add = builder.add
        self._term = builder.term

    # The sums over the rows are each made once, when first asked for: a deep
    # network's total alone is one SymPy Add, not three.

    @cached_property
    def weights(self) -> Any:
        """The number of weights: an int, or one flat SymPy sum of every row's."""
        return self._sum([r.weights for r in self.layers])

    @cached_property
    def biases(self) -> Any:
        """The number of biases: an int, or one flat SymPy sum of every row's."""
        return self._sum([r.biases for r in self.layers])

    @cached_property
    def buffers(self) -> Any:
        """The number of buffer entries (not parameters): an int, or one flat SymPy sum of every row's."""
        return self._sum([r.buffers for r in self.layers])

    @cached_property
    def total(self) -> Any:
        """Weights plus biases, summed from the rows at once (SymPy's Add is associative: the same sum)."""
        return self._sum([r.weights for r in self.layers] + [r.biases for r in self.layers])

    def _sum(self, values: list[Any]) -> Any:
        with full_collections_postponed():
            return self._add(values)

    @cached_property
    def active(self) -> Any:
        """The parameters one token uses: every row's, but only the top-k of a mixture's experts.

        Equal to :attr:`total` for a network without experts.

        >>> from symcount import Network, Experts, Router
        >>> s = Network([Router(4096, 8), Experts(4096, 14336, 8, 2)]).summary()
        >>> s.total, s.active
        (1409318912, 352354304)
        """
        parts: list[Any] = []
        for r in self.layers:
            if r.active is UNKNOWN:
                raise UnresolvedError(f"{r.name or r.kind} does not say how many experts a token uses (num_experts_per_tok)")
            if r.active is None:
                parts += [r.weights, r.biases]
            else:
                parts += [self._term((r.active, *t)) for t in r.terms.weights + r.terms.biases]
        return self._sum(parts)

    @cached_property
    def non_embedding(self) -> Any:
        """The parameters outside the embedding tables (Kaplan et al. 2020's N; ``num_parameters(exclude_embeddings=True)``).

        >>> from symcount import models
        >>> models.gpt2().summary().non_embedding
        12*n_embd**2*n_layer + 13*n_embd*n_layer + 2*n_embd
        """
        return self._sum([v for r in self.layers if r.kind != "embedding" for v in (r.weights, r.biases)])

    @property
    def knows_active(self) -> bool:
        """Whether every mixture says how many experts a token uses."""
        return all(r.active is not UNKNOWN for r in self.layers)

    @property
    def has_experts(self) -> bool:
        """Whether some row is used only in part per token (a mixture of experts)."""
        return any(r.active is not None for r in self.layers)

    @cached_property
    def trainable(self) -> Any:
        """The parameters that training changes: all but those of the parts frozen with :meth:`Network.freeze`."""
        note = next((p.training_note for p in self.network.parts if p.training_note), None)
        if note:
            raise UnsupportedError(note)
        if not self.network.frozen:
            return self.total
        frozen = self.frozen_rows
        return self._sum([v for r in self.layers if r.name not in frozen for v in (r.weights, r.biases)])

    @cached_property
    def frozen_rows(self) -> frozenset[str]:
        """The names of the rows training leaves: those in a frozen part, and a tied weight's home where a row
        that shares it is frozen (one tensor, frozen wherever it is used, as ``requires_grad`` is)."""
        net = self.network
        names = {r.name for r in self.layers}
        out = {r.name for r in self.layers if net.is_frozen(r.name)}
        for r in self.layers:
            if r.tied_to is not None and r.name in out and r.tied_to not in out:
                if r.tied_to not in names:
                    raise UnsupportedError(f"{r.name} is frozen and shares the weight of {r.tied_to!r}, which no row is called")
                out.add(r.tied_to)
        return frozenset(out)

    def memory(self, dtype: str = "fp32") -> dict[str, Any]:
        """Bytes of the parameters and of the buffers in ``dtype``: exact ints, or formulas.

        >>> mlp([784, 16, 16, 10]).summary().memory("bf16")
        {'parameters': 26004, 'buffers': 0}
        """
        check_choice(dtype, "dtype", DTYPE_BYTES)
        size = DTYPE_BYTES[dtype]
        return {"parameters": size * self.total, "buffers": size * self.buffers}

    def formulas(self) -> dict[str, Any]:
        """Weights, biases, buffers and total as sums in layer order (for printing).

        >>> mlp(2).summary().formulas()["total"]
        h0*h1 + h1*h2 + h1 + h2
        """
        from ._format import ordered_sum

        weights = [t for r in self.layers for t in r.scaled("weights")]
        biases = [t for r in self.layers for t in r.scaled("biases")]
        return {
            "weights": ordered_sum(weights),
            "biases": ordered_sum(biases),
            "buffers": ordered_sum(t for r in self.layers for t in r.scaled("buffers")),
            "total": ordered_sum(weights + biases),
        }

    def collected(self) -> list[Any]:
        """The total's terms, like terms combined: highest degree first, then in layer order.

        >>> mlp([784, "w", "w", 10]).summary().collected()
        [w**2, 796*w, 10]
        """
        from ._forms import collected

        # A repeated block's terms lead among equals: 12 L d^2 + 13 L d + V d + P d, as papers write it.
        import sympy

        ordered = sorted(self.layers, key=lambda r: type(r.times) is int and r.times == 1)
        return collected(sympy.Mul(*t) for r in ordered for role in ("weights", "biases") for t in r.scaled(role))

    def factored(self) -> list[Any]:
        """The total grouped by what repeats (see :mod:`symcount._forms`): a list of ``Factored`` terms.

        >>> [f.value for f in mlp(2).summary().factored()]
        [h1*(h0 + 1), h2*(h1 + 1)]
        """
        from ._forms import factored

        return factored(self.layers)

    def components(self) -> list[Any]:
        """A breakdown by named component (``Component`` records): one instance of a repeated block, with its parts."""
        from ._forms import components

        return components(self.layers)

    def sum_form(self, form: str = "split") -> Any:
        """The count in \\sum notation (see :meth:`Network.sum_form`)."""
        return self.network.sum_form(form)

    def with_symbols(self, symbols: str | Mapping[str, str]) -> Summary:
        """The summary of the network with its sizes renamed (see :meth:`Network.with_symbols`)."""
        return self.network.with_symbols(symbols).summary()

    def with_bias(self, bias: str | Sequence[bool]) -> Summary:
        """The summary of the same MLP under another bias convention (see :meth:`Network.with_bias`)."""
        return self.network.with_bias(bias).summary()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: numbers as ints, formulas as strings."""
        from ._display import summary_dict

        return summary_dict(self)

    def to_text(self) -> str:
        """A per-layer table and the totals, as plain text."""
        from ._display import summary_text

        return summary_text(self)

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        return f"<Summary of {self.name}: total {self.total}>"


def _listed(names: Sequence[str], most: int = 8) -> str:
    return ", ".join(names[:most]) + (", ..." if len(names) > most else "")


# A legend's sentence is set in LaTeX text as it is: words, digits and plain punctuation only.
_LEGEND_TEXT = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ,.'()-]*\Z")


def _str_map(value: object, option: str) -> dict[str, str]:
    """A mapping of names to names (or texts), or OptionError."""
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise OptionError(f"{option} is {shown(value)}: expected a mapping of size names to strings")
    return dict(value)


def _checked_legend(legend: Mapping[str, str] | None) -> dict[str, str]:
    if legend is None:
        return {}
    if not isinstance(legend, Mapping):
        raise OptionError(f"legend is {shown(legend)}: expected a mapping of size names to what each is")
    for key, text in legend.items():
        if not isinstance(key, str) or not isinstance(text, str) or not _LEGEND_TEXT.match(text):
            raise OptionError(
                f"legend maps {shown(key)} to {shown(text)}: expected a size name and a plain sentence "
                "(letters, digits, spaces and , . ' ( ) -)"
            )
    return dict(legend)


def _repeats(values: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    return {v for v in values if v in seen or seen.add(v)}  # type: ignore[func-returns-value]


def _as_sympy(d: Dim) -> Any:
    """A size as a SymPy object (:func:`symcount.symbols.as_sympy`, imported when first asked for)."""
    from .symbols import as_sympy

    return as_sympy(d)


def _family(widths: Sequence[Any]) -> tuple[str, int] | None:
    """The symbol name and first index of widths ``h0, h1, ..., hl`` (consecutive indices), else None."""
    if not all(type(w) is str for w in widths):
        return None
    match = re.fullmatch(r"([A-Za-z][A-Za-z_]*?)([0-9]+)", widths[0])
    if match is None:
        return None
    family, first = match.group(1), read_int(match.group(2))
    if any(w != f"{family}{first + k}" for k, w in enumerate(widths)):
        return None
    return family, first
