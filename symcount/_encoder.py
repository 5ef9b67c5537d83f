"""The BERT-like encoder as one record of options, one builder, and the Hugging Face types it covers.

:class:`Encoder` holds what the encoders differ in: factorized embeddings
(ALBERT, ELECTRA) and their projection to the width, token-type and position
tables, where the LayerNorms sit, layers shared across depth (ALBERT), the
pooler and which heads keep it, and the shapes of the classifier heads.
:func:`build` turns one into layers under a head; each ``model_type`` is a
small reader from its config fields to an :class:`Encoder` (see
:data:`TYPES`), checked against Hugging Face's own models built on the meta
device (tests/test_zoo.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ._decoder import labels
from ._dims import shown
from ._family import Family, Fields, plus, times
from .errors import UnsupportedError
from .layers import MLP, Attention, Conv, Counts, Embedding, GatedMLP, Heads, LayerNorm, Linear, Repeat, Tied, _Simple

__all__ = ["Bias", "Encoder", "ModernBert", "TYPES", "build", "build_modern"]

#: The heads that keep the pooler in BERT: the base model and the heads that classify a whole sequence.
BERT_POOLED = frozenset({"model", "sequence-classification", "multiple-choice", "pretraining"})
#: RoBERTa's: its sequence classifier has a dense layer of its own instead.
ROBERTA_POOLED = frozenset({"model", "multiple-choice"})


class Bias(_Simple):
    """A bias vector of its own: BERT's ``predictions.bias`` beside an untied decoder that has one too.

    >>> Bias(30522).count()
    30522
    """

    kind = "bias"
    sizes = ("size",)

    def __init__(self, size: object) -> None:
        self._set_sizes(size=size)

    def _counts(self, s: dict[str, Any]) -> tuple[Any, Any, Counts]:
        return s["size"], s["size"], Counts((), ((s["size"],),))

    def _tensors(self, s: dict[str, Any]) -> tuple[Any, Any] | None:
        return 0, 1

    def _macs(self, s: dict[str, Any], flow: Any) -> Any:
        return [], [], [], flow  # added element-wise: no products


@dataclass(frozen=True)
class Encoder:
    """A BERT-like encoder's sizes and options (Hugging Face's names in the comments)."""

    vocab: Any  # vocab_size
    width: Any  # hidden_size
    depth: Any  # num_hidden_layers
    heads: Any  # num_attention_heads
    ffn: Any  # intermediate_size
    embed: Any = None  # embedding_size, when the embeddings are narrower than the width; None: the width
    project: bool = False  # a Linear from embed to width after the embeddings (ELECTRA, ALBERT)
    positions: Any = None  # max_position_embeddings (learned); None: no position table
    token_types: Any = None  # type_vocab_size; None: no token-type table
    task_types: Any = None  # ERNIE's task_type_vocab_size when use_task_id; None: none
    embedding_norm: bool = True
    final_norm: bool = False  # a LayerNorm after the last block (pre-LayerNorm encoders)
    cross: bool = False  # a cross-attention and its LayerNorm in each block (add_cross_attention)
    layers: Any = None  # distinct blocks when shared across depth (ALBERT); None: depth
    inner: Any = 1  # ALBERT's inner_group_num: the blocks of one group, each run in turn
    pooled: frozenset[str] = BERT_POOLED  # the heads whose base model has the pooler
    classifier: str = "linear"  # sequence classifier: "linear" (d -> labels) or "dense" (d -> d -> labels)
    choice: str = "linear"  # multiple choice: "linear" (d -> 1) or "dense" (d -> d -> 1)
    pretraining: str = "nsp"  # "nsp" (masked LM and a sentence classifier) or "discriminator" (ELECTRA)
    sentence_labels: Any = 2  # the pretraining sentence classifier's outputs (ALBERT's sentence order: num_labels)
    tie: bool = True  # the masked-LM decoder's weight is the word embeddings'
    split_bias: bool = True  # untied, the decoder's bias is no longer the head's: two vectors of the vocabulary
    num_labels: Any = 2
    # DeBERTa
    project_bias: bool = True  # the embeddings' projection to the width has a bias
    norm_projected: bool = False  # the embeddings' LayerNorm is on the width, after the projection
    relative: Any = None  # rows of the relative-position table (rel_embeddings); None: none
    relative_norm: bool = False  # a LayerNorm on the relative-position table (norm_rel_ebd "layer_norm")
    position_projections: tuple[tuple[str, bool], ...] = ()  # per-block d -> d projections of relative positions, (name, bias)
    attention_bias: str = "qkvo"  # the attention projections with a bias (DeBERTa: q and v beside a fused in_proj, and o)
    packed: str = ""  # how queries, keys and values are held (Attention's packed): DeBERTa's in_proj is "qkv-weight"
    relative_bias: Any = None  # MPNet's relative_attention_num_buckets: a buckets x heads table of biases; None: none
    talking_head: bool = False  # DeBERTa's heads x heads mixing of the logits and of the weights
    conv: tuple[Any, Any] | None = None  # (kernel, groups) of the convolution beside the first block
    pooler_width: Any = None  # the pooler's width when it is not the model's (DeBERTa's ContextPooler)
    lm: str = "bert"  # the masked-LM head: "bert" (transform, decoder) or "deberta" (dense, norm, a bias)


def _block(spec: Encoder, head: str) -> list[Any]:
    d = spec.width
    attention = Attention(d, spec.heads, bias=spec.attention_bias, packed=spec.packed)
    attention.bidirectional = head != "causal-lm"  # the causal-LM head runs the stack as a decoder, masked
    # Hugging Face's BERT-like attention caches keys and values only as a decoder (is_decoder), in an
    # EncoderDecoderCache: not stated yet.
    attention.cache_note = "a BERT-like model's attention, whose key-value cache (as a decoder) is not stated yet"
    layers: list[Any] = [attention.named("attention")]
    layers += [Linear(d, d, bias=bias).named(f"attention.{name}") for name, bias in spec.position_projections]
    if spec.talking_head:
        layers += [Linear(spec.heads, spec.heads, bias=False).named(f"attention.head_{name}_proj")
                   for name in ("logits", "weights")]
    layers.append(LayerNorm(d).named("norms.1"))
    if spec.cross:
        layers += [Attention(d, spec.heads, bias=True).named("cross_attention"), LayerNorm(d).named("norms.cross")]
    return layers + [MLP(d, spec.ffn, bias=True).named("mlp"), LayerNorm(d).named("norms.2")]


def _lm(spec: Encoder) -> list[Any]:
    """The masked-LM head: dense to the embedding width, LayerNorm, and a decoder to the vocabulary with a bias."""
    if spec.lm == "deberta":  # the word embeddings' transpose is the decoder, whatever tie_word_embeddings says
        return [Linear(spec.width, spec.width).named("head.dense"), LayerNorm(spec.width).named("head.norm"),
                Bias(spec.vocab).named("head.bias")]
    e = spec.width if spec.embed is None else spec.embed
    decoder = Linear(e, spec.vocab, bias=True)
    layers: list[Any] = [
        Linear(spec.width, e).named("head.transform"),
        LayerNorm(e).named("head.norm"),
        (Tied(decoder, to="embeddings.word") if spec.tie else decoder).named("head.decoder"),
    ]
    if not spec.tie and spec.split_bias:
        layers.append(Bias(spec.vocab).named("head.bias"))
    return layers


def build(spec: Encoder, head: str) -> list[Any]:
    """The layers of ``spec`` under ``head`` (see :data:`symcount._family.HEADS`)."""
    d = spec.width
    e = d if spec.embed is None else spec.embed
    layers: list[Any] = [Embedding(spec.vocab, e).named("embeddings.word")]
    if spec.positions is not None:
        layers.append(Embedding(spec.positions, e).named("embeddings.position"))
    if spec.token_types is not None:
        layers.append(Embedding(spec.token_types, e).named("embeddings.token_type"))
    if spec.task_types is not None:
        layers.append(Embedding(spec.task_types, e).named("embeddings.task_type"))
    if spec.embedding_norm and not spec.norm_projected:
        layers.append(LayerNorm(e).named("embeddings.norm"))
    if spec.project:
        layers.append(Linear(e, d, bias=spec.project_bias).named("embeddings.project"))
    if spec.embedding_norm and spec.norm_projected:
        layers.append(LayerNorm(d).named("embeddings.norm"))
    if spec.relative is not None:
        layers.append(Embedding(spec.relative, d).named("relative_positions"))
    if spec.relative_bias is not None:
        bias = Embedding(spec.relative_bias, spec.heads)
        bias.scores = True  # added to every block's scores
        layers.append(bias.named("relative_attention_bias"))
    if spec.relative_norm:
        layers.append(LayerNorm(d).named("relative_positions.norm"))
    # ALBERT's shared layers: spec.layers held, each of the depth's layers running one group of them.
    runs = None if spec.layers is None else times(spec.depth, spec.inner)
    layers.append(Repeat(_block(spec, head), spec.depth if spec.layers is None else spec.layers, name="blocks", runs=runs))
    if spec.conv is not None:
        kernel, groups = spec.conv
        layers += [Conv(d, d, kernel, dims=1, groups=groups).named("conv"), LayerNorm(d).named("conv.norm")]
    if spec.final_norm:
        layers.append(LayerNorm(d).named("final_norm"))
    nsp = head == "pretraining" and spec.pretraining == "nsp"
    if head in spec.pooled:
        # The pooler reads each sequence's first position (in pretraining, beside the masked-LM head).
        p = d if spec.pooler_width is None else spec.pooler_width
        pooler = Linear(p, p).named("pooler").pooled()
        if not nsp:
            layers.append(pooler)
    if head in ("masked-lm", "causal-lm"):
        layers += _lm(spec)
    elif head == "sequence-classification":
        if spec.classifier == "dense":  # a dense layer of its own on the first position
            layers += [Linear(d, d).named("classifier.dense").pooled(), Linear(d, spec.num_labels).named("classifier.out_proj")]
        else:
            layers.append(Linear(d, spec.num_labels).named("classifier"))
    elif head == "token-classification":
        layers.append(Linear(d, spec.num_labels).named("classifier"))
    elif head == "question-answering":
        layers.append(Linear(d, spec.num_labels).named("qa_outputs"))
    elif head == "multiple-choice":
        if spec.choice == "dense":  # on the first position of each choice
            layers.append(Linear(d, d).named("pre_classifier").pooled())
        layers.append(Linear(d, 1).named("classifier").pooled())  # the first position (pooled or not before)
    elif head == "pretraining":
        if spec.pretraining == "discriminator":
            layers += [Linear(d, d).named("discriminator.dense"), Linear(d, 1).named("discriminator.prediction")]
        else:
            # The masked-LM head reads every position; the sentence classifier the pooler's output.
            layers.append(Heads([pooler], _lm(spec), [Linear(d, spec.sentence_labels).named("next_sentence")]))
    elif head != "model":
        raise UnsupportedError(f"an encoder has no {head} head")
    why = _unstated_compute(spec)
    if why:
        layers[0].compute_note = why  # the network refuses its compute, naming why
    return layers


def _unstated_compute(spec: Encoder) -> str | None:
    """Why an encoder's compute is not stated, where it is not: what its layers' products leave out."""
    if spec.relative is not None or spec.position_projections or spec.talking_head or spec.lm == "deberta":
        return ("the compute of DeBERTa's disentangled attention is not stated yet: its products with the relative "
                "positions (and its masked-LM decoder, the word embeddings' transpose) are not in its layers")
    if spec.cross:
        return "the compute of cross-attention is not stated: it reads an encoder's states, whose length is not said"
    if spec.pooler_width is not None and spec.pooler_width != spec.width:
        return ("the compute of a pooler_hidden_size other than hidden_size is not stated: Hugging Face's pooler "
                "reads the hidden states, of hidden_size")
    if spec.conv is not None:
        return "the compute of the convolution beside the first block is not stated yet: it reads a sequence"
    return None


@dataclass(frozen=True)
class ModernBert:
    """ModernBERT's sizes and options: pre-LayerNorm blocks, fused attention, a GLU feed-forward, biases optional."""

    vocab: Any  # vocab_size
    width: Any  # hidden_size
    depth: Any  # num_hidden_layers
    heads: Any  # num_attention_heads
    ffn: Any  # intermediate_size: Wi is d -> 2 * ffn, Wo ffn -> d
    attention_bias: bool = False
    mlp_bias: bool = False
    norm_bias: bool = False
    classifier_bias: bool = False  # the prediction head's dense layer
    decoder_bias: bool = True
    tie: bool = True
    num_labels: Any = 2


def build_modern(spec: ModernBert, head: str) -> list[Any]:
    """The layers of a ModernBERT under ``head``; the first block has no attention LayerNorm (an identity)."""
    d = spec.width

    def norm() -> LayerNorm:
        return LayerNorm(d, bias=spec.norm_bias)

    attention = Attention(d, spec.heads, bias=spec.attention_bias, packed="qkv")
    attention.bidirectional = True
    attention.cache_note = "ModernBERT's attention, which keeps no key-value cache (it is no decoder)"
    layers: list[Any] = [
        Embedding(spec.vocab, d).named("embeddings.word"),
        norm().named("embeddings.norm"),
        # Wqkv holds queries, keys and values; Wi the gate and up projections.
        Repeat([attention.named("attention"), norm().named("mlp_norm"),
                GatedMLP(d, spec.ffn, bias=spec.mlp_bias, packed=True).named("mlp")], spec.depth, name="blocks"),
    ]
    if type(spec.depth) is not int:
        layers.append(Repeat([norm().named("attention_norm")], plus(spec.depth, -1), name="blocks"))
    elif spec.depth > 1:
        layers.append(Repeat([norm().named("attention_norm")], spec.depth - 1, name="blocks"))
    layers.append(norm().named("final_norm"))
    if head == "model":
        return layers
    # A classifier of sequences reads one vector per example: the first token's, or the tokens' mean (no products).
    pooled = head in ("sequence-classification", "multiple-choice")
    dense, head_norm = Linear(d, d, bias=spec.classifier_bias).named("head.dense"), norm().named("head.norm")
    layers += [dense.pooled(), head_norm.pooled()] if pooled else [dense, head_norm]
    if head == "masked-lm":
        decoder = Linear(d, spec.vocab, bias=spec.decoder_bias)
        layers.append((Tied(decoder, to="embeddings.word") if spec.tie else decoder).named("head.decoder"))
    elif head in ("sequence-classification", "token-classification", "question-answering"):
        layers.append(Linear(d, spec.num_labels).named("classifier"))
    elif head == "multiple-choice":
        layers.append(Linear(d, 1).named("classifier"))
    else:
        raise UnsupportedError(f"ModernBERT has no {head} head")
    return layers


# -- reading Hugging Face configs --------------------------------------------------------------

_HEADS = {
    "m": ("model", "Model"),
    "c": ("causal-lm", "ForCausalLM"),
    "l": ("masked-lm", "ForMaskedLM"),
    "s": ("sequence-classification", "ForSequenceClassification"),
    "t": ("token-classification", "ForTokenClassification"),
    "q": ("question-answering", "ForQuestionAnswering"),
    "x": ("multiple-choice", "ForMultipleChoice"),
    "p": ("pretraining", "ForPreTraining"),
}

#: Fields of every BERT-like config that change no count (how it runs, is initialised or regularised).
_IRRELEVANT = (
    "max_position_embeddings", "classifier_dropout_prob", "layer_norm_eps", "hidden_act", "gradient_checkpointing",
    "output_past",
)


def _family(model_type: str, prefix: str, read: Callable[[Fields, str], Encoder | ModernBert], irrelevant: tuple[str, ...] = (),
            heads: str = "mclstqx", **suffixes: str) -> Family:
    """An encoder family; ``heads`` the letters of the heads Hugging Face has for it (see ``_HEADS``)."""
    chosen = {_HEADS[k][0]: suffixes.get(_HEADS[k][0].replace("-", "_"), _HEADS[k][1]) for k in heads}

    def build_family(c: Fields, head: str) -> tuple[list[Any], dict[str, Any]]:
        spec = read(c, head)
        sizes = c.given()
        return (build_modern(spec, head) if isinstance(spec, ModernBert) else build(spec, head)), sizes

    # Every encoder's forward and backward checked against PyTorch's counter (tests/test_compute.py), but what
    # _unstated_compute refuses.
    return Family(model_type, prefix, build_family, chosen, frozenset(irrelevant) | frozenset(_IRRELEVANT),
                  default_head="model", computes=True)


def _absolute(c: Fields) -> None:
    """Only absolute positions: the relative kinds of transformers 4 (a distance table) are gone from 5."""
    c.choice("position_embedding_type", "absolute", {"absolute": None})


def _labels(c: Fields, head: str) -> Any:
    """``num_labels`` of a head that has them; an encoder's question answering has ``num_labels`` outputs too (2)."""
    if head == "question-answering":
        head = "token-classification"
    return labels(c, head)


def _cross(c: Fields) -> bool:
    """Cross-attention in each block: Hugging Face builds it only in a decoder (``is_decoder``)."""
    decoder = c.flag("is_decoder", False)
    return c.flag("add_cross_attention", False) and decoder


def bert_like(c: Fields, head: str, **options: Any) -> Encoder:
    """BERT's fields: the sizes, a position and a token-type table, a tied masked-LM decoder, cross-attention."""
    _absolute(c)
    spec = Encoder(
        vocab=c.size("vocab_size"), width=c.size("hidden_size"), depth=c.size("num_hidden_layers"),
        heads=c.size("num_attention_heads"), ffn=c.size("intermediate_size"),
        positions=c.size("max_position_embeddings"), token_types=c.size("type_vocab_size"),
        cross=_cross(c),
        tie=c.flag("tie_word_embeddings", True), num_labels=_labels(c, head),
    )
    return replace(spec, **options)


def _bert(c: Fields, head: str) -> Encoder:
    return bert_like(c, head)


def _roberta(c: Fields, head: str) -> Encoder:
    return bert_like(c, head, classifier="dense", pooled=ROBERTA_POOLED)


def _megatron(c: Fields, head: str) -> Encoder:
    return bert_like(c, head, embedding_norm=False, final_norm=True)


def _roberta_prelayernorm(c: Fields, head: str) -> Encoder:
    return bert_like(c, head, classifier="dense", pooled=ROBERTA_POOLED, final_norm=True)


def _xlm_roberta_xl(c: Fields, head: str) -> Encoder:
    return bert_like(c, head, classifier="dense", pooled=ROBERTA_POOLED, embedding_norm=False, final_norm=True)


def _ernie(c: Fields, head: str) -> Encoder:
    spec = bert_like(c, head)
    task = c.size("task_type_vocab_size", 3)  # built only when use_task_id
    return replace(spec, task_types=task if c.flag("use_task_id", False) else None)


def _electra(c: Fields, head: str) -> Encoder:
    spec = bert_like(c, head, classifier="dense", pooled=frozenset(), pretraining="discriminator")
    e = c.size("embedding_size", "embedding_size" if c.symbolic else 128)
    project = e != spec.width  # two symbols of different names stand for different sizes
    # The multiple-choice head's summary: a d -> d projection when summary_use_proj; "attn" is not built.
    c.choice("summary_type", "first", {k: k for k in ("first", "last", "mean", "cls_index")})
    c.absent("summary_proj_to_labels", False)
    choice = "dense" if c.flag("summary_use_proj", True) else "linear"
    return replace(spec, embed=e, project=project, choice=choice, split_bias=False)


def _albert(c: Fields, head: str) -> Encoder:
    spec = bert_like(c, head)
    if spec.cross:
        raise UnsupportedError("albert add_cross_attention is true: ALBERT has no cross-attention")
    for legacy in ("down_scale_factor", "gap_size", "net_structure_type", "num_memory_blocks"):
        c.absent(legacy, 0, 1 if legacy == "down_scale_factor" else 0)  # fields of the original ALBERT, unused
    groups, inner = c.size("num_hidden_groups", 1), c.size("inner_group_num", 1)
    shared = times(groups, inner)
    # Every group is built, used or not: num_hidden_groups * inner_group_num distinct layers, whatever the depth.
    order = labels(c, "sequence-classification") if head == "pretraining" else 2  # sop_classifier: num_labels
    e = c.size("embedding_size", "embedding_size" if c.symbolic else 128)
    return replace(spec, embed=e, project=True, layers=shared, inner=inner, sentence_labels=order)


def _distilbert(c: Fields, head: str) -> Encoder:
    return Encoder(
        vocab=c.size("vocab_size"), width=c.size("dim"), depth=c.size("n_layers"), heads=c.size("n_heads"),
        ffn=c.size("hidden_dim"), positions=c.size("max_position_embeddings"), pooled=frozenset(),
        classifier="dense", choice="dense", tie=c.flag("tie_word_embeddings", True), split_bias=False,
        num_labels=_labels(c, head),
    )


def _int_or_size(c: Fields, name: str, default: int) -> Any:
    """A field that is a size when positive and means "off" (or "fall back") when zero or negative: None then."""
    value = c.raw(name, default)
    if type(value) is int and value < 1:
        return None
    return c.size(name)


def _relative_size(c: Fields, positions: Any) -> Any:
    """The rows of DeBERTa's rel_embeddings: 2 * position_buckets if > 0, else 2 * max_relative_positions (< 1: max_position_embeddings)."""
    buckets = _int_or_size(c, "position_buckets", -1)
    span = _int_or_size(c, "max_relative_positions", -1)
    return times(2, buckets if buckets is not None else span if span is not None else positions)


def _pos_att_type(c: Fields) -> set[str]:
    """DeBERTa's pos_att_type: a list (or a "p2c|c2p" string) of c2p and p2c; an unknown kind is refused."""
    value = c.raw("pos_att_type", [])
    kinds = [x.strip() for x in value.lower().split("|")] if isinstance(value, str) else value
    if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds) or not set(kinds) <= {"c2p", "p2c"}:
        raise UnsupportedError(f"{c.family} pos_att_type is {shown(value)}: symcount counts only 'c2p' and 'p2c'")
    return set(kinds)


def _deberta_v2(c: Fields, head: str) -> Encoder:
    d, heads = c.size("hidden_size"), c.size("num_attention_heads")
    if "attention_head_size" in c:  # q, k, v are heads * attention_head_size wide; the output stays d x d
        size = c.size("attention_head_size")
        if type(d) is not int or type(heads) is not int or type(size) is not int or size * heads != d:
            raise UnsupportedError(
                f"{c.family} attention_head_size is {size}: symcount counts only hidden_size / num_attention_heads")
    positions = c.size("max_position_embeddings")
    e = c.size("embedding_size", d)
    relative = c.flag("relative_attention", False)
    table = _relative_size(c, positions)  # read whether or not relative_attention builds it
    kinds = _pos_att_type(c)
    shared = c.flag("share_att_key", False)
    projections = () if shared or not relative else tuple(
        (name, True) for kind, name in (("c2p", "pos_key"), ("p2c", "pos_query")) if kind in kinds)
    norms = c.raw("norm_rel_ebd", "none")
    tokens = {x.strip() for x in norms.lower().split("|")} if isinstance(norms, str) else None
    if tokens is None or not tokens <= {"none", "layer_norm"}:
        raise UnsupportedError(f"{c.family} norm_rel_ebd is {shown(norms)}: symcount counts only 'none' and 'layer_norm'")
    kernel = _int_or_size(c, "conv_kernel_size", 0)
    groups = c.size("conv_groups", 1)
    legacy = c.flag("legacy", True)
    tie = c.flag("tie_word_embeddings", True)
    types = c.size("type_vocab_size", 0, zero=True)
    return Encoder(
        vocab=c.size("vocab_size"), width=d, depth=c.size("num_hidden_layers"), heads=heads,
        ffn=c.size("intermediate_size"), embed=e, project=e != d, project_bias=False, norm_projected=True,
        positions=positions if c.flag("position_biased_input", True) else None,
        token_types=types if types else None,
        relative=table if relative else None, relative_norm="layer_norm" in tokens,
        position_projections=projections, conv=None if kernel is None else (kernel, groups),
        pooled=frozenset({"sequence-classification", "multiple-choice"}), pooler_width=c.size("pooler_hidden_size", d),
        lm="bert" if legacy else "deberta", tie=tie, num_labels=_labels(c, head),
    )


def _modernbert(c: Fields, head: str) -> ModernBert:
    c.choice("classifier_pooling", "cls", {"cls": "cls", "mean": "mean"})  # which tokens are pooled: no weights
    return ModernBert(
        vocab=c.size("vocab_size"), width=c.size("hidden_size"), depth=c.size("num_hidden_layers"),
        heads=c.size("num_attention_heads"), ffn=c.size("intermediate_size"),
        attention_bias=c.flag("attention_bias", False), mlp_bias=c.flag("mlp_bias", False),
        norm_bias=c.flag("norm_bias", False), classifier_bias=c.flag("classifier_bias", False),
        decoder_bias=c.flag("decoder_bias", True), tie=c.flag("tie_word_embeddings", True),
        num_labels=_labels(c, head),
    )


def _deberta(c: Fields, head: str) -> Encoder:
    """DeBERTa (v1): a fused in_proj without bias beside q and v biases, talking heads; no buckets, no convolution."""
    d = c.size("hidden_size")
    positions = c.size("max_position_embeddings")
    e = c.size("embedding_size", d)
    relative = c.flag("relative_attention", False)
    span = _int_or_size(c, "max_relative_positions", -1)  # read whether or not relative_attention builds the table
    kinds = _pos_att_type(c)
    projections = () if not relative else tuple(
        (name, bias) for kind, name, bias in (("c2p", "pos_proj", False), ("p2c", "pos_q_proj", True)) if kind in kinds)
    types = c.size("type_vocab_size", 0, zero=True)
    return Encoder(
        vocab=c.size("vocab_size"), width=d, depth=c.size("num_hidden_layers"), heads=c.size("num_attention_heads"),
        ffn=c.size("intermediate_size"), embed=e, project=e != d, project_bias=False, norm_projected=True,
        positions=positions if c.flag("position_biased_input", True) else None,
        token_types=types if types else None,
        relative=times(2, positions if span is None else span) if relative else None,
        position_projections=projections, attention_bias="qvo", packed="qkv-weight", talking_head=c.flag("talking_head", False),
        pooled=frozenset({"sequence-classification"}), pooler_width=c.size("pooler_hidden_size", d),
        lm="bert" if c.flag("legacy", True) else "deberta", tie=c.flag("tie_word_embeddings", True),
        num_labels=_labels(c, head),
    )


def _mpnet(c: Fields, head: str) -> Encoder:
    """MPNet: RoBERTa's heads, no token types, a relative-position bias per bucket and head shared by the blocks."""
    return Encoder(
        vocab=c.size("vocab_size"), width=c.size("hidden_size"), depth=c.size("num_hidden_layers"),
        heads=c.size("num_attention_heads"), ffn=c.size("intermediate_size"),
        positions=c.size("max_position_embeddings"), relative_bias=c.size("relative_attention_num_buckets"),
        pooled=ROBERTA_POOLED, classifier="dense", tie=c.flag("tie_word_embeddings", True), num_labels=_labels(c, head),
    )


TYPES: dict[str, Family] = {
    f.model_type: f
    for f in (
        _family("bert", "Bert", _bert, heads="mclstqxp", causal_lm="LMHeadModel"),
        _family("roberta", "Roberta", _roberta),
        _family("xlm-roberta", "XLMRoberta", _roberta),
        _family("camembert", "Camembert", _roberta),
        _family("data2vec-text", "Data2VecText", _roberta),
        _family("roberta-prelayernorm", "RobertaPreLayerNorm", _roberta_prelayernorm),
        _family("xlm-roberta-xl", "XLMRobertaXL", _xlm_roberta_xl),
        _family("megatron-bert", "MegatronBert", _megatron, heads="mclstqxp"),
        _family("ernie", "Ernie", _ernie, heads="mclstqxp"),
        _family("electra", "Electra", _electra, ("summary_activation", "summary_last_dropout", "summary_first_dropout"),
                heads="mclstqxp"),
        _family("albert", "Albert", _albert, heads="mlstqxp"),
        _family("distilbert", "DistilBert", _distilbert,
                ("sinusoidal_pos_embds", "activation", "qa_dropout", "seq_classif_dropout", "tie_weights_"), heads="mlstqx"),
        _family("deberta", "Deberta", _deberta, ("pooler_dropout", "pooler_hidden_act", "cls_dropout"), heads="mlstq"),
        _family("deberta-v2", "DebertaV2", _deberta_v2,
                ("pooler_dropout", "pooler_hidden_act", "cls_dropout", "conv_act"), heads="mlstqx"),
        _family("mpnet", "MPNet", _mpnet, heads="mlstqx"),
        # Rotary positions, local or global attention per layer: buffers and masks, no weights.
        _family("modernbert", "ModernBert", _modernbert,
                ("layer_types", "local_attention", "global_attn_every_n_layers", "global_rope_theta", "local_rope_theta",
                 "position_embedding_type", "embedding_dropout", "mlp_dropout", "classifier_activation",
                 "initializer_cutoff_factor", "deterministic_flash_attn", "sparse_prediction", "sparse_pred_ignore_index",
                 "reference_compile", "repad_logits_with_grad", "cls_token_id"),
                heads="mlstqx"),
    )
}
