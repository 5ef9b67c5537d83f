"""Vision transformers and dual towers: one record per tower, one builder, and the Hugging Face types they cover.

:class:`Tower` is a transformer encoder over patches (ViT, CLIP's and
SigLIP's image towers) or tokens (their text towers); :func:`tower` turns
one into layers. ViT is one tower with a pooler or a classifier; CLIP and
SigLIP are two towers, their projections and the learned logit scale (and
SigLIP's bias). Their ``text_config`` and ``vision_config`` are read with
the same rigour as the top level: a nested field neither read nor known to
change no count is refused by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ._decoder import labels
from ._dims import shown
from ._family import Family, Fields, plus, times
from .layers import Parameter
from .errors import OptionError, UnsupportedError
from .layers import Attention, Conv, Embedding, LayerNorm, Linear, MLP, MultiheadAttention, Repeat, Tokens

__all__ = ["TYPES", "Tower", "tower"]


@dataclass(frozen=True)
class Tower:
    """A transformer encoder tower: pre-norm blocks of attention and a plain MLP, all with biases."""

    width: Any  # hidden_size
    depth: Any  # num_hidden_layers
    heads: Any  # num_attention_heads
    ffn: Any  # intermediate_size
    vocab: Any = None  # a text tower's vocabulary; None: an image tower
    positions: Any = None  # a text tower's max_position_embeddings
    channels: Any = 3  # an image tower's num_channels
    patches: Any = None  # (image height // patch height) * (width // patch width)
    patch: tuple[Any, ...] = ()  # the patch's height and width
    patch_bias: bool = True
    cls: str = ""  # the class token: "" none, "token" (ViT: with the positions, a Parameter), "embedding" (CLIP)
    qkv_bias: bool = True
    pre_norm: bool = False  # CLIP's pre_layrnorm
    final_norm: bool = True
    text_head: Any = None  # SigLIP's text head: d -> projection_size, with bias
    probe_head: bool = False  # SigLIP's attention-pooling head: probe, multi-head attention, norm, MLP


def tower(spec: Tower, at: str) -> list[Any]:
    """The layers of one tower, their names under ``at`` ("" for a model of one tower)."""
    d = spec.width

    def name(label: str) -> str:
        return f"{at}.{label}" if at else label

    layers: list[Any] = []
    if spec.vocab is not None:
        layers += [Embedding(spec.vocab, d).named(name("embeddings.token")),
                   Embedding(spec.positions, d).named(name("embeddings.position"))]
    else:
        positions = plus(spec.patches, 1) if spec.cls else spec.patches
        if spec.cls:  # beside the patches (the image is what the patch convolution reads)
            layers.append(Parameter(d).named(name("embeddings.cls_token")).beside())
        # Non-overlapping patches: a convolution whose stride is its kernel, then each patch a token (after the
        # class token). A patch of a symbol's size has no stride symcount can state: its compute is refused.
        numeric = all(type(v) is int for v in spec.patch)
        patch = Conv(spec.channels, d, spec.patch, dims=2, bias=spec.patch_bias, stride=spec.patch if numeric else 1)
        if not numeric:
            patch.compute_note = "the compute of patches of a symbol's size is not stated: build the model with patch_size a number (a stride is fixed when it is built)"
        layers += [patch.named(name("embeddings.patch")), Tokens(1 if spec.cls else 0)]
        if spec.cls == "token":
            layers.append(Parameter((positions, d)).named(name("embeddings.position")))
        else:
            layers.append(Embedding(positions, d).named(name("embeddings.position")))
    if spec.pre_norm:
        layers.append(LayerNorm(d).named(name("pre_norm")))
    attention = Attention(d, spec.heads, bias="qkvo" if spec.qkv_bias else "o")
    attention.bidirectional = spec.vocab is None  # an image's patches attend both ways (CLIP's text is causal)
    block = [
        LayerNorm(d).named("norms.1"),
        attention.named("attention"),
        LayerNorm(d).named("norms.2"),
        MLP(d, spec.ffn).named("mlp"),
    ]
    layers.append(Repeat(block, spec.depth, name=name("blocks")))
    if spec.final_norm:
        layers.append(LayerNorm(d).named(name("final_norm")))
    if spec.text_head is not None:
        layers.append(Linear(d, spec.text_head).named(name("head")))
    if spec.probe_head:
        layers += [
            Parameter(d).named(name("head.probe")),
            MultiheadAttention(d, spec.heads).named(name("head.attention")),
            LayerNorm(d).named(name("head.norm")),
            MLP(d, spec.ffn).named(name("head.mlp")),
        ]
    return layers


# -- reading Hugging Face configs --------------------------------------------------------------


class _Nested(Fields):
    """A nested config (``text_config``, ``vision_config``): its sizes left out are symbols named ``text_hidden_size``."""

    def __init__(self, family: str, data: Mapping[str, Any], *, symbolic: bool, prefix: str) -> None:
        super().__init__(family, data, symbolic=symbolic)
        self.prefix = prefix

    def size(self, name: str, default: Any = ..., *, zero: bool = False, symbol: bool = False) -> Any:
        if self.symbolic and self.data.get(name) is None and (default is ... or symbol):
            self.read.add(name)
            return f"{self.prefix}_{name}"
        return super().size(name, default, zero=zero, symbol=symbol)


def _nested(c: Fields, name: str, prefix: str) -> _Nested:
    data = c.raw(name, {})
    if not isinstance(data, Mapping):
        raise OptionError(f"{c.family} {name} is {shown(data)}: expected an object of fields")
    return _Nested(f"{c.family} {name}", data, symbolic=c.symbolic, prefix=prefix)


def _refuse_unknown(c: Fields, nested: list[tuple[_Nested, frozenset[str]]]) -> None:
    for sub, irrelevant in nested:
        unknown = sub.unknown(irrelevant)
        if unknown:
            k = unknown[0]
            raise UnsupportedError(
                f"{sub.family} field {k!r} (= {shown(sub.data[k])}) is one symcount does not know: "
                "it might change the count, so none is given"
            )


def _pair(c: Fields, name: str) -> tuple[Any, Any]:
    """``image_size`` or ``patch_size``: one size for both sides, or [height, width]."""
    value = c.data.get(name)
    if isinstance(value, (list, tuple)):
        c.read.add(name)
        if len(value) != 2 or not all(type(v) is int and v > 0 for v in value):
            raise OptionError(f"{c.family} {name} is {shown(value)}: expected a size or [height, width]")
        return value[0], value[1]
    size = c.size(name)
    return size, size


def _grid(c: Fields) -> tuple[Any, tuple[Any, Any]]:
    """The number of patches, and the patch's shape."""
    (ih, iw), (ph, pw) = _pair(c, "image_size"), _pair(c, "patch_size")
    if all(type(v) is int for v in (ih, iw, ph, pw)):
        if ih < ph or iw < pw:
            raise OptionError(f"{c.family} image_size is smaller than patch_size: an image of no patches")
        return (ih // ph) * (iw // pw), (ph, pw)
    from sympy import floor

    from .symbols import as_sympy

    rows, cols = floor(as_sympy(ih) / as_sympy(ph)), floor(as_sympy(iw) / as_sympy(pw))
    return (rows**2 if (ih, ph) == (iw, pw) else rows * cols), (ph, pw)


def _core(c: Fields) -> dict[str, Any]:
    return dict(width=c.size("hidden_size"), depth=c.size("num_hidden_layers"), heads=c.size("num_attention_heads"),
                ffn=c.size("intermediate_size"))


def _image(c: Fields, **options: Any) -> Tower:
    patches, patch = _grid(c)
    return Tower(**_core(c), channels=c.size("num_channels", 3), patches=patches, patch=patch, **options)


def _text(c: Fields, **options: Any) -> Tower:
    return Tower(**_core(c), vocab=c.size("vocab_size"), positions=c.size("max_position_embeddings"), **options)


def _vit(c: Fields, head: str) -> tuple[list[Any], dict[str, Any]]:
    spec = _image(c, cls="token", qkv_bias=c.flag("qkv_bias", True))
    layers = tower(spec, "")
    if head == "model":  # the pooler and the classifier read the class token
        layers.append(Linear(spec.width, c.size("pooler_output_size", spec.width)).named("pooler").pooled())
    elif head == "image-classification":  # no pooler: its output size changes nothing here
        c.raw("pooler_output_size")
        layers.append(Linear(spec.width, labels(c, head)).named("classifier").pooled())
    else:
        raise UnsupportedError(f"vit has no {head} head")
    return layers, c.given()


# The fields of a nested tower that change no count (how it runs, initialises or tokenises).
_TOWER = frozenset({"layer_norm_eps", "hidden_act", "attention_dropout", "initializer_factor", "initializer_range",
                    "pad_token_id", "bos_token_id", "eos_token_id", "model_type", "projection_dim"})


def _dual(c: Fields, head: str, siglip: bool) -> tuple[list[Any], dict[str, Any]]:
    text_c, vision_c = _nested(c, "text_config", "text"), _nested(c, "vision_config", "vision")
    if siglip:
        text = _text(text_c)
        text = replace(text, text_head=text_c.size("projection_size", text.width))
        vision = _image(vision_c, probe_head=vision_c.flag("vision_use_head", True))
    else:
        text = _text(text_c)
        vision = _image(vision_c, cls="embedding", patch_bias=False, pre_norm=True)
    if head == "image-classification":
        layers = tower(vision, "vision") + [Linear(vision.width, labels(c, head)).named("classifier")]
        # The text tower and the projections are not built: their fields change nothing here.
        text_c.read.update(text_c.data)
        c.raw("projection_dim")
    elif head == "model":
        layers = tower(text, "text") + tower(vision, "vision")
        if siglip:
            layers += [Parameter(1).named("logit_scale"), Parameter(1).named("logit_bias")]
        else:
            proj = c.size("projection_dim")
            layers += [Linear(vision.width, proj, bias=False).named("visual_projection"),
                       Linear(text.width, proj, bias=False).named("text_projection"),
                       Parameter(1).named("logit_scale")]
    else:
        raise UnsupportedError(f"{c.family} has no {head} head")
    _refuse_unknown(c, [(text_c, _TOWER), (vision_c, _TOWER)])
    sizes = {k: v for k, v in c.given().items() if not isinstance(v, Mapping)}
    return layers, sizes


_IMAGE_HEADS = {"model": "Model", "image-classification": "ForImageClassification"}

TYPES: dict[str, Family] = {
    # ViT's forward and backward checked against PyTorch's counter (tests/test_compute.py).
    "vit": Family("vit", "ViT", _vit, _IMAGE_HEADS, frozenset({"encoder_stride", "pooler_act"}),
                  default_head="image-classification", computes=True),
    "clip": Family("clip", "CLIP", lambda c, h: _dual(c, h, False), _IMAGE_HEADS,
                   frozenset({"logit_scale_init_value"}), default_head="model"),
    "siglip": Family("siglip", "Siglip", lambda c, h: _dual(c, h, True), _IMAGE_HEADS, frozenset(),
                     default_head="model"),
}
