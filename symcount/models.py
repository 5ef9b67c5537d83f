"""Ready-made model families, as formulas in their hyperparameters.

Keyword names are those of the Hugging Face ``config.json`` fields. A size
left out stays a symbol of that name, so each family is also its general
formula; :func:`from_config` reads a ``config.json`` without downloading or
building anything.

>>> from symcount import models
>>> models.gpt2(vocab_size=50257, n_positions=1024, n_embd=768, n_layer=12, n_head=12).count()
124439808
>>> models.gpt2().total
12*n_embd**2*n_layer + 13*n_embd*n_layer + n_embd*n_positions + n_embd*vocab_size + 2*n_embd
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ._dims import Dim, check_choice, check_dim, read_int, shown
from ._files import CONFIG_LIMIT, read_text
from ._family import HEADS, Family, Fields, times
from .errors import OptionError, UnsupportedError
from .layers import (
    AdaptivePool,
    Attention,
    BatchNorm,
    Conv,
    Eager,
    Embedding,
    Flatten,
    GatedMLP,
    LayerNorm,
    Linear,
    MultiheadAttention,
    Pool,
    Repeat,
    Residual,
    RMSNorm,
    Tied,
)
from .network import Network

__all__ = ["FAMILIES", "HEADS", "bert", "family", "from_config", "gpt2", "llama", "resnet", "vgg", "zoo"]


def _sizes(family: str, given: Mapping[str, object], names: tuple[str, ...]) -> dict[str, Dim]:
    """Each size given (checked) or, left out, the symbol of its name; an unknown keyword is an error."""
    unknown = sorted(set(given) - set(names))
    if unknown:
        raise OptionError(f"{family} has no field {unknown[0]!r}; its fields are {', '.join(names)}")
    return {n: check_dim(given[n], f"{family} {n}") if given.get(n) is not None else n for n in names}


#: What each size field means, for legends, and the symbol papers write for it (Kaplan et al. 2020
#: and the transformer papers: V, P, d or d_model, L, n_h, d_ff; n_kv for key-value heads).
FIELDS: dict[str, tuple[str, str]] = {
    "vocab_size": ("V", "the vocabulary size"),
    "n_positions": ("P", "the number of positions"),
    "max_position_embeddings": ("P", "the number of positions"),
    "type_vocab_size": ("T", "the number of token types"),
    "n_embd": ("d", "the width"),
    "hidden_size": ("d", "the width"),
    "n_layer": ("L", "the number of layers"),
    "num_hidden_layers": ("L", "the number of layers"),
    "n_head": ("n_h", "the number of heads"),
    "num_attention_heads": ("n_h", "the number of heads"),
    "num_key_value_heads": ("n_kv", "the number of key-value heads"),
    "n_inner": ("d_ff", "the feed-forward width"),
    "intermediate_size": ("d_ff", "the feed-forward width"),
    "num_classes": ("K", "the number of classes"),
    "head_dim": ("d_h", "the width of a head"),
    "num_local_experts": ("E", "the number of experts"),
    "num_experts": ("E", "the number of experts"),
    "n_routed_experts": ("E", "the number of routed experts"),
    "num_experts_per_tok": ("k", "the experts each token uses"),
    "moe_intermediate_size": ("d_e", "an expert's width"),
    "n_shared_experts": ("E_s", "the number of shared experts"),
    "shared_expert_intermediate_size": ("d_s", "the shared expert's width"),
    "kv_lora_rank": ("d_c", "the key-value latent width"),
    "q_lora_rank": ("d_q", "the query latent width"),
    "qk_nope_head_dim": ("d_n", "a head's width without rotary positions"),
    "qk_rope_head_dim": ("d_r", "a head's width with rotary positions"),
    "v_head_dim": ("d_v", "a value head's width"),
    "embedding_size": ("e", "the embedding width"),
    "d_model": ("d", "the width"),
    "d_ff": ("d_ff", "the feed-forward width"),
    "num_layers": ("L", "the number of layers"),
    "num_heads": ("n_h", "the number of heads"),
    "d_kv": ("d_kv", "a head's width"),
    "relative_attention_num_buckets": ("B", "the number of relative position buckets"),
    "num_decoder_layers": ("L_dec", "the number of decoder layers"),
    "encoder_layers": ("L_enc", "the number of encoder layers"),
    "decoder_layers": ("L_dec", "the number of decoder layers"),
    "encoder_ffn_dim": ("f_enc", "the encoder's feed-forward width"),
    "decoder_ffn_dim": ("f_dec", "the decoder's feed-forward width"),
    "image_size": ("S", "the image side"),
    "patch_size": ("p", "the patch side"),
    "num_channels": ("C", "the number of image channels"),
    "state_size": ("N", "the state width"),
    "width": ("w", "the first stage's width"),
}


def _network(layers: list[Any], name: str, sizes: Mapping[str, Any], compute_note: str | None = None) -> Network:
    """A family's network, its legend and paper symbols taken from :data:`FIELDS`.

    ``sizes`` maps each field to its size: a size left as a symbol (the
    field's own name, or one the caller chose) is described in the legend; one
    called by the field's name gets the paper symbol on request.
    """
    # A size no entry describes is described by its config field (a legend never leaves a symbol unsaid).
    legend = {
        v: FIELDS[f][1] if f in FIELDS else f"the config field {f.replace('_', ' ')}"
        for f, v in sizes.items() if isinstance(v, str)
    }
    paper = {f: FIELDS[f][0] for f, v in sizes.items() if f in FIELDS and v == f}
    if compute_note:  # on the parts too: a network rebuilt from them (Network(net.parts)) still refuses
        for layer in layers:
            layer.compute_note = compute_note
    return Network(layers, name=name, legend=legend, paper=paper, compute_note=compute_note)


def gpt2(**config: object) -> Network:
    """GPT-2 (``GPT2LMHeadModel``): learned positions, LayerNorm, biases, head tied to the token embedding.

    Fields: ``vocab_size``, ``n_positions``, ``n_embd``, ``n_layer``, ``n_head``,
    ``n_inner`` (default ``4 * n_embd``), ``tie_word_embeddings`` (default True).

    >>> gpt2(vocab_size=50257, n_positions=1024, n_embd=1024, n_layer=24, n_head=16).count()  # GPT-2 medium
    354823168
    """
    tie = config.pop("tie_word_embeddings", True)
    if not isinstance(tie, bool):
        raise OptionError(f"gpt2 tie_word_embeddings is {shown(tie)}: expected true or false")
    s = _sizes("gpt2", config, ("vocab_size", "n_positions", "n_embd", "n_layer", "n_head", "n_inner"))
    d = s["n_embd"]
    inner = s["n_inner"] if config.get("n_inner") is not None else times(4, d)
    heads = s["n_head"] if config.get("n_head") is not None else 1  # heads change no count
    head = Linear(d, s["vocab_size"], bias=False)
    attention = MultiheadAttention(d, heads)
    # Its count alone: the activation between mlp.up and mlp.down is not said, so no tensors kept for backward.
    note = ("models.gpt2() is GPT-2's count, which does not say its activation function: read GPT-2 as a family "
            "(models.family('gpt2', ...), or from its config) for its activations")
    attention.caches = True  # GPT-2's attention caches its keys and values (of every head), as Hugging Face's does
    block = [
        LayerNorm(d).named("norms.1"),
        attention.named("attention"),
        LayerNorm(d).named("norms.2"),
        Linear(d, inner).named("mlp.up"),
        Linear(inner, d).named("mlp.down"),
    ]
    layers: list[Any] = [
        Embedding(s["vocab_size"], d).named("embeddings.token"),
        Embedding(s["n_positions"], d).named("embeddings.position"),
        Repeat(block, s["n_layer"], name="blocks"),
        LayerNorm(d).named("final_norm"),
        (Tied(head, to="embeddings.token") if tie else head).named("head"),
    ]
    for layer in [*block, *layers]:
        layer.eager_note = note
    return _network(layers, "gpt2", s)


def _encoder_attention(d: Any, heads: Any) -> Attention:
    """An encoder's self-attention: it sees every position at once, so it keeps no key-value cache."""
    attention = Attention(d, heads)
    attention.cache_note = "an encoder's attention (BERT's), which keeps no key-value cache"
    attention.bidirectional = True
    return attention


def bert(**config: object) -> Network:
    """BERT (``BertModel``): word, position and token-type embeddings, post-LayerNorm blocks, pooler.

    Fields: ``vocab_size``, ``hidden_size``, ``num_hidden_layers``,
    ``num_attention_heads``, ``intermediate_size`` (default ``4 * hidden_size``),
    ``max_position_embeddings``, ``type_vocab_size``.

    >>> bert(vocab_size=30522, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
    ...      intermediate_size=3072, max_position_embeddings=512, type_vocab_size=2).count()
    109482240
    """
    names = (
        "vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads",
        "intermediate_size", "max_position_embeddings", "type_vocab_size",
    )
    s = _sizes("bert", config, names)
    d = s["hidden_size"]
    inner = s["intermediate_size"] if config.get("intermediate_size") is not None else times(4, d)
    heads = s["num_attention_heads"] if config.get("num_attention_heads") is not None else 1
    block = [
        _encoder_attention(d, heads).named("attention"),
        LayerNorm(d).named("norms.1"),
        Linear(d, inner).named("mlp.up"),
        Linear(inner, d).named("mlp.down"),
        LayerNorm(d).named("norms.2"),
    ]
    layers: list[Any] = [
        Embedding(s["vocab_size"], d).named("embeddings.word"),
        Embedding(s["max_position_embeddings"], d).named("embeddings.position"),
        Embedding(s["type_vocab_size"], d).named("embeddings.token_type"),
        LayerNorm(d).named("embeddings.norm"),
        Repeat(block, s["num_hidden_layers"], name="blocks"),
        Linear(d, d).named("pooler").pooled(),  # the first token's state
    ]
    return _network(layers, "bert", s)


def llama(**config: object) -> Network:
    """Llama (``LlamaForCausalLM``): RMSNorm, SwiGLU, no biases, grouped-query attention, untied head.

    Fields: ``vocab_size``, ``hidden_size``, ``num_hidden_layers``,
    ``num_attention_heads``, ``num_key_value_heads`` (default: as many as
    heads), ``intermediate_size``, ``tie_word_embeddings`` (default False).
    Its activations (``symcount.memory`` with ``seq``) are those
    ``LlamaForCausalLM`` keeps with its config's defaults: SiLU, no
    attention dropout.

    >>> llama(vocab_size=32000, hidden_size=4096, num_hidden_layers=32, num_attention_heads=32,
    ...       intermediate_size=11008).count()
    6738415616
    """
    tie = config.pop("tie_word_embeddings", False)
    if not isinstance(tie, bool):
        raise OptionError(f"llama tie_word_embeddings is {shown(tie)}: expected true or false")
    names = (
        "vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads",
        "num_key_value_heads", "intermediate_size",
    )
    s = _sizes("llama", config, names)
    d = s["hidden_size"]
    kv = s["num_key_value_heads"] if config.get("num_key_value_heads") is not None else s["num_attention_heads"]
    # As LlamaForCausalLM runs with its config class's defaults (silu, no attention dropout): its activations.
    block = [
        _run(RMSNorm(d), rms="llama").named("norms.1"),
        _run(Attention(d, s["num_attention_heads"], kv, bias=False), softmax_fp32=True, rotary=True).named("attention"),
        _run(RMSNorm(d), rms="llama").named("norms.2"),
        _run(GatedMLP(d, s["intermediate_size"]), activation="silu").named("mlp"),
    ]
    head = _run(Linear(d, s["vocab_size"], bias=False), loss=True)
    layers: list[Any] = [
        _run(Embedding(s["vocab_size"], d)).named("embeddings.token"),
        Repeat(block, s["num_hidden_layers"], name="blocks"),
        _run(RMSNorm(d), rms="llama").named("final_norm"),
        (Tied(head, to="embeddings.token") if tie else head).named("head"),
    ]
    return _network(layers, "llama", s)


def _run(layer: Any, **options: Any) -> Any:
    """``layer`` running in eager mode as ``options`` say (:class:`symcount.layers.Eager`): its activations stated."""
    layer.eager = Eager(**options)
    return layer


def zoo() -> dict[str, Family]:
    """Every Hugging Face ``model_type`` symcount reads, by name: the families as data."""
    return dict(_zoo())


@functools.cache
def _zoo() -> dict[str, Family]:
    from . import _decoder, _encoder, _seq2seq, _ssm, _vision

    table: dict[str, Family] = {}
    for module in (_decoder, _encoder, _seq2seq, _ssm, _vision):
        table.update(module.TYPES)
    return table


#: The families with a function of their own here, by the ``model_type`` of their ``config.json``.
FAMILIES: dict[str, Callable[..., Network]] = {"gpt2": gpt2, "bert": bert, "llama": llama}


# The fields of the families with a function of their own (the CLI's flags for them).
_FIELDS = {
    "gpt2": ("vocab_size", "n_positions", "n_embd", "n_layer", "n_head", "n_inner"),
    "bert": (
        "vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads",
        "intermediate_size", "max_position_embeddings", "type_vocab_size",
    ),
    "llama": (
        "vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads",
        "num_key_value_heads", "intermediate_size", "tie_word_embeddings",
    ),
}


def _load(config: str | Path | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(config, (str, Path)):
        text = read_text(config, "config", CONFIG_LIMIT)
        try:
            data = json.loads(text, parse_int=read_int)
        except json.JSONDecodeError as err:
            raise OptionError(f"cannot read the config {shown(str(config))}: {err}") from None
        except RecursionError:
            raise OptionError(f"cannot read the config {shown(str(config))}: nested too deep") from None
    elif isinstance(config, Mapping):
        data = dict(config)
    else:
        raise OptionError(f"config is {shown(config)}: expected a path to a config.json or its dict")
    if not isinstance(data, dict):
        raise OptionError(f"a config is a JSON object, not {type(data).__name__}")
    return data


def _head(family: Family, data: Mapping[str, Any], head: str | None) -> str:
    """The head asked for, else the one ``architectures`` names; never a guess."""
    if head is not None:
        if type(head) is not str or head not in family.heads:
            raise OptionError(
                f"head is {shown(head)}: a {family.model_type} model has {', '.join(map(repr, family.heads))}"
            )
        return head
    names = data.get("architectures")
    if not names:
        raise OptionError(
            f"the {family.model_type} config names no architectures, so its head is unknown: pass head= "
            f"(one of {', '.join(map(repr, family.heads))}), or --head in the CLI"
        )
    if not isinstance(names, list):
        raise OptionError(f"architectures is {shown(names)}: expected a list of class names")
    heads = {family.head_of(name) for name in names}
    if len(heads) > 1:
        raise OptionError(f"architectures names {len(heads)} heads ({', '.join(map(str, names))}): pass head= to pick one")
    return heads.pop()


def from_config(config: str | Path | Mapping[str, Any], *, head: str | None = None) -> Network:
    """The network of a Hugging Face ``config.json`` (a path or its dict), by its ``model_type``.

    The head is the one ``architectures`` names (``LlamaForCausalLM``,
    ``BertForMaskedLM``, ...) or ``head=`` (see :data:`HEADS`). Every field
    that changes the count is read; a field symcount does not know raises
    :class:`~symcount.errors.UnsupportedError` naming it.

    >>> from_config({"model_type": "gpt2", "vocab_size": 50257, "n_positions": 1024,
    ...              "n_embd": 768, "n_layer": 12, "n_head": 12, "architectures": ["GPT2LMHeadModel"]}).count()
    124439808
    >>> from_config({"model_type": "llama", "vocab_size": 32000, "hidden_size": 4096, "num_hidden_layers": 32,
    ...              "num_attention_heads": 32, "intermediate_size": 11008, "attention_bias": True,
    ...              "architectures": ["LlamaForCausalLM"]}).count()
    6738939904
    """
    data = _load(config)
    table = _zoo()
    model_type = data.get("model_type")
    if type(model_type) is not str or model_type not in table:
        raise UnsupportedError(
            f"model_type is {shown(model_type)}: symcount reads {len(table)} types, "
            f"{', '.join(sorted(table))}"
        )
    family = table[model_type]
    chosen = _head(family, data, head)
    fields = Fields(model_type, data, symbolic=False)
    layers, sizes = family.build(fields, chosen)
    unknown = fields.unknown(family.irrelevant)
    if unknown:
        name = unknown[0]
        raise UnsupportedError(
            f"{model_type} config field {name!r} (= {shown(data[name])}) is one symcount does not know: "
            "it might change the count, so none is given"
        )
    suffix = "" if chosen == family.default_head else f" ({chosen})"
    return _network(layers, model_type + suffix, sizes, _compute_note(family))


def __getattr__(name: str) -> Callable[..., Network]:
    """``models.mistral(hidden_size=4096, ...)``: every zoo type by name (``xlm_roberta`` for ``xlm-roberta``).

    >>> mistral = __getattr__("mistral")  # as models.mistral
    >>> mistral(num_hidden_layers=32).names[:3]
    ('vocab_size', 'hidden_size', 'num_attention_heads')
    """
    types = {t.replace("-", "_"): t for t in _zoo()}
    if name.startswith("_") or name not in types:
        raise AttributeError(f"module 'symcount.models' has no attribute {name!r}")
    model_type = types[name]

    def model(*, head: str | None = None, **fields: object) -> Network:
        return family(model_type, head=head, **fields)

    model.__name__ = model.__qualname__ = name
    model.__doc__ = f"The {model_type} family of Hugging Face's config.json: :func:`family` ``({model_type!r}, ...)``."
    return model


def family(model_type: str, *, head: str | None = None, **fields: object) -> Network:
    """A family of :func:`zoo` as a formula: the fields given are numbers, the rest stay symbols of their names.

    Flags left out take Hugging Face's defaults.

    >>> mixtral = family("mixtral", num_local_experts=8, num_experts_per_tok=2)
    >>> mixtral.summary().total - mixtral.summary().active
    18*hidden_size*intermediate_size*num_hidden_layers
    """
    table = zoo()
    if type(model_type) is not str or model_type not in table:
        raise UnsupportedError(f"model_type is {shown(model_type)}: expected one of {', '.join(sorted(table))}")
    fam = table[model_type]
    chosen = fam.default_head if head is None else _head(fam, {}, head)
    reader = Fields(model_type, fields, symbolic=True)
    layers, _ = fam.build(reader, chosen)
    unknown = sorted(set(fields) - reader.read)
    if unknown:
        raise OptionError(f"{model_type} has no field {unknown[0]!r}; its fields are {', '.join(sorted(reader.read))}")
    sizes = {name: fields.get(name, name) for name in reader.read}
    return _network(layers, model_type, sizes, _compute_note(fam))


def _compute_note(family: Family) -> str | None:
    """Why a family's compute is not stated, or None where its layers state it (checked against PyTorch's counter)."""
    if family.computes:
        return None
    return (
        f"the compute of {family.model_type} is not stated yet (symcount states the decoder, BERT-like encoder and "
        "encoder-decoder families', vit's, and gpt2's, llama's, bert's, resnet's and vgg's)"
    )


# -- convolutional families ----------------------------------------------------------------

_RESNET = {  # depth: (block, blocks per stage)
    18: ("basic", (2, 2, 2, 2)),
    34: ("basic", (3, 4, 6, 3)),
    50: ("bottleneck", (3, 4, 6, 3)),
    101: ("bottleneck", (3, 4, 23, 3)),
    152: ("bottleneck", (3, 8, 36, 3)),
}


def resnet(depth: int = 50, *, num_classes: object = None, width: object = 64) -> Network:
    """ResNet (as torchvision builds it): basic blocks for 18 and 34, bottlenecks for 50, 101, 152.

    ``width`` is the first stage's width (stages double it); batch-norm
    running statistics are buffers. Its compute reads an image
    (``flops(net, image=(224, 224))``): torchvision's strides (the stem's,
    and each later stage's first block, in its 3x3 convolution as
    torchvision's "ResNet v1.5"), max pooling after the stem, the shortcuts
    beside each block, and the average pooling before ``fc``.

    >>> resnet(18, num_classes=1000).count(), resnet(50, num_classes=1000).count()
    (11689512, 25557032)
    """
    check_choice(depth, "resnet depth", _RESNET)
    kind, stages = _RESNET[depth]
    classes = check_dim(num_classes, "resnet num_classes") if num_classes is not None else "num_classes"
    w = check_dim(width, "resnet width")
    expansion = 1 if kind == "basic" else 4
    # Names as torchvision's modules: stem, layer1 .. layer4 (their blocks numbered), fc.
    layers: list[Any] = [Conv(3, w, 7, bias=False, stride=2, padding=3).named("stem.conv1"), BatchNorm(w).named("stem.bn1"),
                         Pool(3, stride=2, padding=1)]
    channels: Dim = w
    for stage, blocks in enumerate(stages):
        planes = times(2**stage, w)
        out = times(expansion, planes) if expansion > 1 else planes
        for b in range(blocks):
            stride = 2 if b == 0 and stage > 0 else 1
            if kind == "basic":
                shapes = [(channels, planes, 3, stride), (planes, planes, 3, 1)]
            else:
                shapes = [(channels, planes, 1, 1), (planes, planes, 3, stride), (planes, out, 1, 1)]
            body: list[Any] = []
            for k, (c_in, c_out, size, step) in enumerate(shapes, 1):
                conv = Conv(c_in, c_out, size, bias=False, stride=step, padding=size // 2)
                body += [conv.named(f"conv{k}"), BatchNorm(c_out).named(f"bn{k}")]
            # The first block of a stage changes the shape (stride or width): a 1x1 shortcut projection.
            shortcut: list[Any] = []
            if b == 0 and (stage > 0 or expansion > 1):
                shortcut = [Conv(channels, out, 1, bias=False, stride=stride).named("downsample.0"),
                            BatchNorm(out).named("downsample.1")]
            layers.append(Residual(body, shortcut, name=f"layer{stage + 1}.{b}"))
            channels = out
    layers += [AdaptivePool((1, 1)), Flatten(), Linear(channels, classes).named("fc")]
    return _network(layers, f"resnet{depth}", {"num_classes": classes, "width": w})


_VGG = {
    11: (1, 1, 2, 2, 2),
    13: (2, 2, 2, 2, 2),
    16: (2, 2, 3, 3, 3),
    19: (2, 2, 4, 4, 4),
}


def vgg(depth: int = 16, *, batch_norm: bool = False, num_classes: object = None) -> Network:
    """VGG (as torchvision builds it): 3x3 convolutions in five stages, then three linear layers.

    Each stage ends in 2x2 max pooling, and the classifier reads the
    features average-pooled to 7x7: its compute reads an image
    (``flops(net, image=(224, 224))``).

    >>> vgg(16, num_classes=1000).count()
    138357544
    """
    check_choice(depth, "vgg depth", _VGG)
    if not isinstance(batch_norm, bool):
        raise OptionError(f"batch_norm is {shown(batch_norm)}: expected True or False")
    classes = check_dim(num_classes, "vgg num_classes") if num_classes is not None else "num_classes"
    layers: list[Any] = []
    channels: Dim = 3
    for stage, convs in enumerate(_VGG[depth]):
        width = min(64 * 2**stage, 512)
        for k in range(convs):
            layers.append(Conv(channels, width, 3, padding=1).named(f"features.stage{stage + 1}.conv{k + 1}"))
            if batch_norm:
                layers.append(BatchNorm(width).named(f"features.stage{stage + 1}.bn{k + 1}"))
            channels = width
        layers.append(Pool(2))
    layers += [AdaptivePool((7, 7)), Flatten(), Linear(512 * 7 * 7, 4096).named("classifier.fc1"), Linear(4096, 4096).named("classifier.fc2"),
               Linear(4096, classes).named("classifier.fc3")]
    name = f"vgg{depth}" + ("_bn" if batch_norm else "")
    return _network(layers, name, {"num_classes": classes})
