"""Whole-process timings of the CLI on the real data: `make bench`.

Each command runs REPEAT times in a fresh interpreter (start-up included, as a user sees
it); the median and the fastest run are printed. Outputs go to a temporary folder.
"""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
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


def oxigraph_server(folder: str) -> tuple[subprocess.Popen, str]:
    """A writable Oxigraph server on 127.0.0.1 (the test dependency `oxigraph`)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(Path(sys.executable).parent / "oxigraph"), "serve",
                               "--location", folder, "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    return server, f"http://127.0.0.1:{port}/store"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        server, store = oxigraph_server(f"{tmp}/store")
        raw = ROOT / "data" / "source" / "datenanhang-2-koordinierende-gremien.txt"
        cases = {
            "--help": ["--help"],
            "validate": ["validate"],
            "build": ["build", "--output", f"{tmp}/dist"],
            "import": ["import", str(raw), "--curated", str(ROOT / "data" / "gremien.yaml"),
                       "--output", f"{tmp}/draft.yaml"],
            "publish": ["publish", "--endpoint", store, "--dist", f"{tmp}/dist"],
        }
        print(f"{'command':<10} {'median':>8} {'fastest':>8}   ({REPEAT} runs, whole process)")
        try:
            for name, args in cases.items():
                median, fastest = measure(args)
                print(f"{name:<10} {median:>7.3f}s {fastest:>7.3f}s")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
