"""Reading PyTorch modules: the count equals PyTorch's, tied tensors once, unknown modules by name."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symcount
from symcount import OptionError, from_torch

from .test_models import GPT2, Bert, Llama, params

torch = pytest.importorskip("torch")  # in CI, conftest makes this skip a failure
nn = torch.nn


def buffers(module: Any) -> int:
    return sum(b.numel() for b in module.buffers())


def test_every_kind_in_one_model() -> None:
    model = nn.Sequential(
        nn.Embedding(50, 8), nn.LayerNorm(8), nn.MultiheadAttention(8, 2, kdim=4, vdim=6), nn.LSTM(8, 6, 2, proj_size=3),
        nn.GRU(3, 5, bidirectional=True), nn.Conv2d(4, 8, 3, groups=2), nn.ConvTranspose1d(8, 4, 5), nn.BatchNorm2d(8),
        nn.GroupNorm(2, 8), nn.RMSNorm(8), nn.Linear(8, 3),
    ).to("meta")
    net = from_torch(model)
    assert net.count() == params(model)
    assert net.summary().buffers == buffers(model)
    assert all("no formula" not in r.kind for r in net.summary().layers)


@given(st.integers(2, 30), st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.booleans())
@settings(max_examples=25, deadline=None)
def test_families_read_back(vocab: int, heads: int, per: int, layers: int, tie: bool) -> None:
    d = heads * per
    from .test_models import Basic, torch_resnet

    for model in (GPT2(vocab, 16, d, layers, heads, 4 * d), Bert(vocab, d, layers, heads, 2 * d, 16, 2),
                  torch_resnet(Basic, (layers, 1, 1, 1), d, vocab),
                  Llama(vocab, d, layers, heads, heads, 3 * d, tie)):
        assert from_torch(model.to("meta")).count() == params(model)


def test_tied_head_counts_once_and_says_so() -> None:
    model = GPT2(100, 16, 8, 2, 2, 32).to("meta")
    net = from_torch(model)
    assert net.count() == params(model)
    assert any(r.tied_to == "wte" and r.weights == 0 for r in net.summary().layers)


def test_unknown_modules_are_named_not_zero() -> None:
    class Scale(nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.gain = nn.Parameter(torch.ones(7))
            self.register_buffer("steps", torch.zeros(3))

    model = nn.Sequential(nn.Linear(4, 7), Scale()).to("meta")
    net = from_torch(model)
    assert net.count() == params(model) and net.summary().buffers == buffers(model)
    assert "Scale '1' (its tensors, no formula)" in net.summary().to_text()


def test_sizes_as_symbols() -> None:
    model = nn.Sequential(nn.Embedding(50, 8), nn.Linear(8, 50)).to("meta")
    net = from_torch(model, names={8: "d", 50: "V"})
    assert str(net.total) == "2*V*d + V"
    assert net.count(d=8, V=50) == params(model)
    with pytest.raises(OptionError, match="names maps 8 to '8d'"):
        from_torch(model, names={8: "8d"})
    with pytest.raises(OptionError, match="expected a torch.nn.Module"):
        from_torch(symcount.mlp(2))
