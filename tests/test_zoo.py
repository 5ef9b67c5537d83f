"""The model zoo against Hugging Face ``transformers``: every covered type exact or refused, never wrong.

Ground truth: the model class ``architectures`` names, built from the same
config on the meta device (no memory behind the tensors), its parameters
summed by PyTorch (``sum(p.numel() for p in model.parameters())``, which
counts a shared tensor once).
"""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from symcount import OptionError, SymcountError, UnsupportedError, models
from symcount._seq2seq import TYPES as SEQ2SEQ_TYPES

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
transformers.logging.set_verbosity_error()
warnings.filterwarnings("ignore", module="transformers")

ZOO = models.zoo()
#: The decoder families: those with a causal-LM head that state their compute, but the encoder-decoders (whose
#: causal-LM head is their decoder alone, with a cross-attention of its own).
DECODERS = sorted(t for t, f in ZOO.items() if f.computes and "causal-lm" in f.heads and t not in SEQ2SEQ_TYPES)
CASES = [(t, head) for t, family in sorted(ZOO.items()) for head in family.heads]


def truth(model_type: str, head: str, config: Any) -> int:
    """PyTorch's count of the Hugging Face class for ``head``, built on the meta device."""
    family = ZOO[model_type]
    cls = getattr(transformers, family.prefix + family.heads[head])
    with torch.device("meta"):
        model = cls(config)
    return sum(p.numel() for p in model.parameters())


def config_dict(config: Any, model_type: str, head: str) -> dict[str, Any]:
    data = json.loads(config.to_json_string(use_diff=False))
    data["architectures"] = [ZOO[model_type].prefix + ZOO[model_type].heads[head]]
    return data


@pytest.mark.parametrize(("model_type", "head"), CASES, ids=[f"{t}-{h}" for t, h in CASES])
def test_default_config_is_exact(model_type: str, head: str) -> None:
    config = transformers.CONFIG_MAPPING[model_type]()
    assert models.from_config(config_dict(config, model_type, head)).count() == truth(model_type, head, config)


def test_every_type_in_transformers_is_exact_or_refused() -> None:
    """Every model type transformers defines: symcount counts it exactly or refuses it; never a wrong number."""
    wrong, exact, refused = [], [], []
    for model_type in sorted(transformers.CONFIG_MAPPING.keys()):
        try:
            config = transformers.CONFIG_MAPPING[model_type]()
        except Exception:  # a config class that cannot be built with its defaults has no default to check
            continue
        data = json.loads(config.to_json_string(use_diff=False))
        data.setdefault("model_type", model_type)
        family = ZOO.get(model_type)
        head = None if family is None else "causal-lm" if "causal-lm" in family.heads else family.default_head
        try:
            net = models.from_config(data, head=head)
        except SymcountError as err:
            assert str(data["model_type"]) in str(err), str(err)  # the message names what it refuses
            refused.append(model_type)
            continue
        assert family is not None and head is not None
        (exact if net.count() == truth(model_type, head, config) else wrong).append(model_type)
    assert not wrong, f"wrong counts for {wrong}"
    assert set(exact) == set(ZOO), f"covered types refused: {sorted(set(ZOO) - set(exact))}"


# -- toggling every field that could change the count -------------------------------------------

#: Small sizes for the fields a config names, so that each drawn model builds in milliseconds.
SMALL: dict[str, Any] = {
    "vocab_size": 97, "hidden_size": 64, "intermediate_size": 96, "moe_intermediate_size": 32,
    "shared_expert_intermediate_size": 48, "num_hidden_layers": 3, "num_attention_heads": 4,
    "num_key_value_heads": 2, "head_dim": 16, "num_local_experts": 4, "num_experts": 4, "n_routed_experts": 4,
    "num_experts_per_tok": 2, "kv_lora_rank": 16, "q_lora_rank": 24, "qk_nope_head_dim": 8,
    "qk_rope_head_dim": 8, "v_head_dim": 8, "first_k_dense_replace": 1, "max_position_embeddings": 64,
    "n_embd": 64, "n_layer": 3, "n_head": 4, "n_positions": 64, "n_inner": 96, "ffn_dim": 96,
    "ffn_hidden_size": 96, "n_shared_experts": 1, "num_kv_heads": 2,
    "embedding_size": 32, "type_vocab_size": 2, "task_type_vocab_size": 3, "dim": 64, "n_layers": 3, "n_heads": 4,
    "hidden_dim": 96,
    # encoder-decoders (T5, BART, Whisper); T5's d_kv * num_heads differs from d_model on purpose
    "d_model": 64, "d_ff": 96, "d_kv": 12, "num_layers": 2, "num_decoder_layers": 3, "num_heads": 4,
    "relative_attention_num_buckets": 8, "encoder_layers": 2, "decoder_layers": 3, "encoder_ffn_dim": 96,
    "decoder_ffn_dim": 80, "encoder_attention_heads": 4, "decoder_attention_heads": 2, "num_mel_bins": 16,
    "max_source_positions": 40, "max_target_positions": 24,
    "state_size": 8,  # Mamba
    "image_size": 32, "patch_size": 8, "pooler_output_size": 48, "projection_dim": 40, "projection_size": 40,
    "pooler_hidden_size": 64,  # DeBERTa: drawn narrower below
}


def small_config(model_type: str, draw: Any, defaults: bool = False) -> Any:
    """A small config of ``model_type`` with drawn sizes and every bool field drawn.

    ``defaults``: some drawn fields are left to the config class instead
    (saved with ``use_diff`` they are then absent, as in a real config.json).
    """
    base = transformers.CONFIG_MAPPING[model_type]().to_dict()
    values: dict[str, Any] = {k: v for k, v in SMALL.items() if k in base}
    heads = draw(st.sampled_from([2, 4]))
    for name in ("num_attention_heads", "n_head", "n_heads"):
        if name in base:
            values[name] = heads
    for name in ("num_key_value_heads", "num_kv_heads"):
        if name in base:
            values[name] = draw(st.sampled_from([1, heads]))
    if "head_dim" in base and base.get("head_dim") is not None:
        values["head_dim"] = draw(st.sampled_from([16, 24, 32]))
    depth = draw(st.integers(1, 3))
    for name in ("num_hidden_layers", "n_layer", "n_layers"):
        if name in base:
            values[name] = depth
    if isinstance(base.get("layer_types"), list):
        values["layer_types"] = [base["layer_types"][i % len(base["layer_types"])] for i in range(depth)]
    for name, value in base.items():
        if type(value) is bool and name not in ("return_dict", "output_hidden_states", "output_attentions", "use_cache",
                                                "is_encoder_decoder", "torchscript", "tie_encoder_decoder"):
            values[name] = draw(st.booleans())
    if "first_k_dense_replace" in base:
        values["first_k_dense_replace"] = draw(st.integers(0, depth))
    if "decoder_sparse_step" in base:
        values["decoder_sparse_step"] = draw(st.sampled_from([1, 2]))
    if "mlp_only_layers" in base:
        values["mlp_only_layers"] = draw(st.lists(st.integers(0, depth - 1), max_size=2, unique=True))
    if "shared_expert_intermediate_size" in base:
        values["shared_expert_intermediate_size"] = draw(st.sampled_from([0, 48]))
    if "q_lora_rank" in base:
        values["q_lora_rank"] = draw(st.sampled_from([None, 24]))
    for name, value in base.items():  # token ids inside the small vocabulary
        if name.endswith("token_id") and type(value) is int:
            values[name] = min(value, 3)
    values["num_labels"] = draw(st.sampled_from([1, 2, 5]))
    if model_type in ("deberta", "deberta-v2"):  # options its config class does not list; sizes that switch parts on
        values["pos_att_type"] = draw(st.sampled_from([None, ["c2p"], ["p2c"], ["p2c", "c2p"], "p2c|c2p"]))
        values["max_relative_positions"] = draw(st.sampled_from([-1, 0, 16]))
        values["embedding_size"] = draw(st.sampled_from([32, 64]))
        values["type_vocab_size"] = draw(st.sampled_from([0, 2]))
        values["pooler_hidden_size"] = draw(st.sampled_from([48, 64]))
    if model_type == "deberta":
        values["talking_head"] = draw(st.booleans())
    if model_type == "deberta-v2":
        values["position_buckets"] = draw(st.sampled_from([-1, 0, 8]))
        values["conv_kernel_size"] = draw(st.sampled_from([0, 3]))
        values["conv_groups"] = draw(st.sampled_from([1, 2]))
        values["share_att_key"] = draw(st.booleans())
        values["norm_rel_ebd"] = draw(st.sampled_from(["none", "layer_norm", "layer_norm|none"]))
    if model_type == "modernbert":
        values["classifier_pooling"] = draw(st.sampled_from(["cls", "mean"]))
        values["global_attn_every_n_layers"] = draw(st.sampled_from([1, 2, 3]))
        values.pop("layer_types", None)  # built from global_attn_every_n_layers
    for name in ("text_config", "vision_config"):  # CLIP, SigLIP: each tower small, its bool fields drawn too
        if isinstance(base.get(name), dict):
            nested = {k: v for k, v in SMALL.items() if k in base[name]}
            nested["num_attention_heads"] = draw(st.sampled_from([2, 4]))
            nested["num_hidden_layers"] = draw(st.integers(1, 2))
            if name == "vision_config":
                nested["hidden_size"] = draw(st.sampled_from([32, 64]))
            for key, value in base[name].items():
                if type(value) is bool and key not in ("return_dict", "output_hidden_states", "output_attentions",
                                                       "use_cache", "is_encoder_decoder", "torchscript"):
                    nested[key] = draw(st.booleans())
                if key.endswith("token_id") and type(value) is int:
                    nested[key] = min(value, 3)
            values[name] = nested
    if defaults:
        left = draw(st.sets(st.sampled_from(sorted(values)), max_size=3)) if values else set()
        values = {k: v for k, v in values.items() if k not in left}
    return transformers.CONFIG_MAPPING[model_type](**values)


@pytest.mark.parametrize(("model_type", "head"), CASES, ids=[f"{t}-{h}" for t, h in CASES])
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_toggled_fields_exact_or_refused(model_type: str, head: str, data: st.DataObject) -> None:
    try:
        config = small_config(model_type, data.draw)
        expected = truth(model_type, head, config)
    except Exception:  # a combination Hugging Face itself cannot build is no test of ours
        assume(False)
        raise
    try:
        ours = models.from_config(config_dict(config, model_type, head)).count()
    except (UnsupportedError, OptionError) as err:  # refused, with a reason: allowed, never silent
        assert str(err)
        return
    assert ours == expected, config.to_json_string(use_diff=True)


@pytest.mark.parametrize(("model_type", "head"), CASES, ids=[f"{t}-{h}" for t, h in CASES])
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_fields_left_at_their_defaults_are_read_as_transformers_reads_them(
    model_type: str, head: str, data: st.DataObject
) -> None:
    """A config saved as ``save_pretrained`` saves it (``use_diff``: only what differs from the class's defaults).

    Every flag left out must then mean what Hugging Face's config class makes
    it mean: exact, or refused (a size left out), never wrong.
    """
    try:
        config = small_config(model_type, data.draw, defaults=True)
        sparse = json.loads(config.to_json_string(use_diff=True))
        # What transformers builds from the file as saved (it may differ from the config in memory:
        # a BART classifier of 2 labels is saved without id2label, and read back with BART's default 3).
        expected = truth(model_type, head, type(config).from_dict(dict(sparse)))
    except Exception:
        assume(False)
        raise
    sparse["model_type"] = model_type
    sparse["architectures"] = config_dict(config, model_type, head)["architectures"]
    try:
        ours = models.from_config(sparse).count()
    except (UnsupportedError, OptionError) as err:
        assert str(err)
        return
    assert ours == expected, json.dumps(sparse)


# -- refusals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model_type", "field", "value"),
    [("llama", "num_sparse_experts", 4), ("mistral", "clip_qkv", 8.0), ("qwen2", "adapter_rank", 16),
     ("deepseek_v3", "lora_alpha", 32), ("gemma2", "extra_norm", True)],
)
def test_an_unknown_field_is_refused_by_name(model_type: str, field: str, value: Any) -> None:
    data = config_dict(transformers.CONFIG_MAPPING[model_type](), model_type, "causal-lm")
    data[field] = value
    with pytest.raises(UnsupportedError, match=repr(field)):
        models.from_config(data)


def test_the_head_is_never_guessed() -> None:
    data = config_dict(transformers.CONFIG_MAPPING["llama"](), "llama", "causal-lm")
    del data["architectures"]
    with pytest.raises(OptionError, match="head"):
        models.from_config(data)
    assert models.from_config(data, head="model").count() < models.from_config(data, head="causal-lm").count()
    data["architectures"] = ["LlamaForImageSegmentation"]
    with pytest.raises(UnsupportedError, match="LlamaForImageSegmentation"):
        models.from_config(data)


# -- published sizes ------------------------------------------------------------------------------


def test_published_sizes() -> None:
    # Llama-2-7B: 6,738,415,616 parameters (the model card's config; Touvron et al. 2023 round it to 7B).
    llama2 = {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "vocab_size": 32000, "hidden_size": 4096,
              "intermediate_size": 11008, "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 32}
    assert models.from_config(llama2).count() == 6_738_415_616
    # Mistral-7B-v0.1: 7,241,732,096 (mistralai/Mistral-7B-v0.1's config.json; Jiang et al. 2023: "7.3B").
    mistral = {"model_type": "mistral", "architectures": ["MistralForCausalLM"], "vocab_size": 32000,
               "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32,
               "num_key_value_heads": 8}
    assert models.from_config(mistral).count() == 7_241_732_096
    # Mixtral-8x7B: 46.7B total, 12.9B active per token (Jiang et al. 2024, "Mixtral of Experts", section 1).
    mixtral = dict(mistral, model_type="mixtral", architectures=["MixtralForCausalLM"], num_local_experts=8,
                   num_experts_per_tok=2)
    s = models.from_config(mixtral).summary()
    assert round(s.total / 1e9, 1) == 46.7
    assert round(s.active / 1e9, 1) == 12.9
    # DeepSeek-V3: 671B total, 37B activated per token (DeepSeek-AI 2024, the V3 technical report, abstract).
    v3 = transformers.CONFIG_MAPPING["deepseek_v3"]()  # its defaults are DeepSeek-V3's published config
    s = models.from_config(config_dict(v3, "deepseek_v3", "causal-lm")).summary()
    assert round(s.total / 1e9) == 671
    assert 37e9 <= s.active < 38e9  # 37.55B with the embedding and the head: the report gives whole billions


def test_active_is_a_formula_in_experts_and_top_k() -> None:
    s = models.family("mixtral").summary()
    total, active = ({str(x) for x in f.free_symbols} for f in (s.total, s.active))
    assert "num_local_experts" in total and "num_experts_per_tok" not in total
    assert "num_experts_per_tok" in active  # and num_local_experts: the router scores every expert
    numbers = dict(vocab_size=32000, hidden_size=4096, intermediate_size=14336, num_hidden_layers=32,
                   num_attention_heads=32, num_key_value_heads=8, num_local_experts=8, num_experts_per_tok=2)
    numeric = models.family("mixtral", **numbers).summary()
    assert s.network.count(numbers) == numeric.total
    assert s.active.subs({x: numbers[str(x)] for x in s.active.free_symbols}) == numeric.active


def test_non_embedding_matches_transformers() -> None:
    config = transformers.CONFIG_MAPPING["qwen2"](**{k: v for k, v in SMALL.items() if k in ("vocab_size", "hidden_size",
                                                  "intermediate_size", "num_hidden_layers", "num_attention_heads",
                                                  "num_key_value_heads")})
    with torch.device("meta"):
        model = transformers.Qwen2ForCausalLM(config)
    ours = models.from_config(config_dict(config, "qwen2", "causal-lm")).summary().non_embedding
    assert ours == model.num_parameters(exclude_embeddings=True)


def test_frozen_parts_leave_the_trainable_count_as_pytorch_does() -> None:
    config = transformers.CONFIG_MAPPING["mixtral"](**{k: v for k, v in SMALL.items() if k in (
        "vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
        "num_key_value_heads", "num_local_experts", "num_experts_per_tok")})
    with torch.device("meta"):
        model = transformers.MixtralForCausalLM(config)
    model.model.embed_tokens.requires_grad_(False)
    for layer in model.model.layers:
        layer.self_attn.requires_grad_(False)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    net = models.from_config(config_dict(config, "mixtral", "causal-lm")).freeze("embeddings", "blocks.attention")
    assert net.summary().trainable == trainable
    assert net.summary().total == model.num_parameters()
    with pytest.raises(OptionError, match="freeze names 'embedding'"):
        net.freeze("embedding")


def zoo_table() -> str:
    """The README's table of covered model types and their heads, from the zoo itself."""
    heads = list(dict.fromkeys(h for f in ZOO.values() for h in f.heads))
    lines = [f"{len(ZOO)} model types:", "", "| model_type | " + " | ".join(heads) + " |",
             "|---|" + "---|" * len(heads)]
    for model_type, family in sorted(ZOO.items()):
        cells = [family.prefix + family.heads[h] if h in family.heads else "" for h in heads]
        lines.append(f"| `{model_type}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def test_readme_lists_every_covered_type() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- zoo:")
    start = readme.index("\n", start) + 1
    end = readme.index("<!-- /zoo -->")
    assert readme[start:end].strip() == zoo_table(), "README's zoo table is stale; write:\n" + zoo_table()


@pytest.mark.parametrize(("model_type", "head"), CASES, ids=[f"{t}-{h}" for t, h in CASES])
def test_from_torch_reads_every_covered_model_with_formulas(model_type: str, head: str) -> None:
    """from_torch on the same Hugging Face model: the same count, and no module left as bare numbers."""
    from symcount import from_torch

    family = ZOO[model_type]
    config = transformers.CONFIG_MAPPING[model_type]()
    with torch.device("meta"):
        model = getattr(transformers, family.prefix + family.heads[head])(config)
    net = from_torch(model)
    assert net.count() == sum(p.numel() for p in model.parameters())
    assert [r.kind for r in net.summary().layers if "no formula" in r.kind] == []


def test_the_defaults_table_is_transformers_own() -> None:
    """symcount/_defaults.py, the defaults a config.json leaves out, is what transformers' config classes say."""
    from symcount._defaults import DEFAULTS

    from .hf_defaults import table

    assert DEFAULTS == table(list(ZOO)), "stale: run python -m tests.hf_defaults"


@pytest.mark.parametrize("model_type", sorted(ZOO))
def test_each_field_left_out_is_read_as_transformers_reads_it(model_type: str) -> None:
    """The default config with one field the reader reads left out at a time: transformers' count or a refusal."""
    family = ZOO[model_type]
    head = family.default_head
    config = transformers.CONFIG_MAPPING[model_type]()
    full = config_dict(config, model_type, head)
    cls = type(config)
    for field in [k for k, v in full.items() if k not in ("model_type", "architectures") and v is not None]:
        sparse = {k: v for k, v in full.items() if k != field}
        try:
            ours = models.from_config(sparse).count()
        except (UnsupportedError, OptionError):
            continue
        kwargs = {k: v for k, v in sparse.items() if k not in ("architectures", "model_type", "transformers_version")}
        try:
            expected = truth(model_type, head, cls(**kwargs))
        except Exception:  # transformers cannot build it without the field either
            continue
        assert ours == expected, f"{model_type} without {field}"


@pytest.mark.parametrize(("model_type", "head"), CASES, ids=[f"{t}-{h}" for t, h in CASES])
def test_every_family_is_a_formula(model_type: str, head: str) -> None:
    """models.family(model_type) with no field given: a formula, and its class defaults give transformers' count."""
    net = models.family(model_type, head=head)
    assert net.summary().total.free_symbols
    config = transformers.CONFIG_MAPPING[model_type]()
    data = config_dict(config, model_type, head)
    given = {name: data[name] for name in net.names if type(data.get(name)) is int}
    if len(given) == len(net.names):
        assert net.count(given) == truth(model_type, head, config)


def test_a_classifier_without_labels_in_its_config_has_the_class_default() -> None:
    """BART's classifier defaults to 3 labels, most others to 2: a config.json that names none gets those."""
    for model_type in ("bart", "llama", "bert"):
        config = transformers.CONFIG_MAPPING[model_type]()
        data = config_dict(config, model_type, "sequence-classification")
        for name in ("id2label", "label2id", "num_labels"):
            data.pop(name, None)
        assert models.from_config(data).count() == truth(model_type, "sequence-classification", config), model_type


def test_gpt2_max_position_embeddings_is_n_positions() -> None:
    """GPT2Config's attribute_map makes max_position_embeddings set n_positions: read, never ignored."""
    fields = {"vocab_size": 97, "n_embd": 64, "n_layer": 2, "n_head": 4}
    for given in ({"max_position_embeddings": 5}, {"n_positions": 64, "max_position_embeddings": 5}):
        data = dict(fields, **given, model_type="gpt2", architectures=["GPT2LMHeadModel"])
        assert models.from_config(data).count() == truth("gpt2", "causal-lm", transformers.GPT2Config(**fields, **given))


def test_an_empty_id2label_is_refused_not_read_as_the_default() -> None:
    """transformers reads id2label {} as num_labels 0; symcount must not count the class's default 2 labels."""
    config = transformers.BertConfig(vocab_size=97, hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
                                     intermediate_size=96, num_labels=0)
    for head in ("sequence-classification", "token-classification", "question-answering"):
        data = config_dict(config, "bert", head)
        assert data["id2label"] == {}
        with pytest.raises(OptionError, match="id2label"):
            models.from_config(data)
    assert models.from_config(config_dict(config, "bert", "model")).count() == truth("bert", "model", config)


def test_t5_untied_is_refused_and_a_patchless_image_too() -> None:
    """T5 with tie_word_embeddings false has two counts (transformers 5 ties, the checkpoint does not): refused."""
    data = config_dict(transformers.CONFIG_MAPPING["t5"](), "t5", "seq2seq-lm")
    data["tie_word_embeddings"] = False
    with pytest.raises(UnsupportedError, match="t5 tie_word_embeddings is false"):
        models.from_config(data)
    data = config_dict(transformers.CONFIG_MAPPING["vit"](), "vit", "model")
    data.update(image_size=4, patch_size=16)
    with pytest.raises(OptionError, match="image_size is smaller than patch_size"):
        models.from_config(data)


def test_an_alias_the_config_writes_wins_over_the_other_names_default() -> None:
    """transformers 5 saves Qwen3-MoE's num_experts as num_local_experts alone; the default 128 is not the count."""
    config = transformers.Qwen3MoeConfig(
        num_local_experts=4, num_experts_per_tok=2, num_hidden_layers=2, hidden_size=64, intermediate_size=96,
        moe_intermediate_size=32, num_attention_heads=4, num_key_value_heads=2, vocab_size=97, head_dim=16,
    )
    data = json.loads(config.to_json_string(use_diff=True))
    assert "num_local_experts" in data and "num_experts" not in data
    data["architectures"] = ["Qwen3MoeForCausalLM"]
    assert models.from_config(data).count() == truth("qwen3_moe", "causal-lm", config)
    with pytest.raises(OptionError, match="num_experts and num_local_experts differ"):
        models.from_config({**data, "num_experts": 8})
