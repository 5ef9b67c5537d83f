"""Families as data: the record a model family is, and the reader of its config fields.

A family reads its Hugging Face ``config.json`` through :class:`Fields`, which
remembers every field it was asked for. What the reader asked for is
*honored*; what the family lists as ``irrelevant`` (dropout, rope_theta,
initializer_range, ...) is known to change no count; any other field present
in the config is refused with :class:`~symcount.errors.UnsupportedError`
naming it. So a field symcount has never heard of can never be silently
dropped from a count.

The same reader serves the family functions (``models.mistral(hidden_size=...)``):
there a size left out stays a symbol of the field's name, and a flag left out
takes the default Hugging Face's config class gives it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._dims import check_dim, shown
from .errors import OptionError, UnsupportedError

__all__ = ["COMMON_IRRELEVANT", "Family", "Fields", "HEADS", "over", "plus", "times"]

#: The heads a config's ``architectures`` can name, by the suffix of the class name.
HEADS: dict[str, str] = {
    "model": "the base model, no head",
    "causal-lm": "a language-model head (…ForCausalLM, …LMHeadModel)",
    "masked-lm": "a masked-language-model head (…ForMaskedLM)",
    "sequence-classification": "a classifier of whole sequences, num_labels outputs",
    "token-classification": "a classifier of each token, num_labels outputs",
    "question-answering": "start and end logits per token",
    "multiple-choice": "a score per choice (…ForMultipleChoice)",
    "pretraining": "the pretraining heads (masked LM and next sentence)",
    "seq2seq-lm": "an encoder-decoder with a language-model head",
    "image-classification": "an image classifier, num_labels outputs",
}

#: Fields of every config that change no parameter count: how the model runs, is saved or is labelled.
COMMON_IRRELEVANT = frozenset(
    {
        "_name_or_path", "transformers_version", "architectures", "model_type", "dtype", "torch_dtype",
        "output_hidden_states", "output_attentions", "return_dict", "use_return_dict", "chunk_size_feed_forward",
        "is_encoder_decoder", "problem_type", "id2label", "label2id", "num_labels",  # read by the heads that use them
        "bos_token_id", "eos_token_id", "pad_token_id", "sep_token_id", "decoder_start_token_id", "use_cache",
        "initializer_range", "initializer_factor", "hidden_act", "hidden_activation", "activation_function",
        "attention_dropout", "hidden_dropout", "hidden_dropout_prob", "attention_probs_dropout_prob", "dropout",
        "resid_pdrop", "embd_pdrop", "attn_pdrop", "classifier_dropout", "summary_first_dropout", "tokenizer_class",
        "prefix", "task_specific_params", "finetuning_task", "tie_encoder_decoder",
        "pruned_heads", "torchscript", "use_bfloat16",
        "tf_legacy_loss", "quantization_config", "pretraining_tp", "rms_norm_eps", "layer_norm_eps",
        "layer_norm_epsilon", "norm_eps", "rope_theta", "rope_scaling", "rope_parameters", "partial_rotary_factor",
        "rotary_pct", "rotary_emb_base", "rotary_dim", "sliding_window",
        "use_sliding_window", "max_window_layers", "attn_implementation", "_attn_implementation_autoset",
        "output_router_logits", "router_aux_loss_coef", "router_jitter_noise", "aux_loss_alpha", "seq_aux",
        "scale_attn_weights", "use_bias_in_ffn", "keys_to_ignore_at_inference", "auto_map", "_commit_hash",
        "temperature", "top_k", "top_p", "do_sample", "num_beams", "max_length", "min_length", "repetition_penalty",
        "length_penalty", "no_repeat_ngram_size", "early_stopping", "bad_words_ids", "num_return_sequences",
        "forced_bos_token_id", "forced_eos_token_id", "remove_invalid_values", "exponential_decay_length_penalty",
        "suppress_tokens", "begin_suppress_tokens", "diversity_penalty", "encoder_no_repeat_ngram_size",
        "num_beam_groups", "output_scores", "return_dict_in_generate", "typical_p", "epsilon_cutoff", "eta_cutoff",
        "generation_config",
    }
)


class Fields:
    """A config's fields, read one at a time; remembers which were read.

    ``symbolic``: a size left out is a symbol of its field's name (the family
    functions); otherwise it is an error (``from_config``). A field the config
    leaves out (``save_pretrained`` writes only what differs from the
    defaults) takes the default Hugging Face's config class gives it, from
    :data:`symcount._defaults.DEFAULTS`; a field the class does not have
    takes the reader's default.
    """

    def __init__(self, family: str, data: Mapping[str, Any], *, symbolic: bool) -> None:
        from ._defaults import DEFAULTS

        self.family = family
        self.data = dict(data)
        self.symbolic = symbolic
        self.read: set[str] = set()
        self.defaults: Mapping[str, Any] = DEFAULTS.get(family, {})

    def __contains__(self, name: str) -> bool:
        return self.data.get(name) is not None

    def _get(self, name: str) -> tuple[Any, bool]:
        """The field's value and whether the config gives it (else its class default, or None)."""
        self.read.add(name)
        if name in self.data:
            return self.data[name], True
        return self.defaults.get(name), False

    def raw(self, name: str, default: Any = None) -> Any:
        value, _ = self._get(name)
        return default if value is None else value

    def size(self, name: str, default: Any = ..., *, zero: bool = False, symbol: bool = False) -> Any:
        """A size: a positive int from the config, the symbol ``name`` (family functions), or ``default``.

        In a family function, a size left out stays the symbol ``name`` where
        the count needs it (no ``default``) or ``symbol`` asks for it (a
        head_dim, key-value heads); an optional size that shapes the model
        (a layer pattern's step) takes its class default.
        """
        value, given = self._get(name)
        if not given and self.symbolic and value is not None and (default is ... or symbol):
            return name  # a formula: the size the class would default to stays a symbol
        if value is None:
            if default is not ...:
                return default
            if self.symbolic:
                return name
            raise OptionError(f"the {self.family} config has no field {name!r}, which the count needs")
        if zero and value == 0 and type(value) is int:
            return 0
        if not self.symbolic and (type(value) is not int or value <= 0):
            raise OptionError(f"{self.family} {name} is {shown(value)}: expected a positive integer")
        return check_dim(value, f"{self.family} {name}")

    def flag(self, name: str, default: bool) -> bool:
        """A true-or-false field; ``default`` where neither the config nor its class says."""
        value, _ = self._get(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise OptionError(f"{self.family} {name} is {shown(value)}: expected true or false")
        return value

    def choice(self, name: str, default: Any, known: Mapping[Any, Any]) -> Any:
        """A field of a few values, each mapped to what it means; any other value is refused."""
        value, _ = self._get(name)
        if value is None:
            value = default
        try:
            return known[value]
        except (KeyError, TypeError):
            raise UnsupportedError(
                f"{self.family} {name} is {shown(value)}: symcount counts only {', '.join(map(repr, known))}"
            ) from None

    def absent(self, name: str, *allowed: Any) -> None:
        """A field symcount does not model: refused unless absent or one of ``allowed`` (values that add nothing)."""
        self.read.add(name)
        value = self.data.get(name)
        if value is not None and value not in allowed and not (value == [] or value == {}):
            raise UnsupportedError(f"{self.family} {name} is {shown(value)}: symcount cannot count it yet")

    def given(self) -> dict[str, Any]:
        """The fields read that the config gives, as it gives them (a family's sizes, for its legend)."""
        return {k: v for k, v in self.data.items() if k in self.read}

    def unknown(self, irrelevant: frozenset[str]) -> list[str]:
        """The fields present that were neither read nor known to change no count."""
        return [k for k, v in self.data.items() if k not in self.read and k not in irrelevant and k not in COMMON_IRRELEVANT]


@dataclass(frozen=True)
class Family:
    """A model family: how to read its config into layers, and what its config's other fields are.

    ``build(fields, head)`` returns the layers and the sizes (field -> size)
    for legends; ``heads`` maps each head symcount counts to the class-name
    suffix Hugging Face gives it (``"causal-lm": "ForCausalLM"``);
    ``prefix`` is the classes' common start (``"Llama"``).
    """

    model_type: str
    prefix: str
    build: Callable[[Fields, str], tuple[list[Any], dict[str, Any]]]
    heads: Mapping[str, str]
    irrelevant: frozenset[str] = field(default_factory=frozenset)
    default_head: str = "causal-lm"
    #: Whether its layers state its compute (each family checked against PyTorch's counter before it says so).
    computes: bool = False

    def head_of(self, architecture: object) -> str:
        """The head a class name in ``architectures`` stands for, or UnsupportedError naming it."""
        if isinstance(architecture, str) and architecture.startswith(self.prefix):
            suffix = architecture[len(self.prefix):]
            for head, known in self.heads.items():
                if suffix == known:
                    return head
        raise UnsupportedError(
            f"{self.model_type} architectures names {shown(architecture)}: symcount counts "
            + ", ".join(self.prefix + s for s in self.heads.values())
        )


# -- sizes as a family computes them: ints stay ints (no SymPy), a symbol makes a formula -----------


def plus(a: Any, b: Any) -> Any:
    """``a + b`` of two sizes."""
    if type(a) is int and type(b) is int:
        return a + b
    from .symbols import as_sympy

    return as_sympy(a) + as_sympy(b)


def times(a: Any, b: Any) -> Any:
    """``a * b`` of two sizes."""
    if type(a) is int and type(b) is int:
        return a * b
    from .symbols import as_sympy

    return as_sympy(a) * as_sympy(b)


def over(a: Any, b: Any, refusal: str) -> Any:
    """``a / b`` of two sizes, exact: ``refusal`` is the error where ints do not divide."""
    if type(a) is int and type(b) is int:
        if a % b:
            raise OptionError(refusal)
        return a // b
    from .symbols import as_sympy

    return as_sympy(a) / as_sympy(b)
