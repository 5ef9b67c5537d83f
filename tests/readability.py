"""Readability checks on printed LaTeX: what a person would object to, found in the source.

Each check returns a list of complaints (empty: none). They read the LaTeX
as text, independently of the printer that wrote it.
"""

from __future__ import annotations

import re

_TEXT = re.compile(r"\\text\{[^{}]*\}")
_WORD = re.compile(r"\\mathit\{[^{}]*\}")
_SCRIPT = re.compile(r"[_^]\{[^{}]*\}")
_COMMAND = re.compile(r"\\[A-Za-z]+\*?")


def _plain(tex: str) -> str:
    """The formula with text, words, scripts and commands reduced to placeholders a check can read."""
    out = _TEXT.sub(" \u00b6 ", tex)  # a placeholder that is not a letter
    out = _WORD.sub(" \u00a4 ", out)
    out = re.sub(r"\\begin\{[^}]*\}(\{[^}]*\})?|\\end\{[^}]*\}", " ", out)
    for _ in range(3):  # nested scripts, innermost first
        out = _SCRIPT.sub("", out)
    out = re.sub(r"[_^][A-Za-z0-9]", "", out)
    out = re.sub(r"\\(left|right|bigl|bigr|Bigl|Bigr)\b", "", out)
    out = re.sub(r"\\[,;!]|\\quad|\\qquad", " ", out)
    out = out.replace("&", " OP ").replace("\\\\", " OP ")
    out = _COMMAND.sub(" OP ", out)
    return out


def complaints(tex: str) -> list[str]:
    """What reads badly in ``tex``: ``+ 0``, a number after a symbol in a product, names run together,
    ``_`` in ``\\text{}``, brackets around a single term."""
    if tex.startswith("\\begin{tabular}"):  # a tabular: its math is in its $ cells
        return [c for cell in re.findall(r"\$([^$]+)\$", tex) for c in complaints(cell)]
    found = []
    plain = _plain(tex)
    if re.search(r"(^|[^0-9])[+-] 0(?![0-9.])", tex) or re.search(r"(?<![0-9.{^_])0 \+", tex):
        found.append("a term 0 in a sum")
    if re.search(r"[A-Za-z})]\s*[0-9]", plain.replace("OP", " + ")):
        found.append(f"a number after a symbol inside a product: {plain[:120]}")
    if re.search(r"(?<![A-Za-z])[A-Za-z]{2,}", plain.replace("OP", " ")):
        found.append(f"a multi-letter name set as a run of letters: {plain[:120]}")
    if re.search(r"\u00a4\s*(\^\s*)?\u00a4", plain):
        found.append("two multi-letter names adjacent")
    for text in _TEXT.findall(tex):
        if "_" in text:
            found.append(f"_ inside \\text: {text}")
    for inner in _bracketed(tex):
        if not re.search(r" [+-] |,", inner):
            found.append(f"brackets around a single term: {inner[:60]}")
    return found


def _bracketed(tex: str) -> list[str]:
    """The contents of each ``\\left( ... \\right)`` and ``\\left[ ... \\right]``, outermost level of each."""
    out = []
    for m in re.finditer(r"\\left[(\[]", tex):
        depth, k = 0, m.end()
        while k < len(tex):
            if tex.startswith("\\left", k):
                depth += 1
            elif tex.startswith("\\right", k):
                if depth == 0:
                    inner = tex[m.end() : k]
                    # A term's own top-level signs only: nested brackets hide theirs.
                    out.append(_top_level(inner))
                    break
                depth -= 1
            k += 1
    return out


def _top_level(inner: str) -> str:
    out, depth, k = [], 0, 0
    while k < len(inner):
        if inner.startswith("\\left", k):
            depth += 1
        elif inner.startswith("\\right", k):
            depth -= 1
        elif depth == 0:
            out.append(inner[k])
        k += 1
    return "".join(out)
