"""Apache Jena's `shacl validate` from Debian's libapache-jena-java: the classpath and the
command line, for tests/test_jena.py (Jena as an oracle of our shapes) and bench/scale.py
(Jena as a baseline).

Debian ships Jena's jars in /usr/share/java but no `shacl` script; the command is the class
shacl.shacl_validate of jena-cmds, on a classpath of Jena's jars and those of its Debian
dependencies. Two more things: slf4j-nop, so that SLF4J does not warn on stderr; and Jena's
xerces messages. Debian's jena-core moves the classes of Jena's shaded xerces to the package
`xerces` but leaves their .properties files under org/apache/jena/ext/xerces/, where the
classes do not look: Jena fails at start with ExceptionInInitializerError.
`xerces_resources_jar` copies them from Debian's jar into a small jar under xerces/.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

JAVA = Path("/usr/share/java")
#: Jena's jars and those of libapache-jena-java's dependencies, by Debian package
JARS = {
    "libapache-jena-java": ["jena-base", "jena-core", "jena-arq", "jena-iri", "jena-shacl",
                            "jena-cmds"],
    "libslf4j-java": ["slf4j-api", "slf4j-nop"],
    "libcommons-cli-java": ["commons-cli"],
    "libcommons-codec-java": ["commons-codec"],
    "libcommons-compress-java": ["commons-compress"],
    "libcommons-csv-java": ["commons-csv"],
    "libcommons-io-java": ["commons-io"],
    "libcommons-lang3-java": ["commons-lang3"],
    "libdexx-java": ["dexx.collection"],
    "libgoogle-gson-java": ["gson"],
    "libguava-java": ["guava"],
    "libhttpclient-java": ["httpclient"],
    "libhttpcore-java": ["httpcore"],
    "libjackson2-core-java": ["jackson-core"],
    "libjackson2-databind-java": ["jackson-databind"],
    "libjackson2-annotations-java": ["jackson-annotations"],
    "libjsonld-java": ["jsonld-java"],
    "libjsonp2-java": ["jakarta.json-api"],
    "libprotobuf-java": ["protobuf"],
    "libthrift-java": ["thrift"],
    "libtitanium-json-ld-java": ["titanium-json-ld"],
}
SHADED_XERCES = "org/apache/jena/ext/xerces/"
#: the class of jena-cmds that is the `shacl validate` command
COMMAND = "shacl.shacl_validate"


def jar_files() -> list[tuple[Path, str]]:
    """Every jar of the classpath but the xerces resources, with its Debian package."""
    return [(JAVA / f"{name}.jar", package)
            for package, names in JARS.items() for name in names]


def xerces_resources_jar(folder: Path) -> Path:
    """A jar with jena-core's xerces message files under xerces/, where Debian's relocated
    xerces classes look them up (taken from Debian's jena-core.jar, nothing downloaded)."""
    target = folder / "jena-xerces-resources.jar"
    with zipfile.ZipFile(JAVA / "jena-core.jar") as core, zipfile.ZipFile(target, "w") as jar:
        for name in core.namelist():
            if name.startswith(SHADED_XERCES) and name.endswith(".properties"):
                jar.writestr("xerces/" + name[len(SHADED_XERCES):], core.read(name))
    if not jar.namelist():
        raise RuntimeError(f"{JAVA / 'jena-core.jar'} holds no xerces messages")
    return target


def classpath(jars: list[Path], folder: Path) -> str:
    """The classpath of Jena's command line: `jars` (see jar_files) and the xerces
    resources jar, made in `folder`."""
    return ":".join(map(str, [*jars, xerces_resources_jar(folder)]))


def shacl_validate(classpath: str, shapes: Path, data: Path) -> list[str]:
    """The command line of Jena's `shacl validate` of `data` against `shapes`: it prints the
    SHACL report in Turtle."""
    return ["java", "-cp", classpath, COMMAND, "--shapes", str(shapes), "--data", str(data)]
