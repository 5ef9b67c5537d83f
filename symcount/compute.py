"""Compute: the multiply-adds and FLOPs of a network's forward pass and of a training step, exact.

Each layer states the products its forward pass makes (see
:meth:`symcount.layers.Layer.work`) for the shape it reads: ``batch``
examples of ``seq`` positions, or images of ``image`` sizes, the shape
flowing through the layers (a convolution's output is the next one's input).
Sizes left as symbols give formulas; numbers give Python ints.

The convention is PyTorch's ``torch.utils.flop_counter.FlopCounterMode``'s,
named in :data:`CONVENTION`: a multiply-add is 2 FLOPs and only matrix
products count (linear layers, convolutions, attention's scores and
weighted values); biases, norms, activations, softmax and lookups are
element-wise work, left out. Attention computes every query-key pair unless
``attention="causal"`` (and ``window``) says it skips the masked ones.

>>> import symcount
>>> c = symcount.flops(symcount.mlp([784, 16, 16, 10]), batch=1)
>>> c.forward_macs, c.forward_flops, c.train_flops
(12960, 25920, 52672)
>>> symcount.flops(symcount.mlp([784, 16, 16, 10])).forward_flops
25920*b
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property
from typing import Any, NamedTuple

from ._dims import Dim, check_choice, check_dim, shown
from ._display import LatexDisplay
from ._options import ATTENTION, COMPUTE_QUANTITIES, CONVENTION
from .errors import InfeasibleError, OptionError, UnresolvedError, UnsupportedError
from .layers import Flow, Work, _same
from .network import Network, _RecordBuilder

__all__ = ["ATTENTION", "CONVENTION", "Compute", "ComputeRecord", "flops"]

class ComputeRecord(NamedTuple):
    """One row of a forward pass: its multiply-adds, and the FLOPs of its forward and backward passes.

    ``forward_macs`` and the FLOPs are the row's whole count (``times``
    instances); ``work`` holds one instance's unmultiplied terms.
    """

    index: int  # type: ignore[assignment]  # the row's position; shadows tuple.index on purpose
    kind: str
    name: str
    times: Any
    forward_macs: Any
    forward_flops: Any
    backward_flops: Any  # None where the layer's backward is not stated
    work: Work


class Compute(LatexDisplay):
    """The compute of a network for one input shape: per-row records and totals, ints or formulas.

    It prints as LaTeX (``symcount.latex``: the totals collected, or
    ``style="table"`` per row), Markdown, text and JSON.

    Training is a forward pass and a backward pass. The backward pass
    multiplies each weight product twice (the weight's gradient, and the
    input's where it needs one: not for the network's own input, nor before
    the first layer that trains) and each activation product twice more, as
    autograd runs it and PyTorch's counter counts it.
    """

    def __init__(self, network: Network, flow: Flow, rows: list[Work], numeric: bool) -> None:
        self.network = network
        self.flow = flow
        self.numeric = numeric
        self.name = network.describe()
        builder = _RecordBuilder(numeric)  # Python ints for numbers, one flat SymPy sum for formulas, as Summary
        self._add: Callable[[list[Any]], Any] = builder.add
        self._term: Callable[[Sequence[Any]], Any] = builder.term
        #: One record per row, in the order the forward pass runs them.
        self.layers = [
            ComputeRecord(k, w.kind, w.name, w.times, fwd, 2 * fwd, bwd, w)
            for k, (w, fwd, bwd) in enumerate(self._passes(rows), 1)
        ]

    def _macs(self, terms: Iterable[tuple[Any, ...]], times: Any = 1) -> Any:
        lead = () if type(times) is int and times == 1 else (times,)
        return self._add([self._term(lead + t) for t in terms])

    def _passes(self, rows: list[Work]) -> Iterator[tuple[Work, Any, Any]]:
        needs = False  # whether the current activation needs a gradient (the input does not)
        #: Open forks (a residual block, two heads): whether the fork's input needs a gradient, and whether the
        #: finished branch's output does.
        self._forks: list[list[bool]] = []
        #: Whether what cross-attention reads needs a gradient: an encoder's output that trains, not a given memory.
        self._memory = False
        self._encoder = False  # whether an encoder runs (a Source mark)
        self._unstated = ""  # why every row from here on has no stated backward pass
        self._scores = False  # whether a relative-position bias that trains joins the scores of attention after it
        frozen = bool(self.network.frozen)
        k = 0
        while k < len(rows):
            group = rows[k].group
            end = k + 1
            while end < len(rows) and rows[end].group == group:  # one repeated block, or the rows between blocks
                end += 1
            block = rows[k:end]
            trains = any(w.trainable and not self.network.is_frozen(w.name) for w in block)
            if group and not needs and trains and frozen:
                # A model lists a block's rows in the order of its parameters (its norms first), not always the
                # order its forward pass runs them: where the first gradient starts inside a block, it matters.
                why = "frozen parts before the first gradient, inside a repeated block"
                out, needs = self._rows([w._replace(unstated=why) for w in rows[k:]], needs, once=False)
                yield from out
                return
            # A block that reads an encoder's output needing a gradient makes one, as a block that trains does.
            reads = self._memory and any(w.memory for w in block)
            if group and not needs and (trains or reads) and not (type(block[0].times) is int and block[0].times == 1):
                # The first instance of a repeated block reads an input with no gradient, the others one with:
                # their backward passes differ, so the first is a row of its own.
                n = block[0].times
                if any(w.times != n for w in block):
                    why = "a repeated block inside another, reading an input with no gradient"
                    out, needs = self._rows([w._replace(unstated=why) for w in rows[k:]], needs, once=False)
                    yield from out
                    return
                first, needs = self._rows(block, needs, once=True)
                rest, needs = self._rows([w._replace(times=n - 1) for w in block], needs, once=False)
                out = first + rest
            else:
                out, needs = self._rows(block, needs, once=False)
            yield from out
            k = end

    def _rows(self, block: list[Work], needs: bool, *, once: bool) -> tuple[list[tuple[Work, Any, Any]], bool]:
        out = []
        pending = False  # a branch's gradient joins the flow after the row beside it
        for w in block:
            if self._scores and not needs and w.data and not (w.trainable and not self.network.is_frozen(w.name)):
                # A trained bias joins the scores of a frozen attention that reads no gradient: its scores' gradient
                # alone, which is not stated.
                self._unstated = "a relative-position bias that trains, added to the scores of a frozen attention"
            if self._unstated and not w.mark:
                w = w._replace(unstated=self._unstated)
            if w.mark:  # where branches part and meet (see Work.mark): no products, only whose gradient is needed
                needs, pending = needs or pending, False
                if w.mark in ("fork", "source"):
                    self._forks.append([needs, False])
                    self._encoder = self._encoder or w.mark == "source"
                elif w.mark == "memory":  # the encoder's output is the memory; the decoder reads the fork's input
                    self._memory, needs = needs, self._forks.pop()[0]
                elif w.mark == "switch":
                    self._forks[-1][1], needs = needs, self._forks[-1][0]
                elif w.mark == "join":
                    needs = needs or self._forks.pop()[1]
                else:  # "resume": the other branch ends as an output; what follows reads the first
                    needs = self._forks.pop()[1]
                continue
            times = 1 if once else w.times
            weights, inner, data, fixed, memory = (
                self._macs(terms, times) for terms in (w.weights, w.inner, w.data, w.fixed, w.memory))
            trains = w.trainable and not self.network.is_frozen(w.name)
            backward: Any = None
            if w.tied_to is not None and self.network.frozen and not w.unstated:
                # A tied row trains where its weight is defined, which freezing names apart.
                w = w._replace(unstated="a tied weight in a network with frozen parts")
            if not w.unstated:
                # Each weight product again for the weight's gradient and for its input's, where that needs one
                # (an inner activation does, once anything before it trains); each activation product twice;
                # a product with a tensor that needs no gradient, for the weight's alone.
                inside = trains or needs
                # Scores Q K^T and weighted values A V, half the activation products each: the scores' gradient
                # for the queries and for the keys where each needs one, the values' for the probabilities and
                # for the values.
                # Cross-attention's keys and values come from the memory; the heads' values (which the output
                # projection reads) need a gradient where the queries or the keys do.
                keys = (trains or self._memory) if w.memory else inside
                halves = int(inside) + int(keys) + int(inside or keys) + int(keys)
                backward = 2 * ((int(trains) + int(needs)) * weights + (int(trains) + int(inside or keys)) * inner
                                + _half(halves * data) + int(trains) * fixed + (int(trains) + int(self._memory)) * memory)
            out.append((w._replace(times=times), weights + inner + data + fixed + memory, backward))
            reads_memory = bool(w.memory) and self._memory
            if w.scores:  # a bias added to every attention's scores: what flows on needs no gradient from it
                self._scores = self._scores or trains
            elif w.branch:
                pending = pending or trains or reads_memory
            else:
                needs, pending = needs or trains or pending or reads_memory, False
        return out, needs or pending

    # -- totals ------------------------------------------------------------

    def _sum(self, values: list[Any]) -> Any:
        return self._add(values) if values else 0

    @cached_property
    def forward_macs(self) -> Any:
        """Multiply-adds of one forward pass."""
        return self._sum([r.forward_macs for r in self.layers])

    @cached_property
    def forward_flops(self) -> Any:
        """FLOPs of one forward pass: 2 per multiply-add."""
        return 2 * self.forward_macs

    @cached_property
    def attention_flops(self) -> Any:
        """The part of :attr:`forward_flops` that multiplies two activations (attention's scores and values)."""
        return 2 * self._sum([self._macs(r.work.data, r.times) for r in self.layers])

    @cached_property
    def backward_flops(self) -> Any:
        """FLOPs of one backward pass (every trainable parameter's gradient)."""
        for r in self.layers:
            if r.backward_flops is None:
                raise UnsupportedError(f"the backward pass of {r.name or r.kind} is not stated in symcount: {r.work.unstated}")
        return self._sum([r.backward_flops for r in self.layers])

    @cached_property
    def train_flops(self) -> Any:
        """FLOPs of one training step: a forward and a backward pass."""
        return self.forward_flops + self.backward_flops

    @property
    def tokens(self) -> Any:
        """The positions one pass reads: ``batch * seq`` (``batch`` for vectors or images); an encoder-decoder's
        are its decoder's (``seq``), as its tokens trained on are counted."""
        b, s = self.flow.batch, self.flow.seq
        return b if s is None else b * s

    def per_token(self, quantity: str = "train_flops") -> Any:
        """One of the totals (named as in JSON) per position read: exact, an int where it divides.

        >>> from symcount import mlp
        >>> flops(mlp([784, 16, 10]), batch=8).per_token("forward_flops")
        25408
        """
        check_choice(quantity, "quantity", COMPUTE_QUANTITIES)
        return _divided(getattr(self, quantity), self.tokens)

    def training(self, tokens: object) -> Any:
        """FLOPs of training on ``tokens`` positions in steps of this shape: ``train_flops * tokens / (batch * seq)``."""
        d = check_dim(tokens, "tokens", rule="a number of tokens is a positive integer or a symbol name")
        if type(d) is str and d in self.network.names:
            raise OptionError(f"{d!r} names a size of the network and the tokens at once: choose another name")
        return _divided(self.train_flops * _sized(d), self.tokens)

    def tokens_within(self, budget: object) -> int:
        """The most tokens whose training, in steps of this shape, fits ``budget`` FLOPs: exact, every size a number.

        >>> from symcount import mlp
        >>> c = flops(mlp([784, 16, 10]), batch=8)
        >>> d = c.tokens_within(10**12)
        >>> c.training(d) <= 10**12 < c.training(d + 1)
        True
        """
        if isinstance(budget, bool) or not isinstance(budget, int) or budget <= 0:
            raise OptionError(f"budget is {shown(budget)}: expected a positive whole number of FLOPs (an int)")
        train, tokens = self.train_flops, self.tokens
        if type(train) is not int or type(tokens) is not int:
            raise OptionError("tokens_within needs every size a number: give the network's sizes, batch and seq")
        if train == 0:
            raise OptionError(f"{self.name} makes no matrix products: any number of tokens trains within any budget")
        most = budget * tokens // train  # training(D) = train * D / tokens <= budget
        if most == 0:
            one = -(-train // tokens)
            raise InfeasibleError(f"budget {budget} FLOPs is below one token's training, {one} FLOPs", one)
        return most

    def kaplan(self) -> dict[str, Any]:
        """Kaplan et al. (2020)'s per-token approximations beside the exact counts, and what tells them apart.

        ``N`` is the parameters outside the embeddings (their N);
        ``C_forward = 2 N + 2 n_layer n_ctx d_attn`` and ``C = 6 N``, per
        token, with ``n_ctx`` this pass's sequence length and ``n_layer
        d_attn`` the attention layers' widths summed. The differences:
        ``weights``, the products N's count misses (the head's de-embedding)
        less the parameters that multiply nothing (biases, norm gains);
        ``attention``, the exact scores and values less Kaplan's term (which
        counts one product of the full context, or both over a causal one's
        half). Kaplan et al. 2020, "Scaling Laws for Neural Language Models",
        arXiv:2001.08361, section 2.1 and Table 1.
        """
        s = self.flow.seq
        if s is None:
            raise OptionError("Kaplan's approximations are per token of a sequence: give seq")
        if self._encoder or any(r.work.memory for r in self.layers):
            raise UnsupportedError("Kaplan's approximations are a decoder's: this network has an encoder or cross-attention")
        widths = []
        for r in self.layers:
            if r.work.data:
                if r.kind != "attention":
                    raise UnsupportedError(f"Kaplan's d_attn is not defined for {r.name or 'a'} {r.kind} layer")
                # A data term is (2, batch, [heads], pairs..., head width): its width is the product over the pairs.
                per_pair = self._macs(r.work.data, r.times)
                widths.append(_divided(per_pair, 2 * self.flow.batch * _pair_count(self.flow)))
        n = self.network.summary().non_embedding
        width = self._sum(widths)
        forward = _divided(self.forward_flops, self.tokens)
        approx_forward = 2 * n + 2 * s * width
        weights = _divided(self.forward_flops - self.attention_flops, self.tokens) - 2 * n
        out = {
            "N": n,
            "n_layer_d_attn": width,
            "forward_per_token": forward,
            "kaplan_forward_per_token": approx_forward,
            "differences": {
                "weights": weights,
                "attention": _divided(self.attention_flops, self.tokens) - 2 * s * width,
            },
        }
        if all(r.backward_flops is not None for r in self.layers):
            out["train_per_token"] = _divided(self.train_flops, self.tokens)
            out["kaplan_train_per_token"] = 6 * n
        return out

    # -- rendering -----------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: numbers as ints, formulas as strings, each quantity by its name."""
        from ._display import compute_dict

        return compute_dict(self)

    def to_text(self) -> str:
        """A per-row table and the totals, as plain text."""
        from ._display import compute_text

        return compute_text(self)

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        return f"<Compute of {self.name}: forward {self.forward_flops} FLOPs>"


def _half(value: Any) -> Any:
    """Half of an even count (an int) or of a formula."""
    return value // 2 if type(value) is int else value / 2


def _pair_count(flow: Flow) -> Any:
    """Query-key pairs per sequence and head, as one value."""
    from .layers import Layer, _pairs

    factors = _pairs(Layer(), flow)  # a bare Layer: the pairs depend on the flow alone
    if all(type(f) is int for f in factors):
        return math.prod(factors)
    from .symbols import as_sympy, product

    return product([as_sympy(f) for f in factors])


def _sized(d: Dim) -> Any:
    if type(d) is str:
        from .symbols import as_sympy

        return as_sympy(d)
    return d


def _divided(value: Any, by: Any) -> Any:
    """``value / by`` exactly: an int where it divides, a SymPy rational or formula otherwise."""
    import sympy

    if type(value) is int and type(by) is int:
        return value // by if value % by == 0 else sympy.Rational(value, by)
    quotient = sympy.expand(sympy.Integer(value) / by if type(value) is int else value / _sized(by))
    return int(quotient) if quotient.is_Integer else quotient


def flops(
    network: Network,
    *,
    batch: object = "b",
    seq: object = None,
    image: object = None,
    attention: str = "full",
    window: object = None,
    source: object = None,
) -> Compute:
    """The compute of ``network`` for ``batch`` examples of ``seq`` positions (or images of sizes ``image``).

    ``batch`` (default the symbol ``b``), ``seq`` and each of ``image``'s
    sizes are positive integers or symbol names. ``seq`` None means each
    example is one vector (an MLP's input); attention and recurrent layers
    need it. ``image`` is a convolution's input, ``(H, W)`` for ``conv2d``.
    ``attention`` is ``"full"`` (every query-key pair: PyTorch's count) or
    ``"causal"``; ``window`` (with causal) the most keys a query sees.

    An encoder-decoder's decoder reads ``seq`` positions and its encoder
    ``source`` (T5's, BART's inputs; Whisper's encoder reads the mel frames
    its config fixes, and a classifier's decoder the input shifted, so they
    take no ``source``); the encoder attends in full whatever ``attention``
    says, cross-attention to every source position. A network with a
    cross-attention but no encoder (``decoder_block``) reads a memory of
    ``source`` positions given with its input.

    >>> from symcount import models
    >>> llama = models.llama(vocab_size=32000, hidden_size=4096, num_hidden_layers=32,
    ...                      num_attention_heads=32, intermediate_size=11008)
    >>> c = flops(llama, batch=1, seq=2048)
    >>> d, f, L, V, s = 4096, 11008, 32, 32000, 2048  # 2 FLOPs per product: projections, MLPs and head; attention
    >>> c.forward_flops == 2 * s * d * (L * (4 * d + 3 * f) + V) + 2 * 2 * L * s * s * d
    True
    """
    if not isinstance(network, Network):
        raise OptionError(f"network is {shown(network)}: expected a symcount Network, such as symcount.mlp([784, 16, 10])")
    note = getattr(network, "compute_note", None)
    if note:
        raise UnsupportedError(note)
    check_choice(attention, "attention", ATTENTION)
    b = check_dim(batch, "batch", rule="a batch size is a positive integer or a symbol name")
    s = None if seq is None else check_dim(seq, "seq", rule="a sequence length is a positive integer or a symbol name")
    spatial: tuple[Any, ...] = ()
    if image is not None:
        if not isinstance(image, (tuple, list)) or not 1 <= len(image) <= 3:
            raise OptionError(f"image is {shown(image)}: expected one to three sizes, such as (224, 224)")
        spatial = tuple(check_dim(v, f"image size {k}", rule="a size is a positive integer or a symbol name")
                        for k, v in enumerate(image, 1))
        if s is not None:
            raise OptionError("seq and image are both given: an input is a sequence of positions or an image")
    src = None if source is None else check_dim(
        source, "source", rule="a source length is a positive integer or a symbol name")
    if src is not None and s is None:
        raise OptionError("source is given without seq: the decoder reads seq positions, the encoder source")
    w = None
    if window is not None:
        if attention != "causal":
            raise OptionError("window is given with attention='full': a sliding window masks a causal attention (attention='causal')")
        w = check_dim(window, "window", rule="a window is a positive integer or a symbol name")
    shape = [b, s, w, src, *spatial]
    clash = [v for v in shape if type(v) is str and v in network.names]
    if clash:
        raise OptionError(f"{clash[0]!r} names a size of the network and of its input at once: choose another name")
    numeric = not network.names and all(type(v) is int or v is None for v in shape)
    if numeric:
        resolve: Callable[[Dim], Any] = _same
        flow = Flow(b, s, spatial, attention, w, source=src, memory=src)
    else:
        from .symbols import as_sympy

        resolve = as_sympy
        src = None if src is None else as_sympy(src)
        flow = Flow(as_sympy(b), None if s is None else as_sympy(s), tuple(map(as_sympy, spatial)), attention,
                    None if w is None else as_sympy(w), source=src, memory=src)
    rows: list[Work] = []
    current = flow
    for part in network.parts:
        more, current = part.work(resolve, current)
        rows += more
    if current.outer is not None:
        raise OptionError("a Source layer without a Target: where the encoder ends and its decoder starts is not said")
    unstated = next((w.macs_note for w in rows if w.macs_note), None)
    if unstated:
        raise UnresolvedError(unstated)
    if attention != "full" and not any(w.data for w in rows):
        raise OptionError(f"attention is {attention!r}, but {network.describe()} has no attention to mask")
    if src is not None and not any(w.mark == "source" or w.memory for w in rows):
        raise OptionError(f"source is given, but {network.describe()} reads one input (seq): source is an "
                          "encoder-decoder's encoder input, or the memory a cross-attention reads")
    return Compute(network, flow, rows, numeric)
