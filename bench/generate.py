"""A synthetic register of N bodies for `make bench-scale`: the real register's bodies,
drawn at random (seeded) and made unique (id, title, the verbatim title, the source row),
so that it validates with 0 errors like the real one.

    python bench/generate.py 10000 /tmp/register-10000.yaml [--seed 13]
"""

from __future__ import annotations

import argparse
import copy
import random
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def generate(size: int, seed: int = 13) -> dict:
    """The register with `size` bodies (the first 44 are the real ones, in order)."""
    real = yaml.safe_load((ROOT / "data" / "gremien.yaml").read_text("utf-8"))
    bodies = real["bodies"]
    draw = random.Random(seed)
    out = []
    for index in range(size):
        body = copy.deepcopy(bodies[index] if index < len(bodies) else draw.choice(bodies))
        if index >= len(bodies):
            copy_no = index + 1
            body["id"] = f"{body['id']}-n{copy_no}"
            body["title"] = f"{body['title']} {copy_no}"
            body["source"]["title"] = f"{body['source']['title']} {copy_no}"
            for former in body.get("former_titles", []):
                former["title"] = f"{former['title']} {copy_no}"
        body["source"]["row"] = index + 1
        out.append(body)
    return {"report": real["report"], "bodies": out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int)
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    register = generate(args.size, args.seed)
    args.output.write_text(yaml.safe_dump(register, allow_unicode=True, sort_keys=False,
                                          width=1000), "utf-8")


if __name__ == "__main__":
    main()
