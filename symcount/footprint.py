"""Memory: the bytes of a network's weights, gradients, optimizer state, activations and key-value cache, exact.

A training step keeps the model states of Rajbhandari et al. (2020):
the weights, a gradient for every trainable parameter, and the optimizer's
state, as PyTorch's optimizers hold it (:data:`OPTIMIZERS`); and, for
``batch`` sequences of ``seq`` positions, the activations its backward
pass reads, as PyTorch keeps them for the model's own code. Inference
keeps the weights and, generating, a key-value cache of the positions seen.
Each quantity is a Python int when every size is a number and a formula
otherwise; the convention is named in :data:`MEMORY_CONVENTION`.

>>> import symcount
>>> m = symcount.memory(symcount.mlp([784, 16, 16, 10]), optimizer="adam")
>>> m.weight_bytes, m.gradient_bytes, m.optimizer_bytes   # 13002 parameters in 6 tensors, fp32
(52008, 52008, 104040)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any, NamedTuple

from ._dims import check_choice, check_dim, shown
from ._display import LatexDisplay
from ._options import DTYPE_BYTES, MEMORY_CONVENTION, MEMORY_QUANTITIES, OPTIMIZERS, ZERO_STAGES
from .errors import OptionError, UnresolvedError, UnsupportedError
from .layers import RNG_STATE_BYTES, Flow, Saved, Source, Work, _same, unchecked
from .network import LayerRecord, Network, _RecordBuilder

__all__ = ["ATTN_IMPLEMENTATIONS", "MEMORY_CONVENTION", "OPTIMIZERS", "RECOMPUTE", "ActivationRecord", "Memory", "MemoryRecord",
           "memory"]

#: The recomputation of a training step symcount states.
RECOMPUTE: dict[str, str] = {
    "full": "each decoder layer under activation checkpointing (model.gradient_checkpointing_enable()): it keeps its "
    "input, and its call's arguments (position ids, rotary tables, eager attention's mask) stay alive",
}

#: The attention implementations whose saved tensors symcount states (Hugging Face's ``attn_implementation``).
ATTN_IMPLEMENTATIONS: dict[str, str] = {
    "eager": "the model's own Python attention: its scores, softmax and dropout as separate operations",
    "sdpa": "PyTorch's scaled_dot_product_attention, fused on the CPU (without dropout on the probabilities, "
    "without a padding mask)",
}

#: Per optimizer: the state tensors it keeps per parameter tensor, each the parameter's shape, and whether it keeps
#: a ``step`` (a 4-byte float32 scalar per parameter tensor, in PyTorch's Adam and AdamW).
_STATE: dict[str, tuple[int, bool]] = {"sgd": (0, False), "momentum": (1, False), "adam": (2, True), "adamw": (2, True)}
#: bitsandbytes' optimizers, whose state depends on each tensor's size.
_8BIT = ("adam8bit", "adamw8bit")

#: bitsandbytes' 8-bit Adam (0.48): a tensor of at least this many elements keeps 8-bit moments, each with a float32
#: maximum per block of this many; and two maps of this many float32 entries, one for each moment, per optimizer.
_8BIT_FROM, _8BIT_BLOCK, _8BIT_MAP = 4096, 256, 256


def _adam8bit(n: int) -> int:
    """The bytes bitsandbytes' 8-bit Adam keeps for a tensor of ``n`` elements (its step is a Python int)."""
    if n >= _8BIT_FROM:
        return 2 * n + 2 * 4 * -(-n // _8BIT_BLOCK)
    return 2 * 4 * n


#: The dtypes a training step keeps its weights in.
_TRAINING_DTYPES = ("fp32", "bf16", "fp16")


class MemoryRecord(NamedTuple):
    """One row of a network: its parameters and the bytes a training step keeps for them."""

    index: int  # type: ignore[assignment]  # the row's position; shadows tuple.index on purpose
    kind: str
    name: str
    times: Any
    params: Any
    trainable: bool
    tensors: Any  # the parameter tensors of the row (all its instances), as PyTorch holds them; None where not stated
    weight_bytes: Any
    gradient_bytes: Any
    optimizer_bytes: Any  # None where a step counter per tensor is kept and the tensors are not stated
    sizes: tuple[int, ...] | None = None  # each of one instance's parameter tensors' elements (numbers), where stated


class Memory(LatexDisplay):
    """The model states of a network, in bytes: per-row records and totals, ints or formulas.

    It prints as LaTeX (``symcount.latex``: the totals collected, or
    ``style="table"`` per row), Markdown, text and JSON.

    ``weight_bytes`` are the parameters in ``dtype``; with ``mixed``, the
    16-bit weights the passes run on, their fp32 master copy being optimizer
    state (as ZeRO counts it). ``gradient_bytes`` are a gradient per trainable
    parameter in the weights' dtype, and ``optimizer_bytes`` what the
    optimizer keeps. ``per_device()`` shares them out under ZeRO.
    """

    def __init__(
        self, network: Network, dtype: str, optimizer: str | None, mixed: bool, zero: int, devices: Any,
        flow: Flow | None = None, cache_dtype: str | None = None, attn_implementation: str | None = None,
        recompute: str | None = None, labels: bool | None = None,
    ) -> None:
        self.network = network
        self.dtype = dtype
        self.optimizer = optimizer
        self.mixed = mixed
        self.zero = zero
        self.devices = devices
        #: The input a key-value cache is for: ``batch`` sequences of ``seq`` positions seen (None: no cache asked).
        self.flow = flow
        self.cache_dtype = cache_dtype
        #: How attention runs, for the activations it keeps (None: not said).
        self.attn_implementation = attn_implementation
        #: ``"full"``: each repeated block runs under activation checkpointing (None: none).
        self.recompute = recompute
        #: Whether a language-model head computes its loss (labels given); None: not said.
        self.labels = labels
        self.name = network.describe()
        note = next((p.training_note for p in network.parts if p.training_note), None)
        if note and optimizer is not None:
            raise UnsupportedError(note)
        summary = network.summary()
        self.numeric: bool = summary.numeric
        builder = _RecordBuilder(self.numeric)
        self._add: Callable[[list[Any]], Any] = builder.add
        self._frozen = summary.frozen_rows
        if optimizer in _8BIT and not self.numeric:
            raise UnsupportedError(
                f"{optimizer}'s state depends on each tensor's size (8-bit moments from {_8BIT_FROM} elements on): "
                f"give every size of the network (it has: {', '.join(network.names)})"
            )
        #: One record per row, in the network's order.
        self.layers = [self._record(r) for r in summary.layers]
        if optimizer in _8BIT:  # the two quantization maps, once, with the first row whose tensors are 8-bit
            big = next((k for k, r in enumerate(self.layers) if r.trainable and r.sizes and max(r.sizes) >= _8BIT_FROM), None)
            if big is not None and self.layers[big].optimizer_bytes is not None:
                r = self.layers[big]
                self.layers[big] = r._replace(optimizer_bytes=r.optimizer_bytes + 2 * 4 * _8BIT_MAP)

    def _record(self, r: LayerRecord) -> MemoryRecord:
        e = DTYPE_BYTES[self.dtype]
        params = r.params
        trainable = bool(self.optimizer) and r.name not in self._frozen
        tensors = None if r.tensors is None else r.tensors[0] + r.tensors[1]
        gradients = e * params if trainable else 0
        state: Any = 0
        sizes = None if r.sizes is None else tuple(math.prod(t) for t in r.sizes[0] + r.sizes[1])
        if trainable and self.optimizer in _8BIT:
            state = None if sizes is None else r.times * sum(map(_adam8bit, sizes))
        elif trainable and self.optimizer is not None:
            copies, steps = _STATE[self.optimizer]
            kept = 4 if self.mixed else e  # the optimizer's state is fp32 beside fp32 master weights
            state = (copies * kept + (4 if self.mixed else 0)) * params
            if steps:
                state = None if tensors is None else state + 4 * tensors
        return MemoryRecord(r.index, r.kind, r.name, r.times, params, trainable, tensors, e * params, gradients, state, sizes)

    def _sum(self, values: Sequence[Any]) -> Any:
        return self._add(list(values)) if values else 0

    # -- totals ------------------------------------------------------------

    @cached_property
    def weight_bytes(self) -> Any:
        """Bytes of the parameters in ``dtype`` (buffers, such as running statistics, are not in it)."""
        return self._sum([r.weight_bytes for r in self.layers])

    @cached_property
    def gradient_bytes(self) -> Any:
        """Bytes of a gradient per trainable parameter, in ``dtype`` (0 without an optimizer: no training)."""
        return self._sum([r.gradient_bytes for r in self.layers])

    @cached_property
    def optimizer_bytes(self) -> Any:
        """Bytes of the optimizer's state: its moments, fp32 master weights with ``mixed``, Adam's step counters."""
        for r in self.layers:
            if r.optimizer_bytes is None:
                keeps = "a state by each tensor's size" if self.optimizer in _8BIT else "a step counter for each"
                raise UnsupportedError(
                    f"the parameter tensors of {r.name or r.kind} are not stated in symcount, and {self.optimizer} keeps {keeps}"
                )
        return self._sum([r.optimizer_bytes for r in self.layers])

    def _work(self, what: str, implementation: str = "eager", recompute: str = "", labels: bool | None = None,
              ) -> tuple[list[Work], bool]:
        """The forward pass's rows for the input ``flow``, and whether every size is a number; ``what`` is asked for."""
        assert self.flow is not None
        note = self.network.compute_note
        if note:
            raise UnsupportedError(f"{what} where the forward pass is not stated: {note}")
        if any(isinstance(part, Source) for part in self.network.parts):
            raise UnsupportedError(f"{what} for an encoder-decoder: memory() reads one sequence (seq), and an "
                                   "encoder-decoder's encoder reads another (the cross-attention's cache, the "
                                   "encoder's activations); its compute is stated (flops with source)")
        from .symbols import as_sympy

        numeric = self.numeric and all(type(v) is int for v in (self.flow.batch, self.flow.seq))
        resolve = _same if numeric else as_sympy
        rows: list[Work] = []
        flow = self.flow._replace(implementation=implementation, recompute=recompute, labels=labels)
        for part in self.network.parts:
            try:
                more, flow = part.work(resolve, flow)
            except UnresolvedError as err:
                if "reads an image" in str(err):  # a convolution's: memory() reads sequences (seq), not images
                    raise UnsupportedError(f"{what} for a network that reads images: memory() reads sequences ({err})") from None
                if "(source)" in str(err):  # a cross-attention's memory, which memory() has no size for
                    raise UnsupportedError(f"{what} for a network whose cross-attention reads a memory given with "
                                           f"its input: memory() reads one sequence (seq)") from None
                raise
            rows += [w for w in more if not w.mark]  # where branches part and meet: no tensors
        return rows, numeric

    @cached_property
    def cache(self) -> list[CacheRecord]:
        """One record per row that attends: the positions its cache keeps and their bytes."""
        if self.flow is None or self.optimizer is not None:
            raise OptionError("the key-value cache is for generating after seq positions seen: give seq (and batch), no optimizer")
        if self.cache_dtype is None:
            raise OptionError(f"the key-value cache's dtype: give cache_dtype (the weights are {self.dtype})")
        rows, numeric = self._work("no key-value cache is stated")
        e = DTYPE_BYTES[self.cache_dtype]
        builder = _RecordBuilder(numeric)  # ints where the input's sizes are numbers too, else one flat SymPy sum
        out = []
        for w in rows:
            if w.cache is None:
                raise UnsupportedError(f"the key-value cache of {w.name or w.kind} is not stated in symcount: {w.cache_note}")
            if not w.cache:
                continue
            kept = _kept(w, self.flow.seq, numeric, builder.add)
            per = builder.add([builder.term(t) for t in w.cache])
            out.append(CacheRecord(w.kind, w.name, w.times, kept, e * per * kept))
        return out

    @cached_property
    def activations(self) -> list[ActivationRecord]:
        """One record per row: the tensors a training step keeps for its backward pass, and their bytes.

        As PyTorch keeps them on the CPU for the model's own code (eager
        mode, its ``attn_implementation``): each storage once, parameters,
        the network's input (the token ids) and its output (the logits or
        last hidden states), which the caller holds, not counted.
        A dropout's mask is a tensor of the activations' dtype there (a
        fused GPU kernel keeps a byte per element); a LayerNorm's mean and
        inverse deviation are of it too. A language-model head given labels
        (``labels=True``) computes its loss as Hugging Face's model does, and
        that is in it; a loss computed outside the network is not.
        """
        if self.flow is None or self.optimizer is None:
            raise OptionError("activations are a training step's: give an optimizer and seq (and batch)")
        if self.network.frozen:
            raise UnsupportedError(
                f"the activations with frozen parts ({', '.join(sorted(self.network.frozen))}) are not stated in symcount: "
                "PyTorch keeps fewer tensors where nothing before needs a gradient"
            )
        rows, numeric = self._work("no activations are stated", self.attn_implementation or "eager", self.recompute or "",
                                   self.labels)
        if any(w.data for w in rows) and self.attn_implementation is None:
            raise OptionError(
                "the tensors attention keeps depend on its implementation: give attn_implementation "
                f"({', '.join(map(repr, ATTN_IMPLEMENTATIONS))})"
            )
        e = DTYPE_BYTES[self.dtype]
        size = {"act": e, "fp32": 4, "cast": 0 if e == 4 else e, "int64": 8, "uint8": 1}
        builder = _RecordBuilder(numeric)
        shared: set[tuple[str, str, tuple[Any, ...]]] = set()
        out = []
        group = 0
        for w in rows:
            if w.saved is None:
                why = w.saved_note or unchecked(w.name or w.kind)
                raise UnsupportedError(f"the activations of {w.name or w.kind} are not stated in symcount: {why}")
            saved = w.saved
            if self.recompute == "full" and w.group:
                # A checkpointed block keeps its input (its first row's) and the tensors its call holds, shared ones.
                first, group = w.group != group, w.group
                saved = tuple(t for t in saved if t.shared)
                if first:
                    if w.reads is None:
                        raise UnsupportedError(f"the input of {w.name or w.kind}, which its checkpointed block keeps, is not stated")
                    # Its input, and the random-number generator's state to replay its dropout in the recomputation
                    # (PyTorch's checkpoint keeps it, preserve_rng_state, whether the block drops out or not).
                    saved += (Saved("activation", "act", w.reads), Saved("rng state", "uint8", (RNG_STATE_BYTES,)))
            lead = () if type(w.times) is int and w.times == 1 else (w.times,)
            terms, kept = [], []
            for t in saved:
                if not size[t.dtype]:  # a cast that is no copy (fp32 to fp32): nothing kept
                    continue
                if t.shared:  # one tensor for the whole network: counted (and recorded) where it is first read
                    if (t.shared, t.dtype, t.term) in shared:
                        continue
                    shared.add((t.shared, t.dtype, t.term))
                    terms.append(builder.term((size[t.dtype], *t.term)))
                else:
                    terms.append(builder.term((*lead, size[t.dtype], *t.term)))
                kept.append(t)
            out.append(ActivationRecord(w.kind, w.name, w.times, tuple(kept), builder.add(terms) if terms else 0))
        return out

    @cached_property
    def activation_bytes(self) -> Any:
        """Bytes of the tensors a training step on ``batch`` sequences of ``seq`` keeps for its backward pass."""
        return self._sum([r.bytes for r in self.activations])

    @cached_property
    def training_bytes(self) -> Any:
        """The model states and the activations: what a training step keeps at the start of its backward pass."""
        return self.model_state_bytes + self.activation_bytes

    @cached_property
    def kv_cache_bytes(self) -> Any:
        """Bytes of the key-value cache after ``seq`` positions of ``batch`` sequences, in ``cache_dtype``."""
        return self._sum([r.bytes for r in self.cache])

    @cached_property
    def inference_bytes(self) -> Any:
        """The weights and the key-value cache: what generating ``seq`` positions of ``batch`` sequences keeps."""
        return self.weight_bytes + self.kv_cache_bytes

    @cached_property
    def model_state_bytes(self) -> Any:
        """Weights, gradients and optimizer state together: ZeRO's model states, on one device."""
        return self.weight_bytes + self.gradient_bytes + self.optimizer_bytes

    def per_device(self) -> dict[str, Any]:
        """Each quantity on one of ``devices`` under ZeRO stage ``zero``: a partitioned one is shared out evenly.

        With a training step's activations, each device keeps those of its
        own ``batch`` whole (ZeRO partitions the model states only).

        Stage 1 partitions the optimizer state, stage 2 the gradients too,
        stage 3 the weights too, each split evenly, as the paper models it
        (Rajbhandari et al. 2020, "ZeRO: Memory Optimizations Toward Training
        Trillion Parameter Models", arXiv:1910.02054, section 5.1 and
        Figure 1). A share is rounded up to a whole byte; the rest is held
        whole on every device. An implementation pads its partitions and may
        keep its steps per partition: DeepSpeed's bytes differ by that.
        """
        shared = {"optimizer_bytes": self.zero >= 1, "gradient_bytes": self.zero >= 2, "weight_bytes": self.zero >= 3}
        out = {q: _share(getattr(self, q), self.devices) if part else getattr(self, q) for q, part in shared.items()}
        out = {q: out[q] for q in ("weight_bytes", "gradient_bytes", "optimizer_bytes")}
        out["model_state_bytes"] = out["weight_bytes"] + out["gradient_bytes"] + out["optimizer_bytes"]
        if self.flow is not None and self.optimizer is not None:  # each device trains on its own batch, whole
            out["activation_bytes"] = self.activation_bytes
            out["training_bytes"] = out["model_state_bytes"] + self.activation_bytes
        return out

    def quantity(self, name: str) -> Any:
        """One of the totals by its JSON name (:data:`symcount._options.MEMORY_QUANTITIES`)."""
        check_choice(name, "quantity", MEMORY_QUANTITIES)
        return getattr(self, name)

    # -- rendering -----------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: numbers as ints, formulas as strings, each quantity by its name."""
        from ._display import memory_dict

        return memory_dict(self)

    def to_text(self) -> str:
        """A per-row table and the totals, as plain text."""
        from ._display import memory_text

        return memory_text(self)

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        return f"<Memory of {self.name}: weights {self.weight_bytes} bytes ({self.dtype})>"


class ActivationRecord(NamedTuple):
    """A row's saved tensors: one instance's (see :class:`symcount.layers.Saved`), and the bytes of all of them."""

    kind: str
    name: str
    times: Any
    saved: tuple[Saved, ...]
    bytes: Any


class CacheRecord(NamedTuple):
    """A row's key-value cache: the positions its instances keep, all together, and their bytes."""

    kind: str
    name: str
    times: Any
    positions: Any  # summed over the row's instances
    bytes: Any


def _kept(w: Work, seq: Any, numeric: bool, add: Callable[[list[Any]], Any]) -> Any:
    """The positions all of a row's instances keep after ``seq`` (a sliding window keeps its last ``w - 1``)."""
    def one(window: Any) -> Any:
        if window is None:
            return seq
        if numeric:
            return min(seq, window - 1)
        import sympy

        return sympy.Min(seq, window - 1)

    if isinstance(w.windows, tuple):
        if w.times != len(w.windows):  # a family's windows are one per layer: never spread over another count
            raise UnsupportedError(f"the key-value cache of {w.name or w.kind}: {len(w.windows)} windows for {w.times} layers")
        return add([one(v) for v in w.windows])
    return w.times * one(w.windows)


def _share(value: Any, devices: Any) -> Any:
    """``value`` shared out over ``devices``: each one's part, rounded up to a whole byte."""
    if type(value) is int and type(devices) is int:
        return -(-value // devices)
    import sympy

    return sympy.ceiling((sympy.Integer(value) if type(value) is int else value) / devices)


def memory(
    network: Network,
    *,
    dtype: str = "fp32",
    optimizer: str | None = None,
    mixed: bool = False,
    zero: int = 0,
    devices: object = 1,
    batch: object = "b",
    seq: object = None,
    cache_dtype: str | None = None,
    attn_implementation: str | None = None,
    recompute: str | None = None,
    labels: bool | None = None,
) -> Memory:
    """The model states of ``network`` in bytes: weights, and for training its gradients and optimizer state.

    ``dtype`` is the parameters' (one of :data:`symcount.DTYPE_BYTES`).
    ``optimizer`` None is inference (weights alone); ``"sgd"``,
    ``"momentum"`` (SGD with momentum), ``"adam"`` or ``"adamw"`` a training
    step, as ``torch.optim`` keeps it: parts frozen with ``Network.freeze``
    keep no gradient and no state. ``mixed=True`` keeps 16-bit weights
    (``dtype`` bf16 or fp16) and gradients with fp32 master weights and fp32
    optimizer state. ``zero`` (1 to 3) partitions the states over ``devices``
    (an integer or a symbol name), as ZeRO does: see :meth:`Memory.per_device`.

    With an optimizer, ``seq`` asks for the activations a training step on
    ``batch`` sequences (default the symbol ``b``) of ``seq`` positions keeps
    for its backward pass (:attr:`Memory.activations`), in ``dtype``, as
    PyTorch keeps them on the CPU for the code of a family symcount has
    checked (``symcount._options.ACTIVATION_FAMILIES``), its attention run
    as ``attn_implementation`` says (:data:`ATTN_IMPLEMENTATIONS`). With
    ``mixed``, the passes run on the 16-bit weights, as ZeRO's and
    Megatron's mixed precision run them: the activations are the 16-bit
    model's (autocast, which keeps cast copies of fp32 weights, is another).
    ``recompute="full"`` runs each repeated block (each decoder layer) under
    activation checkpointing, as Hugging Face's
    ``model.gradient_checkpointing_enable()`` does: a block keeps its input,
    and the arguments it was called with stay alive for its recomputation
    (:data:`RECOMPUTE`). The backward pass then recomputes one block's
    tensors at a time, which its peak adds.

    Without an optimizer, ``seq`` asks for the key-value cache of ``batch``
    sequences of ``seq`` positions seen, in
    ``cache_dtype`` (default ``dtype``; to be given for 8-bit weights): as
    Hugging Face's ``DynamicCache`` holds it, each attention layer's keys and
    values per key-value head (a latent attention's latent and rope key), a
    sliding-window layer's last ``window - 1`` positions.

    >>> import symcount
    >>> m = symcount.memory(symcount.mlp([784, 16, 16, 10]), dtype="bf16", optimizer="adamw", mixed=True)
    >>> m.model_state_bytes == 16 * 13002 + 4 * 6   # ZeRO's 16 bytes a parameter, and a step per tensor
    True
    """
    if not isinstance(network, Network):
        raise OptionError(f"network is {shown(network)}: expected a symcount Network, such as symcount.mlp([784, 16, 10])")
    check_choice(dtype, "dtype", DTYPE_BYTES)
    if optimizer is not None:
        check_choice(optimizer, "optimizer", OPTIMIZERS)
        if dtype not in _TRAINING_DTYPES:
            raise OptionError(f"dtype is {dtype!r} with an optimizer: a training step keeps its weights in fp32, bf16 or fp16")
    if type(mixed) is not bool:
        raise OptionError(f"mixed is {shown(mixed)}: expected True or False")
    if optimizer in _8BIT and (mixed or zero):
        raise OptionError(f"{optimizer} with {'mixed=True' if mixed else f'zero={zero}'}: bitsandbytes' 8-bit state is stated "
                          "for the weights' own dtype on one device")
    if mixed and (optimizer is None or dtype not in ("bf16", "fp16")):
        raise OptionError("mixed=True is a training step (give an optimizer) with 16-bit weights (dtype 'bf16' or 'fp16')")
    if type(zero) is not int or zero not in ZERO_STAGES:
        raise OptionError(f"zero is {shown(zero)}: expected a ZeRO stage, 0 (none) to 3")
    if zero and optimizer is None:
        raise OptionError(f"zero={zero} partitions a training step's states: give an optimizer")
    n = check_dim(devices, "devices", rule="a number of devices is a positive integer or a symbol name")
    if type(n) is str:
        if n in network.names:
            raise OptionError(f"{n!r} names a size of the network and the devices at once: choose another name")
        from .symbols import as_sympy

        n = as_sympy(n)
    if zero == 0 and devices != 1:
        raise OptionError(f"devices is {shown(devices)} without ZeRO: each device holds the whole model; give zero=1, 2 or 3")
    if cache_dtype is not None:
        check_choice(cache_dtype, "cache_dtype", DTYPE_BYTES)
    check_dim(batch, "batch", rule="a batch size is a positive integer or a symbol name")
    flow = None
    if labels is not None:
        if type(labels) is not bool:
            raise OptionError(f"labels is {shown(labels)}: expected True or False")
        if optimizer is None or seq is None:
            raise OptionError("labels is for a training step's activations: give an optimizer and seq")
    if recompute is not None:
        check_choice(recompute, "recompute", RECOMPUTE)
        if optimizer is None or seq is None:
            raise OptionError("recompute is for a training step's activations: give an optimizer and seq")
    if attn_implementation is not None:
        check_choice(attn_implementation, "attn_implementation", ATTN_IMPLEMENTATIONS)
        if optimizer is None or seq is None:
            raise OptionError("attn_implementation is for a training step's activations: give an optimizer and seq")
    if seq is not None:
        if optimizer is not None and cache_dtype is not None:
            raise OptionError("cache_dtype with an optimizer: a training step keeps no key-value cache")
        shape = [check_dim(batch, "batch", rule="a batch size is a positive integer or a symbol name"),
                 check_dim(seq, "seq", rule="a sequence length is a positive integer or a symbol name")]
        clash = [v for v in shape if type(v) is str and v in network.names]
        if clash:
            raise OptionError(f"{clash[0]!r} names a size of the network and of its input at once: choose another name")
        if all(type(v) is int for v in shape) and not network.names:
            flow = Flow(shape[0], shape[1])
        else:
            from .symbols import as_sympy

            flow = Flow(as_sympy(shape[0]), as_sympy(shape[1]))
        if cache_dtype is None and dtype in _TRAINING_DTYPES and optimizer is None:
            cache_dtype = dtype
    elif cache_dtype is not None:
        raise OptionError("cache_dtype is the key-value cache's: give seq, the positions it holds")
    return Memory(network, dtype, optimizer, mixed, zero, n, flow, cache_dtype, attn_implementation, recompute, labels)
