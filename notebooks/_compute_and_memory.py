"""Cells of notebooks/compute-and-memory.ipynb: a paper's compute and memory table for Llama 2, and what fits 80 GB."""

CELLS = [
    ("md", r"""
# Compute and memory for a paper: Llama 2

Beside the parameter count, a paper prints what a model costs to train and to
run: FLOPs per token, the training compute, the bytes of the weights, of the
optimizer's state and of the key-value cache. symcount gives each as a formula
in the sizes and, with the sizes given, as an exact number, counted as PyTorch
counts it (FLOPs as `torch.utils.flop_counter.FlopCounterMode` does, bytes as the
tensors a `torch.optim` step and a Hugging Face cache hold).
"""),
    ("code", r"""
import symcount
from symcount import models
from IPython.display import Markdown, Math
"""),
    ("md", r"""
## The formulas

Llama with grouped-query attention, its sizes in the symbols papers use ($V$
the vocabulary, $d$ the width, $L$ the layers, $n_h$ the heads, $n_{kv}$ the
key-value heads, $d_{ff}$ the MLP's width): the FLOPs of a training step of $b$
sequences of $s$ tokens, and the bytes of the key-value cache after $s$
tokens, in bf16.
"""),
    ("code", r"""
llama = models.llama(num_key_value_heads="num_key_value_heads").with_symbols("paper")
step = symcount.flops(llama, batch="b", seq="s")
Math(r"C_\text{step} = " + symcount.latex(step.train_flops, style="collected"))
"""),
    ("code", r"""
cache = symcount.memory(llama, dtype="bf16", batch="b", seq="s")
Math(r"M_\text{cache} = " + symcount.latex(cache.kv_cache_bytes, style="collected"))
"""),
    ("md", r"""
## Three sizes

The sizes of Touvron et al. (2023), "Llama 2", Table 1 and the released
configurations: 7B and 13B with a key-value head per query head, 70B with 8
shared by its 64 heads. Their counts are the published ones.
"""),
    ("code", r"""
SIZES = {
    "7B": dict(hidden_size=4096, num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=32, intermediate_size=11008),
    "13B": dict(hidden_size=5120, num_hidden_layers=40, num_attention_heads=40, num_key_value_heads=40, intermediate_size=13824),
    "70B": dict(hidden_size=8192, num_hidden_layers=80, num_attention_heads=64, num_key_value_heads=8, intermediate_size=28672),
}
nets = {name: models.llama(vocab_size=32000, **sizes) for name, sizes in SIZES.items()}
counts = {name: net.count() for name, net in nets.items()}
assert counts == {"7B": 6_738_415_616, "13B": 13_015_864_320, "70B": 68_976_648_192}
counts
"""),
    ("md", r"""
## Compute

Per token of a 4096-token sequence: the exact forward and training FLOPs,
and Kaplan et al. (2020)'s $6N$ beside them ($N$ the parameters outside the
embeddings). The exact count is larger by the attention's scores and values
over the context, and by the output head that $N$ leaves out. Llama 2 was
trained on 2 trillion tokens.
"""),
    ("code", r"""
def e(x, unit=""):
    return f"{float(x):.3g}{unit}"

rows = ["| model | N (non-embedding) | forward FLOPs / token | training FLOPs / token | 6N | training on 2T tokens |",
        "|---|---:|---:|---:|---:|---:|"]
for name, net in nets.items():
    c = symcount.flops(net, batch=1, seq=4096)
    k = c.kaplan()
    rows.append(f"| {name} | {e(k['N'])} | {e(c.per_token('forward_flops'))} | {e(c.per_token('train_flops'))} "
                f"| {e(k['kaplan_train_per_token'])} | {e(c.training(2 * 10**12))} |")
Markdown("\n".join(rows))
"""),
    ("md", r"""
## Memory

Training in mixed precision with AdamW keeps bf16 weights and gradients, fp32
master weights and two fp32 moments: 16 bytes a parameter, as ZeRO counts them
(Rajbhandari et al. 2020), and PyTorch's 4-byte step per tensor. ZeRO stage 3
shares them out over 64 devices. Generating keeps the bf16 weights and a key and
a value per layer and key-value head for each token seen: the 70B model's 8
key-value heads make its cache per token smaller than the 13B model's.
"""),
    ("code", r"""
GB = 10**9
rows = ["| model | weights (bf16) | AdamW model states | per device, ZeRO-3 over 64 | cache per token (bf16) |",
        "|---|---:|---:|---:|---:|"]
for name, net in nets.items():
    train = symcount.memory(net, dtype="bf16", optimizer="adamw", mixed=True, zero=3, devices=64)
    per_token = symcount.memory(net, dtype="bf16", batch=1, seq=1).kv_cache_bytes
    rows.append(f"| {name} | {train.weight_bytes / GB:,.1f} GB | {train.model_state_bytes / GB:,.1f} GB "
                f"| {train.per_device()['model_state_bytes'] / GB:,.2f} GB | {per_token / 2**10:g} KiB |")
Markdown("\n".join(rows))
"""),
    ("md", r"""
## Training: the activations

A training step also keeps, for its backward pass, the tensors its forward
pass made: the activations. What is kept depends on the code that runs, so
symcount states it for Hugging Face's Llama code, as PyTorch keeps it, with
the attention implementation said: here `sdpa`, PyTorch's fused attention,
which keeps each key-value head's keys and values and no $s \times s$ scores.
The bytes the layers keep in a step on $b$ sequences of $s$ tokens in bf16,
the logits being the last (`labels=False`):
"""),
    ("code", r"""
step = symcount.memory(llama, dtype="bf16", optimizer="adamw", mixed=True, batch="b", seq="s", attn_implementation="sdpa",
                       labels=False)
Math(r"M_\text{activations} = " + symcount.latex(step.activation_bytes, style="collected"))
"""),
    ("md", r"""
Given labels (`labels=True`), as a training loop gives them, the model
computes its loss too: the cross-entropy keeps the fp32 log-probabilities of
every position and vocabulary entry, $4 b s V$ bytes, which the tables below
count.
"""),
    ("md", r"""
With activation checkpointing (`model.gradient_checkpointing_enable()`,
`recompute="full"`) each layer keeps only its input, $2 b s d$ bytes, and
recomputes the rest in the backward pass, one layer at a time. For one
sequence of 4096 tokens:
"""),
    ("code", r"""
rows = ["| model | activations, one sequence | checkpointed | training step, ZeRO-3 over 64, checkpointed |",
        "|---|---:|---:|---:|"]
for name, net in nets.items():
    options = dict(dtype="bf16", optimizer="adamw", mixed=True, batch=1, seq=4096, attn_implementation="sdpa", labels=True)
    full = symcount.memory(net, **options)
    kept = symcount.memory(net, **options, recompute="full", zero=3, devices=64)
    rows.append(f"| {name} | {full.activation_bytes / GB:,.1f} GB | {kept.activation_bytes / GB:,.2f} GB "
                f"| {kept.per_device()['training_bytes'] / GB:,.1f} GB |")
Markdown("\n".join(rows))
"""),
    ("md", r"""
The largest training batch of 4096-token sequences per device, within 80 GB,
with the model states shared out by ZeRO-3 over 64 devices and each layer
checkpointed:
"""),
    ("code", r"""
for name, net in nets.items():
    s = symcount.solve_memory(80 * GB, net, seq=4096, dtype="bf16", optimizer="adamw", mixed=True, zero=3, devices=64,
                              attn_implementation="sdpa", recompute="full", labels=True)
    print(f"{name}: batch {s.value}, {s.count / GB:.2f} GB of 80")
"""),
    ("md", r"""
## Generating: the largest batch that fits 80 GB

Generating: for sequences of 4096 tokens, the largest batch whose bf16 weights and
key-value cache fit one 80 GB device, solved exactly: the memory is linear in
the batch, SymPy gives the root in closed form, and the exact count decides.
The 70B model's weights alone are 138 GB: no batch fits.
"""),
    ("code", r"""
for name, net in nets.items():
    try:
        s = symcount.solve_memory(80 * GB, net, seq=4096, dtype="bf16")
        print(f"{name}: batch {s.value}, {s.count / GB:.2f} GB of 80")
    except symcount.InfeasibleError as err:
        print(f"{name}: {err}")
"""),
    ("code", r"""
Math(symcount.latex(symcount.solve_memory(80 * GB, nets["7B"], seq=4096, dtype="bf16")))
"""),
    ("md", r"""
The longest sequence a batch of 8 can generate on the 7B model, in a multiple
of 256 tokens, and the most tokens $10^{23}$ FLOPs train the 13B model on:
"""),
    ("code", r"""
longest = symcount.solve_memory(80 * GB, nets["7B"], solve="seq", batch=8, dtype="bf16", multiple_of=256)
tokens = symcount.flops(nets["13B"], batch=1, seq=4096).tokens_within(10**23)
longest.value, f"{tokens:.4g}"
"""),
]
