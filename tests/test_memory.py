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

from .test_zoo import CASES, DECODERS, ZOO, config_dict, small_config  # noqa: E402

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
    status, out, _ = run(["memory", "--config", str(path), "--seq-len", "7", "--batch", "2", "--format", "json"])
    with torch.device("cpu"):
        model = transformers.LlamaForCausalLM(config)
    data = json.loads(out)
    assert status == 0 and data["kv_cache_bytes"] == cache_truth(model, 2, 7)[0] == 2 * 2 * 2 * 4 * 7 * 2 * 4
    assert data["inference_bytes"] == data["weight_bytes"] + data["kv_cache_bytes"]
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
    (["memory", "--model", "llama", "-s", "8", "--optimizer", "adam", "--cache-dtype", "bf16"], "a training step keeps no key-value cache"),
    (["memory", "--model", "llama", "-s", "8", "--optimizer", "adam"], "give attn_implementation"),
    (["memory", "--model", "gpt2", "-s", "8", "--optimizer", "adam", "--attn-implementation", "eager"], "read GPT-2 as a family"),
    (["memory", "--model", "llama", "-s", "8", "--optimizer", "adam", "--attn-implementation", "eager"], "labels=True or False"),
    (["memory", "--model", "mamba", "-s", "8"], "compute of mamba is not stated"),
    (["memory", "--model", "t5", "-s", "8"], "no key-value cache is stated for an encoder-decoder"),
])
def test_the_memory_command_refuses_in_one_line(argv: list[str], message: str) -> None:
    from .test_compute import run

    status, out, err = run(argv)
    assert status == 2 and out == "" and err.count("\n") == 1 and message in err, err


# -- the key-value cache ------------------------------------------------------------------------------

from symcount._encoder import TYPES as ENCODER_TYPES  # noqa: E402
from symcount._seq2seq import TYPES as SEQ2SEQ_TYPES  # noqa: E402


def cache_truth(model: Any, batch: int, seq: int) -> tuple[int, list[str]]:
    """The bytes of the keys and values a model's cache holds after a forward pass of ``seq`` positions, and the
    names of any other tensors it holds."""
    with torch.device("cpu"), torch.no_grad():
        cache = model(torch.randint(1, 50, (batch, seq)), use_cache=True).past_key_values
    kv, others = 0, []
    layers = list(cache.layers) if hasattr(cache, "layers") else []
    if hasattr(cache, "self_attention_cache"):  # an EncoderDecoderCache (Megatron-BERT's): its cross-attention part
        layers = list(cache.self_attention_cache.layers)  # holds nothing without cross-attention (checked below)
        others += [f"cross.{name}" for layer in cache.cross_attention_cache.layers
                   for name, t in vars(layer).items() if torch.is_tensor(t)]
    for layer in layers:
        for name, t in vars(layer).items():
            if torch.is_tensor(t):
                if name in ("keys", "values"):
                    kv += t.numel() * t.element_size()
                else:
                    others.append(name)
    return kv, others


#: The decoders, and the encoder-decoders' decoders alone (their causal-LM heads: a cross-attention run only when
#: given an encoder's output, which keeps nothing then).
CACHED = sorted(DECODERS + [t for t in SEQ2SEQ_TYPES if "causal-lm" in ZOO[t].heads])


@pytest.mark.parametrize("model_type", CACHED)
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_decoder_familys_cache_holds_what_memory_says(model_type: str, data: st.DataObject) -> None:
    """Keys and values per key-value head (a latent attention's latent and rope key), for every position, or a
    sliding window's last window - 1, against the DynamicCache of a Hugging Face model after a forward pass."""
    try:
        drawn = small_config(model_type, data.draw).to_dict()
    except Exception:  # a combination Hugging Face itself cannot build is no test of ours
        assume(False)
        raise
    cls = transformers.CONFIG_MAPPING[model_type]
    fields = cls().to_dict()
    drawn.pop("layer_types", None)  # recomputed by the class from what is drawn next
    if "sliding_window" in fields:
        drawn["sliding_window"] = data.draw(st.one_of(st.none(), st.integers(2, 6)))
    if "use_sliding_window" in fields:
        drawn["use_sliding_window"] = data.draw(st.booleans())
    drawn.update(pad_token_id=0, output_router_logits=False)
    if model_type.startswith("deepseek"):  # sizes its forward pass needs (see test_compute)
        drawn.update(n_group=1, topk_group=1, num_key_value_heads=drawn["num_attention_heads"],
                     head_dim=drawn["qk_rope_head_dim"])
    if model_type == "gptj":
        drawn["rotary_dim"] = 4
    if model_type in ("bart", "mbart"):  # its causal-LM cache has num_hidden_layers layers, which is encoder_layers
        drawn["encoder_layers"] = drawn["decoder_layers"]
    dtype = data.draw(st.sampled_from(["fp32", "bf16"]))
    try:
        config = cls(**{k: v for k, v in drawn.items() if k not in ("model_type", "transformers_version")})
        config._attn_implementation = "eager"
        with torch.device("cpu"):
            model = getattr(transformers, ZOO[model_type].prefix + ZOO[model_type].heads["causal-lm"])(config)
        model = model.to(DTYPES[dtype]).eval()
        batch, seq = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 8))
        truth, others = cache_truth(model, batch, seq)
    except Exception:  # a config Hugging Face builds but cannot run
        assume(False)
        raise
    assert set(others) <= {"_sliding_window_tensor"}  # a sliding layer's window, a 0-d integer: bookkeeping
    try:
        net = models.from_config(config_dict(config, model_type, "causal-lm"))
    except (UnsupportedError, OptionError):
        assume(False)
        raise
    m = memory(net, dtype=dtype, batch=batch, seq=seq)
    if drawn.get("use_bidirectional_attention"):  # Gemma 3 as an encoder: refused, by name
        with pytest.raises(UnsupportedError, match="use_bidirectional_attention"):
            m.kv_cache_bytes
        return
    if model_type in ENCODER_TYPES:  # a BERT-like model's cache (an EncoderDecoderCache, as a decoder): not stated yet
        with pytest.raises(UnsupportedError, match="cross-attention is not stated|key-value cache .* is not stated"):
            m.kv_cache_bytes
        return
    assert m.kv_cache_bytes == truth, config.to_json_string(use_diff=True)


def test_the_types_that_list_their_layer_types_are_transformers_own() -> None:
    from symcount._decoder import LISTS_LAYER_TYPES

    listed = {t for t in DECODERS if getattr(transformers.CONFIG_MAPPING[t](), "layer_types", None) is not None}
    assert listed == set(LISTS_LAYER_TYPES)


def test_a_config_that_does_not_say_which_layers_slide_is_refused() -> None:
    config = transformers.Gemma2Config(vocab_size=50, hidden_size=16, intermediate_size=8, num_hidden_layers=3,
                                       num_attention_heads=2, num_key_value_heads=1, head_dim=8, sliding_window=4)
    data = config_dict(config, "gemma2", "causal-lm")
    assert memory(models.from_config(data), batch=1, seq=9).kv_cache_bytes == 4 * 2 * 8 * (3 + 9 + 3)
    del data["layer_types"]
    net = models.from_config(data)
    assert net.count() == models.from_config(config_dict(config, "gemma2", "causal-lm")).count()
    with pytest.raises(UnsupportedError, match="gemma2 without layer_types"):
        memory(net, batch=1, seq=9).kv_cache_bytes


def test_the_cache_as_a_formula() -> None:
    """Llama: a key and a value of d per position and layer (2 b s L d elements, in bf16 4 b s L d bytes); with
    grouped keys and values, n_kv heads of d_head; Mistral's default window, 4096, keeps at most 4095 positions."""
    import sympy

    b, s = symcount.symbol("b"), symcount.symbol("s")
    L, d, kv, hd = (symcount.symbol(n) for n in ("num_hidden_layers", "hidden_size", "num_key_value_heads", "head_dim"))
    assert memory(models.llama(), dtype="bf16", seq="s").kv_cache_bytes == 2 * 2 * b * s * L * d
    grouped = models.family("llama", head_dim="head_dim", num_key_value_heads="num_key_value_heads")
    grouped = memory(grouped, dtype="bf16", seq="s").kv_cache_bytes
    assert grouped == 2 * 2 * b * s * L * kv * hd
    mistral = memory(models.family("mistral"), dtype="bf16", seq="s").kv_cache_bytes
    assert mistral.has(sympy.Min(s, 4095))
    sizes = dict(vocab_size=32000, hidden_size=4096, num_hidden_layers=32, num_attention_heads=32,
                 num_key_value_heads=8, intermediate_size=14336, head_dim=128)
    seven = memory(models.family("mistral", **sizes), dtype="bf16", batch=1, seq=32768).kv_cache_bytes
    assert seven == 2 * 2 * 32 * 8 * 128 * 4095  # 8 key-value heads of 128, 32 layers, the last 4095 positions


def test_deepseek_v3_caches_its_latent() -> None:
    """MLA caches (d_c + d_h^R) l elements a token (DeepSeek-AI 2024, "DeepSeek-V2", arXiv:2405.04434, Table 1),
    not 2 n_h d_h l; at DeepSeek-V3's sizes (d_c = 512, d_h^R = 64, 61 layers: "DeepSeek-V3 Technical Report",
    arXiv:2412.19437, section 4.2), 70,272 bytes a token in bf16."""
    net = models.family("deepseek_v3", num_hidden_layers=61, kv_lora_rank=512, qk_rope_head_dim=64)
    assert memory(net, dtype="bf16", batch=1, seq=1).kv_cache_bytes == 2 * 61 * (512 + 64)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (dict(seq=8, optimizer="adam", cache_dtype="bf16"), OptionError, "a training step keeps no key-value cache"),
        (dict(cache_dtype="bf16"), OptionError, "give seq"),
        (dict(seq=8, dtype="int8"), OptionError, "give cache_dtype"),
        (dict(seq="num_hidden_layers"), OptionError, "names a size of the network"),
        (dict(seq=0), symcount.SymcountError, "seq is 0"),
    ],
)
def test_cache_options_are_refused_by_name(kwargs: dict[str, Any], error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        memory(models.llama(), **kwargs).kv_cache_bytes


def test_layers_that_keep_no_stated_cache_are_refused() -> None:
    net = symcount.Network([symcount.MultiheadAttention(8, 2)])
    with pytest.raises(UnsupportedError, match="MultiheadAttention, which keeps no key-value cache"):
        memory(net, batch=1, seq=4).kv_cache_bytes
    with pytest.raises(UnsupportedError, match="compute of mamba is not stated"):
        memory(models.family("mamba"), batch=1, seq=4).kv_cache_bytes
    with pytest.raises(UnsupportedError, match="no key-value cache is stated for an encoder-decoder"):
        memory(models.family("t5"), batch=1, seq=4).kv_cache_bytes
    with pytest.raises(UnsupportedError, match="cross-attention reads a memory given with its input"):
        memory(symcount.Network([symcount.decoder_block(8, 2)]), batch=1, seq=4).kv_cache_bytes
    assert memory(symcount.mlp([4, 8, 2]), batch=2, seq=5).kv_cache_bytes == 0  # no attention, no cache


# -- inverse problems ----------------------------------------------------------------------------


@SETTINGS
@given(layers=st.integers(1, 4), width=st.sampled_from([8, 16, 32]), heads=st.sampled_from([1, 2, 4]),
       seq=st.integers(1, 64), budget=st.integers(10**4, 10**7), dtype=st.sampled_from(["fp32", "bf16"]),
       step=st.integers(1, 4))
def test_the_largest_batch_within_a_budget_is_exact(layers: int, width: int, heads: int, seq: int, budget: int,
                                                    dtype: str, step: int) -> None:
    net = models.llama(vocab_size=50, hidden_size=width, num_hidden_layers=layers, num_attention_heads=heads,
                       intermediate_size=24)

    def used(batch: int) -> int:
        return memory(net, dtype=dtype, batch=batch, seq=seq).inference_bytes

    try:
        s = symcount.solve_memory(budget, net, seq=seq, dtype=dtype, multiple_of=step)
    except symcount.InfeasibleError as err:
        assert used(step) > budget and err.smallest == used(step)
        return
    assert s.value % step == 0 and s.count == used(s.value) <= budget < used(s.value + step)
    assert s.unit == "bytes" and "bytes" in s.to_text()


def test_the_longest_sequence_and_the_widest_model_within_a_budget() -> None:
    sizes = dict(model_type="mistral", architectures=["MistralForCausalLM"], vocab_size=50, hidden_size=16,
                 num_hidden_layers=2, num_attention_heads=2, num_key_value_heads=1, intermediate_size=24)
    net = models.from_config({**sizes, "sliding_window": None})
    s = symcount.solve_memory(10**6, net, solve="seq", batch=4, dtype="bf16")
    assert memory(net, dtype="bf16", batch=4, seq=s.value).inference_bytes <= 10**6 < memory(
        net, dtype="bf16", batch=4, seq=s.value + 1).inference_bytes
    # Every layer slides: past the window the cache stops growing, and no length reaches the budget.
    sliding = models.from_config({**sizes, "sliding_window": 8})
    with pytest.raises(OptionError, match="however large seq grows"):
        symcount.solve_memory(10**6, sliding, solve="seq", batch=4, dtype="bf16")
    assert symcount.solve_memory(10**6, sliding, solve="seq", batch=4, dtype="bf16", maximum=10**5).value == 10**5
    wide = models.llama(vocab_size=32000, num_hidden_layers=32, num_attention_heads=32, intermediate_size=11008)
    s = symcount.solve_memory(80 * 10**9, wide, solve="hidden_size", dtype="bf16", optimizer="adamw", mixed=True,
                              multiple_of=128)

    def states(d: int) -> int:
        return memory(wide.subs(hidden_size=d), dtype="bf16", optimizer="adamw", mixed=True).model_state_bytes

    assert states(s.value) <= 80 * 10**9 < states(s.value + 128)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(), "give seq"),
        (dict(seq=8, optimizer="adam"), "give attn_implementation"),
        (dict(optimizer="adam"), "the model states alone do not change with the batch: give seq, the activations'"),
        (dict(seq=8, batch=2), "batch is what is solved for"),
        (dict(seq=8, lr=3), "no option 'lr'"),
        (dict(seq="s"), "seq is 's': solve_memory needs it as a number"),
        (dict(solve="width", seq=8), "expected 'batch', 'seq' or the network's one free size"),
        (dict(solve="seq"), "give the number of sequences"),
    ],
)
def test_solve_memory_refuses_by_name(kwargs: dict[str, Any], message: str) -> None:
    net = models.llama(vocab_size=50, hidden_size=16, num_hidden_layers=2, num_attention_heads=2, intermediate_size=24)
    with pytest.raises(OptionError, match=message):
        symcount.solve_memory(10**6, net, **kwargs)


def test_tokens_within_a_compute_budget() -> None:
    c = symcount.flops(models.llama(vocab_size=32000, hidden_size=4096, num_hidden_layers=32, num_attention_heads=32,
                                    intermediate_size=11008), batch=1, seq=2048)
    d = c.tokens_within(10**23)
    assert c.training(d) <= 10**23 < c.training(d + 1)
    with pytest.raises(OptionError, match="every size a number"):
        symcount.flops(models.llama(), seq="s").tokens_within(10**23)
    with pytest.raises(OptionError, match="budget is 1.5"):
        c.tokens_within(1.5)


def test_the_memory_command_solves_within_a_budget() -> None:
    from .test_compute import run

    sizes = ["vocab_size=32000", "hidden_size=4096", "num_hidden_layers=32", "num_attention_heads=32", "intermediate_size=11008"]
    net = models.llama(**{k: int(v) for k, v in (s.split("=") for s in sizes)})
    status, out, _ = run(["memory", "--model", "llama", "--set", *sizes, "--dtype", "bf16", "-s", "4096", "--within", "80GB"])
    s = symcount.solve_memory(80 * 10**9, net, seq=4096, dtype="bf16")
    assert status == 0 and out == s.to_text() + "\n" and s.value == 30
    status, out, _ = run(["memory", "--model", "llama", "--set", *sizes, "--dtype", "bf16", "-b", "8", "--largest", "seq",
                          "--within", "80GiB", "--multiple-of", "256", "--format", "json"])
    data = json.loads(out)
    assert status == 0 and data["budget"] == 80 * 2**30 and data["value"] % 256 == 0 and data["unit"] == "bytes"
    assert memory(net, dtype="bf16", batch=8, seq=data["value"]).inference_bytes == data["count"]
    status, out, err = run(["memory", "784", "16", "--within", "80XB"])
    assert status == 2 and "invalid size: '80XB'" in err and err.count("\n") == 1


# -- what the review found ------------------------------------------------------------------------------


def test_a_latent_attention_with_a_sliding_window_slides() -> None:
    config = transformers.DeepseekV3Config(
        num_hidden_layers=3, first_k_dense_replace=1, vocab_size=60, hidden_size=16, intermediate_size=24,
        moe_intermediate_size=8, num_attention_heads=2, num_key_value_heads=2, n_routed_experts=4, num_experts_per_tok=2,
        n_group=1, topk_group=1, kv_lora_rank=8, q_lora_rank=8, qk_rope_head_dim=4, qk_nope_head_dim=4, v_head_dim=4,
        head_dim=4, pad_token_id=0, sliding_window=4)
    with torch.device("cpu"):
        model = transformers.DeepseekV3ForCausalLM(config).eval()
    net = models.from_config(config_dict(config, "deepseek_v3", "causal-lm"))
    assert memory(net, batch=2, seq=9).kv_cache_bytes == cache_truth(model, 2, 9)[0] == 4 * 2 * 3 * 3 * (8 + 4)


def test_use_sliding_window_is_read_only_where_the_config_class_reads_it() -> None:
    from symcount._decoder import USES_SLIDING_FLAG

    assert {t for t in DECODERS if "use_sliding_window" in transformers.CONFIG_MAPPING[t]().to_dict()} == set(USES_SLIDING_FLAG)
    config = transformers.MistralConfig(vocab_size=60, hidden_size=16, intermediate_size=24, num_attention_heads=2,
                                        num_key_value_heads=1, num_hidden_layers=2, sliding_window=4, use_sliding_window=False)
    with torch.device("cpu"):
        model = transformers.MistralForCausalLM(config).eval()
    net = models.from_config(config_dict(config, "mistral", "causal-lm"))
    assert memory(net, batch=2, seq=9).kv_cache_bytes == cache_truth(model, 2, 9)[0]  # the window slides all the same


def test_gpt2_caches_and_bert_keeps_none() -> None:
    gpt2 = dict(vocab_size=50, n_positions=16, n_embd=16, n_layer=2, n_head=2)
    with torch.device("cpu"):
        model = transformers.GPT2LMHeadModel(transformers.GPT2Config(**gpt2)).eval()
    assert memory(models.gpt2(**gpt2), batch=3, seq=4).kv_cache_bytes == cache_truth(model, 3, 4)[0]
    bert = dict(vocab_size=50, hidden_size=16, num_hidden_layers=1, num_attention_heads=2, max_position_embeddings=16,
                type_vocab_size=2, intermediate_size=24)
    with torch.device("cpu"), torch.no_grad():
        out = transformers.BertModel(transformers.BertConfig(**bert))(torch.ones(1, 4, dtype=torch.long), use_cache=True)
    assert getattr(out, "past_key_values", None) is None
    with pytest.raises(UnsupportedError, match="an encoder's attention"):
        memory(models.bert(**bert), batch=1, seq=4).kv_cache_bytes
    with pytest.raises(UnsupportedError, match="a recurrent layer"):
        memory(symcount.Network([symcount.Recurrent("lstm", 4, 8)]), batch=1, seq=4).kv_cache_bytes


def test_freezing_a_tied_head_freezes_the_weight_it_shares() -> None:
    config = transformers.GPT2Config(vocab_size=50, n_positions=16, n_embd=16, n_layer=1, n_head=2)
    with torch.device("cpu"):
        model = transformers.GPT2LMHeadModel(config)
    model.lm_head.requires_grad_(False)  # the token embedding's weight: one tensor
    net = models.from_config(config_dict(config, "gpt2", "causal-lm")).freeze("head")
    expected = one_step(model, lambda m: m(torch.randint(0, 50, (2, 5))).logits, "adam", "fp32", False)
    assert ours(net, "adam", "fp32", False) == expected
    assert net.summary().trainable == sum(p.numel() for p in model.parameters() if p.requires_grad)
    # models.gpt2 and models.llama tie their heads to the row called embeddings.token, as the families do.
    built = models.gpt2(vocab_size=50, n_positions=16, n_embd=16, n_layer=1, n_head=2).freeze("head")
    assert ours(built, "adam", "fp32", False) == expected
    tied = models.llama(vocab_size=50, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=24, tie_word_embeddings=True).freeze("head")
    assert tied.summary().trainable == tied.count() - 50 * 16


def test_from_torch_refuses_frozen_tensors_and_keeps_empty_ones() -> None:
    with torch.device("cpu"):
        model = torch.nn.Sequential(torch.nn.Embedding(11, 6), torch.nn.Linear(6, 8))
    model[0].requires_grad_(False)
    net = from_torch(model)
    with pytest.raises(UnsupportedError, match=r"frozen parameters \(requires_grad False: 0.weight\)"):
        memory(net, optimizer="adam")
    with pytest.raises(UnsupportedError, match="frozen parameters"):
        net.summary().trainable
    assert memory(net).weight_bytes == 4 * (66 + 56)  # inference needs no gradients
    model.requires_grad_(True)
    assert ours(from_torch(model).freeze("0"), "adam", "fp32", False)["gradient_bytes"] == 4 * 56
    with torch.device("cpu"):
        empty = torch.nn.Sequential(torch.nn.Linear(4, 6), torch.nn.Linear(6, 0, bias=False))
    expected = one_step(empty, lambda m: m(torch.randn(3, 4)).sum()[None], "adam", "fp32", False)
    assert ours(from_torch(empty), "adam", "fp32", False) == expected  # a step for the empty tensor too

    class Bare(torch.nn.Module):  # bare parameters of a module of no kind, one of them empty
        def __init__(self) -> None:
            super().__init__()
            self.a, self.z, self.lin = torch.nn.Parameter(torch.zeros(5)), torch.nn.Parameter(torch.zeros(0)), torch.nn.Linear(3, 3)

        def forward(self, x: Any) -> Any:
            return self.lin(x) * self.a[:3] + self.z.sum()

    with torch.device("cpu"):
        bare = Bare()
    expected = one_step(bare, lambda m: m(torch.randn(2, 3)), "adam", "fp32", False)
    assert ours(from_torch(bare), "adam", "fp32", False) == expected


def test_a_batch_is_checked_without_a_sequence() -> None:
    with pytest.raises(symcount.SymcountError, match="batch is 0"):
        memory(symcount.mlp([4, 2]), batch=0)


# -- LaTeX and Markdown ----------------------------------------------------------------------------


def _printed() -> dict[str, Any]:
    llama = models.llama(num_key_value_heads="num_key_value_heads").with_symbols("paper")
    return {
        "compute, numbers": symcount.flops(symcount.mlp([784, 16, 16, 10]), batch=32),
        "compute, paper symbols": symcount.flops(llama, batch="b", seq="s"),
        "compute, no backward": symcount.flops(symcount.Network([symcount.MultiheadAttention(8, 2, kdim=4)]), batch=2, seq=5),
        "memory, numbers": memory(symcount.mlp([784, 16, 16, 10]), optimizer="adam"),
        "memory, ZeRO over n": memory(llama, dtype="bf16", optimizer="adamw", mixed=True, zero=3, devices="n"),
        "memory, cache": memory(llama, dtype="bf16", batch="b", seq="s"),
        # Grouped heads of a symbol: one key-value head read by one sequence is a view, a case of its own.
        "memory, activations": memory(llama, dtype="bf16", optimizer="adamw", batch="b", seq="s", attn_implementation="eager",
                                      labels=True),
        "memory, recomputed": memory(llama, dtype="bf16", optimizer="adamw", batch=8, seq=4096, attn_implementation="sdpa",
                                     recompute="full", labels=True),
        "compute, ResNet-18 in H and W": symcount.flops(models.resnet(18, num_classes=1000), batch="b", image=("H", "W")),
    }


def test_compute_and_memory_print_their_totals() -> None:
    from symcount import latex, markdown

    c = _printed()["compute, numbers"]
    assert latex(c).splitlines()[1:5] == [
        r"\text{forward} &= 829440 \\", r"\text{backward} &= 856064 \\", r"\text{training step} &= 1685504 \\",
        r"&\text{in FLOPs}"]
    table = markdown(c, style="table").splitlines()
    assert table[-1] == "|  | **total** | 829440 | 856064 |" and len(table) == 2 + 3 + 1
    m = _printed()["memory, numbers"]
    assert r"\text{optimizer state} &= 104040 \\" in latex(m) and latex(m).endswith("&\\text{in bytes}\n\\end{aligned}")
    assert markdown(m, style="table").splitlines()[-1] == "|  | **total** | 13002 | 52008 | 52008 | 104040 |"
    assert "backward" not in latex(_printed()["compute, no backward"])  # a backward not stated is not printed
    legend = latex(_printed()["memory, ZeRO over n"], legend=True)
    assert r"n \text{ is the number of devices}" in legend
    # Each share is of a total printed above it: the weights whole (stage 3 shares them too here), rounded up.
    assert r"\text{per device, ZeRO-3} &= \left\lceil \frac{\text{weights}}{n} \right\rceil + " in legend
    with pytest.raises(OptionError, match="style 'worked' does not apply to a compute result"):
        latex(c, style="worked")
    with pytest.raises(OptionError, match="table style is a tabular"):
        latex(m, style="table", mode="inline")


def test_the_commands_print_latex_and_markdown() -> None:
    from symcount import latex, markdown

    from .test_compute import run

    status, out, _ = run(["flops", "784", "16", "16", "10", "--batch", "32", "--format", "latex"])
    assert status == 0 and out == latex(_printed()["compute, numbers"]) + "\n"
    status, out, _ = run(["memory", "784", "16", "16", "10", "--optimizer", "adam", "--format", "markdown", "--style", "table"])
    assert status == 0 and out == markdown(_printed()["memory, numbers"], style="table") + "\n"
    status, out, _ = run(["memory", "--model", "llama", "--format", "latex", "--legend"])
    assert status == 0 and r"\text{ is the vocabulary size}" in out
    status, out, err = run(["flops", "784", "16", "--format", "latex", "--tokens", "5"])
    assert status == 2 and "--tokens goes with --format text or json" in err


def test_compute_and_memory_render_in_katex_mathjax_and_pdflatex() -> None:
    from symcount import latex, markdown, tex_document

    from .renderers import as_body, compiles_document, math_of, overfull_boxes, pdflatex_errors, render_errors

    objs = list(_printed().values())
    collected = [latex(o, legend=o.network.legend != {} or None) for o in objs]
    tables = [latex(o, style="table") for o in objs if not (isinstance(o, symcount.Memory) and (o.flow or o.zero))]
    outs = collected + tables + [markdown(o) for o in objs] + [o._repr_latex_() for o in objs]
    formulas = [f for out in outs for f in math_of(out)]
    assert render_errors(formulas) == [None] * len(formulas)
    bodies = [as_body(out) for out in collected + tables]
    assert pdflatex_errors(bodies) == []
    assert overfull_boxes([as_body(out) for out in collected]) == []  # every total fits an article's page
    # A table of numbers fits too, Llama 2 7B's included (wrapped, closed up and set smaller where it is wide).
    numeric = [t for t, o in zip(tables, [o for o in objs if not (isinstance(o, symcount.Memory) and (o.flow or o.zero))])
               if o.numeric]
    llama = symcount.memory(models.llama(vocab_size=32000, hidden_size=4096, num_hidden_layers=32, num_attention_heads=32,
                                         intermediate_size=11008), dtype="bf16", optimizer="adamw", mixed=True)
    assert len(numeric) >= 2 and overfull_boxes([as_body(t) for t in numeric + [latex(llama, style="table")]]) == []
    assert compiles_document(tex_document(objs[1])) and compiles_document(tex_document(objs[3], style="table"))


# -- what the second review found ----------------------------------------------------------------------

SMALL_LLAMA = dict(vocab_size=50, num_hidden_layers=2, intermediate_size=24)


@pytest.mark.parametrize(
    ("net", "kwargs", "message"),
    [
        (models.llama(num_attention_heads=2, **SMALL_LLAMA), dict(solve="hidden_size", multiple_of=2, seq=8),
         "batch: give the number of sequences"),
        (models.llama(num_attention_heads=3, **SMALL_LLAMA), dict(solve="hidden_size", multiple_of=2, minimum=6),
         r"makes no network \(attention hidden_size / num_heads"),
        (symcount.mlp([4, 8, 2]), dict(seq=8), "the memory does not depend on batch"),
        (models.family("mixtral", hidden_size=16, num_attention_heads=2, num_key_value_heads=1, num_local_experts=4,
                       **SMALL_LLAMA), dict(solve="num_experts_per_tok", maximum=100), "does not depend on num_experts_per_tok"),
        (symcount.mlp([4, "w", 2]), dict(solve="w", multiple_of=10, maximum=5), "no multiple of 10 is at most 5"),
    ],
)
def test_solve_memory_says_what_is_wrong(net: symcount.Network, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(OptionError, match=message):
        symcount.solve_memory(10**6, net, **kwargs)


def test_solve_memory_bounds_its_work() -> None:
    import time

    net = models.llama(hidden_size=16, num_attention_heads=2, **SMALL_LLAMA)
    start = time.perf_counter()
    s = symcount.solve_memory(10**59, net, seq=8)  # the search runs on the compiled formula; memory() decides
    assert memory(net, batch=s.value, seq=8).inference_bytes <= 10**59 < memory(net, batch=s.value + 1, seq=8).inference_bytes
    assert time.perf_counter() - start < 30  # a bound on the work, not a speed target (those are in benchmarks/)
    with pytest.raises(OptionError, match="budget has 61 digits: a memory budget has at most 60"):
        symcount.solve_memory(10**60, net, seq=8)


def test_tokens_within_refuses_what_has_no_answer() -> None:
    with pytest.raises(OptionError, match="makes no matrix products"):
        symcount.flops(symcount.Network([symcount.Embedding(10, 4)]), batch=2, seq=3).tokens_within(100)
    with pytest.raises(symcount.InfeasibleError, match="below one token's training, 51136 FLOPs") as err:
        symcount.flops(symcount.mlp([784, 16, 10]), batch=2).tokens_within(100)
    assert err.value.smallest == 51136


def test_printing_refuses_what_it_would_drop() -> None:
    from symcount import latex, markdown

    c = symcount.flops(symcount.mlp(2), batch=4)
    assert r"h_{i} \text{ is the width of layer }i" in latex(c, legend=True)
    assert r"w \text{ is the attention window}" in latex(symcount.flops(models.llama(), seq="s", attention="causal",
                                                                            window="w"), legend=True)
    with pytest.raises(OptionError, match="symbol_names='paper' applies to a network, not a Compute"):
        markdown(c, style="table", symbol_names="paper")
    with pytest.raises(OptionError, match="legend does not apply to a table"):
        latex(c, style="table", legend=True)
    whole = "the key-value cache, the activations and a ZeRO share are the whole network's"
    with pytest.raises(OptionError, match=whole):
        markdown(memory(models.llama(), seq="s"), style="table")
    with pytest.raises(OptionError, match=whole):
        latex(memory(models.llama(), optimizer="adam", zero=1, devices=8), style="table")
    with pytest.raises(OptionError, match=whole):
        latex(memory(models.llama(), optimizer="adam", seq="s", attn_implementation="eager"), style="table")


@pytest.mark.parametrize(("argv", "message"), [
    (["memory", "784", "16", "--style", "table"], "--style and --legend go with --format latex or markdown"),
    (["flops", "784", "16", "--legend"], "--style and --legend go with --format latex or markdown"),
    (["memory", "784", "16", "--largest", "seq"], "--largest, --multiple-of and --max go with --within"),
    (["memory", "--model", "llama", "-b", "2", "-s", "8", "--within", "1MB"], "--batch is what --within solves for"),
    (["memory", "--model", "llama", "-b", "2", "-s", "8", "--largest", "seq", "--within", "1MB"], "--seq-len is what"),
    (["memory", "--model", "llama", "--set", "vocab_size=50", "num_hidden_layers=2", "num_attention_heads=2",
      "intermediate_size=24", "--within", "1MB", "--largest", "hidden_size", "--multiple-of", "2", "-s", "8"],
     "batch: give the number of sequences"),
])
def test_the_command_refuses_options_it_would_drop(argv: list[str], message: str) -> None:
    from .test_compute import run

    status, out, err = run(argv)
    assert status == 2 and out == "" and err.count("\n") == 1 and message in err, err


def test_the_command_prints_a_solution_as_latex() -> None:
    from symcount import latex

    from .test_compute import run

    sizes = dict(vocab_size=50, hidden_size=16, num_hidden_layers=2, num_attention_heads=2, intermediate_size=24)
    argv = ["memory", "--model", "llama", "--set", *(f"{k}={v}" for k, v in sizes.items()), "-s", "8", "--within", "1MB"]
    status, out, _ = run([*argv, "--format", "latex"])
    assert status == 0 and out == latex(symcount.solve_memory(10**6, models.llama(**sizes), seq=8)) + "\n"


def test_a_mixture_that_does_not_say_its_top_k_still_states_its_cache() -> None:
    """The cache does not depend on how many experts a token uses; the compute does, and is refused."""
    config = transformers.DeepseekV2Config(
        num_hidden_layers=2, vocab_size=60, hidden_size=16, intermediate_size=24, moe_intermediate_size=8,
        num_attention_heads=2, num_key_value_heads=2, n_routed_experts=4, num_experts_per_tok=2, n_group=1,
        topk_group=1, kv_lora_rank=8, q_lora_rank=None, qk_rope_head_dim=4, qk_nope_head_dim=4, v_head_dim=4,
        head_dim=4, pad_token_id=0, first_k_dense_replace=1)
    data = config_dict(config, "deepseek_v2", "causal-lm")
    del data["num_experts_per_tok"]
    net = models.from_config(data)
    with torch.device("cpu"):
        model = transformers.DeepseekV2ForCausalLM(config).eval()
    assert memory(net, batch=2, seq=5).kv_cache_bytes == cache_truth(model, 2, 5)[0]
    with pytest.raises(symcount.UnresolvedError, match="does not say how many experts a token uses"):
        symcount.flops(net, batch=2, seq=5)
