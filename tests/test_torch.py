"""Every layer kind's formula against PyTorch's own count: ``sum(p.numel())`` of the module.

PyTorch is the ground truth here, and only here: symcount never imports it.
Each configuration is counted twice, once with numbers and once as a formula
whose symbols are then given the numbers, and both must equal PyTorch's.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symcount import Network
from symcount.layers import (
    Attention,
    BatchNorm,
    Conv,
    Embedding,
    GatedMLP,
    GroupNorm,
    Layer,
    LayerNorm,
    Linear,
    MultiheadAttention,
    Recurrent,
    RMSNorm,
)

torch = pytest.importorskip("torch")  # in CI, conftest makes this skip a failure
nn = torch.nn
torch.set_default_device("meta")  # no memory, no random numbers: only shapes

small = st.integers(1, 12)
flag = st.booleans()
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def params(module: Any) -> int:
    return sum(p.numel() for p in module.parameters())


def buffers(module: Any) -> int:
    return sum(b.numel() for b in module.buffers())


def symbolic_twin(layer: Layer) -> tuple[Network, dict[str, int]]:
    """The same layer with each integer size replaced by a symbol, and the values to put back."""
    values: dict[str, int] = {}

    def name(d: Any) -> Any:
        if type(d) is int and d > 1:
            key = f"s{len(values)}"
            values[key] = d
            return key
        return d

    return Network([layer.map_dims(name)]), values


def agrees(layer: Layer, module: Any) -> None:
    net = Network([layer])
    assert net.count() == params(module)
    twin, values = symbolic_twin(layer)
    assert twin.count(values) == params(module)
    assert int(twin.total.xreplace({s: values[s.name] for s in twin.free_symbols})) == params(module)
    assert net.summary().buffers == buffers(module)


@given(small, small, flag)
@SETTINGS
def test_linear(i: int, o: int, bias: bool) -> None:
    agrees(Linear(i, o, bias=bias), nn.Linear(i, o, bias=bias))


@given(st.integers(1, 3), st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), st.lists(st.integers(1, 4), min_size=3, max_size=3), flag, flag)
@SETTINGS
def test_conv(dims: int, gi: int, go: int, groups: int, kernel: list[int], bias: bool, transposed: bool) -> None:
    i, o, k = gi * groups, go * groups, tuple(kernel[:dims])
    cls = {(1, False): nn.Conv1d, (2, False): nn.Conv2d, (3, False): nn.Conv3d,
           (1, True): nn.ConvTranspose1d, (2, True): nn.ConvTranspose2d, (3, True): nn.ConvTranspose3d}[dims, transposed]
    module = cls(i, o, k, groups=groups, bias=bias, stride=2, padding=1)
    agrees(Conv(i, o, k, dims=dims, groups=groups, bias=bias, transposed=transposed), module)


@given(small, small)
@SETTINGS
def test_embedding(n: int, d: int) -> None:
    agrees(Embedding(n, d), nn.Embedding(n, d, padding_idx=0))


@given(st.lists(small, min_size=1, max_size=3), flag, flag)
@SETTINGS
def test_layernorm_and_rmsnorm(shape: list[int], affine: bool, bias: bool) -> None:
    agrees(LayerNorm(tuple(shape), affine, bias), nn.LayerNorm(shape, elementwise_affine=affine, bias=bias))
    agrees(RMSNorm(tuple(shape), affine), nn.RMSNorm(shape, elementwise_affine=affine))


@given(small, flag, flag, st.integers(1, 3))
@SETTINGS
def test_batchnorm_buffers_apart(c: int, affine: bool, track: bool, dims: int) -> None:
    cls = {1: nn.BatchNorm1d, 2: nn.BatchNorm2d, 3: nn.BatchNorm3d}[dims]
    agrees(BatchNorm(c, affine, track), cls(c, affine=affine, track_running_stats=track))


@given(st.integers(1, 4), st.integers(1, 4), flag)
@SETTINGS
def test_groupnorm(groups: int, per: int, affine: bool) -> None:
    agrees(GroupNorm(groups, groups * per, affine), nn.GroupNorm(groups, groups * per, affine=affine))


@given(st.sampled_from(["rnn", "gru", "lstm"]), small, small, st.integers(1, 4), flag, flag, st.integers(0, 5))
@SETTINGS
def test_recurrent(cell: str, x: int, h: int, layers: int, bias: bool, bidirectional: bool, proj: int) -> None:
    proj = proj if cell == "lstm" and proj < h else 0
    cls = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}[cell]
    kwargs = {"proj_size": proj} if cell == "lstm" else {}
    module = cls(x, h, num_layers=layers, bias=bias, bidirectional=bidirectional, **kwargs)
    agrees(Recurrent(cell, x, h, layers, bias=bias, bidirectional=bidirectional, proj_size=proj), module)


@given(st.integers(1, 4), st.integers(1, 4), flag, flag, st.one_of(st.none(), small), st.one_of(st.none(), small))
@SETTINGS
def test_multihead_attention(heads: int, per: int, bias: bool, bias_kv: bool, kdim: int | None, vdim: int | None) -> None:
    e = heads * per
    module = nn.MultiheadAttention(e, heads, bias=bias, add_bias_kv=bias_kv, kdim=kdim, vdim=vdim)
    agrees(MultiheadAttention(e, heads, bias=bias, add_bias_kv=bias_kv, kdim=kdim, vdim=vdim), module)


class GroupedQueryAttention(nn.Module):  # type: ignore[misc]
    """Llama's attention projections, written here as the independent reference."""

    def __init__(self, d: int, heads: int, kv_heads: int, bias: bool) -> None:
        super().__init__()
        head_dim = d // heads
        self.q = nn.Linear(d, heads * head_dim, bias=bias)
        self.k = nn.Linear(d, kv_heads * head_dim, bias=bias)
        self.v = nn.Linear(d, kv_heads * head_dim, bias=bias)
        self.o = nn.Linear(heads * head_dim, d, bias=bias)


class SwiGLU(nn.Module):  # type: ignore[misc]
    def __init__(self, d: int, f: int, bias: bool) -> None:
        super().__init__()
        self.gate, self.up, self.down = nn.Linear(d, f, bias=bias), nn.Linear(d, f, bias=bias), nn.Linear(f, d, bias=bias)


@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4), flag)
@SETTINGS
def test_grouped_query_attention(kv_heads: int, group: int, head_dim: int, bias: bool) -> None:
    heads = kv_heads * group
    d = heads * head_dim
    agrees(Attention(d, heads, kv_heads, bias=bias), GroupedQueryAttention(d, heads, kv_heads, bias))


@given(small, small, flag)
@SETTINGS
def test_gated_mlp(d: int, f: int, bias: bool) -> None:
    agrees(GatedMLP(d, f, bias=bias), SwiGLU(d, f, bias))


def test_a_stack_of_kinds_adds_up() -> None:
    layers = [Embedding(100, 16), LayerNorm(16), MultiheadAttention(16, 4), GatedMLP(16, 64), Linear(16, 100)]
    modules = [nn.Embedding(100, 16), nn.LayerNorm(16), nn.MultiheadAttention(16, 4), SwiGLU(16, 64, False), nn.Linear(16, 100)]
    net = Network(layers)
    assert net.count() == sum(params(m) for m in modules)
    assert [r.params for r in net.summary().layers] == [params(m) for m in modules]


# -- Keras's conventions, against the formulas Keras documents ----------------------------


@given(small, small, flag)
@SETTINGS
def test_keras_recurrent_conventions(x: int, units: int, reset_after: bool) -> None:
    def count(cell: str, **kw: Any) -> int:
        return Network([Recurrent(cell, x, units, biases="keras", **kw)]).count()

    assert count("rnn") == units * (units + x + 1)  # SimpleRNN
    assert count("lstm") == 4 * units * (units + x + 1)  # LSTM: one bias vector
    gru_biases = 2 if reset_after else 1  # GRU keeps two bias vectors with reset_after (its default)
    assert count("gru", reset_after=reset_after) == 3 * units * (units + x + gru_biases)


@given(small)
@SETTINGS
def test_keras_batchnorm_moving_statistics_are_not_trainable(c: int) -> None:
    summary = Network([BatchNorm(c, framework="keras")]).summary()
    assert summary.total == 2 * c  # gamma, beta: trainable
    assert summary.buffers == 2 * c  # moving mean and variance: Keras's non-trainable weights
    assert summary.total + summary.buffers == 4 * c  # Keras's "Total params"


# -- composition -------------------------------------------------------------------------


@given(st.integers(1, 6), st.integers(1, 4), st.integers(1, 4))
@SETTINGS
def test_repeat_equals_the_stacked_modules(n: int, heads: int, per: int) -> None:
    from symcount import Repeat

    d = heads * per
    block = [LayerNorm(d), MultiheadAttention(d, heads), LayerNorm(d), GatedMLP(d, 2 * d)]
    modules = [m for _ in range(n) for m in (nn.LayerNorm(d), nn.MultiheadAttention(d, heads), nn.LayerNorm(d), SwiGLU(d, 2 * d, False))]
    agrees(Repeat(block, n), nn.ModuleList(modules))
    symbolic = Network([Repeat(block, "n_layer")])
    assert symbolic.count(n_layer=n) == params(nn.ModuleList(modules))


def test_deep_repeat_is_cheap() -> None:
    from symcount import Repeat

    net = Network([Repeat([Attention(64, 8), GatedMLP(64, 256)], 10_000)])
    assert net.count() == 10_000 * (Network([Attention(64, 8)]).count() + Network([GatedMLP(64, 256)]).count())
    assert len(net.summary().layers) == 2


@given(small, small, flag)
@SETTINGS
def test_tied_weights_count_once(vocab: int, d: int, head_bias: bool) -> None:
    from symcount import Tied

    class TiedModel(nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.embed = nn.Embedding(vocab, d)
            self.head = nn.Linear(d, vocab, bias=head_bias)
            self.head.weight = self.embed.weight  # one tensor, two modules

    net = Network([Embedding(vocab, d), Tied(Linear(d, vocab, bias=head_bias), to="embedding")])
    assert net.count() == params(TiedModel())
    assert "tied to embedding" in net.summary().to_text()


@given(st.integers(1, 4), st.integers(1, 4), small, flag)
@SETTINGS
def test_transformer_blocks(heads: int, per: int, ff: int, bias: bool) -> None:
    from symcount import decoder_block, encoder_block, from_torch

    d = heads * per
    enc = nn.TransformerEncoderLayer(d, heads, dim_feedforward=ff, bias=bias)
    dec = nn.TransformerDecoderLayer(d, heads, dim_feedforward=ff, bias=bias)
    agrees(encoder_block(d, heads, ff, bias=bias), enc)
    agrees(decoder_block(d, heads, ff, bias=bias), dec)
    assert from_torch(enc).count() == params(enc) and from_torch(dec).count() == params(dec)
