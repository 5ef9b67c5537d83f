"""Counting a 70-billion-parameter model: symcount's formula against PyTorch's meta-device build.

1. Llama-2-70B's configuration: ``symcount.models.llama(...).count()`` against
   building the same architecture in PyTorch on the ``meta`` device (no memory
   behind the tensors) and summing ``numel()``. Target: at least 100x faster,
   equal counts. Needs torch (``pip install torch==2.13.0``).
2. Deep stacks: ``Repeat`` of a block 10**2 and 10**4 times. Target: no
   RecursionError, and at most 12x the time for 100x the depth (the repeat
   count is one factor, not one object per block).

Exit status 1 if a target fails.
"""

from __future__ import annotations

from _timing import Verdict, best, fmt

import symcount
from symcount import models

CONFIG = dict(vocab_size=32000, hidden_size=8192, num_hidden_layers=80, num_attention_heads=64,
              num_key_value_heads=8, intermediate_size=28672)


def torch_count() -> int:
    import torch
    from torch import nn

    c = CONFIG
    d, heads, kv, inner = c["hidden_size"], c["num_attention_heads"], c["num_key_value_heads"], c["intermediate_size"]
    head_dim = d // heads
    with torch.device("meta"):
        layers = [
            nn.ModuleList([nn.RMSNorm(d), nn.Linear(d, d, bias=False), nn.Linear(d, kv * head_dim, bias=False),
                           nn.Linear(d, kv * head_dim, bias=False), nn.Linear(d, d, bias=False), nn.RMSNorm(d),
                           nn.Linear(d, inner, bias=False), nn.Linear(d, inner, bias=False), nn.Linear(inner, d, bias=False)])
            for _ in range(c["num_hidden_layers"])
        ]
        model = nn.ModuleList([nn.Embedding(c["vocab_size"], d), *layers, nn.RMSNorm(d), nn.Linear(d, c["vocab_size"], bias=False)])
    return sum(p.numel() for p in model.parameters())


def main() -> None:
    verdict = Verdict()
    ours = models.llama(**CONFIG).count()
    t_ours = best(lambda: models.llama(**CONFIG).count(), repeat=7, min_time=0.1)
    try:
        theirs = torch_count()
        t_torch = best(torch_count, repeat=3)
    except ImportError:
        verdict.check("torch is installed (pip install torch==2.13.0)", False)
        verdict.exit()
    print(f"llama 70B: symcount {fmt(t_ours)} ({ours:,}), torch meta build {fmt(t_torch)} ({theirs:,})")
    verdict.check("equal counts", ours == theirs)
    verdict.check("symcount >= 100x faster than a meta-device build", t_torch / t_ours >= 100, f"{t_torch / t_ours:.0f}x")

    block = [symcount.Attention(64, 8), symcount.GatedMLP(64, 256), symcount.RMSNorm(64)]
    times = {}
    for n in (10**2, 10**4):
        net = symcount.Network([symcount.Repeat(block, n)])
        times[n] = best(lambda: (net.count(), net.summary()), repeat=5, min_time=0.1)
        print(f"repeat x{n}: {fmt(times[n])}")
    growth = times[10**4] / times[10**2]
    verdict.check("deep stacks: 100x depth costs <= 12x", growth <= 12, f"{growth:.2f}x")
    verdict.exit()


if __name__ == "__main__":
    main()
