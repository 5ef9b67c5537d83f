"""Collection at the top of the repository: doctests that need an optional tool.

``symcount/torch_reader.py`` shows PyTorch in its examples. Where PyTorch is
not installed (a user's machine after the README's test command) they are
left out; in CI (``CI=true``), which installs it, they always run.
"""

from __future__ import annotations

import importlib.util
import os

collect_ignore = []
if importlib.util.find_spec("torch") is None and os.environ.get("CI", "").lower() not in {"1", "true", "yes"}:
    collect_ignore.append("symcount/torch_reader.py")
