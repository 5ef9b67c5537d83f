"""Ground truth for tests/formula_corpus.py, computed from PyTorch / transformers.

Written independently of symcount: nothing here imports it.  Counts come from
``numel()`` of real modules (built on the meta device, so nothing is allocated).

How a case is evaluated
-----------------------
* ``mlp``: ``case.python(w, L)`` with ``w`` the widths w_0..w_L and ``L = len(w)-1``.
  ``check["widths"]`` fixes the widths, ``check["depth"]`` fixes L (widths drawn).
  ``symbols["layout"]`` records the writer's numbering (documentation only);
  ``symbols["hidden"] == "equal"`` draws one width for every hidden layer (the
  formula assumes it; depth >= 2); ``symbols["w[i]"] = "n"`` fixes width i
  (e.g. ``{"w[-1]": "1"}`` for a source whose network has one output).
* every other target: ``case.python(**kwargs)`` where ``kwargs`` maps each formula
  symbol (a key of ``case.symbols``) to the drawn value of the target size it
  names.  An entry of ``case.symbols`` whose *value* is an expression (not a bare
  size name), e.g. ``{"dim_feedforward": "4*d_model"}``, is a *tie*: its key is a
  target size name, set from the expression after the other sizes are drawn, and
  it is not passed to ``python``.
* ``case.sizes`` (target size name -> int) fixes sizes for a worked numeric
  example; sizes not fixed are drawn.

The asked convention is read from ``case.check`` like the checker would:
mlp ``bias`` "all"/"hidden"/"none" (default "all"); rnn/gru/lstm ``bias``
"torch"/"keras" or False -> "none" (default "torch"); conv2d, conv2d_rect,
attention, transformer_block ``bias`` True/False -> "bias"/"no_bias" (default
True); embedding "default"; gpt2 "tied" (the other convention: "untied", an
lm_head of its own); llama "untied" (tie_word_embeddings False; the other
convention: "tied").
"""
from __future__ import annotations

import functools
import logging
import random
import re

import torch
from torch import nn

logging.getLogger("transformers").setLevel(logging.ERROR)

META = torch.device("meta")

SIZES = {
    "mlp": (),
    "rnn": ("input_size", "hidden_size"),
    "gru": ("input_size", "hidden_size"),
    "lstm": ("input_size", "hidden_size"),
    "conv2d": ("in_channels", "out_channels", "kernel_size", "groups"),
    "conv2d_rect": ("in_channels", "out_channels", "kernel_h", "kernel_w", "groups"),
    "embedding": ("num_embeddings", "embedding_dim"),
    "attention": ("embed_dim", "num_heads"),
    "transformer_block": ("d_model", "dim_feedforward", "nhead"),
    "gpt2": ("vocab_size", "n_positions", "n_embd", "n_layer"),
    "llama": ("vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers",
              "num_attention_heads", "num_key_value_heads"),
}

CONVENTIONS = {
    "mlp": ("all", "hidden", "none"),
    "rnn": ("torch", "keras", "none"),
    "gru": ("torch", "keras", "none"),
    "lstm": ("torch", "keras", "none"),
    "conv2d": ("bias", "no_bias"),
    "conv2d_rect": ("bias", "no_bias"),
    "embedding": ("default",),
    "attention": ("bias", "no_bias"),
    "transformer_block": ("bias", "no_bias"),
    "gpt2": ("tied", "untied"),
    "llama": ("untied", "tied"),
}

VERDICTS = ("correct", "other_convention", "wrong")
DRAWS = 5


def _numel(module) -> int:
    return sum(p.numel() for p in module.parameters())


# ---------------------------------------------------------------- counts
@functools.lru_cache(maxsize=None)
def mlp_count(widths: tuple, convention: str) -> int:
    """nn.Sequential of nn.Linear(w_{i-1}, w_i): "all", "hidden" (no output bias), "none"."""
    L = len(widths) - 1
    layers = []
    for i in range(1, L + 1):
        bias = convention == "all" or (convention == "hidden" and i < L)
        layers.append(nn.Linear(widths[i - 1], widths[i], bias=bias, device=META))
    return _numel(nn.Sequential(*layers))


@functools.lru_cache(maxsize=None)
def rnn_count(kind: str, input_size: int, hidden_size: int, convention: str) -> int:
    cls = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}[kind]
    m = cls(input_size, hidden_size, bias=convention != "none", device=META)
    n = _numel(m)
    if convention == "keras":  # one bias vector per gate: drop b_hh
        n -= m.bias_hh_l0.numel()
    return n


@functools.lru_cache(maxsize=None)
def conv_count(in_channels, out_channels, kh, kw, groups, convention) -> int:
    m = nn.Conv2d(in_channels, out_channels, (kh, kw), groups=groups,
                  bias=convention == "bias", device=META)
    return _numel(m)


@functools.lru_cache(maxsize=None)
def embedding_count(num_embeddings, embedding_dim) -> int:
    return _numel(nn.Embedding(num_embeddings, embedding_dim, device=META))


@functools.lru_cache(maxsize=None)
def attention_count(embed_dim, num_heads, convention) -> int:
    return _numel(nn.MultiheadAttention(embed_dim, num_heads, bias=convention == "bias",
                                        device=META))


@functools.lru_cache(maxsize=None)
def block_count(d_model, dim_feedforward, nhead, convention) -> int:
    return _numel(nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward,
                                             bias=convention == "bias", device=META))


@functools.lru_cache(maxsize=None)
def gpt2_count(vocab_size, n_positions, n_embd, n_layer, convention) -> int:
    from transformers import GPT2Config, GPT2LMHeadModel
    cfg = GPT2Config(vocab_size=vocab_size, n_positions=n_positions, n_embd=n_embd,
                     n_layer=n_layer, n_head=1, bos_token_id=None, eos_token_id=None,
                     tie_word_embeddings=convention == "tied")
    with torch.device(META):
        model = GPT2LMHeadModel(cfg)
    return _numel(model)


@functools.lru_cache(maxsize=None)
def llama_count(vocab_size, hidden_size, intermediate_size, num_hidden_layers,
                num_attention_heads, num_key_value_heads, convention) -> int:
    from transformers import LlamaConfig, LlamaForCausalLM
    cfg = LlamaConfig(vocab_size=vocab_size, hidden_size=hidden_size,
                      intermediate_size=intermediate_size,
                      num_hidden_layers=num_hidden_layers,
                      num_attention_heads=num_attention_heads,
                      num_key_value_heads=num_key_value_heads,
                      bos_token_id=None, eos_token_id=None, pad_token_id=None,
                      tie_word_embeddings=convention == "tied")
    with torch.device(META):
        model = LlamaForCausalLM(cfg)
    return _numel(model)


def count(target: str, sizes: dict, convention: str) -> int:
    """The exact parameter count of ``target`` at ``sizes`` under ``convention``."""
    s = sizes
    if target == "mlp":
        return mlp_count(tuple(s["widths"]), convention)
    if target in ("rnn", "gru", "lstm"):
        return rnn_count(target, s["input_size"], s["hidden_size"], convention)
    if target == "conv2d":
        return conv_count(s["in_channels"], s["out_channels"], s["kernel_size"],
                          s["kernel_size"], s["groups"], convention)
    if target == "conv2d_rect":
        return conv_count(s["in_channels"], s["out_channels"], s["kernel_h"],
                          s["kernel_w"], s["groups"], convention)
    if target == "embedding":
        return embedding_count(s["num_embeddings"], s["embedding_dim"])
    if target == "attention":
        return attention_count(s["embed_dim"], s["num_heads"], convention)
    if target == "transformer_block":
        return block_count(s["d_model"], s["dim_feedforward"], s["nhead"], convention)
    if target == "gpt2":
        return gpt2_count(s["vocab_size"], s["n_positions"], s["n_embd"], s["n_layer"],
                          convention)
    if target == "llama":
        return llama_count(*(s[k] for k in SIZES["llama"]), convention)
    raise ValueError(f"unknown target {target!r}")


# ---------------------------------------------------------------- cases
_NAME = re.compile(r"[A-Za-z_][A-Za-z_0-9]*\Z")


def symbol_map(case) -> dict:
    """formula symbol -> target size name (ties and the mlp layout excluded)."""
    names = set(SIZES[case.target])
    return {k: v for k, v in case.symbols.items() if v in names and _NAME.match(k)}


def ties(case) -> dict:
    """target size name -> expression in other size names."""
    names = set(SIZES[case.target])
    return {k: v for k, v in case.symbols.items() if k in names and v not in names}


def asked_convention(case) -> str:
    t, b = case.target, case.check.get("bias", None)
    if t == "mlp":
        return "all" if b is None else str(b)
    if t in ("rnn", "gru", "lstm"):
        if b is None or b is True:
            return "torch"
        return "none" if b is False else str(b)
    if t in ("conv2d", "conv2d_rect", "attention", "transformer_block"):
        return "no_bias" if b is False else "bias"
    if t == "embedding":
        return "default"
    if t == "gpt2":
        return "tied"
    if t == "llama":
        return "untied"
    raise ValueError(t)


def draw_sizes(case, rng: random.Random) -> dict:
    """One draw of sizes for ``case`` (fixed sizes and ties honoured)."""
    t = case.target
    if t == "mlp":
        if "widths" in case.check:
            return {"widths": list(case.check["widths"])}
        equal = case.symbols.get("hidden") == "equal"
        L = case.check.get("depth") or rng.randint(2 if equal else 1, 7)
        w = [rng.randint(1, 40) for _ in range(L + 1)]
        if equal:  # the formula assumes every hidden layer has one width
            w[1:L] = [w[1]] * (L - 1)
        for key, value in case.symbols.items():  # "w[-1]": "1" fixes a width
            m = re.fullmatch(r"w\[(-?\d+)\]", key)
            if m:
                w[int(m.group(1))] = int(value)
        return {"widths": w}
    used = set(symbol_map(case).values())
    s = {}
    if t in ("conv2d", "conv2d_rect"):
        g = rng.randint(1, 4) if "groups" in used else 1
        s = {"groups": g, "in_channels": g * rng.randint(1, 10),
             "out_channels": g * rng.randint(1, 10)}
        if t == "conv2d":
            s["kernel_size"] = rng.randint(1, 7)
        else:
            s["kernel_h"], s["kernel_w"] = rng.randint(1, 7), rng.randint(1, 7)
    elif t == "attention":
        s = {"embed_dim": rng.randint(1, 40), "num_heads": 1}
    elif t == "transformer_block":
        s = {"d_model": rng.randint(1, 40), "dim_feedforward": rng.randint(1, 40), "nhead": 1}
    elif t == "gpt2":
        s = {"vocab_size": rng.randint(1, 40), "n_positions": rng.randint(1, 40),
             "n_embd": rng.randint(1, 40), "n_layer": rng.randint(1, 7)}
    elif t == "llama":
        if {"num_attention_heads", "num_key_value_heads"} & used:
            nh = rng.randint(2, 4)  # grouped: n_kv a proper divisor of n_h
            nkv = rng.choice([k for k in range(1, nh) if nh % k == 0])
            if "num_key_value_heads" not in used:
                nkv = nh
            d = nh * 2 * rng.randint(1, 4)  # RoPE needs an even head_dim
        else:
            nh = nkv = 1
            d = 2 * rng.randint(1, 20)
        s = {"vocab_size": rng.randint(1, 40), "hidden_size": d,
             "intermediate_size": rng.randint(1, 40), "num_hidden_layers": rng.randint(1, 7),
             "num_attention_heads": nh, "num_key_value_heads": nkv}
    else:
        s = {k: rng.randint(1, 40) for k in SIZES[t]}
    s.update(case.sizes)
    for name, expr in ties(case).items():
        s[name] = tie_value(expr, s)
    return s


def tie_value(expr: str, sizes: dict) -> int:
    """A tie such as ``4*d_model``: a whole-number factor times a size (no eval)."""
    m = re.fullmatch(r"\s*(\d+)\s*\*\s*([A-Za-z_][A-Za-z0-9_]*)\s*", expr)
    if m is None:
        raise ValueError(f"a tie is N*size, not {expr!r}")
    return int(m.group(1)) * int(sizes[m.group(2)])


def evaluate(case, sizes: dict) -> int:
    """``case.python`` at ``sizes``."""
    if case.target == "mlp":
        w = list(sizes["widths"])
        return case.python(w, len(w) - 1)
    return case.python(**{sym: sizes[name] for sym, name in symbol_map(case).items()})


def expected_verdict(case, rng: random.Random) -> str:
    """"correct", "other_convention" or "wrong" for ``case`` over DRAWS random draws."""
    draws = [draw_sizes(case, rng) for _ in range(DRAWS)]
    values = [evaluate(case, s) for s in draws]
    asked = asked_convention(case)
    order = [asked] + [c for c in CONVENTIONS[case.target] if c != asked]
    for conv in order:
        if all(v == count(case.target, s, conv) for v, s in zip(values, draws)):
            return "correct" if conv == asked else "other_convention"
    return "wrong"


def matching_convention(case, rng: random.Random):
    """The convention the formula counts (None when none fits): for notes and tallies."""
    draws = [draw_sizes(case, rng) for _ in range(DRAWS)]
    values = [evaluate(case, s) for s in draws]
    for conv in CONVENTIONS[case.target]:
        if all(v == count(case.target, s, conv) for v, s in zip(values, draws)):
            return conv
    return None
