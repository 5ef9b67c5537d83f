"""Hostile input for every public function and every command: each call in its own child, under 2 s and 200 MB.

The claim under test (issue 14's): every entry point answers or refuses with
one of symcount's errors (a :class:`symcount.SymcountError`), within 2 s and
200 MB, and every number it gives is the one a brute-force count gives.

* :func:`api_jobs` draws calls of every public callable of ``symcount``,
  ``symcount.models``, ``symcount.printing``, and of every public method of
  the results they make (networks, summaries, general and closed forms, check
  reports, solutions, sweeps). Arguments are drawn per parameter, from values
  that fit it (by its name) and from :data:`HOSTILE`: wrong types, booleans,
  floats, zero and negatives, integers of 20 to 5,000 digits, names SymPy
  reads as its own (``I``, ``E``, ``pi``) or symcount uses (``l``, ``i``),
  Unicode digits, SymPy objects (complex, irrational, negative), nested and
  100,000-deep lists, long strings. A call renders what it returns (text,
  JSON, LaTeX) as a user would, and checks its numbers: every fully
  connected count, solved width and sweep row against a brute-force sum.
  A fifth more are :func:`numeric_call` draws, calls meant to succeed
  (widths of 1 to 5,000 digits, every bias convention and mask), each
  number checked the same way.
* :func:`cli_calls` draws ``python -m symcount`` command lines for each
  subcommand, from each one's own options and hostile values; each runs in an
  empty directory, which must still be empty when the command fails.

The children are run by :func:`tests.fuzzing.run_jobs` (forked, address
space and CPU limited, killed on a deadline) and :func:`tests.fuzzing.cli_run`.
Used by ``tests/test_hostile_fuzz.py`` (a fixed-seed slice in CI) and
``benchmarks/hostile.py`` (20,000+ calls).
"""

from __future__ import annotations

import argparse
import decimal
import inspect
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from . import fuzzing

# ------------------------------------------------------------------------------------------
# Values
# ------------------------------------------------------------------------------------------

DEEP: list[Any] = []
for _ in range(100_000):
    DEEP = [DEEP]

_BIG = [10**19, 2**63, 2**64, 10**64, 10**4300, 10**4301, 10**5000, -(10**5000), 10**9, 10**6 + 1, 10**5 + 1]
_WORDS = [
    "w", "h", "d", "n", "l", "i", "I", "E", "S", "N", "pi", "oo", "nan", "inf", "True", "None", "", " ", " w", "１６", "16",
    "٣", "²", "a__b", "x_", "n_l", "h_{1}", "λ", "a b", "a-b", "w" * 101, "x" * 100_000, "\x00", "\ud800", "all", "hidden",
    "none", "split", "closed", "expanded", "per_neuron", "paper", "lstm", "gru", "torch", "keras", "fp16", "qkv", "1e3",
    "-1", "0", "10" + "0" * 5000, "l-1", "l+" + "9" * 5000, "/dev/zero", "/dev/full", "/nonexistent/x.json", "h0*h1+h1",
]


def _sympy_values() -> list[Any]:
    import sympy

    w = sympy.Symbol("w")
    return [
        w, w + sympy.I, w * sympy.pi, sympy.Rational(1, 2), sympy.I, -w, sympy.Symbol("w", negative=True), sympy.Integer(10**5000),
        sympy.Float(1.5), sympy.oo, sympy.nan, sympy.Symbol("l"), sympy.Symbol("i"), sympy.sqrt(w), w**100, 2**w, sympy.Integer(0),
        sympy.Symbol("h_1"), sympy.Matrix([1, 2]), sympy.Sum(w, (sympy.Symbol("i"), 1, 3)),
    ]


class _Opaque:
    def __repr__(self) -> str:
        raise RuntimeError("a value whose repr fails")


def _one_of_list(values: list[Any]) -> st.SearchStrategy[Any]:
    """``sampled_from(values)``, by index: Hypothesis never prints a value (a 5,000-digit int, a 100,000-deep list)."""

    def pick(k: int) -> Any:
        return values[k]

    return st.integers(0, len(values) - 1).map(pick)


_ODD: list[Any] = []


def _scalars() -> st.SearchStrategy[Any]:
    if not _ODD:
        _ODD.extend([DEEP, object(), _Opaque(), b"16", bytearray(b"w"), range(1, 4), range(10**12), iter([1, 2]), {1, 2}, 3j, print])
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-3, 70),
        _one_of_list(_BIG),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from([16.0, 1.5, -0.0]),
        _one_of_list(_WORDS),
        st.text(max_size=8),
        _one_of_list(_sympy_values()),
        _one_of_list(_ODD),
    )


#: Values that fit no parameter, or fit one badly.
HOSTILE = st.recursive(
    _scalars(),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner, inner), st.dictionaries(st.sampled_from(["w", "h", "", "l"]), inner, max_size=3)),
    max_leaves=6,
)

_SIZE = st.one_of(st.integers(1, 4096), st.sampled_from(["w", "d", "n", "h1"]))
_WIDTHS = st.one_of(
    st.lists(st.integers(1, 2000), min_size=2, max_size=8),
    st.lists(_SIZE, min_size=2, max_size=6),
    st.integers(1, 12),
)


def _plausible(name: str) -> st.SearchStrategy[Any]:
    """Values that fit a parameter called ``name`` (symcount's parameter names say what they take)."""
    import symcount

    _results()
    lowered = name.lower()
    table: list[tuple[tuple[str, ...], st.SearchStrategy[Any]]] = [
        (("widths",), _WIDTHS),
        (("bias",), st.sampled_from([True, False, "all", "hidden", "none", "qkv", [True, False]])),
        (("kernel",), st.one_of(st.integers(1, 7), st.tuples(st.integers(1, 5), st.integers(1, 5)))),
        (("shape",), st.one_of(st.integers(1, 64), st.tuples(st.integers(1, 9), st.integers(1, 9)))),
        (("cell",), st.sampled_from(["lstm", "gru", "rnn"])),
        (("block", "layers"), st.just([symcount.Linear(4, 4), symcount.LayerNorm(4)])),
        (("layer",), st.just(symcount.Linear(4, 4))),
        (("formula",), st.sampled_from(["h0*h1 + h1*h2 + h1 + h2", r"\sum_{i=1}^{l} h_{i-1} h_i + \sum_{i=1}^{l} h_i", "784*16+16", "4(h(h+d)+h)"])),
        (("against",), st.sampled_from(["lstm d h", "gpt2", "conv2d a b k", "mlp"])),
        (("budget",), st.integers(10**3, 10**12)),
        (("network", "obj", "formula_or"), _one_of_list(_RESULTS)),
        (("grid",), st.dictionaries(st.just("w"), st.lists(st.integers(1, 500), min_size=1, max_size=4), min_size=1)),
        (("model_type", "family"), st.sampled_from(["gpt2", "llama", "bert", "mixtral", "mamba", "t5", "qwen2_moe", "deepseek_v3"])),
        (("config",), st.sampled_from([{"model_type": "gpt2"}, {"model_type": "llama", "hidden_size": 64, "num_attention_heads": 4}])),
        (("dtype",), st.sampled_from(["fp32", "bf16", "int8"])),
        (("attention",), st.sampled_from(["full", "causal"])),
        (("optimizer",), st.sampled_from(["sgd", "momentum", "adam", "adamw", None])),
        (("mixed",), st.booleans()),
        (("zero",), st.integers(0, 3)),
        (("devices",), st.one_of(st.integers(1, 64), st.just("n"))),
        (("image",), st.one_of(st.tuples(_SIZE, _SIZE), st.tuples(_SIZE))),
        (("stride", "dilation"), st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3)))),
        (("padding",), st.one_of(st.integers(0, 3), st.sampled_from(["same", "valid"]))),
        (("style",), st.sampled_from(["expanded", "ellipsis", "worked", "table", "sum", "components", "collected"])),
        (("form", "kind"), st.sampled_from(["split", "combined", "per_neuron", "closed", "expanded"])),
        (("rule",), st.sampled_from(["w", 16, "n"])),
        (("name",), st.sampled_from(["h", "n", "w", "blocks.mlp"])),
        (("mode",), st.sampled_from(["plain", "inline", "display", "equation"])),
        (("head", "tail", "start", "depth", "stop", "times", "multiple_of", "minimum", "maximum", "top_k", "groups", "dims"), st.integers(0, 12)),
        (("values", "symbols", "legend", "paper", "map", "names"), st.sampled_from([{"w": 16}, {"w": "d"}, {}])),
    ]
    for keys, strategy in table:
        if any(k in lowered for k in keys):
            return strategy
    return _SIZE


_RESULTS: list[Any] = []


def _results() -> list[Any]:
    """One of each result kind, built once in the parent (the children inherit them)."""
    if not _RESULTS:
        import symcount
        from symcount import models

        g = symcount.general()
        _RESULTS.extend([
            symcount.mlp([784, "w", 10]), symcount.mlp([784, 16, 16, 10]), symcount.mlp(3), models.gpt2(), models.gpt2(vocab_size=50257, n_positions=1024, n_embd=768, n_layer=12),
            symcount.mlp([784, 16, 10]).summary(), models.llama().summary(), g, g.uniform(), g.closed(symcount.symbol("w") * 2**g.i),
            symcount.check("h0*h1 + h1", depth=1), symcount.solve_width(10**6, symcount.mlp([784, "w", 10])),
            symcount.sweep(symcount.mlp([784, "w", 10]), {"w": [1, 2, 3]}), symcount.Network([symcount.Conv("c", "c", 3), symcount.LayerNorm("c")]),
            symcount.flops(symcount.mlp([784, "w", 10])), symcount.flops(models.llama(), batch=2, seq="s"),
            symcount.memory(symcount.mlp([784, 16, 10]), optimizer="adam"),
            symcount.memory(models.llama(), dtype="bf16", optimizer="adamw", mixed=True, zero=3, devices="n"),
            symcount.memory(models.llama(), dtype="bf16", batch=2, seq="s"),
        ])
    return _RESULTS


def _argument(name: str) -> st.SearchStrategy[Any]:
    return st.one_of(_plausible(name), HOSTILE)


# ------------------------------------------------------------------------------------------
# The calls
# ------------------------------------------------------------------------------------------


@dataclass
class Call:
    """One call: its text (how to read it in a report) and the thunk the child runs."""

    text: str
    run: Callable[[], str]


def _short(value: Any) -> str:
    from symcount._dims import shown

    try:
        return shown(value)
    except BaseException:  # noqa: BLE001 - a report must not fail
        return f"<{type(value).__name__}>"


def public_callables() -> dict[str, Callable[..., Any]]:
    """Every public function and class of symcount, symcount.models and symcount.printing, by dotted name."""
    import symcount
    from symcount import models, printing

    out: dict[str, Callable[..., Any]] = {}
    for module, names in ((symcount, symcount.__all__), (models, models.__all__), (printing, printing.__all__)):
        for name in names:
            obj = getattr(module, name)
            if callable(obj) and not (isinstance(obj, type) and issubclass(obj, BaseException)) and name not in RESULT_TYPES:
                out[f"{module.__name__}.{name}"] = obj
    return out


#: The result types: symcount's functions make them (general(), g.closed(), check(), solve_width(),
#: sweep(), net.summary()); they are not built by hand, so their constructors are no door. Their
#: methods are: each is called on a result the functions made.
RESULT_TYPES = frozenset({"General", "ClosedForm", "CheckReport", "Solution", "Sweep", "Summary", "LayerRecord", "Layer", "Compute",
                          "Memory"})


def _methods(obj: Any) -> list[str]:
    return sorted(
        n for n in dir(type(obj))
        if not n.startswith("_") and callable(getattr(type(obj), n, None)) and not isinstance(getattr(type(obj), n), type)
    )


def _parameters(fn: Callable[..., Any]) -> list[inspect.Parameter]:
    try:
        return [p for p in inspect.signature(fn).parameters.values() if p.name != "self"]
    except (TypeError, ValueError):
        return []


@st.composite
def _arguments(draw: Any, fn: Callable[..., Any]) -> tuple[list[Any], dict[str, Any]]:
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for p in _parameters(fn):
        required = p.default is inspect.Parameter.empty
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            if draw(st.booleans()):
                key = draw(st.sampled_from(["w", "h", "l", "i", "foo", "n_in", "bias", "hidden_size"]))
                value = draw(_argument(key))
                if p.kind is p.VAR_KEYWORD:
                    kwargs[key] = value
                else:
                    args.append(value)
            continue
        if not required and not draw(st.booleans()):
            continue
        value = draw(_argument(p.name))
        if p.kind is p.POSITIONAL_ONLY or (p.kind is p.POSITIONAL_OR_KEYWORD and required and not kwargs):
            args.append(value)
        else:
            kwargs[p.name] = value
    return args, kwargs


def _brute_force(widths: Sequence[int], bias: Any) -> int:
    """A fully connected count, summed layer by layer: the ground truth of every dense count."""
    n = len(widths) - 1
    if bias == "all" or bias is None:
        mask = [True] * n
    elif bias == "hidden":
        mask = [True] * (n - 1) + [False]
    elif bias == "none":
        mask = [False] * n
    else:
        mask = list(bias)
    total = 0
    for k in range(n):
        total += widths[k] * widths[k + 1] + (widths[k + 1] if mask[k] else 0)
    return total


def _numeric_widths(widths: Any) -> list[int] | None:
    if isinstance(widths, (list, tuple)) and len(widths) >= 2 and all(type(w) is int and w > 0 for w in widths):
        return list(widths)
    return None


def _verify(name: str, args: list[Any], kwargs: dict[str, Any], result: Any) -> int:
    """The numbers a call gave, against a brute-force count (an AssertionError, a foreign error, where they differ).

    Returns how many numbers it checked.
    """
    import symcount

    checked = 0

    bias = kwargs.get("bias", "all")
    if name in ("symcount.count", "symcount.mlp") and args:
        widths = _numeric_widths(args[0])
        if widths is not None:
            got = result if name == "symcount.count" else result.count()
            assert got == _brute_force(widths, bias), f"{name}({widths}, bias={bias!r}) gave {got}"
            checked += 1
    if name == "General.count" and args and _numeric_widths(args[0]) is not None and kwargs.get("form", "split") in ("split", "combined", "per_neuron"):
        general = _RESULTS[7]
        assert result == _brute_force(args[0], general.bias), f"general count of {args[0]} gave {result}"
        checked += 1
    if type(result).__name__ == "Solution":
        net = args[1] if len(args) > 1 else kwargs.get("network")
        if isinstance(net, symcount.Network) and len(net.names) == 1:
            step: Any = kwargs.get("multiple_of", 1)
            budget: Any = args[0] if args else kwargs.get("budget")
            assert result.count == net.count({result.name: result.value}) <= budget
            maximum = kwargs.get("maximum")
            if maximum is None or result.value + step <= maximum:
                # The next value's count: the network's, or (where it makes no network) the formula's.
                after = net.total.subs(symcount.symbol(result.name), result.value + step)
                assert after > budget, f"{result.value} is not the largest: {after} at the next step"
            checked += 1
    if name == "symcount.flops" and args and isinstance(args[0], symcount.Network):
        widths = _numeric_widths(list(args[0].widths or [])) if args[0].widths else None
        batch = kwargs.get("batch", "b")
        if widths is not None and type(batch) is int and kwargs.get("seq") is None and not args[0].frozen:
            macs = batch * sum(a * b for a, b in zip(widths, widths[1:]))
            assert result.forward_macs == macs, f"flops of {widths} at batch {batch} gave {result.forward_macs}"
            # The backward: the first layer's weight gradient, every later layer's weight and input gradients.
            first = batch * widths[0] * widths[1]
            assert result.backward_flops == 2 * (first + 2 * (macs - first)), f"backward of {widths}"
            checked += 1
    if name == "symcount.memory" and args and isinstance(args[0], symcount.Network):
        widths = _numeric_widths(list(args[0].widths or [])) if args[0].widths else None
        if widths is not None and not args[0].frozen and kwargs.get("optimizer") in ("adam", "adamw") and not kwargs.get("mixed"):
            # Two moments a parameter in its dtype, and a 4-byte step per tensor: a weight a row, and its bias if any.
            e = {"fp32": 4, "bf16": 2, "fp16": 2}[kwargs.get("dtype", "fp32")]
            rows = args[0].summary().layers
            tensors = len(rows) + sum(1 for r in rows if r.biases)
            assert result.optimizer_bytes == 2 * e * args[0].count() + 4 * tensors, f"adam state of {widths}"
            checked += 1
    if type(result).__name__ == "Sweep":
        source = args[0] if args else kwargs.get("formula")
        if isinstance(source, symcount.Network):
            for row in list(result.rows)[:50]:
                values = dict(zip(result.names, row))
                assert row[-1] == source.count(values), f"sweep row {row}"
                checked += 1
    return checked


def _render(result: Any) -> None:
    """What a user does with a result: print it, as text, JSON and LaTeX."""
    import symcount
    from symcount._display import to_json

    if isinstance(result, (str, int, bool, type(None), float)):
        return
    for method in ("to_text", "to_dict", "to_csv", "summary", "describe"):
        fn = getattr(result, method, None)
        if callable(fn):
            out = fn()
            if method == "to_dict":
                to_json(out)
            if method == "summary":
                out.to_text()
                to_json(out.to_dict())
    if hasattr(type(result), "_latex"):
        symcount.latex(result)
    repr(result)


def _api_call(name: str, fn: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]) -> Call:
    shown_args = ", ".join([*map(_short, args), *(f"{k}={_short(v)}" for k, v in kwargs.items())])
    text = f"{name}({shown_args})"

    def run() -> str:
        with tempfile.TemporaryDirectory() as home:
            cwd = os.getcwd()
            os.chdir(home)  # a plot or file a call writes lands here, and goes
            try:
                result = fn(*args, **kwargs)
                checked = _verify(name, args, kwargs, result)
                _render(result)
            finally:
                os.chdir(cwd)
        return f"{checked} numbers checked" if checked else ""

    return Call(text, run)


def targets() -> list[tuple[str, Callable[..., Any]]]:
    """Every door: each public function, and each public method of each kind of result."""
    out = sorted(public_callables().items())
    seen: set[tuple[str, str]] = set()
    for obj in _results():
        for method in _methods(obj):
            key = (type(obj).__name__, method)
            if key not in seen:
                seen.add(key)
                out.append((f"{key[0]}.{method}", getattr(obj, method)))
    return out


@st.composite
def api_call(draw: Any, target: tuple[str, Callable[..., Any]] | None = None) -> Call:
    """One call of ``target`` (a public function or a result's method), or of any door."""
    name, fn = target if target is not None else draw(_one_of_list(targets()))
    args, kwargs = draw(_arguments(fn))
    return _api_call(name, fn, args, kwargs)


_WIDTH = st.one_of(st.integers(1, 4096), st.integers(1, 10**30), st.sampled_from([1, 2, 10**4300, 10**5000 + 7]))
_BIAS = st.one_of(st.sampled_from(["all", "hidden", "none"]), st.just("mask"))


@st.composite
def numeric_call(draw: Any) -> Call:
    """A call that gives numbers, each checked against :func:`_brute_force`: dense counts of any size, the
    general form's count, a solved width and a sweep."""
    import symcount

    widths = draw(st.lists(_WIDTH, min_size=2, max_size=7))
    bias: Any = draw(_BIAS)
    if bias == "mask":
        bias = draw(st.lists(st.booleans(), min_size=len(widths) - 1, max_size=len(widths) - 1))
    kind = draw(st.sampled_from(["count", "mlp", "named", "general", "solve", "sweep"]))
    truth = _brute_force(widths, bias)
    budget = draw(st.integers(1, 10**15))

    def run() -> str:
        checked = 1
        if kind == "count":
            assert symcount.count(widths, bias=bias) == truth
        elif kind == "mlp":
            s = symcount.mlp(widths, bias=bias).summary()
            assert s.total == truth and s.weights == _brute_force(widths, "none")
            from symcount._display import to_json

            assert json.loads(to_json(s.to_dict()), parse_int=decimal.Decimal)["total"] == truth  # exact at any size
            s.to_text()
            checked = 3
        elif kind == "named":
            names = [f"w{k}" for k in range(len(widths))]
            net = symcount.mlp(names, bias=bias)
            assert net.count(dict(zip(names, widths))) == truth
        elif kind == "general":
            if not isinstance(bias, str):
                return ""
            assert symcount.general(bias).count(widths) == truth
        elif kind == "solve":
            a, b = widths[0], widths[-1]
            if not isinstance(bias, str) or a > 10**6 or b > 10**6:
                return ""
            net = symcount.mlp([a, "w", b], bias=bias)
            try:
                sol = symcount.solve_width(budget, net)
            except symcount.InfeasibleError:
                assert _brute_force([a, 1, b], bias) > budget
                return "1 numbers checked"
            assert _brute_force([a, sol.value, b], bias) == sol.count <= budget < _brute_force([a, sol.value + 1, b], bias)
        else:
            a, b = widths[0], widths[-1]
            if not isinstance(bias, str):
                return ""
            values = sorted(set(widths))[:20]
            result = symcount.sweep(symcount.mlp([a, "w", b], bias=bias), {"w": values})
            for w, count in result.rows:
                assert count == _brute_force([a, w, b], bias)
            checked = len(values)
        return f"{checked} numbers checked"

    return Call(f"{kind}: widths {_short(widths)}, bias {_short(bias)}", run)


def collect_calls(strategy: st.SearchStrategy[Any], n: int, seed: int) -> list[Any]:
    """``n`` distinct draws (by their text) from ``strategy``, reproducibly for ``seed``."""
    out: dict[str, Any] = {}
    attempt = 0
    while len(out) < n and attempt < 20:

        @settings(max_examples=max(n - len(out), 10), database=None, phases=[Phase.generate], deadline=None,
                  suppress_health_check=list(HealthCheck))
        @hypothesis_seed(seed * 1000 + attempt)
        @given(strategy)
        def gather(call: Any) -> None:
            if len(out) < n:
                out.setdefault(call.text, call)

        gather()
        attempt += 1
    return list(out.values())


def api_jobs(n: int, seed: int) -> list[fuzzing.Job]:
    """At least ``n`` distinct calls, shared evenly among the doors (each door drawn, none left to chance)."""
    doors = targets()
    each = -(-n // len(doors))
    calls: list[Call] = []
    for k, door in enumerate(doors):
        calls += collect_calls(api_call(door), each, seed * 1000 + k)
    texts = {c.text for c in calls}
    rounds = 0
    while len(calls) < n and rounds < 50:  # doors with few arguments have few distinct calls: the others make up for them
        for c in collect_calls(api_call(), n - len(calls) + 100, seed * 1000 + len(doors) + rounds):  # some repeat ones drawn
            if c.text not in texts and len(calls) < n:
                texts.add(c.text)
                calls.append(c)
        rounds += 1
    calls += collect_calls(numeric_call(), max(1, n // 5), seed)  # and a fifth more whose numbers meet a brute-force count
    return [fuzzing.Job(c.text, "api", "hostile", action=c.run) for c in calls]


# ------------------------------------------------------------------------------------------
# The command line
# ------------------------------------------------------------------------------------------

_CLI_VALUES = [
    "16", "0", "-1", "1.5", "nan", "１６", "²", "w", "l", "i", "", " ", "h0*h1+h1", "10" + "0" * 5000, "1" + "0" * 400, "9" * 30,
    "w=1:1000000000", "w=1:10000", "w=1,2", "w=5:1", "w=1:3:0", "w=１６", "q=1", "w=", "784", "all", "hidden", "none", "torch",
    "latex", "json", "markdown", "tex", "pretty", "ellipsis", "table", "worked", "paper", "fp16", "/dev/zero", "/dev/full",
    "/dev/null", "/nonexistent/d/x.csv", "out.csv", "p.png", "p.xyz", "-", "lstm d h", "gpt2", "llama", "l-1", "l-" + "9" * 5000,
    "\x7f", "a" * 200, "n=hidden_size", "deep.json", "big.json",
]


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return sorted({s for a in parser._actions for s in a.option_strings if s.startswith("--") and s != "--help"})


def cli_parsers() -> dict[str, argparse.ArgumentParser]:
    from symcount import cli

    return {"": cli._parser(), "check": cli._check_parser(), "model": cli._model_parser(),
            "solve": cli._budget_parser("solve"), "sweep": cli._budget_parser("sweep")}


@dataclass
class CliCall:
    text: str
    argv: list[str]


@st.composite
def cli_call(draw: Any) -> CliCall:
    parsers = cli_parsers()
    command = draw(st.sampled_from(sorted(parsers)))
    options = _options(parsers[command])
    argv = [command] if command else []
    positional = {"": ["784", "16", "10"], "check": ["h0*h1 + h1"], "model": ["gpt2"], "solve": ["1000000", "--widths", "784", "w", "10"],
                  "sweep": ["--widths", "784", "w", "10", "--grid", "w=1,2"]}[command]
    if draw(st.booleans()):
        argv += positional
    for _ in range(draw(st.integers(0, 4))):
        option = draw(st.sampled_from(options))
        argv.append(option)
        for _ in range(draw(st.integers(0, 2))):
            argv.append(draw(st.one_of(_one_of_list(_CLI_VALUES), st.text(max_size=6))))
    if draw(st.integers(0, 4)) == 0:
        argv.append(draw(_one_of_list(_CLI_VALUES)))
    argv = [a for a in argv if "\x00" not in a and not any(0xD800 <= ord(c) <= 0xDFFF for c in a)]
    return CliCall(" ".join(argv), argv)


@dataclass
class CliOutcome:
    result: fuzzing.CliResult
    left: list[str]


def _files(home: str) -> list[str]:
    return sorted(os.listdir(home))


def run_cli_calls(calls: Sequence[CliCall], *, time_limit: float = fuzzing.TIME_LIMIT, memory_mb: int = fuzzing.MEMORY_LIMIT_MB,
                  workers: int | None = None) -> list[CliOutcome]:
    """Each command line in an empty directory (with a deep and a 5000-digit config.json beside it):
    the command line's contract (exit 0/1/2, no traceback, one stderr line on 2, limits), and no file
    left behind by a command that failed."""
    from concurrent.futures import ThreadPoolExecutor

    base_s, base_mb = fuzzing.cli_baseline()

    def one(call: CliCall) -> CliOutcome:
        with tempfile.TemporaryDirectory() as home:
            with open(os.path.join(home, "deep.json"), "w") as f:
                f.write("[" * 100_000 + "]" * 100_000)
            with open(os.path.join(home, "big.json"), "w") as f:
                f.write('{"model_type": "gpt2", "n_embd": 1' + "0" * 5000 + "}")
            before = _files(home)
            code, out, err, seconds, peak = fuzzing.cli_run(call.argv, b"", base_s + time_limit + 3, cwd=home)
            result = fuzzing.judged(fuzzing.CliResult(call.text, "hostile", "ok", "", seconds, peak - base_mb, code, err[-2000:]),
                                    out, err, base_s, base_mb, time_limit, memory_mb)
            if result.outcome == "no-output" and any(a in call.argv for a in ("--output", "--plot")):
                result.outcome, result.detail = "ok", ""  # the output went to the file
            left = [f for f in _files(home) if f not in before]
            if code not in (0, 1) and left:
                result.outcome, result.detail = "left-behind", f"exit status {code} left {left}"
            return CliOutcome(result, left)

    with ThreadPoolExecutor(workers or os.cpu_count() or 1) as pool:
        return list(pool.map(one, calls))


def cli_calls(n: int, seed: int) -> list[CliCall]:
    return collect_calls(cli_call(), n, seed)


def report(results: Sequence[fuzzing.Result], limit: int = 12) -> str:
    groups = fuzzing.distinct_failures(results)
    lines = [f"{sum(len(m) for m in groups.values())} failing calls in {len(groups)} distinct causes; the shortest of each:"]
    for (outcome, kind, where), members in sorted(groups.items(), key=lambda kv: -len(kv[1]))[:limit]:
        r = min(members, key=lambda m: len(m.text))
        lines.append(f"  {len(members)} x {outcome} {kind} at {where or '-'}: {r.text[:300]} ({r.seconds:.2f} s): {r.detail[:200]}")
    return "\n".join(lines)

