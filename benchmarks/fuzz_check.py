"""Fuzz the formula reader and checker: every input answered or refused with symcount's errors, within 2 s and 200 MB.

    python benchmarks/fuzz_check.py [--n 20000] [--seed S] [--out failures.jsonl] [--cli 200]

Draws at least ``--n`` inputs (raw Unicode text, LaTeX token soup,
grammar-aware formulas and the known-dangerous shapes; see
``tests/fuzzing.py``) with Hypothesis under a fixed seed, and runs each call
(``check(text)``, ``check(text, depth=k)``, ``check(text, widths=[784, 16,
16, 10])``, ``check(text, general=True)``, ``parse(text)``) in a child forked
from this process, under an address-space limit of 200 MB over its size at
fork and a 2 s deadline. A call passes when it returns (a check's report
also renders) or raises a subclass of ``symcount.SymcountError``, within both
limits. ``--replay FILE`` runs the calls of an earlier failures file again.
``--cli K`` also runs ``python -m symcount check TEXT`` on K of the
inputs: exit status 0, 1 or 2, no traceback, one line on standard error with 2.

Prints a summary (inputs per generator, outcomes, failures by distinct cause,
the slowest call and the largest memory), writes every failure as a JSON line
to ``--out`` and exits 1 if there was any.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests import fuzzing  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=20_000, help="inputs to draw (default 20000)")
    p.add_argument("--seed", type=int, default=0, help="the seed of every draw (default 0)")
    p.add_argument("--out", default="fuzz-failures.jsonl", help="failures as JSON lines (default fuzz-failures.jsonl)")
    p.add_argument("--cli", type=int, default=200, help="inputs also run through python -m symcount check (default 200)")
    p.add_argument("--workers", type=int, default=None, help="children at once (default: the CPU count)")
    p.add_argument("--time-limit", type=float, default=fuzzing.TIME_LIMIT, help="seconds per call (default 2)")
    p.add_argument("--memory-mb", type=int, default=fuzzing.MEMORY_LIMIT_MB, help="MB per call (default 200)")
    p.add_argument("--replay", metavar="FILE", help="run the calls of a failures file again instead of drawing new ones")
    args = p.parse_args()

    started = time.perf_counter()
    if args.replay:
        with open(args.replay, encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
        jobs = [fuzzing.Result.job_of(r) for r in records if r.get("kind") != "cli"]
        print(f"replaying {len(jobs)} calls from {args.replay}", flush=True)
    else:
        jobs = fuzzing.build_jobs(args.n, args.seed)
        drawn = time.perf_counter() - started
        print(f"drew {len({(j.generator, j.text) for j in jobs})} inputs, {len(jobs)} calls, in {drawn:.1f} s (seed {args.seed})", flush=True)

    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 15 or done == total:
            last[0] = now
            print(f"  {done}/{total} calls, {now - started:.0f} s", flush=True)

    results = fuzzing.run_jobs(jobs, time_limit=args.time_limit, memory_mb=args.memory_mb, workers=args.workers, progress=progress)
    ran = time.perf_counter() - started
    print(fuzzing.summary(results))

    failures = [r.to_json() for r in results if r.failed]
    with open(args.out, "w", encoding="utf-8") as f:
        for record in failures:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")

    if args.cli and not args.replay:
        rng = random.Random(args.seed)
        texts = sorted({(j.text, j.generator) for j in jobs})
        sample = rng.sample(texts, min(args.cli, len(texts)))
        print(f"command line: {len(sample)} inputs through python -m symcount check", flush=True)
        cli_results = fuzzing.run_cli(sample, time_limit=args.time_limit, memory_mb=args.memory_mb, workers=args.workers)
        bad = [r for r in cli_results if r.failed]
        codes: dict[object, int] = {}
        for r in cli_results:
            codes[r.returncode] = codes.get(r.returncode, 0) + 1
        slowest = max((r.seconds for r in cli_results), default=0.0)
        print(f"  exit statuses: {dict(sorted(codes.items(), key=str))}; slowest {slowest:.2f} s; failures {len(bad)}")
        for r in bad[:20]:
            print(f"    {r.outcome}: {r.detail[:160]} <- {r.text[:100]!r} ({len(r.text)} chars)")
        with open(args.out, "a", encoding="utf-8") as f:
            for r in bad:
                f.write(json.dumps(dict(r.to_json(), kind="cli"), ensure_ascii=False) + "\n")
        failures += [r.to_json() for r in bad]
    total = time.perf_counter() - started
    print(f"{len(failures)} failures written to {args.out}; calls took {ran:.0f} s, {total:.0f} s in all")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
