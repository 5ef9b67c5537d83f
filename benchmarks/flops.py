"""The forward FLOPs of Llama-2-7B: symcount's formula against PyTorch's counter over the model on the meta device.

1. ``symcount.flops(models.llama(...), batch=1, seq=2048).forward_flops``
   against ``torch.utils.flop_counter.FlopCounterMode`` over a forward pass of
   Hugging Face's ``LlamaForCausalLM``, built on the ``meta`` device (no memory
   behind the tensors), at the same sizes. Target: equal counts, and the
   formula at least 1000x faster than the counted pass (the model built once,
   outside the timing). Needs torch and transformers (the test extras).
2. The same count as a formula in ``b`` and ``s``, then given the sizes:
   reported, not a target.

Exit status 1 if a target fails.
"""

from __future__ import annotations

from _timing import Verdict, best, fmt

import symcount
from symcount import models

CONFIG = dict(vocab_size=32000, hidden_size=4096, num_hidden_layers=32, num_attention_heads=32,
              intermediate_size=11008)
BATCH, SEQ = 1, 2048


def ours() -> int:
    return int(symcount.flops(models.llama(**CONFIG), batch=BATCH, seq=SEQ).forward_flops)


def main() -> None:
    verdict = Verdict()
    try:
        import torch
        import transformers
        from torch.utils.flop_counter import FlopCounterMode
    except ImportError:
        verdict.check("torch and transformers are installed (the test extras)", False)
        verdict.exit()
    transformers.logging.set_verbosity_error()
    with torch.device("meta"):
        model = transformers.LlamaForCausalLM(transformers.LlamaConfig(**CONFIG))
        ids = torch.zeros(BATCH, SEQ, dtype=torch.long)

    def counted() -> int:
        # use_cache: on the meta device, a pass without a cache asks its mask for .item(), which meta cannot give.
        with FlopCounterMode(display=False) as counter, torch.no_grad():
            model(input_ids=ids, use_cache=True)
        return int(counter.get_total_flops())

    theirs = counted()
    count = ours()
    t_ours = best(ours, repeat=7, min_time=0.1)
    t_theirs = best(counted, repeat=3)
    print(f"llama-2-7b forward, b={BATCH} s={SEQ}: symcount {fmt(t_ours)} ({count:,} FLOPs), "
          f"FlopCounterMode on meta {fmt(t_theirs)} ({theirs:,} FLOPs)")
    verdict.check("equal counts", count == theirs)
    verdict.check("symcount >= 1000x faster than FlopCounterMode", t_theirs / t_ours >= 1000, f"{t_theirs / t_ours:.0f}x")

    formula = best(lambda: symcount.flops(models.llama(), batch="b", seq="s").forward_flops, repeat=5, min_time=0.1)
    print(f"the formula in b and s: {fmt(formula)}")
    verdict.exit()


if __name__ == "__main__":
    main()
