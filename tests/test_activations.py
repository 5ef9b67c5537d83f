"""Activation memory: the tensors a training step keeps for its backward pass, against the ones PyTorch keeps.

The ground truth is ``torch.autograd.graph.saved_tensors_hooks`` around a
training-mode forward pass of the model Hugging Face builds: every tensor
autograd packs, each storage counted once (views share one), parameters and
the input ids left out, as :attr:`symcount.Memory.activations` counts them.
"""

from __future__ import annotations

import json
import math
import warnings
from typing import Any, NamedTuple

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import symcount
from symcount import OptionError, UnsupportedError, memory, models
from symcount._options import ACTIVATION_FAMILIES, ACTIVATIONS

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
transformers.logging.set_verbosity_error()
warnings.filterwarnings("ignore", module="transformers")

from .test_zoo import DECODERS, ZOO, config_dict, small_config  # noqa: E402

DTYPES = {"fp32": torch.float32, "bf16": torch.bfloat16}
EAGER = dict(attn_implementation="eager", labels=False)  # the logits alone: the loss is tested apart


def saved_bytes(model: Any, ids: Any, labels: bool = False) -> int:
    """The bytes of every storage autograd keeps for backward in a training-mode forward pass of ``model``.

    Each storage once; the parameters' and the input ids' storages are not
    activations. The pack hook returns the tensor itself, so every storage
    stays alive until the end and no address is reused.
    """
    model.train()
    skip = {p.untyped_storage().data_ptr() for p in model.parameters()} | {ids.untyped_storage().data_ptr()}
    seen: dict[int, int] = {}

    def pack(t: Any) -> Any:
        storage = t.untyped_storage()
        if storage.data_ptr() not in skip:
            seen.setdefault(storage.data_ptr(), storage.nbytes())
        return t

    with torch.device("cpu"), torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):  # other tests default to meta
        model(input_ids=ids, labels=ids if labels else None, use_cache=False)
    return sum(seen.values())


def alive_bytes(model: Any, ids: Any, checkpointed: bool = False, labels: bool = False) -> int:
    """The bytes of every storage a training-mode forward pass of ``model`` made that is still alive after it.

    Each storage an operation returned is watched by a weak reference (a
    ``TorchDispatchMode``); after the pass, its outputs dropped and garbage
    collected, the storages still alive are what the step keeps for its
    backward pass however it keeps them: saved tensors, and under activation
    checkpointing the arguments a checkpointed block holds and the
    random-number generator's state it keeps to replay its dropout (which no
    operation returns: found among the new uint8 tensors the garbage
    collector sees). Parameters and the input ids (and views of them) are
    left out.
    """
    import gc

    from torch.multiprocessing.reductions import StorageWeakRef
    from torch.utils._python_dispatch import TorchDispatchMode
    from torch.utils._pytree import tree_flatten

    watched: list[tuple[int, int, Any]] = []

    class Watch(TorchDispatchMode):
        def __torch_dispatch__(self, func: Any, types: Any, args: Any = (), kwargs: Any = None) -> Any:
            out = func(*args, **(kwargs or {}))
            for t in tree_flatten(out)[0]:
                if isinstance(t, torch.Tensor):
                    storage = t.untyped_storage()
                    watched.append((storage.data_ptr(), storage.nbytes(), StorageWeakRef(storage)))
            return out

    def states() -> dict[int, int]:  # the generator states: uint8 tensors no operation made
        if not checkpointed:
            return {}
        return {o.untyped_storage().data_ptr(): o.untyped_storage().nbytes()
                for o in gc.get_objects() if isinstance(o, torch.Tensor) and o.dtype == torch.uint8}

    model.train()
    if checkpointed:
        model.gradient_checkpointing_enable()
    gc.collect()
    before = states()
    with torch.device("cpu"), Watch():
        out = model(input_ids=ids, labels=ids if labels else None, use_cache=False)
    graph = (out.loss if labels else out.last_hidden_state if hasattr(out, "last_hidden_state") else out.logits).grad_fn  # noqa: F841
    del out
    gc.collect()
    skip = {p.untyped_storage().data_ptr() for p in model.parameters()} | {ids.untyped_storage().data_ptr()}
    live = {ptr: n for ptr, n, ref in watched if not ref.expired() and ptr not in skip}
    live.update({ptr: n for ptr, n in states().items() if ptr not in before and ptr not in skip})
    return sum(live.values())


def built(model_type: str, head: str, fields: dict[str, Any], dtype: str, implementation: str = "eager") -> tuple[Any, Any]:
    """The Hugging Face model of ``fields`` with its attention run as ``implementation``, in ``dtype``; and its config."""
    cls = transformers.CONFIG_MAPPING[model_type]
    config = cls(**fields)
    config._attn_implementation = implementation
    family = ZOO[model_type]
    with torch.device("cpu"):
        model = getattr(transformers, family.prefix + family.heads[head])(config)
    return model.to(DTYPES[dtype]), config


class Case(NamedTuple):
    """A drawn training step: its head, dtype, attention, batch and length, config fields, HF model, config, network."""

    head: str
    dtype: str
    implementation: str
    batch: int
    seq: int
    fields: dict[str, Any]
    model: Any
    config: Any
    net: symcount.Network


def drawn_case(model_type: str, data: st.DataObject) -> Case:
    """A small model of ``model_type`` drawn with its run (head, dtype, attention, batch, length); a combination
    Hugging Face cannot build, or symcount cannot read, is no test of ours."""
    head = data.draw(st.sampled_from(["causal-lm", "model"]))
    dtype = data.draw(st.sampled_from(sorted(DTYPES)))
    implementation = data.draw(st.sampled_from(["eager", "sdpa"]))
    batch, seq = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 9))
    try:
        fields = drawn_fields(model_type, data.draw)
        model, config = built(model_type, head, fields, dtype, implementation)
        net = models.from_config(config_dict(config, model_type, head))
    except (UnsupportedError, OptionError):
        assume(False)
        raise
    except Exception:
        assume(False)
        raise
    return Case(head, dtype, implementation, batch, seq, fields, model, config, net)


def reaches_a_window(config: Any, seq: int) -> bool:
    """Whether a layer slides over a window that ``seq`` positions reach (Hugging Face then gives sdpa a mask)."""
    window = getattr(config, "sliding_window", None)
    types = getattr(config, "layer_types", None)  # the config's own word on which layers slide, where it has one
    sliding = any(t == "sliding_attention" for t in types) if types else window is not None
    return sliding and (window is None or seq >= window)


def drawn_fields(model_type: str, draw: Any) -> dict[str, Any]:
    """A small config of ``model_type``, its activation function and dropouts drawn too."""
    fields = small_config(model_type, draw).to_dict()
    base = transformers.CONFIG_MAPPING[model_type]().to_dict()
    for name in ("hidden_act", "activation_function"):
        if name in base:
            fields[name] = draw(st.sampled_from(sorted(ACTIVATIONS)))
    for name in ("attention_dropout", "attn_pdrop", "resid_pdrop", "embd_pdrop"):
        if name in base:
            fields[name] = draw(st.sampled_from([0.0, 0.1]))
    if "sliding_window" in base:
        fields["sliding_window"] = draw(st.one_of(st.none(), st.integers(2, 6)))  # eager attention keeps all s x s
    fields.pop("layer_types", None)
    fields.update(pad_token_id=0)
    return {k: v for k, v in fields.items() if k not in ("model_type", "transformers_version")}


@pytest.mark.parametrize("model_type", DECODERS)
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_decoder_family_keeps_what_memory_says_or_is_refused(model_type: str, data: st.DataObject) -> None:
    """A checked family's activations equal the bytes PyTorch keeps for its model's training step, for drawn sizes,
    grouped heads, biases, activation functions, dropouts, dtypes, batches and lengths; any other is refused."""
    head, dtype, implementation, batch, seq, fields, model, config, net = drawn_case(model_type, data)
    labels = data.draw(st.booleans()) if head == "causal-lm" else None  # the loss too, where the model computes it
    m = memory(net, dtype=dtype, optimizer="adamw", batch=batch, seq=seq, attn_implementation=implementation, labels=labels)
    if model_type not in ACTIVATION_FAMILIES:
        unchecked = "not from a family whose modeling code symcount has checked"
        unstated = "no activations are stated where the forward pass is not stated"  # (an encoder's cross-attention)
        with pytest.raises(UnsupportedError, match=f"{unchecked}|{unstated}"):
            m.activation_bytes
        return
    if fields.get("reorder_and_upcast_attn"):  # GPT-2's attention in fp32 by another path: refused, by name
        with pytest.raises(UnsupportedError, match="reorder_and_upcast_attn is True"):
            m.activation_bytes
        return
    if implementation == "sdpa" and (fields.get("attention_dropout") or fields.get("attn_pdrop")):
        with pytest.raises(UnsupportedError, match="runs its math path on the CPU"):  # not the fused kernel's tensors
            m.activation_bytes
        return
    if implementation == "sdpa" and reaches_a_window(config, seq):
        with pytest.raises(UnsupportedError, match="slides over a window that .* positions reach: with sdpa"):
            m.activation_bytes
        return
    ids = torch.randint(1, 50, (batch, seq), device="cpu")
    truth = saved_bytes(model, ids, bool(labels))
    assert m.activation_bytes == truth == alive_bytes(model, ids, labels=bool(labels)), config.to_json_string(use_diff=True)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_each_activation_keeps_the_tensors_the_table_says(name: str) -> None:
    """The tensors of the activation's size that transformers' ACT2FN module keeps, besides its output (which the
    product after it keeps), as symcount._options.ACTIVATIONS says."""
    act = transformers.activations.ACT2FN[name]
    x0 = torch.randn(3, 5, 7, requires_grad=True, device="cpu")
    w = torch.randn(7, 4, requires_grad=True, device="cpu")
    x = x0 * 2.0  # an intermediate with a storage of its own (a scalar product keeps nothing)
    skip = {w.untyped_storage().data_ptr(), x0.untyped_storage().data_ptr()}
    seen: dict[int, int] = {}

    def pack(t: Any) -> Any:
        if t.untyped_storage().data_ptr() not in skip:
            seen[t.untyped_storage().data_ptr()] = t.untyped_storage().nbytes()
        return t

    with torch.device("cpu"), torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        act(x) @ w
    assert sum(seen.values()) == (ACTIVATIONS[name][0] + 1) * x.numel() * x.element_size()


def test_models_llama_keeps_what_llama_for_causal_lm_keeps() -> None:
    """models.llama states the activations of LlamaForCausalLM with its config class's defaults."""
    sizes = dict(vocab_size=50, hidden_size=32, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
                 intermediate_size=48)
    model, _ = built("llama", "causal-lm", sizes, "bf16")
    ids = torch.randint(1, 50, (2, 7), device="cpu")
    assert memory(models.llama(**sizes), dtype="bf16", optimizer="sgd", batch=2, seq=7, **EAGER).activation_bytes \
        == saved_bytes(model, ids)


def _gpt2(layers: Any, **fields: Any) -> symcount.Network:
    return models.family("gpt2", n_layer=layers, activation_function="gelu", **fields)


def test_a_gpt2_block_keeps_its_measured_formula() -> None:
    """Per GPT-2 block (GELU, dropouts at 0.1, I = 4h), in e-byte activations:
    e (18 s b h + 3 a s^2 b) + 2 e 2 s b -- the LayerNorms' statistics the last term, each mask a tensor of e bytes
    (PyTorch's F.dropout on the CPU keeps its mask as the input's dtype)."""
    from sympy import Symbol, expand

    b, s, h, a = (Symbol(n, integer=True, positive=True) for n in ("b", "s", "n_embd", "n_head"))
    for dtype, e in (("fp32", 4), ("bf16", 2)):
        one = memory(_gpt2(1), dtype=dtype, optimizer="sgd", batch="b", seq="s", **EAGER)
        two = memory(_gpt2(2), dtype=dtype, optimizer="sgd", batch="b", seq="s", **EAGER)
        per_block = expand(two.activation_bytes - one.activation_bytes)
        assert per_block == expand(e * (18 * s * b * h + 3 * a * s**2 * b) + 2 * e * 2 * s * b)


def test_korthikanti_is_the_gpt_block_under_the_papers_assumptions() -> None:
    """Korthikanti et al. 2022, "Reducing Activation Recomputation in Large Transformer Models" (arXiv:2205.05198),
    section 4.1: a GPT block without recomputation keeps s b h (34 + 5 a s / h) bytes.

    Its assumptions, applied to the tensors symcount states for GPT-2's block: activations in 16 bits (e = 2), a
    dropout mask of one byte an element (a fused GPU kernel's), the LayerNorms' statistics left out. The difference
    from what PyTorch keeps on the CPU is exactly those two: the masks are of e bytes there, and each LayerNorm keeps
    a mean and an inverse deviation per position. Both are checked against PyTorch's own tensors here too."""
    from sympy import Symbol, expand

    b, s, h, a = (Symbol(n, integer=True, positive=True) for n in ("b", "s", "n_embd", "n_head"))
    m = memory(_gpt2(1), dtype="bf16", optimizer="sgd", batch="b", seq="s", **EAGER)
    block = [r for r in m.activations if r.name.startswith("blocks.")]
    assert {r.kind for r in block} == {"layernorm", "attention", "mlp"}
    paper = {"activation": 2, "mask": 1, "statistics": 0}
    kept = sum(paper[t.what] * math.prod(t.term) for r in block for t in r.saved)
    assert expand(kept) == expand(s * b * h * (34 + 5 * a * s / h))
    # The masks: one of the probabilities, two after the block's two outputs, each 1 byte there, e bytes on the CPU.
    masks = sum(math.prod(t.term) for r in block for t in r.saved if t.what == "mask")
    statistics = sum(math.prod(t.term) for r in block for t in r.saved if t.what == "statistics")
    assert expand(masks) == expand(a * s**2 * b + 2 * s * b * h) and expand(statistics) == expand(2 * 2 * s * b)
    cpu = sum(r.bytes for r in block)
    assert expand(cpu) == expand(s * b * h * (34 + 5 * a * s / h) + (2 - 1) * masks + 2 * statistics)
    # And what PyTorch keeps for a block of numbers: the paper's, its masks a byte larger, its statistics counted.
    sizes = dict(vocab_size=50, n_positions=32, n_embd=32, n_head=4, activation_function="gelu")
    ids = torch.randint(1, 50, (2, 8), device="cpu")
    per_block = [saved_bytes(built("gpt2", "causal-lm", dict(sizes, n_layer=n), "bf16")[0], ids) for n in (1, 2)]
    sbh, as2b, sb = 8 * 2 * 32, 4 * 8 * 8 * 2, 8 * 2
    assert per_block[1] - per_block[0] == sbh * (34 + 5 * 4 * 8 / 32) + (as2b + 2 * sbh) + 2 * 2 * 2 * sb


def test_mixed_precision_runs_on_the_16_bit_weights() -> None:
    """With mixed=True the passes run on the 16-bit weights (fp32 master weights are optimizer state): the
    activations are the 16-bit model's, as measured for bf16 models above."""
    net = models.llama(vocab_size=50, hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=48)
    mixed = memory(net, dtype="bf16", optimizer="adamw", mixed=True, batch=2, seq=8, **EAGER)
    plain = memory(net, dtype="bf16", optimizer="adamw", batch=2, seq=8, **EAGER)
    assert mixed.activation_bytes == plain.activation_bytes and mixed.optimizer_bytes > plain.optimizer_bytes
    model, _ = built("llama", "causal-lm", dict(vocab_size=50, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                                                intermediate_size=48), "bf16")
    assert mixed.activation_bytes == saved_bytes(model, torch.randint(1, 50, (2, 8), device="cpu"))


def test_activations_as_a_formula_are_the_numbers_substituted() -> None:
    net = models.family("mistral", num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2)
    formula = memory(net, dtype="bf16", optimizer="adamw", batch="b", seq="s", **EAGER).activation_bytes
    sizes = dict(hidden_size=64, intermediate_size=96, vocab_size=100)
    numbers = memory(models.family("mistral", num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2, **sizes),
                     dtype="bf16", optimizer="adamw", batch=3, seq=11, **EAGER)
    values = {symcount.symbols.as_sympy(k): v for k, v in dict(sizes, b=3, s=11).items()}
    assert formula.subs(values) == numbers.activation_bytes and type(numbers.activation_bytes) is int


@pytest.mark.parametrize(
    ("net", "kwargs", "error", "message"),
    [
        (models.llama(), dict(seq=8), OptionError, "give attn_implementation"),
        (models.llama(), dict(seq=8, attn_implementation="flash_attention_2"), OptionError,
         "attn_implementation is 'flash_attention_2'"),
        (models.llama(), dict(attn_implementation="eager"), OptionError, "give an optimizer and seq"),
        (models.gpt2(), dict(seq=8, **EAGER), UnsupportedError, r"read GPT-2 as a family \(models.family\('gpt2'"),
        (models.llama(), dict(seq=8, attn_implementation="eager"), UnsupportedError, r"say whether it is \(labels=True or False\)"),
        (models.family("gpt2", n_positions=4), dict(seq=5, **EAGER), UnsupportedError, "has 4 positions: a sequence of 5 does not run"),
        (models.family("llama", hidden_size=6, num_attention_heads=2), dict(seq=5, **EAGER), UnsupportedError,
         "rotates heads of 3: rotary embeddings turn pairs"),
        (models.llama(), dict(seq=8, labels="yes", **{"attn_implementation": "eager"}), OptionError, "labels is 'yes'"),
        (symcount.mlp([4, 3, 2]), dict(seq=8, **EAGER), UnsupportedError, "not from a family whose modeling code"),
        (models.family("gpt2", activation_function="gelu_fast"), dict(seq=8, **EAGER), UnsupportedError,
         "activation_function is 'gelu_fast'"),
        (models.family("llama", hidden_act=["silu"]), dict(seq=8, **EAGER), UnsupportedError, r"hidden_act is \['silu'\]"),
        (models.family("gpt2", reorder_and_upcast_attn=True), dict(seq=8, **EAGER), UnsupportedError,
         "reorder_and_upcast_attn"),
        (models.family("llama", attention_dropout=1.0), dict(seq=8, **EAGER), UnsupportedError, "attention_dropout is 1.0"),
        (models.family("llama", head="sequence-classification"), dict(seq=8, **EAGER), UnsupportedError,
         "sequence-classification head"),
        (models.family("qwen3"), dict(seq=8, **EAGER), UnsupportedError, "qwen3|not from a family"),
        (models.llama().freeze("embeddings.token"), dict(seq=8, **EAGER), UnsupportedError, "frozen parts"),
        (models.llama(), dict(seq=8, cache_dtype="bf16", **EAGER), OptionError, "keeps no key-value cache"),
    ],
)
def test_activations_are_refused_by_name(net: symcount.Network, kwargs: dict[str, Any], error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        memory(net, optimizer="adamw", **kwargs).activation_bytes


def test_the_cache_and_the_activations_are_asked_apart() -> None:
    with pytest.raises(OptionError, match="no optimizer"):
        memory(models.llama(), optimizer="adam", seq=8, **EAGER).kv_cache_bytes
    with pytest.raises(OptionError, match="give an optimizer and seq"):
        memory(models.llama(), seq=8).activation_bytes


def test_a_training_step_within_a_budget() -> None:
    """The largest batch whose training step (model states and activations) fits, against memory() itself."""
    net = models.family("llama", vocab_size=1000, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                        num_attention_heads=4)
    options = dict(dtype="bf16", optimizer="adamw", seq=64, **EAGER)
    states = memory(net, **options, batch=1).model_state_bytes
    budget = states + 10**7
    s = symcount.solve_memory(budget, net, **options)

    def step(b: int) -> int:
        return int(memory(net, **options, batch=b).training_bytes)

    assert step(s.value) <= budget < step(s.value + 1)
    z = symcount.solve_memory(budget, net, **options, zero=3, devices=8)
    share = memory(net, **options, batch=z.value, zero=3, devices=8).per_device()
    assert share["training_bytes"] <= budget and z.value >= s.value
    assert share["activation_bytes"] == memory(net, **options, batch=z.value).activation_bytes  # not partitioned


def test_the_memory_command_states_the_activations() -> None:
    from symcount.cli import main

    argv = ["memory", "--model", "llama", "--set", "vocab_size=64", "hidden_size=32", "num_hidden_layers=2",
            "num_attention_heads=4", "intermediate_size=48", "--optimizer", "adamw", "--batch", "2", "--seq-len", "8",
            "--attn-implementation", "eager", "--labels", "--format", "json"]
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(argv) == 0
    data = json.loads(out.getvalue())
    m = memory(models.llama(vocab_size=64, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                            intermediate_size=48), optimizer="adamw", batch=2, seq=8, attn_implementation="eager", labels=True)
    assert data["activation_bytes"] == m.activation_bytes and data["training_bytes"] == m.training_bytes
    assert "kv_cache_bytes" not in data and data["attn_implementation"] == "eager"
    assert sum(r["activation_bytes"] for r in data["activations"]) == m.activation_bytes


@pytest.mark.parametrize("model_type", ACTIVATION_FAMILIES)
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_checkpointed_model_keeps_what_memory_says(model_type: str, data: st.DataObject) -> None:
    """recompute="full" against Hugging Face's gradient checkpointing (model.gradient_checkpointing_enable()): every
    storage still alive after the forward pass, drawn sizes, dropouts, dtypes and both implementations."""
    head, dtype, implementation, batch, seq, fields, model, config, net = drawn_case(model_type, data)
    labels = data.draw(st.booleans()) if head == "causal-lm" else None
    m = memory(net, dtype=dtype, optimizer="adamw", batch=batch, seq=seq, attn_implementation=implementation,
               recompute="full", labels=labels)
    if fields.get("reorder_and_upcast_attn") or implementation == "sdpa" and reaches_a_window(config, seq):
        with pytest.raises(UnsupportedError, match="reorder_and_upcast_attn|slides over a window"):
            m.activation_bytes
        return
    ids = torch.randint(1, 50, (batch, seq), device="cpu")
    truth = alive_bytes(model, ids, checkpointed=True, labels=bool(labels))
    assert m.activation_bytes == truth, config.to_json_string(use_diff=True)


def test_full_recomputation_keeps_each_blocks_input() -> None:
    """Per block, its input: e s b h bytes (as Korthikanti et al. 2022, arXiv:2205.05198, count full recomputation:
    only each transformer layer's input is kept, 2 s b h bytes in 16 bits); and, a constant the paper leaves out,
    the random-number generator's state PyTorch's checkpoint keeps for each call."""
    from symcount.layers import RNG_STATE_BYTES

    from sympy import Symbol, expand

    b, s, h = (Symbol(n, integer=True, positive=True) for n in ("b", "s", "hidden_size"))
    one, two = (memory(models.family("llama", num_hidden_layers=n), dtype="bf16", optimizer="sgd", batch="b", seq="s",
                       recompute="full", **EAGER).activation_bytes for n in (1, 2))
    assert expand(two - one) == 2 * s * b * h + RNG_STATE_BYTES


def test_a_checkpointed_layer_keeps_the_generators_state() -> None:
    """PyTorch's checkpoint keeps torch.get_rng_state() per checkpointed call (preserve_rng_state): its bytes."""
    from symcount.layers import RNG_STATE_BYTES

    assert torch.get_rng_state().nbytes == RNG_STATE_BYTES


def test_each_record_lists_the_tensors_it_counts() -> None:
    """A record's tensors, their bytes summed (a shared one once, where first read), are its bytes: nothing listed
    twice, nothing listed that keeps no bytes (a cast that is no copy in fp32)."""
    net = models.family("gpt2", vocab_size=50, n_positions=16, n_embd=32, n_head=4, n_layer=3)
    for dtype in ("fp32", "bf16"):
        for recompute in (None, "full"):
            m = memory(net, dtype=dtype, optimizer="sgd", batch=2, seq=8, recompute=recompute, attn_implementation="eager",
                       labels=True)
            size = {"act": 2 if dtype == "bf16" else 4, "fp32": 4, "cast": 2, "int64": 8, "uint8": 1}
            for r in m.activations:
                each = [size[t.dtype] * math.prod(t.term) * (1 if t.shared else r.times) for t in r.saved]
                assert sum(each) == r.bytes and all(each)
            shared = [t.shared for r in m.activations for t in r.saved if t.shared]
            assert len(shared) == len(set(shared))


def test_the_longest_training_sequence_is_bounded_by_the_positions() -> None:
    """GPT-2 runs at most n_positions positions: a search past them says so, and maximum bounds it."""
    net = models.family("gpt2", vocab_size=50, n_positions=64, n_embd=32, n_layer=2, n_head=4, attn_pdrop=0.0)
    options = dict(batch=1, optimizer="adamw", attn_implementation="sdpa", labels=True)
    with pytest.raises(UnsupportedError, match="has 64 positions: .* bound it with maximum"):
        symcount.solve_memory(10**9, net, solve="seq", **options)
    s = symcount.solve_memory(10**9, net, solve="seq", maximum=64, **options)
    assert s.value == 64 and memory(net, seq=64, **options).training_bytes <= 10**9
