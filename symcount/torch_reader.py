"""Reading a PyTorch module tree into symcount layers, without running it.

Only the modules' configuration and the shapes of their tensors are read, so
a model built on the ``meta`` device, with no memory behind its tensors, reads
the same. The count is PyTorch's own, ``sum(p.numel() for p in
model.parameters())``, with the formula of each module symcount has a kind for.

How a module is read:

* **Known kinds** -- ``Linear``, convolutions, ``Embedding``, the norms,
  recurrent layers, ``MultiheadAttention`` -- and, by the names and shapes of
  their tensors and attributes rather than by class name, the modules of
  Hugging Face models: norms holding a weight vector (and a bias) and an
  epsilon (``LlamaRMSNorm``, ``T5LayerNorm``, Gemma's ``1 + w``), GPT-2's
  ``Conv1D`` (``nx``, ``nf`` and a weight stored ``in x out``), routers holding
  a bare ``(experts, width)`` weight where the module or its config states that
  many experts, fused experts holding 3-D ``gate_up_proj``/``down_proj`` tensors
  (either layout, with or without biases) and attention sinks. A module is
  read as its kind only if its tensors are exactly the ones the kind explains
  and no child of it holds parameters: a ``Linear`` subclass with adapter
  matrices, a weight-normed or parametrized ``Linear``, counts its own stored
  tensors under its class name and path, and its children are read as usual.
* **Sharing** -- every tensor counts once, where it is first held by a module
  read as a kind (else by the first module holding it). A module whose weight
  is another's becomes :class:`~symcount.layers.Tied` to it; one whose bias is
  another's loses that bias and its row says where it is counted.
* **Repeats** -- consecutive children of a ``ModuleList`` or ``Sequential``
  (or of any module whose children are numbered) that read the same, sizes,
  names and sharing alike, become one :class:`~symcount.layers.Repeat`, so a
  depth given a name by ``names=`` is a symbol of the formula.
* **The rest** -- a module symcount has no kind for is never counted as zero:
  each of its plain tensors is a ``parameter`` row whose shape is its formula
  (ViT's class token, Mamba's ``A_log``, CLIP's ``logit_scale``), under the
  module's path and the tensor's name. A subclass of a known kind holding
  tensors the kind does not explain (a LoRA ``Linear``), and a parametrized
  module, are counted from their tensors as numbers (no formula) under their
  class and path. A module still lazy (``torch.nn.LazyLinear`` before its
  first call) is refused with :class:`~symcount.errors.UnsupportedError`.
* **Buffers** are counted apart, as ``buffers``: a module read as a kind
  carries those its kind does not count on its row; a module holding buffers
  only has a row saying so.

The reader visits each module once and stops at a module it reads as a kind:
its time grows linearly with the number of modules.

A mixture's ``top_k`` (for :attr:`~symcount.network.Summary.active`) is read from
the experts module, its ``config`` or the modules above it (``top_k``,
``num_experts_per_tok``...); where none says, every expert counts as active
and the row's kind says so.

PyTorch is needed only here, and imported only when called.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, cast

from ._dims import Dim, is_name, shown
from .errors import OptionError, SymcountError, UnsupportedError
from .layers import (
    LABEL_LIMIT,
    BatchNorm,
    Conv,
    Counts,
    Embedding,
    Experts,
    GroupNorm,
    Layer,
    LayerNorm,
    Linear,
    MultiheadAttention,
    Parameter,
    Recurrent,
    Repeat,
    RMSNorm,
    Router,
    Row,
    Tied,
    _Simple,
)
from .network import Network

__all__ = ["from_torch"]


# -- layer kinds of the reader -------------------------------------------------------------


class Opaque(Layer):
    """A module symcount has no formula for: its own tensors, counted as numbers, under its name.

    >>> Opaque("Scale", "blocks.scale", 7, 3).kind
    "Scale 'blocks.scale' (its tensors, no formula)"
    >>> Opaque("RotaryEmbedding", "rotary", 0, 16).kind
    "RotaryEmbedding 'rotary' (buffers, no parameters)"
    """

    def __init__(self, type_name: str, where: str, params: int, buffers: int, note: str = "", *, tensors: int | None = None,
                 sizes: tuple[int, ...] | None = None) -> None:
        self.type_name, self.where, self.note = type_name, where, note
        self.params = params
        self.buffers = buffers
        self.tensors = tensors  # the parameter tensors holding ``params``, where the reader counted them
        self.sizes = sizes  # and each one's elements
        what = ("its tensors, no formula" if params else "tensors of no elements" if tensors else "buffers, no parameters") + note
        self.kind = f"{type_name} '{where}' ({what})" if where else f"{type_name} ({what})"

    def dims(self) -> Iterator[Dim]:
        return iter(())

    def map_dims(self, f: Callable[[Dim], Dim]) -> Opaque:
        return self

    def rows(self, resolve: Callable[[Dim], Any], lo: int = 0, hi: int | None = None) -> Iterator[Row]:
        if lo > 0 or hi == 0:
            return
        counts = Counts(((self.params,),) if self.params else (), (), ((self.buffers,),) if self.buffers else ())
        sizes = None if self.sizes is None else (tuple((n,) for n in self.sizes), ())
        yield Row(self.kind, "", "", counts, self.name or "", tensors=None if self.tensors is None else (self.tensors, 0),
                  sizes=sizes)

    def __repr__(self) -> str:
        return f"Opaque({self.type_name!r}, {self.where!r}, {self.params}, {self.buffers})"


class Sinks(_Simple):
    """Attention sinks (gpt-oss): one learned logit per head, held by the attention module itself.

    >>> Sinks(64).count()
    64
    """

    kind = "attention_sinks"
    sizes = ("num_heads",)

    def __init__(self, num_heads: object) -> None:
        self._set_sizes(num_heads=num_heads)

    def _counts(self, s: dict[str, Any]) -> tuple[Any, Any, Counts]:
        h = s["num_heads"]
        return h, h, Counts(((h,),))

    def _tensors(self, s: dict[str, Any]) -> tuple[Any, Any] | None:
        return 1, 0


class Read(Layer):
    """A module read as ``layer``, with what its kind does not say: a note on the row, buffers of its own.

    ``note`` is added to the row's kind (``" (bias counted at cls.predictions)"``);
    ``buffers`` are buffer entries the module holds beyond its kind's (counted
    as a number, as :class:`Opaque` counts them).

    >>> Read(Linear(4, 2, bias=False), note=" (bias counted at head)").count()
    8
    """

    def __init__(self, layer: Layer, *, note: str = "", buffers: int = 0) -> None:
        self.layer = layer
        self.note = note
        self.buffers = buffers
        self.kind = layer.kind + note

    @property
    def n_rows(self) -> int:
        return self.layer.n_rows

    def dims(self) -> Iterator[Dim]:
        return self.layer.dims()

    def map_dims(self, f: Callable[[Dim], Dim]) -> Read:
        new = copy.copy(self)
        new.layer = self.layer.map_dims(f)
        return new

    def rows(self, resolve: Callable[[Dim], Any], lo: int = 0, hi: int | None = None) -> Iterator[Row]:
        for k, row in enumerate(self.layer.rows(resolve, lo, hi), lo):
            counts = row.counts
            if k == 0 and self.buffers:
                counts = counts._replace(buffers=counts.buffers + ((self.buffers,),))
            yield row._replace(kind=row.kind + self.note, counts=counts, name=_join(self.name or "", row.name))

    def __repr__(self) -> str:
        return f"Read({self.layer!r}, note={self.note!r}, buffers={self.buffers})"


# -- names ---------------------------------------------------------------------------------

_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9_ -]*\Z")
_DIGITS = re.compile(r"[0-9]+\Z")


def _join(a: str, b: str) -> str:
    return f"{a}.{b}" if a and b else a or b


def _part(name: str, known: dict[str, str]) -> str:
    """A child's name as a part of a row label (letters, digits, _, - and spaces, not starting with _); remembered."""
    part = name if _PART.match(name) else re.sub(r"[^A-Za-z0-9_ -]", "_", name).lstrip("_ -") or "x"
    known[name] = part
    return part


# -- the reader ----------------------------------------------------------------------------

_TOP_K = ("num_experts_per_tok", "top_k", "moe_top_k", "experts_per_token", "num_experts_per_token")
_NUM_EXPERTS = ("num_experts", "n_routed_experts", "num_local_experts", "n_experts")

_NO_BUFFERS: frozenset[str] = frozenset()
_WEIGHT_BIAS = frozenset(("weight", "bias"))

# What a translator makes of a module it reads as a kind, as a plain tuple (one is made per module):
# the layer class, its arguments and keywords (pairs), built as cls(*args, **dict(kw)); the module's
# weight and bias (the tensors another module may share as a tie, None where there is none), its
# other tensors, the names of the buffers its kind counts, and a note for its row.
Spec = tuple[Any, tuple[Any, ...], tuple[tuple[str, Any], ...], Any, Any, tuple[Any, ...], frozenset[str], str]
Translator = Callable[[Any, dict[str, Any], dict[str, Any]], "Spec | None"]


class _Lazy(Exception):
    """A lazy module whose tensors have no shape yet (the walk names it)."""


class _Pending:
    """The own tensors of a module read as no kind: counted once the whole tree is read."""

    __slots__ = ("type_name", "where", "tensors", "buffers", "names")

    def __init__(
        self, type_name: str, where: str, tensors: list[Any], buffers: list[Any], names: list[str] | None = None
    ) -> None:
        self.type_name, self.where, self.tensors, self.buffers = type_name, where, tensors, buffers
        #: The tensors' names where they are bare parameters of a module of no kind (read as ``parameter`` rows).
        self.names = names


class _List:
    """The children of a list-like module, each read on its own, grouped into repeats at the end."""

    __slots__ = ("where", "children")

    def __init__(self, where: str, children: list[tuple[str, list[Any]]]) -> None:
        self.where, self.children = where, children


class _Reader:
    def __init__(self, torch: Any) -> None:
        self.torch = torch
        self.nn = torch.nn
        self.owners: dict[int, str] = {}  # id of a tensor -> the module read as a kind that holds it first
        self.counted: set[int] = set()  # tensors counted by modules read as no kind
        self.visited: set[int] = set()  # modules seen (a module listed twice is one module)
        self.kinds: dict[type, Translator] = {}
        self.interned: dict[tuple[Any, ...], Layer] = {}  # equal layers are one object: blocks compare by identity
        self.stack: list[Any] = []  # the modules above the one being read
        self.parts: dict[str, str] = {}  # child names as label parts
        self.norm_types: dict[type, bool] = {}
        nn = self.nn
        self.list_types = (nn.ModuleList, nn.Sequential)
        self.lazy = nn.modules.lazy.LazyModuleMixin
        self.uninitialized = nn.parameter.UninitializedTensorMixin

    # -- the walk --------------------------------------------------------------------------

    def walk(self, m: Any, path: str, where: str, out: list[Any]) -> None:
        """Read module ``m`` (at ``path`` in the model, ``where`` in its block) into ``out``."""
        if len(path) > LABEL_LIMIT:  # deeper than a row's name can say (before Python's recursion limit, if raised)
            raise RecursionError
        key = id(m)
        if key in self.visited:  # a module listed twice is one module (as named_modules() has it)
            return
        self.visited.add(key)
        t = type(m)
        translate = self.kinds.get(t) or self._kind_of(t)
        params: dict[str, Any] = m._parameters
        mods: dict[str, Any] = m._modules
        try:
            spec = translate(m, params, mods) if params else None  # every kind registers its tensors, None or not
        except _Lazy:
            raise UnsupportedError(
                f"{t.__name__} '{path or t.__name__}' is a lazy module whose sizes are not known yet: "
                "call it once on an input first"
            ) from None
        if spec is not None:
            cls, args, kw, weight, bias, rest, _, note = spec
            owners = self.owners
            if (
                not rest and not note and not m._buffers and not mods
                and (weight is None or id(weight) not in owners) and (bias is None or id(bias) not in owners)
            ):  # the common case, inline: nothing shared, nothing more to say
                layer = self.interned.get((cls, args, kw, where)) or self._make(cls, args, kw, where)
                if layer is not None:
                    owner = path or _part(t.__name__, {})
                    if weight is not None:
                        owners[id(weight)] = owner
                    if bias is not None:
                        owners[id(bias)] = owner
            else:
                layer = self._layer(m, spec, path, where)
            if layer is not None:
                out.append(layer)
                return
            # A size the kind refuses (a Linear of 0 inputs): its tensors are counted as they are.
        skip = None
        if params or m._buffers or (mods and "parametrizations" in mods):
            skip = self._own(m, params, mods, path, where, out)
        if not mods:
            return
        self.stack.append(m)
        parts, walk = self.parts, self.walk
        numbered = len(mods) > 1 and next(iter(mods))[:1].isdigit() and all(map(_DIGITS.match, mods))
        if numbered or isinstance(m, self.list_types):
            children: list[tuple[str, list[Any]]] = []
            for k, c in mods.items():
                if c is not None and k != skip:
                    part = parts.get(k) or _part(k, parts)
                    block: list[Any] = []
                    walk(c, f"{path}.{part}" if path else part, "", block)
                    children.append((part, block))
            out.append(_List(where, children))
        else:
            for k, c in mods.items():
                if c is not None and k != skip:
                    part = parts.get(k) or _part(k, parts)
                    walk(c, f"{path}.{part}" if path else part, f"{where}.{part}" if where else part, out)
        self.stack.pop()

    def _own(self, m: Any, params: dict[str, Any], mods: dict[str, Any], path: str, where: str, out: list[Any]) -> str | None:
        """The own tensors of a module read as no kind; the name of a child they include (parametrizations)."""
        t = type(m)
        own = [p for p in params.values() if p is not None]
        skip = None
        if mods and "parametrizations" in mods and self.torch.nn.utils.parametrize.is_parametrized(m):
            skip = "parametrizations"  # the stored tensors of a parametrized module are counted as its own
            own += list(mods[skip].parameters())
        buffers = [b for b in m._buffers.values() if b is not None]
        for tensor in own + buffers:
            if isinstance(tensor, self.uninitialized):
                raise UnsupportedError(
                    f"{t.__name__} '{path or t.__name__}' holds an uninitialized tensor: call it once on an input first"
                )
        sinks = params.get("sinks")
        if sinks is not None and sinks.dim() == 1:  # attention sinks, one per head, held by the attention module
            own = [p for p in own if p is not sinks]
            if id(sinks) not in self.owners:
                self.owners[id(sinks)] = _join(path, "sinks")  # a label: "sinks" at the root
                at = _join(where, "sinks")
                h = sinks.shape[0]
                out.append(self._intern((Sinks, h, at), lambda: _named(Sinks(h), at)))
        if own or buffers:
            # A module of no kind, not derived from one, holding plain tensors (ViT's class token, Mamba's A_log,
            # CLIP's logit_scale): each tensor is a parameter whose shape is its formula. A subclass of a known
            # kind whose tensors that kind does not explain stays numbers under its class's name.
            derived = self.kinds.get(t) or self._kind_of(t)
            bare = skip is None and derived == self._duck
            names = [k for k, p in params.items() if p is not None and any(p is q for q in own)] if bare else None
            out.append(_Pending(t.__name__, where, own, buffers, names))
        return skip

    def _layer(self, m: Any, spec: Spec, path: str, where: str) -> Layer | None:
        """The layer of a module read as a kind, tied where its tensors are another module's."""
        cls, args, kw, weight, bias, rest, explained, note = spec
        owners = self.owners
        owner = path or _part(type(m).__name__, {})
        tied = owners.get(id(weight)) if weight is not None else None
        bias_at = owners.get(id(bias)) if bias is not None else None
        if rest and any(id(t) in owners for t in rest) or (bias_at is not None and ("bias", True) not in kw):
            # Shared tensors the kind cannot leave out: the others are counted, as numbers.
            tensors = [t for t in (weight, bias, *rest) if t is not None]
            at = ", ".join(sorted({owners[id(t)] for t in tensors if id(t) in owners}))
            mine = [t for t in tensors if id(t) not in owners]
            for t in mine:
                owners[id(t)] = owner
            buffers = self._buffers(m, _NO_BUFFERS)
            opaque = Opaque(type(m).__name__, where, sum(t.numel() for t in mine), buffers, f"; the rest counted at {at}",
                            tensors=len(mine), sizes=tuple(t.numel() for t in mine))
            return _named(opaque, where)
        extra = self._buffers(m, explained) if m._buffers or m._modules else 0
        if bias_at is not None:
            kw = tuple((k, False if k == "bias" else v) for k, v in kw)
            note += f" (bias counted at {bias_at})"
        key = (cls, args, kw, where, tied, note, extra)
        layer = self.interned.get(key)
        if layer is None:
            try:
                layer = cls(*args, **dict(kw))
            except SymcountError:
                return None
            if note or extra:
                layer = Read(layer, note=note, buffers=extra)
            if tied is not None:
                layer = Tied(layer, to=tied)
            layer = self.interned[key] = _named(layer, where)
        if weight is not None and tied is None:
            owners[id(weight)] = owner
        if bias is not None and bias_at is None:
            owners[id(bias)] = owner
        for t in rest:
            owners[id(t)] = owner
        return layer

    def _make(self, cls: Any, args: tuple[Any, ...], kw: tuple[tuple[str, Any], ...], where: str) -> Layer | None:
        """A layer not made before; None if the kind refuses the module's sizes."""
        try:
            layer = cls(*args, **dict(kw))
        except SymcountError:
            return None
        self.interned[(cls, args, kw, where)] = layer = _named(layer, where)
        return layer

    def _buffers(self, m: Any, explained: frozenset[str]) -> int:
        """Buffer entries of a module read as a kind that its kind does not count (its children's among them)."""
        mine = [b for k, b in m._buffers.items() if b is not None and k not in explained]
        mine += [b for c in m._modules.values() if c is not None for b in c.buffers()]
        extra = 0
        for b in mine:
            if id(b) not in self.counted:
                self.counted.add(id(b))
                extra += b.numel()
        return extra

    def _intern(self, key: tuple[Any, ...], make: Callable[[], Layer]) -> Layer:
        layer = self.interned.get(key)
        if layer is None:
            layer = self.interned[key] = make()
        return layer

    # -- after the walk: shared tensors settled, repeats found ------------------------------

    def finish(self, items: list[Any]) -> list[Layer]:
        out: list[Layer] = []
        for item in items:
            if isinstance(item, Layer):
                out.append(item)
            elif isinstance(item, _Pending):
                if item.names is not None:
                    out += self._bare(item)
                    continue
                layer = self._opaque(item)
                if layer is not None:
                    out.append(layer)
            else:
                out += self._grouped(item)
        return out

    def _bare(self, item: _Pending) -> list[Layer]:
        """A module of no kind's plain tensors, one ``parameter`` row each; its buffers as numbers."""
        owners, counted = self.owners, self.counted
        out: list[Layer] = []
        empty: list[Any] = []
        for name, t in zip(cast("list[str]", item.names), item.tensors):
            if id(t) in owners or id(t) in counted:
                continue
            shape = tuple(int(n) for n in t.shape)
            if any(n == 0 for n in shape):  # no parameters, but a tensor (an optimizer's step): with the rest
                empty.append(t)
                continue
            counted.add(id(t))
            where = _join(item.where, _part(name, {}))
            out.append(self._intern((Parameter, shape, where), lambda: _named(Parameter(shape), where)))
        rest = self._opaque(_Pending(item.type_name, item.where, empty, item.buffers))
        return out + ([rest] if rest is not None else [])

    def _opaque(self, item: _Pending) -> Layer | None:
        """The tensors of a module read as no kind that no module read as a kind holds, nor one read before."""
        owners, counted = self.owners, self.counted
        params = buffers = tensors = 0
        sizes: list[int] = []
        for t in item.tensors:
            if id(t) not in owners and id(t) not in counted:
                counted.add(id(t))
                params += t.numel()
                tensors += 1
                sizes.append(t.numel())
        for t in item.buffers:
            if id(t) not in counted:
                counted.add(id(t))
                buffers += t.numel()
        if not params and not buffers and not tensors:  # (a tensor of no elements still has an optimizer's step)
            return None
        key = (Opaque, item.type_name, item.where, params, buffers, tensors, tuple(sizes))
        return self._intern(key, lambda: _named(Opaque(item.type_name, item.where, params, buffers, tensors=tensors,
                                                       sizes=tuple(sizes)), item.where))

    def _grouped(self, node: _List) -> list[Layer]:
        """A list's children, runs of equal ones as one :class:`Repeat` each."""
        blocks = [(part, layers) for part, items in node.children for layers in (self.finish(items),) if layers]
        keys = [tuple(map(id, layers)) for _, layers in blocks]
        out: list[Layer] = []
        i = 0
        while i < len(blocks):
            j = i + 1
            while j < len(blocks) and keys[j] == keys[i]:
                j += 1
            first, layers = blocks[i]
            if j - i == 1:
                out += [self._prefixed(layer, _join(node.where, first)) for layer in layers]
            else:
                whole = i == 0 and j == len(blocks)
                name = node.where if whole else _join(node.where, f"{first}-{blocks[j - 1][0]}")
                times = j - i
                out.append(self._intern(("repeat", keys[i], times, name), lambda: Repeat(layers, times, name=name or None)))
            i = j
        return out

    def _prefixed(self, layer: Layer, prefix: str) -> Layer:
        """``layer`` under the name of the list item it sits in."""
        if not prefix:
            return layer

        def make() -> Layer:
            if isinstance(layer, Opaque):
                where = _join(prefix, layer.where)
                return _named(Opaque(layer.type_name, where, layer.params, layer.buffers, layer.note, tensors=layer.tensors,
                                     sizes=layer.sizes), where)
            return layer.named(_join(prefix, layer.name or ""))

        return self._intern(("prefix", id(layer), prefix), make)

    # -- kinds -----------------------------------------------------------------------------

    def _kind_of(self, t: type) -> Translator:
        """The translator of a module class: by PyTorch kind, else by the module's tensors."""
        nn = self.nn
        kinds: list[tuple[Any, Translator]] = [
            (nn.Linear, self._linear),
            (nn.modules.conv._ConvNd, self._conv),
            (nn.Embedding, self._embedding),
            (nn.LayerNorm, self._layer_norm),
            (getattr(nn, "RMSNorm", ()), self._rms_norm),
            (nn.modules.batchnorm._BatchNorm, self._batch_norm),
            (nn.GroupNorm, self._group_norm),
            (nn.RNNBase, self._recurrent),
            (nn.MultiheadAttention, self._attention),
        ]
        found = next((f for base, f in kinds if base and issubclass(t, base)), self._duck)
        if issubclass(t, self.lazy):
            found = self._lazy_guard(found)
        self.kinds[t] = found
        return found

    def _lazy_guard(self, found: Translator) -> Any:
        def translate(m: Any, params: dict[str, Any], mods: dict[str, Any]) -> Spec | None:
            if m.has_uninitialized_params() or any(isinstance(b, self.uninitialized) for b in m._buffers.values()):
                raise _Lazy
            return found(m, params, mods)

        return translate

    def _children_with_params(self, mods: dict[str, Any]) -> bool:
        return any(next(c.parameters(), None) is not None for c in mods.values() if c is not None)

    def _linear(self, m: Any, p: dict[str, Any], mods: dict[str, Any]) -> Spec | None:
        w, b = p.get("weight"), p.get("bias")
        if len(p) != 2 or w is None or (mods and self._children_with_params(mods)):
            return None
        i, o = m.in_features, m.out_features
        if w.shape != (o, i) or (b is not None and b.shape != (o,)):
            return None
        return Linear, (i, o), (("bias", b is not None),), w, b, (), _NO_BUFFERS, ""

    def _conv(self, m: Any, p: dict[str, Any], mods: dict[str, Any]) -> Spec | None:
        w, b = p.get("weight"), p.get("bias")
        if len(p) != 2 or w is None or (mods and self._children_with_params(mods)):
            return None
        i, o, g, k = m.in_channels, m.out_channels, m.groups, tuple(m.kernel_size)
        shape = (i, o // g, *k) if m.transposed else (o, i // g, *k)
        if w.shape != shape or (b is not None and b.shape != (o,)):
            return None
        kw = (("dims", len(k)), ("groups", g), ("bias", b is not None), ("transposed", bool(m.transposed)))
        return Conv, (i, o, k), kw, w, b, (), _NO_BUFFERS, ""

    def _embedding(self, m: Any, p: dict[str, Any], mods: dict[str, Any]) -> Spec | None:
        w = p.get("weight")
        if len(p) != 1 or w is None or (mods and self._children_with_params(mods)):
            return None
        if w.shape != (m.num_embeddings, m.embedding_dim):
            return None
        return Embedding, (m.num_embeddings, m.embedding_dim), (), w, None, (), _NO_BUFFERS, ""

    def _norm_params(self, m: Any, p: dict[str, Any], mods: dict[str, Any], shape: tuple[int, ...]) -> bool:
        if mods and self._children_with_params(mods):
            return False
        return p.keys() <= _WEIGHT_BIAS and all(v is None or v.shape == shape for v in p.values())

    def _layer_norm(self, m: Any, p: dict[str, Any], mods: dict[str, Any]) -> Spec | None:
        shape = tuple(m.normalized_shape)
        w, b = p.get("weight"), p.get("bias")
        if not self._norm_params(m, p, mods, shape) or (w is None and b is not None):
            return None
        return LayerNorm, (shape, w is not None), (("bias", b is not None),), w, b, (), _NO_BUFFERS, ""

    def _rms_norm(self, m: Any, p: dict[str, Any], mods: dict[str, Any]) -> Spec | None:
        shape = tuple(m.normalized_shape)
        w = p.get("weight")
        if "bias" in p or not self._norm_params(m, p, mods, shape):
            return None
        return RMSNorm, (shape, w is not None), (), w, None, (), _NO_BUFFERS, ""

    def _batch_norm(self, m: Any, p: dict[str, Any], mods: dict[str, Any]) -> Spec | None:
        w, b = p.get("weight"), p.get("bias")
        if not self._norm_params(m, p, mods, (m.num_features,)) or (w is None) != (b is None):
            return None
        explained = frozenset(("running_mean", "running_var", "num_batches_tracked"))
        return BatchNorm, (m.num_features, w is not None, m.track_running_stats), (), w, b, (), explained, ""

    def _group_norm(self, m: Any, p: dict[str, Any], mods: dict[str, Any]) -> Spec | None:
        w, b = p.get("weight"), p.get("bias")
        if not self._norm_params(m, p, mods, (m.num_channels,)) or (w is None) != (b is None):
            return None
        return GroupNorm, (m.num_groups, m.num_channels, w is not None), (), w, b, (), _NO_BUFFERS, ""

    def _recurrent(self, m: Any, p: dict[str, Any], mods: dict[str, Any]) -> Spec | None:
        names = m._flat_weights_names
        if set(p) != set(names) or any(p[k] is None for k in names) or (mods and self._children_with_params(mods)):
            return None
        cell = {"LSTM": "lstm", "GRU": "gru", "RNN_TANH": "rnn", "RNN_RELU": "rnn"}.get(m.mode)
        if cell is None:
            return None
        kw = (("bias", m.bias), ("bidirectional", m.bidirectional), ("proj_size", getattr(m, "proj_size", 0)))
        return Recurrent, (cell, m.input_size, m.hidden_size, m.num_layers), kw, None, None, tuple(p.values()), _NO_BUFFERS, ""

    def _attention(self, m: Any, p: dict[str, Any], mods: dict[str, Any]) -> Spec | None:
        allowed = {"in_proj_weight", "q_proj_weight", "k_proj_weight", "v_proj_weight", "in_proj_bias", "bias_k", "bias_v"}
        out = mods.get("out_proj")
        if not set(p) <= allowed or set(mods) != {"out_proj"} or not isinstance(out, self.nn.Linear):
            return None
        if set(out._parameters) != {"weight", "bias"} or out._modules or out.weight is None:
            return None
        layer = MultiheadAttention(
            m.embed_dim, m.num_heads, bias=m.in_proj_bias is not None, add_bias_kv=m.bias_k is not None,
            kdim=m.kdim, vdim=m.vdim,
        )
        tensors = tuple(m.parameters())
        if sum(t.numel() for t in tensors) != layer.count():
            return None
        kw = (("bias", m.in_proj_bias is not None), ("add_bias_kv", m.bias_k is not None), ("kdim", m.kdim), ("vdim", m.vdim))
        return MultiheadAttention, (m.embed_dim, m.num_heads), kw, None, None, tensors, _NO_BUFFERS, ""

    # -- kinds by their tensors (Hugging Face and the like) ---------------------------------

    def _duck(self, m: Any, p: dict[str, Any], mods: dict[str, Any]) -> Spec | None:
        if not p or (mods and self._children_with_params(mods)):
            return None
        if "down_proj" in p:
            return self._experts(m, p)
        w = p.get("weight")
        if w is None or not p.keys() <= _WEIGHT_BIAS:
            return None
        b = p.get("bias")
        dim = w.dim()
        if dim == 1:
            norm = self.norm_types.get(type(m))
            if norm is None:
                norm = self._has_eps(type(m), m)
            if not norm or (b is not None and b.shape != w.shape):
                return None
            d = w.shape[0]
            if b is not None:
                return LayerNorm, ((d,), True), (("bias", True),), w, b, (), _NO_BUFFERS, ""
            return RMSNorm, ((d,), True), (), w, None, (), _NO_BUFFERS, ""
        if dim != 2:
            return None
        attrs = vars(m)
        nf, nx = attrs.get("nf"), attrs.get("nx")
        if type(nf) is int and type(nx) is int and w.shape == (nx, nf) and (b is None or b.shape == (nf,)):
            return Linear, (nx, nf), (("bias", b is not None),), w, b, (), _NO_BUFFERS, ""  # GPT-2's Conv1D
        e, d = w.shape
        if (b is None or b.shape == (e,)) and e in self._experts_counts(m):
            return Router, (d, e), (("bias", b is not None),), w, b, (), _NO_BUFFERS, ""
        return None

    def _has_eps(self, t: type, m: Any) -> bool:
        """Whether a module holding one weight vector is a norm: it keeps an epsilon (``eps``, ``variance_epsilon``)."""
        known = self.norm_types[t] = any("eps" in k for k in vars(m))
        return known

    def _experts_counts(self, m: Any) -> set[int]:
        """The numbers of experts a module or its config states."""
        found = set()
        attrs = vars(m)
        for holder in (attrs, _attrs(attrs.get("config"))):
            for a in _NUM_EXPERTS:
                v = holder.get(a)
                if type(v) is int:
                    found.add(v)
        return found

    def _experts(self, m: Any, p: dict[str, Any]) -> Spec | None:
        """Fused experts: 3-D ``gate_up_proj`` (or ``gate_proj`` and ``up_proj``, or ``up_proj`` alone) and ``down_proj``."""
        down = p["down_proj"]
        if down is None or down.dim() != 3:
            return None
        ins: tuple[str, ...]
        if p.get("gate_up_proj") is not None:
            ins, k = ("gate_up_proj",), 2
        elif p.get("gate_proj") is not None and p.get("up_proj") is not None:
            ins, k = ("gate_proj", "up_proj"), 1
        elif p.get("up_proj") is not None:
            ins, k = ("up_proj",), 1
        else:
            return None
        gated = ins != ("up_proj",)
        names = {*ins, "down_proj"}
        biased = {f"{n}_bias" for n in names}
        present = {n for n, v in p.items() if v is not None}
        if present == names:
            bias = False
        elif present == names | biased:
            bias = True
        else:
            return None
        e = down.shape[0]
        stated = vars(m).get("is_transposed")
        for transposed in (stated,) if type(stated) is bool else (False, True):
            # Stored (experts, out, in) as nn.Linear does, or transposed (experts, in, out).
            d, f = (down.shape[2], down.shape[1]) if transposed else (down.shape[1], down.shape[2])
            want = (e, d, k * f) if transposed else (e, k * f, d)
            if all(p[n].shape == want for n in ins) and (
                not bias or (all(p[f"{n}_bias"].shape == (e, k * f) for n in ins) and p["down_proj_bias"].shape == (e, d))
            ):
                break
        else:
            return None
        top_k = self._top_k(m, e)
        tensors = tuple(v for v in p.values() if v is not None)
        note = "" if top_k else " (top_k not found: every expert counted as active)"
        return Experts, (d, f, e, top_k or e), (("gated", gated), ("bias", bias)), None, None, tensors, _NO_BUFFERS, note

    def _top_k(self, m: Any, e: int) -> int | None:
        """How many experts a token uses: the module's, its config's, or a module's above it."""
        for holder in (m, *reversed(self.stack)):
            attrs = vars(holder)
            candidates = [attrs, _attrs(attrs.get("config"))]
            candidates += [vars(c) for c in holder._modules.values() if c is not None and c is not m]
            for attrs in candidates:
                for a in _TOP_K:
                    v = attrs.get(a)
                    if type(v) is int and 0 < v <= e:
                        return v
        return None


def _attrs(obj: object) -> dict[str, Any]:
    """An object's own attributes (a config's fields), or none."""
    return getattr(obj, "__dict__", {}) if obj is not None else {}


def _named(layer: Layer, where: str) -> Layer:
    return layer.named(where) if where else layer


def from_torch(module: Any, *, names: Mapping[int, str] | None = None) -> Network:
    """A symcount network read from a ``torch.nn.Module`` (not run; the ``meta`` device is fine).

    ``names`` turns sizes into symbols, e.g. ``{768: "d", 50257: "V", 12: "L"}``:
    the network's formula is then in those names (a repeated block's count
    among them), and ``.count()`` needs them.

    >>> import torch
    >>> model = torch.nn.Sequential(torch.nn.Embedding(50, 8), torch.nn.Linear(8, 50, device="meta"))
    >>> from_torch(model).count()
    850
    >>> from_torch(model, names={8: "d", 50: "V"}).total
    2*V*d + V

    Equal blocks in a list are one repeated block, its depth a symbol if named:

    >>> blocks = torch.nn.ModuleList(torch.nn.Linear(8, 8, device="meta") for _ in range(6))
    >>> from_torch(blocks, names={8: "d", 6: "L"}).total
    L*d**2 + L*d
    """
    try:
        import torch
    except ImportError:  # pragma: no cover -- the tests run with torch
        raise OptionError("from_torch needs PyTorch: pip install 'symcount[torch]'") from None
    if not isinstance(module, torch.nn.Module):
        raise OptionError(f"module is {type(module).__name__}: expected a torch.nn.Module")
    if names is not None and not isinstance(names, Mapping):
        raise OptionError(f"names is {shown(names)}: expected a mapping of sizes to symbol names, such as {{768: 'd'}}")
    for size, name in (names or {}).items():
        if type(size) is not int or not isinstance(name, str) or not is_name(name):
            raise OptionError(f"names maps {shown(size)} to {shown(name)}: expected an integer size and a symbol name")
    reader = _Reader(torch)
    items: list[Any] = []
    try:
        reader.walk(module, "", "", items)
    except RecursionError:
        raise OptionError(f"{type(module).__name__} nests its modules too deep to read (Python's recursion limit, or a "
                          f"path of more than {LABEL_LIMIT} characters)") from None
    layers = reader.finish(items)
    if not layers:
        raise OptionError(f"{type(module).__name__} has no parameters to count")
    if names:
        layers = [layer.map_dims(lambda d: names.get(d, d) if type(d) is int else d) for layer in layers]
    frozen = [name for name, p in module.named_parameters() if not p.requires_grad]
    if frozen:
        note = (f"{type(module).__name__} has frozen parameters (requires_grad False: {', '.join(frozen[:3])}"
                f"{', ...' if len(frozen) > 3 else ''}), which from_torch does not map to rows: read it with every "
                "parameter trainable (module.requires_grad_(True) before from_torch), then freeze its parts by name "
                "(Network.freeze)")
        layers = [copy.copy(layer) for layer in layers]
        for layer in layers:
            layer.training_note = note
    # The layers are read from the module tree; the order and branches of its forward pass are code.
    return Network(layers, compute_note=(
        f"the compute of a module read by from_torch ({type(module).__name__}) is not stated: its forward pass is "
        "code symcount does not read (its branches, pooling and strides); build it from symcount's layers"
    ))
