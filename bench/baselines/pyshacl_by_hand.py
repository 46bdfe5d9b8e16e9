"""Baseline (a) of `make bench-scale`: the built dump checked with pySHACL, as a user would
write it (rdflib parses the dump and the vocabularies, pySHACL validates with our shapes).

    python bench/baselines/pyshacl_by_hand.py SHAPES DATA [DATA ...] [--core]

--core: SHACL Core only (the shapes' sh:sparql constraints deactivated).
"""

import sys

from pyshacl import validate
from rdflib import Graph, Literal
from rdflib.namespace import SH

args = [arg for arg in sys.argv[1:] if arg != "--core"]
shapes = Graph().parse(args[0])
data = Graph()
for path in args[1:]:
    data.parse(path)
if "--core" in sys.argv:
    for constraint in set(shapes.objects(None, SH.sparql)):
        shapes.add((constraint, SH.deactivated, Literal(True)))
conforms, _, text = validate(data, shacl_graph=shapes, allow_infos=True, allow_warnings=True)
print(text)
