"""Whole-process timings of the CLI on the real data: `make bench`.

Each command runs REPEAT times in a fresh interpreter (start-up included, as a user sees
it); the median and the fastest run are printed. Outputs go to a temporary folder.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPEAT = 5


def measure(args: list[str]) -> tuple[float, float]:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "gremien_rdf", *args], check=True,
                       capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        raw = ROOT / "data" / "source" / "datenanhang-2-koordinierende-gremien.txt"
        cases = {
            "--help": ["--help"],
            "validate": ["validate"],
            "build": ["build", "--output", f"{tmp}/dist"],
            "import": ["import", str(raw), "--curated", str(ROOT / "data" / "gremien.yaml"),
                       "--output", f"{tmp}/draft.yaml"],
        }
        print(f"{'command':<10} {'median':>8} {'fastest':>8}   ({REPEAT} runs, whole process)")
        for name, args in cases.items():
            median, fastest = measure(args)
            print(f"{name:<10} {median:>7.3f}s {fastest:>7.3f}s")


if __name__ == "__main__":
    main()
