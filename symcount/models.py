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

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ._dims import Dim, check_dim, shown
from .errors import OptionError
from .layers import (
    Attention,
    BatchNorm,
    Conv,
    Embedding,
    GatedMLP,
    LayerNorm,
    Linear,
    MultiheadAttention,
    Repeat,
    RMSNorm,
    Tied,
)
from .network import Network

__all__ = ["FAMILIES", "bert", "from_config", "gpt2", "llama", "resnet", "vgg"]


def _sizes(family: str, given: Mapping[str, object], names: tuple[str, ...]) -> dict[str, Dim]:
    """Each size given (checked) or, left out, the symbol of its name; an unknown keyword is an error."""
    unknown = sorted(set(given) - set(names))
    if unknown:
        raise OptionError(f"{family} has no field {unknown[0]!r}; its fields are {', '.join(names)}")
    return {n: check_dim(given[n], f"{family} {n}") if given.get(n) is not None else n for n in names}


def _times(k: int, d: Dim) -> Dim:
    """``k * d`` as a size: an int, or a SymPy expression in the symbol ``d``."""
    if type(d) is int:
        return k * d
    from .network import _as_sympy

    return k * _as_sympy(d)


def gpt2(**config: object) -> Network:
    """GPT-2 (``GPT2LMHeadModel``): learned positions, LayerNorm, biases, head tied to the token embedding.

    Fields: ``vocab_size``, ``n_positions``, ``n_embd``, ``n_layer``, ``n_head``,
    ``n_inner`` (default ``4 * n_embd``).

    >>> gpt2(vocab_size=50257, n_positions=1024, n_embd=1024, n_layer=24, n_head=16).count()  # GPT-2 medium
    354823168
    """
    s = _sizes("gpt2", config, ("vocab_size", "n_positions", "n_embd", "n_layer", "n_head", "n_inner"))
    d = s["n_embd"]
    inner = s["n_inner"] if config.get("n_inner") is not None else _times(4, d)
    heads = s["n_head"] if config.get("n_head") is not None else 1  # heads change no count
    block = [LayerNorm(d), MultiheadAttention(d, heads), LayerNorm(d), Linear(d, inner), Linear(inner, d)]
    return Network(
        name="gpt2",
        layers=[
            Embedding(s["vocab_size"], d),
            Embedding(s["n_positions"], d),
            Repeat(block, s["n_layer"]),
            LayerNorm(d),
            Tied(Linear(d, s["vocab_size"], bias=False), to="token embedding"),
        ],
    )


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
    inner = s["intermediate_size"] if config.get("intermediate_size") is not None else _times(4, d)
    heads = s["num_attention_heads"] if config.get("num_attention_heads") is not None else 1
    block = [Attention(d, heads), LayerNorm(d), Linear(d, inner), Linear(inner, d), LayerNorm(d)]
    return Network(
        name="bert",
        layers=[
            Embedding(s["vocab_size"], d),
            Embedding(s["max_position_embeddings"], d),
            Embedding(s["type_vocab_size"], d),
            LayerNorm(d),
            Repeat(block, s["num_hidden_layers"]),
            Linear(d, d),  # the pooler
        ],
    )


def llama(**config: object) -> Network:
    """Llama (``LlamaForCausalLM``): RMSNorm, SwiGLU, no biases, grouped-query attention, untied head.

    Fields: ``vocab_size``, ``hidden_size``, ``num_hidden_layers``,
    ``num_attention_heads``, ``num_key_value_heads`` (default: as many as
    heads), ``intermediate_size``, ``tie_word_embeddings`` (default False).

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
    block = [RMSNorm(d), Attention(d, s["num_attention_heads"], kv, bias=False), RMSNorm(d), GatedMLP(d, s["intermediate_size"])]
    head = Linear(d, s["vocab_size"], bias=False)
    return Network(
        name="llama",
        layers=[
            Embedding(s["vocab_size"], d),
            Repeat(block, s["num_hidden_layers"]),
            RMSNorm(d),
            Tied(head, to="token embedding") if tie else head,
        ],
    )


#: The families, by the ``model_type`` of their ``config.json``.
FAMILIES: dict[str, Callable[..., Network]] = {"gpt2": gpt2, "bert": bert, "llama": llama}

# The config.json fields each family reads; every other field (architectures, dtype, ...) is ignored.
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
_REQUIRED = {
    "gpt2": ("vocab_size", "n_positions", "n_embd", "n_layer"),
    "bert": ("vocab_size", "hidden_size", "num_hidden_layers", "max_position_embeddings", "type_vocab_size"),
    "llama": ("vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size"),
}


def from_config(config: str | Path | Mapping[str, Any]) -> Network:
    """The network of a Hugging Face ``config.json`` (a path or its dict), by its ``model_type``.

    >>> from_config({"model_type": "gpt2", "vocab_size": 50257, "n_positions": 1024,
    ...              "n_embd": 768, "n_layer": 12, "n_head": 12, "architectures": ["GPT2LMHeadModel"]}).count()
    124439808
    """
    if isinstance(config, (str, Path)):
        try:
            data = json.loads(Path(config).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise OptionError(f"cannot read the config {str(config)!r}: {err}") from None
    else:
        data = dict(config)
    if not isinstance(data, dict):
        raise OptionError(f"a config is a JSON object, not {type(data).__name__}")
    model_type = data.get("model_type")
    if model_type not in FAMILIES:
        raise OptionError(f"model_type is {shown(model_type)}: expected one of {', '.join(map(repr, FAMILIES))}")
    missing = [f for f in _REQUIRED[model_type] if data.get(f) is None]
    if missing:
        raise OptionError(f"the {model_type} config has no field {missing[0]!r}, which the count needs")
    fields = {f: data[f] for f in _FIELDS[model_type] if data.get(f) is not None}
    return FAMILIES[model_type](**fields)


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
    running statistics are buffers.

    >>> resnet(18, num_classes=1000).count(), resnet(50, num_classes=1000).count()
    (11689512, 25557032)
    """
    if depth not in _RESNET:
        raise OptionError(f"resnet depth is {shown(depth)}: expected one of {', '.join(map(str, _RESNET))}")
    kind, stages = _RESNET[depth]
    classes = check_dim(num_classes, "resnet num_classes") if num_classes is not None else "num_classes"
    w = check_dim(width, "resnet width")
    expansion = 1 if kind == "basic" else 4
    layers: list[Any] = [Conv(3, w, 7, bias=False), BatchNorm(w)]
    channels: Dim = w
    for stage, blocks in enumerate(stages):
        planes = _times(2**stage, w)
        out = _times(expansion, planes) if expansion > 1 else planes
        for b in range(blocks):
            if kind == "basic":
                layers += [Conv(channels, planes, 3, bias=False), BatchNorm(planes),
                           Conv(planes, planes, 3, bias=False), BatchNorm(planes)]
            else:
                layers += [Conv(channels, planes, 1, bias=False), BatchNorm(planes),
                           Conv(planes, planes, 3, bias=False), BatchNorm(planes),
                           Conv(planes, out, 1, bias=False), BatchNorm(out)]
            # The first block of a stage changes the shape (stride or width): a 1x1 shortcut projection.
            if b == 0 and (stage > 0 or expansion > 1):
                layers += [Conv(channels, out, 1, bias=False), BatchNorm(out)]
            channels = out
    layers.append(Linear(channels, classes))
    return Network(layers, name=f"resnet{depth}")


_VGG = {
    11: (1, 1, 2, 2, 2),
    13: (2, 2, 2, 2, 2),
    16: (2, 2, 3, 3, 3),
    19: (2, 2, 4, 4, 4),
}


def vgg(depth: int = 16, *, batch_norm: bool = False, num_classes: object = None) -> Network:
    """VGG (as torchvision builds it): 3x3 convolutions in five stages, then three linear layers.

    >>> vgg(16, num_classes=1000).count()
    138357544
    """
    if depth not in _VGG:
        raise OptionError(f"vgg depth is {shown(depth)}: expected one of {', '.join(map(str, _VGG))}")
    if not isinstance(batch_norm, bool):
        raise OptionError(f"batch_norm is {shown(batch_norm)}: expected True or False")
    classes = check_dim(num_classes, "vgg num_classes") if num_classes is not None else "num_classes"
    layers: list[Any] = []
    channels: Dim = 3
    for stage, convs in enumerate(_VGG[depth]):
        width = min(64 * 2**stage, 512)
        for _ in range(convs):
            layers.append(Conv(channels, width, 3))
            if batch_norm:
                layers.append(BatchNorm(width))
            channels = width
    layers += [Linear(512 * 7 * 7, 4096), Linear(4096, 4096), Linear(4096, classes)]
    return Network(layers, name=f"vgg{depth}" + ("_bn" if batch_norm else ""))
