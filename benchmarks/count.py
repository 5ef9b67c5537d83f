"""Exact numeric counting: ``symcount.count(widths)`` against a plain generator expression.

Widths are l + 1 random ints in 1..1000 (fixed seed) for depths l = 10, 10**3
and 10**5, built beforehand. The baseline is exactly
``sum(a*b for a, b in zip(w, w[1:]))``: the weights alone, no validation.
``count`` validates its input and adds the biases. Also shown,
informationally: a plain integer loop that counts weights and biases, and
``mlp(widths).count()``.

Target: time(count) / time(baseline) <= 1.5 at l = 10**5 (the other depths
are informational). Exit status 1 if a target or a result check fails.
"""

from __future__ import annotations

import random

from _timing import Verdict, best, fmt

import symcount

TARGET_DEPTH = 10**5
MAX_RATIO = 1.5


def baseline(w: list[int]) -> int:
    return sum(a * b for a, b in zip(w, w[1:]))


def loop(w: list[int]) -> int:
    total = 0
    for i in range(1, len(w)):
        total += w[i - 1] * w[i] + w[i]
    return total


def main() -> None:
    verdict = Verdict()
    rng = random.Random(12345)
    print(
        f"{'l':>7}  {'baseline':>10}  {'loop':>10}  {'count':>10}  {'mlp.count':>10}"
        f"  {'count/base':>10}  {'count/loop':>10}  {'mlp/base':>9}"
    )
    for depth in (10, 10**3, 10**5):
        w = [rng.randint(1, 1000) for _ in range(depth + 1)]
        expected = loop(w)
        verdict.check(f"results equal at l={depth}", symcount.count(w) == expected == symcount.mlp(w).count())
        verdict.check(f"baseline counts the weights at l={depth}", symcount.count(w, bias="none") == baseline(w))
        t_base = best(lambda: baseline(w), repeat=7, min_time=0.1)
        t_loop = best(lambda: loop(w), repeat=7, min_time=0.1)
        t_count = best(lambda: symcount.count(w), repeat=7, min_time=0.1)
        t_mlp = best(lambda: symcount.mlp(w).count(), repeat=7, min_time=0.1)
        ratio = t_count / t_base
        print(
            f"{depth:>7}  {fmt(t_base):>10}  {fmt(t_loop):>10}  {fmt(t_count):>10}  {fmt(t_mlp):>10}"
            f"  {ratio:>10.2f}  {t_count / t_loop:>10.2f}  {t_mlp / t_base:>9.2f}",
            flush=True,
        )
        if depth == TARGET_DEPTH:
            target_ratio = ratio
    verdict.check(
        f"count/baseline <= {MAX_RATIO} at l={TARGET_DEPTH}", target_ratio <= MAX_RATIO, f"measured {target_ratio:.2f}"
    )
    verdict.exit()


if __name__ == "__main__":
    main()
