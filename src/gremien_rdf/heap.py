"""The cyclic garbage collector kept off the objects that exist when a long pass starts.

A validation holds a graph of a few million rdflib objects, none of them in a reference
cycle that needs collecting; each full collection walks all of them again, and the passes
that allocate many small containers (the set-wise engine's value-node lists, the stores'
N-Triples text) trigger such collections over and over: at 10,000 bodies that made the
set-wise pass 2.7 times slower than ten times its time at 1,000 bodies. Freezing the heap
(gc.freeze) leaves those objects out of every collection until the pass ends; objects made
during the pass are collected as before.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_depth = 0


@contextmanager
def frozen_heap() -> Iterator[None]:
    """The objects alive now left out of garbage collection until the block ends (a nested
    block freezes those made since, all until the outermost block ends)."""
    global _depth
    gc.freeze()
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            gc.unfreeze()
