"""Shared helpers for the benchmark scripts: a best-of-N timer and PASS/FAIL reporting.

Importing this module also puts the repository root on ``sys.path``, so the
scripts run as ``python benchmarks/<name>.py`` from the repo root without
installing symcount.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def best(fn: Callable[[], Any], repeat: int = 5, setup: Callable[[], Any] | None = None, min_time: float = 0.0) -> float:
    """The smallest of ``repeat`` timings of ``fn()``, in seconds per call.

    ``setup()``, if given, runs untimed before each repeat. With ``min_time``,
    each repeat calls ``fn`` in a loop long enough to last at least that many
    seconds (for calls of microseconds), and the loop time is divided out.
    """
    number = 1
    while min_time:
        start = time.perf_counter()
        for _ in range(number):
            fn()
        if time.perf_counter() - start >= min_time:
            break
        number *= 2
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def fmt(seconds: float) -> str:
    """A duration with a readable unit, e.g. ``'12.3 ms'``."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.4g} {unit}"
    return f"{seconds / 1e-9:.4g} ns"


class Verdict:
    """Collects PASS/FAIL checks, prints one line each, and sets the exit status."""

    def __init__(self) -> None:
        self.failed: list[str] = []

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        print(f"{'PASS' if ok else 'FAIL'}: {name}" + (f"  [{detail}]" if detail else ""), flush=True)
        if not ok:
            self.failed.append(name)
        return ok

    def exit(self) -> None:
        """Print the overall result and exit: status 1 if any check failed, else 0."""
        if self.failed:
            print(f"RESULT: FAIL ({len(self.failed)} failed: {'; '.join(self.failed)})")
            sys.exit(1)
        print("RESULT: PASS")
        sys.exit(0)
