"""Reading a 70-billion-parameter PyTorch model: ``from_torch`` against ``num_parameters()``.

Hugging Face's ``LlamaForCausalLM`` with Llama-2-70B's configuration (80
layers, 1047 modules) is built on the ``meta`` device, once and untimed. Then
``symcount.from_torch(model).count()`` -- one walk over the modules, every
tensor checked for sharing, the 80 blocks found equal and read as one repeat --
is timed against ``model.num_parameters()``, a walk over the parameters alone.
The two are timed in alternation and the best of each kept, so that load
elsewhere on the machine does not fall on one of them only.

1. Target: ``from_torch`` at most 2x the time of ``num_parameters()``, with
   equal counts. The ratio is printed.
2. Linear growth: the same at 20 and at 80 layers. Target: 4x the layers cost
   at most 5x the time.

Needs torch and transformers (``pip install -e ".[test]"`` and
``pip install torch==2.13.0``). Exit status 1 if a target fails.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from _timing import Verdict, best, fmt

from symcount import from_torch

CONFIG = dict(vocab_size=32000, hidden_size=8192, num_hidden_layers=80, num_attention_heads=64,
              num_key_value_heads=8, intermediate_size=28672)


def llama(layers: int) -> Any:
    import torch
    import transformers

    with torch.device("meta"):
        return transformers.LlamaForCausalLM(transformers.LlamaConfig(**dict(CONFIG, num_hidden_layers=layers)))


def paired(a: Callable[[], Any], b: Callable[[], Any], rounds: int = 15) -> tuple[float, float]:
    """The best times of ``a()`` and ``b()``, taken in alternation: a burst of load elsewhere slows both alike."""
    times_a, times_b = [], []
    for _ in range(rounds):
        times_a.append(best(a, repeat=1, min_time=0.05))
        times_b.append(best(b, repeat=1, min_time=0.05))
    return min(times_a), min(times_b)


def main() -> None:
    verdict = Verdict()
    try:
        model = llama(80)
    except ImportError:
        verdict.check("torch and transformers are installed", False)
        verdict.exit()
    ours, theirs = from_torch(model).count(), model.num_parameters()
    t_ours, t_theirs = paired(lambda: from_torch(model).count(), model.num_parameters)
    ratio = t_ours / t_theirs
    print(f"llama 70B (80 layers, {len(list(model.modules()))} modules): from_torch {fmt(t_ours)} ({ours:,}), "
          f"num_parameters() {fmt(t_theirs)} ({theirs:,}), ratio {ratio:.2f}")
    verdict.check("equal counts", ours == theirs == 68_976_648_192)
    verdict.check("from_torch <= 2x num_parameters()", ratio <= 2, f"{ratio:.2f}x")

    shallow = llama(20)
    t_deep, t_shallow = paired(lambda: from_torch(model).count(), lambda: from_torch(shallow).count())
    growth = t_deep / t_shallow
    print(f"20 layers: {fmt(t_shallow)}; 80 layers: {fmt(t_deep)}")
    verdict.check("linear: 4x the layers cost <= 5x the time", growth <= 5, f"{growth:.2f}x")
    verdict.exit()


if __name__ == "__main__":
    main()
