"""Building a symbolic network and its total: ``symcount.mlp(l).total`` and ``mlp(l).summary()``.

Part 1 times a fresh ``mlp(l).total`` and a fresh ``mlp(l).summary()`` (which
builds the records; a new Network each repeat, best of several) for
l = 10**2, 10**3, 10**4, 10**5. Target: each 10x step in l grows the time by
at most 12x (linear, with room for noise), for both.

SymPy memoises Add/Mul construction in its own cache (``sympy.core.cache``,
1000 entries by default): repeating a small build is then served from that
cache, which measures a lookup, not a build. So SymPy's cache is cleared,
untimed, before each repeat; symcount's symbol cache (``symbols.symbol``)
stays warm, as the brief asks. The as-is timings (no clearing) are printed
too, for information only.

Part 2, at l = 10**5, runs once each: the symbolic build, ``count`` of a
numeric network (random int widths) and of the symbolic one with every width
given, ``summary().to_text()`` and ``json.dumps(summary().to_dict())``.
Target: none raises (RecursionError or anything else); the times are shown.
Exit status 1 if a target fails.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from typing import Any

from _timing import Verdict, best, fmt
from sympy.core.cache import clear_cache

import symcount

DEPTHS = (10**2, 10**3, 10**4, 10**5)
MAX_GROWTH = 12.0
DEEP = 10**5


def build(depth: int) -> Any:
    return symcount.mlp(depth).total


def records(depth: int) -> Any:
    return symcount.mlp(depth).summary()


def scaling(verdict: Verdict, what: str, fn: Callable[[int], Any]) -> None:
    print(f"part 1: {what}, best of repeats (SymPy cache cleared before each; as-is for information)")
    print(f"{'l':>7}  {'time':>10}  {'growth':>7}  {'as-is':>10}  {'growth':>7}")
    prev = prev_asis = None
    for depth in DEPTHS:
        repeat = 7 if depth < 10**4 else 5 if depth < 10**5 else 3
        t = best(lambda: fn(depth), repeat=repeat, setup=clear_cache)
        t_asis = best(lambda: fn(depth), repeat=repeat)
        growth = t / prev if prev else None
        growth_asis = t_asis / prev_asis if prev_asis else None
        print(
            f"{depth:>7}  {fmt(t):>10}  {f'{growth:.2f}x' if growth else '':>7}"
            f"  {fmt(t_asis):>10}  {f'{growth_asis:.2f}x' if growth_asis else '':>7}",
            flush=True,
        )
        if growth is not None:
            verdict.check(
                f"{what}, l {depth // 10} -> {depth}: time grows <= {MAX_GROWTH:g}x",
                growth <= MAX_GROWTH,
                f"measured {growth:.2f}x",
            )
        prev, prev_asis = t, t_asis


def once(verdict: Verdict, name: str, fn: Callable[[], Any]) -> Any:
    """Run ``fn`` once; print its time; a raised exception is a FAIL."""
    start = time.perf_counter()
    try:
        result = fn()
    except BaseException as err:  # RecursionError, MemoryError, anything: all count as failure
        if isinstance(err, KeyboardInterrupt):
            raise
        verdict.check(f"l={DEEP}: {name}", False, f"{type(err).__name__}: {str(err)[:200]}")
        return None
    verdict.check(f"l={DEEP}: {name}", True, fmt(time.perf_counter() - start))
    return result


def deep(verdict: Verdict) -> None:
    print(f"part 2: l = {DEEP}, each step run once")
    clear_cache()
    rng = random.Random(12345)
    widths = [rng.randint(1, 1000) for _ in range(DEEP + 1)]
    net = once(verdict, "build mlp(l).total", _build_net)
    once(verdict, "count of numeric network mlp(widths).count()", lambda: symcount.mlp(widths).count())
    if net is None:
        verdict.check(f"l={DEEP}: symbolic steps", False, "skipped: the build failed")
        return
    values = {f"h{i}": w for i, w in enumerate(widths)}
    n = once(verdict, "count of symbolic network with every width given", lambda: net.count(values))
    if n is not None:
        verdict.check(f"l={DEEP}: both counts agree", n == symcount.count(widths))
    summary = once(verdict, "summary()", net.summary)
    if summary is not None:
        text = once(verdict, "summary().to_text()", summary.to_text)
        data = once(verdict, "json.dumps(summary.to_dict())", lambda: json.dumps(summary.to_dict()))
        if text is not None and data is not None:
            print(f"  (text {len(text):,} chars, json {len(data):,} chars)")


def _build_net() -> symcount.Network:
    net = symcount.mlp(DEEP)
    net.total  # noqa: B018 -- builds the formula
    return net


def main() -> None:
    verdict = Verdict()
    scaling(verdict, "mlp(l).total", build)
    scaling(verdict, "mlp(l).summary()", records)
    deep(verdict)
    verdict.exit()


if __name__ == "__main__":
    main()
