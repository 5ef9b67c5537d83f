"""The closed vocabularies of printing, shared by the printer and the command line.

Kept apart from ``printing`` (which imports SymPy) so that the command line
can offer them as choices, with their help, without that import.
"""

from __future__ import annotations

#: The named bias conventions of a fully connected network.
BIAS_CONVENTIONS: dict[str, str] = {
    "all": "every neuron has a bias, output layer included",
    "hidden": "hidden neurons have a bias, output neurons none",
    "none": "no biases",
}

#: The printing styles: how a formula is written, and what each is for.
STYLES: dict[str, str] = {
    "expanded": "every term in layer order, the forum's shape (the default for a symbolic MLP)",
    "ellipsis": "the first and last terms with \\dots between, as the forum's second answer",
    "sum": "\\sum notation in a named form: split, combined or per_neuron (the default for the general form)",
    "worked": "the numbers of each sum worked out, as the forum's first answer (the default for a numeric MLP)",
    "table": "a per-layer tabular with symbolic and numeric columns",
    "collected": "like terms combined, coefficients first, by degree (the default for other symbolic networks)",
    "factored": "grouped by what repeats: L (12 d^2 + 13 d) + (V + P + 2) d",
    "components": "a line per named component (embeddings, one block and its parts, the head), then the total "
    "(the default for other numeric networks)",
}

#: The named \sum forms of a fully connected network (style "sum").
SUM_FORMS: dict[str, str] = {
    "split": "weights sum + biases sum, the forum's shape",
    "combined": "one sum over the weight layers, weights and biases together",
    "per_neuron": "each neuron has fan-in + 1 parameters",
}

#: Every named form of the general count (``General.form``): the \sum forms and two more.
GENERAL_FORMS: dict[str, str] = {
    **SUM_FORMS,
    "expanded": "every term written out, for a concrete depth",
    "closed": "a polynomial in l, for widths that follow a rule",
}

#: How FLOPs are counted, as every result says it.
CONVENTION = (
    "FLOPs = 2 per multiply-add, matrix products only (linear layers, convolutions, attention's scores and values), "
    "as torch.utils.flop_counter.FlopCounterMode counts them; biases, norms, activations and softmax are not counted "
    "(a grouped convolution's weight gradient is counted once, where PyTorch's counter counts it groups times)"
)

#: Which query-key pairs attention computes.
ATTENTION: dict[str, str] = {
    "full": "every query-key pair, as PyTorch's counter counts even under a causal mask",
    "causal": "each position and the positions before it (with window: at most the last window of them)",
}

#: The totals of a compute result, by their JSON names.
COMPUTE_QUANTITIES = ("forward_macs", "forward_flops", "attention_flops", "backward_flops", "train_flops")

#: The optimizers whose state symcount states, as torch.optim (and bitsandbytes) keep it.
OPTIMIZERS: dict[str, str] = {
    "sgd": "torch.optim.SGD without momentum: no state",
    "momentum": "torch.optim.SGD with momentum: a momentum buffer per parameter",
    "adam": "torch.optim.Adam: two moments per parameter and a 4-byte step per parameter tensor",
    "adamw": "torch.optim.AdamW: as Adam",
    "adam8bit": "bitsandbytes.optim.Adam8bit: for a tensor of 4096 elements or more two 8-bit moments per element and "
    "a float32 maximum per block of 256 for each, below that two float32 moments; two 256-entry float32 "
    "quantization maps per optimizer",
    "adamw8bit": "bitsandbytes.optim.AdamW8bit: as Adam8bit",
}

#: ZeRO's stages (Rajbhandari et al. 2020): what each partitions over the devices.
ZERO_STAGES: dict[int, str] = {
    0: "none: every device holds every state",
    1: "the optimizer state",
    2: "the optimizer state and the gradients",
    3: "the optimizer state, the gradients and the weights",
}

#: The totals of a memory result, by their JSON names.
MEMORY_QUANTITIES = ("weight_bytes", "gradient_bytes", "optimizer_bytes", "model_state_bytes", "kv_cache_bytes",
                     "inference_bytes", "activation_bytes", "training_bytes")

#: How memory is counted, as every result says it.
MEMORY_CONVENTION = (
    "bytes of the parameters (buffers such as running statistics are not in them); gradients in the weights' dtype; "
    "optimizer state as torch.optim keeps it (Adam's moments in the parameters' dtype and a 4-byte float32 step per "
    "parameter tensor), 8-bit Adam as bitsandbytes keeps it (8-bit moments and a float32 maximum per 256 elements "
    "from 4096 elements on, float32 moments below, two quantization maps); mixed precision: fp32 master weights and "
    "moments, counted as optimizer state (as ZeRO counts them); "
    "key-value cache: the keys and values Hugging Face's DynamicCache holds (not its 0-d window counters); "
    "activations: the tensors PyTorch keeps for backward on the CPU for the model's own code, each storage once, "
    "not the parameters nor the network's input and output (dropout masks and LayerNorm statistics in the activations' dtype)"
)

#: The feed-forward activations whose saved tensors symcount states, by Hugging Face's names (``ACT2FN``): how many
#: tensors of the activation's size each keeps for backward besides its output (which the next product keeps), and
#: which. Each is checked against the module ``transformers.activations.ACT2FN`` gives (tests/test_memory.py).
ACTIVATIONS: dict[str, tuple[int, str]] = {
    "relu": (0, "its output only"),
    "tanh": (0, "its output only"),
    "sigmoid": (0, "its output only"),
    "gelu": (1, "its input"),
    "gelu_pytorch_tanh": (1, "its input"),
    "silu": (1, "its input"),
    "swish": (1, "its input"),
    "quick_gelu": (2, "its input and the sigmoid of 1.702 x"),
    "gelu_new": (4, "its input, 0.5 x, the tanh and 1 + tanh (the formula in Python)"),
}

#: The families whose layers state the tensors a training step keeps for backward (their activations), each
#: checked against the tensors PyTorch saves for the model Hugging Face builds (tests/test_memory.py).
ACTIVATION_FAMILIES = ("gpt2", "llama", "mistral", "qwen2")

#: Bytes per element of the dtypes parameters are stored in.
DTYPE_BYTES = {"fp32": 4, "fp16": 2, "bf16": 2, "fp8": 1, "int8": 1}

#: SymPy's ``mul_symbol`` values that symcount accepts (None: juxtaposition, ``h_{0} h_{1}``).
MUL_SYMBOLS: dict[str | None, str] = {None: " ", "times": r" \times ", "dot": r" \cdot ", "ldot": r" \,.\, "}

BIAS_GROUPS = {"parens": (r"\left(", r"\right)"), "brackets": (r"\left[", r"\right]"), "none": ("", "")}

#: Where the LaTeX goes: SymPy's ``mode`` values and three more.
MODES: dict[str, str] = {
    "plain": "the bare formula, for a $$ ... $$ or \\[ ... \\] of your own",
    "inline": "$ ... $, in running text (long formulas are not broken)",
    "display": "\\[ ... \\]",
    "equation": "a numbered equation environment",
    "equation*": "an unnumbered equation environment",
    "align": "an align environment, one numbered row per line",
    "align*": "an align* environment",
}

#: Output formats of the command line.
FORMATS: dict[str, str] = {
    "text": "plain text (ASCII formulas)",
    "pretty": "plain text with formulas as SymPy's Unicode pretty print",
    "latex": "LaTeX",
    "markdown": "Markdown: formulas between $$ lines, tables as pipe tables",
    "tex": "a standalone .tex document that compiles with pdflatex",
    "json": "JSON: numbers as integers, formulas as strings",
}

#: The default target width of a printed line, in ems: an article page's text (345 pt at 10 pt).
ARTICLE_WIDTH_EM = 34.5

#: Terms a check report names of those missing (or extra), in its message and its LaTeX; the report holds them all.
LISTED = 12

#: What ``check(formula, against=...)`` takes as a short spec: the kind, then the formula's
#: symbols for its sizes, in this order (a number instead of a symbol fixes that size).
CHECK_TARGETS: dict[str, str] = {
    "mlp": "the question's network: widths h_0 (input) ... h_l (output), in the formula's letter",
    "linear": "linear IN OUT (torch.nn.Linear)",
    "rnn": "rnn IN HIDDEN (torch.nn.RNN, one layer)",
    "gru": "gru IN HIDDEN (torch.nn.GRU, one layer)",
    "lstm": "lstm IN HIDDEN (torch.nn.LSTM, one layer)",
    "conv1d": "conv1d C_IN C_OUT K [groups G] (torch.nn.Conv1d, a K-wide kernel)",
    "conv2d": "conv2d C_IN C_OUT K [K_W] [groups G] (torch.nn.Conv2d, a K x K or K x K_W kernel)",
    "conv3d": "conv3d C_IN C_OUT K [groups G] (torch.nn.Conv3d, a K x K x K kernel)",
    "embedding": "embedding V D (torch.nn.Embedding)",
    "attention": "attention D (torch.nn.MultiheadAttention)",
    "transformer-block": "transformer-block D [F] (torch.nn.TransformerEncoderLayer; F = 4 D unless given)",
    "gpt2": "the GPT-2 family (V, P, d, L, or its config field names)",
    "bert": "the BERT family (V, P, T, d, L, d_ff, or its config field names)",
    "llama": "the Llama family (V, d, d_ff, L, n_h, n_kv, or its config field names)",
}

#: The conventions a target's count has, the first its default: name and words for a verdict.
CHECK_CONVENTIONS: dict[str, dict[str, str]] = {
    "mlp": {
        "all": "biases on every neuron",
        "hidden": "hidden biases only (no output bias)",
        "none": "no biases",
    },
    "recurrent": {
        "torch": "PyTorch's convention (two bias vectors per gate, b_ih and b_hh)",
        "keras": "Keras's convention (one bias vector per gate)",
        "none": "no biases (bias=False)",
    },
    "bias": {"bias": "with biases (bias=True)", "none": "no biases (bias=False)"},
    "one": {"default": "the only convention"},
    "tied": {"tied": "the head tied to the token embedding", "untied": "a head of its own (tie_word_embeddings false)"},
    "untied": {"untied": "a head of its own", "tied": "the head tied to the token embedding (tie_word_embeddings true)"},
}
