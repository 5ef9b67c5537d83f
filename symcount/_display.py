"""How results show themselves: the LaTeX display hook, plain text and JSON.

Results (networks, summaries, general and closed forms, check reports,
solutions) inherit :class:`LatexDisplay`, whose two hooks import the printer
only when called, so the printer, at the end of the import chain, imports
none of them. Text and JSON are read from a summary's public records in one
pass: a row whose terms are products of distinct symbols (every row of a deep
symbolic MLP) is written straight from its factors, with no SymPy printing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ._format import counted, kind_of, plain, table

if TYPE_CHECKING:
    from .network import LayerRecord, Summary

__all__ = ["LatexDisplay", "LatexHook", "json_value", "summary_dict", "summary_text", "text_value"]


class LatexHook:
    """Printing through symcount's LaTeX printer, for every result object.

    ``_latex`` is SymPy's hook (``sympy.latex(obj)`` works too): it hands the
    object to the printer with the settings intact, and the printer picks the
    ``_print_<Class>`` method along the class's MRO, so a subclass prints as
    its parent does.
    """

    def _latex(self, printer: Any) -> str:
        from .printing import print_result

        return print_result(printer, self)


class LatexDisplay(LatexHook):
    """A result that Jupyter shows as its formula (``_repr_latex_``), without a call."""

    def _repr_latex_(self) -> str:
        from .printing import display

        return display(self)


def json_value(value: Any) -> Any:
    """Numbers as JSON integers (Python or SymPy ints alike), formulas as strings."""
    if type(value) is int or isinstance(value, str):
        return value
    if getattr(value, "is_Integer", False):
        return int(value)
    return plain(value)


def text_value(value: Any) -> str:
    """A number or formula as a table cell."""
    value = json_value(value)
    return value if isinstance(value, str) else str(value)


def _products(terms: Iterable[Sequence[Any]], seen: set[frozenset[Any]] | None = None) -> str | None:
    """``"h0*h1 + h1"`` straight from the factors, or None where SymPy must combine or print them.

    Straight is right only for products of distinct symbols, no monomial twice
    (``seen`` carries the monomials across calls, for a total over many rows).
    """
    import sympy

    symbol_type = sympy.Symbol
    seen = set() if seen is None else seen
    parts = []
    for t in terms:
        for f in t:
            if type(f) is not symbol_type:
                return None
        key = frozenset(t)
        if len(key) != len(t) or key in seen:
            return None
        seen.add(key)
        parts.append("*".join([f.name for f in t]))
    return " + ".join(parts) if parts else "0"


def _formula(terms: Sequence[Sequence[Any]]) -> str | int:
    """A sum of terms as plain text, in layer order, like terms combined where any repeat."""
    if not terms:
        return 0
    fast = _products(terms)
    if fast is not None:
        return fast
    from ._format import ordered_sum

    value = ordered_sum(terms)
    return 0 if value == 0 else plain(value)


def _numbers(record: LayerRecord) -> str:
    """A numeric row's count as the products it is made of: ``784*16 + 16``, ``12*(4*768*768 + 768)``."""
    parts = ["*".join(map(str, t)) for t in counted(record.terms.weights + record.terms.biases)]
    inner = " + ".join(parts) or "0"
    if type(record.times) is int and record.times == 1 or inner == "0":
        return inner
    return f"{record.times}*({inner})" if len(parts) > 1 else f"{record.times}*{inner}"


def _shown(summary: Summary) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Totals and per-row cells as shown: ints for numbers, formulas as text in layer order."""
    rows: list[dict[str, Any]] = []
    if summary.numeric:
        for r in summary.layers:
            rows.append(_row(r, r.weights, r.biases, r.buffers, r.params))
        totals = {k: getattr(summary, k) for k in ("weights", "biases", "buffers", "total")}
        return totals, rows
    for r in summary.layers:
        w, b, k = r.scaled("weights"), r.scaled("biases"), r.scaled("buffers")
        rows.append(_row(r, _formula(w), _formula(b), _formula(k), _formula(w + b)))
    weights = [t for r in summary.layers for t in r.scaled("weights")]
    biases = [t for r in summary.layers for t in r.scaled("biases")]
    buffers = [t for r in summary.layers for t in r.scaled("buffers")]
    totals = {"weights": _formula(weights), "biases": _formula(biases), "buffers": _formula(buffers)}
    seen: set[frozenset[Any]] = set()
    fast = _products(weights, seen)
    fast_biases = _products(biases, seen) if fast is not None else None
    if fast is not None and fast_biases is not None:
        totals["total"] = " + ".join(s for s in (fast, fast_biases) if s != "0") or 0
    else:
        totals["total"] = _formula(weights + biases)
    return totals, rows


def _row(r: LayerRecord, weights: Any, biases: Any, buffers: Any, params: Any) -> dict[str, Any]:
    times = r.times if type(r.times) is int else plain(r.times)
    return {
        "index": r.index, "name": r.name, "kind": r.kind, "times": times, "tied_to": r.tied_to,
        "fan_in": r.fan_in, "fan_out": r.fan_out,
        "weights": weights, "biases": biases, "buffers": buffers, "params": params,
    }


def summary_dict(summary: Summary) -> dict[str, Any]:
    """A summary as a JSON-ready dict: numbers as ints, formulas as strings.

    A row's ``name``, ``times`` and ``tied_to`` appear where they say
    something (a named row, a repeated block, a tied weight).
    """
    totals, rows = _shown(summary)
    out: dict[str, Any] = {"network": summary.name}
    out.update({k: json_value(v) for k, v in totals.items()})
    layers = []
    for row in rows:
        item = {k: json_value(v) for k, v in row.items() if k not in ("name", "times", "tied_to")}
        if row["name"]:
            item["name"] = row["name"]
        if row["times"] != 1:
            item["times"] = row["times"]
        if row["tied_to"] is not None:
            item["tied_to"] = row["tied_to"]
        layers.append(item)
    out["layers"] = layers
    return out


def summary_text(summary: Summary) -> str:
    """A per-row table and the totals, as plain text.

    Columns appear where they say something: ``name`` for named rows,
    ``times`` for repeated blocks, ``buffers`` where there are buffers, and
    for numbers the ``formula`` each row's count is made of.
    """
    totals, rows = _shown(summary)
    named = any(r["name"] for r in rows)
    repeated = any(r["times"] != 1 for r in rows)
    buffered = totals["buffers"] != 0
    columns: list[tuple[str, str, bool]] = [("layer", "index", True)]
    if named:
        columns.append(("name", "name", False))
    columns.append(("kind", "kind", False))
    if repeated:
        columns.append(("times", "times", summary.numeric))
    columns += [("fan-in", "fan_in", summary.numeric), ("fan-out", "fan_out", summary.numeric)]
    columns += [(k, k, summary.numeric) for k in ("weights", "biases", "params")]
    if buffered:
        columns.append(("buffers", "buffers", summary.numeric))
    cells = []
    for row in rows:
        shown = {**row, "kind": row["kind"] + (f" (tied to {row['tied_to']})" if row["tied_to"] else "")}
        cells.append([text_value(shown[key]) for _, key, _ in columns])
    header = [c[0] for c in columns]
    aligned = [c[2] for c in columns]
    if summary.numeric:
        header.append("formula")
        aligned.append(False)
        for cell, record in zip(cells, summary.layers):
            cell.append(_numbers(record))
    lines = [f"network {summary.name}"]
    lines += table(header, cells, numeric=aligned)
    keys = ["weights", "biases", "total"] + (["buffers"] if buffered else [])
    label = max(map(len, keys))
    lines += [f"{key.ljust(label)} {text_value(totals[key])}" for key in keys]
    return "\n".join(lines)


def pretty(obj: Any) -> str:
    """``obj`` as text whose formulas are SymPy's Unicode pretty print (``Σ``, superscripts, fractions).

    A summary keeps its per-row table and shows each total as a formula in
    the form LaTeX would default to; the general form shows each named form.
    """
    kind = kind_of(obj, ("Network", "Summary", "General", "ClosedForm", "Solution"))
    if kind == "Network":
        obj, kind = obj.summary(), "Summary"
    if kind == "Summary":
        lines = [obj.to_text()]
        if not obj.numeric:
            import sympy

            total = obj.formulas()["total"] if obj.widths is not None else sympy.Add(*obj.collected(), evaluate=False)
            lines += ["", "total =", _art(total)]
        return "\n".join(lines)
    if kind == "General":
        forms = obj.forms()
        out = [f"general {obj.describe()}"]
        for name, form in forms.items():
            out += ["", f"{name}:", _art(form, ordered=False)]
        return "\n".join(out)
    if kind == "ClosedForm":
        out = [f"closed form for {obj.describe()}"]
        for key in ("weights", "biases", "total"):
            for cond, value in obj.cases(getattr(obj, key)):
                out += ["", f"{key}, for {cond}:", _art(_by_degree(value))]
        return "\n".join(out)
    if kind == "Solution":
        out = [obj.to_text(), "", "count =", _art(_by_degree(obj.formula))]
        if obj.closed_form is not None:
            out += ["", f"{obj.name} = floor of", _art(obj.closed_form, ordered=False), "(B is the budget)"]
        return "\n".join(out)
    return str(obj.to_text())


def _by_degree(expr: Any) -> Any:
    """``expr`` as an unevaluated sum of its collected terms, highest degree first (see ``_forms.collected``)."""
    import sympy

    from ._forms import collected

    terms = collected([expr])
    return sympy.Add(*terms, evaluate=False) if len(terms) > 1 else expr


def _art(expr: Any, ordered: bool = True) -> str:
    """SymPy's Unicode pretty print, indented under its label: in the order the terms were built, or SymPy's."""
    import sympy

    art = sympy.pretty(expr, use_unicode=True, order="none" if ordered else None, num_columns=100)
    return "\n".join("  " + line for line in art.splitlines())
