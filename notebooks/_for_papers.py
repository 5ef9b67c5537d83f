"""Cells of notebooks/for-papers.ipynb: formulas and numbers for a paper's model section."""

CELLS = [
    ("md", r"""
# symcount for papers

A model section needs the count as a formula in the hyperparameters, the
numbers for the configurations trained, a per-layer table, and LaTeX that
compiles. This notebook does that for a GPT-2-style transformer, then solves
a parameter budget and plots the count against width.
"""),
    ("code", r"""
import symcount
from symcount import models
"""),
    ("md", r"""
## The formula

Sizes left out stay symbols named as in the Hugging Face `config.json`, so the
family *is* its general formula:
"""),
    ("code", r"""
gpt2 = models.gpt2()
gpt2.total
"""),
    ("md", r"""
## The numbers, and a per-layer table

GPT-2 small: 124,439,808 parameters, with the output head tied to the token
embedding (counted once).
"""),
    ("code", r"""
small = models.gpt2(vocab_size=50257, n_positions=1024, n_embd=768, n_layer=12, n_head=12)
assert small.count() == 124_439_808
print(small.summary())
"""),
    ("code", r"""
print(symcount.latex(small, style="table"))
"""),
    ("md", r"""
## LaTeX ready to paste

In the symbols a paper uses (V, P, d, L), with a legend that says what each
is: collected as Kaplan et al. (2020) write it, `12 L d^2` leading, then
grouped by what repeats, then broken down by component:
"""),
    ("code", r"""
paper = gpt2.with_symbols("paper")
paper.total
"""),
    ("code", r"""
print(symcount.latex(gpt2, symbol_names="paper"))
"""),
    ("code", r"""
symcount.latex(gpt2, style="factored", symbol_names="paper", legend=False)
"""),
    ("code", r"""
from IPython.display import Math

Math(symcount.latex(gpt2, style="components", symbol_names="paper"))
"""),
    ("md", r"""
Llama's grouped-query attention keeps the key-value heads in the formula:
"""),
    ("code", r"""
Math(symcount.latex(models.llama(num_key_value_heads="num_key_value_heads"), style="factored", symbol_names="paper"))
"""),
    ("md", r"""
## A mixture of experts: total and active parameters

Any model type of Hugging Face `transformers` that symcount reads is also a
formula. Mixtral's total grows with the number of experts $E$; what one token
uses grows with the $k$ experts it is routed to (the router still scores all
$E$):
"""),
    ("code", r"""
mixtral = models.family("mixtral", num_key_value_heads="num_key_value_heads").with_symbols("paper")
Math(r"N = " + symcount.latex(mixtral.summary().total, style="collected"))
"""),
    ("code", r"""
Math(r"N_{\text{active}} = " + symcount.latex(mixtral.summary().active, style="collected"))
"""),
    ("md", r"""
With Mixtral-8x7B's `config.json` (written out here; nothing is downloaded),
the numbers the paper rounds to 46.7B and 12.9B:
"""),
    ("code", r"""
config = {"model_type": "mixtral", "architectures": ["MixtralForCausalLM"], "vocab_size": 32000,
          "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32,
          "num_key_value_heads": 8, "num_local_experts": 8, "num_experts_per_tok": 2}
s = models.from_config(config).summary()
print(f"total {s.total:,}  active {s.active:,}  non-embedding {s.non_embedding:,}")
"""),
    ("md", r"""
## A budget solved

The widest GPT-2 (12 layers, width a multiple of 64) within 125M parameters;
the answer is checked with exact integers, never off by one:
"""),
    ("code", r"""
fixed = models.gpt2(vocab_size=50257, n_positions=1024, n_layer=12, n_head=12)
solution = symcount.solve_width(125_000_000, fixed, multiple_of=64)
print(solution.name, solution.value, solution.count, solution.slack)
"""),
    ("md", r"""
## Count against width and depth

A sweep evaluates the formula over a grid at once; the plot has log axes.
"""),
    ("code", r"""
from IPython.display import Image

grid = {"n_embd": [256, 512, 768, 1024, 1536, 2048], "n_layer": [6, 12, 24]}
counts = symcount.sweep(models.gpt2(vocab_size=50257, n_positions=1024, n_head=8), grid)
counts.plot("gpt2-sweep.png", x="n_embd")
Image("gpt2-sweep.png")
"""),
]
