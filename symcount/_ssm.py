"""State-space models: Mamba as one record of options, one builder, and the Hugging Face type it covers.

A Mamba block is an RMSNorm and a mixer: ``in_proj`` (d -> 2 * d_inner),
a depthwise ``conv1d``, ``x_proj`` (d_inner -> dt_rank + 2 * d_state),
``dt_proj`` (dt_rank -> d_inner, with bias), the state matrix ``A_log``
(d_inner x d_state), the skip ``D`` (d_inner) and ``out_proj``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._dims import shown
from ._family import Family, Fields, plus, times
from .errors import OptionError, UnsupportedError
from .layers import Conv, Embedding, Linear, Parameter, Repeat, RMSNorm, Tied

__all__ = ["Mamba", "TYPES", "build"]



@dataclass(frozen=True)
class Mamba:
    """A Mamba (v1) language model's sizes and options (Hugging Face's names in the comments)."""

    vocab: Any  # vocab_size
    width: Any  # hidden_size
    depth: Any  # num_hidden_layers
    inner: Any  # intermediate_size (expand * hidden_size)
    state: Any  # state_size
    rank: Any  # time_step_rank
    kernel: Any  # conv_kernel
    bias: bool = False  # use_bias: in_proj and out_proj
    conv_bias: bool = True  # use_conv_bias
    tie: bool = True


def build(spec: Mamba, head: str) -> list[Any]:
    d, inner = spec.width, spec.inner
    block = [
        RMSNorm(d).named("norm"),
        Linear(d, times(2, inner), bias=spec.bias).named("mixer.in_proj"),
        Conv(inner, inner, spec.kernel, dims=1, groups=inner, bias=spec.conv_bias).named("mixer.conv1d"),
        Linear(inner, plus(spec.rank, times(2, spec.state)), bias=False).named("mixer.x_proj"),
        Linear(spec.rank, inner).named("mixer.dt_proj"),
        Parameter((inner, spec.state)).named("mixer.A_log"),
        Parameter(inner).named("mixer.D"),
        Linear(inner, d, bias=spec.bias).named("mixer.out_proj"),
    ]
    layers: list[Any] = [
        Embedding(spec.vocab, d).named("embeddings.token"),
        Repeat(block, spec.depth, name="blocks"),
        RMSNorm(d).named("final_norm"),
    ]
    if head == "causal-lm":
        lm = Linear(d, spec.vocab, bias=False)
        layers.append((Tied(lm, to="embeddings.token") if spec.tie else lm).named("head"))
    elif head != "model":
        raise UnsupportedError(f"mamba has no {head} head")
    return layers


def _mamba(c: Fields, head: str) -> Mamba:
    d = c.size("hidden_size")
    expand = c.size("expand", 2)
    # Hugging Face derives intermediate_size and time_step_rank, but a saved value overrides the derivation.
    inner = c.size("intermediate_size", times(expand, d))
    rank = c.raw("time_step_rank", "auto")
    if rank == "auto":
        if type(d) is int:
            rank = -(-d // 16)  # exact at any size: d / 16 is a float
        else:
            from sympy import ceiling

            from .symbols import as_sympy

            rank = ceiling(as_sympy(d) / 16)
    elif type(rank) is not int or rank <= 0:
        raise OptionError(f"mamba time_step_rank is {shown(rank)}: expected 'auto' or a positive integer")
    return Mamba(
        vocab=c.size("vocab_size"), width=d, depth=c.size("num_hidden_layers"), inner=inner,
        state=c.size("state_size"), rank=rank, kernel=c.size("conv_kernel", 4),
        bias=c.flag("use_bias", False), conv_bias=c.flag("use_conv_bias", True),
        tie=c.flag("tie_word_embeddings", True),  # read under every head: the base model has no head to tie
    )


def _build(c: Fields, head: str) -> tuple[list[Any], dict[str, Any]]:
    spec = _mamba(c, head)
    return build(spec, head), c.given()


# How the scan runs and is initialised changes no tensor.
_MAMBA = (
    "residual_in_fp32", "time_step_scale", "time_step_min", "time_step_max", "time_step_init_scheme",
    "time_step_floor", "rescale_prenorm_residual", "use_mambapy", "use_associative_scan", "layer_types",
)

TYPES: dict[str, Family] = {
    "mamba": Family("mamba", "Mamba", _build, {"model": "Model", "causal-lm": "ForCausalLM"}, frozenset(_MAMBA)),
}
