"""Hostile input at scale: 20,000+ calls of every public function and method, and command lines, each in its own child.

Each call must return or raise one of symcount's errors within 2 s and
200 MB, and agree with a brute-force count wherever it gives a fully
connected count, a solved width or a sweep row; each command line must exit
0, 1 or 2 with no traceback, one stderr line on 2, and leave no file behind
when it fails. See ``tests/hostile.py``; CI runs a fixed-seed slice
(``tests/test_hostile_fuzz.py``).

    python benchmarks/hostile.py --n 20000 --cli 300 --seed 1 --out hostile-failures.jsonl

Exit status 0 when every call passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import fuzzing, hostile  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=20_000, help="API calls to draw (default 20000)")
    p.add_argument("--cli", type=int, default=300, help="command lines to draw (default 300)")
    p.add_argument("--seed", type=int, default=0, help="the seed of every draw (default 0)")
    p.add_argument("--out", default="hostile-failures.jsonl", help="failures as JSON lines (default hostile-failures.jsonl)")
    args = p.parse_args()
    start = time.perf_counter()
    jobs = hostile.api_jobs(args.n, args.seed)
    print(f"{len(jobs)} distinct API calls drawn in {time.perf_counter() - start:.0f} s", flush=True)
    results = fuzzing.run_jobs(jobs, progress=lambda d, t: print(f"  {d}/{t}", flush=True) if d % 2000 == 0 else None)
    outcomes = collections.Counter(r.outcome for r in results)
    failures = [r for r in results if r.failed]
    ok = [r for r in results if not r.failed]
    print(f"API: {dict(outcomes)}; slowest {max(r.seconds for r in ok):.2f} s, largest {max(r.memory_mb for r in ok):.1f} MB")
    checked = [int(r.detail.split()[0]) for r in ok if r.detail.endswith("numbers checked")]
    print(f"numbers checked against a brute-force count: {sum(checked)}, in {len(checked)} calls, none wrong")
    if failures:
        print(hostile.report(failures, 30))
    cli = hostile.run_cli_calls(hostile.cli_calls(args.cli, args.seed)) if args.cli else []
    cli_bad = [o.result for o in cli if o.result.failed]
    print(f"CLI: {len(cli)} command lines, exit statuses {dict(collections.Counter(o.result.returncode for o in cli))}, "
          f"{len(cli_bad)} failures; slowest {max((o.result.seconds for o in cli), default=0):.2f} s")
    for r in cli_bad[:30]:
        print(f"  {r.outcome}: {r.detail[:200]} <- symcount {r.text[:200]}")
    with open(args.out, "w") as f:
        for r in failures:
            f.write(json.dumps({"call": r.text, "outcome": r.outcome, "detail": r.detail, "where": r.where, "seconds": r.seconds}) + "\n")
        for r in cli_bad:
            f.write(json.dumps({"argv": r.text, "outcome": r.outcome, "detail": r.detail}) + "\n")
    print(f"{time.perf_counter() - start:.0f} s in all")
    return 1 if failures or cli_bad else 0


if __name__ == "__main__":
    sys.exit(main())
