"""Baseline (b) of `make bench-scale`: the I/O floor, pyoxigraph parsing the built dump and
writing the same triples again (Turtle), nothing else.

    python bench/baselines/oxigraph_floor.py DUMP.ttl OUTPUT.ttl
"""

import sys

from pyoxigraph import RdfFormat, parse, serialize

triples = list(parse(path=sys.argv[1], format=RdfFormat.TURTLE))
serialize(triples, sys.argv[2], RdfFormat.TURTLE)
print(len(triples), "triples")
