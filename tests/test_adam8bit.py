"""8-bit Adam: the state bitsandbytes' Adam8bit and AdamW8bit keep, against the tensors they allocate.

bitsandbytes' ``init_state`` runs on the CPU (its step does not): the state
of each parameter is allocated as a step would, and every tensor it holds is
counted, each storage once (the two quantization maps are one pair for the
whole optimizer).
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import symcount
from symcount import OptionError, UnsupportedError, from_torch, memory, models

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
bnb = pytest.importorskip("bitsandbytes")
transformers.logging.set_verbosity_error()
warnings.filterwarnings("ignore", module="transformers")
warnings.filterwarnings("ignore", module="bitsandbytes")

from .test_zoo import CASES, DECODERS, ZOO, config_dict, small_config  # noqa: E402

CLASSES = {"adam8bit": "Adam8bit", "adamw8bit": "AdamW8bit"}


def state_bytes(params: list[Any], optimizer: str) -> int:
    """The bytes of every tensor bitsandbytes' optimizer holds once each parameter's state is allocated."""
    with torch.device("cpu"):  # its quantization maps are made on the default device (other tests make it meta)
        opt = getattr(bnb.optim, CLASSES[optimizer])(params, lr=1e-3)
        for gi, group in enumerate(opt.param_groups):
            for pi, p in enumerate(group["params"]):
                opt.init_state(group, p, gi, pi)
    seen: dict[int, int] = {}
    for state in opt.state.values():
        for name, value in state.items():
            if torch.is_tensor(value):
                seen.setdefault(value.untyped_storage().data_ptr(), value.untyped_storage().nbytes())
            else:
                assert name == "step" and type(value) is int  # a Python int: no tensor
    return sum(seen.values())


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(widths=st.lists(st.integers(1, 130), min_size=2, max_size=5), bias=st.booleans(),
       optimizer=st.sampled_from(sorted(CLASSES)), dtype=st.sampled_from(["fp32", "bf16"]))
def test_an_mlp_keeps_what_bitsandbytes_allocates(widths: list[int], bias: bool, optimizer: str, dtype: str) -> None:
    """Tensors on both sides of 4096 elements (8-bit moments and 256-element blocks from there on, 32-bit below)."""
    layers = [torch.nn.Linear(a, b, bias=bias, device="cpu", dtype=getattr(torch, {"fp32": "float32", "bf16": "bfloat16"}[dtype]))
              for a, b in zip(widths, widths[1:])]
    net = symcount.mlp(widths, bias="all" if bias else "none")
    m = memory(net, dtype=dtype, optimizer=optimizer)
    params = [p for layer in layers for p in layer.parameters()]
    assert m.optimizer_bytes == state_bytes(params, optimizer)
    assert m.optimizer_bytes == sum(r.optimizer_bytes for r in m.layers)  # the maps are in the first 8-bit row


def test_every_family_states_its_tensors_sizes_or_refuses() -> None:
    """Each parameter tensor's elements, against the model built on the meta device; a family whose layers do not
    state them all is refused for 8-bit Adam, by name."""
    stated, wrong = [], []
    for model_type, head in CASES:
        family = ZOO[model_type]
        config = transformers.CONFIG_MAPPING[model_type]()
        with torch.device("meta"):
            model = getattr(transformers, family.prefix + family.heads[head])(config)
        net = models.from_config(config_dict(config, model_type, head))
        records = net.summary().layers
        if any(r.sizes is None for r in records if r.params or (r.tensors and sum(r.tensors))):
            with pytest.raises(UnsupportedError, match="keeps a state by each tensor's size"):
                memory(net, optimizer="adam8bit").optimizer_bytes
            continue
        import math

        ours = sorted(math.prod(t) for r in records for _ in range(r.times) for t in (r.sizes[0] + r.sizes[1]))
        if ours != sorted(p.numel() for p in model.parameters()):
            wrong.append((model_type, head))
        stated.append(model_type)
    assert not wrong
    assert {"gpt2", "llama", "mistral", "qwen2", "phi3", "gemma", "opt"} <= set(stated)




@pytest.mark.parametrize("model_type", DECODERS)
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_drawn_decoders_keep_what_bitsandbytes_allocates(model_type: str, data: st.DataObject) -> None:
    family = ZOO[model_type]
    try:
        config = small_config(model_type, data.draw)
        with torch.device("cpu"):
            model = getattr(transformers, family.prefix + family.heads["causal-lm"])(config)
        net = models.from_config(config_dict(config, model_type, "causal-lm"))
    except (UnsupportedError, OptionError):
        assume(False)
        raise
    except Exception:  # a combination Hugging Face itself cannot build is no test of ours
        assume(False)
        raise
    optimizer = data.draw(st.sampled_from(sorted(CLASSES)))
    m = memory(net, optimizer=optimizer)
    if any(r.sizes is None and r.trainable and r.params for r in m.layers):
        with pytest.raises(UnsupportedError, match="keeps a state by each tensor's size"):
            m.optimizer_bytes
        return
    assert m.optimizer_bytes == state_bytes(list(model.parameters()), optimizer)


def test_modules_read_from_torch_keep_what_bitsandbytes_allocates() -> None:
    """Kinds read from PyTorch, and a module read as no kind (its tensors counted one by one)."""
    nn = torch.nn

    class Scale(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.gain = nn.Parameter(torch.ones(5000))
            self.shift = nn.Parameter(torch.zeros(7))

    with torch.device("cpu"):
        model = nn.Sequential(nn.Conv2d(3, 64, 5), nn.BatchNorm2d(64), nn.Embedding(300, 20), nn.LayerNorm(20),
                              nn.Linear(20, 300), Scale())
    for optimizer in CLASSES:
        assert memory(from_torch(model), optimizer=optimizer).optimizer_bytes == state_bytes(list(model.parameters()), optimizer)


@pytest.mark.parametrize(
    ("net", "kwargs", "error", "message"),
    [
        (models.llama(), dict(), UnsupportedError, "give every size of the network"),
        (symcount.mlp([4, 5]), dict(mixed=True, dtype="bf16"), OptionError, "adam8bit with mixed=True"),
        (symcount.mlp([4, 5]), dict(zero=2, devices=4), OptionError, "adam8bit with zero=2"),
        (symcount.Network([symcount.Recurrent("lstm", 4, 8)]), dict(), UnsupportedError, "keeps a state by each tensor's size"),
    ],
)
def test_8bit_adam_is_refused_by_name(net: symcount.Network, kwargs: dict[str, Any], error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        memory(net, optimizer="adam8bit", **kwargs).optimizer_bytes


def test_each_layers_tensor_sizes_add_up_to_its_count() -> None:
    """Every Attention option, and the other kinds: the tensors' elements are the row's parameters, one size a tensor;
    a packed bias of some of q, k and v (one tensor holds all three) is refused."""
    import itertools
    import math

    kinds: list[Any] = [symcount.MLP(8, 12), symcount.MLP(8, 12, bias=False), symcount.GatedMLP(8, 12, bias=True),
                        symcount.GatedMLP(8, 12, packed=True, bias=True), symcount.Linear(3, 4), symcount.Conv(3, 8, 3, groups=1),
                        symcount.Embedding(5, 3), symcount.LayerNorm(6), symcount.RMSNorm(6), symcount.GroupNorm(2, 6),
                        symcount.Parameter((3, 4))]
    for packed, sinks, head_dim in itertools.product(["", "qkv", "qkv-weight"], [False, True], [None, 5]):
        for n in range(5):
            for bias in itertools.combinations("qkvo", n):
                try:
                    kinds.append(symcount.Attention(16, 4, 2, head_dim=head_dim, bias="".join(bias), sinks=sinks, packed=packed))
                except OptionError as err:
                    assert packed == "qkv" and "holds one bias for queries, keys and values" in str(err)
    for layer in kinds:
        (row,) = symcount.Network([layer]).summary().layers
        sizes = row.sizes[0] + row.sizes[1]
        assert sum(math.prod(t) for t in sizes) == row.params and len(sizes) == sum(row.tensors), layer
