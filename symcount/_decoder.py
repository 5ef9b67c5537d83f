"""The decoder-only transformer as one record of options, one builder, and the Hugging Face types it covers.

:class:`Decoder` holds every option the zoo needs (positions, norms and
where they sit, q/k norms, biases per projection, ``head_dim``, GQA and MQA,
MLA, gated or plain MLP, parallel blocks, mixtures of experts and the layers
they replace, tied or untied head); :func:`build` turns one into layers.
Each ``model_type`` is then a small reader from its config fields to a
:class:`Decoder` (see :data:`TYPES`), checked against Hugging Face's own
models built on the meta device (tests/test_zoo.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ._dims import LAYER_LIMIT, shown
from ._family import Family, Fields, over, plus, times
from ._options import ACTIVATION_FAMILIES, ACTIVATIONS
from .errors import OptionError, UnsupportedError
from .layers import (
    Attention,
    Eager,
    Embedding,
    Experts,
    GatedMLP,
    LatentAttention,
    LayerNorm,
    Linear,
    MLP,
    Repeat,
    RMSNorm,
    Router,
    Tied,
)

__all__ = ["Decoder", "MoE", "TYPES", "build"]


@dataclass(frozen=True)
class MoE:
    """A mixture-of-experts feed-forward: ``experts`` of width ``width``, ``top_k`` per token, plus shared experts."""

    experts: Any
    top_k: Any
    width: Any
    shared_width: Any = 0  # the shared experts' total width (DeepSeek: n_shared_experts * width); 0 for none
    shared_gate: bool = False  # Qwen-MoE's sigmoid gate on the shared expert: a d -> 1 projection
    shared_bias: bool = False
    router_bias: bool = False
    expert_bias: bool = False
    gated: bool = True


@dataclass(frozen=True)
class Decoder:
    """A decoder-only transformer's sizes and options (Hugging Face's names in the comments)."""

    vocab: Any  # vocab_size
    width: Any  # hidden_size
    depth: Any  # num_hidden_layers
    heads: Any  # num_attention_heads
    ffn: Any  # intermediate_size
    kv_heads: Any = None  # num_key_value_heads; None: as many as heads
    head_dim: Any = None  # head_dim; None: width / heads
    positions: Any = None  # learned position embeddings: their number (with any offset); None: rotary or none
    norm: str = "rms"  # "rms", "layer", "layer-nobias" or "none" (a LayerNorm without parameters)
    block_norms: int = 2  # norms of the width per block: 1 (parallel), 2 (pre or post), 4 (sandwich)
    qk_norm: str | None = None  # "head" (over head_dim), "all" (over all heads' width) or "per-head" (a norm per head)
    qk_norm_bias: bool = False
    attention_bias: str = ""  # the projections with a bias: "qkvo", "qkv", "o" or ""
    packed_qkv: bool = False  # queries, keys and values in one tensor (GPT-NeoX's query_key_value)
    packed_gate_up: bool = False  # gate and up projections in one tensor (Phi-3's gate_up_proj)
    sinks: bool = False
    mlp: str = "gated"  # "gated" (gate, up, down) or "plain" (up, down)
    mlp_bias: bool = False
    embedding_norm: bool = False
    final_norm: bool = True
    mla: dict[str, Any] | None = None  # LatentAttention's sizes
    moe: MoE | None = None
    moe_layers: tuple[bool, ...] | None = None  # which layers are MoE; None: all when moe is set
    first_dense: Any = 0  # with moe_layers None: the first layers keep a dense MLP (DeepSeek's first_k_dense_replace)
    tie: bool = False
    head_bias: bool = False
    num_labels: Any = 2
    qa_outputs: Any = 2  # the question-answering head's outputs (GPT-J's: num_labels)
    sub_norms: bool = False  # BitNet's norms inside attention (of the width) and the MLP (of its width)
    embed_dim: Any = None  # OPT's word_embed_proj_dim: embeddings of this width, projected in and out
    # The key-value cache: None (every layer keeps every position), a window (every layer keeps the last window - 1),
    # a tuple of those per layer (layer_types), or a str: why it is not stated.
    cache_windows: Any = None
    cache_expanded: bool = False  # the cache holds keys and values broadcast to every query head (Falcon's new architecture)
    # How the layers run in eager mode, for the tensors a training step keeps (a family checked against PyTorch's):
    # a Run; or why they are not stated (a str), or None (a family not checked).
    run: Run | str | None = None


@dataclass(frozen=True)
class Run:
    """What a checked family's modeling code does that decides the tensors its layers keep for backward."""

    activation: str  # the feed-forward's (hidden_act, activation_function)
    probs_dropout: bool = False  # a dropout on attention's probabilities (attention_dropout, attn_pdrop above 0)
    resid_dropout: bool = False  # a dropout after attention's and the feed-forward's outputs (resid_pdrop)
    embd_dropout: bool = False  # a dropout after the embeddings' sum (embd_pdrop)
    llama: bool = False  # Llama's code: RMSNorm in Python (an fp32 upcast), softmax in fp32, rotary tables


def _eager(spec: Decoder, layer: Any, **options: Any) -> Any:
    """``layer``, running as ``spec.run`` says where the family states it (see :class:`symcount.layers.Eager`)."""
    if isinstance(spec.run, Run):
        layer.eager = Eager(**options)
    elif spec.run is not None:
        layer.eager_note = spec.run
    return layer


def _norm_run(spec: Decoder) -> dict[str, Any]:
    return {"rms": "llama"} if isinstance(spec.run, Run) and spec.run.llama and spec.norm == "rms" else {}


def _norm(spec: Decoder, size: Any, bias: bool | None = None) -> Any:
    if spec.norm == "rms":
        return RMSNorm(size)
    if spec.norm == "none":
        return LayerNorm(size, elementwise_affine=False)
    return LayerNorm(size, bias=spec.norm == "layer" if bias is None else bias)


def _feed_forward(spec: Decoder, moe: bool) -> list[Any]:
    d = spec.width
    if not moe or spec.moe is None:
        if spec.mlp == "gated":
            return [GatedMLP(d, spec.ffn, bias=spec.mlp_bias, packed=spec.packed_gate_up).named("mlp")]
        return [MLP(d, spec.ffn, bias=spec.mlp_bias).named("mlp")]
    m = spec.moe
    out: list[Any] = [
        Router(d, m.experts, bias=m.router_bias).named("mlp.router"),
        Experts(d, m.width, m.experts, m.top_k, gated=m.gated, bias=m.expert_bias).named("mlp.experts"),
    ]
    if m.shared_width:
        out.append(GatedMLP(d, m.shared_width, bias=m.shared_bias).named("mlp.shared_expert"))
    if m.shared_gate:
        gate = Linear(d, 1, bias=False) if m.shared_width else _GateBesideEmpty(d, 1, bias=False)
        out.append(gate.named("mlp.shared_expert_gate"))
    return out


class _HeadNorms(LayerNorm):
    """A LayerNorm per head (StableLM's ``qk_layernorm``): as one over all the heads' width, held in a tensor per head."""

    sizes: tuple[str, ...] = ("normalized_shape", "heads")

    def __init__(self, heads: Any, size: Any, bias: bool) -> None:
        super().__init__(size, bias=bias)
        self._set_sizes(heads=heads)

    def _tensors(self, s: dict[str, Any]) -> tuple[Any, Any] | None:
        return s["heads"], s["heads"] if self.bias else 0

    def _sizes(self, s: dict[str, Any], counts: Any) -> Any:
        return None  # a tensor per head: not stated one by one


class _GateBesideEmpty(Linear):
    """Qwen2-MoE's shared-expert gate where the shared expert has no width: Hugging Face still builds the expert's
    gate, up and down projections, as three tensors of no elements (an optimizer keeps a step for each)."""

    def _tensors(self, s: dict[str, Any]) -> tuple[Any, Any] | None:
        return 4, 0

    def _sizes(self, s: dict[str, Any], counts: Any) -> Any:
        return None  # beside three empty tensors: not stated one by one


def _block(spec: Decoder, moe: bool, first: int = 0, count: Any = None) -> list[Any]:
    """One block's layers; its instances are layers ``first`` to ``first + count`` (for the cache's windows)."""
    d = spec.width
    layers: list[Any] = []
    if spec.norm != "none":
        layers += [_eager(spec, _norm(spec, d), **_norm_run(spec)).named(f"norms.{k}") for k in range(1, spec.block_norms + 1)]
    attention: Any
    if spec.mla is not None:
        attention = LatentAttention(d, spec.heads, bias=bool(spec.attention_bias), **spec.mla)
    else:
        attention = Attention(d, spec.heads, spec.kv_heads, head_dim=spec.head_dim, bias=spec.attention_bias,
                              sinks=spec.sinks, packed="qkv" if spec.packed_qkv else "")
    attention.cache_expanded = spec.cache_expanded
    r = spec.run
    if isinstance(r, Run):
        _eager(spec, attention, probs_dropout=r.probs_dropout, dropout=r.resid_dropout, softmax_fp32=r.llama,
               rotary=r.llama)
    else:
        _eager(spec, attention)  # its note, where the family says why it is not stated
    windows = spec.cache_windows
    if isinstance(windows, str):
        attention.cache_note = windows
    elif isinstance(windows, tuple):
        attention.cache_windows = windows[first:first + count] if type(count) is int else windows[first:]
    elif windows is not None:
        attention.cache_windows = windows  # a latent attention's cache slides as any other (DynamicCache)
    layers.append(attention.named("attention"))
    if spec.qk_norm is not None:
        head_dim = spec.head_dim
        if head_dim is None:
            head_dim = over(d, spec.heads, f"the width {d} is not divisible by the {spec.heads} heads")
        kv = spec.heads if spec.kv_heads is None else spec.kv_heads
        q, k = (head_dim, head_dim) if spec.qk_norm == "head" else (times(spec.heads, head_dim), times(kv, head_dim))
        if spec.qk_norm == "per-head":
            layers += [_HeadNorms(spec.heads, q, spec.qk_norm_bias).named("attention.q_norm"),
                       _HeadNorms(kv, k, spec.qk_norm_bias).named("attention.k_norm")]
        else:
            layers += [
                _norm(spec, q, spec.qk_norm_bias).named("attention.q_norm"),
                _norm(spec, k, spec.qk_norm_bias).named("attention.k_norm"),
            ]
    if spec.sub_norms:
        layers += [_norm(spec, d).named("attention.sub_norm"), _norm(spec, spec.ffn).named("mlp.sub_norm")]
    feed_forward = _feed_forward(spec, moe)
    if isinstance(spec.run, Run):
        _eager(spec, feed_forward[0], activation=spec.run.activation, dropout=spec.run.resid_dropout)
    else:
        _eager(spec, feed_forward[0])
    return layers + feed_forward




def _runs(pattern: tuple[bool, ...]) -> list[tuple[bool, int]]:
    runs: list[tuple[bool, int]] = []
    for moe in pattern:
        if runs and runs[-1][0] == moe:
            runs[-1] = (moe, runs[-1][1] + 1)
        else:
            runs.append((moe, 1))
    return runs


def build(spec: Decoder, head: str) -> list[Any]:
    """The layers of ``spec`` under ``head`` (see :data:`symcount._family.HEADS`)."""
    d, vocab = spec.width, spec.vocab
    e = d if spec.embed_dim is None else spec.embed_dim
    embd = isinstance(spec.run, Run) and spec.run.embd_dropout
    layers: list[Any] = [_eager(spec, Embedding(vocab, e), dropout=embd and spec.positions is None).named("embeddings.token")]
    if spec.positions is not None:  # the dropout after the embeddings' sum is stated with the last of them
        layers.append(_eager(spec, Embedding(spec.positions, d), positions=True, dropout=embd).named("embeddings.position"))
    if spec.embed_dim is not None:
        layers.append(Linear(e, d, bias=False).named("embeddings.project_in"))
    if spec.embedding_norm:
        layers.append(_norm(spec, d).named("embeddings.norm"))
    if spec.moe is not None and spec.moe_layers is None and spec.first_dense:
        # A symbolic depth: the first k layers dense, the other L - k sparse.
        layers.append(Repeat(_block(spec, False, 0, spec.first_dense), spec.first_dense, name="dense_blocks"))
        layers.append(Repeat(_block(spec, True, spec.first_dense), plus(spec.depth, -spec.first_dense), name="moe_blocks"))
    elif spec.moe is None or spec.moe_layers is None:
        layers.append(Repeat(_block(spec, spec.moe is not None), spec.depth, name="blocks"))
    else:
        runs = _runs(spec.moe_layers)
        first = 0
        for k, (moe, n) in enumerate(runs):
            name = "blocks" if len(runs) == 1 else f"{'moe' if moe else 'dense'}_blocks" + (
                f".{k + 1}" if sum(1 for m, _ in runs if m == moe) > 1 else ""
            )
            layers.append(Repeat(_block(spec, moe, first, n), n, name=name))
            first += n
    if spec.final_norm and spec.norm != "none":
        layers.append(_eager(spec, _norm(spec, d), **_norm_run(spec)).named("final_norm"))
    if spec.embed_dim is not None:
        layers.append(Linear(d, e, bias=False).named("project_out"))
    if head == "causal-lm":
        lm = _eager(spec, Linear(e, vocab, bias=spec.head_bias), loss=True)
        layers.append((Tied(lm, to="embeddings.token") if spec.tie else lm).named("head"))
    elif head == "sequence-classification":
        layers.append(Linear(e, spec.num_labels, bias=False).named("score"))
    elif head == "token-classification":
        layers.append(Linear(e, spec.num_labels).named("score"))
    elif head == "question-answering":
        layers.append(Linear(e, spec.qa_outputs).named("qa_outputs"))
    elif head != "model":
        raise UnsupportedError(f"a decoder has no {head} head")
    return layers


# -- reading Hugging Face configs --------------------------------------------------------------

_HEADS = {
    "model": "Model",
    "causal-lm": "ForCausalLM",
    "sequence-classification": "ForSequenceClassification",
    "token-classification": "ForTokenClassification",
    "question-answering": "ForQuestionAnswering",
}


def labels(c: Fields, head: str) -> Any:
    """``num_labels`` of a classifier head: the field, else as many as ``id2label`` names, else the class's default.

    The class's default is 2 for most, 3 for BART (symcount/_defaults.py);
    in a family function it stays the symbol ``num_labels``.
    """
    if head not in ("sequence-classification", "token-classification", "image-classification", "question-answering"):
        return 2
    if "num_labels" in c:
        return c.size("num_labels")
    names = c.raw("id2label")
    if isinstance(names, dict) and names:
        return len(names)
    if isinstance(names, dict) and "id2label" in c.data:
        # transformers reads an empty id2label as num_labels 0 (a classifier of no outputs), not its default
        raise OptionError(f"the {c.family} config's id2label is {{}}: a classifier head needs at least one label")
    return c.size("num_labels", 2, symbol=True)


def _sizes(c: Fields) -> dict[str, Any]:
    """The sizes every Llama-like config names alike."""
    heads = c.size("num_attention_heads")
    return dict(
        vocab=c.size("vocab_size"),
        width=c.size("hidden_size"),
        depth=c.size("num_hidden_layers"),
        heads=heads,
        kv_heads=c.size("num_key_value_heads", heads, symbol=True),
        ffn=c.size("intermediate_size"),
    )


def _head_dim(c: Fields, width: Any, heads: Any) -> Any:
    """``head_dim`` where it differs from width / heads; None where it is that (the formula then reads d^2)."""
    h = c.size("head_dim", None, symbol=True)
    if h is None or (type(width) is int and type(heads) is int and h * heads == width):
        return None
    return h


def _tie(c: Fields, head: str, default: bool) -> bool:
    tie = c.flag("tie_word_embeddings", default)
    return tie if head == "causal-lm" else False


def _base(c: Fields, head: str, *, tie: bool = False, **options: Any) -> Decoder:
    """A Llama-like decoder without MLP biases: RMSNorm, SwiGLU, rotary; ``attention_bias`` and ``head_dim`` read."""
    s = _sizes(c)
    spec = Decoder(
        **s,
        head_dim=_head_dim(c, s["width"], s["heads"]),
        attention_bias="qkvo" if c.flag("attention_bias", False) else "",
        tie=_tie(c, head, tie),
        num_labels=labels(c, head),
    )
    return replace(spec, **options)


def llama_like(c: Fields, head: str, *, tie: bool = False, **options: Any) -> Decoder:
    """A Llama-like decoder: :func:`_base` and ``mlp_bias``."""
    return _base(c, head, tie=tie, mlp_bias=c.flag("mlp_bias", False), **options)


def _family(model_type: str, prefix: str, read: Any, irrelevant: tuple[str, ...] = (), heads: str = "mcstq",
            **suffixes: str) -> Family:
    """A decoder family; ``heads`` the letters of the heads Hugging Face has for it (model, causal, s/t/q classifiers)."""
    letters = dict(zip("mcstq", _HEADS))
    chosen = {letters[k]: suffixes.get(letters[k].replace("-", "_"), _HEADS[letters[k]]) for k in heads}

    def build_family(c: Fields, head: str) -> tuple[list[Any], dict[str, Any]]:
        spec = replace(read(c, head), cache_windows=_cache_windows(c, model_type))
        if model_type in ACTIVATION_FAMILIES:
            run = _run(c, model_type) if head in ("model", "causal-lm") else f"the {model_type} {head} head's tensors are not stated"
            spec = replace(spec, run=run)
        return build(spec, head), c.given()

    return Family(
        model_type, prefix, build_family, chosen,
        frozenset(irrelevant) | {"max_position_embeddings", "layer_types", "use_sliding_window", "sliding_window",
                                 "add_cross_attention", "is_decoder", "cross_attention_hidden_size"},
        computes=True,  # every decoder family's forward and backward checked against PyTorch's counter (tests/test_compute.py)
    )


def _run(c: Fields, model_type: str) -> Run | str:
    """How a checked family's layers run, from its config; or why a field makes them run in a way not stated."""
    if model_type == "gpt2":
        if c.raw("reorder_and_upcast_attn", False) is not False:
            return f"gpt2 reorder_and_upcast_attn is {shown(c.raw('reorder_and_upcast_attn'))}: its attention keeps other tensors"
        names = ("activation_function", "attn_pdrop", "resid_pdrop", "embd_pdrop")
    else:
        partial = c.raw("partial_rotary_factor", 1.0)
        rope = c.raw("rope_parameters", None) or c.raw("rope_scaling", None)
        if isinstance(rope, dict) and "partial_rotary_factor" in rope:
            partial = rope["partial_rotary_factor"]
        if partial != 1.0:
            return f"{model_type} partial_rotary_factor is {shown(partial)}: its rotary tables are stated for 1.0"
        if c.raw("pretraining_tp", 1) != 1:
            return f"{model_type} pretraining_tp is {shown(c.raw('pretraining_tp'))}: its tensors are stated for 1"
        names = ("hidden_act", "attention_dropout", "", "")
    activation = c.raw(names[0], None)
    if type(activation) is not str or activation not in ACTIVATIONS:
        return f"{model_type} {names[0]} is {shown(activation)}: symcount states the tensors of {', '.join(ACTIVATIONS)}"
    drops = []
    for name in names[1:]:
        p = c.raw(name, 0.0) if name else 0.0
        if type(p) not in (int, float) or not 0 <= p < 1:
            return f"{model_type} {name} is {shown(p)}: a dropout's probability is stated from 0 up to (not including) 1"
        drops.append(p > 0)
    return Run(activation, drops[0], drops[1], drops[2], llama=model_type != "gpt2")


#: The types whose config class fills in ``layer_types`` where a config leaves it out, each by a rule of its own
#: (alternating, every n-th, from max_window_layers): a config that leaves it out does not say which layers slide.
LISTS_LAYER_TYPES = frozenset({
    "cohere2", "cwm", "exaone4", "gemma2", "gemma3_text", "gpt_oss", "olmo3", "qwen2", "qwen2_moe", "qwen3", "smollm3",
    "vaultgemma",
})


#: The types whose config class reads ``use_sliding_window`` (a window only where it is true).
USES_SLIDING_FLAG = frozenset({"qwen2", "qwen2_moe", "qwen3", "qwen3_moe", "smollm3"})


def _cache_windows(c: Fields, model_type: str) -> Any:
    """Which positions each layer's key-value cache keeps, as Hugging Face's ``DynamicCache`` decides it.

    From ``layer_types`` where the config lists it (``sliding_attention``
    layers keep the last ``sliding_window - 1`` positions); else, for a type
    whose config class does not fill it in, every layer slides where the
    config has a ``sliding_window`` (and no ``use_sliding_window: false``).
    A str is why the cache is not stated.
    """
    data = c.data
    flag = model_type in USES_SLIDING_FLAG  # elsewhere use_sliding_window is a stray attribute that nothing reads
    if data.get("use_bidirectional_attention"):  # Gemma 3 as an encoder: its config keeps the window halved, plus one
        return f"{model_type} with use_bidirectional_attention (an encoder: its cache's window is not the config's)"
    use = data.get("use_sliding_window", c.defaults.get("use_sliding_window")) if flag else None
    window = data.get("sliding_window", c.defaults.get("sliding_window")) if use is not False else None
    types = data.get("layer_types")
    if types is None:
        if model_type in LISTS_LAYER_TYPES and use is not False:
            return f"{model_type} without layer_types (its config class decides which layers slide, by a rule of its own)"
        return None if window is None else _window(window, model_type)
    depth = data.get("num_hidden_layers", c.defaults.get("num_hidden_layers"))
    if not isinstance(types, list) or len(types) != depth:
        return f"{model_type} layer_types {shown(types)}, not one per layer"
    out: list[Any] = []
    for kind in types:
        if kind == "full_attention":
            out.append(None)
        elif kind == "sliding_attention" and window is not None:
            w = _window(window, model_type)
            if isinstance(w, str):
                return w
            out.append(w)
        else:
            return f"{model_type} layer type {shown(kind)}" + (" without a sliding_window" if kind == "sliding_attention" else "")
    return tuple(out) if any(w is not None for w in out) else None


def _window(value: Any, model_type: str) -> Any:
    if type(value) is not int or value < 2:
        return f"{model_type} sliding_window {shown(value)} (a window keeps its last sliding_window - 1 positions)"
    return value


# Per type: the reader. Fields a reader does not read are refused unless listed as irrelevant.


def _llama(c: Fields, head: str) -> Decoder:
    return llama_like(c, head)


def _mistral(c: Fields, head: str) -> Decoder:
    s = _sizes(c)
    return Decoder(**s, head_dim=_head_dim(c, s["width"], s["heads"]), tie=_tie(c, head, False), num_labels=labels(c, head))


def _qwen2(c: Fields, head: str) -> Decoder:
    return replace(_mistral(c, head), attention_bias="qkv")


def _qwen3(c: Fields, head: str) -> Decoder:
    return _base(c, head, qk_norm="head")


def _mixtral(c: Fields, head: str) -> Decoder:
    spec = _mistral(c, head)
    return replace(spec, moe=MoE(_experts(c, "num_local_experts"), _top_k(c), spec.ffn))


def _listed_depth(c: Fields, depth: int) -> int:
    """A depth whose layers are listed one by one (a per-layer pattern): at most LAYER_LIMIT."""
    if depth > LAYER_LIMIT:
        raise OptionError(f"{c.family} num_hidden_layers is {shown(depth)}: a model whose layers differ lists at most {LAYER_LIMIT:,}")
    return depth


def _moe_pattern(c: Fields, depth: Any, every: str, only: str) -> tuple[bool, ...] | None:
    """Qwen-MoE's layers: every ``decoder_sparse_step``-th is sparse, except those in ``mlp_only_layers``."""
    step = c.size(every, 1)
    dense = c.raw(only, []) or []
    if not isinstance(dense, list) or not all(type(i) is int for i in dense):
        raise OptionError(f"{c.family} {only} is {shown(dense)}: expected a list of layer numbers")
    if step == 1 and not dense:
        return None
    if type(depth) is not int:
        raise UnsupportedError(f"{c.family} {every} and {only} need a number of layers, not the symbol {depth}")
    return tuple(i not in dense and (i + 1) % step == 0 for i in range(_listed_depth(c, depth)))


def _qwen2_moe(c: Fields, head: str) -> Decoder:
    spec = _qwen2(c, head)
    spec = replace(spec, attention_bias="qkv" if c.flag("qkv_bias", True) else "")
    moe = MoE(
        _experts(c, "num_experts", "num_local_experts"), _top_k(c), c.size("moe_intermediate_size"),
        shared_width=c.size("shared_expert_intermediate_size", zero=True), shared_gate=True,
    )
    # The shared expert's gate is built even when the shared expert has no width.
    c.flag("norm_topk_prob", False)
    return replace(spec, moe=moe, moe_layers=_moe_pattern(c, spec.depth, "decoder_sparse_step", "mlp_only_layers"))


def _experts(c: Fields, *names: str) -> Any:
    """The number of experts, under whichever of its names the config uses (all that are written must agree).

    A name the config writes wins over another name's default: transformers 5 saves Qwen3-MoE's
    ``num_experts`` as ``num_local_experts`` alone, and the class's default of 128 is then not the count.
    """
    written = [n for n in names if n in c.data]
    given = {c.size(n, None, symbol=True) for n in written or [n for n in names if n in c.defaults]} - {None}
    if len(given) > 1:
        raise OptionError(f"{c.family} {' and '.join(names)} differ: {shown(sorted(map(str, given)))}")
    return given.pop() if given else c.size(names[0])


def _top_k(c: Fields) -> Any:
    """Experts per token; a config may leave it out (the count does not need it, only the active count does)."""
    return c.size("num_experts_per_tok", "num_experts_per_tok" if c.symbolic else None, symbol=True)


def _qwen3_moe(c: Fields, head: str) -> Decoder:
    spec = _qwen3(c, head)
    moe = MoE(_experts(c, "num_experts", "num_local_experts"), _top_k(c), c.size("moe_intermediate_size"))
    c.flag("norm_topk_prob", True)
    return replace(spec, moe=moe, moe_layers=_moe_pattern(c, spec.depth, "decoder_sparse_step", "mlp_only_layers"))


def _gemma(c: Fields, head: str) -> Decoder:
    return _base(c, head, tie=True)


def _gemma2(c: Fields, head: str) -> Decoder:
    return replace(_gemma(c, head), block_norms=4)


def _gemma3(c: Fields, head: str) -> Decoder:
    return replace(_gemma(c, head), block_norms=4, qk_norm="head")


def _olmo(c: Fields, head: str) -> Decoder:
    spec = llama_like(c, head, norm="none")
    c.absent("clip_qkv")
    return spec


def _olmo2(c: Fields, head: str) -> Decoder:
    return llama_like(c, head, qk_norm="all")


def _olmo3(c: Fields, head: str) -> Decoder:
    return llama_like(c, head, qk_norm="all")


def _phi3(c: Fields, head: str) -> Decoder:
    return replace(_mistral(c, head), packed_qkv=True, packed_gate_up=True)


def _phi(c: Fields, head: str) -> Decoder:
    s = _sizes(c)
    if c.flag("qk_layernorm", False):
        qk = "head"
    else:
        qk = None
    return Decoder(
        **s, norm="layer", block_norms=1, attention_bias="qkvo", mlp="plain", mlp_bias=True, qk_norm=qk,
        qk_norm_bias=True, tie=_tie(c, head, False), head_bias=True, num_labels=labels(c, head),
    )


def _starcoder2(c: Fields, head: str) -> Decoder:
    s = _sizes(c)
    bias = c.flag("use_bias", True)
    return Decoder(
        **s, norm="layer", attention_bias="qkvo" if bias else "", mlp="plain", mlp_bias=bias,
        tie=_tie(c, head, True), num_labels=labels(c, head),
    )


def _stablelm(c: Fields, head: str) -> Decoder:
    s = _sizes(c)
    parallel = c.flag("use_parallel_residual", False)
    return Decoder(
        **s, norm="layer", block_norms=1 if parallel else 2, attention_bias="qkv" if c.flag("use_qkv_bias", False) else "",
        qk_norm="per-head" if c.flag("qk_layernorm", False) else None, qk_norm_bias=False,
        tie=_tie(c, head, False), num_labels=labels(c, head),
    )


def _cohere(c: Fields, head: str) -> Decoder:
    s = _sizes(c)
    if c.flag("use_qk_norm", False):
        raise UnsupportedError(f"{c.family} use_qk_norm is true: symcount cannot count it yet")
    return Decoder(
        **s, head_dim=_head_dim(c, s["width"], s["heads"]), norm="layer-nobias", block_norms=1, attention_bias="qkvo" if c.flag("attention_bias", False) else "",
        tie=_tie(c, head, True), num_labels=labels(c, head),
    )


def _granite(c: Fields, head: str) -> Decoder:
    return llama_like(c, head, tie=False)


def _deepseek(c: Fields, head: str, v3: bool) -> Decoder:
    vocab, width, depth = c.size("vocab_size"), c.size("hidden_size"), c.size("num_hidden_layers")
    heads = c.size("num_attention_heads")
    c.size("num_key_value_heads", heads)  # read by MLA's grouping only: no tensor depends on it
    mla = dict(
        q_lora_rank=c.size("q_lora_rank", None, symbol=True), kv_lora_rank=c.size("kv_lora_rank"),
        qk_nope_head_dim=c.size("qk_nope_head_dim"), qk_rope_head_dim=c.size("qk_rope_head_dim"),
        v_head_dim=c.size("v_head_dim"),
    )
    width_e = c.size("moe_intermediate_size")
    shared = c.size("n_shared_experts", 0, zero=True, symbol=True)
    experts = c.size("n_routed_experts")
    mlp_bias = c.flag("mlp_bias", False) if not v3 else False
    moe = MoE(experts, _top_k(c), width_e, shared_width=times(shared, width_e) if shared else 0, shared_bias=mlp_bias)
    first = c.size("first_k_dense_replace", 0, zero=True)
    freq = c.size("moe_layer_freq", 1)
    first_dense = 0
    if type(depth) is int:
        pattern: tuple[bool, ...] | None = tuple(i >= first and i % freq == 0 for i in range(_listed_depth(c, depth)))
    elif freq == 1:
        pattern, first_dense = None, first
    else:
        raise UnsupportedError(f"{c.family} first_k_dense_replace needs a number of layers, not the symbol {depth}")
    return Decoder(
        vocab=vocab, width=width, depth=depth, heads=heads, ffn=c.size("intermediate_size"), mla=mla,
        attention_bias="qkvo" if c.flag("attention_bias", False) else "",
        moe=moe, moe_layers=pattern, first_dense=first_dense, mlp_bias=mlp_bias, tie=_tie(c, head, False), num_labels=labels(c, head),
    )


def _gpt_oss(c: Fields, head: str) -> Decoder:
    s = _sizes(c)
    ffn = s["ffn"]
    moe = MoE(_experts(c, "num_local_experts"), _top_k(c), ffn, router_bias=True, expert_bias=True)
    return Decoder(
        **s, head_dim=_head_dim(c, s["width"], s["heads"]), attention_bias="qkvo" if c.flag("attention_bias", True) else "",
        sinks=True, moe=moe, tie=_tie(c, head, False), num_labels=labels(c, head),
    )


def _gpt2(c: Fields, head: str) -> Decoder:
    d = c.size("n_embd")
    c.absent("add_cross_attention", False)
    # GPT2Config maps max_position_embeddings onto n_positions (its attribute_map): where given, it wins.
    if "max_position_embeddings" in c:
        positions = c.size("max_position_embeddings")
        c.read.add("n_positions")  # overridden by the alias, as transformers does
    else:
        positions = c.size("n_positions")
    return Decoder(
        vocab=c.size("vocab_size"), width=d, depth=c.size("n_layer"), heads=c.size("n_head"),
        ffn=c.size("n_inner", times(4, d)), positions=positions, norm="layer", attention_bias="qkvo",
        mlp="plain", mlp_bias=True, tie=_tie(c, head, True), num_labels=labels(c, head), packed_qkv=True,
    )


def _falcon(c: Fields, head: str) -> Decoder:
    d, heads = c.size("hidden_size"), c.size("num_attention_heads")
    new = c.flag("new_decoder_architecture", False)
    multi_query = c.flag("multi_query", True)
    given_kv = c.size("num_kv_heads", heads)  # used by the new architecture only
    kv = given_kv if new else 1 if multi_query else heads
    parallel = c.flag("parallel_attn", True)
    n_ln = c.size("num_ln_in_parallel_attn", 2 if new else None)
    norms = 2 if not parallel or n_ln == 2 else 1
    bias = c.flag("bias", False)
    c.flag("alibi", False)  # positions by ALiBi or rotary: no parameters either way
    return Decoder(
        vocab=c.size("vocab_size"), width=d, depth=c.size("num_hidden_layers"), heads=heads, kv_heads=kv,
        ffn=c.size("ffn_hidden_size", times(4, d)), norm="layer", block_norms=norms,
        attention_bias="qkvo" if bias else "", mlp="plain", mlp_bias=bias, tie=_tie(c, head, True),
        num_labels=labels(c, head), packed_qkv=True, cache_expanded=new,  # new: keys and values broadcast, then cached
    )


def _gpt_neox(c: Fields, head: str) -> Decoder:
    s = _sizes(c)
    c.flag("use_parallel_residual", True)  # parallel or not, two LayerNorms per block
    bias = c.flag("attention_bias", True)
    return Decoder(
        **s, norm="layer", attention_bias="qkvo" if bias else "", mlp="plain", mlp_bias=True,
        tie=_tie(c, head, False), num_labels=labels(c, head), packed_qkv=True,
    )


def _gptj(c: Fields, head: str) -> Decoder:
    d = c.size("n_embd")
    return Decoder(
        vocab=c.size("vocab_size"), width=d, depth=c.size("n_layer"), heads=c.size("n_head"),
        ffn=c.size("n_inner", times(4, d)), norm="layer", block_norms=1, mlp="plain", mlp_bias=True,
        tie=_tie(c, head, False), head_bias=True, num_labels=labels(c, head), qa_outputs=labels(c, head),
    )


def _opt(c: Fields, head: str) -> Decoder:
    d = c.size("hidden_size")
    e = c.size("word_embed_proj_dim", d)
    bias = c.flag("enable_bias", True)
    affine = c.flag("layer_norm_elementwise_affine", True)
    before, removed = c.flag("do_layer_norm_before", True), c.flag("_remove_final_layer_norm", False)
    final = before and not removed
    return Decoder(
        vocab=c.size("vocab_size"), width=d, depth=c.size("num_hidden_layers"), heads=c.size("num_attention_heads"),
        ffn=c.size("ffn_dim"), positions=plus(c.size("max_position_embeddings"), 2),  # OPT's positions start at 2
        norm="layer" if affine else "none", attention_bias="qkvo" if bias else "", mlp="plain", mlp_bias=bias,
        final_norm=final, embed_dim=None if e == d else e, tie=_tie(c, head, True), num_labels=labels(c, head),
    )


def _bloom(c: Fields, head: str) -> Decoder:
    d = c.size("hidden_size")
    return Decoder(
        vocab=c.size("vocab_size"), width=d, depth=c.size("n_layer"), heads=c.size("n_head"), ffn=times(4, d),
        norm="layer", attention_bias="qkvo", mlp="plain", mlp_bias=True, embedding_norm=True,
        tie=_tie(c, head, True), num_labels=labels(c, head), packed_qkv=True,
    )




def _helium(c: Fields, head: str) -> Decoder:
    spec = llama_like(c, head)
    if c.symbolic and "head_dim" not in c.data:
        spec = replace(spec, head_dim=None)  # a formula: the heads' width is hidden / heads
    if spec.head_dim is not None:  # its output projection stays hidden x hidden whatever the heads' width
        raise UnsupportedError(f"helium head_dim is {spec.head_dim}, not hidden_size / num_attention_heads: symcount cannot count it")
    return replace(spec, attention_bias="qkv" if spec.attention_bias else "")  # its output projection has no bias


def _cwm(c: Fields, head: str) -> Decoder:
    return replace(_mistral(c, head), mlp_bias=c.flag("mlp_bias", False))


def _ernie4_5(c: Fields, head: str) -> Decoder:
    bias = c.flag("use_bias", False)
    return replace(_mistral(c, head), attention_bias="qkvo" if bias else "", mlp_bias=bias)


def _vaultgemma(c: Fields, head: str) -> Decoder:
    return _gemma(c, head)  # two norms a block: input and pre-feed-forward


def _olmoe(c: Fields, head: str) -> Decoder:
    spec = llama_like(c, head, qk_norm="all")
    c.absent("clip_qkv")
    moe = MoE(_experts(c, "num_experts", "num_local_experts"), _top_k(c), spec.ffn)
    return replace(spec, moe=moe)


def _granitemoe(c: Fields, head: str) -> Decoder:
    spec = _granite(c, head)
    return replace(spec, moe=MoE(_experts(c, "num_local_experts"), _top_k(c), spec.ffn))


def _glm(c: Fields, head: str) -> Decoder:
    return replace(_helium_like(c, head), packed_gate_up=True)


def _glm4(c: Fields, head: str) -> Decoder:
    return replace(_helium_like(c, head), block_norms=4, packed_gate_up=True)


def _helium_like(c: Fields, head: str) -> Decoder:
    """Biases on q, k and v (``attention_bias``), none on the output projection."""
    spec = llama_like(c, head)
    return replace(spec, attention_bias="qkv" if spec.attention_bias else "")


def _arcee(c: Fields, head: str) -> Decoder:
    return llama_like(c, head, mlp="plain")


def _seed_oss(c: Fields, head: str) -> Decoder:
    spec = llama_like(c, head)
    bias = ("qkv" if spec.attention_bias else "") + ("o" if c.flag("attention_out_bias", False) else "")
    return replace(spec, attention_bias=bias)


def _exaone4(c: Fields, head: str) -> Decoder:
    return replace(_mistral(c, head), qk_norm="head")


def _bitnet(c: Fields, head: str) -> Decoder:
    return llama_like(c, head, sub_norms=True)


def _jais2(c: Fields, head: str) -> Decoder:
    return llama_like(c, head, norm="layer", mlp="plain")


# Routing choices change which experts run, not how many tensors there are. The multi-token-prediction
# layers (num_nextn_predict_layers) are not part of Hugging Face's model, nor of the published 671B;
# qk_head_dim and head_dim are derived from the rope and no-rope head dims.
_DEEPSEEK = (
    "routed_scaling_factor", "topk_method", "n_group", "topk_group", "norm_topk_prob", "scoring_func", "ep_size",
    "rope_interleave", "num_nextn_predict_layers", "qk_head_dim", "head_dim",
)
TYPES: dict[str, Family] = {
    f.model_type: f
    for f in (
        _family("llama", "Llama", _llama),
        _family("mistral", "Mistral", _mistral),
        _family("mixtral", "Mixtral", _mixtral),
        _family("qwen2", "Qwen2", _qwen2),
        _family("qwen2_moe", "Qwen2Moe", _qwen2_moe),
        _family("qwen3", "Qwen3", _qwen3),
        _family("qwen3_moe", "Qwen3Moe", _qwen3_moe),
        _family("gemma", "Gemma", _gemma, ("use_bidirectional_attention",), "mcst"),
        _family("gemma2", "Gemma2", _gemma2, ("use_bidirectional_attention", "query_pre_attn_scalar", "final_logit_softcapping", "attn_logit_softcapping", "cache_implementation"), "mcst"),
        _family("gemma3_text", "Gemma3", _gemma3, ("query_pre_attn_scalar", "final_logit_softcapping", "attn_logit_softcapping", "cache_implementation", "rope_local_base_freq", "sliding_window_pattern", "_sliding_window_pattern", "use_bidirectional_attention"), "mcs", model="TextModel", sequence_classification="TextForSequenceClassification"),
        _family("phi", "Phi", _phi, heads="mcst"),
        _family("phi3", "Phi3", _phi3, ("original_max_position_embeddings",), "mcst"),
        _family("olmo", "Olmo", _olmo, heads="mcs"),
        _family("olmo2", "Olmo2", _olmo2, heads="mcs"),
        _family("olmo3", "Olmo3", _olmo3, heads="mcs"),
        _family("starcoder2", "Starcoder2", _starcoder2, ("residual_dropout", "embedding_dropout", "norm_epsilon"), "mcst"),
        _family("stablelm", "StableLm", _stablelm, heads="mcst"),
        _family("cohere", "Cohere", _cohere, ("logit_scale",), "mc"),
        _family("granite", "Granite", _granite, ("embedding_multiplier", "logits_scaling", "residual_multiplier", "attention_multiplier"), "mc"),
        _family("deepseek_v2", "DeepseekV2", lambda c, h: _deepseek(c, h, False), _DEEPSEEK, "mcs"),
        _family("deepseek_v3", "DeepseekV3", lambda c, h: _deepseek(c, h, True), _DEEPSEEK, "mcst"),
        _family("gpt2", "GPT2", _gpt2, ("n_ctx", "scale_attn_by_inverse_layer_idx", "reorder_and_upcast_attn", "summary_type", "summary_use_proj", "summary_activation", "summary_proj_to_labels", "summary_first_dropout"), causal_lm="LMHeadModel"),
        _family("falcon", "Falcon", _falcon, ("activation", "num_kv_heads_per_group")),
        _family("gpt_neox", "GPTNeoX", _gpt_neox),
        _family("gptj", "GPTJ", _gptj, ("n_positions",), "mcsq"),
        _family("opt", "OPT", _opt, ("layerdrop", "init_std"), "mcsq"),
        _family("bloom", "Bloom", _bloom, ("apply_residual_connection_post_layernorm", "slow_but_exact", "n_inner"), "mcstq"),
        _family("helium", "Helium", _helium, heads="mcst"),
        _family("ministral3", "Ministral3", _mistral),
        _family("cwm", "Cwm", _cwm, heads="mc"),
        _family("smollm3", "SmolLM3", _llama, ("no_rope_layers", "no_rope_layer_interval")),
        _family("ernie4_5", "Ernie4_5", _ernie4_5, heads="mc"),
        _family("vaultgemma", "VaultGemma", _vaultgemma, ("query_pre_attn_scalar", "final_logit_softcapping", "attn_logit_softcapping"), "mc"),
        _family("olmoe", "Olmoe", _olmoe, ("norm_topk_prob",), "mc"),
        _family("granitemoe", "GraniteMoe", _granitemoe, ("embedding_multiplier", "logits_scaling", "residual_multiplier", "attention_multiplier"), "mc"),
        _family("glm", "Glm", _glm, heads="mcst"),
        _family("glm4", "Glm4", _glm4, heads="mcst"),
        _family("arcee", "Arcee", _arcee),
        _family("seed_oss", "SeedOss", _seed_oss, ("residual_dropout",)),
        _family("exaone4", "Exaone4", _exaone4, ("sliding_window_pattern",)),
        _family("cohere2", "Cohere2", _cohere, ("logit_scale",), "mc"),
        _family("bitnet", "BitNet", _bitnet, heads="mc"),
        _family("jais2", "Jais2", _jais2, heads="mc"),
        _family("gpt_oss", "GptOss", _gpt_oss, ("swiglu_limit", "swiglu_alpha"), "mcst"),
    )
}
