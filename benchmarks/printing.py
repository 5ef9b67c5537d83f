"""Printing a deep symbolic network's records: text and JSON against a plain f-string table.

For ``net = symcount.mlp(l)`` (symbolic widths h0..hl) at l = 10**3, 10**4 and
10**5, ``summary = net.summary()`` is built beforehand (untimed); then
``summary.to_text()`` and ``json.dumps(summary.to_dict())`` are timed against
a baseline that writes the same table with f-strings from plain Python data
prepared beforehand: one ``(index, fan_in_name, fan_out_name)`` tuple per row.
The baseline computes its column widths and writes the same rows, columns and
totals lines; its output is checked equal to ``to_text()`` character for
character, so both do the same job.

Target: time(to_text) / time(baseline) <= 10 and time(json) / time(baseline)
<= 10 at every depth. Informational: ``str(mlp(10**4).total)`` (SymPy's own
printer) and the command ``symcount --depth 100000``, run once each.
Exit status 1 if a target or a result check fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from _timing import ROOT, Verdict, best, fmt

import symcount

DEPTHS = (10**3, 10**4, 10**5)
MAX_RATIO = 10.0

Rows = list[tuple[int, str, str]]


def baseline(name: str, rows: Rows) -> str:
    """The text table of an ``mlp(l)``, written with f-strings from plain tuples."""
    weights = [f"{a}*{b}" for _, a, b in rows]
    biases = [b for _, _, b in rows]
    w_index = max(len("layer"), len(str(rows[-1][0])))
    w_in = max(len("fan-in"), *(len(a) for _, a, _ in rows))
    w_out = max(len("fan-out"), *(len(b) for _, _, b in rows))
    w_weights = max(len("weights"), *map(len, weights))
    w_biases = max(len("biases"), *map(len, biases))
    lines = [
        f"network {name}",
        f"{'layer':>{w_index}}  kind   {'fan-in':<{w_in}}  {'fan-out':<{w_out}}"
        f"  {'weights':<{w_weights}}  {'biases':<{w_biases}}  params",
    ]
    for (i, a, b), w in zip(rows, weights):
        lines.append(f"{i:>{w_index}}  dense  {a:<{w_in}}  {b:<{w_out}}  {w:<{w_weights}}  {b:<{w_biases}}  {w} + {b}")
    all_weights, all_biases = " + ".join(weights), " + ".join(biases)
    lines += [f"weights {all_weights}", f"biases  {all_biases}", f"total   {all_weights} + {all_biases}"]
    return "\n".join(lines)


def informational() -> None:
    net = symcount.mlp(10**4)
    total = net.total
    start = time.perf_counter()
    str(total)
    print(f"info: str(mlp(10**4).total), SymPy's printer: {fmt(time.perf_counter() - start)}", flush=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "symcount", "--depth", "100000"], env=env, capture_output=True, text=True, check=False
    )
    took = time.perf_counter() - start
    print(f"info: symcount --depth 100000: {fmt(took)} (exit {done.returncode}, {len(done.stdout):,} chars)", flush=True)


def main() -> None:
    verdict = Verdict()
    print(f"{'l':>7}  {'f-string':>10}  {'to_text':>10}  {'ratio':>6}  {'json':>10}  {'ratio':>6}")
    for depth in DEPTHS:
        summary = symcount.mlp(depth).summary()
        rows = [(i, f"h{i - 1}", f"h{i}") for i in range(1, depth + 1)]
        text = summary.to_text()
        verdict.check(f"l={depth}: baseline writes the same text as to_text()", baseline(summary.name, rows) == text)
        data = json.loads(json.dumps(summary.to_dict()))
        verdict.check(
            f"l={depth}: JSON has every row and the totals",
            len(data["layers"]) == depth and data["total"] == text.rpartition("\n")[2].removeprefix("total   "),
        )
        repeat = 5 if depth < 10**5 else 3
        t_base = best(lambda: baseline(summary.name, rows), repeat=repeat, min_time=0.05)
        t_text = best(summary.to_text, repeat=repeat, min_time=0.05)
        t_json = best(lambda: json.dumps(summary.to_dict()), repeat=repeat, min_time=0.05)
        r_text, r_json = t_text / t_base, t_json / t_base
        print(
            f"{depth:>7}  {fmt(t_base):>10}  {fmt(t_text):>10}  {r_text:>5.2f}x  {fmt(t_json):>10}  {r_json:>5.2f}x",
            flush=True,
        )
        verdict.check(f"l={depth}: to_text <= {MAX_RATIO:g}x f-string table", r_text <= MAX_RATIO, f"measured {r_text:.2f}x")
        verdict.check(f"l={depth}: json <= {MAX_RATIO:g}x f-string table", r_json <= MAX_RATIO, f"measured {r_json:.2f}x")
    informational()
    verdict.exit()


if __name__ == "__main__":
    main()
