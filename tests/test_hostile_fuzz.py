"""Hostile input in CI: a fixed-seed slice of every public function and every command, each call in its own child.

The same generators and runner as ``benchmarks/hostile.py`` (20,000+ calls);
see ``tests/hostile.py``. A call passes when it returns or raises one of
symcount's errors within 2 s and 200 MB, and its numbers agree with a
brute-force count; a command when it exits 0, 1 or 2 with no traceback, one
line on stderr for 2, and no file left behind by a failure.
"""

from __future__ import annotations

import symcount

from . import fuzzing, hostile

SEED = 14
API_CALLS = 1_500
CLI_CALLS = 60
MAX_FAILURES = 25


def test_every_public_function_is_drawn() -> None:
    functions = hostile.public_callables()
    names = {n.rpartition(".")[2] for n in functions}
    exported = {n for n in symcount.__all__ if callable(getattr(symcount, n))}
    errors = {n for n in exported if isinstance(getattr(symcount, n), type) and issubclass(getattr(symcount, n), BaseException)}
    assert exported - errors - hostile.RESULT_TYPES <= names
    jobs = hostile.api_jobs(len(hostile.targets()), SEED)
    called = {j.text.partition("(")[0].rpartition(".")[2] for j in jobs}
    assert names - called == set(), "functions no call drew"
    assert {"count", "summary", "to_csv", "form", "cases"} <= called  # the results' methods too


def test_hostile_calls_are_answered_or_refused_with_our_errors_within_the_limits() -> None:
    jobs = hostile.api_jobs(API_CALLS, SEED)
    assert len(jobs) >= API_CALLS * 0.95
    results = fuzzing.run_jobs(jobs, max_failures=MAX_FAILURES)
    failures = [r for r in results if r.failed]
    assert not failures, hostile.report(failures)
    assert len(results) == len(jobs)
    assert sum(r.outcome == "ok" for r in results) >= API_CALLS // 20, "hardly a call succeeds: the draws miss the doors"
    assert sum(r.detail.endswith("numbers checked") for r in results) >= API_CALLS // 10, "few numbers met the brute-force count"


def test_hostile_command_lines_keep_the_contract_and_leave_nothing_behind() -> None:
    outcomes = hostile.run_cli_calls(hostile.cli_calls(CLI_CALLS, SEED))
    bad = [o.result for o in outcomes if o.result.failed]
    assert not bad, "\n".join(f"{r.outcome}: {r.detail[:200]} <- symcount {r.text[:200]}" for r in bad)
    assert {o.result.returncode for o in outcomes} <= {0, 1, 2}
    assert len(outcomes) >= CLI_CALLS * 0.9


def test_the_runner_reports_a_wrong_number() -> None:
    """The brute-force check itself: a count that disagrees fails the call."""
    call = hostile._api_call("symcount.count", lambda widths, bias="all": 1 + symcount.count(widths), [[3, 4, 5]], {})
    [result] = fuzzing.run_jobs([fuzzing.Job(call.text, "api", "self", action=call.run)])
    assert result.outcome == "foreign" and "AssertionError" in result.detail
