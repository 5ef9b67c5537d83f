"""Fuzzing symcount's formula reader and checker, each input in its own child process.

The claim under test (the issue's): *any input of at most 100 kB is answered
or refused within 2 s and 200 MB*, where "refused" means one of symcount's own
errors (a subclass of :class:`symcount.SymcountError`), never a ``KeyError``,
``RecursionError``, ``MemoryError``, SymPy error or Python's int-to-str
``ValueError``.

Three kinds of input, all Hypothesis strategies:

* :data:`RAW` -- arbitrary Unicode text, short, and long up to 100 kB;
* :data:`SOUP` -- token soup from a LaTeX / plain-text / Unicode vocabulary;
* :data:`GRAMMAR` -- well-formed formulas from a recursive grammar (widths with
  index expressions, products, sums, powers, nested ``\\sum``, ``\\dots``
  between patterned terms, big integers, equations), and :data:`STRESS`, the
  shapes known to be dangerous (``(h0+h1+h2+h3)^64``, ``\\sum_{i=1}^{10000}``,
  ``h_{i^64}`` inside sums, int-to-str sized numbers, deep nesting, 100 kB).

:func:`collect` draws inputs from a strategy with a fixed seed (Hypothesis's
own engine under ``@given``, database off). :func:`run_jobs` runs each
``(text, call)`` in a child forked from a parent that has imported SymPy and
symcount once: the child gets an address-space limit of its current size plus
200 MB and a CPU-time limit; the parent kills it on a wall-clock deadline.
The child reports ``ok``, ``symcount-error`` or ``foreign`` with its elapsed
time and peak-RSS growth. A ``check`` call also renders its report
(``to_text()`` and ``to_dict()``), as the command line does.

Used by ``benchmarks/fuzz_check.py`` (20,000+ inputs) and
``tests/test_fuzz_check.py`` (a fixed-seed few thousand in CI).
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import re
import resource
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent

TIME_LIMIT = 2.0  # seconds, per call
MEMORY_LIMIT_MB = 200  # megabytes of growth, per call
MAX_INPUT = 100_000  # characters: the largest input the claim covers
FORUM = (784, 16, 16, 10)

# ------------------------------------------------------------------------------------------
# The calls
# ------------------------------------------------------------------------------------------

CALLS = ("check", "check_depth", "check_widths", "check_general", "check_lstm", "check_conv2d", "check_gpt2", "parse")
TARGETS = {"check_lstm": "lstm d h", "check_conv2d": "conv2d c_in c_out k", "check_gpt2": "gpt2"}


def call_text(call: str, depth: int = 3) -> str:
    """The call as Python source, for the failure report."""
    return {
        "check": "check(text)",
        "check_depth": f"check(text, depth={depth})",
        "check_widths": f"check(text, widths={list(FORUM)})",
        "check_general": "check(text, general=True)",
        "parse": "parse(text)",
        **{c: f"check(text, against={t!r})" for c, t in TARGETS.items()},
    }.get(call, call)


def _invoke(call: str, text: str, depth: int) -> None:
    """Run one call in this process; a check's report is rendered as the command line does."""
    from symcount import check
    from symcount.parsing import parse

    if call == "parse":
        parse(text)
        return
    if call == "_selftest":  # the harness's own test: one of each kind of failure
        _selftest(text)
        return
    kwargs: dict[str, Any] = {
        "check": {},
        "check_depth": {"depth": depth},
        "check_widths": {"widths": list(FORUM)},
        "check_general": {"general": True},
        **{c: {"against": t} for c, t in TARGETS.items()},
    }[call]
    report = check(text, **kwargs)
    report.to_text()
    json.dumps(report.to_dict())
    report._repr_latex_()


def _selftest(what: str) -> None:
    if what == "raise KeyError":
        raise KeyError(what)
    if what == "sleep":
        time.sleep(60)
    if what == "spin":
        while True:
            pass
    if what == "allocate":
        blocks = []
        while True:  # without the limit, all of the machine's memory
            blocks.append(bytearray(16 * 2**20))
    if what == "exit":
        os._exit(3)


# ------------------------------------------------------------------------------------------
# Generators
# ------------------------------------------------------------------------------------------


def _stretch(args: tuple[str, int]) -> str:
    """``piece`` repeated to ``size`` characters (at most 100 kB)."""
    piece, size = args
    if not piece:
        return piece
    return (piece * (size // len(piece) + 1))[: min(size, MAX_INPUT)]


_FORMULA_CHARS = st.sampled_from(list("hnlLi_{}()[]^*+-=/0123456789 \\$.,") + ["\\sum", "\\dots"])

#: (a) raw text: arbitrary Unicode, formula-flavoured text, and long inputs up to 100 kB.
RAW = st.one_of(
    st.text(max_size=300),
    st.text(st.characters(codec="utf-8"), max_size=100),
    st.lists(st.one_of(_FORMULA_CHARS, st.characters()), max_size=120).map("".join),
    st.tuples(st.text(min_size=1, max_size=30), st.integers(1_000, MAX_INPUT)).map(_stretch),
    st.tuples(st.text(min_size=1, max_size=8), st.sampled_from([MAX_INPUT - 1, MAX_INPUT])).map(_stretch),
)

VOCABULARY = [
    "h", "n", "l", "L", "\\ell", "i", "_", "{", "}", "(", ")", "[", "]",
    "0", "1", "2", "3", "9", "10", "12", "64", "100", "9999", "10000", "10001", "99999999999",
    "9" * 40, "9" * 1000, "+", "-", "*", "/", "^", "**", "=", " ",
    "\\times", "\\cdot", "\\ast", "\\sum", "\\sum\\limits", "\\dots", "\\ldots", "\\cdots",
    "\\left(", "\\right)", "\\frac", "\\sqrt", "\\[", "\\]", "\\(", "\\)", "$", "x", ",", ".", "\\,", "{,}",
    "ℎ", "𝑙", "−", "₀", "₁", "²", "∑", "×", "·", "…", "⋯",
    "\\begin{equation}", "\\end{equation}", "\\text{params}", "\\#", "\\", "\\{", "\\}",
    "h_{l-1}", "h_0", "h1", "h_i", "h_{i-1}", "_{i=1}^{l}", "^{64}", "...", "\\quad", "\\mathrm", "\\big(",
]

_SOUP_LIST = st.lists(st.sampled_from(VOCABULARY), max_size=60)

#: (b) token soup from the vocabulary, short and repeated to long inputs.
SOUP = st.one_of(
    _SOUP_LIST.map("".join),
    _SOUP_LIST.map(" ".join),
    st.tuples(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12).map("".join), st.integers(500, MAX_INPUT)).map(
        _stretch
    ),
)

# -- (c) the grammar -----------------------------------------------------------------------

_SMALL = st.integers(0, 12)
_BIG = st.one_of(
    st.integers(13, 10_001),
    st.sampled_from([9999, 10_000, 10_001, 2**63, 10**18]),
    st.integers(1, 1000).map(lambda k: "9" * k),
    st.integers(1, 1000).map(lambda k: "1" + "0" * (k - 1)),
)
_INT = st.one_of(_SMALL, _SMALL, _SMALL, _BIG).map(str)


def _index_expr(var: str | None) -> st.SearchStrategy[str]:
    """A width index: an integer, or an expression in l and the summation index."""
    options = [
        _SMALL.map(str),
        st.sampled_from(["l", "l-1", "l-2", "l+1", "l-12", "2l", "l^2", "l-0"]),
        st.just("10000"),
        st.just("10001"),
        st.sampled_from(["h_1", "h_{h_1}", "h_l"]),
    ]
    if var is not None:
        options.append(
            st.sampled_from(["{v}", "{v}-1", "{v}+1", "{v}-2", "2{v}", "{v}^2", "{v}^64", "{v}^{{64}}", "l-{v}", "{v}+l", "{v}*{v}"]).map(
                lambda s: s.format(v=var)
            )
        )
        options.append(st.just(var))
    return st.one_of(options)


@st.composite
def _width(draw: Any, var: str | None = None, letter: str = "h") -> str:
    index = draw(_index_expr(var))
    if index.isdigit() and draw(st.booleans()):
        return f"{letter}{index}" if draw(st.booleans()) else f"{letter}_{index}"
    if len(index) == 1 and draw(st.booleans()):
        return f"{letter}_{index}"
    return f"{letter}_{{{index}}}"


_TIMES = st.sampled_from(["*", " ", "\\times ", "\\cdot ", "×", "·", " \\times ", "**"])  # ** makes a power: also fine
_PLUS = st.sampled_from([" + ", "+", " - ", "-", " − "])
_OPEN_CLOSE = st.sampled_from([("(", ")"), ("[", "]"), ("\\left(", "\\right)"), ("{", "}"), ("\\{", "\\}"), ("\\big(", "\\big)")])

_PATTERNS = [
    "h_{{{k}}}", "h{k}", "h_{{{k}}} h_{{{k1}}}", "h{k}*h{k1}", "h_{{{km}}}\\times h_{{{k}}}", "(h_{{{k}}}+1) h_{{{k1}}}",
    "h_{{{k}}}^2", "2 h_{{{k}}}", "h_{{{k}}} (h_{{{km}}} + 1)",
]


@st.composite
def _dots(draw: Any, var: str | None = None) -> str:
    """``T(a) + T(a+1) + \\dots + T(end)``: patterned terms around \\dots (the end sometimes odd)."""
    pattern = draw(st.sampled_from(_PATTERNS))
    a = draw(st.integers(0, 5))
    shown = draw(st.integers(1, 3))
    fill = lambda k: pattern.format(k=k, k1=f"{k}+1" if not str(k).isdigit() else int(k) + 1, km=f"{k}-1" if not str(k).isdigit() else int(k) - 1)  # noqa: E731
    ends = ["l", "l-1", "l-2", str(a + shown + draw(st.integers(0, 12))), "10000", "10001", "h_1", "i", "l^2", "99999999"]
    end = draw(st.sampled_from(ends + ([var] if var else [])))
    head = " + ".join(fill(a + k) for k in range(shown))
    dots = draw(st.sampled_from(["\\dots", "\\ldots", "\\cdots", "...", "…", "\\dotsb"]))
    tail = fill(end)
    if draw(st.integers(0, 9)) == 0:  # the dangerous neighbours of \dots
        tail = draw(st.sampled_from(["\\sum_{i=1}^{l} h_i", "h_{h_1}", "(h_3 + \\dots + h_{l})", "h_{l}^{64}"]))
    return f"{head} + {dots} + {tail}"


@st.composite
def _sum(draw: Any, body: st.SearchStrategy[str] | None = None, depth: int = 0) -> str:
    """``\\sum_{i=a}^{b} body``, the body in the index, sometimes a nested sum."""
    var = draw(st.sampled_from(["i", "j", "k", "m"])) if depth else draw(st.sampled_from(["i", "i", "j"]))
    lower = draw(st.sampled_from(["0", "1", "2", "l-1", "l", "10000", "-1"]))
    upper = draw(st.sampled_from(["l", "l-1", "l+1", "5", "12", "100", "1000", "9999", "10000", "10001", "{l-1}", "{10000}", "L"]))
    if not upper.startswith("{") and len(upper) > 1:
        upper = f"{{{upper}}}"
    limits = draw(st.sampled_from(["", "", "", "\\limits"]))
    choice = draw(st.integers(0, 9))
    if choice <= 5 or depth >= 3:
        factors = draw(st.lists(_width(var), min_size=1, max_size=3))
        inner = draw(_TIMES).join(factors)
        if draw(st.booleans()):
            inner = f"({inner} + {draw(_width(var))})"
    elif choice <= 7:
        inner = draw(_sum(depth=depth + 1))
    elif choice == 8:
        inner = f"({draw(_dots(var))})"
    else:
        inner = draw(body) if body is not None else draw(_width(var))
    return f"\\sum{limits}_{{{var}={lower}}}^{upper} {inner}"


def _leaf() -> st.SearchStrategy[str]:
    return st.one_of(_width(), _width(), _width(), _width(), _SMALL.map(str), _INT, st.just("l"), _dots(), _sum())


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(children, children)
    return st.one_of(
        st.tuples(children, _PLUS, children).map("".join),
        st.tuples(children, _TIMES, children).map(lambda t: f"{t[0]}{t[1]}{t[2]}" if t[1] != "**" else f"{t[0]}*{t[2]}"),
        st.tuples(children, _OPEN_CLOSE).map(lambda t: f"{t[1][0]}{t[0]}{t[1][1]}"),
        st.tuples(children, _OPEN_CLOSE, st.integers(0, 100), st.sampled_from(["^", "**", "^"])).map(
            lambda t: f"{t[1][0]}{t[0]}{t[1][1]}{t[3]}{{{t[2]}}}" if t[3] == "^" else f"{t[1][0]}{t[0]}{t[1][1]}**{t[2]}"
        ),
        _sum(children),
        pair.map(lambda t: f"{t[0]} / {t[1]}"),
        st.tuples(st.integers(0, 9), children).map(lambda t: f"-{t[1]}" if t[0] == 0 else f"{t[1]} + h_1"),
    )


_EXPR = st.recursive(_leaf(), _extend, max_leaves=12)


@st.composite
def _numbers(draw: Any) -> str:
    """The forum's numeric answers: products of the widths, a total, and sometimes a slip."""
    widths = list(FORUM)
    signs = st.sampled_from(["*", "\\times ", "\\cdot ", "×"])
    terms = [f"{a}{draw(signs)}{b}" for a, b in zip(widths, widths[1:])]
    terms += draw(st.lists(st.sampled_from(["16", "10", "32", "42", str(10**999)]), max_size=3))
    total = 12960 + draw(st.sampled_from([0, 0, 32, 42, -10, 10**40]))
    return " + ".join(terms) + (f" = {total}" if draw(st.booleans()) else "")


@st.composite
def _mlp(draw: Any) -> str:
    """A network's count as students write it (right, or with one slip), fixed depth or general."""
    letter = draw(st.sampled_from(["h", "h", "n", "w"]))
    start = draw(st.sampled_from([0, 0, 1]))
    mul = draw(_TIMES.filter(lambda s: s != "**"))
    w = lambda k: f"{letter}_{{{k}}}" if not str(k).isdigit() or draw(st.booleans()) else f"{letter}{k}"  # noqa: E731
    general = draw(st.booleans())
    bias = draw(st.sampled_from(["all", "all", "hidden", "none"]))
    if general:
        last = draw(st.sampled_from(["l", "l", "l-1", "l+1", "l-2"]))
        before = {"l": "l-1", "l-1": "l-2", "l+1": "l", "l-2": "l-3"}[last]
        form = draw(st.sampled_from(["dots", "sum", "mixed"]))
        if form == "sum":
            weights = f"\\sum_{{i={start + 1}}}^{{{last}}} {w('i-1')}{mul}{w('i')}"
            top = {"all": last, "hidden": before, "none": None}[bias]
            biases = f"\\sum_{{i={start + 1}}}^{{{top}}} {w('i')}" if top else ""
        else:
            weights = f"{w(start)}{mul}{w(start + 1)} + {w(start + 1)}{mul}{w(start + 2)} + \\dots + {w(before)}{mul}{w(last)}"
            top = {"all": last, "hidden": before, "none": None}[bias]
            biases = f"({w(start + 1)} + {w(start + 2)} + \\dots + {w(top)})" if top else ""
            if form == "mixed" and top:
                biases = f"\\sum_{{i={start + 1}}}^{{{top}}} {w('i')}"
        terms = [weights] + ([biases] if biases else [])
    else:
        depth = draw(st.integers(1, 9))
        ks = range(start, start + depth + 1)
        terms = [f"{w(a)}{mul}{w(b)}" for a, b in zip(ks, ks[1:])]
        bias_ks = {"all": ks[1:], "hidden": ks[1:-1], "none": []}[bias]
        if draw(st.booleans()):
            terms += [w(k) for k in bias_ks]
        elif bias_ks:
            terms.append("(" + " + ".join(w(k) for k in bias_ks) + ")")
    slip = draw(st.integers(0, 7))
    if slip == 1 and len(terms) > 1:
        del terms[draw(st.integers(0, len(terms) - 1))]
    elif slip == 2:
        terms.append(terms[draw(st.integers(0, len(terms) - 1))])
    elif slip == 3:
        terms.append(draw(st.sampled_from(["1", "2", "h_0", "h_{l}", f"{letter}_{{l}}^2", "9" * 50])))
    elif slip == 4:
        k = draw(st.integers(0, len(terms) - 1))
        terms[k] = f"2{mul}{terms[k]}" if draw(st.booleans()) else f"({terms[k]})^{{2}}"
    order = draw(st.permutations(terms)) if draw(st.booleans()) else terms
    text = " + ".join(order)
    if draw(st.integers(0, 3)) == 0:
        text = f"{text} = {text}" if draw(st.booleans()) else f"{text} = {' + '.join(terms)}"
    return text


@st.composite
def _formula(draw: Any) -> str:
    shape = draw(st.integers(0, 13))
    if shape >= 10:
        return draw(_mlp())
    if shape <= 5:
        text = draw(_EXPR)
    elif shape <= 7:  # an equation
        text = f"{draw(_EXPR)} = {draw(st.one_of(_EXPR, _INT))}"
    elif shape == 8:
        text = draw(_numbers())
    else:
        text = draw(_EXPR).replace("h", draw(st.sampled_from(["n", "w", "x", "H"])))
    wrap = draw(st.sampled_from(["{}"] * 12 + ["${}$", "\\[{}\\]", "\\({}\\)", "\\begin{{equation}}{}\\end{{equation}}", "\\text{{params}} = {}"]))
    return wrap.format(text)


#: (c) grammar-aware: well-formed formulas (and their near misses).
GRAMMAR = _formula()


def _deep(piece: tuple[str, str], k: int) -> str:
    return piece[0] * k + "h0" + piece[1] * k


@st.composite
def _stress(draw: Any) -> str:
    """The shapes known to be dangerous, with their sizes drawn."""
    k = draw(st.integers(1, 8))
    e = draw(st.sampled_from([2, 5, 8, 16, 32, 63, 64, 65, 100]))
    n = draw(st.sampled_from([10, 100, 1000, 5000, 9999, 10_000, 10_001]))
    digits = draw(st.sampled_from([10, 100, 500, 900, 999, 1000, 1001]))
    nines = "9" * digits
    shapes = [
        "(" + "+".join(f"h{j}" for j in range(k + 1)) + f")^{{{e}}}",
        "(" + "+".join(f"h{j}" for j in range(k + 1)) + f")^{e} + h0 h1",
        f"\\sum_{{i=1}}^{{{n}}} h_i",
        f"\\sum_{{i=1}}^{{{n}}} h_{{i-1}} h_i + \\sum_{{i=1}}^{{{n}}} h_i",
        f"\\sum_{{i=1}}^{{{n}}} \\sum_{{j=1}}^{{{n}}} h_{{j}}",
        f"\\sum_{{i=1}}^{{{n}}} \\sum_{{j=1}}^{{i}} h_{{i}}",
        f"\\sum_{{i=1}}^{{l}} \\sum_{{j=1}}^{{{n}}} h_{{j}} h_{{i}}",
        f"\\sum_{{i=1}}^{{{min(n, 100)}}} h_{{i^{{{e}}}}}",
        f"\\sum_{{i=1}}^{{l}} h_{{i^{{{e}}}}}",
        f"(h0*h1 + {nines})^{draw(st.integers(1, 64))}",
        f"(h0*h1 + {nines})^{{{draw(st.integers(1, 8))}}} = h0",
        f"h0 h1 + {nines} * {nines} * {nines} * {nines} * {nines}",
        "h0*h1 + " + "*".join([nines] * draw(st.integers(2, 90))),
        "(" + nines + f")^{{{e}}} h0",
        f"{nines}^{{{e}}}",
        "h_1 + \\dots + h_{h_1}",
        "h1 + \\dots + \\sum_{i=1}^{l} h_i",
        "\\sum_{i=0}^{l-1} (h_3 + \\dots + h_{l})",
        f"h_0 + h_1 + \\dots + h_{{{n}}}",
        f"h_0 h_1 + h_1 h_2 + \\dots + h_{{{n}-1}} h_{{{n}}}",
        f"h0 h{n}",
        f"h_{{{n}}} h_{{{n}-1}}",
        f"h_{{l-{n}}} + h_l",
        f"h_{{l}}^{{{e}}} + h_{{l-1}} h_l",
        _deep(draw(st.sampled_from([("(", ")"), ("{", "}"), ("[", "]"), ("\\left(", "\\right)")])), draw(st.integers(1, 120))),
        "-" * draw(st.integers(1, 200)) + "h0 h1",
        "h_{" * draw(st.integers(1, 60)) + "1" + "}" * 60,
        "h0^2^2",
        "((((10^64)^64)^64)^64)^64",
        "(2^64)^" + str(e),
        "(h0 h1)^64 (h2 h3)^64 (h4 h5)^64",
        "(h0+h1)^64 (h2+h3)^64",
        "(h0+h1+h2)^64 - (h0+h1+h2)^64 + h0 h1",
        "h0 + " * draw(st.integers(1000, 33_000)) + "h1",
        "h0 h1 + " * draw(st.integers(100, 12_000)) + "h1",
        " + ".join(f"h{j} h{j + 1}" for j in range(draw(st.integers(10, 9000)))),
        " + ".join(f"h_{{{j}}}" for j in range(draw(st.integers(10, 10_500)))),
        " ".join(f"h{j % 50}" for j in range(draw(st.integers(10, 30_000)))),
        "(" * 100 + "h0" + ")" * 100,
        "(" * 101 + "h0" + ")" * 101,
        "(" * 50_000 + "h0" + ")" * 49_990,
        "9" * draw(st.sampled_from([1000, 1001, 5000, MAX_INPUT])),
        "2^64 " * draw(st.integers(10, 15_000)) + "h0",
        "h0 h1 = " * draw(st.integers(2, 10_000)) + "h0 h1",
        f"\\sum_{{i=1}}^{{l}} h_{{i-1}} h_i + \\sum_{{i=1}}^{{l}} h_i = " * draw(st.integers(1, 50)) + "h_0",
        f"\\sum_{{i=l-{n}}}^{{l}} h_i",
        f"\\sum_{{i=1}}^{{l+{n}}} h_{{i-1}} h_i",
        f"\\sum_{{i=1}}^{{l}} h_{{i-1}}^{{{e}}} h_i^{{{e}}}",
        # in a layer's sizes, for the checks against a target
        f"4(h(h+d)+h)^{{{e}}}",
        f"(4(h(h+d)+h))^{{{e}}} (d+h)^{{{e}}}",
        f"(k^2 c_{{in}} c_{{out}} + c_{{out}})^{{{e}}}",
        "(" + "+".join("d h k c_{in} c_{out} V n".split()[: k + 1]) + f")^{{{e}}}",
        f"{nines}^{{{e}}} d h + 4 d h",
        f"12 d^2 + 13 d + {nines} V",
        " + ".join(f"{j} d h" for j in range(draw(st.integers(10, 9000)))),
    ]
    return draw(st.sampled_from(shapes))


#: The dangerous shapes, sizes drawn.
STRESS = _stress()

GENERATORS: dict[str, st.SearchStrategy[str]] = {"raw": RAW, "soup": SOUP, "grammar": GRAMMAR, "stress": STRESS}


def collect(strategy: st.SearchStrategy[str], n: int, seed: int) -> list[str]:
    """``n`` distinct inputs drawn from ``strategy`` by Hypothesis's engine, reproducibly for ``seed``.

    Runs a ``@given`` function with the database off and only the generate
    phase, gathering what it is called with; when Hypothesis stops short or
    repeats itself, further seeds top the list up (fewer than ``n`` only if
    the strategy has fewer distinct values than 50 rounds find).
    """
    out: dict[str, None] = {}
    attempt = 0
    while len(out) < n and attempt < 50:

        @settings(
            max_examples=n - len(out) if attempt == 0 else max(2 * (n - len(out)), 100),  # a top-up: its first draws repeat
            database=None,
            phases=[Phase.generate],
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @hypothesis_seed(seed * 1000 + attempt)
        @given(strategy)
        def gather(text: str) -> None:
            if len(out) < n:
                out[text] = None

        gather()
        attempt += 1
    return list(out)


# ------------------------------------------------------------------------------------------
# The runner: one forked child per call
# ------------------------------------------------------------------------------------------


@dataclass
class Job:
    text: str
    call: str
    generator: str
    depth: int = 3
    #: A call of its own (``tests/hostile.py``): run instead of ``call`` on ``text``, which then describes it.
    action: Callable[[], object] | None = field(default=None, repr=False, compare=False)


@dataclass
class Result:
    text: str
    call: str
    generator: str
    outcome: str  # ok, symcount-error, foreign, memory, slow, timeout, crash
    detail: str  # the error class, or "Type: message", or what killed it
    seconds: float
    memory_mb: float  # peak RSS growth over the size at fork
    where: str = ""  # the innermost frames of a foreign exception
    depth: int = 3

    @property
    def failed(self) -> bool:
        return self.outcome not in ("ok", "symcount-error")

    def to_json(self) -> dict[str, Any]:
        """The whole input (``--replay`` runs it again), the call as Python, and the rest."""
        data = asdict(self)
        data["call_name"], data["call"] = self.call, call_text(self.call, self.depth)
        data["length"] = len(self.text)
        return data

    @classmethod
    def job_of(cls, record: dict[str, Any]) -> Job:
        """The job a ``to_json()`` record came from."""
        return Job(record["text"], record["call_name"], record["generator"], record.get("depth", 3))


def _status_kb(field_name: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    return 0


def _vm_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * resource.getpagesize()


def _frames(tb: Any) -> str:
    frames = traceback.extract_tb(tb)
    ours = [f for f in frames if f"{os.sep}symcount{os.sep}" in f.filename]
    pick = ([ours[-1]] if ours else []) + [frames[-1]] if frames else []
    seen: list[str] = []
    for f in pick:
        s = f"{Path(f.filename).name}:{f.lineno} {f.name}"
        if s not in seen:
            seen.append(s)
    return " <- ".join(reversed(seen))


def _child(job: Job, write_fd: int, time_limit: float, memory_mb: int) -> None:
    """In the forked child: limits, the call, one JSON line to the parent, exit.

    The address space may grow 200 MB past its size at fork (a MemoryError
    past that); the resident size can grow somewhat more, into pages mapped
    before the fork, so a growth of peak RSS over the limit fails too.
    """
    try:
        try:
            libc = ctypes.CDLL(None)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: die with the parent
        except Exception:  # pragma: no cover - not Linux
            pass
        gc.callbacks.clear()  # Hypothesis's timing hook, inherited from the parent
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        cpu = int(time_limit) + 2
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        limit = _vm_bytes() + memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        from symcount.errors import SymcountError

        # Just past the time limit, the stack goes down the pipe: where a timeout was spent. A Python
        # signal handler, not faulthandler.dump_traceback_later, whose watchdog reads the frames of
        # a running thread and can crash it; the handler waits for a bytecode boundary instead.
        def dump_stack(signum: int, frame: Any) -> None:
            try:
                os.write(write_fd, ("\n" + "".join(reversed(traceback.format_stack(frame)))).encode())
            except BaseException:  # noqa: BLE001 - never an exception of ours inside the call
                pass

        signal.signal(signal.SIGALRM, dump_stack)
        signal.setitimer(signal.ITIMER_REAL, time_limit + 0.1)
        base_kb = _status_kb("VmRSS")
        out_of_memory = b'\n{"outcome": "memory", "detail": "MemoryError (the report too)", "where": "", "seconds": NaN, "memory_mb": NaN}\n'
        start = time.perf_counter()
        outcome, detail, where = "ok", "", ""
        try:
            if job.action is not None:
                said = job.action()  # what the call reports of itself, kept as the result's detail
                detail = "" if said is None else str(said)
            else:
                _invoke(job.call, job.text, job.depth)
        except SymcountError as err:
            outcome, detail = "symcount-error", type(err).__name__
            try:
                str(err)  # the message must print: the command line shows it
            except BaseException as inner:  # noqa: BLE001
                outcome, detail = "foreign", f"{type(inner).__name__} printing a {type(err).__name__}: {inner!s:.300}"
                where = _frames(inner.__traceback__)
        except MemoryError as err:
            outcome, detail = "memory", "MemoryError"
            try:
                where = _frames(err.__traceback__)
            except MemoryError:
                pass
        except BaseException as err:  # noqa: BLE001 - everything else is the finding
            try:
                message = f"{err!s:.300}"
            except BaseException:  # noqa: BLE001
                message = "<unprintable>"
            outcome, detail = "foreign", f"{type(err).__module__}.{type(err).__qualname__}: {message}"
            where = _frames(err.__traceback__)
        seconds = time.perf_counter() - start
        signal.setitimer(signal.ITIMER_REAL, 0)
        peak_kb = max(_status_kb("VmHWM"), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        line = json.dumps({"outcome": outcome, "detail": detail, "where": where, "seconds": seconds, "memory_mb": max(0, peak_kb - base_kb) / 1024})
        os.write(write_fd, b"\n" + line.encode() + b"\n")
    except MemoryError:  # pragma: no cover - reporting a near-exhausted call
        os.write(write_fd, out_of_memory)
    finally:
        os._exit(0)


def _classify(job: Job, report: dict[str, Any], time_limit: float, memory_mb: int) -> Result:
    result = Result(job.text, job.call, job.generator, report["outcome"], report["detail"], report["seconds"], report["memory_mb"], report.get("where", ""), job.depth)
    if not result.failed:
        if result.memory_mb > memory_mb:
            result.outcome, result.detail = "memory", f"peak RSS grew {result.memory_mb:.0f} MB (then {result.outcome} {result.detail})"
        elif result.seconds > time_limit:
            result.outcome, result.detail = "slow", f"{result.seconds:.2f} s (then {report['outcome']} {report['detail']})"
    return result


def warm_up() -> None:
    """Import and exercise everything a call reaches, so a child starts warm and small."""
    import sympy  # noqa: F401

    from symcount import check
    from symcount.parsing import parse

    parse("h0 h1")
    for text, kwargs in [
        ("h0*h1 + h1*h2 + h1 + h2", {"depth": 2}),
        (r"\sum_{i=1}^{l} h_{i-1} h_{i} + \sum_{i=1}^{l} h_i", {}),
        (r"h_0 h_1 + \dots + h_{l-1} h_l", {"general": True}),
        (r"784\times 16+16\times16+16\times10=12960", {"widths": list(FORUM)}),
        ("h0 h1 + h1", {"widths": list(FORUM)}),
        ("(h0*h1 + h1*h2 + h2*h3 + h4*h5) + [h1+h2+h3+h4+h5]", {}),
    ]:
        report = check(text, **kwargs)
        report.to_text()
        report.to_dict()


def run_jobs(
    jobs: Sequence[Job],
    *,
    time_limit: float = TIME_LIMIT,
    memory_mb: int = MEMORY_LIMIT_MB,
    workers: int | None = None,
    grace: float = 0.5,
    progress: Callable[[int, int], None] | None = None,
    max_failures: int | None = None,
) -> list[Result]:
    """Run each job in a forked child with the limits; results in the order of ``jobs``.

    A child still running ``time_limit + grace`` seconds after its fork is
    killed (outcome ``timeout``); one that dies without reporting is a
    ``crash`` (a signal: SIGXCPU from the CPU limit, SIGSEGV, an abort from
    a failed allocation). With ``max_failures``, no new job starts once
    that many have failed (the results are then fewer than the jobs).
    """
    warm_up()
    gc.collect()
    gc.freeze()  # no copy-on-write of the parent's objects by the child's collector
    workers = workers or os.cpu_count() or 1
    results: list[Result | None] = [None] * len(jobs)
    running: dict[int, tuple[int, int, float, bytearray]] = {}  # read fd -> (job index, pid, start, data)
    queue = iter(range(len(jobs)))
    done = 0
    failed = 0
    exhausted = False
    try:
        while running or not exhausted:
            while not exhausted and len(running) < workers:
                if max_failures is not None and failed >= max_failures:
                    exhausted = True
                    break
                k = next(queue, None)
                if k is None:
                    exhausted = True
                    break
                r, w = os.pipe()
                pid = os.fork()
                if pid == 0:  # pragma: no cover - the child
                    os.close(r)
                    _child(jobs[k], w, time_limit, memory_mb)
                os.close(w)
                running[r] = (k, pid, time.monotonic(), bytearray())
            if not running:
                break
            now = time.monotonic()
            wait = max(0.0, min(start + time_limit + grace - now for _, _, start, _ in running.values()))
            ready, _, _ = select.select(list(running), [], [], wait)
            for r in ready:
                k, pid, start, data = running[r]
                chunk = os.read(r, 65536)
                if chunk:
                    data.extend(chunk)
                    continue
                os.close(r)
                del running[r]
                _, status = os.waitpid(pid, 0)
                results[k] = _finished(jobs[k], bytes(data), status, time.monotonic() - start, time_limit, memory_mb)
                failed += results[k].failed  # type: ignore[union-attr]
                done += 1
                if progress:
                    progress(done, len(jobs))
            now = time.monotonic()
            for r, (k, pid, start, _data) in list(running.items()):
                if now - start > time_limit + grace:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    os.close(r)
                    del running[r]
                    job = jobs[k]
                    where = _stack_where(bytes(_data))
                    results[k] = Result(job.text, job.call, job.generator, "timeout", f"killed after {now - start:.1f} s", now - start, float("nan"), where, job.depth)
                    failed += 1
                    done += 1
                    if progress:
                        progress(done, len(jobs))
    finally:
        for r, (_k, pid, _start, _data) in running.items():
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except OSError:
                pass
            os.close(r)
        gc.unfreeze()
    return [r for r in results if r is not None]


def _stack_where(data: bytes) -> str:
    """From a stack dump (most recent call first): the innermost frame and the innermost symcount frame."""
    frames = re.findall(r'File "([^"]+)", line (\d+), in (\S+)', data.decode(errors="replace"))
    if not frames:
        return ""
    ours = [f for f in frames if f"{os.sep}symcount{os.sep}" in f[0]]
    steps = [f for f in ours if Path(f[0]).name in ("checker.py", "parsing.py")]  # the checker's own step
    shown = [f"{Path(f[0]).name}:{f[1]} {f[2]}" for f in ([frames[0]] + ours[:1] + steps[:1])]
    return " <- ".join(dict.fromkeys(shown))


def _finished(job: Job, data: bytes, status: int, wall: float, time_limit: float, memory_mb: int) -> Result:
    reports = [line for line in data.decode(errors="replace").splitlines() if line.startswith('{"outcome"')]
    if reports:
        result = _classify(job, json.loads(reports[0]), time_limit, memory_mb)
        if result.outcome == "slow":
            result.where = _stack_where(data)
        return result
    if os.WIFSIGNALED(status):
        sig = signal.Signals(os.WTERMSIG(status)).name
        kind = "timeout" if sig == "SIGXCPU" else "crash"
        return Result(job.text, job.call, job.generator, kind, f"killed by {sig}", wall, float("nan"), "", job.depth)
    return Result(job.text, job.call, job.generator, "crash", f"exited {os.WEXITSTATUS(status)} without reporting", wall, float("nan"), "", job.depth)


# ------------------------------------------------------------------------------------------
# The command line, in a subprocess
# ------------------------------------------------------------------------------------------


@dataclass
class CliResult:
    text: str
    generator: str
    outcome: str  # ok, or what is wrong
    detail: str
    seconds: float
    memory_mb: float
    returncode: int | None = None
    stderr: str = ""

    @property
    def failed(self) -> bool:
        return self.outcome != "ok"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["call"] = "python -m symcount check - < TEXT" if _by_stdin(self.text) else "python -m symcount check -- TEXT"
        data["length"] = len(self.text)
        return data


def _by_stdin(text: str) -> bool:
    """A NUL, or more than Linux's 128 kB for one argument: the text goes to standard input instead."""
    return "\x00" in text or len(text.encode("utf-8")) > 100_000


def _cli_once(text: str, timeout: float = 30.0) -> tuple[int | None, str, str, float, float]:
    """Status (None if killed), stdout, stderr, seconds and peak RSS in MB of one ``symcount check``."""
    if _by_stdin(text):
        return cli_run(["check", "-"], text.encode("utf-8"), timeout)
    return cli_run(["check", "--", text], b"", timeout)


def cli_run(argv: Sequence[str], stdin: bytes = b"", timeout: float = 30.0, cwd: str | None = None) -> tuple[int | None, str, str, float, float]:
    """Status (None if killed), stdout, stderr, seconds and peak RSS in MB of ``python -m symcount ARGV``."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "symcount", *argv], stdin=subprocess.PIPE, stdout=out, stderr=err, env=env, cwd=cwd
        )
        killer = threading.Timer(timeout, lambda: os.kill(proc.pid, signal.SIGKILL))
        killer.start()
        try:
            assert proc.stdin is not None
            try:
                proc.stdin.write(stdin)
                proc.stdin.close()
            except BrokenPipeError:
                pass
            _, status, usage = os.wait4(proc.pid, 0)  # the child's own peak RSS
        finally:
            killer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        out.seek(0)
        err.seek(0)
        return (
            None if killed else proc.returncode,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
            seconds,
            usage.ru_maxrss / 1024,
        )


def cli_baseline() -> tuple[float, float]:
    """Seconds and peak MB of a trivial ``symcount check``: what starting Python and SymPy costs."""
    runs = [_cli_once("h0*h1 + h1") for _ in range(3)]
    return max(r[3] for r in runs), max(r[4] for r in runs)


def run_cli(
    texts: Sequence[tuple[str, str]], *, time_limit: float = TIME_LIMIT, memory_mb: int = MEMORY_LIMIT_MB, workers: int | None = None
) -> list[CliResult]:
    """``python -m symcount check TEXT`` for each (text, generator): status 0/1/2, no traceback, one stderr line on 2.

    The time and memory allowed are the limits on top of a trivial run's
    (starting Python and importing SymPy).
    """
    from concurrent.futures import ThreadPoolExecutor

    base_s, base_mb = cli_baseline()

    def one(item: tuple[str, str]) -> CliResult:
        text, generator = item
        code, out, err, seconds, peak = _cli_once(text, timeout=base_s + time_limit + 3)
        return judged(CliResult(text, generator, "ok", "", seconds, peak - base_mb, code, err[-2000:]), out, err, base_s, base_mb, time_limit, memory_mb)

    usable = [(t, g) for t, g in texts if not any(0xD800 <= ord(c) <= 0xDFFF for c in t)]  # no lone surrogates in argv
    with ThreadPoolExecutor(workers or os.cpu_count() or 1) as pool:
        return list(pool.map(one, usable))


def judged(result: CliResult, out: str, err: str, base_s: float, base_mb: float, time_limit: float, memory_mb: int) -> CliResult:
    """``result`` with its outcome: the run's status, time, memory and streams against the command line's contract."""
    code, seconds, peak = result.returncode, result.seconds, result.memory_mb + base_mb
    if code is None:
        result.outcome, result.detail = "timeout", f"killed after {seconds:.1f} s"
    elif seconds > base_s + time_limit:
        result.outcome, result.detail = "slow", f"{seconds:.2f} s (a trivial run takes {base_s:.2f} s)"
    elif peak - base_mb > memory_mb:
        result.outcome, result.detail = "memory", f"peak RSS {peak:.0f} MB, {peak - base_mb:.0f} MB over a trivial run"
    if code not in (0, 1, 2, None):
        result.outcome, result.detail = "exit-status", f"exit status {code}"
    if "Traceback" in err:
        result.outcome, result.detail = "traceback", err.strip().splitlines()[-1][:300]
    elif code == 2 and len(err.splitlines()) != 1:
        result.outcome, result.detail = "stderr-lines", f"{len(err.splitlines())} lines on stderr with exit status 2"
    elif code in (0, 1) and not out.strip():
        result.outcome, result.detail = "no-output", f"exit status {code} and nothing on standard output"
    return result


# ------------------------------------------------------------------------------------------
# Building the jobs and summing up
# ------------------------------------------------------------------------------------------

CALL_WEIGHTS = {"check": 3, "check_depth": 2, "check_widths": 2, "check_general": 2, "check_lstm": 1, "check_conv2d": 1, "check_gpt2": 1, "parse": 1}


def build_jobs(n: int, seed: int, share: dict[str, float] | None = None, every_call: Sequence[str] = ()) -> list[Job]:
    """At least ``n`` inputs across the generators, as jobs.

    ``share`` splits ``n`` (default: raw 25%, soup 25%, stress 4%, grammar
    the rest). Each input gets one call drawn by weight, except those of the
    generators in ``every_call``, which get every call; the grammar makes up
    for any input another generator could not draw.
    """
    import random

    share = share or {"stress": 0.04, "raw": 0.25, "soup": 0.25}
    rng = random.Random(seed)
    calls = [c for c, w in CALL_WEIGHTS.items() for _ in range(w)]
    jobs: list[Job] = []
    made = 0
    for name in ("stress", "raw", "soup", "grammar"):
        want = n - made if name == "grammar" else int(n * share.get(name, 0.0))
        texts = collect(GENERATORS[name], want, seed) if want > 0 else []
        made += len(texts)
        for text in texts:
            chosen = list(CALLS) if name in every_call else [rng.choice(calls)]
            for call in chosen:
                jobs.append(Job(text, call, name, depth=rng.choice([1, 2, 3, 5])))
    return jobs


def distinct_failures(results: Iterable[Result]) -> dict[tuple[str, str, str], list[Result]]:
    """Failures grouped by kind, exception type and where it was raised; each group shortest input first.

    A timeout, a slow call or a memory failure is grouped by the function of
    checker.py or parsing.py it was in (the line where its stack was caught
    is chance).
    """
    groups: dict[tuple[str, str, str], list[Result]] = {}
    for r in results:
        if not r.failed:
            continue
        kind = r.detail.split(":")[0] if r.outcome == "foreign" else r.outcome
        where = r.where
        if r.outcome in ("timeout", "slow", "memory"):  # where the stack was caught is chance: the checker's step
            steps = [w for w in r.where.split(" <- ") if w.split(":")[0] in ("checker.py", "parsing.py")]
            where = re.sub(r":\d+", "", steps[-1] if steps else r.where)
        groups.setdefault((r.outcome, kind, where), []).append(r)
    for members in groups.values():
        members.sort(key=lambda r: len(r.text))
    return groups


def summary(results: Sequence[Result]) -> str:
    """Inputs and calls per generator, outcomes, the slowest and largest calls, and the distinct failures."""
    lines = []
    by_gen: dict[str, int] = {}
    inputs: dict[str, set[str]] = {}
    for r in results:
        by_gen[r.generator] = by_gen.get(r.generator, 0) + 1
        inputs.setdefault(r.generator, set()).add(r.text)
    total = sum(len(v) for v in inputs.values())
    lines.append(f"inputs: {total} (" + ", ".join(f"{k} {len(v)}" for k, v in inputs.items()) + ")")
    lines.append("calls per generator: " + ", ".join(f"{k} {v}" for k, v in by_gen.items()))
    outcomes: dict[str, int] = {}
    for r in results:
        outcomes[r.outcome] = outcomes.get(r.outcome, 0) + 1
    lines.append("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    finished = [r for r in results if r.outcome not in ("timeout", "crash")]
    if finished:
        slow = max(finished, key=lambda r: r.seconds)
        big = max(finished, key=lambda r: r.memory_mb)
        lines.append(f"slowest finished call: {slow.seconds:.3f} s ({call_text(slow.call, slow.depth)}, {slow.generator}, {len(slow.text)} chars: {slow.text[:80]!r})")
        lines.append(f"largest memory: {big.memory_mb:.1f} MB ({call_text(big.call, big.depth)}, {big.generator}, {len(big.text)} chars: {big.text[:80]!r})")
    groups = distinct_failures(results)
    lines.append(f"failures: {sum(len(v) for v in groups.values())} in {len(groups)} distinct causes")
    for (outcome, kind, where), members in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        first = members[0]
        lines.append(f"  {len(members):5d} x {outcome} {kind} at {where or '-'}")
        lines.append(f"          e.g. {call_text(first.call, first.depth)} with text={first.text[:160]!r}{'...' if len(first.text) > 160 else ''} ({len(first.text)} chars): {first.detail[:160]}")
    return "\n".join(lines)
