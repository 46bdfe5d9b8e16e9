"""The Python API of gremien-rdf: what the commands build, site, validate, cite and import
call.

    >>> import gremien_rdf
    >>> register = gremien_rdf.load()   # ./data/gremien.yaml if there is one, else the shipped
    >>> register.validate().fails("violation")
    False

`load` reads a register (YAML) and converts it to RDF; the `Dataset` it returns validates
it, renders every file of a build (`outputs`, `site`, nothing written), runs stored queries
and writes a build folder in one step (`write`). `validate_paths`, `publish` and
`import_raw` stand beside it. Every error is a `GremienError` (see gremien_rdf.errors).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from rdflib import Graph

from gremien_rdf import resources
from gremien_rdf.digests import FileData, bytes_of
from gremien_rdf.errors import ValidationFailed, fail, option
from gremien_rdf.model import Register
from gremien_rdf.progress import step
from gremien_rdf.publishing.distributions import (
    CATALOG,
    CHECKSUMS,
    FILES,
    VOID_FILE,
    gzipped,
)
from gremien_rdf.publishing.files import checksum_list, refuse_inputs, write_files
from gremien_rdf.publishing.metadata import VersionNotes, catalog_graph
from gremien_rdf.publishing.spool import spool_folder, spool_text
from gremien_rdf.publishing.swap import check_output_folder, replace_folder
from gremien_rdf.publishing.tabular import table_files
from gremien_rdf.publishing.void import void_graph
from gremien_rdf.rdf.convert import Conversion
from gremien_rdf.rdf.serialize import FORMATS, chunks, context, turtle
from gremien_rdf.rdf.vocabularies import Vocabularies, load_vocabularies
from gremien_rdf.resources import LOCAL_SOURCE as LOCAL_SOURCE
from gremien_rdf.resources import source_in_use as source_in_use
from gremien_rdf.settings import (
    Publication,
    load_settings,
    resolve_base_iri,
    settings_in_use,
)
from gremien_rdf.source.rawtable import Draft, draft_yaml, import_table, repairs_tsv
from gremien_rdf.source.register import load_converted, load_register
from gremien_rdf.validation.engine import DEFAULT_ENGINE
from gremien_rdf.validation.findings import ValidationReport
from gremien_rdf.validation.validate import check_conversion, check_metadata

if TYPE_CHECKING:
    from gremien_rdf.editions.diff import Diff
    from gremien_rdf.publishing.publish import Published
    from gremien_rdf.queries.run import QueryData
    from gremien_rdf.queries.stored import StoredQuery
    from gremien_rdf.site.pages import History, VersionChanges

class Version(NamedTuple):
    """One version of the data: the settings' earlier ones, then the current one."""

    version: str
    issued: date
    #: the register as released (the current one: the Dataset's)
    register: Register
    #: what changed from the version before; None for the first
    diff: Diff | None


#: every file `build` writes, in the order it lists them, besides the website
DIST_FILES = (*FILES, CHECKSUMS)
#: the folder of the website, inside the output folder
SITE = "site"

@dataclass(frozen=True)
class BuildResult:
    source: Path
    files: list[Path]
    bodies: int
    laender: int
    laender_known: int
    triples: int
    report: ValidationReport
    publication: Publication
    #: the site's files (below OUTPUT/site/), and how many of them are HTML pages
    site_files: int = 0
    site_pages: int = 0


@dataclass
class Dataset:
    """A register, read, checked and converted to RDF; validated, rendered and written on
    demand (the validation and the build's files at most once)."""

    source: Path
    register: Register
    vocabularies: Vocabularies
    conversion: Conversion
    #: the publication settings' file
    settings: Path
    _report: ValidationReport | None = field(default=None, repr=False)
    _outputs: dict[str, bytes] | None = field(default=None, repr=False)
    _publication: Publication | None = field(default=None, repr=False)
    _versions: list[Version] | None = field(default=None, repr=False)

    @property
    def graph(self) -> Graph:
        """The register as RDF (an rdflib Graph, made when first asked for: the build and
        validation work on `conversion.triples`), IRIs under `base_iri`."""
        return self.conversion.graph

    @property
    def base_iri(self) -> str:
        return self.vocabularies.iris.base

    @property
    def publication(self) -> Publication:
        """The publication settings (title, publisher, licence, version), with the base
        IRI in use (read once)."""
        if self._publication is None:
            self._publication = load_settings(self.settings).with_base_iri(self.base_iri)
        return self._publication

    def versions(self) -> list[Version]:
        """Every version, oldest first: the settings' earlier versions, then the current
        one, each with the diff from the one before. Made once per Dataset."""
        if self._versions is None:
            from gremien_rdf.editions.diff import Side, compare

            publication = self.publication
            found: list[Version] = []
            before: Side | None = None
            for version, issued, register in (
                    *((r.version, r.issued, load_register(r.register, self.vocabularies))
                      for r in publication.releases),
                    (publication.version, publication.issued, self.register)):
                side = Side(register, self.vocabularies, f"version {version}")
                found.append(Version(version, issued, register,
                                     compare(before, side) if before is not None else None))
                before = side
            self._versions = found
        return self._versions

    def version_notes(self) -> tuple[tuple[VersionNotes, ...], str | None]:
        """The settings' earlier versions, each with what changed from the one before, and
        what changed in the current version from the last of them (None without earlier
        versions): `gremien-rdf diff` of the registers as released, summed up."""
        from gremien_rdf.editions.render import first_version_notes, version_notes

        versions = self.versions()
        if len(versions) == 1:
            return (), None
        notes = [version_notes(v.diff, versions[n - 1].version) if v.diff is not None
                 else first_version_notes(v.register) for n, v in enumerate(versions)]
        return (tuple(VersionNotes(v.version, v.issued, said, v.register)
                      for v, said in zip(versions[:-1], notes[:-1], strict=True)),
                notes[-1])

    def site_versions(self) -> tuple[tuple[VersionChanges, ...], dict[str, History]]:
        """The Changes page's versions (newest first) and each current body's history
        (oldest first), from versions(); nothing without earlier versions."""
        from gremien_rdf.editions.diff import changed_fields
        from gremien_rdf.site.pages import VersionChanges

        versions = self.versions()
        if len(versions) == 1:
            return (), {}
        pages: list[VersionChanges] = []
        history: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
        for version, issued, register, diff in versions:
            if diff is None:
                pages.append(VersionChanges(version, issued, len(register.bodies), first=True))
                for body in register.bodies:
                    history.setdefault(body.id, []).append((version, "added", ()))
                continue
            moved = {m.old.id: m.new.id for m in diff.matched}
            history = {moved[key]: said for key, said in history.items() if key in moved}
            renamed = [m for m in diff.changed if m.old.title != m.new.title]
            changed = [(m, fields) for m in diff.changed if (fields := changed_fields(m))]
            for body in diff.added:
                history.setdefault(body.id, []).append((version, "added", ()))
            for match in renamed:
                history.setdefault(match.new.id, []).append((version, "renamed",
                                                             (match.old.title,)))
            for match, fields in changed:
                history.setdefault(match.new.id, []).append((version, "changed", fields))
            pages.append(VersionChanges(
                version, issued, len(register.bodies),
                added=tuple((b.id, b.title) for b in diff.added),
                removed=tuple((b.id, b.title) for b in diff.removed),
                renamed=tuple((m.new.id, m.old.title, m.new.title) for m in renamed),
                changed=tuple((m.new.id, m.new.title, fields) for m, fields in changed),
                report=tuple(c.field for c in diff.report), concepts=len(diff.concepts)))
        return tuple(reversed(pages)), {key: tuple(said) for key, said in history.items()}

    def validate(self, engine: str = DEFAULT_ENGINE) -> ValidationReport:
        """The findings of the SHACL shapes and the stored checks, each at its line in the
        YAML source; SHACL Core evaluated by `engine` (one of ENGINES; the report of the
        default engine is kept for the build)."""
        if engine != DEFAULT_ENGINE:
            report = ValidationReport(files=[str(self.source)])
            check_conversion(self.conversion, self.vocabularies, report, engine)
            return report
        if self._report is None:
            report = ValidationReport(files=[str(self.source)])
            check_conversion(self.conversion, self.vocabularies, report)
            self._report = report
        return self._report

    def outputs(self, fail_on: str = "violation") -> dict[str, bytes]:
        """Every file of a build but the website, by name as in the build folder (see
        DIST_FILES): dumps, tables, metadata and checksums. Nothing is written.
        ValidationFailed if the data fails at `fail_on` (violation, warning or info)."""
        self._passing(fail_on)
        if self._outputs is None:
            self._outputs = {name: bytes_of(data) for name, data in self._render().items()}
        return dict(self._outputs)

    def site(self, fail_on: str = "violation") -> dict[str, bytes]:
        """The website's files by path (below site/ of a build). Nothing is written."""
        website = self._site(self.outputs(fail_on))
        return {name: bytes_of(data) for name, data in website.items()}

    def _site(self, outputs: Mapping[str, FileData]) -> dict[str, FileData]:
        from gremien_rdf.site.build import site_files
        from gremien_rdf.site.pages import SiteInput
        from gremien_rdf.site.query_pages import query_results

        versions, history = self.site_versions()
        return site_files(SiteInput(self.publication, self.register, self.vocabularies,
                                    self.conversion.triples, outputs,
                                    query_results(self.register, self.vocabularies,
                                                  self.conversion.triples),
                                    versions, history))

    def query(self, name: str, *, lang: str = "en", **params: str) -> list[dict[str, str]]:
        """The rows of the stored query `name` (or of a query file, a path ending in .rq):
        each a dict of variable → value (an IRI, or a literal's text); an unbound variable
        is left out. `params` are the query's parameters, e.g. actor="LKA"."""
        from gremien_rdf.queries.run import run
        from gremien_rdf.queries.stored import find_query

        solutions = run(find_query(name), self.query_data, params, lang)
        names = [variable.value for variable in solutions.variables]
        return [{name: term.value for name in names if (term := solution[name]) is not None}
                for solution in solutions]

    @cached_property
    def query_data(self) -> QueryData:
        """The register and the vocabularies in a pyoxigraph store, for queries."""
        from gremien_rdf.queries.run import query_data

        return query_data(self.register, self.vocabularies, self.conversion.triples)

    def citation(self, body: str | None = None, lang: str = "de", fmt: str = "text") -> str:
        """How to cite the dataset, or the body with that id, title or former title: fmt
        text, bibtex, ris or csl (CSL-JSON)."""
        from gremien_rdf.publishing import cite

        item = cite.find_body(self.register, body) if body is not None else None
        return cite.render(cite.citation(self.publication, self.register, item, lang), fmt)

    def write(self, folder: str | Path, *, site: bool = True, fail_on: str = "violation",
              only_site: bool = False) -> BuildResult:
        """Replace `folder`, in one step, by the build: every file of `outputs` and (with
        `site`) the website in site/. With `only_site`, replace site/ alone and leave the
        other files of an earlier build as they are. ValidationFailed, and nothing
        written, if the data fails at `fail_on`. `folder` must be new, empty or an earlier
        build."""
        folder = Path(folder)
        inputs = [self.source, self.settings, *resources.input_files(),
                  *(release.register for release in self.publication.releases)]
        check_output_folder(folder, inputs)  # before the work, not only at its end
        self._passing(fail_on)
        with spool_folder(folder) as spool:  # the dumps go to disk as they are written
            outputs = self._render(spool)
            website = self._site(outputs) if site or only_site else {}
            files = {f"{SITE}/{name}": data for name, data in website.items()}
            with step(f"writing the files into {folder}"):
                if only_site:
                    replace_folder(folder, files, scope=f"{SITE}/", inputs=inputs)
                else:
                    replace_folder(folder, outputs | files, inputs=inputs)
        register = self.register
        return BuildResult(
            source=self.source,
            files=[] if only_site else [folder / name for name in DIST_FILES],
            bodies=len(register.bodies),
            laender=len({body.land for body in register.bodies}),
            laender_known=len(self.vocabularies["land"].concepts),
            triples=len(self.conversion.triples),
            report=self.validate(),
            publication=self.publication,
            site_files=len(website),
            site_pages=sum(1 for name in website if name.endswith(".html")),
        )

    def _passing(self, fail_on: str) -> None:
        """ValidationFailed if the data fails at `fail_on`: nothing is rendered then."""
        report = self.validate()
        if report.fails(fail_on):
            raise ValidationFailed(report)

    def _render(self, spool: Path | None = None) -> dict[str, FileData]:
        """Every file of `outputs`; the dumps and their gzipped copies written into
        `spool` as they are made (Spooled), or (no `spool`) as bytes."""
        base_iri = self.base_iri
        publication = self.publication
        data = self.conversion.triples
        index = data.by_subject()  # one for the three formats
        outputs: dict[str, FileData] = {}
        for fmt, suffix in FORMATS.items():
            name = f"gremien{suffix}"
            with step(f"writing {name}"):
                pieces = chunks(data, fmt, base_iri, index)
                if spool is not None:
                    outputs |= spool_text(spool, name, pieces)
                else:
                    text = "".join(pieces).encode("utf-8")
                    outputs |= {name: text, f"{name}.gz": gzipped(text)}
        del index
        outputs |= {
            "context.jsonld": (json.dumps(context(), ensure_ascii=False, indent=2) + "\n")
            .encode("utf-8"),
            "ontology.ttl": resources.ontology_file().read_bytes(),
            "vocabularies.ttl": turtle(self.vocabularies.graph, base_iri).encode("utf-8"),
        }
        with step("writing the tables"):
            outputs |= table_files(self.register, self.vocabularies, publication)
        with step("writing the metadata"):
            outputs[VOID_FILE] = turtle(void_graph(publication, self.register, data),
                                        base_iri).encode()
            releases, notes = self.version_notes()
            catalog = catalog_graph(publication, self.register, self.vocabularies, outputs,
                                    releases, notes)
            check_metadata(catalog, publication.path)
            outputs[CATALOG] = turtle(catalog, base_iri).encode("utf-8")
        with step("computing the checksums"):
            outputs[CHECKSUMS] = checksum_list(outputs)
        return {name: outputs[name] for name in DIST_FILES}


def load(source: str | Path | None = None, *, settings: str | Path | None = None,
         base_iri: str | None = None) -> Dataset:
    """The register at `source` (YAML; default: `source_in_use`), read, checked and
    converted to RDF. IRIs are minted under `base_iri`, else under the base IRI of the
    publication settings (`settings`, else GREMIEN_RDF_SETTINGS, else the shipped
    publication.yaml). InputError, with file:line, if the register cannot be read."""
    path = source_in_use(source)
    settings_path = Path(settings) if settings is not None else settings_in_use()[0]
    # the settings are read now only if they give the base IRI; else when first needed
    publication = None if base_iri else load_settings(settings_path)
    register, vocabularies, conversion = load_converted(
        path, resolve_base_iri(base_iri) if publication is None else publication.base_iri)
    return Dataset(path, register, vocabularies, conversion, settings_path,
                   _publication=publication)


def build(source: str | Path | None, output: str | Path, base_iri: str | None = None,
          fail_on: str = "violation", settings: str | Path | None = None, *,
          only_site: bool = False) -> BuildResult:
    """`load(source, …).write(output, …)`, with `output` checked first (a wrong folder is
    reported before the work, not after it): what `gremien-rdf build` and, `only_site`,
    `gremien-rdf site` do."""
    output = Path(output)
    inputs: list[Path | None] = [None if path is None else Path(path)
                                 for path in (source, settings)]
    check_output_folder(output, [*inputs, *resources.input_files()])
    dataset = load(source, settings=settings, base_iri=base_iri)
    return dataset.write(output, fail_on=fail_on, only_site=only_site)


def validate_paths(paths: str | Path | Iterable[str | Path],
                   base_iri: str | None = None, *, engine: str = DEFAULT_ENGINE
                   ) -> ValidationReport:
    """The findings of YAML registers (.yaml, .yml) and RDF dumps (.ttl, .nt, .jsonld), one
    path or several, in one report; IRIs under `base_iri`, else that of the publication
    settings. `engine`: the SHACL Core engine, one of ENGINES ("setwise", the default, or
    "pyshacl")."""
    from gremien_rdf.validation.validate import validate_paths as validate

    given = [paths] if isinstance(paths, str | Path) else list(paths)
    return validate([Path(path) for path in given],
                    resolve_base_iri(base_iri, settings_in_use()[0]), engine)


def publish(dist: str | Path, endpoint: str, graph: str | None = None, *,
            timeout: float = 60.0, retries: int = 2, max_bytes: int = 512 << 20) -> Published:
    """Upload the build in `dist` to the SPARQL Graph Store Protocol `endpoint` (the named
    graph `graph`, else the dataset's IRI), replacing what the graph held, and read it
    back. RemoteError when the server fails."""
    from gremien_rdf.publishing.publish import publish as upload
    from gremien_rdf.remote.client import Server

    return upload(Path(dist), endpoint, graph,
                  Server(timeout=timeout, retries=retries, max_bytes=max_bytes))


def stored_queries() -> list[StoredQuery]:
    """The stored queries shipped with gremien-rdf, by name."""
    from gremien_rdf.queries.stored import catalogue

    return catalogue()


def import_raw(raw: str | Path, output: str | Path, repairs: str | Path,
               curated: str | Path | None = None, base_iri: str | None = None) -> Draft:
    """Import the raw table text into a draft YAML and a repair log; write both or neither.
    `curated`: a register whose ids, places and report ids are kept for the bodies found
    again; `base_iri`: default that of the publication settings."""
    raw, output, repairs = Path(raw), Path(output), Path(repairs)
    curated = None if curated is None else Path(curated)
    base_iri = resolve_base_iri(base_iri, settings_in_use()[0])
    if output.resolve() == repairs.resolve():
        raise fail(None, f"{option('output')} and {option('repairs')} are the same file: "
                   f"{output}",
                   "give the repair log its own file name")
    inputs = [raw, curated, *resources.input_files(), *settings_in_use()]
    refuse_inputs(inputs, [output, repairs])  # before the work, not only at the end
    vocabularies = load_vocabularies(base_iri)
    curated_register = load_register(curated, vocabularies) if curated else None
    draft = import_table(raw, vocabularies, curated_register)
    write_files([
        (output, draft_yaml(draft).encode("utf-8")),
        (repairs, repairs_tsv(draft.repairs).encode("utf-8")),
    ], inputs=inputs)
    return draft
