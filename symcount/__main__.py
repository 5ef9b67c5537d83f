"""``python -m symcount``: the same as the ``symcount`` command."""

from .cli import main

raise SystemExit(main())
