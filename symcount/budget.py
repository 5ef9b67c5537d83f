"""Inverse problems and sweeps: from a parameter budget to an architecture, and back over a grid.

>>> import symcount
>>> net = symcount.mlp([784, "w", "w", 10])
>>> s = symcount.solve_width(1_000_000, net)
>>> s.value, s.count, s.slack
(678, 999382, 618)
>>> net.count(w=679) > 1_000_000 >= net.count(w=678)
True
>>> symcount.solve_width(1_000_000, net, multiple_of=64).value
640
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

import sympy

from ._dims import check_choice, decimal_digits, digits, grouped, shown
from ._display import LatexDisplay, LatexHook
from ._format import plain
from .errors import InfeasibleError, OptionError, SymcountError, UnsupportedError
from .network import Network
from .symbols import symbol

__all__ = ["InfeasibleError", "Solution", "Sweep", "solve_memory", "solve_width", "sweep"]


@dataclass(frozen=True)
class Solution(LatexDisplay):
    """The largest value of the free size whose count fits the budget.

    >>> import symcount
    >>> s = solve_width(100, symcount.mlp([2, "w", 1]))
    >>> s.name, s.value, s.count, s.slack, s.closed_form
    ('w', 24, 97, 3, B/4 - 1/4)
    """

    name: str  # the free size
    value: int
    count: int  # the exact count at value
    budget: int
    formula: Any  # the count as a formula in the free size
    closed_form: Any  # the root of formula = B, a SymPy expression in the symbol B, or None
    method: str  # "closed form" or "numeric root"
    unit: str = "parameters"  # what the count and the budget count: "parameters" or "bytes"

    @property
    def slack(self) -> int:
        """How much of the budget is left over at ``value``."""
        return self.budget - self.count

    def to_text(self) -> str:
        """One line: the value, its count and the slack."""
        return (
            f"{self.name} = {digits(self.value)}: {digits(self.count)} {self.unit}, "
            f"{digits(self.slack)} under the budget of {digits(self.budget)} ({self.method})"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: numbers as ints, formulas as strings.

        >>> import symcount
        >>> solve_width(100, symcount.mlp([2, "w", 1])).to_dict()["closed_form"]
        'B/4 - 1/4'
        """
        return {
            "name": self.name, "value": self.value, "count": self.count, "budget": self.budget, "slack": self.slack,
            "formula": plain(self.formula, built=False),
            "closed_form": None if self.closed_form is None else plain(self.closed_form, built=False),
            "method": self.method, "unit": self.unit,
        }



def _check_budget(budget: object, unit: str = "parameters") -> int:
    if isinstance(budget, bool) or not isinstance(budget, int):
        raise OptionError(f"budget is {shown(budget)}: expected a whole number of {unit} (an int)")
    if budget <= 0:
        raise OptionError(f"budget is {budget}: expected a positive number of {unit}")
    return budget


def solve_width(
    budget: int,
    network: Network,
    *,
    multiple_of: int = 1,
    minimum: int | None = None,
    maximum: int | None = None,
) -> Solution:
    """The largest value ``v`` of the network's one free size with ``count(v) <= budget``.

    ``v`` is a multiple of ``multiple_of`` within ``minimum``/``maximum``.
    SymPy solves ``count = B`` in closed form where the count is a polynomial
    of degree at most 4; mpmath finds the root otherwise. Either way the
    answer is then checked with exact integers on both sides, so it is never
    off by one.

    >>> import symcount
    >>> s = solve_width(10**6, symcount.mlp([784, "w", 10]), multiple_of=8)
    >>> s.value, s.count, s.method
    (1256, 998530, 'closed form')
    """
    budget = _check_budget(budget)
    if not isinstance(network, Network):
        raise OptionError(f"network is {shown(network)}: expected a symcount network with one free size")
    if len(network.names) != 1:
        names = ", ".join(network.names) or "none"
        raise OptionError(f"solve_width needs exactly one free size; this network has: {names}")
    step, low, high = _allowed(multiple_of, minimum, maximum)
    name = network.names[0]

    def count(v: int) -> int:
        return network.count({name: v})

    x = symbol(name)
    formula = network.total
    if not _grows(formula, x):  # else the largest value within a budget may lie past a dip, or nowhere
        raise OptionError(f"solve_width needs a count that grows with {name}; SymPy cannot show that {shown(formula)} does")
    # The formula's own count, where it compiles: a width that makes no network (heads that do not
    # divide it) still has a value there, so the search runs through it; the answer is checked below.
    quick = _exact_count(formula, x) or count
    smallest = quick(low)
    if smallest > budget:
        raise InfeasibleError(
            f"budget {digits(budget)} is below the smallest count, {digits(smallest)} at {name} = {digits(low)}", smallest
        )
    closed, estimate, method = _root(formula, x, budget)
    v = _largest_within(quick, budget, low, high, step, estimate)
    try:
        exact = count(v)
    except OptionError as err:
        raise OptionError(
            f"the largest {name} within the budget, {digits(v)}, makes no network ({err}): give multiple_of= a step that does"
        ) from None
    last = high is not None and v + step > high
    if quick is not count and not (exact <= budget and (last or quick(v + step) > budget)):
        v = _largest_within(count, budget, low, high, step, v)  # the compiled count disagreed: the network's own decides
        exact = count(v)
    if estimate is None:
        method = "integer search"
    return Solution(name, v, exact, budget, formula, closed, method)


#: The memory options :func:`solve_memory` passes on to :func:`symcount.memory`.
_MEMORY_OPTIONS = ("dtype", "optimizer", "mixed", "zero", "devices", "batch", "seq", "cache_dtype", "attn_implementation",
                   "recompute", "labels")


def solve_memory(
    budget: int,
    network: Network,
    *,
    solve: str = "batch",
    multiple_of: int = 1,
    minimum: int | None = None,
    maximum: int | None = None,
    **options: Any,
) -> Solution:
    """The largest ``batch``, ``seq`` or size of the network whose memory fits ``budget`` bytes, exactly.

    ``options`` are :func:`symcount.memory`'s. The memory is what they ask
    for: with an optimizer, the model states on one device (under ZeRO, its
    share) and, with ``seq``, the activations of a training step on
    ``batch`` sequences; without, the weights and the key-value cache after
    ``seq`` positions (``solve="seq"`` solves for them), or the weights
    alone. The other sizes are numbers. As :func:`solve_width`, SymPy's root of the
    formula (where it is a polynomial) is only the start of an exact search.

    >>> from symcount import models
    >>> llama = models.llama(vocab_size=32000, hidden_size=4096, num_hidden_layers=32,
    ...                      num_attention_heads=32, intermediate_size=11008)
    >>> s = solve_memory(80 * 10**9, llama, seq=4096, dtype="bf16")   # generating 4096 positions on 80 GB
    >>> per_sequence = 2 * 2 * 32 * 4096 * 4096   # a key and a value of 4096, 32 layers, 4096 positions, in bf16
    >>> s.value, s.count <= 80 * 10**9 < s.count + per_sequence
    (30, True)
    """
    from .footprint import memory

    budget = _check_budget(budget, "bytes")
    if not isinstance(network, Network):
        raise OptionError(f"network is {shown(network)}: expected a symcount network")
    stray = sorted(set(options) - set(_MEMORY_OPTIONS))
    if stray:
        raise OptionError(f"solve_memory has no option {stray[0]!r}: expected memory's options ({', '.join(_MEMORY_OPTIONS)})")
    if not isinstance(solve, str):
        raise OptionError(f"solve is {shown(solve)}: expected 'batch', 'seq' or the network's free size")
    step, low, high = _allowed(multiple_of, minimum, maximum)
    training = options.get("optimizer") is not None
    if solve in ("batch", "seq"):
        if solve == "batch" and options.get("seq") is None:
            held = "the activations' sequences" if training else "the positions the cache holds"
            raise OptionError(f"the model states alone do not change with the batch: give seq, {held}")
        if solve in options:
            raise OptionError(f"{solve} is what is solved for: leave it out of the options")
        if network.names:
            raise OptionError(f"solve_memory needs every other size given; the network still has: {', '.join(network.names)}")
    else:
        if network.names != (solve,):
            raise OptionError(f"solve is {solve!r}: expected 'batch', 'seq' or the network's one free size "
                              f"(it has: {', '.join(network.names) or 'none'})")
    for key in ("batch", "seq", "devices"):
        value = options.get(key)
        if key != solve and value is not None and type(value) is not int and not (key == "devices" and value == 1):
            if key == "batch" and value == "b" and options.get("seq") is None:
                continue  # no cache: the batch changes nothing
            raise OptionError(f"{key} is {shown(value)}: solve_memory needs it as a number")
    if solve != "batch" and options.get("seq") is not None and type(options.get("batch", "b")) is not int:
        raise OptionError("batch: give the number of sequences (an integer) with seq")
    if solve == "seq" and type(options.get("batch", "b")) is not int:
        raise OptionError("batch: give the number of sequences, to solve for their length")
    if decimal_digits(budget) > _MEMORY_DIGITS:
        raise OptionError(f"budget has {decimal_digits(budget)} digits: a memory budget has at most {_MEMORY_DIGITS}")

    def quantity(m: Any) -> Any:
        if training:
            return m.per_device()["training_bytes" if m.flow is not None else "model_state_bytes"]
        return m.inference_bytes if m.flow is not None else m.weight_bytes

    def count(v: int) -> int:
        try:
            if solve in ("batch", "seq"):
                return int(quantity(memory(network, **{**options, solve: v})))
            return int(quantity(memory(network.subs({solve: v}), **options)))
        except OptionError as err:  # the size makes no network (heads that do not divide it): said as such
            raise _NoNetwork(v, err) from None
        except UnsupportedError as err:
            if maximum is None:  # a size the search reached that the network does not run (past its positions)
                raise UnsupportedError(f"{err}; the search for the largest {solve} reached {digits(v)}: bound it with "
                                       "maximum (--max)") from None
            raise

    x = symbol(solve)
    if solve in ("batch", "seq"):
        formula = quantity(memory(network, **{**options, solve: solve}))
    else:
        formula = quantity(memory(network, **options))
        if not _grows(formula, x):
            raise OptionError(f"solve_memory needs memory that grows with {solve}; SymPy cannot show that {shown(formula)} does")
    formula = sympy.Integer(formula) if type(formula) is int else formula
    if not formula.has(x):
        raise OptionError(f"the memory does not depend on {solve}: there is no largest {solve} to solve for")
    # The formula's own count, where it compiles (no ceilings, no windows): the search runs on it, and the
    # network's count decides the answer, as in solve_width.
    quick = _exact_count(formula, x) or count
    try:
        smallest = count(low)
        if smallest > budget:
            raise InfeasibleError(
                f"budget {digits(budget)} bytes is below the smallest memory, {digits(smallest)} at {solve} = {digits(low)}",
                smallest,
            )
        closed, estimate, method = (None, None, "integer search")
        if formula.is_polynomial(x):
            closed, estimate, method = _root(formula, x, budget)
        try:
            v = _largest_within(quick, budget, low, high, step, estimate)
        except OptionError:  # the search's own: the memory never passes the budget
            stops = " (a sliding window's cache keeps at most window - 1 positions)" if formula.has(sympy.Min) else ""
            raise OptionError(
                f"the memory stays within {digits(budget)} bytes however large {solve} grows{stops}: "
                "give a maximum (--max on the command line)"
            ) from None
        exact = count(v)
        last = high is not None and v + step > high
        if quick is not count and not (exact <= budget and (last or count(v + step) > budget)):
            v = _largest_within(count, budget, low, high, step, v)  # the compiled count disagreed: memory() decides
            exact = count(v)
    except _NoNetwork as err:
        raise OptionError(
            f"{solve} = {digits(err.value)} makes no network ({err.error}): give multiple_of= a step that does"
        ) from None
    if estimate is None:
        method = "integer search"
    return Solution(solve, v, exact, budget, formula, closed, method, unit="bytes")


#: The most digits a memory budget has (10^60 bytes is far past any machine): the search's work is bounded.
_MEMORY_DIGITS = 60


class _NoNetwork(Exception):
    """A size tried makes no network: carried out of the search, to be said as such."""

    def __init__(self, value: int, error: OptionError) -> None:
        super().__init__(str(error))
        self.value, self.error = value, error


def _allowed(multiple_of: object, minimum: object, maximum: object) -> tuple[int, int, int | None]:
    """The step, and the first and last multiple of it the options allow (None: no last)."""
    for option, value in (("multiple_of", multiple_of), ("minimum", minimum), ("maximum", maximum)):
        if (value is not None or option == "multiple_of") and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise OptionError(f"{option} is {shown(value)}: expected a positive integer")
    step = cast(int, multiple_of)
    low = -(-max(cast("int | None", minimum) or step, step) // step) * step  # the first allowed value
    high = None if maximum is None else cast(int, maximum) // step * step
    if high is not None and high < low:
        where = f"lies between {shown(minimum)} and" if minimum is not None else "is at most"
        raise OptionError(f"no multiple of {shown(step)} {where} {shown(maximum)}")
    return step, low, high


def _grows(formula: Any, x: Any) -> bool:
    """Whether SymPy shows that ``formula`` never decreases as ``x`` grows (``x`` a positive integer).

    A floor or ceiling (a Vision Transformer's ``floor(image_size / patch)``) is
    a step: it never decreases where its argument does not, and the formula
    never decreases in it where its derivative there is non-negative.
    """
    steps = {f: sympy.Symbol(f"_step{k}", nonnegative=True) for k, f in enumerate(formula.atoms(sympy.floor, sympy.ceiling))}
    if any(sympy.diff(f.args[0], x).is_nonnegative is not True for f in steps):
        return False
    smooth = formula.xreplace(steps)
    return all(sympy.diff(smooth, v).is_nonnegative is True for v in (x, *steps.values()))


def _largest_within(count: Callable[[int], int], budget: int, low: int, high: int | None, step: int, guess: int | None) -> int:
    """The largest multiple ``v`` of ``step`` in ``[low, high]`` with ``count(v) <= budget``, ``count(low) <= budget``.

    The count grows with the size. From the guess (an estimate, maybe far
    off, or none), steps double until they bracket the answer, then halve:
    about ``2 log2(error)`` counts, each exact.
    """
    lo_k, hi_k = low // step, None if high is None else high // step
    k = lo_k if guess is None else max(lo_k, guess // step)
    if hi_k is not None:
        k = min(k, hi_k)
    if count(k * step) > budget:  # the answer lies below k
        ok, bad, gap = lo_k, k, 1
        while k - gap > lo_k:
            if count((k - gap) * step) <= budget:
                ok = k - gap
                break
            bad, gap = k - gap, gap * 2
    else:  # k fits: the answer lies at or above it
        ok, bad, gap = k, None, 1
        doublings = 4 * budget.bit_length() + 64  # a count that grows at all passes the budget well before
        while bad is None:
            if hi_k is not None and ok + gap > hi_k:
                if count(hi_k * step) <= budget:
                    return hi_k * step
                bad = hi_k
            elif count((ok + gap) * step) > budget:
                bad = ok + gap
            else:
                ok, gap, doublings = ok + gap, gap * 2, doublings - 1
                if doublings < 0:
                    raise OptionError(f"the count does not pass the budget {digits(budget)} as the size grows")
    assert bad is not None  # each branch above ends with the answer bracketed
    while bad - ok > 1:
        mid = (ok + bad) // 2
        if count(mid * step) <= budget:
            ok = mid
        else:
            bad = mid
    return ok * step


def _exact_count(formula: Any, x: Any) -> Callable[[int], int] | None:
    """The count as a compiled function of the size, exact in Python integers, where it is a ratio of polynomials."""
    try:
        numer, denom, top, bottom = _compiled(formula, (x,), "math")
    except (TypeError, ValueError, sympy.PolynomialError):
        return None
    if not (numer.is_polynomial(x) and denom.is_polynomial(x)) or numer.has(sympy.Float) or denom.has(sympy.Float):
        return None
    return lambda v: int(top(v)) // int(bottom(v))


def _root(formula: Any, x: Any, budget: int) -> tuple[Any, int | None, str]:
    """Where ``formula`` reaches ``budget``: (closed form in B or None, a numeric estimate or None, method).

    Only an estimate: the exact search decides. Where neither SymPy nor
    mpmath finds the root, there is no estimate and the search starts low.
    """
    import mpmath

    B = sympy.Symbol("B", positive=True)
    precision = decimal_digits(budget) + 15
    if precision > 2000:  # beyond this, the exact search from a float-sized estimate is quicker than the roots
        return None, None, "integer search"
    poly = sympy.Poly(formula, x) if formula.is_polynomial(x) else None
    if poly is not None and 1 <= poly.degree() <= 4:
        roots = sympy.solve(sympy.Eq(formula, B), x)
        best = None
        for r in roots:
            value = sympy.N(r.subs(B, budget), precision)
            re, im = value.as_real_imag()
            if abs(im) <= abs(re) * sympy.Float(10) ** (-precision + 5) + sympy.Float(10) ** -(precision // 2) and re > 0:
                if best is None or re > best[1]:
                    best = (r, re)
        if best is not None:
            return best[0], int(sympy.floor(best[1])), "closed form"
    # No closed form: mpmath finds the root, as precisely as the budget has digits.
    try:
        f = sympy.lambdify(x, formula - budget, modules="mpmath")
        with mpmath.workdps(precision):
            hi = mpmath.mpf(1)
            while f(hi) < 0:
                hi *= 2
            root = mpmath.findroot(f, (hi / 2, hi), solver="anderson")
            return None, int(mpmath.floor(root)), "numeric root"
    except (ValueError, ZeroDivisionError, OverflowError, TypeError):  # mpmath's "Could not find root", and kin
        return None, None, "integer search"


# -- sweeps ------------------------------------------------------------------------------


@dataclass
class Sweep(LatexHook):
    """A count evaluated over a grid: ``columns`` maps each name, and ``"count"``, to its values.

    >>> import symcount
    >>> s = sweep(symcount.mlp([2, "w", 1]), {"w": [1, 2, 3]})
    >>> len(s), s.names
    (3, ('w',))
    >>> print(s.to_csv(), end="")
    w,count
    1,5
    2,9
    3,13
    """

    names: tuple[str, ...]
    columns: dict[str, Any]
    formula: Any = None  # the count as a formula in the names, where the sweep was of one

    def __len__(self) -> int:
        return len(self.columns["count"])

    @property
    def rows(self) -> list[tuple[int, ...]]:
        """One tuple per configuration: the names' values, then the count (Python ints)."""
        cols = [self.columns[n] for n in (*self.names, "count")]
        return [tuple(int(v) for v in row) for row in zip(*cols)]

    def to_csv(self) -> str:
        """CSV with a header line: the names, then ``count``."""
        lines = [",".join((*self.names, "count"))]
        lines += [",".join(map(digits, row)) for row in self.rows]
        return "\n".join(lines) + "\n"

    def to_text(self) -> str:
        """The sweep as text: its CSV."""
        return self.to_csv()

    def _repr_markdown_(self) -> str:
        """Jupyter shows a sweep as a table (its first points, where there are many): a tabular is no math."""
        from .printing import SWEEP_ROWS, markdown

        shown = self if len(self) <= SWEEP_ROWS else Sweep(
            self.names, {k: list(v)[:SWEEP_ROWS] for k, v in self.columns.items()}, self.formula)
        note = "" if shown is self else f"\n\n(the first {SWEEP_ROWS} of {len(self)} points)"
        return markdown(shown) + note

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the formula, the names and one list per configuration.

        >>> import symcount
        >>> sweep(symcount.mlp([2, "w", 1]), {"w": [1, 2]}).to_dict()
        {'formula': '4*w + 1', 'names': ['w'], 'rows': [[1, 5], [2, 9]]}
        """
        formula = None if self.formula is None else plain(self.formula, built=False)
        return {"formula": formula, "names": list(self.names), "rows": [list(r) for r in self.rows]}

    def plot(self, path: str, x: str | None = None) -> None:
        """Count against ``x`` on log axes (one line per other setting), written to ``path`` (PNG, SVG...).

        The file is written whole or not at all; its format is its extension's.
        """
        from ._files import write_files

        write_files([(path, self.figure(plot_format(path), x))])

    def figure(self, fmt: str, x: str | None = None) -> bytes:
        """The plot of :meth:`plot` as the bytes of a ``fmt`` file (``png``, ``svg``, ``pdf``...)."""
        plt = _pyplot()
        formats = _plot_formats()
        if not isinstance(fmt, str) or fmt.lower() not in formats:
            raise OptionError(f"fmt is {shown(fmt)}: expected a plot format, one of {', '.join(sorted(formats))}")
        x = check_choice(x or self.names[0], "x", self.names)
        others = [n for n in self.names if n != x]
        lines: dict[tuple[int, ...], list[tuple[int, int]]] = {}
        for row in self.rows:
            values = dict(zip((*self.names, "count"), row))
            lines.setdefault(tuple(values[n] for n in others), []).append((values[x], values["count"]))
        fig, ax = plt.subplots(figsize=(6, 4))
        try:
            for key, points in lines.items():
                points.sort()
                label = ", ".join(f"{n}={digits(v)}" for n, v in zip(others, key)) or None
                # Floats on a log axis: an integer past a float's range has no place on the plot.
                if any(p[0] > _FLOAT_MAX or p[1] > _FLOAT_MAX for p in points):
                    raise OptionError("a count or size past 10^308 does not fit a plot's axes (floats): plot smaller values")
                ax.plot([float(p[0]) for p in points], [float(p[1]) for p in points], marker="o", markersize=3, label=label)
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_xlabel(x)
            ax.set_ylabel("parameters")
            if others and len(lines) <= 12:
                ax.legend(fontsize="small")
            fig.tight_layout()
            out = io.BytesIO()
            fig.savefig(out, format=fmt)
        finally:
            plt.close(fig)
        return out.getvalue()


_FLOAT_MAX = 2**1023


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover -- the tests install matplotlib
        raise OptionError("plotting needs matplotlib: pip install 'symcount[plot]'") from None
    return plt


def _plot_formats() -> dict[str, str]:
    """The image formats matplotlib writes (``png``: its description), one home for plot() and figure()."""
    from matplotlib.backend_bases import FigureCanvasBase

    return dict(FigureCanvasBase.get_supported_filetypes())


def plot_format(path: object) -> str:
    """The image format a plot's file name asks for, by its extension, or OptionError listing those matplotlib writes."""
    if not isinstance(path, str) or not path:
        raise OptionError(f"the plot's path is {shown(path)}: expected a file name such as counts.png")
    _pyplot()  # matplotlib installed, or our error
    formats = _plot_formats()
    extension = path.rpartition(".")[2].lower() if "." in path.rpartition("/")[2] else ""
    if extension not in formats:
        raise OptionError(f"the plot's path {shown(path)} names no image format: end it in {', '.join('.' + f for f in sorted(formats))}")
    return extension


_INT64 = 2**63 - 1
#: The most points a sweep evaluates: a million rows of CSV.
SWEEP_LIMIT = 1_000_000
#: The most characters of CSV a sweep makes (its rows held in memory, then written).
SWEEP_CHARACTERS = 50_000_000


def _grid_axis(name: str, given: object) -> list[int]:
    """The values of one size: an iterable of positive ints, read no further than the limit allows."""
    if isinstance(given, (str, bytes, Mapping)) or not isinstance(given, Iterable):
        raise OptionError(f"the grid's values of {name} are {shown(given)}: expected a list or range of positive integers")
    if isinstance(given, range):
        if len(given) > SWEEP_LIMIT:
            raise OptionError(f"the grid's values of {name} are {shown(given)}: {grouped(len(given))} values, "
                              f"more than a sweep's {grouped(SWEEP_LIMIT)} points")
        if not given or given[0] < 1 or given[-1] < 1:
            raise OptionError(f"the grid's values of {name} are {shown(given)}: expected positive integers")
        return list(given)
    try:
        vals = list(itertools.islice(given, SWEEP_LIMIT + 1))
    except (TypeError, ValueError) as err:
        raise OptionError(f"the grid's values of {name} are {shown(given)}: cannot list them ({err})") from None
    if len(vals) > SWEEP_LIMIT:
        raise OptionError(f"the grid's values of {name} are more than a sweep's {grouped(SWEEP_LIMIT)} points")
    if not vals or any(type(v) is not int or v < 1 for v in vals):
        bad = next((v for v in vals if type(v) is not int or v < 1), None)
        why = "none" if not vals else shown(bad)
        raise OptionError(f"the grid's values of {name} are {shown(vals)}: expected positive integers, not {why}")
    return vals


def sweep(formula: Network | Any, grid: Mapping[str, Iterable[int]]) -> Sweep:
    """The count at every point of ``grid`` (each name's values), exactly.

    A compiled function evaluates the whole grid at once: NumPy int64 where an
    upper bound of the count fits in 64 bits, Python integers beyond.

    >>> import symcount
    >>> s = sweep(symcount.mlp([784, "w", "w", 10]), {"w": [16, 32]})
    >>> s.rows
    [(16, 13002), (32, 26506)]
    """
    expr = formula.total if isinstance(formula, Network) else formula
    if not isinstance(expr, sympy.Expr):
        raise OptionError(f"formula is {shown(formula)}: expected a symcount network or a SymPy expression")
    if not isinstance(grid, Mapping) or not grid:
        raise OptionError(f"grid is {shown(grid)}: expected a mapping of each free size to its values")
    free = {s.name: s for s in expr.free_symbols}
    unknown = sorted(shown(k) for k in set(grid) - set(free))
    if unknown:
        raise OptionError(f"{unknown[0]} is not a size of this formula (its sizes: {', '.join(sorted(free))})")
    missing = sorted(set(free) - set(grid))
    if missing:
        raise OptionError(f"the grid gives no values for {', '.join(missing)}")
    names = tuple(grid)
    args = tuple(free[n] for n in names)
    numer, denom = _fraction(expr)
    if (
        not (numer.is_polynomial(*args) and denom.is_polynomial(*args))
        or expr.has(sympy.Float)
        or not all(c.is_Rational for part in (numer, denom) for c in sympy.Poly(part, *args).coeffs())
    ):
        raise OptionError(
            f"formula is {shown(expr)}: a sweep counts polynomials (or ratios of them) in its sizes, "
            "with rational coefficients, exactly"
        )
    values = {n: _grid_axis(n, grid[n]) for n in names}
    points = math.prod(len(v) for v in values.values())
    if points > SWEEP_LIMIT:
        raise OptionError(f"the grid has {grouped(points)} points: a sweep has at most {grouped(SWEEP_LIMIT)}")
    largest = tuple(max(values[n]) for n in names)
    top_bound = _upper_bound(numer, args, largest)
    width = sum(decimal_digits(max(v)) + 1 for v in values.values()) + decimal_digits(top_bound)
    if points * width > SWEEP_CHARACTERS:
        raise OptionError(
            f"the grid's {grouped(points)} points of up to {width} characters each come to more than "
            f"{SWEEP_CHARACTERS // 10**6} million characters of CSV: sweep fewer points, or smaller values"
        )
    np: Any
    try:
        import numpy as np
    except ImportError:  # NumPy is optional: Python integers do the same, slower
        np = None
    if np is not None and top_bound <= _INT64 and _upper_bound(denom, args, largest) <= _INT64:
        _, _, f_top, f_bottom = _compiled(expr, args, "numpy")
        # Each axis shaped to broadcast against the others: the grid is built once, for the output.
        k = len(names)
        axes = [
            np.array(values[n], dtype=np.int64).reshape([-1 if j == i else 1 for j in range(k)])
            for i, n in enumerate(names)
        ]
        shape = tuple(len(values[n]) for n in names)
        top = np.broadcast_to(np.asarray(f_top(*axes), dtype=np.int64), shape).ravel()
        if denom == 1:
            counts = top
        else:
            bottom = np.broadcast_to(np.asarray(f_bottom(*axes), dtype=np.int64), shape).ravel()
            counts, remainder = np.divmod(top, bottom)
            if remainder.any():
                raise OptionError("the formula is not a whole number at some point of the grid")
        cols = {n: np.broadcast_to(axis, shape).ravel() for n, axis in zip(names, axes)}
        return Sweep(names, {**cols, "count": counts}, expr)
    # Past 64 bits: Python integers, one configuration at a time.
    _, _, f_top, f_bottom = _compiled(expr, args, "math")
    configurations = list(itertools.product(*(values[n] for n in names)))
    counts_py = []
    for p in configurations:
        q, r = divmod(int(f_top(*p)), int(f_bottom(*p)))
        if r:
            raise OptionError(f"the formula is not a whole number at {dict(zip(names, p))}")
        counts_py.append(q)
    cols_py = {n: [p[k] for p in configurations] for k, n in enumerate(names)}
    return Sweep(names, {**cols_py, "count": counts_py}, expr)


@lru_cache(maxsize=64)
def _compiled(expr: Any, args: tuple[Any, ...], modules: str) -> tuple[Any, Any, Any, Any]:
    """Numerator and denominator of ``expr`` and their compiled functions, made once per formula."""
    numer, denom = _fraction(expr)
    if any(max(abs(a.p), a.q).bit_length() > 13_000 for a in expr.atoms(sympy.Rational)):  # about 3900 digits
        # lambdify writes Python source, and Python writes no integer of more than 4300 digits:
        # the polynomials' own terms, in Python integers, exact at any size.
        return numer, denom, _polynomial(numer, args), _polynomial(denom, args)
    return numer, denom, sympy.lambdify(args, numer, modules=modules), sympy.lambdify(args, denom, modules=modules)


def _polynomial(expr: Any, args: tuple[Any, ...]) -> Callable[..., int]:
    """``expr``, a polynomial in ``args`` with integer coefficients, as a function of Python integers."""
    terms = _terms(expr, args)
    if not all(c.is_Integer for _, c in terms):
        raise OptionError(f"formula is {shown(expr)}: expected integer coefficients over one denominator")
    exact = [(m, int(c)) for m, c in terms]

    def value(*values: int) -> int:
        return sum(c * math.prod(v**p for v, p in zip(values, m)) for m, c in exact)

    return value


@lru_cache(maxsize=64)
def _fraction(expr: Any) -> tuple[Any, Any]:
    """Numerator and denominator of ``expr``, over one common denominator."""
    return tuple(sympy.fraction(sympy.together(expr)))


def _upper_bound(expr: Any, args: tuple[Any, ...], largest: tuple[int, ...]) -> int:
    """A bound on ``|expr|`` over the grid: every coefficient made positive, at the largest values."""
    total = 0
    for monomial, coeff in _terms(expr, args):
        term = abs(int(coeff))
        for value, power in zip(largest, monomial):
            term *= value**power
        total += term
    return total


@lru_cache(maxsize=128)
def _terms(expr: Any, args: tuple[Any, ...]) -> list[tuple[tuple[int, ...], Any]]:
    return list(sympy.Poly(expr, *args).terms())
