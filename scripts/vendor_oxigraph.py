"""Re-create the vendored SPARQL engine of the website's query pages from the npm package
`oxigraph` at the version pinned in src/gremien_rdf/site/assets/vendor/oxigraph/vendor.json.

    python scripts/vendor_oxigraph.py           # fetch, check the tarball, write the files
    python scripts/vendor_oxigraph.py --check   # the same, but only compare with the files

`npm pack` fetches the tarball; its SHA-256 must be the one vendor.json records (a new
version is pinned by editing version and tarball_sha256 there, by hand, after reading its
changes). From the tarball's web.js and web_bg.wasm it writes two classic scripts, which
a page can load from file:// (where Chromium refuses ES modules and fetch()):

- oxigraph.js: web.js with its `export`s removed, wrapped in a function that puts the
  exported names on `globalThis.oxigraph` (wasm-bindgen's default export, the async
  initialiser, as `oxigraph.init`); the default location of the .wasm file, which needs
  import.meta, becomes an error: the caller passes the bytes;
- oxigraph-wasm.js: web_bg.wasm base64-encoded, as `globalThis.oxigraphWasm`.

The licence texts (LICENSE-MIT, LICENSE-APACHE) are not in the npm package: they are kept
in the folder as committed and only checked to be there. Then vendor.json records the
SHA-256 of every file it wrote.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

FOLDER = (Path(__file__).resolve().parents[1] / "src" / "gremien_rdf" / "site" / "assets"
          / "vendor" / "oxigraph")
RECORD = FOLDER / "vendor.json"
LICENCES = ("LICENSE-MIT", "LICENSE-APACHE")
EXPORT = re.compile(r"^export (class|function) (\w+)", re.MULTILINE)
LAST_EXPORT = "export { initSync, __wbg_init as default };"
DEFAULT_WASM = "module_or_path = new URL('web_bg.wasm', import.meta.url);"
NO_DEFAULT = ("throw new Error('oxigraph.init needs the bytes of the WebAssembly module: "
              "this build has no default location');")


def fetch(version: str, folder: Path) -> bytes:
    """The bytes of the tarball of oxigraph@`version`, as `npm pack` fetches it."""
    subprocess.run(["npm", "pack", f"oxigraph@{version}", "--silent"], cwd=folder,
                   check=True, stdout=subprocess.DEVNULL)
    return (folder / f"oxigraph-{version}.tgz").read_bytes()


def classic_script(module: str, version: str) -> str:
    """web.js (an ES module) as a classic script that defines `globalThis.oxigraph`."""
    names = EXPORT.findall(module)
    if not names or module.count(LAST_EXPORT) != 1 or module.count(DEFAULT_WASM) != 1:
        raise SystemExit("web.js is not shaped as this script expects: read the new "
                         "version's web.js and adapt classic_script()")
    body = EXPORT.sub(r"\1 \2", module).replace(LAST_EXPORT, "").replace(DEFAULT_WASM,
                                                                          NO_DEFAULT)
    if "import.meta" in body or re.search(r"^\s*(import|export)\b", body, re.MULTILINE):
        raise SystemExit("web.js still imports or exports after the rewrite: adapt "
                         "classic_script()")
    exported = ", ".join(f"{name}: {name}" for _, name in names)
    return (f"// oxigraph {version} (npm), web.js made a classic script by "
            "scripts/vendor_oxigraph.py of gremien-rdf; MIT OR Apache-2.0 (see the licence "
            "files beside it)\n"
            "(function () {\n" + body.rstrip() + "\n"
            f"globalThis.oxigraph = {{{exported}, initSync: initSync, init: __wbg_init}};\n"
            "}());\n")


def wasm_script(wasm: bytes, version: str) -> str:
    """The WebAssembly module as a classic script: its bytes in base64."""
    return (f"// oxigraph {version} (npm), web_bg.wasm in base64 (scripts/vendor_oxigraph.py)\n"
            f'globalThis.oxigraphWasm = "{base64.b64encode(wasm).decode("ascii")}";\n')


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the vendored files instead of writing them")
    args = parser.parse_args()
    record = json.loads(RECORD.read_text("utf-8"))
    version = record["version"]
    with tempfile.TemporaryDirectory(prefix="vendor-oxigraph-") as folder:
        tarball = fetch(version, Path(folder))
    if sha256(tarball) != record["tarball_sha256"]:
        print(f"the tarball of oxigraph@{version} has the SHA-256 {sha256(tarball)}, not "
              f"{record['tarball_sha256']} as vendor.json records", file=sys.stderr)
        return 1
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        def member(name: str) -> bytes:
            extracted = archive.extractfile(f"package/{name}")
            assert extracted is not None, name
            return extracted.read()
        module, wasm = member("web.js").decode("utf-8"), member("web_bg.wasm")
    written = {"oxigraph.js": classic_script(module, version).encode("utf-8"),
               "oxigraph-wasm.js": wasm_script(wasm, version).encode("ascii")}
    missing = [name for name in LICENCES if not (FOLDER / name).is_file()]
    if missing:
        print(f"missing licence files in {FOLDER}: {', '.join(missing)}", file=sys.stderr)
        return 1
    files = {**{name: sha256(data) for name, data in written.items()},
             **{name: sha256((FOLDER / name).read_bytes()) for name in LICENCES}}
    sources = {"web.js": sha256(module.encode("utf-8")), "web_bg.wasm": sha256(wasm)}
    if args.check:
        differ = [name for name, digest in files.items() if record["files"].get(name) != digest
                  or sha256((FOLDER / name).read_bytes()) != digest]
        if differ or record["sources"] != sources:
            print(f"differ from the vendored files: {', '.join(differ) or 'sources'}",
                  file=sys.stderr)
            return 1
        print(f"oxigraph {version}: the vendored files are the ones the tarball gives")
        return 0
    for name, data in written.items():
        (FOLDER / name).write_bytes(data)
    record.update(sources=sources, files=files)
    RECORD.write_text(json.dumps(record, indent=2) + "\n", "utf-8")
    print(f"oxigraph {version}: wrote {', '.join(written)} and vendor.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
