"""How results show themselves: the LaTeX display hook, plain text and JSON.

Results (networks, summaries, general and closed forms, check reports,
solutions) inherit :class:`LatexDisplay`, whose two hooks import the printer
only when called, so the printer, at the end of the import chain, imports
none of them. Text and JSON are read from a summary's public records in one
pass: a row whose terms are products of distinct symbols (every row of a deep
symbolic MLP) is written straight from its factors, with no SymPy printing.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ._bulk import full_collections_postponed
from ._dims import digits
from ._format import counted, kind_of, plain, table

if TYPE_CHECKING:
    from .compute import Compute
    from .footprint import Memory
    from .network import LayerRecord, Summary

__all__ = [
    "LatexDisplay", "LatexHook", "compute_dict", "compute_text", "json_value", "summary_dict", "summary_text", "text_value", "to_json",
]


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
    """A number or formula as a table cell, an integer of any size in full."""
    value = json_value(value)
    return value if isinstance(value, str) else digits(value)


def to_json(data: Any) -> str:
    """``json.dumps(data, indent=2)``, its integers exact at any size.

    ``json`` writes an integer with ``int.__repr__``, which refuses more than
    4300 digits; such an integer goes in as a placeholder string and its
    digits replace the placeholder in the text.

    >>> text = to_json({"total": 10**5000})
    >>> text.count("0"), text.split()[1]
    (5000, '"total":')
    """
    big: dict[str, int] = {}
    tag = os.urandom(8).hex()  # no text of the caller's can spell a placeholder (os, not secrets: no import at startup)

    def swap(value: Any) -> Any:
        if type(value) is int and not -(10**4000) < value < 10**4000:
            key = f"\x00{tag}-{len(big)}\x00"
            big[key] = value
            return key
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [swap(v) for v in value]
        return value

    text = json.dumps(swap(data), indent=2)
    if not big:
        return text
    # One pass over the text, however many placeholders: each is put back where it stands.
    return re.sub(rf'"\\u0000{tag}-(\d+)\\u0000"', lambda m: digits(big[f"\x00{tag}-{m.group(1)}\x00"]), text)


_Item = tuple[str, str]  # a term's text, and its monomial: the factors' names in sorted order


def _straight(terms: Sequence[Sequence[Any]], symbol_type: Any) -> list[_Item] | None:
    """Each term as its text straight from its factors, or None where one is not a product of distinct symbols.

    The monomial key tells like terms apart, which SymPy would combine. Two
    symbols of one name share a key: such terms go to SymPy too.
    """
    items: list[_Item] = []
    for t in terms:
        if len(t) == 1:
            f = t[0]
            if type(f) is not symbol_type:
                return None
            items.append((f.name, f.name))
        elif len(t) == 2:  # a weight matrix: the common case, kept quick
            f, g = t
            if type(f) is not symbol_type or type(g) is not symbol_type:
                return None
            a, b = f.name, g.name
            if a == b:
                return None
            text = f"{a}*{b}"
            items.append((text, text if a < b else f"{b}*{a}"))
        else:
            names = [f.name for f in t if type(f) is symbol_type]
            if len(names) != len(t) or len(set(names)) != len(names):
                return None
            items.append(("*".join(names), "*".join(sorted(names))))
    return items


def _joined(items: Sequence[_Item]) -> str | None:
    """``"h0*h1 + h1"``, or None where a monomial repeats (like terms: SymPy combines them)."""
    if len(items) == 1:
        return items[0][0]
    if len(items) == 2:  # a row's weight and bias: the common case, kept quick
        (first, key), (second, other) = items
        return f"{first} + {second}" if key != other else None
    if len({key for _, key in items}) < len(items):
        return None
    return " + ".join([text for text, _ in items])


def _formula(terms: Sequence[Sequence[Any]], items: Sequence[_Item] | None = None, memo: dict[Any, str | int] | None = None) -> str | int:
    """A sum of terms as plain text, in layer order, like terms combined where any repeat.

    ``items`` are the terms straight (see :func:`_straight`), where known:
    then the text is theirs unless a monomial repeats. ``memo`` keeps the
    text SymPy printed for each row's terms: a network of one repeated width
    (``w w w ...``) prints one row's text once, not once a layer.
    """
    if not terms:
        return 0
    if items is not None:
        fast = _joined(items)
        if fast is not None:
            return fast
    key = tuple(map(tuple, terms)) if memo is not None else None
    if key is not None and key in memo:  # type: ignore[operator]
        return memo[key]  # type: ignore[index]
    from ._format import ordered_sum

    value = ordered_sum(terms)
    text = 0 if value == 0 else plain(value)
    if memo is not None and len(memo) < 10_000:
        memo[key] = text
    return text


def _numbers(record: LayerRecord) -> str:
    """A numeric row's count as the products it is made of: ``784*16 + 16``, ``12*(4*768*768 + 768)``."""
    parts = ["*".join(map(text_value, t)) for t in counted(record.terms.weights + record.terms.biases)]
    inner = " + ".join(parts) or "0"
    if type(record.times) is int and record.times == 1 or inner == "0":
        return inner
    times = text_value(record.times)
    return f"{times}*({inner})" if len(parts) > 1 else f"{times}*{inner}"


def _shown(summary: Summary) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Totals and per-row cells as shown, in one pass over the records: ints, or text in layer order.

    Every value comes out final (an int, a string, or None for no
    ``tied_to``), so the renderers only lay them out.
    """
    if summary.numeric:
        rows = [_row(r, *map(json_value, (r.fan_in, r.fan_out, r.weights, r.biases, r.buffers, r.params))) for r in summary.layers]
        return {k: getattr(summary, k) for k in ("weights", "biases", "buffers", "total")}, rows
    import sympy

    symbol_type = sympy.Symbol
    roles = ("weights", "biases", "buffers")
    # Each role's terms straight, row after row, for the totals; None from the first row whose are not.
    gathered: list[list[_Item] | None] = [[], [], []]
    memo: dict[Any, str | int] = {}
    rows = []
    for r in summary.layers:
        w, b, k = r.terms if type(r.times) is int and r.times == 1 else map(r.scaled, roles)
        straight = [_straight(w, symbol_type), _straight(b, symbol_type), _straight(k, symbol_type) if k else []]
        for so_far, items in zip(gathered, straight):
            if so_far is not None and items:
                so_far += items
        if None in straight:
            gathered = [None if items is None else so_far for so_far, items in zip(gathered, straight)]
        w_items, b_items, k_items = straight
        wb_items = None if w_items is None or b_items is None else w_items + b_items
        fan_in, fan_out = _size(r.fan_in, symbol_type), _size(r.fan_out, symbol_type)
        cells = (_formula(w, w_items, memo), _formula(b, b_items, memo), _formula(k, k_items, memo), _formula(w + b, wb_items, memo))
        rows.append(_row(r, fan_in, fan_out, *cells))

    def terms(role: str) -> list[Any]:
        return [t for r in summary.layers for t in r.scaled(role)]

    totals: dict[str, Any] = {}
    texts: dict[str, str] = {}  # a role's total straight from its terms, where no monomial repeats
    keys: dict[str, set[str]] = {}
    for role, items in zip(roles, gathered):
        if items is not None:
            keys[role] = {key for _, key in items}
            if len(keys[role]) == len(items):
                texts[role] = " + ".join([text for text, _ in items])
        totals[role] = (texts[role] or 0) if role in texts else _formula(terms(role))
    if "weights" in texts and "biases" in texts and keys["weights"].isdisjoint(keys["biases"]):
        totals["total"] = " + ".join([text for text in (texts["weights"], texts["biases"]) if text]) or 0
    else:
        totals["total"] = _formula(terms("weights") + terms("biases"))
    return totals, rows


def _size(value: Any, symbol_type: Any) -> Any:
    """A fan-in or fan-out as shown: a symbol's name, or as JSON has it."""
    return value.name if type(value) is symbol_type else json_value(value)


def _row(r: LayerRecord, fan_in: Any, fan_out: Any, weights: Any, biases: Any, buffers: Any, params: Any) -> dict[str, Any]:
    times = r.times if type(r.times) is int else plain(r.times)
    active = r.active if r.active is None or type(r.active) is int else None if repr(r.active) == "UNKNOWN" else plain(r.active)
    return {
        "index": r.index, "name": r.name, "kind": r.kind, "times": times, "tied_to": r.tied_to, "active": active,
        "fan_in": fan_in, "fan_out": fan_out,
        "weights": weights, "biases": biases, "buffers": buffers, "params": params,
    }


_JSON_KEYS = ("index", "kind", "fan_in", "fan_out", "weights", "biases", "buffers", "params")


def summary_dict(summary: Summary) -> dict[str, Any]:
    """A summary as a JSON-ready dict: numbers as ints, formulas as strings.

    A row's ``name``, ``times`` and ``tied_to`` appear where they say
    something (a named row, a repeated block, a tied weight).
    """
    with full_collections_postponed():  # a dict per row, garbage once dumped: see symcount._bulk
        return _summary_dict(summary)


def _summary_dict(summary: Summary) -> dict[str, Any]:
    totals, rows = _shown(summary)
    out: dict[str, Any] = {"network": summary.name}
    out.update({k: json_value(v) for k, v in totals.items()})
    layers = []
    for row in rows:
        item = {key: row[key] for key in _JSON_KEYS}
        if row["name"]:
            item["name"] = row["name"]
        if row["times"] != 1:
            item["times"] = row["times"]
        if row["tied_to"] is not None:
            item["tied_to"] = row["tied_to"]
        if row["active"] is not None:
            item["active"] = row["active"]
        layers.append(item)
    if any(r.kind == "embedding" for r in summary.layers):  # Kaplan et al. 2020's N, beside the total
        out["non_embedding"] = json_value(summary.non_embedding)
    if summary.network.frozen:
        out["trainable"] = json_value(summary.trainable)
        out["frozen"] = list(summary.network.frozen)
    if summary.has_experts:  # a mixture of experts: what one token uses, beside the total (null: top-k unknown)
        out["active"] = json_value(summary.active) if summary.knows_active else None
    out["layers"] = layers
    return out


def summary_text(summary: Summary) -> str:
    """A per-row table and the totals, as plain text.

    Columns appear where they say something: ``name`` for named rows,
    ``times`` for repeated blocks, ``buffers`` where there are buffers, and
    for numbers the ``formula`` each row's count is made of.
    """
    with full_collections_postponed():  # cells per row, garbage once joined: see symcount._bulk
        return _summary_text(summary)


def _summary_text(summary: Summary) -> str:
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
    keys = [key for _, key, _ in columns]
    cells = []
    for row in rows:
        cell = [v if type(v) is str else text_value(v) for v in map(row.__getitem__, keys)]
        if row["tied_to"]:
            cell[keys.index("kind")] += f" (tied to {row['tied_to']})"
        cells.append(cell)
    header = [c[0] for c in columns]
    aligned = [c[2] for c in columns]
    if summary.numeric:
        header.append("formula")
        aligned.append(False)
        for cell, record in zip(cells, summary.layers):
            cell.append(_numbers(record))
    lines = [f"network {summary.name}"]
    lines += table(header, cells, numeric=aligned)
    labels = ["weights", "biases", "total"] + (["buffers"] if buffered else [])
    extra = (["trainable"] if summary.network.frozen else []) + (["active"] if summary.has_experts else [])
    width = max(map(len, labels + extra))
    lines += [f"{label.ljust(width)} {text_value(totals[label])}" for label in labels]
    if summary.network.frozen:
        lines.append(f"{'trainable'.ljust(width)} {text_value(summary.trainable)} ({', '.join(summary.network.frozen)} frozen)")
    if summary.has_experts and summary.knows_active:
        lines.append(f"{'active'.ljust(width)} {text_value(summary.active)} (per token: the top-k experts)")
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


# -- compute -----------------------------------------------------------------------------------


def _input(c: Compute) -> dict[str, Any]:
    f = c.flow
    out: dict[str, Any] = {"batch": json_value(f.batch)}
    if f.seq is not None:
        out["seq"] = json_value(f.seq)
    if f.source is not None:
        out["source"] = json_value(f.source)
    if f.spatial:
        out["image"] = [json_value(v) for v in f.spatial]
    out["attention"] = f.attention
    if f.window is not None:
        out["window"] = json_value(f.window)
    return out


def _backward(c: Compute) -> tuple[Any, Any]:
    """Backward and training FLOPs, or None for both where a layer's backward is not stated."""
    if any(r.backward_flops is None for r in c.layers):
        return None, None
    return c.backward_flops, c.train_flops


def compute_dict(c: Compute) -> dict[str, Any]:
    """A compute result as JSON-ready data: each quantity by its name, ints or formula strings."""
    from ._options import CONVENTION

    backward, train = _backward(c)
    layers = [
        {
            "index": r.index, "name": r.name, "kind": r.kind, "times": json_value(r.times),
            "forward_macs": json_value(r.forward_macs), "forward_flops": json_value(r.forward_flops),
            "backward_flops": None if r.backward_flops is None else json_value(r.backward_flops),
        }
        for r in c.layers
    ]
    return {
        "network": c.name,
        "input": _input(c),
        "convention": CONVENTION,
        "forward_macs": json_value(c.forward_macs),
        "forward_flops": json_value(c.forward_flops),
        "attention_flops": json_value(c.attention_flops),
        "backward_flops": None if backward is None else json_value(backward),
        "train_flops": None if train is None else json_value(train),
        "layers": layers,
    }


def compute_text(c: Compute) -> str:
    """A per-row table of multiply-adds and FLOPs and the totals, as plain text."""
    from ._options import CONVENTION

    backward, train = _backward(c)
    named = any(r.name for r in c.layers)
    repeated = any(not (type(r.times) is int and r.times == 1) for r in c.layers)
    header = ["layer"] + (["name"] if named else []) + ["kind"] + (["times"] if repeated else []) + ["forward FLOPs"]
    aligned = [True] + ([False] if named else []) + [False] + ([c.numeric] if repeated else []) + [c.numeric]
    if backward is not None:
        header.append("backward FLOPs")
        aligned.append(c.numeric)
    cells = []
    for r in c.layers:
        cell = [str(r.index)] + ([r.name] if named else []) + [r.kind] + ([text_value(r.times)] if repeated else [])
        cell.append(text_value(r.forward_flops))
        if backward is not None:
            cell.append(text_value(r.backward_flops))
        cells.append(cell)
    shape = ", ".join(f"{k} {' x '.join(map(text_value, v)) if isinstance(v, list) else text_value(v)}"
                      for k, v in _input(c).items())
    lines = [f"compute of {c.name} ({shape})"]
    lines += table(header, cells, numeric=aligned)
    totals = [("forward MACs", c.forward_macs), ("forward FLOPs", c.forward_flops), ("attention FLOPs", c.attention_flops)]
    if backward is not None:
        totals += [("backward FLOPs", backward), ("train FLOPs", train)]
    width = max(len(label) for label, _ in totals)
    lines += [f"{label.ljust(width)} {text_value(value)}" for label, value in totals]
    if backward is None:
        why = next(r.work.unstated for r in c.layers if r.backward_flops is None)
        lines.append(f"(no training FLOPs: the backward pass is not stated for {why})")
    lines.append(f"convention: {CONVENTION}")
    return "\n".join(lines)


# -- memory ------------------------------------------------------------------------------------


_CACHED = ("kv_cache_bytes", "inference_bytes")
_TRAINED = ("activation_bytes", "training_bytes")


def _asked(m: Memory) -> tuple[str, ...]:
    """The totals a memory result has: the model states, and the cache (generating) or the activations (training)."""
    from ._options import MEMORY_QUANTITIES

    left = (_CACHED + _TRAINED) if m.flow is None else _TRAINED if m.optimizer is None else _CACHED
    return tuple(q for q in MEMORY_QUANTITIES if q not in left)


def _setting(m: Memory) -> dict[str, Any]:
    out: dict[str, Any] = {"dtype": m.dtype, "optimizer": m.optimizer, "mixed": m.mixed}
    if m.zero:
        out["zero"] = m.zero
        out["devices"] = json_value(m.devices)
    if m.flow is not None:
        out["input"] = {"batch": json_value(m.flow.batch), "seq": json_value(m.flow.seq)}
        if m.optimizer is None:
            out["cache_dtype"] = m.cache_dtype
        else:
            out["attn_implementation"] = m.attn_implementation
            out["recompute"] = m.recompute
            out["labels"] = m.labels
    return out


def memory_dict(m: Memory) -> dict[str, Any]:
    """A memory result as JSON-ready data: each quantity by its name, ints or formula strings."""
    from ._options import MEMORY_CONVENTION

    out: dict[str, Any] = {"network": m.name, **_setting(m), "convention": MEMORY_CONVENTION}
    cached = m.flow is not None and m.optimizer is None
    out.update({q: json_value(m.quantity(q)) for q in _asked(m)})
    if m.zero:
        out["per_device"] = {q: json_value(v) for q, v in m.per_device().items()}
    out["layers"] = [
        {
            "index": r.index, "name": r.name, "kind": r.kind, "times": json_value(r.times), "params": json_value(r.params),
            "tensors": None if r.tensors is None else json_value(r.tensors), "trainable": r.trainable,
            "weight_bytes": json_value(r.weight_bytes), "gradient_bytes": json_value(r.gradient_bytes),
            "optimizer_bytes": json_value(r.optimizer_bytes),
        }
        for r in m.layers
    ]
    if cached:
        out["cache"] = [
            {"name": r.name, "kind": r.kind, "times": json_value(r.times), "positions": json_value(r.positions),
             "kv_cache_bytes": json_value(r.bytes)}
            for r in m.cache
        ]
    if m.flow is not None and m.optimizer is not None:
        from .layers import elements

        out["activations"] = [
            {"name": r.name, "kind": r.kind, "times": json_value(r.times), "activation_bytes": json_value(r.bytes),
             "saved": [{"what": t.what, "dtype": t.dtype, "elements": json_value(elements([t.term])), "shared": t.shared}
                       for t in r.saved]}
            for r in m.activations
        ]
    return out


def memory_text(m: Memory) -> str:
    """A per-row table of bytes and the totals, as plain text."""
    from ._options import MEMORY_CONVENTION

    training = m.optimizer is not None
    optimizer = m.optimizer_bytes  # refused here, once, where a step counter's tensors are not stated
    named = any(r.name for r in m.layers)
    repeated = any(not (type(r.times) is int and r.times == 1) for r in m.layers)
    header = ["layer"] + (["name"] if named else []) + ["kind"] + (["times"] if repeated else []) + ["params", "weights"]
    header += ["gradients", "optimizer"] if training else []
    aligned = [True] + ([False] if named else []) + [False] + ([m.numeric] if repeated else []) + [m.numeric] * (len(header) - 1)
    cells = []
    for r in m.layers:
        cell = [str(r.index)] + ([r.name] if named else []) + [r.kind] + ([text_value(r.times)] if repeated else [])
        cell += [text_value(r.params), text_value(r.weight_bytes)]
        cell += [text_value(r.gradient_bytes), text_value(r.optimizer_bytes)] if training else []
        cells.append(cell)
    setting = f"{m.dtype}" + (f", {m.optimizer}" if training else ", inference") + (", mixed precision" if m.mixed else "")
    lines = [f"memory of {m.name} ({setting}), in bytes"]
    lines += table(header, cells, numeric=aligned[: len(header)])
    totals = [("weights", m.weight_bytes)]
    if training:
        totals += [("gradients", m.gradient_bytes), ("optimizer", optimizer), ("model states", m.model_state_bytes)]
    if m.zero:
        share = m.per_device()
        totals += [(f"per device, ZeRO-{m.zero} over {text_value(m.devices)}", share["model_state_bytes"])]
    if m.flow is not None and m.optimizer is not None:
        seen = f"{text_value(m.flow.batch)} x {text_value(m.flow.seq)} positions"
        how = f"{m.attn_implementation or 'no'} attention" + (f", {m.recompute} recomputation" if m.recompute else "")
        lines.append(f"activations ({seen}, {m.dtype}, {how}), in bytes")
        lines += table(["name", "kind", "times", "bytes"],
                       [[r.name, r.kind, text_value(r.times), text_value(r.bytes)] for r in m.activations],
                       numeric=[False, False, m.numeric, m.numeric])
        totals.append(("activations", m.activation_bytes))
        # Under ZeRO each device keeps its share of the states and its own batch's activations, whole.
        totals.append(("training step, per device", m.per_device()["training_bytes"]) if m.zero else ("training step", m.training_bytes))
    elif m.flow is not None:
        seen = f"{text_value(m.flow.batch)} x {text_value(m.flow.seq)} positions"
        lines.append(f"key-value cache ({seen}, {m.cache_dtype}), in bytes")
        lines += table(["name", "kind", "times", "positions kept", "bytes"],
                       [[r.name, r.kind, text_value(r.times), text_value(r.positions), text_value(r.bytes)] for r in m.cache],
                       numeric=[False, False, m.numeric, m.numeric, m.numeric]) if m.cache else ["(no layer keeps a cache)"]
        totals += [("key-value cache", m.kv_cache_bytes), ("weights and cache", m.inference_bytes)]
    width = max(len(label) for label, _ in totals)
    lines += [f"{label.ljust(width)} {text_value(value)}" for label, value in totals]
    lines.append(f"convention: {MEMORY_CONVENTION}")
    return "\n".join(lines)
