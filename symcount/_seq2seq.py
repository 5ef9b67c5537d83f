"""The encoder-decoder transformer as one record of options, one builder, and the Hugging Face types it covers.

:class:`Seq2Seq` holds the options T5, BART, mBART and Whisper need (token
tables shared or not, learned or relative positions, an audio front-end,
norms, biases per projection, gated or plain feed-forward, tied or untied
head); :func:`build` turns one into layers. Each ``model_type`` is a reader
from its config fields to a :class:`Seq2Seq` (see :data:`TYPES`), checked
against Hugging Face's models built on the meta device (tests/test_zoo.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._decoder import labels
from ._dims import shown
from ._family import Family, Fields, plus, times
from .errors import UnsupportedError
from .layers import (Attention, Conv, Embedding, GatedMLP, LayerNorm, Linear, MLP, Repeat, RMSNorm, Source, Target, Tied,
                     Tokens)

__all__ = ["Seq2Seq", "TYPES", "build"]


@dataclass(frozen=True)
class Seq2Seq:
    """An encoder-decoder transformer's sizes and options."""

    vocab: Any
    width: Any  # d_model
    enc_depth: Any
    dec_depth: Any
    enc_heads: Any
    dec_heads: Any
    enc_ffn: Any
    dec_ffn: Any
    head_dim: Any = None  # T5's d_kv; None: width / heads
    norm: str = "layer"  # "layer" (weight and bias) or "rms" (T5: a weight only)
    attention_bias: str = "qkvo"  # the projections with a bias; Whisper's keys have none ("qvo")
    mlp: str = "plain"  # "plain" (up, down) or "gated" (T5 v1.1: two up projections)
    mlp_bias: bool = True
    relative_buckets: Any = None  # T5: a (buckets x heads) table in each stack's first self-attention
    enc_positions: Any = None  # learned positions of the encoder (with any offset); None: none
    dec_positions: Any = None
    embedding_norm: bool = False  # BART's layernorm_embedding in each stack
    final_norm: bool = True  # a norm after each stack
    audio: Any = None  # Whisper: the mel bins of the convolutional front-end (the encoder has no token table)
    separate_tables: bool = False  # BART untied: the encoder and decoder own token tables beside the shared one
    tie: bool = True  # the LM head is the shared token table
    num_labels: Any = 2
    encoder_cross: bool = False  # T5's encoder-only classes built with is_decoder: cross-attention in each block
    qa_labels: Any = 2  # T5's question-answering head has num_labels outputs; BART's always 2


def _norm(spec: Seq2Seq) -> Any:
    return RMSNorm(spec.width) if spec.norm == "rms" else LayerNorm(spec.width)


def _attention(spec: Seq2Seq, heads: Any, *, cross: bool = False, optional: bool = False) -> Any:
    layer = Attention(spec.width, heads, heads, head_dim=spec.head_dim, bias=spec.attention_bias, cross=cross)
    layer.optional = optional  # Hugging Face's layer runs it only when given an encoder's output
    return layer


def _ffn(spec: Seq2Seq, width: Any) -> Any:
    if spec.mlp == "gated":
        return GatedMLP(spec.width, width, bias=spec.mlp_bias)
    return MLP(spec.width, width, bias=spec.mlp_bias)


def _after_tokens(spec: Seq2Seq, side: str, positions: Any, heads: Any) -> list[Any]:
    """What a stack adds after its token table: learned positions, an embedding norm, T5's relative biases."""
    layers: list[Any] = []
    if positions is not None:
        layers.append(Embedding(positions, spec.width).named(f"{side}.embeddings.position"))
    if spec.embedding_norm:
        layers.append(_norm(spec).named(f"{side}.embeddings.norm"))
    if spec.relative_buckets is not None:  # added to the first block's scores (and passed on to the others')
        bias = Embedding(spec.relative_buckets, heads)
        bias.scores = True
        layers.append(bias.named(f"{side}.relative_attention_bias"))
    return layers


def _encoder(spec: Seq2Seq, source: Any = None) -> list[Any]:
    """The encoder's layers, after ``source`` (where the encoder starts reading its own input; None: the network's)."""
    d = spec.width
    layers: list[Any] = [] if source is None else [source]
    if spec.audio is not None:
        # Two convolutions over the mel frames, the second halving them: max_source_positions positions.
        layers += [
            Conv(spec.audio, d, 3, dims=1, padding=1).named("encoder.conv1"),
            Conv(d, d, 3, dims=1, stride=2, padding=1).named("encoder.conv2"),
            Tokens(),
        ]
    elif spec.separate_tables:
        layers.append(Embedding(spec.vocab, d).named("encoder.embeddings.token"))
    layers += _after_tokens(spec, "encoder", spec.enc_positions, spec.enc_heads)
    attention = _attention(spec, spec.enc_heads)
    attention.cache_note = "an encoder's attention, which keeps no key-value cache"
    attention.bidirectional = not spec.encoder_cross  # a stack built as a decoder (is_decoder) masks its attention
    block = [attention.named("attention"), _norm(spec).named("norms.1")]
    if spec.encoder_cross:  # never run: T5's encoder classes take no encoder's output
        cross = _attention(spec, spec.enc_heads, cross=True)
        cross.idle = True
        block += [cross.named("cross_attention"), _norm(spec).named("norms.3")]
    block += [_ffn(spec, spec.enc_ffn).named("mlp"), _norm(spec).named("norms.2")]
    layers.append(Repeat(block, spec.enc_depth, name="encoder.blocks"))
    if spec.final_norm:
        layers.append(_norm(spec).named("encoder.final_norm"))
    return layers


def _decoder(spec: Seq2Seq, alone: bool = False) -> list[Any]:
    """The decoder's layers: after an encoder (from :class:`Target`), or ``alone`` (its cross-attention runs only
    when given an encoder's output, as Hugging Face's causal-LM classes are)."""
    d = spec.width
    layers: list[Any] = [] if alone else [Target()]
    if spec.audio is not None or spec.separate_tables:
        layers.append(Embedding(spec.vocab, d).named("decoder.embeddings.token"))
    layers += _after_tokens(spec, "decoder", spec.dec_positions, spec.dec_heads)
    block = [
        _attention(spec, spec.dec_heads).named("attention"),
        _norm(spec).named("norms.1"),
        _attention(spec, spec.dec_heads, cross=True, optional=alone).named("cross_attention"),
        _norm(spec).named("norms.2"),
        _ffn(spec, spec.dec_ffn).named("mlp"),
        _norm(spec).named("norms.3"),
    ]
    layers.append(Repeat(block, spec.dec_depth, name="decoder.blocks"))
    if spec.final_norm:
        layers.append(_norm(spec).named("decoder.final_norm"))
    return layers


def build(spec: Seq2Seq, head: str) -> list[Any]:
    """The layers of ``spec`` under ``head``: the whole model, or its encoder or decoder alone where the head is."""
    d, vocab = spec.width, spec.vocab
    # The table the LM head can be tied to: the shared one, or Whisper's decoder table.
    table = "decoder.embeddings.token" if spec.audio is not None else "embeddings.token"
    shared = [] if spec.audio is not None else [Embedding(vocab, d).named("embeddings.token")]
    if spec.separate_tables:  # each stack reads its own table: the shared one is never read
        shared[0].idle = True
    lm = Linear(d, vocab, bias=False)
    if head == "token-classification":  # T5: the encoder alone, a classifier on each token
        return shared + _encoder(spec) + [Linear(d, spec.num_labels).named("classifier")]
    if head == "causal-lm":  # the decoder alone, without cross-attention's encoder
        dec = [Embedding(vocab, d).named("decoder.embeddings.token")] + _decoder(spec, alone=True)[
            0 if spec.audio is None and not spec.separate_tables else 1:
        ]
        return dec + [(Tied(lm, to="decoder.embeddings.token") if spec.tie else lm).named("head")]
    # The encoder reads the source (Whisper's: the mel frames its config fixes; a classifier's decoder reads it too,
    # shifted right); the decoder its own tokens.
    source = (Source(spec.enc_positions, scale=2) if spec.audio is not None
              else Source(shifted=head in ("sequence-classification", "question-answering")))
    layers: list[Any] = shared + _encoder(spec, source) + _decoder(spec)
    if head == "seq2seq-lm":
        layers.append((Tied(lm, to=table) if spec.tie else lm).named("head"))
    elif head == "sequence-classification":  # each sequence's last end-of-sequence token
        layers += [Linear(d, d).named("classification_head.dense").pooled(),
                   Linear(d, spec.num_labels).named("classification_head.out_proj").pooled()]
    elif head == "question-answering":
        layers.append(Linear(d, spec.qa_labels).named("qa_outputs"))
    elif head != "model":
        raise UnsupportedError(f"an encoder-decoder has no {head} head")
    return layers


# -- reading Hugging Face configs --------------------------------------------------------------

_HEADS = {
    "model": "Model",
    "seq2seq-lm": "ForConditionalGeneration",
    "sequence-classification": "ForSequenceClassification",
    "question-answering": "ForQuestionAnswering",
    "causal-lm": "ForCausalLM",
    "token-classification": "ForTokenClassification",
}


def _family(model_type: str, prefix: str, read: Any, irrelevant: tuple[str, ...], heads: tuple[str, ...]) -> Family:
    def build_family(c: Fields, head: str) -> tuple[list[Any], dict[str, Any]]:
        spec = read(c, head)
        sizes = c.given()
        return build(spec, head), sizes

    return Family(
        model_type, prefix, build_family, {h: _HEADS[h] for h in heads}, frozenset(irrelevant),
        default_head="seq2seq-lm", computes=True,  # checked against PyTorch's counter (tests/test_compute.py)
    )


def _t5(c: Fields, head: str) -> Seq2Seq:
    d = c.size("d_model")
    heads = c.size("num_heads")
    layers = c.size("num_layers")
    proj = c.raw("feed_forward_proj", "relu")
    parts = proj.split("-") if isinstance(proj, str) else []
    if not parts or len(parts) > 2 or (len(parts) == 2 and parts[0] != "gated"):
        raise UnsupportedError(f"t5 feed_forward_proj is {shown(proj)}: expected 'gated-ACT' or 'ACT', such as 'relu'")
    # A saved config's is_gated_act overrides what feed_forward_proj says (Hugging Face sets it after).
    gated = c.flag("is_gated_act", parts[0] == "gated" and len(parts) == 2)
    # transformers 5 ties T5's head always and keeps tie_word_embeddings=false only as scale_decoder_outputs,
    # while the T5 v1.1 and Flan-T5 checkpoints (and transformers 4) hold an lm_head of their own: two counts
    # for one config, so none is given.
    tie = c.flag("tie_word_embeddings", True)
    if not tie and head == "seq2seq-lm":
        raise UnsupportedError(
            "t5 tie_word_embeddings is false: transformers 5 ties T5's head whatever the config says, while "
            "the checkpoint (T5 v1.1, Flan-T5) holds a head of its own (vocab_size x d_model more); "
            "symcount will not pick one of the two counts"
        )
    decoder_config = c.flag("is_decoder", False)  # the encoder-decoder classes set it per stack themselves
    return Seq2Seq(
        vocab=c.size("vocab_size"), width=d, enc_depth=layers, dec_depth=c.size("num_decoder_layers", layers),
        enc_heads=heads, dec_heads=heads, enc_ffn=c.size("d_ff"), dec_ffn=c.size("d_ff"),
        head_dim=c.size("d_kv"), norm="rms", attention_bias="", mlp="gated" if gated else "plain", mlp_bias=False,
        relative_buckets=c.size("relative_attention_num_buckets", 32), tie=tie, num_labels=labels(c, head),
        qa_labels=labels(c, "sequence-classification") if head == "question-answering" else 2,
        # The encoder-only classes build their stack from the config as it is: a decoder's, if it says so.
        encoder_cross=head == "token-classification" and decoder_config,
    )


def _positions(c: Fields, name: str, offset: int) -> Any:
    return plus(c.size(name), offset)


def _bart(c: Fields, head: str, mbart: bool) -> Seq2Seq:
    positions = _positions(c, "max_position_embeddings", 2)
    tie = c.flag("tie_word_embeddings", True)
    decoder_config = c.flag("is_decoder", False)  # the encoder-decoder classes set it per stack themselves
    return Seq2Seq(
        vocab=c.size("vocab_size"), width=c.size("d_model"),
        enc_depth=c.size("encoder_layers"), dec_depth=c.size("decoder_layers"),
        enc_heads=c.size("encoder_attention_heads"), dec_heads=c.size("decoder_attention_heads"),
        enc_ffn=c.size("encoder_ffn_dim"), dec_ffn=c.size("decoder_ffn_dim"),
        enc_positions=positions, dec_positions=positions, embedding_norm=True, final_norm=mbart,
        separate_tables=not tie and head != "causal-lm", tie=tie, num_labels=labels(c, head),
    )


def _whisper(c: Fields, head: str) -> Seq2Seq:
    return Seq2Seq(
        vocab=c.size("vocab_size"), width=c.size("d_model"),
        enc_depth=c.size("encoder_layers"), dec_depth=c.size("decoder_layers"),
        enc_heads=c.size("encoder_attention_heads"), dec_heads=c.size("decoder_attention_heads"),
        enc_ffn=c.size("encoder_ffn_dim"), dec_ffn=c.size("decoder_ffn_dim"),
        attention_bias="qvo", audio=c.size("num_mel_bins"),
        enc_positions=c.size("max_source_positions"), dec_positions=c.size("max_target_positions"),
        tie=c.flag("tie_word_embeddings", True), num_labels=labels(c, head),
    )


_BART = (
    "is_decoder", "add_cross_attention",  # the classes set them per stack themselves
    "encoder_layerdrop", "decoder_layerdrop", "activation_dropout", "init_std", "scale_embedding",
    "classif_dropout", "normalize_before", "add_bias_logits", "add_final_layer_norm", "normalize_embedding",
    "static_position_embeddings", "extra_pos_embeddings", "force_bos_token_to_be_generated", "gradient_checkpointing",
)
# Whisper: augmentation masks change no tensor; the audio classifier's fields only that head reads.
_WHISPER = (
    "encoder_layerdrop", "decoder_layerdrop", "activation_dropout", "init_std", "scale_embedding",
    "apply_spec_augment", "mask_time_prob", "mask_time_length", "mask_time_min_masks", "mask_feature_prob",
    "mask_feature_length", "mask_feature_min_masks", "median_filter_width", "use_weighted_layer_sum",
    "classifier_proj_size", "alignment_heads", "lang_ids", "forced_decoder_ids", "gradient_checkpointing",
)
_T5 = (
    "dropout_rate", "relative_attention_max_distance", "dense_act_fn", "scale_decoder_outputs", "n_positions",
    "gradient_checkpointing",
)

TYPES: dict[str, Family] = {
    f.model_type: f
    for f in (
        _family("t5", "T5", _t5, _T5, ("model", "seq2seq-lm", "sequence-classification", "question-answering",
                                       "token-classification")),
        _family("bart", "Bart", lambda c, h: _bart(c, h, False), _BART,
                ("model", "seq2seq-lm", "sequence-classification", "question-answering", "causal-lm")),
        _family("mbart", "MBart", lambda c, h: _bart(c, h, True), _BART,
                ("model", "seq2seq-lm", "sequence-classification", "question-answering", "causal-lm")),
        _family("whisper", "Whisper", _whisper, _WHISPER, ("model", "seq2seq-lm", "causal-lm")),
    )
}
