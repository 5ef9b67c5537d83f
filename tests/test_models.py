"""Model families against small PyTorch reimplementations written here, and config.json reading."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symcount import OptionError, UnsupportedError, models

torch = pytest.importorskip("torch")  # in CI, conftest makes this skip a failure
nn = torch.nn
torch.set_default_device("meta")

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def params(module: Any) -> int:
    return sum(p.numel() for p in module.parameters())  # a tied tensor is listed once


class GPT2(nn.Module):  # type: ignore[misc]
    def __init__(self, vocab: int, positions: int, d: int, layers: int, heads: int, inner: int) -> None:
        super().__init__()
        self.wte, self.wpe = nn.Embedding(vocab, d), nn.Embedding(positions, d)
        self.blocks = nn.ModuleList(
            nn.ModuleDict(
                {
                    "ln_1": nn.LayerNorm(d),
                    "c_attn": nn.Linear(d, 3 * d),
                    "c_proj": nn.Linear(d, d),
                    "ln_2": nn.LayerNorm(d),
                    "c_fc": nn.Linear(d, inner),
                    "mlp_proj": nn.Linear(inner, d),
                }
            )
            for _ in range(layers)
        )
        self.ln_f = nn.LayerNorm(d)
        self.lm_head = nn.Linear(d, vocab, bias=False)
        self.lm_head.weight = self.wte.weight


class Bert(nn.Module):  # type: ignore[misc]
    def __init__(self, vocab: int, d: int, layers: int, heads: int, inner: int, positions: int, types: int) -> None:
        super().__init__()
        self.word, self.position, self.token_type = nn.Embedding(vocab, d), nn.Embedding(positions, d), nn.Embedding(types, d)
        self.ln = nn.LayerNorm(d)
        self.layers = nn.ModuleList(
            nn.ModuleList(
                [nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d), nn.LayerNorm(d),
                 nn.Linear(d, inner), nn.Linear(inner, d), nn.LayerNorm(d)]
            )
            for _ in range(layers)
        )
        self.pooler = nn.Linear(d, d)


class Llama(nn.Module):  # type: ignore[misc]
    def __init__(self, vocab: int, d: int, layers: int, heads: int, kv: int, inner: int, tie: bool) -> None:
        super().__init__()
        head_dim = d // heads
        self.embed = nn.Embedding(vocab, d)
        self.layers = nn.ModuleList(
            nn.ModuleList(
                [nn.RMSNorm(d), nn.Linear(d, heads * head_dim, bias=False), nn.Linear(d, kv * head_dim, bias=False),
                 nn.Linear(d, kv * head_dim, bias=False), nn.Linear(heads * head_dim, d, bias=False), nn.RMSNorm(d),
                 nn.Linear(d, inner, bias=False), nn.Linear(d, inner, bias=False), nn.Linear(inner, d, bias=False)]
            )
            for _ in range(layers)
        )
        self.norm = nn.RMSNorm(d)
        self.lm_head = nn.Linear(d, vocab, bias=False)
        if tie:
            self.lm_head.weight = self.embed.weight


small = st.integers(1, 6)


@given(st.integers(2, 50), st.integers(1, 20), st.integers(1, 4), small, st.integers(1, 4), st.one_of(st.none(), small))
@SETTINGS
def test_gpt2(vocab: int, positions: int, heads: int, layers: int, per: int, inner: int | None) -> None:
    d = heads * per
    net = models.gpt2(vocab_size=vocab, n_positions=positions, n_embd=d, n_layer=layers, n_head=heads, n_inner=inner)
    assert net.count() == params(GPT2(vocab, positions, d, layers, heads, inner or 4 * d))
    symbolic = models.gpt2(n_head=heads, n_inner=inner)
    values = {"vocab_size": vocab, "n_positions": positions, "n_embd": d, "n_layer": layers}
    assert symbolic.count(values) == net.count()


@given(st.integers(2, 50), st.integers(1, 4), st.integers(1, 4), small, small, st.integers(1, 20), st.integers(1, 3))
@SETTINGS
def test_bert(vocab: int, heads: int, per: int, layers: int, inner: int, positions: int, types: int) -> None:
    d = heads * per
    net = models.bert(vocab_size=vocab, hidden_size=d, num_hidden_layers=layers, num_attention_heads=heads,
                      intermediate_size=inner, max_position_embeddings=positions, type_vocab_size=types)
    assert net.count() == params(Bert(vocab, d, layers, heads, inner, positions, types))


@given(st.integers(2, 50), st.integers(1, 3), st.integers(1, 3), st.integers(1, 4), small, small, st.booleans())
@SETTINGS
def test_llama(vocab: int, kv: int, group: int, head_dim: int, layers: int, inner: int, tie: bool) -> None:
    heads = kv * group
    d = heads * head_dim
    net = models.llama(vocab_size=vocab, hidden_size=d, num_hidden_layers=layers, num_attention_heads=heads,
                       num_key_value_heads=kv, intermediate_size=inner, tie_word_embeddings=tie)
    assert net.count() == params(Llama(vocab, d, layers, heads, kv, inner, tie))


def test_published_sizes() -> None:
    # Known sizes of released models, as a second, independent check.
    assert models.gpt2(vocab_size=50257, n_positions=1024, n_embd=768, n_layer=12, n_head=12).count() == 124_439_808
    llama2_70b = models.llama(vocab_size=32000, hidden_size=8192, num_hidden_layers=80, num_attention_heads=64,
                              num_key_value_heads=8, intermediate_size=28672)
    assert llama2_70b.count() == 68_976_648_192


def test_from_config(tmp_path: Path) -> None:
    config = {"model_type": "llama", "vocab_size": 32000, "hidden_size": 4096, "num_hidden_layers": 32,
              "num_attention_heads": 32, "intermediate_size": 11008, "torch_dtype": "float16", "architectures": ["LlamaForCausalLM"]}
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    assert models.from_config(path).count() == models.from_config(config).count() == 6_738_415_616
    # A field left out is the class's default, as transformers reads it (LlamaConfig: intermediate_size=11008).
    assert models.from_config({k: v for k, v in config.items() if k != "intermediate_size"}).count() == 6_738_415_616
    with pytest.raises(OptionError, match="llama vocab_size is '32000'"):
        models.from_config(dict(config, vocab_size="32000"))
    with pytest.raises(UnsupportedError, match="model_type is 'llama5'"):
        models.from_config({"model_type": "llama5"})
    with pytest.raises(UnsupportedError, match="llama architectures names 'x'"):
        models.from_config(dict(config, architectures=["x"]))
    with pytest.raises(OptionError, match="gpt2 has no field 'n_embdd'"):
        models.gpt2(n_embdd=768)
    with pytest.raises(OptionError, match="cannot read the config"):
        models.from_config(tmp_path / "missing.json")


# -- convolutional families, against torchvision's structure written out here ----------------


class Basic(nn.Module):  # type: ignore[misc]
    expansion = 1

    def __init__(self, cin: int, planes: int, project: bool) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(cin, planes, 3, padding=1, bias=False), nn.BatchNorm2d(planes),
                                  nn.Conv2d(planes, planes, 3, padding=1, bias=False), nn.BatchNorm2d(planes))
        self.shortcut = nn.Sequential(nn.Conv2d(cin, planes, 1, bias=False), nn.BatchNorm2d(planes)) if project else None


class Bottleneck(nn.Module):  # type: ignore[misc]
    expansion = 4

    def __init__(self, cin: int, planes: int, project: bool) -> None:
        super().__init__()
        out = planes * 4
        self.body = nn.Sequential(nn.Conv2d(cin, planes, 1, bias=False), nn.BatchNorm2d(planes),
                                  nn.Conv2d(planes, planes, 3, padding=1, bias=False), nn.BatchNorm2d(planes),
                                  nn.Conv2d(planes, out, 1, bias=False), nn.BatchNorm2d(out))
        self.shortcut = nn.Sequential(nn.Conv2d(cin, out, 1, bias=False), nn.BatchNorm2d(out)) if project else None


def torch_resnet(block: Any, stages: tuple[int, ...], width: int, classes: int) -> Any:
    modules = [nn.Conv2d(3, width, 7, stride=2, padding=3, bias=False), nn.BatchNorm2d(width)]
    cin = width
    for stage, blocks in enumerate(stages):
        planes = width * 2**stage
        for b in range(blocks):
            out = planes * block.expansion
            modules.append(block(cin, planes, project=(b == 0 and cin != out)))
            cin = out
    modules.append(nn.Linear(cin, classes))
    return nn.Sequential(*modules)


def buffers(module: Any) -> int:
    return sum(b.numel() for b in module.buffers())


@given(st.sampled_from([18, 34, 50]), st.integers(1, 8), st.integers(1, 20))
@SETTINGS
def test_resnet(depth: int, width: int, classes: int) -> None:
    block, stages = {18: (Basic, (2, 2, 2, 2)), 34: (Basic, (3, 4, 6, 3)), 50: (Bottleneck, (3, 4, 6, 3))}[depth]
    reference = torch_resnet(block, stages, width, classes)
    net = models.resnet(depth, num_classes=classes, width=width)
    assert net.count() == params(reference)
    assert net.summary().buffers == buffers(reference)
    assert models.resnet(depth, width="w").count(num_classes=classes, w=width) == net.count()


def tv_vgg(depth: int, batch_norm: bool, classes: int) -> Any:
    """torchvision.models.vgg: its configurations A, B, D, E; features, a 7x7 average pool, the classifier."""
    plan = {11: (1, 1, 2, 2, 2), 13: (2, 2, 2, 2, 2), 16: (2, 2, 3, 3, 3), 19: (2, 2, 4, 4, 4)}[depth]
    layers: list[Any] = []
    cin = 3
    for stage, convs in enumerate(plan):
        for _ in range(convs):
            out = min(64 * 2**stage, 512)
            layers += [nn.Conv2d(cin, out, 3, padding=1)] + ([nn.BatchNorm2d(out)] if batch_norm else []) + [nn.ReLU(True)]
            cin = out
        layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d((7, 7)), nn.Flatten(),
                         nn.Linear(512 * 7 * 7, 4096), nn.ReLU(True), nn.Dropout(),
                         nn.Linear(4096, 4096), nn.ReLU(True), nn.Dropout(), nn.Linear(4096, classes))


@given(st.sampled_from([11, 13, 16, 19]), st.booleans(), st.integers(1, 20))
@settings(max_examples=16, deadline=None)
def test_vgg(depth: int, batch_norm: bool, classes: int) -> None:
    with torch.device("meta"):
        reference = tv_vgg(depth, batch_norm, classes)
    net = models.vgg(depth, batch_norm=batch_norm, num_classes=classes)
    assert net.count() == params(reference)
    assert net.summary().buffers == buffers(reference)


def test_torchvision_sizes() -> None:
    # torchvision's published parameter counts, an independent second check.
    assert models.resnet(18, num_classes=1000).count() == 11_689_512
    assert models.resnet(50, num_classes=1000).count() == 25_557_032
    assert models.resnet(152, num_classes=1000).count() == 60_192_808
    assert models.vgg(16, num_classes=1000).count() == 138_357_544
    assert models.vgg(19, batch_norm=True, num_classes=1000).count() == 143_678_248
    with pytest.raises(OptionError, match="resnet depth is 20"):
        models.resnet(20)


@pytest.mark.parametrize(
    "build",
    [models.gpt2, models.bert, models.llama, lambda: models.resnet(18), lambda: models.vgg(11, batch_norm=True)],
    ids=["gpt2", "bert", "llama", "resnet18", "vgg11_bn"],
)
def test_totals_are_sympys_sums_of_the_rows(build: Any) -> None:
    """The totals are summed from the rows at once; SymPy's nested sums say the same."""
    import sympy

    s = build().summary()
    assert sympy.srepr(s.total) == sympy.srepr(sympy.Add(s.weights, s.biases))
    for role in ("weights", "biases", "buffers"):
        assert sympy.srepr(getattr(s, role)) == sympy.srepr(sympy.Add(*[getattr(r, role) for r in s.layers]))
