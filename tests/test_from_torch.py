"""Reading PyTorch modules: the count equals PyTorch's, tied tensors once, unknown modules by name."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symcount
from symcount import OptionError, UnsupportedError, from_torch

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
    # A module of no kind: its plain tensors are parameters whose shapes are their formulas, its buffers numbers.
    rows = [(r.name, r.kind, r.params, r.buffers) for r in net.summary().layers]
    assert rows[1:] == [("1.gain", "parameter", 7, 0), ("1", "Scale '1' (buffers, no parameters)", 0, 3)]
    assert str(from_torch(model, names={7: "g"}).total) == "6*g"  # the weight 4g, its bias g, the gain g


def test_sizes_as_symbols() -> None:
    model = nn.Sequential(nn.Embedding(50, 8), nn.Linear(8, 50)).to("meta")
    net = from_torch(model, names={8: "d", 50: "V"})
    assert str(net.total) == "2*V*d + V"
    assert net.count(d=8, V=50) == params(model)
    with pytest.raises(OptionError, match="names maps 8 to '8d'"):
        from_torch(model, names={8: "8d"})
    with pytest.raises(OptionError, match="expected a torch.nn.Module"):
        from_torch(symcount.mlp(2))


# -- sharing, checked for every tensor ------------------------------------------------------


def test_a_shared_bias_counts_once_and_the_row_says_where() -> None:
    a, b = nn.Linear(4, 3), nn.Linear(5, 3)
    b.bias = a.bias
    model = nn.Sequential(a, b).to("meta")
    net = from_torch(model)
    assert net.count() == params(model) == 30
    assert [r.kind for r in net.summary().layers] == ["linear", "linear (bias counted at 0)"]


def test_weight_and_bias_shared_are_a_tie_with_no_bias() -> None:
    a, b = nn.Linear(4, 3), nn.Linear(4, 3)
    b.weight, b.bias = a.weight, a.bias
    net = from_torch(nn.Sequential(a, b))
    last = net.summary().layers[-1]
    assert net.count() == 15 and last.tied_to == "0" and last.params == 0


def test_a_head_tied_to_a_parameter_of_the_root() -> None:
    class Root(nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.table = nn.Parameter(torch.zeros(10, 4))
            self.scale = nn.Parameter(torch.ones(3))
            self.head, self.head2 = nn.Linear(4, 10), nn.Linear(4, 10)
            self.head.weight = self.head2.weight = self.table

    model = Root().to("meta")
    net = from_torch(model)
    assert net.count() == params(model) == 63
    rows = net.summary().layers
    assert [(r.name, r.tied_to) for r in rows] == [("scale", None), ("head", None), ("head2", "head")]
    assert rows[0].kind == "parameter" and rows[0].params == 3


def test_a_module_shared_by_every_block_counts_once() -> None:
    layer = nn.Linear(6, 6)
    model = nn.ModuleList([layer] * 5).to("meta")  # ALBERT's way: one layer, applied five times
    assert from_torch(model).count() == params(model) == 42


def test_kinds_that_cannot_leave_a_shared_tensor_out_count_the_rest() -> None:
    bn1, bn2 = nn.BatchNorm1d(4), nn.BatchNorm1d(4)
    bn2.bias = bn1.bias
    mha, lin = nn.MultiheadAttention(8, 2), nn.Linear(8, 8)
    lin.weight = mha.out_proj.weight
    for model in (nn.Sequential(bn1, bn2), nn.Sequential(lin, mha)):
        net = from_torch(model.to("meta"))
        assert net.count() == params(model) and net.summary().buffers == buffers(model)
        assert "the rest counted at 0" in net.summary().layers[-1].kind


block_kinds = st.sampled_from(["linear", "layernorm", "rmsnorm", "embedding", "conv", "batchnorm"])


def block_of(kinds: list[str], d: int) -> Any:
    make = {
        "linear": lambda: nn.Linear(d, d + 1), "layernorm": lambda: nn.LayerNorm(d), "rmsnorm": lambda: nn.RMSNorm(d),
        "embedding": lambda: nn.Embedding(d + 2, d), "conv": lambda: nn.Conv1d(d, d, 3), "batchnorm": lambda: nn.BatchNorm1d(d),
    }
    return nn.ModuleList(make[k]() for k in kinds)


@given(st.lists(block_kinds, min_size=1, max_size=4), st.integers(1, 5), st.integers(2, 6), st.data())
@settings(max_examples=40, deadline=None)
def test_repeated_blocks_with_tensors_shared_between_them(kinds: list[str], n: int, d: int, data: st.DataObject) -> None:
    model = nn.ModuleList(block_of(kinds, d) for _ in range(n)).to("meta")
    for k in range(1, n):  # some blocks share some tensors with the first
        for j, module in enumerate(model[k]):
            for tensor in ("weight", "bias"):
                if getattr(module, tensor, None) is not None and data.draw(st.booleans()):
                    setattr(module, tensor, getattr(model[0][j], tensor))
    net = from_torch(model)
    assert net.count() == params(model)
    assert net.summary().buffers == buffers(model)


def test_equal_blocks_are_one_repeat_and_their_depth_a_symbol() -> None:
    model = nn.Sequential(nn.Embedding(50, 8), *(nn.Sequential(nn.LayerNorm(8), nn.Linear(8, 8)) for _ in range(3)),
                          nn.Linear(8, 50)).to("meta")
    net = from_torch(model, names={8: "d", 50: "V", 3: "L"})
    assert str(net.total) == "L*d**2 + 3*L*d + 2*V*d + V"
    assert [r.name for r in net.summary().layers] == ["0", "1-3.0", "1-3.1", "4"]
    assert net.count(d=8, V=50, L=3) == params(model)


# -- modules a kind does not explain ---------------------------------------------------------


class LoRA(nn.Linear):  # type: ignore[misc]
    """A Linear with adapter matrices: tensors nn.Linear does not have."""

    def __init__(self, n: int, rank: int) -> None:
        super().__init__(n, n)
        self.lora_a = nn.Parameter(torch.zeros(rank, n))
        self.lora_b = nn.Parameter(torch.zeros(n, rank))


class WithChild(nn.Linear):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__(8, 8)
        self.extra = nn.Linear(8, 100)


class Scale(nn.Module):  # type: ignore[misc]
    """A parametrization with a parameter of its own."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.gain = nn.Parameter(torch.ones(n))

    def forward(self, w: Any) -> Any:
        return w * self.gain[:, None]


def parametrized(n: int) -> Any:
    module = nn.Linear(n, n)
    torch.nn.utils.parametrize.register_parametrization(module, "weight", Scale(n))
    return module


@pytest.mark.filterwarnings("ignore:.*weight_norm.*:FutureWarning")
@pytest.mark.parametrize(
    "build, expected, name",
    [
        (lambda: LoRA(8, 2), 104, "LoRA"),
        (WithChild, 972, "WithChild"),
        (lambda: torch.nn.utils.weight_norm(nn.Linear(4, 3)), 18, "Linear"),
        (lambda: torch.nn.utils.parametrizations.weight_norm(nn.Linear(4, 3)), 18, "ParametrizedLinear"),
        (lambda: parametrized(4), 24, "ParametrizedLinear"),
    ],
)
def test_a_kind_with_tensors_it_does_not_explain_is_counted_as_its_tensors(build: Any, expected: int, name: str) -> None:
    model = nn.Sequential(nn.Linear(2, 2), build())
    net = from_torch(model)
    assert params(model) == expected + 6 and net.count() == params(model)
    assert f"{name} '1' (its tensors, no formula)" in [r.kind for r in net.summary().layers]


def test_the_children_of_such_a_module_are_read_as_usual() -> None:
    rows = from_torch(nn.Sequential(WithChild())).summary().layers
    assert [(r.name, r.kind, r.params) for r in rows] == [
        ("0", "WithChild '0' (its tensors, no formula)", 72), ("0.extra", "linear", 900)]


def test_lazy_modules_are_refused_by_name() -> None:
    with pytest.raises(UnsupportedError, match="LazyLinear '1' is a lazy module"):
        from_torch(nn.Sequential(nn.Linear(2, 2), nn.LazyLinear(3)))
    with pytest.raises(UnsupportedError, match="LazyBatchNorm1d 'norm'"):
        from_torch(nn.ModuleDict({"norm": nn.LazyBatchNorm1d(affine=False)}))

    class Holder(nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.w = nn.parameter.UninitializedParameter()

    with pytest.raises(UnsupportedError, match="Holder 'inner' holds an uninitialized tensor"):
        from_torch(nn.ModuleDict({"inner": Holder()}))
    with torch.device("cpu"):  # run once, its sizes are known
        initialized = nn.LazyLinear(3)
        initialized(torch.zeros(1, 5))
    assert from_torch(initialized).count() == 18


@pytest.mark.filterwarnings("ignore:Initializing zero-element tensors")
def test_a_size_a_kind_refuses_is_counted_as_tensors() -> None:
    model = nn.Sequential(nn.Linear(0, 3), nn.Embedding(5, 0), nn.Linear(2, 2)).to("meta")
    rows = from_torch(model).summary().layers
    # The empty embedding holds no parameter but a tensor of its own, for which an optimizer still keeps state.
    assert [(r.kind, r.params, r.tensors) for r in rows] == [
        ("Linear '0' (its tensors, no formula)", 3, (2, 0)), ("Embedding '1' (tensors of no elements)", 0, (1, 0)),
        ("linear", 6, (1, 1)),
    ]


# -- Hugging Face models, built small on the meta device ------------------------------------

ENCODER = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, vocab_size=100, intermediate_size=64)
DECODER = dict(ENCODER, num_key_value_heads=2, bos_token_id=0, eos_token_id=1, pad_token_id=None)
MOE = dict(num_experts_per_tok=2, moe_intermediate_size=48)
HF = {
    "BertModel": ENCODER,
    "BertForMaskedLM": ENCODER,
    "BertForPreTraining": ENCODER,
    "RobertaForMaskedLM": ENCODER,
    "AlbertForMaskedLM": dict(ENCODER, embedding_size=16),
    "DebertaV2ForMaskedLM": ENCODER,
    "DistilBertForMaskedLM": dict(vocab_size=100, dim=32, n_layers=2, n_heads=4, hidden_dim=64),
    "ElectraForMaskedLM": dict(ENCODER, embedding_size=16),
    "T5ForConditionalGeneration": dict(vocab_size=100, d_model=32, d_kv=8, d_ff=64, num_layers=2, num_heads=4),
    "BartForConditionalGeneration": dict(
        vocab_size=100, d_model=32, encoder_layers=2, decoder_layers=2, encoder_attention_heads=4,
        decoder_attention_heads=4, encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=64),
}
DECODERS = {
    "GPT2LMHeadModel": dict(vocab_size=100, n_embd=32, n_layer=2, n_head=4, n_positions=64, bos_token_id=0, eos_token_id=1),
    "LlamaForCausalLM": DECODER,
    "Qwen3ForCausalLM": dict(DECODER, head_dim=8),
    "Gemma2ForCausalLM": dict(DECODER, head_dim=8),
    "OlmoForCausalLM": DECODER,
    "MixtralForCausalLM": dict(DECODER, num_local_experts=4, num_experts_per_tok=2),
    "Qwen2MoeForCausalLM": dict(DECODER, **MOE, num_experts=4, shared_expert_intermediate_size=40),
    "DeepseekV3ForCausalLM": dict(
        DECODER, **MOE, num_hidden_layers=3, num_key_value_heads=4, n_routed_experts=4, first_k_dense_replace=1,
        q_lora_rank=16, kv_lora_rank=8, qk_nope_head_dim=8, qk_rope_head_dim=4, v_head_dim=8, n_group=2, topk_group=1),
    "GptOssForCausalLM": dict(DECODER, num_local_experts=4, num_experts_per_tok=2, head_dim=8),
}


def hf(name: str, **config: Any) -> Any:
    transformers = pytest.importorskip("transformers")  # in CI, conftest makes this skip a failure
    cls = getattr(transformers, name)
    with torch.device("meta"):
        return cls(cls.config_class(**config))


@pytest.mark.parametrize("name", [*HF, *DECODERS])
def test_hugging_face_models_count_as_they_do(name: str) -> None:
    model = hf(name, **{**HF, **DECODERS}[name])
    net = from_torch(model)
    assert net.count() == model.num_parameters() == params(model)
    summary = net.summary()
    assert summary.buffers == buffers(model)
    if name in DECODERS:  # every parameter of a decoder LM has a formula
        assert [r.kind for r in summary.layers if "no formula" in r.kind] == []


@pytest.mark.parametrize("name", ["BertForMaskedLM", "RobertaForMaskedLM", "AlbertForMaskedLM", "DebertaV2ForMaskedLM"])
def test_a_masked_lm_decoder_bias_counts_once(name: str) -> None:
    model = hf(name, **HF[name])
    net = from_torch(model, names={100: "V"})
    head = [r for r in net.summary().layers if r.tied_to and r.fan_out == symcount.symbol("V")]
    assert len(head) == 1 and head[0].tied_to.endswith("word_embeddings") and str(head[0].params) == "V"
    assert net.count(V=100) == model.num_parameters()


def test_gpt2_conv1d_is_linear_and_keeps_its_symbols() -> None:
    model = hf("GPT2LMHeadModel", **DECODERS["GPT2LMHeadModel"])
    net = from_torch(model, names={32: "d", 100: "V", 64: "P"})
    d = symcount.symbol("d")
    assert net.total.coeff(d, 2) == 2  # c_proj, d x d, in each of the two blocks
    assert net.count(d=32, V=100, P=64) == model.num_parameters()


def test_depth_is_a_symbol_and_the_formula_holds_at_every_depth() -> None:
    sizes = dict(DECODER, num_hidden_layers=3)  # 3 is no other size of this model
    net = from_torch(hf("LlamaForCausalLM", **sizes), names={32: "d", 100: "V", 64: "f", 3: "L"})
    assert {s.name for s in net.free_symbols} == {"d", "V", "f", "L"}
    rows = net.summary().layers
    assert rows[1].name == "model.layers.self_attn.q_proj" and str(rows[1].times) == "L"
    for depth in (1, 5):
        deeper = hf("LlamaForCausalLM", **dict(sizes, num_hidden_layers=depth))
        assert net.count(d=32, V=100, f=64, L=depth) == deeper.num_parameters()


def test_albert_shares_one_layer_at_any_depth() -> None:
    counts = {from_torch(hf("AlbertForMaskedLM", **dict(HF["AlbertForMaskedLM"], num_hidden_layers=n))).count() for n in (1, 2, 6)}
    assert counts == {hf("AlbertForMaskedLM", **HF["AlbertForMaskedLM"]).num_parameters()}


def test_experts_and_routers_are_read_with_top_k() -> None:
    for name, biased in (("MixtralForCausalLM", False), ("GptOssForCausalLM", True), ("DeepseekV3ForCausalLM", False)):
        model = hf(name, **DECODERS[name])
        summary = from_torch(model).summary()
        experts = [r for r in summary.layers if r.kind == "experts"]
        routers = [r for r in summary.layers if r.kind == "router"]
        assert len(experts) == len(routers) == 1
        assert experts[0].active == 2 * routers[0].times and experts[0].times == 4 * routers[0].times
        assert bool(experts[0].biases) == biased
        per_expert = experts[0].params // experts[0].times
        assert summary.total - summary.active == (experts[0].times - experts[0].active) * per_expert


def test_top_k_not_found_counts_every_expert_and_says_so() -> None:
    class Experts(nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.gate_up_proj = nn.Parameter(torch.zeros(3, 10, 4))
            self.down_proj = nn.Parameter(torch.zeros(3, 4, 5))

    model = nn.ModuleDict({"experts": Experts()})
    [row] = from_torch(model).summary().layers
    assert row.kind == "experts (top_k not found: every expert counted as active)"
    assert row.params == params(model) == 180 and row.active == 3


def test_attention_sinks_are_one_per_head() -> None:
    model = hf("GptOssForCausalLM", **DECODERS["GptOssForCausalLM"])
    rows = from_torch(model, names={4: "H"}).summary().layers
    [sinks] = [r for r in rows if r.kind == "attention_sinks"]
    assert sinks.name == "model.layers.self_attn.sinks" and str(sinks.params) == "2*H"


@given(st.sampled_from(["LlamaForCausalLM", "Qwen3ForCausalLM", "MixtralForCausalLM"]), st.integers(1, 3),
       st.integers(1, 3), st.sampled_from([4, 8]), st.integers(1, 4), st.booleans())
@settings(max_examples=12, deadline=None)
def test_decoders_of_drawn_sizes(name: str, kv: int, group: int, head_dim: int, layers: int, tie: bool) -> None:
    heads = kv * group
    config = dict(vocab_size=50, hidden_size=heads * head_dim, num_attention_heads=heads, num_key_value_heads=kv,
                  head_dim=head_dim, num_hidden_layers=layers, intermediate_size=24, tie_word_embeddings=tie,
                  bos_token_id=0, eos_token_id=1, pad_token_id=None, num_local_experts=3, num_experts_per_tok=2)
    model = hf(name, **config)
    net = from_torch(model)
    assert net.count() == model.num_parameters()
    assert all("no formula" not in r.kind for r in net.summary().layers)
    assert any(r.tied_to for r in net.summary().layers) == tie
