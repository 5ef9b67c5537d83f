"""Memory against what PyTorch holds: weights, gradients and optimizer state after a real training step, exact.

Ground truth: the bytes of the tensors a model and a ``torch.optim``
optimizer hold after one step on the CPU (``optimizer.state``, each
parameter's ``.grad``), for each optimizer and precision; the parameter
tensors of every Hugging Face family built on the meta device. ZeRO's
published sizes are reproduced as a special case, citing the paper.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import symcount
from symcount import OptionError, UnsupportedError, from_torch, memory, models

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
transformers.logging.set_verbosity_error()
warnings.filterwarnings("ignore", module="transformers")

from .test_zoo import CASES, ZOO, config_dict, small_config  # noqa: E402

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))

OPTIMIZERS = {
    "sgd": lambda ps: torch.optim.SGD(ps, lr=0.1),
    "momentum": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9),
    "adam": lambda ps: torch.optim.Adam(ps, lr=1e-3),
    "adamw": lambda ps: torch.optim.AdamW(ps, lr=1e-3),
}
DTYPES = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}


def nbytes(tensors: Any) -> int:
    return sum(t.numel() * t.element_size() for t in tensors)


def state_bytes(optimizer: Any) -> int:
    """The bytes of every tensor an optimizer keeps in its state."""
    return nbytes(v for s in optimizer.state.values() for v in s.values() if torch.is_tensor(v))


def one_step(model: Any, run: Any, optimizer: str, dtype: str, mixed: bool) -> dict[str, int]:
    """The bytes a model and its optimizer hold after one training step on the CPU.

    ``mixed``: the model runs in 16 bits; the optimizer steps fp32 master
    copies of the trainable parameters, given the 16-bit gradients in fp32
    (as mixed-precision trainers keep them).
    """
    with torch.device("cpu"):
        model = model.to(DTYPES[dtype])
        trainable = [p for p in model.parameters() if p.requires_grad]
        master = [p.detach().float().clone().requires_grad_() for p in trainable] if mixed else trainable
        opt = OPTIMIZERS[optimizer](master)
        run(model).float().sum().backward()
        if mixed:
            for m, p in zip(master, trainable):
                m.grad = p.grad.float()
        opt.step()
        grads = [p.grad for p in model.parameters() if p.grad is not None]
        kept = state_bytes(opt) + (nbytes(master) if mixed else 0)
    return {"weight_bytes": nbytes(model.parameters()), "gradient_bytes": nbytes(grads), "optimizer_bytes": kept}


def ours(net: symcount.Network, optimizer: str, dtype: str, mixed: bool) -> dict[str, int]:
    m = memory(net, dtype=dtype, optimizer=optimizer, mixed=mixed)
    return {"weight_bytes": m.weight_bytes, "gradient_bytes": m.gradient_bytes, "optimizer_bytes": m.optimizer_bytes}


settings_strategy = st.sampled_from([(o, d, x) for o in OPTIMIZERS for d in DTYPES for x in (False, True) if not x or d != "fp32"])


@SETTINGS
@given(widths=st.lists(st.integers(1, 12), min_size=2, max_size=5), bias=st.booleans(), setting=settings_strategy)
def test_an_mlp_step_holds_what_memory_says(widths: list[int], bias: bool, setting: tuple[str, str, bool]) -> None:
    optimizer, dtype, mixed = setting
    with torch.device("cpu"):
        model = torch.nn.Sequential(*(torch.nn.Linear(a, b, bias=bias) for a, b in zip(widths, widths[1:])))
    expected = one_step(model, lambda m: m(torch.randn(3, widths[0], dtype=next(m.parameters()).dtype)), *setting)
    net = symcount.mlp(widths, bias="all" if bias else "none")
    assert ours(net, optimizer, dtype, mixed) == expected


def _layers() -> dict[str, Any]:
    """Modules of each kind with an input to run them on (CPU, small)."""
    nn = torch.nn
    return {
        "conv": (lambda: nn.Sequential(nn.Conv2d(3, 4, 3, groups=1), nn.BatchNorm2d(4), nn.Conv2d(4, 4, 3, groups=2, bias=False)),
                 lambda m, t: m(torch.randn(2, 3, 9, 9, dtype=t))),
        "lstm": (lambda: nn.LSTM(3, 4, num_layers=2, bidirectional=True, proj_size=2),
                 lambda m, t: m(torch.randn(5, 2, 3, dtype=t))[0]),
        "gru": (lambda: nn.GRU(3, 4, bias=False), lambda m, t: m(torch.randn(5, 2, 3, dtype=t))[0]),
        "mha": (lambda: nn.MultiheadAttention(8, 2, batch_first=True),
                lambda m, t: m(*(torch.randn(2, 5, 8, dtype=t),) * 3)[0]),
        "mha-kdim": (lambda: nn.MultiheadAttention(8, 2, kdim=4, vdim=6, add_bias_kv=True, batch_first=True),
                     lambda m, t: m(torch.randn(2, 5, 8, dtype=t), torch.randn(2, 5, 4, dtype=t), torch.randn(2, 5, 6, dtype=t))[0]),
        "encoder": (lambda: nn.TransformerEncoderLayer(8, 2, 16, batch_first=True),
                    lambda m, t: m(torch.randn(2, 5, 8, dtype=t))),
        "embedding": (lambda: nn.Sequential(nn.Embedding(11, 6), nn.LayerNorm(6), nn.Linear(6, 11)),
                      lambda m, t: m(torch.randint(0, 11, (2, 5)))),
    }


@pytest.mark.parametrize("kind", list(_layers()))
@pytest.mark.parametrize("setting", [("adam", "fp32", False), ("momentum", "bf16", False), ("adamw", "bf16", True)])
def test_each_kind_read_from_torch_holds_what_memory_says(kind: str, setting: tuple[str, str, bool]) -> None:
    make, run = _layers()[kind]
    with torch.device("cpu"):
        model = make()
    net = from_torch(model)
    if kind == "lstm" and setting[1] == "bf16":
        setting = (setting[0], "fp32", False)  # PyTorch's CPU LSTM runs in fp32 only
    expected = one_step(model, lambda m: run(m, next(m.parameters()).dtype), *setting)
    assert ours(net, *setting) == expected


def test_frozen_parts_keep_no_gradient_and_no_state() -> None:
    with torch.device("cpu"):
        model = torch.nn.Sequential(torch.nn.Embedding(11, 6), torch.nn.Linear(6, 8), torch.nn.Linear(8, 11))
    model[0].requires_grad_(False)
    model[1].requires_grad_(False)
    expected = one_step(model, lambda m: m(torch.randint(0, 11, (2, 5))), "adam", "fp32", False)
    net = symcount.Network([symcount.Embedding(11, 6).named("emb"), symcount.Linear(6, 8).named("a"),
                            symcount.Linear(8, 11).named("b")]).freeze("emb", "a")
    assert ours(net, "adam", "fp32", False) == expected
    assert expected["optimizer_bytes"] == 2 * 4 * (8 * 11 + 11) + 4 * 2


def test_every_family_holds_its_parameters_in_the_tensors_it_says() -> None:
    """Adam keeps a step per parameter tensor: every family's tensors are PyTorch's, built on the meta device."""
    wrong = []
    for model_type, head in CASES:
        family = ZOO[model_type]
        config = transformers.CONFIG_MAPPING[model_type]()
        with torch.device("meta"):
            model = getattr(transformers, family.prefix + family.heads[head])(config)
        summary = models.from_config(config_dict(config, model_type, head)).summary()
        tensors = sum(a + b for a, b in (r.tensors for r in summary.layers))
        if tensors != len(list(model.parameters())):
            wrong.append((model_type, head, tensors, len(list(model.parameters()))))
    assert not wrong


@pytest.mark.parametrize(("model_type", "head"), CASES, ids=[f"{t}-{h}" for t, h in CASES])
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_drawn_configs_hold_their_parameters_in_the_tensors_they_say(model_type: str, head: str, data: st.DataObject) -> None:
    family = ZOO[model_type]
    try:
        config = small_config(model_type, data.draw)
        with torch.device("meta"):
            model = getattr(transformers, family.prefix + family.heads[head])(config)
    except Exception:  # a combination Hugging Face itself cannot build is no test of ours
        assume(False)
        raise
    try:
        net = models.from_config(config_dict(config, model_type, head))
    except (UnsupportedError, OptionError):
        assume(False)
        raise
    m = memory(net, optimizer="adam")
    params = list(model.parameters())
    assert m.optimizer_bytes == 8 * sum(p.numel() for p in params) + 4 * len(params)


def test_a_small_llama_step_holds_what_memory_says() -> None:
    config = transformers.LlamaConfig(vocab_size=64, hidden_size=16, intermediate_size=24, num_hidden_layers=2,
                                      num_attention_heads=4, num_key_value_heads=2)
    with torch.device("cpu"):
        model = transformers.LlamaForCausalLM(config)
    net = models.from_config(config_dict(config, "llama", "causal-lm"))
    ids = torch.randint(0, 64, (2, 5))
    for setting in (("adamw", "bf16", True), ("adam", "fp32", False), ("sgd", "fp16", False)):
        with torch.device("cpu"):
            model = transformers.LlamaForCausalLM(config)
        assert ours(net, *setting) == one_step(model, lambda m: m(ids).logits, *setting), setting


def test_zero_reproduces_the_papers_sizes() -> None:
    """Rajbhandari et al. 2020 (arXiv:1910.02054), Figure 1 and section 5.1: 7.5B parameters, Adam in mixed
    precision (K = 12), 64 devices: 120 GB, 31.4 GB, 16.6 GB and 1.9 GB per device.

    The paper's model states are (2 + 2 + K) Psi; PyTorch's Adam also keeps a
    4-byte step per parameter tensor, which the paper leaves out: the
    difference is exactly that, shared like the rest of the optimizer state.
    """
    net = symcount.Network([symcount.Parameter("psi")])  # Psi parameters, in one tensor
    P, N = symcount.symbol("psi"), symcount.symbol("N_d")
    paper = {0: 16 * P, 1: 4 * P + 12 * P / N, 2: 2 * P + 14 * P / N, 3: 16 * P / N}
    published = {0: 120.0, 1: 31.4, 2: 16.6, 3: 1.9}
    sizes = {P: 7_500_000_000, N: 64}
    for stage in range(4):
        m = memory(net, dtype="fp16", optimizer="adam", mixed=True, zero=stage, devices=1 if stage == 0 else "N_d")
        ours_ = m.per_device()["model_state_bytes"]
        expected = paper[stage].subs(sizes)
        assert round(int(expected) / 1e9, 1) == published[stage]
        # Symcount's share: the paper's, plus the step counter: 4 bytes whole, or its share rounded up to a byte
        # (Psi a multiple of N_d, the paper's shares are whole bytes).
        assert ours_.subs(sizes) == expected + (4 if stage == 0 else 1)
    symbolic = memory(net, dtype="bf16", optimizer="adamw", mixed=True)
    assert symbolic.model_state_bytes == paper[0] + 4


def test_zero_shares_round_up_and_numbers_are_ints() -> None:
    net = symcount.mlp([784, 16, 16, 10])
    m = memory(net, dtype="bf16", optimizer="adam", mixed=True, zero=2, devices=7)
    share = m.per_device()
    assert share["weight_bytes"] == 2 * 13002
    assert share["gradient_bytes"] == -(-2 * 13002 // 7)
    assert share["optimizer_bytes"] == -(-(12 * 13002 + 4 * 6) // 7)
    assert all(type(v) is int for v in share.values())
    assert json.loads(json.dumps(m.to_dict()))["per_device"]["gradient_bytes"] == share["gradient_bytes"]


def test_formulas_are_the_numbers_substituted() -> None:
    net = models.llama()
    sizes = dict(vocab_size=32000, hidden_size=4096, num_hidden_layers=32, intermediate_size=11008)
    for setting in (("adam", "fp32", False), ("adamw", "bf16", True), ("momentum", "fp16", False)):
        sym = ours(net, *setting)
        num = ours(net.subs(sizes), *setting)
        values = {symcount.symbol(k): v for k, v in sizes.items()}
        assert {k: v.subs(values) for k, v in sym.items()} == num


def test_inference_is_the_weights_alone() -> None:
    m = memory(symcount.mlp([784, 16, 16, 10]), dtype="int8")
    assert (m.weight_bytes, m.gradient_bytes, m.optimizer_bytes) == (13002, 0, 0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(dtype="fp64"), "dtype is 'fp64'"),
        (dict(optimizer="lion"), "optimizer is 'lion'"),
        (dict(optimizer="adam", dtype="int8"), "a training step keeps its weights in fp32, bf16 or fp16"),
        (dict(optimizer="adam", mixed=True), "mixed=True is a training step"),
        (dict(mixed=1), "mixed is 1"),
        (dict(zero=4, optimizer="adam"), "zero is 4"),
        (dict(zero=True, optimizer="adam"), "zero is True"),
        (dict(zero=1), "give an optimizer"),
        (dict(devices=8), "devices is 8 without ZeRO"),
        (dict(zero=1, optimizer="adam", devices=0), "devices is 0"),
        (dict(zero=1, optimizer="adam", devices="h1"), "'h1' names a size of the network"),
    ],
)
def test_bad_options_are_refused_by_name(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(symcount.SymcountError, match=message):
        memory(symcount.mlp(2), **kwargs)


def test_adam_refuses_tensors_it_is_not_told() -> None:
    net = symcount.Network([symcount.Recurrent("lstm", 3, 4, biases="keras")])
    assert memory(net, optimizer="momentum").optimizer_bytes == 4 * net.count()
    with pytest.raises(UnsupportedError, match="parameter tensors of lstm are not stated"):
        memory(net, optimizer="adam").optimizer_bytes
    with pytest.raises(OptionError, match="expected a symcount Network"):
        memory("784-16-10")  # type: ignore[arg-type]


# -- the command ------------------------------------------------------------------------------


def test_the_memory_command(tmp_path: Any) -> None:
    from .test_compute import run

    status, out, _ = run(["memory", "784", "16", "16", "10", "--optimizer", "adam", "--format", "json"])
    data = json.loads(out)
    m = memory(symcount.mlp([784, 16, 16, 10]), optimizer="adam")
    assert status == 0 and (data["weight_bytes"], data["gradient_bytes"], data["optimizer_bytes"]) == (
        m.weight_bytes, m.gradient_bytes, m.optimizer_bytes)
    assert sum(r["optimizer_bytes"] for r in data["layers"]) == data["optimizer_bytes"]
    config = transformers.LlamaConfig(vocab_size=64, hidden_size=16, intermediate_size=24, num_hidden_layers=2,
                                      num_attention_heads=4, num_key_value_heads=2)
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config_dict(config, "llama", "causal-lm")))
    status, out, _ = run(["memory", "--config", str(path), "--dtype", "bf16", "--optimizer", "adamw", "--mixed",
                          "--zero", "3", "--devices", "4", "--format", "json"])
    with torch.device("cpu"):
        model = transformers.LlamaForCausalLM(config)
    truth = one_step(model, lambda m: m(torch.randint(0, 64, (2, 5))).logits, "adamw", "bf16", True)
    data = json.loads(out)
    assert status == 0 and data["per_device"]["model_state_bytes"] == sum(-(-v // 4) for v in truth.values())
    status, out, _ = run(["memory", "784", "w", "10", "--optimizer", "momentum"])
    assert status == 0 and "\nmodel states 120 + 9540*w\n" in out  # 1590 w + 10 parameters, three copies of 4 bytes


@pytest.mark.parametrize(("argv", "message"), [
    (["memory"], "give an MLP's WIDTHs, --model FAMILY or --config"),
    (["memory", "784", "10", "--mixed"], "mixed=True is a training step"),
    (["memory", "784", "10", "--devices", "8"], "devices is 8 without ZeRO"),
    (["memory", "784", "10", "--zero", "2"], "give an optimizer"),
    (["memory", "784", "10", "--optimizer", "adam", "--dtype", "int8"], "a training step keeps its weights"),
    (["memory", "784", "10", "--optimizer", "lion"], "invalid choice: 'lion'"),
    (["memory", "--model", "llama", "--set", "hidden=4"], "llama has no field 'hidden'"),
])
def test_the_memory_command_refuses_in_one_line(argv: list[str], message: str) -> None:
    from .test_compute import run

    status, out, err = run(argv)
    assert status == 2 and out == "" and err.count("\n") == 1 and message in err, err
