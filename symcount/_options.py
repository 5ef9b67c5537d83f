"""The printing options' vocabularies, shared by the printer and the command line.

Kept apart from ``printing`` (which imports SymPy) so that the command line
can offer them as choices without that import.
"""

from __future__ import annotations

#: The printing styles, and what each is for.
STYLES: dict[str, str] = {
    "expanded": "every term written out, for a network of concrete depth",
    "ellipsis": "the first and last terms with \\dots between, as the forum's second answer",
    "sum": "\\sum notation in a named form: split, combined or per_neuron",
    "worked": "the numbers of each sum worked out, as the forum's first answer",
    "table": "a per-layer tabular with symbolic and numeric columns",
}
MUL_SIGNS = {"times": r" \times ", "cdot": r" \cdot ", "juxtapose": " "}
BIAS_GROUPS = {"parens": (r"\left(", r"\right)"), "brackets": (r"\left[", r"\right]"), "none": ("", "")}
ENVIRONMENTS = ("none", "inline", "display", "equation", "align")
