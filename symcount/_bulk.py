"""Making many long-lived objects at once: the collector's full collections wait meanwhile.

CPython collects its youngest objects every few hundred allocations, and
collects everything (a walk over every object alive) whenever the old objects
have grown by a quarter since the last such walk. The records of a network
10**5 rows deep are about a million objects that live on, so a build meets a
full collection at every quarter of growth, each over a larger heap: a third
of the build's time, and what made it grow faster than the depth. The young
collections go on as usual; the full ones wait until the block ends, and the
next one then walks the new heap once. Nothing made here is cyclic garbage
for them to find.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["full_collections_postponed"]

_NEVER = 2**31 - 1  # young collections between full ones: none falls due while it stands


@contextmanager
def full_collections_postponed() -> Iterator[None]:
    """Run the block with no full collection falling due; the collector's thresholds are restored after.

    >>> before = gc.get_threshold()
    >>> with full_collections_postponed():
    ...     gc.get_threshold()[2] > before[2]
    True
    >>> gc.get_threshold() == before
    True
    """
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, _NEVER)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, full)
