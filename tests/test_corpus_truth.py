"""Sanity checks of the formula corpus and of its ground truth (no symcount involved)."""
import collections
import random

import pytest

from tests.corpus_truth import CONVENTIONS, SIZES, VERDICTS, draw_sizes, evaluate, expected_verdict
from tests.formula_corpus import CASES, Case


def _id(case):
    return f"{case.target}:{case.text[:40]}"


def test_corpus_size_and_sources():
    assert len(CASES) >= 300
    assert len({c.source for c in CASES}) >= 100
    assert sum(c.target == "mlp" for c in CASES) >= 150


def test_quoted_cases_and_sources():
    """At least 300 formulas as people write them, from at least 100 distinct real sources.

    Composed cases (homework-style answers written for this corpus) and our own notes
    do not count: see ``Case.composed``.
    """
    quoted = [c for c in CASES if c.quoted]
    assert all(c.quoted != c.composed for c in CASES)
    assert not any("composed" in c.note.split(";")[0] for c in quoted), "a composed note on a quoted case"
    assert len(quoted) >= 300, len(quoted)
    assert len({c.source for c in quoted}) >= 100, len({c.source for c in quoted})


def test_cases_are_well_formed():
    for c in CASES:
        assert isinstance(c, Case)
        assert c.target in SIZES, c
        assert c.text.strip() and c.source.strip()
        assert isinstance(dict(c.check), dict)
        if c.target != "mlp":
            names = set(SIZES[c.target])
            assert set(c.sizes) <= names, c
            for sym, name in c.symbols.items():
                assert name in names or sym in names, (c.text, sym, name)


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_python_runs(case):
    sizes = draw_sizes(case, random.Random(1))
    value = evaluate(case, sizes)
    assert isinstance(value, int) and not isinstance(value, bool)


def test_expected_verdict_is_deterministic_and_tallied():
    tally = collections.defaultdict(collections.Counter)
    for case in CASES:
        first = expected_verdict(case, random.Random(1234))
        second = expected_verdict(case, random.Random(1234))
        assert first == second, case.text
        assert first in VERDICTS
        tally[case.target][first] += 1
    total = collections.Counter()
    print()
    for target in CONVENTIONS:
        row = tally[target]
        total.update(row)
        print(f"{target:18} {sum(row.values()):4}  " + "  ".join(f"{v}={row[v]}" for v in VERDICTS))
    print(f"{'total':18} {sum(total.values()):4}  " + "  ".join(f"{v}={total[v]}" for v in VERDICTS))
    print(f"distinct sources: {len({c.source for c in CASES})}")
    quoted = [c for c in CASES if c.quoted]
    print(f"quoted: {len(quoted)} from {len({c.source for c in quoted})} sources; composed: {len(CASES) - len(quoted)}")
    assert total["correct"] and total["wrong"] and total["other_convention"]
