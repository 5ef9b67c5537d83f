"""Fuzzing in CI: a fixed-seed few thousand inputs, each call in its own child under 2 s and 200 MB.

The same generators and runner as ``benchmarks/fuzz_check.py`` (20,000+
inputs); see ``tests/fuzzing.py``. A call passes when it returns or raises a
subclass of ``symcount.SymcountError`` within both limits.
"""

from __future__ import annotations

import random

from . import fuzzing

SEED = 20_240_601
INPUTS = 3_000
CLI_SAMPLE = 8
MAX_FAILURES = 25  # stop early: a run of timeouts would otherwise take minutes


def _shown(failures: list[fuzzing.Result]) -> str:
    groups = fuzzing.distinct_failures(failures)
    lines = [f"{len(failures)} failing calls in {len(groups)} distinct causes; the shortest input of each:"]
    for (outcome, kind, where), members in sorted(groups.items(), key=lambda kv: -len(kv[1]))[:12]:
        r = members[0]
        lines.append(
            f"  {len(members)} x {outcome} {kind} at {where or '-'}: {fuzzing.call_text(r.call, r.depth)} with "
            f"text={r.text[:200]!r}{'...' if len(r.text) > 200 else ''} ({len(r.text)} chars, {r.seconds:.2f} s): {r.detail[:200]}"
        )
    return "\n".join(lines)


def test_fuzzed_inputs_are_answered_or_refused_with_our_errors_within_the_limits() -> None:
    jobs = fuzzing.build_jobs(INPUTS, SEED)
    assert len({(j.generator, j.text) for j in jobs}) >= INPUTS * 0.95
    results = fuzzing.run_jobs(jobs, max_failures=MAX_FAILURES)
    failures = [r for r in results if r.failed]
    stopped = f" (stopped after {len(results)} of {len(jobs)} calls)" if len(results) < len(jobs) else ""
    assert not failures, _shown(failures) + stopped
    assert len(results) == len(jobs)


def test_the_command_line_exits_0_1_or_2_without_a_traceback() -> None:
    texts = sorted({(j.text, j.generator) for j in fuzzing.build_jobs(300, SEED)})
    sample = random.Random(SEED).sample(texts, CLI_SAMPLE) + [("h0 + (h1", "fixed"), ("h0*h1 + h1", "fixed")]
    results = fuzzing.run_cli(sample)
    bad = [r for r in results if r.failed]
    assert not bad, "\n".join(f"{r.outcome}: {r.detail[:200]} <- {r.text[:200]!r} ({len(r.text)} chars)" for r in bad)
    assert {r.returncode for r in results} <= {0, 1, 2}


def test_the_runner_catches_each_kind_of_failure() -> None:
    """The harness itself: a foreign exception, a timeout and a memory blow-up are each reported, not passed."""
    jobs = [
        fuzzing.Job("h0 h1", "check", "self"),
        fuzzing.Job("h0 + (h1", "parse", "self"),
        fuzzing.Job("raise KeyError", "_selftest", "self"),
        fuzzing.Job("sleep", "_selftest", "self"),
        fuzzing.Job("spin", "_selftest", "self"),
        fuzzing.Job("allocate", "_selftest", "self"),
        fuzzing.Job("exit", "_selftest", "self"),
    ]
    results = fuzzing.run_jobs(jobs, time_limit=0.5, grace=0.3)
    outcomes = [(r.outcome, r.detail.split(":")[0] if r.outcome != "timeout" else "") for r in results]
    assert outcomes == [
        ("ok", ""),
        ("symcount-error", "FormulaSyntaxError"),
        ("foreign", "builtins.KeyError"),
        ("timeout", ""),
        ("timeout", ""),
        ("memory", "MemoryError"),
        ("crash", "exited 3 without reporting"),
    ], outcomes
    assert all(r.failed for r in results[2:]) and not any(r.failed for r in results[:2])


# The inputs the fuzzing of the checker first failed on, each a shape that had no bound on its work.
KNOWN = [
    ("h_1 + \\dots + h_{h_1}", "check"),  # a KeyError
    ("h1 + \\dots + \\sum_{i=1}^{l} h_i", "check"),  # SymPy's "Invalid limits"
    ("\\sum_{i=0}^{l-1} (h_3 + \\dots + h_{l})", "check"),  # InconsistentAssumptions
    ("(h0*h1 + " + "9" * 999 + ")^5", "check_depth"),  # 5,000-digit coefficients: Python's int-to-str limit
    ("(h0+h1+h2+h3)^64", "check"),  # 47,905 terms: 72 s
    ("(h0+h1+h2+h3+h4+h5)^64 + h0 h1", "check"),  # a MemoryError
    ("\\sum_{i=1}^{10000} h_i", "check"),  # 15 s
    ("\\sum_{i=1}^{5000} \\sum_{j=1}^{5000} h_{j}", "check"),  # 25 million terms
    ("\\sum_{i=1}^{l} \\sum_{j=1}^{100} h_{j} h_{i}", "check_widths"),  # SymPy's symbolic summation, unbounded
    ("\\sum_{i=10000}^{1} h_i", "check"),  # reversed bounds, a negative sum of 9,998 terms
    ("\\sum_{i=1}^{3} h_{i^64}", "check"),  # an index of 31 digits: 2 GB
    ("\\sum_{i=1}^{100} h_{i^4}", "check"),
    ("h0 h10000", "check"),  # a network 10,000 deep
    ("h" * 100, "check"),  # the left-hand-side pattern, exponential in a run of letters
    (" " * 99_999 + "x", "check"),  # the trailing-punctuation pattern, quadratic in a run of spaces
    ("&" * 100_000, "check_widths"),
    ("h0 " * 600, "check"),  # a product built one factor at a time: quadratic
    ("n_" * 2000 + "1", "check"),  # subscripts of subscripts: a RecursionError
    ("\\sum_{j=1}^{l-1} h_j / \\sum_{j=1}^{l-1} h_j", "check"),  # 0/0 at depth 1: "Invalid NaN comparison"
    ("(h0+h1)^{64} (h2+h3)^{64}", "check"),
    ("(4(h(h+d)+h))^{64} (d+h)^{64}", "check_lstm"),
    ("9" * 999 + "^{64} d h + 4 d h", "check_lstm"),
    ("gÒè" * 900, "check"),  # a left-hand-side name in another script: exponential in a mixed run of letters
    ("\\(" * 30_000, "check_widths"),  # one piece of math in a sentence: quadratic in unclosed \(
    ("&º" * 4945, "check_gpt2"),  # sizes in words: a phrase tried at each letter of a run, quadratic
    ("(h0+h1+h2+h3)^16 + h0 h1", "check_gpt2"),  # read letter by letter, then again in words: twice the work
    ("o x " * 4900, "check_gpt2"),
    ("o x " * 25_000, "check_widths"),  # a label of words before a math span: quadratic in a run of words
    ("(bias?" + " " * 99_990, "check"),  # a bias choice (b ? x : 0): cubic in a run of spaces
    ("(" + "bias" * 24_999, "check_widths"),
    ("(=1" + " " * 99_980 + "a b c d e", "check_widths"),  # the count a sentence states: quadratic in spaces
    ("= 5 " + "a" * 99_990 + "b!x", "check_widths"),  # the words after it: split four ways
    ("1 weights and " * 7000, "check_widths"),  # weights and biases as parts
    ("h1h_{i-1}h1", "check"),  # a layer index beside a width number: a TypeError
    ("\\]\\]h_i\\]\\]0", "check_depth"),  # a layer index with no width left: an IndexError
    ("\\sum_{i=1}^{3} 1.5M", "check_widths"),
    ("1/1.5M", "check_widths"),  # a rounded count divided: SymPy's PolynomialError
]


def test_the_shapes_that_once_ran_unbounded_are_answered_or_refused_within_the_limits() -> None:
    jobs = [fuzzing.Job(text, call, "known") for text, call in KNOWN]
    results = fuzzing.run_jobs(jobs)
    bad = [r for r in results if r.failed]
    assert not bad, "\n".join(f"{r.outcome} {r.detail[:200]} ({r.seconds:.2f} s) <- {r.text[:80]!r}" for r in bad)
