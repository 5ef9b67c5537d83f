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

import copy
import itertools
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import compress, islice
from operator import mul
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, Self, cast

from ._dims import LAYER_LIMIT, Dim, check_choice, check_count, check_dim, check_widths, shown
from ._format import size_repr, text_of
from ._options import ACTIVATION_FAMILIES, ACTIVATIONS, BIAS_CONVENTIONS
from .errors import OptionError, UnresolvedError, UnsupportedError

__all__ = ["BIAS_CONVENTIONS", "Counts", "Dense", "DenseStack", "Eager", "Flow", "Layer", "Row", "Saved", "Work", "dense_sums"]

Term = tuple[Any, ...]  # factors; the term is their product

# A layer's label: words, parts joined by dots. Labels are printed in tables and breakdowns,
# inside LaTeX \text{}, so they hold no character that LaTeX or MathJax reads specially.
#: The longest label a layer may have (a path such as "blocks.attention.q").
LABEL_LIMIT = 200
_LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_ -]*(\.[A-Za-z0-9][A-Za-z0-9_ -]*)*\Z")



class _Unknown:
    """How many instances a token uses, where the model does not say (a config without ``num_experts_per_tok``)."""

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __mul__(self, other: object) -> _Unknown:  # n repeats of an unknown number are an unknown number
        return self

    __rmul__ = __mul__


UNKNOWN: Any = _Unknown()

#: Ids for the rows of one repeated block in a forward pass (Work.group).
_GROUPS = itertools.count(1)


_SLOTTED: dict[type, bool] = {}  # layer classes known to keep every attribute in __dict__ (False)


class Counts(NamedTuple):
    """A layer's parameters as sums of products, by role."""

    weights: tuple[Term, ...]
    biases: tuple[Term, ...] = ()
    buffers: tuple[Term, ...] = ()


class Row(NamedTuple):
    """One layer's counts, its sizes resolved to numbers or symbols.

    ``counts`` are one instance's; ``times`` says how many instances there are
    (a :class:`Repeat`'s count, possibly a symbol), so a block's own formula
    stays visible beside the multiplier. ``name`` is the layer's path in its
    blocks (``"blocks.mlp.up"``), ``tied_to`` the layer whose weight it shares.
    ``active`` is how many of the ``times`` instances one token uses, where
    that is fewer (the top-k of a mixture of experts); None means all.
    """

    kind: str
    fan_in: Any
    fan_out: Any
    counts: Counts
    name: str = ""
    times: Any = 1
    tied_to: str | None = None
    active: Any = None
    #: The parameter tensors holding the row (all ``times`` instances), as PyTorch holds them: (weights, biases).
    #: None where the layer does not state them.
    tensors: tuple[Any, Any] | None = None
    #: Each of one instance's parameter tensors, as its elements (a term): (weights', biases'). None where the layer
    #: does not state them (an optimizer whose state depends on each tensor's size needs them).
    sizes: tuple[tuple[Term, ...], tuple[Term, ...]] | None = None


class Flow(NamedTuple):
    """What a layer reads, as its compute needs it: ``batch`` examples, each ``seq`` positions or an image.

    ``seq`` is None where an example is one vector (an MLP's input) and
    ``spatial`` the sizes of an image before a convolution (``(H, W)``).
    ``attention`` says which query-key pairs attention computes: ``"full"``
    (every pair, as PyTorch's counter counts even a causal mask) or
    ``"causal"`` (each position and those before it; with ``window``, at most
    the last ``window`` of them). ``implementation`` is how attention runs,
    for the tensors it keeps for backward: Hugging Face's
    ``attn_implementation``, ``"eager"`` or ``"sdpa"``; ``recompute``
    ``"full"`` runs each repeated block under activation checkpointing;
    ``labels`` says whether a language-model head computes its loss.

    An encoder-decoder's encoder reads ``source`` positions of each example
    (``source`` is the length given, ``outer`` the decoder's flow kept while
    the encoder runs); ``memory`` is the positions of what cross-attention
    reads (the encoder's output, or a memory given with the input).
    """

    batch: Any
    seq: Any = None
    spatial: tuple[Any, ...] = ()
    attention: str = "full"
    window: Any = None
    implementation: str = "eager"
    recompute: str = ""
    #: Whether a causal-LM head computes its loss too (labels passed), for the tensors it keeps; None: not said.
    labels: bool | None = None
    source: Any = None
    memory: Any = None
    outer: Any = None  # the Flow the decoder reads, kept while the encoder runs


class Work(NamedTuple):
    """One row of a forward pass: its multiply-adds as terms (tuples of factors), one instance's.

    ``weights`` are the products of the layer's input with a parameter
    tensor, which training repeats for the weight's gradient and, where the
    input needs one, for the input's; ``inner`` the products of an
    activation made inside the layer with a parameter (an output
    projection), whose input needs a gradient whenever the layer trains;
    ``data`` the products of two activations (attention's scores and
    values), whose backward is two more of each; ``fixed`` the products of
    a parameter with a tensor that needs no gradient whatever came before
    (a recurrent layer's first step reads a zero state), whose backward is
    the weight's gradient alone; ``memory`` the products of what
    cross-attention reads (an encoder's output) with a parameter, whose
    input needs a gradient where the encoder trains. ``times`` is how many
    instances run (a repeated block's depth), ``trainable`` whether the row
    uses parameters (a tied head's live where they are defined), ``unstated``
    why its backward is not stated (empty where it is),
    ``group`` marks the rows of one repeated block (0: none), ``branch`` a
    row whose output is not the next row's input (a router: the experts read
    what it read) and ``tied_to`` the layer whose weight a tied row uses.

    ``cache`` is what one instance keeps in a key-value cache per position
    it has seen (terms of elements; empty for a layer that keeps none, None
    where that is not stated, ``cache_note`` saying why), and ``windows``
    how many positions each keeps: None all of them, a size ``w`` the last
    ``w - 1`` in every instance (a sliding window, as Hugging Face's
    ``DynamicSlidingWindowLayer``), or a tuple with one entry per instance
    (None for one that keeps all).
    """

    kind: str
    name: str
    weights: tuple[Term, ...] = ()
    data: tuple[Term, ...] = ()
    inner: tuple[Term, ...] = ()
    times: Any = 1
    trainable: bool = False
    unstated: str = ""
    group: int = 0
    branch: bool = False
    tied_to: str | None = None
    cache: tuple[Term, ...] | None = ()
    windows: Any = None
    cache_note: str = ""
    #: Why the row's products are not stated (a mixture that does not say its top-k): compute refuses it; the
    #: key-value cache, which does not depend on them, is still stated.
    macs_note: str = ""
    #: The tensors one instance keeps for its backward pass in a training step (None: not stated, ``saved_note``
    #: says why); see :class:`Saved`.
    saved: tuple[Saved, ...] | None = None
    saved_note: str = ""
    #: The elements of one instance's input, where the row reads tokens (a checkpointed block keeps its first row's).
    reads: Term | None = None
    fixed: tuple[Term, ...] = ()
    #: A row whose output joins attention's scores (a relative-position bias), not the activations that flow on.
    scores: bool = False
    #: A row that is no layer but where branches part or meet, for the backward pass: "fork" (two branches read
    #: the input here), "switch" (the first branch ends; the second reads the fork's input), "join" (the two
    #: outputs are added) or "resume" (the second branch ends as an output; what follows reads the first's);
    #: "source" (an encoder reads its own input from here: a fork) or "memory" (the encoder ends: its output is
    #: what cross-attention reads; the decoder reads the fork's input).
    mark: str = ""
    memory: tuple[Term, ...] = ()


class Saved(NamedTuple):
    """A tensor one instance of a layer keeps for its backward pass: what it is, its element type, its elements.

    ``what`` is ``"activation"`` (an input or an intermediate result),
    ``"mask"`` (a dropout's), ``"statistics"`` (a norm's mean and inverse
    deviation per position) or ``"indices"`` (the positions an embedding read).
    ``dtype`` is ``"act"`` (the activations' dtype, the weights'), ``"fp32"``
    (kept in float32 whatever the weights are), ``"cast"`` (a copy in the
    activations' dtype of an fp32 result, none where they are fp32) or
    ``"int64"``. A ``shared`` tensor is one for the whole network, however
    many instances read it: ``shared`` names it (``"rotary"``, ``"positions"``,
    ``"mask"``), empty for a tensor of each instance's own.
    """

    what: str
    dtype: str
    term: Term
    shared: str = ""


class Eager:
    """How a layer runs in PyTorch's eager mode as its model's code writes it: what decides the tensors it keeps.

    A family whose modeling code symcount has checked against the tensors
    PyTorch keeps (:data:`symcount._options.ACTIVATION_FAMILIES`) sets it on
    its layers; a layer without one does not state its activations. Each
    option is one thing the code does: ``activation`` the feed-forward's
    function (:data:`symcount._options.ACTIVATIONS`), ``dropout`` a dropout
    after the layer's output, ``probs_dropout`` one on attention's
    probabilities (each only where its probability is above 0: a mask is
    kept), ``softmax_fp32`` attention's softmax in float32 cast back
    (Llama), ``rotary`` rotary tables of ``head_dim`` per position (one pair
    for the network), ``rms`` ``"llama"`` for Llama's RMSNorm in Python (its
    input upcast to float32), ``positions`` an embedding that reads the
    positions, made inside the model, rather than the network's input,
    ``loss`` a language-model head that computes Hugging Face's causal-LM
    loss when given labels.
    """

    __slots__ = ("activation", "dropout", "probs_dropout", "softmax_fp32", "rotary", "rms", "positions", "loss")

    def __init__(
        self, *, activation: str = "", dropout: bool = False, probs_dropout: bool = False, softmax_fp32: bool = False,
        rotary: bool = False, rms: str = "", positions: bool = False, loss: bool = False,
    ) -> None:
        if activation and activation not in ACTIVATIONS:
            raise UnsupportedError(f"the activation {activation!r} keeps tensors symcount does not state: it states {', '.join(ACTIVATIONS)}")
        self.activation = activation
        self.dropout = _check_bool(dropout, "dropout")
        self.probs_dropout = _check_bool(probs_dropout, "probs_dropout")
        self.softmax_fp32 = _check_bool(softmax_fp32, "softmax_fp32")
        self.rotary = _check_bool(rotary, "rotary")
        self.rms = check_choice(rms, "rms", ("", "llama"))
        self.positions = _check_bool(positions, "positions")
        self.loss = _check_bool(loss, "loss")

    def __repr__(self) -> str:
        return "Eager(" + ", ".join(f"{k}={getattr(self, k)!r}" for k in self.__slots__ if getattr(self, k)) + ")"


class Layer:
    """Base of every layer kind.

    A subclass stores its sizes as validated dims (int, name or SymPy
    expression) and implements :meth:`dims`, :meth:`map_dims` and
    :meth:`rows`. Everything else (numbers, formulas, records) the network
    derives from those.
    """

    kind: str = "layer"  # a class default; a layer of several kinds (conv2d, lstm) sets its own
    name: str | None = None  # where it sits in a model ("attention", "mlp.up"); see named()
    #: True for a layer that reads one position of each sequence (a pooler reads the first token); see pooled().
    reads_one: bool = False
    #: True for a layer whose output the next layer does not read (a router: the experts read what it read); see
    #: beside().
    branch: bool = False
    #: Why the compute of the network this layer was built into is not stated (a family's refusal); None: it is.
    compute_note: str | None = None
    #: A layer the forward pass never runs (BART's shared token table where each stack holds its own): no products.
    idle = False
    #: An encoder's attention, which attends both ways: a causal mask is not its.
    bidirectional = False
    #: A table whose output joins attention's scores (a relative-position bias), not the activations that flow on.
    scores = False
    #: How this layer runs in eager mode, where a checked family says (see :class:`Eager`): its activations.
    eager: Eager | None = None
    #: Why it does not say, where its family says why (a config field its checked code does not read that way).
    eager_note: str | None = None
    #: Why a training step's memory is not stated for a network of this part (a module read with frozen tensors).
    training_note: str | None = None

    def named(self, name: str) -> Layer:
        """A copy of this layer under ``name``, the label of its rows in tables and breakdowns.

        >>> Dense(4, 2).named("head").name
        'head'
        """
        if not isinstance(name, str) or len(name) > LABEL_LIMIT or not _LABEL.fullmatch(name):
            raise OptionError(
                f"name is {shown(name)}: expected a label such as 'attention' or 'blocks.mlp.up' "
                f"(letters, digits, _, -, spaces and dots between parts; at most {LABEL_LIMIT} characters)"
            )
        if _SLOTTED.get(type(self), True) and any("__slots__" in vars(c) for c in type(self).__mro__):
            new = copy.copy(self)  # a kind with slots (Dense) keeps its sizes there
        else:
            _SLOTTED[type(self)] = False
            new = object.__new__(type(self))  # a shallow copy, as copy.copy makes it, without its protocol
            new.__dict__.update(self.__dict__)
        new.name = name
        return new

    def pooled(self) -> Layer:
        """A copy that reads one position of each sequence, as BERT's pooler reads the first token.

        Its count is the same; its compute (and every later layer's) is per
        sequence, not per position.

        >>> Linear(768, 768).pooled().reads_one
        True
        """
        if isinstance(self, (Repeat, _Group, Tied, _Shape)):
            raise OptionError(f"pooled() applies to one layer, not to a {type(self).__name__}: pool the layer inside it")
        new = copy.copy(self)
        new.reads_one = True
        return new

    def beside(self) -> Layer:
        """A copy whose output the next layer does not read but joins that layer's output: the next layer reads
        what this one read.

        A class token joins the patches the next layer makes of the image
        (ViT), a router's weights the experts' outputs. Its count is the
        same; for the backward pass, the next layer's output needs a gradient
        where this one trains. (Two heads whose outputs never meet, BERT's
        pooler beside its masked-LM head, are :class:`Heads`.)

        >>> Parameter(768).beside().branch
        True
        """
        if not isinstance(self, _Simple):
            raise OptionError(f"beside() applies to one layer, not to a {type(self).__name__}")
        new = copy.copy(self)
        new.branch = True
        return new

    def work(self, resolve: Callable[[Dim], Any], flow: Flow) -> tuple[list[Work], Flow]:
        """The forward pass's rows of multiply-adds for input ``flow``, and the flow this layer passes on."""
        raise UnsupportedError(f"the compute of a {self.kind} layer ({type(self).__name__}) is not stated in symcount")

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
            n = row.times
            w += n * _number(row.counts.weights)
            b += n * _number(row.counts.biases)
            k += n * _number(row.counts.buffers)
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


def _terms(terms: Sequence[Term]) -> tuple[Term, ...]:
    """Terms as a person writes them: no term with a factor 0 (one layer has no "later layers"), no factor 1."""
    out = []
    for t in terms:
        if any(type(f) is int and f == 0 for f in t):
            continue
        kept = tuple(f for f in t if not (type(f) is int and f == 1))
        out.append(kept or (1,))
    return tuple(out)


def _check_bool(value: object, option: str) -> bool:
    if not isinstance(value, bool):
        raise OptionError(f"{option} is {shown(value)}: expected True or False")
    return value


# -- compute: what a layer's forward pass multiplies ---------------------------------------------

#: A layer's products: with its input, with an inner activation, of two activations; and the flow it passes on.
_Products = tuple[list[Term], list[Term], list[Term], Flow]


def _tokens(layer: Layer, flow: Flow) -> tuple[Flow, tuple[Any, ...]]:
    """The flow a token-wise layer reads (one position, for a pooled layer) and its positions as factors."""
    if flow.spatial:
        raise UnsupportedError(
            f"{layer.name or layer.kind} reads an image's {len(flow.spatial)} spatial sizes: a Flatten layer (after any "
            "pooling), or Tokens (patches as positions), goes between a convolution and a token-wise layer"
        )
    if layer.reads_one:
        flow = flow._replace(seq=None)
    return flow, (flow.batch,) if flow.seq is None else (flow.batch, flow.seq)


def _times(factors: tuple[Any, ...], terms: Iterable[Term]) -> list[Term]:
    """Each term's multiply-adds for every position: the positions' factors lead."""
    return [factors + t for t in terms]


def _pairs(layer: Layer, flow: Flow) -> tuple[Any, ...]:
    """The query-key pairs attention computes per sequence and head, as factors (``(s, s)`` in full)."""
    s, w = flow.seq, flow.window
    if s is None:
        raise UnresolvedError(f"{layer.name or layer.kind} attends over a sequence: give its length (seq)")
    if flow.attention == "full":
        return (s, s)
    if layer.bidirectional:
        raise OptionError(f"attention is {flow.attention!r}, but this model's {layer.name or 'attention'} is an encoder's, "
                          "which attends both ways: 'causal' is a decoder's mask")
    if type(s) is int and (w is None or type(w) is int):
        # Position i (from 1) sees min(i, w) keys: i of them up to the window, then w.
        n = s * (s + 1) // 2 if w is None or s <= w else s * w - w * (w - 1) // 2
        return (n,)
    import sympy

    from .symbols import as_sympy

    S = as_sympy(s)
    causal = S * (S + 1) / 2
    if w is None:
        return (causal,)
    W = as_sympy(w)
    return (sympy.Piecewise((causal, S <= W), (S * W - W * (W - 1) / 2, True)),)


def _minus_one(s: Any) -> Any:
    from .symbols import as_sympy

    return as_sympy(s) - 1


def _plus_one(s: Any) -> Any:
    if type(s) is int:
        return s + 1
    from .symbols import as_sympy

    return as_sympy(s) + 1


def unchecked(name: str) -> str:
    """Why a layer's activations are not stated: it is not from a family whose code symcount has checked."""
    return (f"{name} is not from a family whose modeling code symcount has checked ({', '.join(ACTIVATION_FAMILIES)} "
            "read by models.family or from_config, and models.llama)")


def _known(size: Any) -> int | None:
    """A size as an int where it is a number (an int or a SymPy Integer), else None."""
    if type(size) is int or getattr(size, "is_Integer", False):
        return int(size)
    return None


def elements(terms: Iterable[Term]) -> Any:
    """The elements of terms summed: an int for numbers, a formula otherwise."""
    terms = list(terms)
    if all(type(f) is int for t in terms for f in t):
        return sum(math.prod(t) for t in terms)
    from .symbols import as_sympy, flat_sum, product

    return flat_sum([product([as_sympy(f) for f in t]) for t in terms])


#: The bytes of PyTorch's CPU random-number generator's state (``torch.get_rng_state()``), which activation
#: checkpointing keeps for each checkpointed call to replay its dropout masks.
RNG_STATE_BYTES = 5056


def _causal_lm_loss(flow: Flow, vocab: Any) -> list[tuple[str, str, Term, str]]:
    """What Hugging Face's causal-LM loss keeps for backward: the logits' log-probabilities in fp32 (the cross
    entropy's log-softmax), the shifted labels (int64) and the number of labels counted (an fp32 scalar).

    The labels are shifted by padding one position and dropping the first, a view; the loss reads them flattened,
    which copies them, except for one sequence, whose view is already contiguous: its ``s + 1`` padded labels.
    """
    b, s = flow.batch, flow.seq
    if type(b) is int:
        labels: Term = (s + 1,) if b == 1 else (b, s)
    else:
        import sympy

        from .symbols import as_sympy

        labels = (sympy.Piecewise((as_sympy(s) + 1, sympy.Eq(as_sympy(b), 1)), (as_sympy(b) * as_sympy(s), True)),)
    return [("activation", "fp32", (b, s, vocab), ""), ("indices", "int64", labels, ""), ("statistics", "fp32", (1,), "")]


def _dropped(eager: Eager, n: tuple[Any, ...], width: Any) -> list[tuple[str, str, Term, str]]:
    """A dropout's mask after a layer's output, where ``eager`` says it has one."""
    return [("mask", "act", (*n, width), "")] if eager.dropout else []


def _memory_pairs(layer: Layer, flow: Flow) -> tuple[Any, ...]:
    """The query-key pairs cross-attention computes per sequence and head: every position with every memory's."""
    if flow.seq is None:
        raise UnresolvedError(f"{layer.name or layer.kind} attends over a sequence: give its length (seq)")
    if flow.memory is None:
        raise UnresolvedError(f"{layer.name or 'cross-attention'} attends over an encoder's output: give its length (source)")
    return (flow.seq, flow.memory)


def _check_attention(layer: Layer, flow: Flow) -> None:
    if flow.spatial:
        raise UnsupportedError(f"{layer.name or layer.kind} attends over an image's sizes: its tokens are not stated")


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
        new = copy.copy(self)
        new.fan_in, new.fan_out = f(self.fan_in), f(self.fan_out)
        return new

    def rows(self, resolve: Callable[[Dim], Any], lo: int = 0, hi: int | None = None) -> Iterator[Row]:
        if lo > 0 or hi == 0:
            return
        i, o = resolve(self.fan_in), resolve(self.fan_out)
        yield Row(self.kind, i, o, Counts(((i, o),), ((o,),) if self.bias else ()), self.name or "", tensors=(1, int(self.bias)),
                  sizes=(((i, o),), ((o,),) if self.bias else ()))

    def work(self, resolve: Callable[[Dim], Any], flow: Flow) -> tuple[list[Work], Flow]:
        flow, n = _tokens(self, flow)
        i, o = resolve(self.fan_in), resolve(self.fan_out)
        return [Work(self.kind, self.name or "", ((*n, i, o),), trainable=True)], flow

    def describe(self) -> str:
        return f"dense {text_of(self.fan_in)} -> {text_of(self.fan_out)}"

    def __repr__(self) -> str:
        return f"Dense({size_repr(self.fan_in)}, {size_repr(self.fan_out)}, bias={self.bias})"


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
        if isinstance(widths, Sequence) and len(widths) > LAYER_LIMIT + 1:
            raise OptionError(f"widths has {len(widths):,} widths: a network has at most {LAYER_LIMIT:,} layers")
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
        self._ints = list(map(type, widths)).count(int) == len(widths)  # a pass at C speed, not a Python loop

    @property
    def depth(self) -> int:
        """The number of weight layers, ``l``."""
        return len(self.widths) - 1

    def dims(self) -> Iterator[Dim]:
        return iter(self.widths)

    def map_dims(self, f: Callable[[Dim], Dim]) -> DenseStack:
        new = DenseStack._trusted(tuple(map(f, self.widths)), self.bias, self.mask)
        new.name = self.name
        return new

    @property
    def n_rows(self) -> int:
        return len(self.mask)

    def rows(self, resolve: Callable[[Dim], Any], lo: int = 0, hi: int | None = None) -> Iterator[Row]:
        lo, hi, _ = slice(lo, hi).indices(len(self.mask))
        ws = list(map(resolve, self.widths[lo : hi + 1]))
        name, kind, mask = self.name or "", self.kind, self.mask
        for i in range(lo, hi):
            a, b = ws[i - lo], ws[i - lo + 1]
            yield Row(kind, a, b, Counts(((a, b),), ((b,),) if mask[i] else ()), name, tensors=(1, int(mask[i])),
                      sizes=(((a, b),), ((b,),) if mask[i] else ()))

    def work(self, resolve: Callable[[Dim], Any], flow: Flow) -> tuple[list[Work], Flow]:
        flow, n = _tokens(self, flow)
        ws, name = list(map(resolve, self.widths)), self.name or ""
        return [Work(self.kind, name, ((*n, a, b),), trainable=True) for a, b in zip(ws, ws[1:])], flow

    def sums(self) -> tuple[int, int, int]:
        if not self._ints:
            return super().sums()
        return (*dense_sums(cast("tuple[int, ...]", self.widths), self.bias), 0)

    def describe(self) -> str:
        shape = "-".join(map(text_of, self.widths))
        if self.bias == "all":
            return shape
        with_bias = [str(k) for k, b in enumerate(self.mask, 1) if b]
        shown = self.bias if isinstance(self.bias, str) else "on layers " + (", ".join(with_bias) or "none")
        return f"{shape} (bias: {shown})"

    def __repr__(self) -> str:
        return f"DenseStack([{', '.join(map(size_repr, self.widths))}], bias={self.bias!r})"


def dense_sums(ws: Sequence[int], bias: str | Sequence[bool], total: int | None = None) -> tuple[int, int]:
    """Weights and biases of fully connected layers through int widths ``ws`` (``total``: their sum, if known).

    ``bias`` is a convention or the mask (one bool per layer). Two passes
    at C speed: the products of neighbours, and the sum of the widths.

    >>> dense_sums([784, 16, 16, 10], "all"), dense_sums([784, 16, 16, 10], (True, False, True))
    ((12960, 42), (12960, 26))
    """
    weights = sum(map(mul, ws, ws[1:]))
    if bias == "all":
        return weights, (sum(ws) if total is None else total) - ws[0]
    if bias == "hidden":
        return weights, (sum(ws) if total is None else total) - ws[0] - ws[-1]
    if bias == "none":
        return weights, 0
    return weights, sum(compress(islice(ws, 1, None), bias))


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


# -- the layers real models use ------------------------------------------------------------
#
# Each states its count as PyTorch builds the module: tests compare every one
# with ``sum(p.numel())`` of the PyTorch module for drawn configurations.


class _Simple(Layer):
    """A layer of one row whose sizes live in the attributes named by ``sizes``."""

    sizes: tuple[str, ...] = ()  # a class default; a layer with an optional size (head_dim) sets its own

    if TYPE_CHECKING:  # the sizes are set by name in _set_sizes

        def __getattr__(self, name: str) -> Any: ...

    def _set_sizes(self, **values: object) -> None:
        for attr, value in values.items():
            if isinstance(value, tuple) and attr in _SHAPES:
                if len(value) > _SHAPE_LIMIT:
                    raise OptionError(f"{self.kind} {attr} has {len(value)} sizes: a shape has at most {_SHAPE_LIMIT}")
                checked: Any = tuple(check_dim(v, f"{self.kind} {attr}") for v in value)
            else:
                checked = check_dim(value, f"{self.kind} {attr}", rule="a size is a positive integer or a symbol name")
            setattr(self, attr, checked)

    def dims(self) -> Iterator[Dim]:
        for attr in self.sizes:
            value = getattr(self, attr)
            yield from value if isinstance(value, tuple) else (value,)

    def map_dims(self, f: Callable[[Dim], Dim]) -> Layer:
        new = copy.copy(self)
        for attr in self.sizes:
            value = getattr(self, attr)
            setattr(new, attr, tuple(map(f, value)) if isinstance(value, tuple) else f(value))
        return new

    def _resolved(self, resolve: Callable[[Dim], Any]) -> dict[str, Any]:
        return {
            attr: tuple(map(resolve, v)) if isinstance(v, tuple) else resolve(v)
            for attr in self.sizes
            for v in (getattr(self, attr),)
        }

    def rows(self, resolve: Callable[[Dim], Any], lo: int = 0, hi: int | None = None) -> Iterator[Row]:
        if lo > 0 or hi == 0:
            return
        s = self._resolved(resolve)
        fan_in, fan_out, counts = self._counts(s)
        yield Row(self.kind, fan_in, fan_out, counts, self.name or "", tensors=self._tensors(s), sizes=self._sizes(s, counts))

    def _counts(self, s: dict[str, Any]) -> tuple[Any, Any, Counts]:
        raise NotImplementedError

    def _tensors(self, s: dict[str, Any]) -> tuple[Any, Any] | None:
        """The parameter tensors PyTorch holds for this layer, (weights, biases); None where not stated."""
        return None

    #: Whether each term of the layer's counts is one tensor PyTorch holds (a Linear's weight and bias).
    _term_per_tensor = False

    def _sizes(self, s: dict[str, Any], counts: Counts) -> tuple[tuple[Term, ...], tuple[Term, ...]] | None:
        """Each parameter tensor's elements, (weights', biases'), as :attr:`Row.sizes`; None where not stated."""
        return (counts.weights, counts.biases) if self._term_per_tensor else None

    def work(self, resolve: Callable[[Dim], Any], flow: Flow) -> tuple[list[Work], Flow]:
        if self.idle or getattr(self, "optional", False) and flow.memory is None:
            return [Work(self.kind, self.name or "", saved=())], flow  # never run, or a cross-attention with nothing to read
        s = self._resolved(resolve)
        given = flow
        if self.reads_one:  # one position of each sequence: this layer and the ones after it
            flow = flow._replace(seq=None)
        weights, inner, data, out = self._macs(s, flow)
        counts = self._counts(s)[2]
        trainable = bool(counts.weights or counts.biases)
        note = getattr(self, "cache_note", None) or ""  # why a layer's cache is not stated, where it is not
        cache = None if note else self._cache(s, flow)
        note = "" if cache is not None else note or getattr(self, "no_cache", None) or f"{self.kind} layers"
        windows = getattr(self, "cache_windows", None)  # positive integers (a config's), or None for all positions
        saved, why = None, self.eager_note or unchecked(self.name or self.kind)
        if self.eager is not None:
            kept = self._saved(s, flow, self.eager)
            saved, why = (tuple(Saved(w, d, t, sh) for w, d, t, sh in kept), "") if isinstance(kept, list) else (None, kept)
        reads = None if flow.spatial else (*_tokens(self, flow)[1], self._counts(s)[0])
        return [Work(self.kind, self.name or "", _terms(weights), _terms(data), _terms(inner), trainable=trainable,
                     cache=cache, windows=windows, cache_note=note, saved=saved, saved_note=why, reads=reads,
                     branch=self.branch, memory=_terms(self._memory_macs(s, flow)), scores=self.scores)], \
            given if self.branch else out

    def _memory_macs(self, s: dict[str, Any], flow: Flow) -> list[Term]:
        """Multiply-adds of the memory cross-attention reads with parameters (none for a layer that reads none)."""
        return []

    def _saved(self, s: dict[str, Any], flow: Flow, eager: Eager) -> list[tuple[str, str, Term, str]] | str:
        """The tensors one instance keeps for backward, as ``eager`` runs it; a str says why they are not stated."""
        return f"the tensors a {self.kind} layer keeps for backward are not stated in symcount"

    def _cache(self, s: dict[str, Any], flow: Flow) -> tuple[Term, ...] | None:
        """Elements one instance keeps in a key-value cache per position seen (a layer that attends states its own)."""
        return ()

    def _macs(self, s: dict[str, Any], flow: Flow) -> _Products:
        """Multiply-adds of the input with parameters, of an inner activation with parameters, of two activations,
        and the flow passed on."""
        raise UnsupportedError(f"the compute of a {self.kind} layer ({type(self).__name__}) is not stated in symcount")

    def sums(self) -> tuple[int, int, int]:
        if type(self).rows is not _Simple.rows:  # a kind with rows of its own (Recurrent, Experts)
            return super().sums()
        c = self._counts({attr: getattr(self, attr) for attr in self.sizes})[2]
        return _number(c.weights), _number(c.biases), _number(c.buffers)

    def __repr__(self) -> str:
        args = ", ".join(f"{a}={_value_repr(getattr(self, a))}" for a in self.sizes)
        return f"{type(self).__name__}({args})" + (".pooled()" if self.reads_one else "") + (
            ".beside()" if self.branch and not type(self).branch else "")


def layers_of(layers: object, what: str) -> tuple[Layer, ...]:
    """``layers`` as a tuple: a non-empty list of at most LAYER_LIMIT symcount layers, or an OptionError naming ``what``."""
    if isinstance(layers, (str, bytes, Mapping, Layer)) or not isinstance(layers, Iterable):
        hint = " (a list of them: [layer])" if isinstance(layers, Layer) else ""
        raise OptionError(f"{what} is {shown(layers)}: expected a list of symcount layers such as [Dense(784, 16)]{hint}")
    parts = tuple(islice(layers, LAYER_LIMIT + 1))
    if len(parts) > LAYER_LIMIT:
        raise OptionError(f"{what} has more than {LAYER_LIMIT:,} layers: nest repeats in Repeat(block, times) instead")
    for k, part in enumerate(parts, 1):
        if not isinstance(part, Layer):
            raise OptionError(f"layer {k} of {what} is {shown(part)}: expected a symcount layer such as Dense(784, 16)")
    if not parts:
        raise OptionError(f"{what} is empty: expected at least one layer")
    return parts


def _value_repr(value: object) -> str:
    """A layer argument as a call writes it: a size, a shape (a tuple of sizes), or None."""
    if isinstance(value, tuple):
        return f"({', '.join(map(size_repr, value))}{',' if len(value) == 1 else ''})"
    return repr(value) if value is None or isinstance(value, bool) else size_repr(value)


def _ratio(a: Any, b: Any, what: str) -> Any:
    """``a / b`` exactly: an int when both are ints (and ``b`` divides ``a``), else a formula."""
    if _divides(a, b, what):
        return a // b
    if isinstance(a, str) or isinstance(b, str):  # sizes as written (a walk over names): as symbols
        from .symbols import as_sympy

        a, b = as_sympy(a), as_sympy(b)
    return a / b


def _divides(a: Any, b: Any, what: str) -> bool:
    """Whether ``a`` and ``b`` are both integers (ints or SymPy Integers), ``b`` dividing ``a``; an OptionError where it does not."""
    n, m = _known(a), _known(b)
    if n is not None and m is not None:
        if n % m:  # a formula's numbers too: never a fractional head
            raise OptionError(f"{what}: {shown(n)} is not divisible by {shown(m)}")
        return True
    return False


#: The sizes that are shapes, tuples of sizes (every other size is one number or name).
_SHAPES = frozenset({"kernel_size", "normalized_shape", "shape"})
#: The most sizes a shape has (PyTorch's tensors have at most 64 dimensions).
_SHAPE_LIMIT = 64


def _kernel(value: object, n: int, kind: str) -> tuple[Any, ...]:
    sizes = value if isinstance(value, tuple) else (value,) * n
    if len(sizes) != n:
        raise OptionError(f"{kind} kernel_size is {shown(value)}: expected one size or {n}")
    return sizes


class Linear(_Simple):
    """``torch.nn.Linear``: ``in_features * out_features`` weights and ``out_features`` biases.

    >>> Linear(784, 16).count()
    12560
    """

    _term_per_tensor = True
    kind = "linear"
    sizes = ("in_features", "out_features")

    def __init__(self, in_features: object, out_features: object, bias: bool = True) -> None:
        self._set_sizes(in_features=in_features, out_features=out_features)
        self.bias = _check_bool(bias, "bias")

    def _counts(self, s: dict[str, Any]) -> tuple[Any, Any, Counts]:
        i, o = s["in_features"], s["out_features"]
        return i, o, Counts(((o, i),), ((o,),) if self.bias else ())

    def _tensors(self, s: dict[str, Any]) -> tuple[Any, Any] | None:
        return 1, int(self.bias)

    def _macs(self, s: dict[str, Any], flow: Flow) -> _Products:
        flow, n = _tokens(self, flow)
        return [(*n, s["in_features"], s["out_features"])], [], [], flow

    def _saved(self, s: dict[str, Any], flow: Flow, eager: Eager) -> list[tuple[str, str, Term, str]] | str:
        n = _tokens(self, flow)[1]
        kept = [("activation", "act", (*n, s["in_features"]), "")] + _dropped(eager, n, s["out_features"])
        if eager.loss:
            if flow.labels is None:
                return "the model computes its loss where it is given labels: say whether it is (labels=True or False)"
            if flow.labels:
                kept += _causal_lm_loss(flow, s["out_features"])
        return kept


class Conv(_Simple):
    """``torch.nn.Conv{1,2,3}d`` and, with ``transposed=True``, ``ConvTranspose{1,2,3}d``.

    Stride, padding and dilation change no count, only the output's size
    (and so the compute); groups divide the channels. ``padding`` is a size
    per side, one per dimension or one for all, or ``"same"`` / ``"valid"``;
    ``output_padding`` adds to a transposed convolution's output.

    >>> Conv(3, 64, 7, dims=2, bias=False).count()
    9408
    >>> Conv(64, 64, 3, dims=2, groups=64).count()
    640
    >>> Conv(3, 64, 7, stride=2, padding=3).output_size((224, 224))
    (112, 112)
    """

    _term_per_tensor = True
    kind = "conv"
    sizes = ("in_channels", "out_channels", "kernel_size", "groups")

    def __init__(
        self,
        in_channels: object,
        out_channels: object,
        kernel_size: object,
        *,
        dims: int = 2,
        groups: object = 1,
        bias: bool = True,
        transposed: bool = False,
        stride: object = 1,
        padding: object = 0,
        dilation: object = 1,
        output_padding: object = 0,
    ) -> None:
        check_choice(dims, "dims", (1, 2, 3))
        self.kind = f"conv{dims}d" + ("_transpose" if transposed else "")
        self.stride = _spacing(stride, dims, self.kind, "stride", 1)
        self.dilation = _spacing(dilation, dims, self.kind, "dilation", 1)
        if isinstance(padding, str) and not transposed:
            check_choice(padding, f"{self.kind} padding", ("same", "valid"))
            if padding == "same" and any(st != 1 for st in self.stride):
                raise OptionError(f"{self.kind} padding is 'same': PyTorch refuses it for a stride other than 1")
            self.padding: tuple[int, ...] | str = padding
        else:
            self.padding = _spacing(padding, dims, self.kind, "padding", 0)
        self.output_padding = _spacing(output_padding, dims, self.kind, "output_padding", 0)
        if any(self.output_padding) and not transposed:
            raise OptionError(f"{self.kind} output_padding is {shown(output_padding)}: only a transposed convolution has one")
        for op, st, dl in zip(self.output_padding, self.stride, self.dilation):
            if op >= max(st, dl):
                raise OptionError(f"{self.kind} output_padding is {shown(output_padding)}: each must be smaller than its stride or dilation")
        self._set_sizes(
            in_channels=in_channels,
            out_channels=out_channels,
            kernel_size=_kernel(kernel_size, dims, self.kind),
            groups=groups,
        )
        self.bias = _check_bool(bias, "bias")
        self.transposed = _check_bool(transposed, "transposed")
        for attr in ("in_channels", "out_channels"):
            value = getattr(self, attr)
            if type(value) is int and type(self.groups) is int and value % self.groups:
                raise OptionError(f"{self.kind} {attr} is {shown(value)}: not divisible by groups={shown(self.groups)}")

    def _counts(self, s: dict[str, Any]) -> tuple[Any, Any, Counts]:
        i, o, g = s["in_channels"], s["out_channels"], s["groups"]
        if self.transposed:
            factors = (i, _ratio(o, g, f"{self.kind} out_channels / groups"))
        else:
            factors = (o, _ratio(i, g, f"{self.kind} in_channels / groups"))
        return i, o, Counts((factors + s["kernel_size"],), ((o,),) if self.bias else ())

    def _tensors(self, s: dict[str, Any]) -> tuple[Any, Any] | None:
        return 1, int(self.bias)

    def output_size(self, size: Sequence[Any]) -> tuple[Any, ...]:
        """The output's spatial sizes for an input of spatial sizes ``size``, as PyTorch's documentation derives them."""
        if not isinstance(size, (tuple, list)):
            raise OptionError(f"size is {shown(size)}: expected the input's spatial sizes, such as (224, 224)")
        checked = tuple(check_dim(v, f"{self.kind} input size", rule="a size is a positive integer or a symbol name") for v in size)
        return self._out(checked, self._resolved(_same)["kernel_size"])

    def _out(self, size: tuple[Any, ...], kernel: tuple[Any, ...]) -> tuple[Any, ...]:
        if len(size) != len(kernel):
            raise OptionError(f"{self.kind} reads {len(kernel)} spatial sizes: the input has {len(size)} ({shown(size)})")
        pads = (0,) * len(size) if isinstance(self.padding, str) else self.padding
        out = []
        for h, k, st, dl, p, op in zip(size, kernel, self.stride, self.dilation, pads, self.output_padding):
            if self.padding == "same":
                n = h
            elif self.transposed:
                n = _conv_size(h, k, st, dl, p, op, transposed=True)
            else:
                n = _conv_size(h, k, st, dl, p, 0, transposed=False)
            known = _known(n)  # an int, or a SymPy Integer of a network with symbols
            if known is not None and known < 1:
                raise OptionError(f"{self.kind} leaves no output: an input of {shown(size)} is too small for its kernel {shown(kernel)}")
            out.append(n)
        return tuple(out)

    def _macs(self, s: dict[str, Any], flow: Flow) -> _Products:
        if not flow.spatial:
            raise UnresolvedError(f"{self.name or self.kind} reads an image: give its spatial sizes (image)")
        if flow.seq is not None:
            raise UnsupportedError(f"{self.name or self.kind} reads an image, not a sequence of positions")
        out = self._out(flow.spatial, s["kernel_size"])
        weight = self._counts(s)[2].weights[0]
        # PyTorch's count: each output position of a convolution (each input position of a transposed one)
        # multiplies a kernel window of every input channel of its group.
        positions = flow.spatial if self.transposed else out
        return [(flow.batch, *positions, *weight)], [], [], flow._replace(spatial=out)

    def __repr__(self) -> str:
        extra = "".join(
            f", {a}={_value_repr(v) if isinstance(v, tuple) else repr(v)}"
            for a, default in (("stride", 1), ("padding", 0), ("dilation", 1), ("output_padding", 0))
            for v in (getattr(self, a),)
            if v != (default,) * len(self.stride)
        )
        return super().__repr__()[:-1] + extra + ")"


def _spacing(value: object, n: int, kind: str, option: str, minimum: int) -> tuple[int, ...]:
    """A convolution's stride, padding or dilation: one int for every dimension, or one per dimension."""
    values = value if isinstance(value, tuple) else (value,) * n
    if len(values) != n or not all(type(v) is int and minimum <= v <= 10**6 for v in values):
        raise OptionError(
            f"{kind} {option} is {shown(value)}: expected an integer from {minimum} (or {n} of them), at most 1,000,000"
        )
    return cast("tuple[int, ...]", values)


def _conv_size(h: Any, k: Any, stride: int, dilation: int, padding: int, output_padding: int, *, transposed: bool) -> Any:
    """A convolution's output size along one dimension, as PyTorch's documentation derives it: exact, an int for ints.

    Convolution: ``floor((H + 2 p - d (k - 1) - 1) / s) + 1``; transposed:
    ``(H - 1) s - 2 p + d (k - 1) + output_padding + 1``.
    """
    if type(h) is not int or type(k) is not int:
        from .symbols import as_sympy

        h, k = as_sympy(h), as_sympy(k)
    if transposed:
        return (h - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1
    span = h + 2 * padding - dilation * (k - 1) - 1
    if type(span) is int:
        return span // stride + 1
    import sympy

    if getattr(k, "is_Integer", False):
        # floor((h + A) / s) with A = 2p - d(k - 1) - 1 + s; an input already floor((X + K) / M) gives
        # floor((X + K + A M) / (M s)) (X a whole number): one floor, as a person writes ceil(H / 32).
        x, shift, m = _floored(h)
        return _floor_form(x, shift + (2 * padding - dilation * (int(k) - 1) - 1 + stride) * m, m * stride)
    return span + 1 if stride == 1 else sympy.floor(span / stride) + 1


def _floored(h: Any) -> tuple[Any, int, int]:
    """A whole-number size as ``floor((X + K) / M)``: ``(X, K, M)``, ints K and M (``(h, 0, 1)`` for any other)."""
    import sympy

    for kind, extra in ((sympy.floor, 0), (sympy.ceiling, 1)):
        if isinstance(h, kind):
            num, den = sympy.fraction(sympy.together(h.args[0]))
            shift, x = num.as_coeff_Add()
            if den.is_Integer and den > 0 and shift.is_Integer and not x.has(sympy.floor, sympy.ceiling):
                m = int(den)
                return x, int(shift) + extra * (m - 1), m  # ceiling((X + K) / M) = floor((X + K + M - 1) / M)
    shift, x = sympy.sympify(h).as_coeff_Add()
    if shift.is_Integer:
        if isinstance(x, (sympy.floor, sympy.ceiling)):  # floor((X + K) / M) + q = floor((X + K + q M) / M)
            inner, more, m = _floored(x)
            return inner, more + int(shift) * m, m
        return x, int(shift), 1
    return h, 0, 1


def _floor_form(x: Any, shift: int, m: int) -> Any:
    """``floor((x + shift) / m)`` as a person writes it: ``x + shift``, ``floor(x / m) + q``, ``ceil(x / m) + q``."""
    import sympy

    if m == 1:
        return x + shift
    q, r = divmod(shift, m)
    if r == 0:
        return sympy.floor(x / m) + q
    if r == m - 1:
        return sympy.ceiling(x / m) + q
    return sympy.floor((x + r) / m) + q


# -- shape layers: no parameters, only the shape the next layer's compute reads --------------------


class _Shape(Layer):
    """A layer with no parameters that changes the shape of what it passes on (pooling, flattening): no rows.

    It counts nothing and lists no row; its compute is the flow it passes on
    (PyTorch's counter counts no products in it).
    """

    @property
    def n_rows(self) -> int:
        return 0

    def dims(self) -> Iterator[Dim]:
        return iter(())

    def map_dims(self, f: Callable[[Dim], Dim]) -> Layer:
        return self

    def rows(self, resolve: Callable[[Dim], Any], lo: int = 0, hi: int | None = None) -> Iterator[Row]:
        return iter(())

    def sums(self) -> tuple[int, int, int]:
        return 0, 0, 0

    def work(self, resolve: Callable[[Dim], Any], flow: Flow) -> tuple[list[Work], Flow]:
        if not flow.spatial:
            raise UnresolvedError(f"{self.name or self.kind} reads an image: give its spatial sizes (image)")
        return [], self._out(flow)

    def _out(self, flow: Flow) -> Flow:
        raise NotImplementedError


class Pool(_Shape):
    """``torch.nn.MaxPool{1,2,3}d`` (``mode="max"``) and ``AvgPool{1,2,3}d`` (``mode="avg"``): no parameters.

    It shrinks the image as PyTorch's documentation derives it (``stride``
    defaults to the kernel size; ``ceil_mode`` rounds up, as PyTorch does,
    for images of known sizes).

    >>> Pool(3, stride=2, padding=1).output_size((112, 112))
    (56, 56)
    >>> Pool(3, stride=2, padding=1).count()
    0
    """

    def __init__(
        self,
        kernel_size: object,
        *,
        stride: object = None,
        padding: object = 0,
        dilation: object = 1,
        ceil_mode: bool = False,
        mode: str = "max",
        dims: int = 2,
    ) -> None:
        check_choice(mode, "pool mode", ("max", "avg"))
        check_choice(dims, "dims", (1, 2, 3))
        self.kind = f"{mode}pool{dims}d"
        self.mode = mode
        self.kernel_size = _spacing(kernel_size, dims, self.kind, "kernel_size", 1)
        self.stride = self.kernel_size if stride is None else _spacing(stride, dims, self.kind, "stride", 1)
        self.padding = _spacing(padding, dims, self.kind, "padding", 0)
        self.dilation = _spacing(dilation, dims, self.kind, "dilation", 1)
        if mode == "avg" and any(d != 1 for d in self.dilation):
            raise OptionError(f"{self.kind} dilation is {shown(dilation)}: an average pool has none (torch.nn.AvgPool)")
        for k, p in zip(self.kernel_size, self.padding):
            if 2 * p > k:  # PyTorch: "padding should be at most half of kernel size"
                raise OptionError(f"{self.kind} padding is {shown(padding)}: at most half of its kernel {shown(kernel_size)}")
        self.ceil_mode = _check_bool(ceil_mode, "ceil_mode")

    def output_size(self, size: Sequence[Any]) -> tuple[Any, ...]:
        """The output's spatial sizes for an input of spatial sizes ``size``."""
        if not isinstance(size, (tuple, list)):
            raise OptionError(f"size is {shown(size)}: expected the input's spatial sizes, such as (224, 224)")
        checked = tuple(check_dim(v, f"{self.kind} input size", rule="a size is a positive integer or a symbol name") for v in size)
        return self._sizes_out(checked)

    def _out(self, flow: Flow) -> Flow:
        return flow._replace(spatial=self._sizes_out(flow.spatial))

    def _sizes_out(self, size: tuple[Any, ...]) -> tuple[Any, ...]:
        if len(size) != len(self.kernel_size):
            raise OptionError(f"{self.kind} reads {len(self.kernel_size)} spatial sizes: the input has {len(size)} ({shown(size)})")
        out = []
        for h, k, st, p, d in zip(size, self.kernel_size, self.stride, self.padding, self.dilation):
            if not self.ceil_mode:
                n = _conv_size(h, k, st, d, p, 0, transposed=False)
            elif _known(h) is None:
                raise UnsupportedError(f"{self.name or self.kind} rounds up (ceil_mode): give the image's sizes as numbers")
            else:
                h = int(h)
                span = h + 2 * p - d * (k - 1) - 1
                n = -(-span // st) + 1
                if (n - 1) * st >= h + p:  # PyTorch: the last window must start inside the input or its left padding
                    n -= 1
            known = _known(n)  # an int, or a SymPy Integer of a network with symbols
            if known is not None and known < 1:
                raise OptionError(f"{self.kind} leaves no output: an input of {shown(size)} is too small for its kernel {shown(self.kernel_size)}")
            out.append(n)
        return tuple(out)

    def __repr__(self) -> str:
        extra = "".join(
            f", {a}={v[0] if len(set(v)) == 1 else v!r}"
            for a, default in (("stride", self.kernel_size), ("padding", (0,) * len(self.kernel_size)),
                               ("dilation", (1,) * len(self.kernel_size)))
            for v in (getattr(self, a),)
            if v != default
        )
        k = self.kernel_size
        mode = "" if self.mode == "max" else f", mode={self.mode!r}"
        dims = "" if len(k) == 2 else f", dims={len(k)}"
        ceil = ", ceil_mode=True" if self.ceil_mode else ""
        return f"Pool({k[0] if len(set(k)) == 1 else k!r}{extra}{ceil}{mode}{dims})"


class AdaptivePool(_Shape):
    """``torch.nn.AdaptiveAvgPool{1,2,3}d`` (``mode="avg"``) and ``AdaptiveMaxPool`` (``mode="max"``): any image to
    ``output_size``.

    >>> AdaptivePool((1, 1)).output_size(("H", "W"))
    (1, 1)
    """

    def __init__(self, output_size: object, *, mode: str = "avg") -> None:
        check_choice(mode, "pool mode", ("max", "avg"))
        sizes = output_size if isinstance(output_size, tuple) else (output_size,)
        if not 1 <= len(sizes) <= 3 or not all(type(v) is int and 1 <= v <= 10**6 for v in sizes):
            raise OptionError(f"adaptive pool output_size is {shown(output_size)}: expected one to three integers from 1 "
                              "to 1,000,000, such as (1, 1)")
        self.output = cast("tuple[int, ...]", sizes)
        self.mode = mode
        self.kind = f"adaptive_{mode}pool{len(sizes)}d"

    def output_size(self, size: Sequence[Any]) -> tuple[Any, ...]:
        """The output's spatial sizes: ``output_size`` whatever the input's (of as many dimensions)."""
        if not isinstance(size, (tuple, list)) or len(size) != len(self.output):
            raise OptionError(f"size is {shown(size)}: expected the input's {len(self.output)} spatial sizes")
        return self.output

    def _out(self, flow: Flow) -> Flow:
        return flow._replace(spatial=self.output_size(flow.spatial))

    def __repr__(self) -> str:
        mode = "" if self.mode == "avg" else f", mode={self.mode!r}"
        return f"AdaptivePool({self.output!r}{mode})"


class Tokens(_Shape):
    """An image's positions as a sequence of tokens (a vision transformer's patches), and ``extra`` more (a class
    token): the layers after it read ``H * W + extra`` positions of each example.

    >>> from symcount import Network, flops
    >>> net = Network([Conv(3, 8, 4, stride=4), Tokens(1), Linear(8, 8)])
    >>> flops(net, batch=1, image=(8, 8)).forward_macs == 4 * 8 * 3 * 4 * 4 + (4 + 1) * 8 * 8  # 4 patches, 5 tokens
    True
    """

    kind = "tokens"

    def __init__(self, extra: int = 0) -> None:
        if type(extra) is not int or not 0 <= extra <= 10**6:
            raise OptionError(f"tokens extra is {shown(extra)}: expected the tokens added before the patches, 0 to 1,000,000")
        self.extra = extra

    def _out(self, flow: Flow) -> Flow:
        sizes = flow.spatial
        if all(type(v) is int for v in sizes):
            return flow._replace(spatial=(), seq=math.prod(sizes) + self.extra)
        from .symbols import as_sympy, product

        return flow._replace(spatial=(), seq=product([as_sympy(v) for v in sizes]) + self.extra)

    def __repr__(self) -> str:
        return f"Tokens({self.extra})" if self.extra else "Tokens()"


class Flatten(_Shape):
    """``torch.flatten(x, 1)`` / ``torch.nn.Flatten()``: each example's channels and positions as one vector.

    What follows (a Linear) reads one vector per example.
    """

    kind = "flatten"

    def _out(self, flow: Flow) -> Flow:
        return flow._replace(spatial=())

    def __repr__(self) -> str:
        return "Flatten()"


class Source(_Shape):
    """Where an encoder-decoder's encoder starts: the layers after it, up to :class:`Target`, read the source.

    The source is ``source`` positions of each example (``flops(...,
    source=)``), read in full (no causal mask); ``frames`` instead makes it
    a fixed number of frames read as a one-dimensional image (Whisper's mel
    frames: ``frames`` is a size, ``scale`` times it the frames read);
    ``shifted`` says the decoder reads the source shifted right (a
    classifier's or a question-answering head's decoder input), so the
    source is ``seq`` positions, as the decoder's.

    >>> from symcount import Network, flops
    >>> net = Network([Source(), Linear(8, 8), Target(), Attention(8, 2, cross=True)])
    >>> flops(net, batch=1, seq=3, source=5).forward_macs == 5 * 64 + 3 * 64 + 2 * 5 * 64 + 2 * 3 * 5 * 8 + 3 * 64
    True
    """

    kind = "source"

    def __init__(self, frames: object = None, *, scale: int = 1, shifted: bool = False) -> None:
        self.frames = None if frames is None else check_dim(frames, "source frames")
        if type(scale) is not int or not 1 <= scale <= 10**6:
            raise OptionError(f"source scale is {shown(scale)}: expected a whole number from 1 to 1,000,000")
        self.scale = scale
        self.shifted = _check_bool(shifted, "shifted")

    def dims(self) -> Iterator[Dim]:
        return iter(() if self.frames is None else (self.frames,))

    def map_dims(self, f: Callable[[Dim], Dim]) -> Layer:
        new = copy.copy(self)
        if self.frames is not None:
            new.frames = f(self.frames)
        return new

    def work(self, resolve: Callable[[Dim], Any], flow: Flow) -> tuple[list[Work], Flow]:
        if flow.outer is not None:
            raise OptionError("a Source layer inside an encoder: each encoder ends at a Target before another starts")
        encoder = flow._replace(attention="full", window=None, memory=None, outer=flow)
        if self.frames is not None:
            if flow.source is not None:
                raise OptionError(
                    f"source is given, but this encoder reads {self.scale} x {text_of(self.frames)} frames, "
                    "as its config fixes: leave source out"
                )
            frames = resolve(self.frames)
            return [_mark("source")], encoder._replace(seq=None, spatial=(self.scale * frames,))
        if self.shifted:
            if flow.source is not None and flow.source != flow.seq:
                raise OptionError(
                    f"source is {shown(flow.source)}, but this decoder reads the source shifted right: it is seq "
                    f"({shown(flow.seq)}) positions; leave source out"
                )
            return [_mark("source")], encoder
        if flow.source is None:
            raise UnresolvedError("the encoder reads a source sequence: give its length (source)")
        return [_mark("source")], encoder._replace(seq=flow.source)

    def __repr__(self) -> str:
        args = [] if self.frames is None else [size_repr(self.frames)]
        args += [f"scale={self.scale}"] if self.scale != 1 else []
        args += ["shifted=True"] if self.shifted else []
        return f"Source({', '.join(args)})"


class Target(_Shape):
    """Where an encoder-decoder's decoder starts (see :class:`Source`): the layers after it read the decoder's
    ``seq`` positions, and cross-attention the encoder's output."""

    kind = "target"

    def work(self, resolve: Callable[[Dim], Any], flow: Flow) -> tuple[list[Work], Flow]:
        if flow.outer is None:
            raise OptionError("a Target layer comes after a Source layer: the decoder starts where an encoder ended")
        if flow.spatial:
            raise UnsupportedError(f"the encoder ends on an image of {shown(flow.spatial)}: Tokens turns it into positions")
        return [_mark("memory")], flow.outer._replace(memory=flow.seq)

    def __repr__(self) -> str:
        return "Target()"


class Embedding(_Simple):
    """``torch.nn.Embedding``: a ``num_embeddings x embedding_dim`` table.

    >>> Embedding(50257, 768).count()
    38597376
    """

    _term_per_tensor = True
    kind = "embedding"
    sizes = ("num_embeddings", "embedding_dim")

    def __init__(self, num_embeddings: object, embedding_dim: object) -> None:
        self._set_sizes(num_embeddings=num_embeddings, embedding_dim=embedding_dim)

    def _counts(self, s: dict[str, Any]) -> tuple[Any, Any, Counts]:
        n, d = s["num_embeddings"], s["embedding_dim"]
        return n, d, Counts(((n, d),))

    def _tensors(self, s: dict[str, Any]) -> tuple[Any, Any] | None:
        return 1, 0

    def _macs(self, s: dict[str, Any], flow: Flow) -> _Products:
        return [], [], [], _tokens(self, flow)[0]  # a lookup: no products

    def _saved(self, s: dict[str, Any], flow: Flow, eager: Eager) -> list[tuple[str, str, Term, str]] | str:
        flow, n = _tokens(self, flow)
        if eager.positions and flow.seq is None:
            return f"{self.name or self.kind} reads positions: give the sequence length (seq)"
        rows, seq = _known(s["num_embeddings"]), _known(flow.seq)
        if eager.positions and rows is not None and seq is not None and seq > rows:
            return f"{self.name or self.kind} has {rows} positions: a sequence of {seq} does not run"
        # The indices it reads are the network's input, held by the caller, unless the model makes them (positions:
        # one row of them, shared by the batch).
        kept = [("indices", "int64", (flow.seq,), "positions")] if eager.positions else []
        return kept + _dropped(eager, n, s["embedding_dim"])


class LayerNorm(_Simple):
    """``torch.nn.LayerNorm``: a gain and a bias per normalized element, if affine.

    >>> LayerNorm(768).count(), LayerNorm((4, 8), bias=False).count()
    (1536, 32)
    """

    _term_per_tensor = True
    kind = "layernorm"
    sizes: tuple[str, ...] = ("normalized_shape",)

    def __init__(self, normalized_shape: object, elementwise_affine: bool = True, bias: bool = True) -> None:
        shape = normalized_shape if isinstance(normalized_shape, tuple) else (normalized_shape,)
        self._set_sizes(normalized_shape=shape)
        self.elementwise_affine = _check_bool(elementwise_affine, "elementwise_affine")
        self.bias = _check_bool(bias, "bias")

    def _counts(self, s: dict[str, Any]) -> tuple[Any, Any, Counts]:
        shape = s["normalized_shape"]
        n = shape[0] if len(shape) == 1 else shape
        if not self.elementwise_affine:
            return n, n, Counts(())
        return n, n, Counts((shape,), (shape,) if self.bias else ())

    def _tensors(self, s: dict[str, Any]) -> tuple[Any, Any] | None:
        return (1, int(self.bias)) if self.elementwise_affine else (0, 0)

    def _macs(self, s: dict[str, Any], flow: Flow) -> _Products:
        return [], [], [], flow  # statistics and a scale: element-wise work, no products

    def _saved(self, s: dict[str, Any], flow: Flow, eager: Eager) -> list[tuple[str, str, Term, str]] | str:
        shape = s["normalized_shape"]
        if len(shape) != 1:
            return f"{self.name or self.kind} normalizes over {len(shape)} sizes: its saved tensors are stated over one"
        n = _tokens(self, flow)[1]
        if self.kind == "rmsnorm":
            if eager.rms != "llama":
                return f"the tensors torch.nn.RMSNorm ({self.name or self.kind}) keeps for backward are not stated in symcount"
            # Llama's RMSNorm in Python: the input upcast to float32 (the input itself, in fp32), the inverse root
            # mean square per position in fp32, and the normalized input cast back, which the gain multiplies.
            return [("activation", "fp32", (*n, shape[0]), ""), ("statistics", "fp32", n, ""),
                    ("activation", "act", (*n, shape[0]), "")]
        # torch's layer_norm on the CPU: its input, and a mean and an inverse deviation per position in its dtype.
        return [("activation", "act", (*n, shape[0]), ""), ("statistics", "act", (2, *n), "")]


class RMSNorm(LayerNorm):
    """``torch.nn.RMSNorm``: a gain per normalized element, no bias.

    >>> RMSNorm(4096).count()
    4096
    """

    kind = "rmsnorm"

    def __init__(self, normalized_shape: object, elementwise_affine: bool = True) -> None:
        super().__init__(normalized_shape, elementwise_affine, bias=False)


class BatchNorm(_Simple):
    """``torch.nn.BatchNorm{1,2,3}d``: gain and bias per channel; running statistics are buffers.

    The running mean and variance (and PyTorch's one-element batch counter)
    are state, not parameters: counted apart, as ``buffers``. Keras calls them
    non-trainable weights and keeps no counter: ``framework="keras"``.

    >>> bn = BatchNorm(64)
    >>> bn.count(), bn.sums()[2]
    (128, 129)
    >>> BatchNorm(64, framework="keras").sums()[2]  # Keras: 64 * 4 weights, 128 of them trainable
    128
    """

    kind = "batchnorm"
    sizes = ("num_features",)

    def __init__(
        self, num_features: object, affine: bool = True, track_running_stats: bool = True, *, framework: str = "torch"
    ) -> None:
        if framework not in ("torch", "keras"):
            raise OptionError(f"framework is {shown(framework)}: expected 'torch' or 'keras'")
        self.framework = framework
        self._set_sizes(num_features=num_features)
        self.affine = _check_bool(affine, "affine")
        self.track_running_stats = _check_bool(track_running_stats, "track_running_stats")

    def _counts(self, s: dict[str, Any]) -> tuple[Any, Any, Counts]:
        c = s["num_features"]
        counter: tuple[Term, ...] = ((1,),) if self.framework == "torch" else ()
        buffers = ((c,), (c,)) + counter if self.track_running_stats else ()
        if not self.affine:
            return c, c, Counts((), (), buffers)
        return c, c, Counts(((c,),), ((c,),), buffers)

    def _tensors(self, s: dict[str, Any]) -> tuple[Any, Any] | None:
        if self.framework != "torch":
            return None  # Keras's variables are not PyTorch's tensors
        return (1, 1) if self.affine else (0, 0)

    def _sizes(self, s: dict[str, Any], counts: Counts) -> tuple[tuple[Term, ...], tuple[Term, ...]] | None:
        return (counts.weights, counts.biases) if self.framework == "torch" else None

    def _macs(self, s: dict[str, Any], flow: Flow) -> _Products:
        return [], [], [], flow  # element-wise: no products


class GroupNorm(_Simple):
    """``torch.nn.GroupNorm``: a gain and a bias per channel, if affine.

    >>> GroupNorm(32, 256).count()
    512
    """

    _term_per_tensor = True
    kind = "groupnorm"
    sizes = ("num_groups", "num_channels")

    def __init__(self, num_groups: object, num_channels: object, affine: bool = True) -> None:
        self._set_sizes(num_groups=num_groups, num_channels=num_channels)
        self.affine = _check_bool(affine, "affine")
        if type(self.num_channels) is int and type(self.num_groups) is int and self.num_channels % self.num_groups:
            raise OptionError(f"groupnorm num_channels is {shown(self.num_channels)}: not divisible by num_groups={shown(self.num_groups)}")

    def _counts(self, s: dict[str, Any]) -> tuple[Any, Any, Counts]:
        c = s["num_channels"]
        return c, c, Counts(((c,),), ((c,),)) if self.affine else Counts(())

    def _tensors(self, s: dict[str, Any]) -> tuple[Any, Any] | None:
        return (1, 1) if self.affine else (0, 0)

    def _macs(self, s: dict[str, Any], flow: Flow) -> _Products:
        return [], [], [], flow  # element-wise: no products


_GATES = {"rnn": 1, "gru": 3, "lstm": 4}


class Recurrent(_Simple):
    """``torch.nn.RNN``, ``GRU`` and ``LSTM`` (``cell=``), stacked and bidirectional.

    Per layer and direction: ``g*H x in`` input weights, ``g*H x H_out`` recurrent
    weights, and with ``bias`` bias vectors of ``g*H``; an LSTM with
    ``proj_size`` adds ``proj_size x H``. ``num_layers`` may be a symbol.

    Frameworks disagree on the biases, so that is a choice: ``biases="torch"``
    (two vectors, ``b_ih`` and ``b_hh``) or ``biases="keras"`` (one vector;
    but a Keras GRU with ``reset_after=True``, its default, keeps two).

    >>> Recurrent("lstm", 10, 20, biases="keras").count()  # Keras: 4 * ((10 + 20) * 20 + 20)
    2480

    >>> Recurrent("lstm", 10, 20, num_layers=2).count()
    5920
    >>> Recurrent("gru", 10, 20, bidirectional=True).count()
    3840
    """

    sizes = ("input_size", "hidden_size", "num_layers", "proj_size")
    input_size: Dim
    hidden_size: Dim
    num_layers: Dim

    def __init__(
        self,
        cell: str,
        input_size: object,
        hidden_size: object,
        num_layers: object = 1,
        *,
        bias: bool = True,
        bidirectional: bool = False,
        proj_size: object = 0,
        biases: str = "torch",
        reset_after: bool = True,
    ) -> None:
        check_choice(cell, "cell", _GATES)
        if type(biases) is not str or biases not in ("torch", "keras"):
            raise OptionError(f"biases is {shown(biases)}: expected 'torch' (two vectors) or 'keras' (one)")
        self.kind = cell
        self.cell = cell
        self._set_sizes(input_size=input_size, hidden_size=hidden_size, num_layers=num_layers)
        no_projection = type(proj_size) is int and proj_size == 0
        if not no_projection and cell != "lstm":
            raise OptionError(f"proj_size is {shown(proj_size)}: only an LSTM has a projection")
        self.proj_size: Any = 0 if no_projection else check_dim(proj_size, "lstm proj_size")
        self.bias = _check_bool(bias, "bias")
        self.bidirectional = _check_bool(bidirectional, "bidirectional")
        self.biases = biases
        self.reset_after = _check_bool(reset_after, "reset_after")

    def dims(self) -> Iterator[Dim]:
        yield from (self.input_size, self.hidden_size, self.num_layers)
        if self.proj_size != 0:
            yield self.proj_size

    def map_dims(self, f: Callable[[Dim], Dim]) -> Layer:
        new = copy.copy(self)
        new.input_size, new.hidden_size, new.num_layers = f(self.input_size), f(self.hidden_size), f(self.num_layers)
        new.proj_size = 0 if self.proj_size == 0 else f(self.proj_size)
        return new

    def rows(self, resolve: Callable[[Dim], Any], lo: int = 0, hi: int | None = None) -> Iterator[Row]:
        if lo > 0 or hi == 0:
            return
        x, h, n = resolve(self.input_size), resolve(self.hidden_size), resolve(self.num_layers)
        p = 0 if self.proj_size == 0 else resolve(self.proj_size)
        if any(isinstance(v, str) for v in (x, h, n, p)):  # sizes as written (a walk over names): n - 1 needs symbols
            from .symbols import as_sympy

            x, h, n, p = (as_sympy(v) if isinstance(v, str) else v for v in (x, h, n, p))
        g, d = _GATES[self.cell], 2 if self.bidirectional else 1
        out = p if self.proj_size != 0 else h
        # Layer 1 reads the input; every later layer reads d * out (both directions' outputs).
        weights = [(d, g, h, x), (d, g, h, out), (d, n - 1, g, h, d, out), (d, n - 1, g, h, out)]
        if self.proj_size != 0:
            weights.append((d, n, p, h))
        biases: list[Term] = []
        if self.bias:
            two = self.biases == "torch" or (self.cell == "gru" and self.reset_after)
            biases = [(d, n, 2 if two else 1, g, h)]
        tensors = None
        if self.biases == "torch":  # per layer and direction: weight_ih, weight_hh (and weight_hr), bias_ih, bias_hh
            tensors = (d * n * (3 if self.proj_size != 0 else 2), d * n * 2 if self.bias else 0)
        yield Row(self.kind, x, out, Counts(_terms(weights), _terms(biases)), self.name or "", tensors=tensors)

    def work(self, resolve: Callable[[Dim], Any], flow: Flow) -> tuple[list[Work], Flow]:
        flow, n = _tokens(self, flow)
        if flow.seq is None:
            raise UnresolvedError(f"{self.name or self.kind} runs over a sequence: give its length (seq)")
        x, h, layers = resolve(self.input_size), resolve(self.hidden_size), resolve(self.num_layers)
        p = 0 if self.proj_size == 0 else resolve(self.proj_size)
        g, d = _GATES[self.cell], 2 if self.bidirectional else 1
        out = p if self.proj_size != 0 else h
        # Every step multiplies its input and the previous state by each weight matrix once (as PyTorch's
        # decomposed RNN, GRU and LSTM run: the counter sees each step's products). Layer 1 reads the network's
        # input; later layers read both directions' outputs, and an LSTM's projection its cell's output,
        # activations made inside the layer. Each direction's first step reads a zero state, which needs no
        # gradient: its state products train their weight alone.
        b, s = n
        after_first = s - 1 if type(s) is int else _minus_one(s)
        weights = [(b, s, d, g, h, x)]
        inner = [(b, after_first, d, layers, g, h, out), (b, s, d, layers - 1, g, h, d, out), (b, s, d, layers, p, h)]
        fixed = [(b, d, layers, g, h, out)]
        return [Work(self.kind, self.name or "", _terms(weights), inner=_terms(inner), fixed=_terms(fixed),
                     trainable=True, cache=None,
                     cache_note="a recurrent layer, whose state generation keeps is not a key-value cache")], flow


class MultiheadAttention(_Simple):
    """``torch.nn.MultiheadAttention``: query, key and value projections and an output projection.

    ``kdim``/``vdim`` (default ``embed_dim``) size the key and value inputs;
    ``add_bias_kv`` adds a learned key and value bias. The number of heads
    changes no count here (see :class:`Attention` for fewer key/value heads).

    >>> MultiheadAttention(512, 8).count()
    1050624
    """

    kind = "attention"
    sizes = ("embed_dim", "kdim", "vdim")

    def __init__(
        self,
        embed_dim: object,
        num_heads: object = 1,
        *,
        bias: bool = True,
        add_bias_kv: bool = False,
        kdim: object = None,
        vdim: object = None,
    ) -> None:
        self._set_sizes(
            embed_dim=embed_dim,
            kdim=embed_dim if kdim is None else kdim,
            vdim=embed_dim if vdim is None else vdim,
        )
        self.num_heads = check_dim(num_heads, "attention num_heads")
        self.bias = _check_bool(bias, "bias")
        self.add_bias_kv = _check_bool(add_bias_kv, "add_bias_kv")
        self.cross = False  # decoder_block's second attention reads the encoder's memory

    def _counts(self, s: dict[str, Any]) -> tuple[Any, Any, Counts]:
        e, k, v = s["embed_dim"], s["kdim"], s["vdim"]
        _divides(e, self.num_heads, "attention embed_dim / num_heads")  # torch refuses heads that do not divide the width
        weights: tuple[Term, ...] = ((e, e), (e, k), (e, v), (e, e))
        biases: tuple[Term, ...] = ((3, e), (e,)) if self.bias else ()
        if self.add_bias_kv:
            biases += ((2, e),)
        return e, e, Counts(weights, biases)

    def _tensors(self, s: dict[str, Any]) -> tuple[Any, Any] | None:
        # PyTorch packs the three input projections into one in_proj_weight where keys and values are embed_dim wide.
        packed = self.kdim == self.embed_dim and self.vdim == self.embed_dim
        return (1 if packed else 3) + 1, (2 if self.bias else 0) + (2 if self.add_bias_kv else 0)

    def _cache(self, s: dict[str, Any], flow: Flow) -> tuple[Term, ...] | None:
        if not self.caches:
            return None
        return ((2, flow.batch, s["embed_dim"]),)  # a key and a value of every head, per position

    #: Whether the model this layer stands for keeps a key-value cache (GPT-2's attention, counted as one);
    #: torch.nn.MultiheadAttention itself keeps none: its keys and values are made on each call.
    caches = False
    no_cache = "torch.nn.MultiheadAttention, which keeps no key-value cache"

    def work(self, resolve: Callable[[Dim], Any], flow: Flow) -> tuple[list[Work], Flow]:
        rows, out = super().work(resolve, flow)
        if not self.cross and (self.kdim != self.embed_dim or self.vdim != self.embed_dim):
            # Keys and values of other widths come from another input, whose gradient is not stated.
            rows = [w._replace(unstated="keys and values from another input") for w in rows]
        return rows, out

    def _macs(self, s: dict[str, Any], flow: Flow) -> _Products:
        # Keys and values (of widths kdim, vdim) are as many positions as the queries.
        _check_attention(self, flow)
        flow, n = _tokens(self, flow)
        e = s["embed_dim"]
        q, k, v, o = self._counts(s)[2].weights  # the output projection reads the heads' values
        if self.cross:  # decoder_block's: the queries read the input, the keys and values the memory (_memory_macs)
            if self.add_bias_kv:
                raise UnsupportedError(f"{self.name or self.kind} with add_bias_kv over a memory is not stated")
            return _times(n, (q,)), _times(n, (o,)), [(2, flow.batch, *_memory_pairs(self, flow), e)], flow
        pairs = _pairs(self, flow)
        if self.add_bias_kv:  # a learned key and value appended: one more key for every query
            if flow.attention != "full":
                raise UnsupportedError(f"{self.name or self.kind} with add_bias_kv under a causal mask is not stated")
            pairs = (flow.seq, _plus_one(flow.seq))
        # Scores Q K^T and the weighted values A V: each pair, every head's width, heads * head width = e.
        return _times(n, (q, k, v)), _times(n, (o,)), [(2, flow.batch, *pairs, e)], flow

    def _memory_macs(self, s: dict[str, Any], flow: Flow) -> list[Term]:
        if not self.cross:
            return []
        _, k, v, _ = self._counts(s)[2].weights
        return _times((flow.batch, flow.memory), (k, v))


#: How an attention layer holds its query, key and value projections: apart, or packed in one tensor.
_PACKED = ("", "qkv", "qkv-weight")


def _projections(bias: object, option: str = "bias") -> str:
    """Which of the projections q, k, v, o carry a bias: True (all), False (none) or a string such as ``"qkv"``."""
    if bias is True:
        return "qkvo"
    if bias is False:
        return ""
    if isinstance(bias, str) and set(bias) <= set("qkvo") and len(set(bias)) == len(bias):
        return "".join(p for p in "qkvo" if p in bias)
    raise OptionError(f"{option} is {shown(bias)}: expected True, False or the projections with a bias, such as 'qkv'")


class Attention(_Simple):
    """Self-attention with grouped-query heads, as in Llama: ``num_key_value_heads <= num_heads``.

    Queries and output are ``d x d``; keys and values ``d x (kv_heads * d / heads)``.
    ``head_dim`` sets the heads' width apart from ``d / heads`` (Gemma,
    Qwen3): queries are then ``d x heads * head_dim``. ``bias`` is True,
    False or the projections that have one (``"qkv"`` for Qwen2); ``sinks``
    adds one learned logit per head (gpt-oss).

    >>> Attention(4096, 32, 8, bias=False).count()
    41943040
    >>> Attention(3072, 16, 16, head_dim=256, bias=False).count()  # Gemma-7B
    50331648

    ``packed`` says how the parameters are held, which changes no count but
    the tensors an optimizer keeps state for: ``"qkv"`` one weight and one
    bias for queries, keys and values (GPT-2's ``c_attn``), ``"qkv-weight"``
    one weight and their biases apart (DeBERTa's ``in_proj``). ``window``
    (a positive integer) is a sliding window's: the key-value cache keeps
    the last ``window - 1`` positions, as Hugging Face's cache does (Mistral).
    """

    kind = "attention"
    sizes: tuple[str, ...] = ("hidden_size", "num_heads", "num_key_value_heads")

    def __init__(
        self,
        hidden_size: object,
        num_heads: object,
        num_key_value_heads: object = None,
        *,
        head_dim: object = None,
        bias: bool | str = True,
        sinks: bool = False,
        packed: str = "",
        window: object = None,
        cross: bool = False,
    ) -> None:
        values: dict[str, object] = {
            "hidden_size": hidden_size,
            "num_heads": num_heads,
            "num_key_value_heads": num_heads if num_key_value_heads is None else num_key_value_heads,
        }
        if head_dim is not None:
            self.sizes = (*type(self).sizes, "head_dim")  # an optional size, this instance's own
            values["head_dim"] = head_dim
        self._set_sizes(**values)
        self.bias = _projections(bias)
        self.sinks = _check_bool(sinks, "sinks")
        if packed not in _PACKED:
            raise OptionError(f"attention packed is {shown(packed)}: expected one of {', '.join(map(repr, _PACKED))}")
        if packed == "qkv" and self.bias.replace("o", "") not in ("", "qkv"):
            raise OptionError(f"attention packed 'qkv' holds one bias for queries, keys and values: bias is "
                              f"{shown(bias)}, expected all three of q, k, v or none")
        self.packed = packed
        #: How many positions the key-value cache keeps: None all; a window w, the last w - 1 (in every instance);
        #: a tuple, one of those per instance (a family whose layers differ). See symcount.memory.
        self.cache_windows: Any = None if window is None else check_count(window, "attention window", minimum=2)
        #: Why the cache is not stated, where it is not (a config that does not say which layers slide).
        self.cache_note: str | None = None
        #: Whether the cache holds the keys and values broadcast to every query head (Falcon's new architecture
        #: expands them before caching) rather than one per key-value head.
        self.cache_expanded = False
        self.cross = _check_bool(cross, "cross")
        if self.cross:
            self.cache_note = ("cross-attention caches the encoder's keys and values, per source position: "
                               "not stated in symcount")
        #: A cross-attention that Hugging Face's decoder runs only when given an encoder's output (its causal-LM
        #: classes): without a memory, no products.
        self.optional = False

    def _counts(self, s: dict[str, Any]) -> tuple[Any, Any, Counts]:
        d, heads, kv = s["hidden_size"], s["num_heads"], s["num_key_value_heads"]
        # Grouped-query attention shares each key/value head among a whole number of query heads.
        _divides(heads, kv, "attention num_heads / num_key_value_heads")
        b = self.bias
        if "head_dim" in s:
            h = s["head_dim"]
            q: Term = (d, heads, h)
            o: Term = (heads, h, d)
            q_bias: Term = (heads, h)
        else:
            h = _ratio(d, heads, "attention hidden_size / num_heads")
            q = o = (d, d)
            q_bias = (d,)
        weights: tuple[Term, ...] = (q, (2, d, kv, h), o) + (((heads,),) if self.sinks else ())
        kv_bias: tuple[Term, ...] = ((2, kv, h),) if "k" in b and "v" in b else ((kv, h),) if "k" in b or "v" in b else ()
        biases = ((q_bias,) if "q" in b else ()) + kv_bias + (((d,),) if "o" in b else ())
        return d, d, Counts(_terms(weights), _terms(biases))

    def _tensors(self, s: dict[str, Any]) -> tuple[Any, Any] | None:
        if not self.packed:
            return 4 + int(self.sinks), len(self.bias)  # q, k, v, o (and the sinks); a bias per projection that has one
        qkv = len(self.bias.replace("o", ""))
        biases = (int(qkv > 0) if self.packed == "qkv" else qkv) + int("o" in self.bias)
        return 2 + int(self.sinks), biases

    def _sizes(self, s: dict[str, Any], counts: Counts) -> tuple[tuple[Term, ...], tuple[Term, ...]] | None:
        d, heads, kv = s["hidden_size"], s["num_heads"], s["num_key_value_heads"]
        h = s["head_dim"] if "head_dim" in s else _ratio(d, heads, "attention hidden_size / num_heads")
        q: Term = (heads, h) if "head_dim" in s else (d,)
        k: Term = (kv, h)
        out = {"q": q, "k": k, "v": k, "o": (d,)}
        sinks: tuple[Term, ...] = ((heads,),) if self.sinks else ()
        if not self.packed:
            return ((d, *q), (d, *k), (d, *k), (*q, d)) + sinks, tuple(out[p] for p in "qkvo" if p in self.bias)
        # One weight for queries, keys and values, their widths summed; one bias too where "qkv" packs it.
        width = elements([q, (2, *k)])
        biases = tuple(out[p] for p in "qkv" if p in self.bias)
        if self.packed == "qkv" and biases:
            biases = ((width,),)
        return ((d, width), (*q, d)) + sinks, biases + (((d,),) if "o" in self.bias else ())

    def _cache(self, s: dict[str, Any], flow: Flow) -> tuple[Term, ...] | None:
        kv = s["num_heads"] if self.cache_expanded else s["num_key_value_heads"]
        h = s["head_dim"] if "head_dim" in s else _ratio(s["hidden_size"], s["num_heads"], "attention hidden_size / num_heads")
        return ((2, flow.batch, kv, h),)  # a key and a value of each key-value head, per position

    def _macs(self, s: dict[str, Any], flow: Flow) -> _Products:
        _check_attention(self, flow)
        flow, n = _tokens(self, flow)
        d, heads, kv = s["hidden_size"], s["num_heads"], s["num_key_value_heads"]
        pairs = _memory_pairs(self, flow) if self.cross else _pairs(self, flow)
        if "head_dim" in s:
            h = s["head_dim"]
            q: Term = (d, heads, h)
            # Scores Q K^T and weighted values A V for every query head (grouped keys are shared, not fewer products).
            data: Term = (2, flow.batch, heads, *pairs, h)
        else:
            h = _ratio(d, heads, "attention hidden_size / num_heads")
            q = (d, d)
            data = (2, flow.batch, *pairs, d)
        # Queries, keys and values read the layer's input (cross-attention's keys and values read the memory: see
        # _memory_macs); the output projection reads the heads' values.
        reads: tuple[Term, ...] = (q,) if self.cross else (q, (2, d, kv, h))
        return _times(n, reads), _times(n, (q,)), [data], flow

    def _memory_macs(self, s: dict[str, Any], flow: Flow) -> list[Term]:
        if not self.cross:
            return []
        d, heads, kv = s["hidden_size"], s["num_heads"], s["num_key_value_heads"]
        h = s["head_dim"] if "head_dim" in s else _ratio(d, heads, "attention hidden_size / num_heads")
        return [(flow.batch, flow.memory, 2, d, kv, h)]  # the keys and values of every memory position

    def _saved(self, s: dict[str, Any], flow: Flow, eager: Eager) -> list[tuple[str, str, Term, str]] | str:
        if self.sinks:
            return f"the tensors attention with sinks ({self.name or self.kind}) keeps for backward are not stated in symcount"
        _check_attention(self, flow)
        flow, n = _tokens(self, flow)
        if flow.seq is None:
            return f"{self.name or self.kind} attends over a sequence: give its length (seq)"
        d, heads = s["hidden_size"], s["num_heads"]
        h = s["head_dim"] if "head_dim" in s else _ratio(d, heads, "attention hidden_size / num_heads")
        width: Term = (heads, h) if "head_dim" in s else (d,)
        probs: Term = (flow.batch, heads, flow.seq, flow.seq)
        rotary = [("activation", "act", (2, flow.seq, h), "rotary")] if eager.rotary else []  # cos and sin per position, once
        if eager.rotary and (_known(h) or 0) % 2:
            return f"{self.name or self.kind} rotates heads of {h}: rotary embeddings turn pairs, an even head_dim"
        if flow.recompute == "full":
            return self._held(flow, rotary)
        if flow.implementation == "sdpa":
            if eager.probs_dropout:
                return (f"{self.name or self.kind} drops out its probabilities: PyTorch's scaled_dot_product_attention "
                        "then runs its math path on the CPU, whose tensors are not stated in symcount")
            if self._slides(flow.seq):
                return (f"{self.name or self.kind} slides over a window that {flow.seq} positions reach: with sdpa, "
                        "Hugging Face passes it a mask (and repeats grouped heads), whose tensors are not stated in symcount")
            kv = s["num_key_value_heads"]
            keys: Term = width if kv == heads else (kv, h)
            # PyTorch's fused attention on the CPU: the input, the queries, the keys and values of each key-value
            # head (grouped heads are not repeated), the output (which the output projection reads) and the
            # log-sum-exp of each query's scores, in fp32.
            return [("activation", "act", (*n, d), ""), ("activation", "act", (2, *n, *width), ""),
                    ("activation", "act", (2, *n, *keys), ""), ("statistics", "fp32", (flow.batch, heads, flow.seq), ""),
                    *rotary] + _dropped(eager, n, d)
        # Eager attention: the input (read by the query, key and value projections), the queries and the keys and
        # values, each broadcast to every query head (grouped heads are repeated before the products), the
        # probabilities, the heads' values the output projection reads.
        kept = [("activation", "act", (*n, d), ""), ("activation", "act", (*n, *width), ""),
                ("activation", "act", (2, *n, *self._keys(s, flow.batch, width, h)), ""),
                ("activation", "fp32" if eager.softmax_fp32 else "act", probs, "")]
        if eager.probs_dropout:
            kept += [("mask", "act", probs, ""), ("activation", "act", probs, "")]  # the mask, the dropped
        elif eager.softmax_fp32:
            kept.append(("activation", "cast", probs, ""))  # the probabilities cast back, which AV reads
        kept.append(("activation", "act", (*n, *width), ""))
        return kept + rotary + _dropped(eager, n, d)

    def _held(self, flow: Flow, rotary: list[tuple[str, str, Term, str]]) -> list[tuple[str, str, Term, str]] | str:
        """What a checkpointed block's call keeps alive for its recomputation, besides its input: the arguments
        Hugging Face passes each decoder layer (the position ids, the rotary tables, eager attention's mask)."""
        held = [("indices", "int64", (flow.seq,), "positions"), *rotary]
        if flow.implementation == "sdpa" and self._slides(flow.seq):
            return (f"{self.name or self.kind} slides over a window: with sdpa, Hugging Face passes it a mask from the "
                    "window's length on, which a checkpointed block keeps; it is not stated in symcount")
        if flow.implementation == "eager":
            if self.cache_note:
                return f"{self.name or self.kind} does not say which of its layers slide, so which masks they read"
            windows = self.cache_windows if isinstance(self.cache_windows, tuple) else (self.cache_windows,)
            for w in dict.fromkeys(windows):  # one mask per kind of layer, in the activations' dtype
                held.append(("mask", "act", (flow.batch, flow.seq, flow.seq), "mask" if w is None else f"mask {w}"))
        return held

    def _slides(self, seq: Any) -> bool:
        """Whether any of its layers may slide over a window that ``seq`` positions reach (or its family does not
        say which do): below its window a sliding layer masks nothing (Hugging Face then passes sdpa no mask)."""
        windows = self.cache_windows if isinstance(self.cache_windows, tuple) else (self.cache_windows,)
        n = _known(seq)
        return bool(self.cache_note) or any(w is not None and not (n is not None and n < w) for w in windows)

    @staticmethod
    def _keys(s: dict[str, Any], batch: Any, width: Term, h: Any) -> Term:
        """The width of the keys (and of the values) the products keep per position: every query head's.

        Grouped heads are repeated, a copy, before the products; except one
        key-value head read by one sequence, which PyTorch broadcasts as a
        view of the one head (its reshape needs no copy there).
        """
        kv, heads = s["num_key_value_heads"], s["num_heads"]
        if kv == heads or type(kv) is int and kv > 1 or type(batch) is int and batch > 1:
            return width
        if type(kv) is int and type(batch) is int:
            return (h,) if kv == batch == 1 else width  # both 1 here: the one head's
        import sympy

        from .symbols import as_sympy, product

        one = sympy.Eq(as_sympy(kv), 1) & sympy.Eq(as_sympy(batch), 1)
        return (sympy.Piecewise((as_sympy(h), one), (product(width), True)),)


class LatentAttention(_Simple):
    """Multi-head latent attention (DeepSeek-V2 and V3): queries and keys-values through low-rank latents.

    ``q_lora_rank`` None projects queries directly. The latents' RMSNorms are
    counted here; ``bias`` puts biases on the down projections and the output,
    as Hugging Face's ``attention_bias`` does.

    >>> LatentAttention(7168, 128, q_lora_rank=1536, kv_lora_rank=512, qk_nope_head_dim=128,
    ...                 qk_rope_head_dim=64, v_head_dim=128).count()  # DeepSeek-V3
    187107328
    """

    kind = "latent_attention"
    sizes: tuple[str, ...] = ("hidden_size", "num_heads", "kv_lora_rank", "qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim")

    def __init__(
        self,
        hidden_size: object,
        num_heads: object,
        *,
        q_lora_rank: object,
        kv_lora_rank: object,
        qk_nope_head_dim: object,
        qk_rope_head_dim: object,
        v_head_dim: object,
        bias: bool = False,
    ) -> None:
        values: dict[str, object] = dict(
            hidden_size=hidden_size, num_heads=num_heads, kv_lora_rank=kv_lora_rank,
            qk_nope_head_dim=qk_nope_head_dim, qk_rope_head_dim=qk_rope_head_dim, v_head_dim=v_head_dim,
        )
        if q_lora_rank is not None:
            self.sizes = (*type(self).sizes, "q_lora_rank")  # an optional size, this instance's own
            values["q_lora_rank"] = q_lora_rank
        self._set_sizes(**values)
        self.bias = _check_bool(bias, "bias")
        self.cache_windows: Any = None  # as Attention's: the positions the cache keeps (set by a family)
        self.cache_note: str | None = None

    def _counts(self, s: dict[str, Any]) -> tuple[Any, Any, Counts]:
        d, n, r = s["hidden_size"], s["num_heads"], s["kv_lora_rank"]
        nope, rope, v = s["qk_nope_head_dim"], s["qk_rope_head_dim"], s["v_head_dim"]
        weights: list[Term] = []
        biases: list[Term] = []
        if "q_lora_rank" in s:
            rq = s["q_lora_rank"]
            weights += [(d, rq), (rq,), (rq, n, nope), (rq, n, rope)]
            biases += [(rq,)] if self.bias else []
        else:
            weights += [(d, n, nope), (d, n, rope)]
        weights += [(d, r), (d, rope), (r,), (r, n, nope), (r, n, v), (n, v, d)]
        biases += [(r,), (rope,), (d,)] if self.bias else []
        return d, d, Counts(_terms(weights), _terms(biases))

    def _tensors(self, s: dict[str, Any]) -> tuple[Any, Any] | None:
        # q_a_proj, q_a_layernorm, q_b_proj (or q_proj); kv_a_proj_with_mqa, kv_a_layernorm, kv_b_proj; o_proj.
        lora = int("q_lora_rank" in s)
        return 5 + 2 * lora, (lora + 2) if self.bias else 0

    def _cache(self, s: dict[str, Any], flow: Flow) -> tuple[Term, ...] | None:
        # The latent and the shared rope key, per position, expanded to the heads' keys and values after the cache.
        return (flow.batch, s["kv_lora_rank"]), (flow.batch, s["qk_rope_head_dim"])

    def _macs(self, s: dict[str, Any], flow: Flow) -> _Products:
        _check_attention(self, flow)
        flow, tokens = _tokens(self, flow)
        d, n, r, rope = s["hidden_size"], s["num_heads"], s["kv_lora_rank"], s["qk_rope_head_dim"]
        nope, v = s["qk_nope_head_dim"], s["v_head_dim"]
        if "q_lora_rank" in s:  # queries down to a latent, then up per head
            rq = s["q_lora_rank"]
            first: list[Term] = [(d, rq)]
            inner: list[Term] = [(rq, n, nope), (rq, n, rope)]
        else:
            first, inner = [(d, n, nope), (d, n, rope)], []
        first += [(d, r), (d, rope)]  # keys and values down to their latent, and the shared rope key
        inner += [(r, n, nope), (r, n, v), (n, v, d)]  # the latent up per head; the output projection
        pairs, b = _pairs(self, flow), flow.batch
        # Scores over the no-rope and rope parts of each head's query and key, then the values.
        data = [(b, n, *pairs, s["qk_nope_head_dim"]), (b, n, *pairs, s["qk_rope_head_dim"]), (b, n, *pairs, s["v_head_dim"])]
        return _times(tokens, first), _times(tokens, inner), data, flow


class MLP(_Simple):
    """A two-layer feed-forward block ``d -> f -> d`` (GPT-2, BERT, Phi, StarCoder2).

    >>> MLP(768, 3072).count()
    4722432
    """

    kind = "mlp"
    sizes = ("hidden_size", "intermediate_size")

    def __init__(self, hidden_size: object, intermediate_size: object, *, bias: bool = True) -> None:
        self._set_sizes(hidden_size=hidden_size, intermediate_size=intermediate_size)
        self.bias = _check_bool(bias, "bias")

    def _counts(self, s: dict[str, Any]) -> tuple[Any, Any, Counts]:
        d, f = s["hidden_size"], s["intermediate_size"]
        return d, d, Counts(((2, d, f),), ((f,), (d,)) if self.bias else ())

    def _tensors(self, s: dict[str, Any]) -> tuple[Any, Any] | None:
        return 2, 2 if self.bias else 0

    def _sizes(self, s: dict[str, Any], counts: Counts) -> tuple[tuple[Term, ...], tuple[Term, ...]] | None:
        d, f = s["hidden_size"], s["intermediate_size"]
        return ((f, d), (d, f)), ((f,), (d,)) if self.bias else ()

    def _macs(self, s: dict[str, Any], flow: Flow) -> _Products:
        flow, n = _tokens(self, flow)
        d, f = s["hidden_size"], s["intermediate_size"]
        return [(*n, d, f)], [(*n, d, f)], [], flow  # up reads the input, down the activation

    def _saved(self, s: dict[str, Any], flow: Flow, eager: Eager) -> list[tuple[str, str, Term, str]] | str:
        if not eager.activation:
            return f"{self.name or self.kind}'s activation function is not said"
        n = _tokens(self, flow)[1]
        d, f = s["hidden_size"], s["intermediate_size"]
        # The input (up reads it), the activation's own tensors and its output (down reads it).
        inner = ACTIVATIONS[eager.activation][0] + 1
        return [("activation", "act", (*n, d), ""), ("activation", "act", (inner, *n, f), "")] + _dropped(eager, n, d)


class Experts(_Simple):
    """The routed experts of a mixture-of-experts layer: ``num_experts`` feed-forward blocks, ``top_k`` used per token.

    Each expert is gated (``gated=True``: gate, up and down projections, as
    Mixtral, Qwen-MoE, DeepSeek) or plain; ``bias`` adds the experts' biases
    (gpt-oss). The row counts one expert's terms, ``num_experts`` times;
    ``Summary.active`` counts ``top_k`` of them; ``top_k=None`` (a config
    that does not say) leaves the active count unknown, and asking for it
    an error.

    >>> Experts(4096, 14336, 8, 2).count()  # one Mixtral-8x7B layer's experts
    1409286144
    """

    kind = "experts"
    sizes: tuple[str, ...] = ("hidden_size", "intermediate_size", "num_experts", "top_k")

    def __init__(
        self, hidden_size: object, intermediate_size: object, num_experts: object, top_k: object, *,
        gated: bool = True, bias: bool = False,
    ) -> None:
        values: dict[str, object] = dict(hidden_size=hidden_size, intermediate_size=intermediate_size, num_experts=num_experts)
        if top_k is not None:
            self.sizes = (*type(self).sizes[:3], "top_k")
            values["top_k"] = top_k
        else:
            self.sizes = type(self).sizes[:3]
            self.top_k: Any = None
        self._set_sizes(**values)
        self.gated = _check_bool(gated, "gated")
        self.bias = _check_bool(bias, "bias")
        e, k = self.num_experts, self.top_k
        if type(e) is int and type(k) is int and k > e:
            raise OptionError(f"experts top_k is {shown(k)}: expected at most num_experts ({shown(e)})")

    def rows(self, resolve: Callable[[Dim], Any], lo: int = 0, hi: int | None = None) -> Iterator[Row]:
        for row in super().rows(resolve, lo, hi):
            active = UNKNOWN if self.top_k is None else resolve(self.top_k)
            yield row._replace(times=resolve(self.num_experts), active=active)

    def _counts(self, s: dict[str, Any]) -> tuple[Any, Any, Counts]:
        d, f = s["hidden_size"], s["intermediate_size"]
        n = 3 if self.gated else 2
        biases: tuple[Term, ...] = (((2, f) if self.gated else (f,)), (d,)) if self.bias else ()
        return d, d, Counts(((n, d, f),), biases)

    def _tensors(self, s: dict[str, Any]) -> tuple[Any, Any] | None:
        # Hugging Face holds all the experts in 3-D tensors: gate_up_proj (or up_proj) and down_proj, and their biases.
        return 2, 2 if self.bias else 0

    def work(self, resolve: Callable[[Dim], Any], flow: Flow) -> tuple[list[Work], Flow]:
        if self.top_k is None:
            why = f"{self.name or self.kind} does not say how many experts a token uses (num_experts_per_tok)"
            return [Work(self.kind, self.name or "", trainable=True, macs_note=why)], _tokens(self, flow)[0]
        return super().work(resolve, flow)

    def _macs(self, s: dict[str, Any], flow: Flow) -> _Products:
        flow, n = _tokens(self, flow)
        # Each token runs through top_k experts: only those multiply.
        k, d, f = s["top_k"], s["hidden_size"], s["intermediate_size"]
        # Gate and up (or up) read the token; down reads the activation.
        return [(*n, k, 2, d, f) if self.gated else (*n, k, d, f)], [(*n, k, d, f)], [], flow


class Router(_Simple):
    """A mixture-of-experts router: a linear map from the width to one logit per expert.

    >>> Router(4096, 8).count()
    32768
    """

    _term_per_tensor = True
    kind = "router"
    sizes = ("hidden_size", "num_experts")

    def __init__(self, hidden_size: object, num_experts: object, *, bias: bool = False) -> None:
        self._set_sizes(hidden_size=hidden_size, num_experts=num_experts)
        self.bias = _check_bool(bias, "bias")

    def _counts(self, s: dict[str, Any]) -> tuple[Any, Any, Counts]:
        d, e = s["hidden_size"], s["num_experts"]
        return d, e, Counts(((e, d),), ((e,),) if self.bias else ())

    def _tensors(self, s: dict[str, Any]) -> tuple[Any, Any] | None:
        return 1, int(self.bias)

    branch = True  # the experts read what the router read

    def _macs(self, s: dict[str, Any], flow: Flow) -> _Products:
        flow, n = _tokens(self, flow)
        return [(*n, s["hidden_size"], s["num_experts"])], [], [], flow


class GatedMLP(_Simple):
    """A gated feed-forward block (SwiGLU): gate and up projections ``d -> f``, down ``f -> d``.

    ``packed`` holds gate and up in one tensor (Phi-3's ``gate_up_proj``).

    >>> GatedMLP(4096, 11008, bias=False).count()
    135266304
    """

    kind = "gated_mlp"
    sizes = ("hidden_size", "intermediate_size")

    def __init__(self, hidden_size: object, intermediate_size: object, *, bias: bool = False, packed: bool = False) -> None:
        self._set_sizes(hidden_size=hidden_size, intermediate_size=intermediate_size)
        self.bias = _check_bool(bias, "bias")
        self.packed = _check_bool(packed, "packed")

    def _counts(self, s: dict[str, Any]) -> tuple[Any, Any, Counts]:
        d, f = s["hidden_size"], s["intermediate_size"]
        return d, d, Counts(((3, d, f),), ((2, f), (d,)) if self.bias else ())

    def _tensors(self, s: dict[str, Any]) -> tuple[Any, Any] | None:
        n = 2 if self.packed else 3  # gate and up (in one, where packed), and down
        return n, n if self.bias else 0

    def _sizes(self, s: dict[str, Any], counts: Counts) -> tuple[tuple[Term, ...], tuple[Term, ...]] | None:
        d, f = s["hidden_size"], s["intermediate_size"]
        if self.packed:
            return ((2, f, d), (d, f)), ((2, f), (d,)) if self.bias else ()
        return ((f, d), (f, d), (d, f)), ((f,), (f,), (d,)) if self.bias else ()

    def _macs(self, s: dict[str, Any], flow: Flow) -> _Products:
        flow, n = _tokens(self, flow)
        d, f = s["hidden_size"], s["intermediate_size"]
        return [(*n, 2, d, f)], [(*n, d, f)], [], flow  # gate and up read the input, down the activation

    def _saved(self, s: dict[str, Any], flow: Flow, eager: Eager) -> list[tuple[str, str, Term, str]] | str:
        if not eager.activation:
            return f"{self.name or self.kind}'s activation function is not said"
        if self.packed:
            return f"the tensors a packed gated MLP ({self.name or self.kind}) keeps for backward are not stated in symcount"
        n = _tokens(self, flow)[1]
        d, f = s["hidden_size"], s["intermediate_size"]
        # The input (gate and up read it), the activation's own tensors of the gate, its output and up's (their
        # product reads both) and the product (down reads it).
        inner = ACTIVATIONS[eager.activation][0] + 3
        return [("activation", "act", (*n, d), ""), ("activation", "act", (inner, *n, f), "")] + _dropped(eager, n, d)


class Parameter(_Simple):
    """A bare learned tensor (``nn.Parameter``) of the given shape: Mamba's ``A_log`` and ``D``, ViT's class token.

    Its count is the product of its shape (a scalar, shape ``()``, is one number).

    >>> Parameter((1536, 16)).count()
    24576
    """

    kind = "parameter"
    sizes = ("shape",)

    def __init__(self, shape: object) -> None:
        shape = shape if isinstance(shape, tuple) else (shape,)
        self._set_sizes(shape=shape or (1,))

    def _counts(self, s: dict[str, Any]) -> tuple[Any, Any, Counts]:
        shape = s["shape"]
        n = shape[0] if len(shape) == 1 else shape
        return n, n, Counts(_terms((shape,)))

    def _tensors(self, s: dict[str, Any]) -> tuple[Any, Any] | None:
        return 1, 0

    def _sizes(self, s: dict[str, Any], counts: Counts) -> tuple[tuple[Term, ...], tuple[Term, ...]] | None:
        return (s["shape"],), ()

    def _macs(self, s: dict[str, Any], flow: Flow) -> _Products:
        return [], [], [], flow  # added or scaled element-wise: no products


# -- composition ---------------------------------------------------------------------------


def _added(sums: Iterator[tuple[int, int, int]]) -> tuple[int, int, int]:
    """Weights, biases and buffers of several layers, added."""
    w = b = k = 0
    for lw, lb, lk in sums:
        w, b, k = w + lw, b + lb, k + lk
    return w, b, k


def _path(outer: str | None, inner: str) -> str:
    """A row's name inside a named composite: ``"blocks"`` and ``"mlp.up"`` give ``"blocks.mlp.up"``."""
    if not outer:
        return inner
    return f"{outer}.{inner}" if inner else outer


class Repeat(Layer):
    """A block of layers repeated ``times`` times (``times`` may be a symbol such as ``n_layer``).

    One row per layer of the block, its counts multiplied by ``times``: a
    stack of ten thousand blocks costs no more than one.

    >>> block = [Attention(768, 12), GatedMLP(768, 3072)]
    >>> Repeat(block, 12).count() == 12 * sum(layer.count() for layer in block)
    True

    ``runs`` is how many times the forward pass runs the block where layers
    are shared across depth (ALBERT: ``num_hidden_groups * inner_group_num``
    blocks held, ``num_hidden_layers * inner_group_num`` run); its compute
    counts the runs, its parameters the blocks held.
    """

    kind = "repeat"
    runs: Dim | None = None

    def __init__(self, block: Sequence[Layer], times: object, name: str | None = None, *, runs: object = None) -> None:
        self.block = layers_of(block, "block")
        self.times: Dim = check_dim(times, "repeat times", rule="a count is a positive integer or a symbol name")
        if runs is not None:
            self.runs = check_dim(runs, "repeat runs", rule="a count is a positive integer or a symbol name")
        if name is not None:
            self.name = self.named(name).name

    @property
    def n_rows(self) -> int:
        return sum(layer.n_rows for layer in self.block)

    def dims(self) -> Iterator[Dim]:
        yield self.times
        if self.runs is not None:
            yield self.runs
        for layer in self.block:
            yield from layer.dims()

    def map_dims(self, f: Callable[[Dim], Dim]) -> Repeat:
        new = copy.copy(self)
        new.block = tuple(layer.map_dims(f) for layer in self.block)
        new.times = f(self.times)
        if self.runs is not None:
            new.runs = f(self.runs)
        return new

    def rows(self, resolve: Callable[[Dim], Any], lo: int = 0, hi: int | None = None) -> Iterator[Row]:
        n = resolve(self.times)
        offset, hi = 0, self.n_rows if hi is None else hi
        for layer in self.block:
            k = layer.n_rows
            if offset + k > lo and offset < hi:
                for row in layer.rows(resolve, max(lo - offset, 0), min(hi - offset, k)):
                    times = n if type(row.times) is int and row.times == 1 else n * row.times
                    active = None if row.active is None else n * row.active
                    tensors = None if row.tensors is None else (n * row.tensors[0], n * row.tensors[1])
                    # An unnamed block is "blocks" in breakdowns: its rows are one component, its layers the parts.
                    yield row._replace(name=_path(self.name or "blocks", row.name), times=times, active=active, tensors=tensors)
            offset += k

    def work(self, resolve: Callable[[Dim], Any], flow: Flow) -> tuple[list[Work], Flow]:
        n, rows, out = resolve(self.times if self.runs is None else self.runs), [], flow
        for layer in self.block:
            more, out = layer.work(resolve, out)
            rows += more
        if any(w.mark in ("source", "memory") for w in rows):
            raise UnsupportedError(f"{self.name or 'a repeated block'} holds a Source or Target: an encoder and its "
                                   "decoder start once, outside a repeated block")
        if out != flow:
            raise UnsupportedError(
                f"{self.name or 'a repeated block'} changes the shape it reads ({shown(flow.spatial)} to {shown(out.spatial)}): "
                "its repeats' compute differs, so it is not stated"
            )
        group = next(_GROUPS)
        return [
            w._replace(name=_path(self.name or "blocks", w.name), times=n if type(w.times) is int and w.times == 1 else n * w.times,
                       group=group)
            for w in rows
        ], out

    def sums(self) -> tuple[int, int, int]:
        w, b, k = _added(layer.sums() for layer in self.block)
        n = cast(int, self.times)  # sums() is asked only of a network of numbers
        return n * w, n * b, n * k

    def describe(self) -> str:
        return f"{text_of(self.times)} x ({' + '.join(layer.describe() for layer in self.block)})"

    def __repr__(self) -> str:
        runs = "" if self.runs is None else f", runs={size_repr(self.runs)}"
        return f"Repeat({list(self.block)!r}, {size_repr(self.times)}{runs})"


class Tied(Layer):
    """A layer whose weight is another layer's (an output head tied to the embedding).

    A tied tensor is one tensor: its weights count once, where they are
    defined, and this row says whose they are. Its own biases still count.

    >>> from symcount import Network
    >>> Network([Embedding(100, 16), Tied(Linear(16, 100, bias=False), to="embedding")]).count()
    1600
    """

    def __init__(self, layer: Layer, *, to: str) -> None:
        if not isinstance(layer, Layer):
            raise OptionError(f"layer is {shown(layer)}: expected a symcount layer")
        if not isinstance(to, str) or not _LABEL.fullmatch(to):
            raise OptionError(f"to is {shown(to)}: expected the name of the layer whose weight this is, such as 'wte'")
        self.layer = layer
        self.to = to
        self.kind = layer.kind

    @property
    def n_rows(self) -> int:
        return self.layer.n_rows

    def dims(self) -> Iterator[Dim]:
        return self.layer.dims()

    def map_dims(self, f: Callable[[Dim], Dim]) -> Tied:
        new = copy.copy(self)
        new.layer = self.layer.map_dims(f)
        return new

    def rows(self, resolve: Callable[[Dim], Any], lo: int = 0, hi: int | None = None) -> Iterator[Row]:
        for row in self.layer.rows(resolve, lo, hi):
            counts = Counts((), row.counts.biases, row.counts.buffers)
            tensors = None if row.tensors is None else (0, row.tensors[1])  # the weight is held where it is defined
            sizes = None if row.sizes is None else ((), row.sizes[1])
            yield row._replace(counts=counts, name=_path(self.name, row.name), tied_to=self.to, tensors=tensors, sizes=sizes)

    def sums(self) -> tuple[int, int, int]:
        _, b, k = self.layer.sums()  # the weights count where they are defined
        return 0, b, k

    def work(self, resolve: Callable[[Dim], Any], flow: Flow) -> tuple[list[Work], Flow]:
        rows, out = self.layer.work(resolve, flow)  # a shared weight still multiplies here
        return [w._replace(name=_path(self.name, w.name), trainable=True, tied_to=self.to) for w in rows], out

    def __repr__(self) -> str:
        return f"Tied({self.layer!r}, to={self.to!r})"


class _Group(Layer):
    """A layer made of lists of layers (the attributes ``_lists`` names): their rows, in that order, under its name."""

    _lists: ClassVar[tuple[str, ...]] = ()

    def _members(self) -> tuple[Layer, ...]:
        return tuple(layer for attr in self._lists for layer in getattr(self, attr))

    @property
    def n_rows(self) -> int:
        return sum(layer.n_rows for layer in self._members())

    def dims(self) -> Iterator[Dim]:
        for layer in self._members():
            yield from layer.dims()

    def map_dims(self, f: Callable[[Dim], Dim]) -> Self:
        new = copy.copy(self)
        for attr in self._lists:
            setattr(new, attr, tuple(layer.map_dims(f) for layer in getattr(self, attr)))
        return new

    def rows(self, resolve: Callable[[Dim], Any], lo: int = 0, hi: int | None = None) -> Iterator[Row]:
        offset, hi = 0, self.n_rows if hi is None else hi
        for layer in self._members():
            k = layer.n_rows
            if offset + k > lo and offset < hi:
                for row in layer.rows(resolve, max(lo - offset, 0), min(hi - offset, k)):
                    yield row._replace(name=_path(self.name, row.name))
            offset += k

    def sums(self) -> tuple[int, int, int]:
        return _added(layer.sums() for layer in self._members())

    def _run(self, layers: Sequence[Layer], resolve: Callable[[Dim], Any], flow: Flow) -> tuple[list[Work], Flow]:
        """The rows of ``layers`` run one after another on ``flow``, named inside this group, and the flow they pass on."""
        rows: list[Work] = []
        for layer in layers:
            more, flow = layer.work(resolve, flow)
            rows += [w._replace(name=_path(self.name, w.name)) for w in more]
        return rows, flow


class Block(_Group):
    """Layers that belong together under one name (a transformer block), in order.

    >>> encoder_block(512, 8).count()  # torch.nn.TransformerEncoderLayer(512, 8)
    3152384
    """

    _lists = ("layers",)

    def __init__(self, layers: Sequence[Layer], name: str) -> None:
        self.layers = layers_of(layers, "layers")
        self.name = self.named(name).name

    def work(self, resolve: Callable[[Dim], Any], flow: Flow) -> tuple[list[Work], Flow]:
        return self._run(self.layers, resolve, flow)

    def describe(self) -> str:
        return self.name or "block"

    def __repr__(self) -> str:
        return f"Block({list(self.layers)!r}, {self.name!r})"


class Residual(_Group):
    """A residual block: ``body(x) + shortcut(x)``, the shortcut the identity where it has no layers.

    Its rows are the body's, then the shortcut's (as a model lists its
    parameters: ResNet's ``downsample`` last). Its compute runs the shortcut
    on the block's input beside the body; the two must give one shape.

    >>> block = Residual([Conv(64, 64, 3, padding=1, bias=False), BatchNorm(64),
    ...                   Conv(64, 64, 3, padding=1, bias=False), BatchNorm(64)])
    >>> block.count()  # ResNet-18's first block
    73984
    """

    kind = "residual"
    _lists = ("body", "shortcut")

    def __init__(self, body: Sequence[Layer], shortcut: Sequence[Layer] = (), name: str | None = None) -> None:
        self.body = layers_of(body, "residual body")
        self.shortcut = layers_of(shortcut, "residual shortcut") if shortcut else ()
        if name is not None:
            self.name = self.named(name).name

    def work(self, resolve: Callable[[Dim], Any], flow: Flow) -> tuple[list[Work], Flow]:
        side, beside = self._run(self.shortcut, resolve, flow)
        rows, out = self._run(self.body, resolve, flow)
        if out.spatial != beside.spatial or out.seq != beside.seq:
            what = "shortcut" if self.shortcut else "identity shortcut"
            raise UnsupportedError(
                f"{self.name or 'a residual block'} adds its body's output ({_shape_of(out)}) to its "
                f"{what}'s ({_shape_of(beside)}): PyTorch refuses to add different shapes"
            )
        # The shortcut reads the block's input beside the body, one row after another; the body reads the same
        # input; the block's output needs a gradient where either's does.
        return [_mark("fork"), *side, _mark("switch"), *rows, _mark("join")], out

    def describe(self) -> str:
        return self.name or "residual"

    def __repr__(self) -> str:
        shortcut = f", {list(self.shortcut)!r}" if self.shortcut else ""
        name = f", name={self.name!r}" if self.name else ""
        return f"Residual({list(self.body)!r}{shortcut}{name})"


def _mark(mark: str) -> Work:
    return Work("", "", mark=mark)


def _shape_of(flow: Flow) -> str:
    if flow.spatial:
        return f"an image of {shown(flow.spatial)}"
    return "a vector per example" if flow.seq is None else f"{shown(flow.seq)} positions per example"


class Heads(_Group):
    """Two heads on one input: ``side`` then ``after`` (BERT's pooler and its sentence classifier) and ``main``
    (the masked-LM head), each reading the input.

    Its rows are ``side``'s, ``main``'s, then ``after``'s, as Hugging Face
    lists their parameters; its compute runs ``side`` and ``main`` on the
    input and ``after`` on ``side``'s output (the flow it passes on).

    >>> Heads([Linear(8, 8).pooled()], [Linear(8, 100)], [Linear(8, 2)]).count()
    990
    """

    kind = "heads"
    _lists = ("side", "main", "after")

    def __init__(self, side: Sequence[Layer], main: Sequence[Layer], after: Sequence[Layer] = ()) -> None:
        self.side = layers_of(side, "heads side")
        self.main = layers_of(main, "heads main")
        self.after = layers_of(after, "heads after") if after else ()

    def work(self, resolve: Callable[[Dim], Any], flow: Flow) -> tuple[list[Work], Flow]:
        side, beside = self._run(self.side, resolve, flow)
        main, _ = self._run(self.main, resolve, flow)
        after, out = self._run(self.after, resolve, beside)
        return [_mark("fork"), *side, _mark("switch"), *main, _mark("resume"), *after], out

    def __repr__(self) -> str:
        after = f", {list(self.after)!r}" if self.after else ""
        return f"Heads({list(self.side)!r}, {list(self.main)!r}{after})"


def _cross(layer: Layer) -> Layer:
    layer.cross = True  # type: ignore[attr-defined]  # a fresh MultiheadAttention of decoder_block's own
    return layer


def encoder_block(d_model: object, nhead: object = 1, dim_feedforward: object = 2048, *, bias: bool = True) -> Block:
    """``torch.nn.TransformerEncoderLayer``: self-attention, a two-layer feed-forward, two LayerNorms.

    >>> encoder_block(512, 8, 2048).count()
    3152384
    >>> from symcount import Network
    >>> Network([encoder_block("d", 8, "f", bias=False)]).total
    4*d**2 + 2*d*f + 2*d
    """
    return Block(
        [
            MultiheadAttention(d_model, nhead, bias=bias).named("self_attn"),
            Linear(d_model, dim_feedforward, bias=bias).named("linear1"),
            Linear(dim_feedforward, d_model, bias=bias).named("linear2"),
            LayerNorm(d_model, bias=bias).named("norm1"),
            LayerNorm(d_model, bias=bias).named("norm2"),
        ],
        "encoder",
    )


def decoder_block(d_model: object, nhead: object = 1, dim_feedforward: object = 2048, *, bias: bool = True) -> Block:
    """``torch.nn.TransformerDecoderLayer``: self- and cross-attention, feed-forward, three LayerNorms.

    >>> decoder_block(512, 8).count()  # torch.nn.TransformerDecoderLayer(512, 8)
    4204032
    """
    return Block(
        [
            MultiheadAttention(d_model, nhead, bias=bias).named("self_attn"),
            _cross(MultiheadAttention(d_model, nhead, bias=bias).named("multihead_attn")),
            Linear(d_model, dim_feedforward, bias=bias).named("linear1"),
            Linear(dim_feedforward, d_model, bias=bias).named("linear2"),
            LayerNorm(d_model, bias=bias).named("norm1"),
            LayerNorm(d_model, bias=bias).named("norm2"),
            LayerNorm(d_model, bias=bias).named("norm3"),
        ],
        "decoder",
    )
