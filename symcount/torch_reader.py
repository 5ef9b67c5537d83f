"""Reading a PyTorch module tree into symcount layers, without running it.

Only the modules' configuration is read (``in_features``, ``kernel_size``...),
so a model built on the ``meta`` device, with no memory behind its tensors,
reads the same. A tensor shared by two modules (a tied head) counts once. A
module symcount has no kind for is never counted as zero: its own tensors
are counted as they are and the row names it.

PyTorch is needed only here, and imported only when called.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._dims import is_name, shown
from .errors import OptionError
from .layers import (
    BatchNorm,
    Conv,
    Counts,
    Embedding,
    GroupNorm,
    Layer,
    LayerNorm,
    Linear,
    MultiheadAttention,
    Recurrent,
    RMSNorm,
    Row,
    Tied,
)
from .network import Network

__all__ = ["from_torch"]


class Opaque(Layer):
    """A module symcount has no formula for: its own tensors, counted as numbers, under its name."""

    def __init__(self, name: str, type_name: str, params: int, buffers: int) -> None:
        self.kind = f"{type_name} '{name}' (its tensors, no formula)"
        self.params = params
        self.buffers = buffers

    def dims(self) -> Any:
        return iter(())

    def map_dims(self, f: Any) -> Opaque:
        return self

    def rows(self, resolve: Any, lo: int = 0, hi: int | None = None) -> Any:
        if lo > 0 or hi == 0:
            return
        yield Row(self.kind, "", "", Counts(((self.params,),) if self.params else (), (), ((self.buffers,),) if self.buffers else ()))


def _translate(m: Any, nn: Any) -> Layer | None:
    """The symcount layer of one PyTorch module, or None if there is no kind for it."""
    if isinstance(m, nn.Linear):
        return Linear(m.in_features, m.out_features, bias=m.bias is not None)
    if isinstance(m, nn.modules.conv._ConvNd):
        return Conv(
            m.in_channels, m.out_channels, tuple(m.kernel_size), dims=len(m.kernel_size),
            groups=m.groups, bias=m.bias is not None, transposed=bool(m.transposed),
        )
    if isinstance(m, nn.Embedding):
        return Embedding(m.num_embeddings, m.embedding_dim)
    if isinstance(m, nn.LayerNorm):
        return LayerNorm(tuple(m.normalized_shape), m.elementwise_affine, m.bias is not None)
    if hasattr(nn, "RMSNorm") and isinstance(m, nn.RMSNorm):
        return RMSNorm(tuple(m.normalized_shape), m.elementwise_affine)
    if isinstance(m, nn.modules.batchnorm._BatchNorm):
        return BatchNorm(m.num_features, m.affine, m.track_running_stats)
    if isinstance(m, nn.GroupNorm):
        return GroupNorm(m.num_groups, m.num_channels, m.affine)
    if isinstance(m, nn.RNNBase):
        cell = {"LSTM": "lstm", "GRU": "gru", "RNN_TANH": "rnn", "RNN_RELU": "rnn"}[m.mode]
        return Recurrent(
            cell, m.input_size, m.hidden_size, m.num_layers, bias=m.bias,
            bidirectional=m.bidirectional, proj_size=getattr(m, "proj_size", 0),
        )
    if isinstance(m, nn.MultiheadAttention):
        return MultiheadAttention(
            m.embed_dim, m.num_heads, bias=m.in_proj_bias is not None, add_bias_kv=m.bias_k is not None,
            kdim=m.kdim, vdim=m.vdim,
        )
    return None


def from_torch(module: Any, *, names: Mapping[int, str] | None = None) -> Network:
    """A symcount network read from a ``torch.nn.Module`` (not run; the ``meta`` device is fine).

    ``names`` turns sizes into symbols, e.g. ``{768: "d", 50257: "V"}``: the
    network's formula is then in those names, and ``.count()`` needs them.

    >>> import torch
    >>> model = torch.nn.Sequential(torch.nn.Embedding(50, 8), torch.nn.Linear(8, 50, device="meta"))
    >>> from_torch(model).count()
    850
    >>> from_torch(model, names={8: "d", 50: "V"}).total
    2*V*d + V
    """
    try:
        import torch.nn as nn
    except ImportError:  # pragma: no cover -- the tests run with torch
        raise OptionError("from_torch needs PyTorch: pip install 'symcount[torch]'") from None
    if not isinstance(module, nn.Module):
        raise OptionError(f"module is {type(module).__name__}: expected a torch.nn.Module")
    owners: dict[int, str] = {}  # id of a tensor -> the module that owns it first
    layers: list[Layer] = []
    covered: list[str] = []  # modules whose whole subtree a layer stands for
    for name, m in module.named_modules():
        if any(c == "" or name.startswith(c + ".") for c in covered):
            continue
        layer = _translate(m, nn)
        if layer is not None:
            covered.append(name)
            tensors = list(m.parameters())
            weight = getattr(m, "weight", None)
            if weight is not None and id(weight) in owners:
                layer = Tied(layer, to=owners[id(weight)])
            for t in tensors:
                owners.setdefault(id(t), name or type(m).__name__)
            layers.append(layer)
            continue
        own = [p for p in m.parameters(recurse=False) if id(p) not in owners]
        own_buffers = list(m.buffers(recurse=False))
        if own or own_buffers:
            for p in own:
                owners[id(p)] = name
            layers.append(
                Opaque(name or type(m).__name__, type(m).__name__, sum(p.numel() for p in own), sum(b.numel() for b in own_buffers))
            )
    if not layers:
        raise OptionError(f"{type(module).__name__} has no parameters to count")
    net = Network(layers)
    for size, name in (names or {}).items():
        if type(size) is not int or not isinstance(name, str) or not is_name(name):
            raise OptionError(f"names maps {shown(size)} to {shown(name)}: expected an integer size and a symbol name")
    if names:
        net = Network(layer.map_dims(lambda d: names.get(d, d) if type(d) is int else d) for layer in net.parts)
    return net
