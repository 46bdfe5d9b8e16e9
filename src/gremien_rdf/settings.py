"""The publication settings (publication.yaml): who publishes the dumps, under which licence,
where they can be downloaded, and how the dataset is described in its DCAT-AP.de metadata.

The file is read like the register: composed YAML, every problem collected and reported at
``file:line:column`` with a fix. Nothing here is derived from the clock: the dates are
settings, so that two builds of the same inputs give the same bytes.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import yaml

from gremien_rdf import LANGUAGES, resources
from gremien_rdf.errors import InputError, Position, Problem, display_path, fail, option
from gremien_rdf.rdf.names import check_base_iri, check_iri
from gremien_rdf.source.reader import NULL, STR, YamlReader, parse_yaml

#: DCAT-AP.de's licence list; the ids are those of data/reference/dcat-ap-de-licences.csv
LICENCE_SCHEME = "http://dcat-ap.de/def/licenses"
#: the EU's data themes (http://publications.europa.eu/resource/authority/data-theme):
#: code → (German, English) label, as the EU's table gives them. AGRI, INTR, JUST, SOCI:
#: checked in a copy of the table (version 20161225-1, berlinonline/ckanext-dcatde_berlin,
#: reference/mdr-nal/data-theme-skos-ap-act.ttl); GOVE, REGI: in a copy of the EU labels in
#: a sample catalogue of BB-Open's pkan; the German labels of the others: in the category
#: lists of several German open-data tools, which agree with each other and with the table
#: where we compared. None: no English label was checked, so none is published.
DATA_THEMES: dict[str, tuple[str, str | None]] = {
    "AGRI": ("Landwirtschaft, Fischerei, Forstwirtschaft und Nahrungsmittel",
             "Agriculture, fisheries, forestry and food"),
    "ECON": ("Wirtschaft und Finanzen", None),
    "EDUC": ("Bildung, Kultur und Sport", None),
    "ENER": ("Energie", None),
    "ENVI": ("Umwelt", None),
    "GOVE": ("Regierung und öffentlicher Sektor", "Government and public sector"),
    "HEAL": ("Gesundheit", None),
    "INTR": ("Internationale Themen", "International issues"),
    "JUST": ("Justiz, Rechtssystem und öffentliche Sicherheit",
             "Justice, legal system and public safety"),
    "REGI": ("Regionen und Städte", "Regions and cities"),
    "SOCI": ("Bevölkerung und Gesellschaft", "Population and society"),
    "TECH": ("Wissenschaft und Technologie", None),
    "TRAN": ("Verkehr", None),
}
#: the title of the EU's data-theme table, as its own RDF labels it
DATA_THEME_TABLE_TITLE = "Data theme Named Authority List"
#: the codes of the EU's planned-availability table (dcatap:availability), how long the
#: publisher plans to keep a distribution available, with their English labels (table
#: version 20220715-0, as Informasjonsforvaltning/fdk-reference-data's test data holds it:
#: src/test/resources/planned-availability-sparql-result.ttl)
PLANNED_AVAILABILITY = {"TEMPORARY": "temporary", "EXPERIMENTAL": "experimental",
                        "AVAILABLE": "available", "STABLE": "stable"}
#: an e-mail address: the common subset of RFC 5322 that is also safe in a mailto: IRI
EMAIL = re.compile(r"^[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
TIMESTAMP = "tag:yaml.org,2002:timestamp"

TOP_KEYS = {
    "base_iri": True, "version": True, "issued": True, "modified": True,
    "download_url": True, "landing_page": True, "licence": True, "attribution": False,
    "publisher": True, "contact": True, "title": True, "description": True,
    "keywords": True, "themes": True, "temporal": True, "availability": True,
    "versions": False,
}
#: the keys of an earlier release in `versions`
RELEASE_KEYS = {"version": True, "issued": True, "register": True}
#: the publisher types DCAT-AP.de allows (convention 37: the levels of government) of the
#: ADMS publisher-type vocabulary, with its English labels (SEMICeu/ADMS-AP,
#: purl.org/ADMS_SKOS_v2.00.ttl)
PUBLISHER_TYPE_SCHEME = "http://purl.org/adms/publishertype/1.0"
PUBLISHER_TYPES = {
    "LocalAuthority": "Local Authority",
    "RegionalAuthority": "Regional authority",
    "NationalAuthority": "National authority",
    "SupraNationalAuthority": "Supra-national authority",
}
PUBLISHER_KEYS = {"name": True, "url": True, "type": False}
CONTACT_KEYS = {"name": True, "email": False, "url": False}
LANGUAGE_KEYS = {language: True for language in LANGUAGES}
TEMPORAL_KEYS = {"start": True, "end": True}


@dataclass(frozen=True)
class Agent:
    """A publisher or contact point: a name and a web address or e-mail address; for a
    publisher, optionally its ADMS publisher type (a key of PUBLISHER_TYPES)."""

    name: str
    url: str | None
    email: str | None = None
    type: str | None = None


@dataclass(frozen=True)
class Licence:
    id: str
    label: str

    @property
    def iri(self) -> str:
        return f"{LICENCE_SCHEME}/{self.id}"

    @property
    def needs_attribution(self) -> bool:
        """Whether the licence asks users to name the source: the "BY" licences (CC BY,
        Datenlizenz Deutschland Namensnennung, ODC-BY)."""
        return bool(re.search(r"(^|-)by(-|/|$)", self.id)) or self.id == "odby"


@dataclass(frozen=True)
class Release:
    """An earlier released version: its number, day, and the register as released (a copy
    kept beside the settings)."""

    version: str
    issued: date
    register: Path


@dataclass(frozen=True)
class Publication:
    """The checked settings of one publication.yaml."""

    path: str
    base_iri: str
    version: str
    issued: date
    modified: date
    download_url: str
    landing_page: str
    licence: Licence
    attribution: str | None
    publisher: Agent
    contact: Agent
    title: dict[str, str]
    description: dict[str, str]
    keywords: dict[str, tuple[str, ...]]
    themes: tuple[str, ...]
    temporal: tuple[date, date]
    availability: str
    #: the versions released before `version`, oldest first
    releases: tuple[Release, ...] = ()

    def with_base_iri(self, base_iri: str | None) -> Publication:
        """These settings with --base-iri (if given) in place of the file's base IRI."""
        if not base_iri or base_iri == self.base_iri:
            return self
        return replace(self, base_iri=resolve_base_iri(base_iri))


def licences() -> dict[str, Licence]:
    """DCAT-AP.de's licences by id (data/reference/dcat-ap-de-licences.csv)."""
    path = resources.resource_root() / "data" / "reference" / "dcat-ap-de-licences.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: Licence(row["id"], row["label_de"]) for row in csv.DictReader(handle)}


class _SettingsReader(YamlReader):
    """The register's YAML reader, with the value kinds the settings need."""

    def iri(self, node: yaml.Node | None, what: str, folder: bool = False) -> str | None:
        value = self.text(node, what)
        if value is None:
            return None
        problem = (check_base_iri if folder else check_iri)(value)
        if problem:
            example = "https://example.org/gremien/" if folder else "https://example.org/page"
            self.problem(node, f"{what} {value!r} is not usable: {problem}",
                         f"write a full web address, as in {example}")
            return None
        return value

    def date(self, node: yaml.Node | None, what: str) -> date | None:
        if node is None or node.tag == NULL:
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag in (STR, TIMESTAMP):
            try:
                if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", node.value.strip()):
                    return date.fromisoformat(node.value.strip())
            except ValueError:
                pass
        found = repr(node.value) if isinstance(node, yaml.ScalarNode) else "a list or mapping"
        self.problem(node, f"{what} must be a date (YYYY-MM-DD), found {found}",
                     "write it as YYYY-MM-DD, e.g. 2026-11-27")
        return None

    def languages(self, node: yaml.Node | None, what: str) -> dict[str, str] | None:
        values = self.mapping(node, what, LANGUAGE_KEYS) if node is not None else None
        if values is None:
            return None
        texts = {lang: self.text(values.get(lang), f"{what}.{lang}") for lang in LANGUAGES}
        return texts if all(texts.values()) else None  # type: ignore[return-value]

    def word_lists(self, node: yaml.Node | None, what: str) -> dict[str, tuple[str, ...]] | None:
        values = self.mapping(node, what, LANGUAGE_KEYS) if node is not None else None
        if values is None:
            return None
        result: dict[str, tuple[str, ...]] = {}
        for lang in LANGUAGES:
            items = self.sequence(values.get(lang), f"{what}.{lang}")
            words = [self.required_text(item, f"an entry of {what}.{lang}") for item in items]
            if not items or any(word is None for word in words):
                return None
            result[lang] = tuple(word for word in words if word)
        return result

    def required_text(self, node: yaml.Node | None, what: str) -> str | None:
        """Text that must be there: a null value (`key:` or `~`) is a problem too."""
        if node is not None and node.tag == NULL:
            self.problem(node, f"{what} is empty", "write the value, or remove the entry")
            return None
        return self.text(node, what)


def load_settings(path: Path) -> Publication:
    """The publication settings in the YAML file at `path`; InputError listing every problem."""
    root = parse_yaml(path)
    reader = _SettingsReader(path)
    if root is None:
        raise InputError([Problem(Position(str(path), 1), "the file is empty",
                                  "start from the publication.yaml of gremien-rdf")])
    top = reader.mapping(root, "the settings", TOP_KEYS)
    if top is None:
        raise InputError(reader.problems)
    fields: dict[str, object] = {
        "base_iri": reader.iri(top.get("base_iri"), "base_iri", folder=True),
        "version": reader.text(top.get("version"), "version"),
        "issued": reader.date(top.get("issued"), "issued"),
        "modified": reader.date(top.get("modified"), "modified"),
        "download_url": reader.iri(top.get("download_url"), "download_url", folder=True),
        "landing_page": reader.iri(top.get("landing_page"), "landing_page"),
        "licence": _licence(reader, top.get("licence")),
        "attribution": reader.text(top.get("attribution"), "attribution"),
        "publisher": _agent(reader, top.get("publisher"), "publisher", PUBLISHER_KEYS),
        "contact": _agent(reader, top.get("contact"), "contact", CONTACT_KEYS),
        "title": reader.languages(top.get("title"), "title"),
        "description": reader.languages(top.get("description"), "description"),
        "keywords": reader.word_lists(top.get("keywords"), "keywords"),
        "themes": _themes(reader, top.get("themes")),
        "temporal": _temporal(reader, top.get("temporal")),
        "availability": _availability(reader, top.get("availability")),
    }
    releases = _releases(reader, top.get("versions"), path.parent)
    issued, modified = fields["issued"], fields["modified"]
    if isinstance(issued, date) and isinstance(modified, date) and modified < issued:
        reader.problem(top["modified"], f"modified ({modified}) is before issued ({issued})",
                       "a dataset is modified on or after the day it was first issued")
    licence = fields["licence"]
    if isinstance(licence, Licence) and licence.needs_attribution and not fields["attribution"]:
        reader.problem(top["licence"], f"the licence {licence.id} asks for attribution, but "
                       "'attribution' is not set",
                       "add 'attribution: <the text users must give when they reuse the data>'")
    for key, required in TOP_KEYS.items():
        if required and key in top and fields[key] is None and not reader.problems:
            # every path above that gives None records why; this is a safety net
            reader.problem(top[key], f"{key} is empty or not usable", f"write the {key}")
    if releases and isinstance(issued, date) and fields["version"]:
        last = releases[-1]
        if any(release.version == fields["version"] for release in releases):
            reader.problem(top["versions"], f"versions lists the current version "
                           f"{fields['version']}", "list only the versions released before "
                           "it; the current one is `version`")
        if last.issued > issued:
            reader.problem(top["versions"], f"the last earlier version, {last.version}, was "
                           f"released on {last.issued}, after this one ({issued})",
                           "list the versions released before `issued`, oldest first")
    if reader.problems or any(key not in top for key, req in TOP_KEYS.items() if req):
        raise InputError(reader.problems)
    return Publication(path=str(path), **fields, releases=releases)  # type: ignore[arg-type]


def _releases(reader: _SettingsReader, node: yaml.Node | None, folder: Path
              ) -> tuple[Release, ...]:
    """The earlier versions, oldest first: each a version, a day and the path of the
    register as released (relative to the settings' folder)."""
    found: list[Release] = []
    for item in reader.sequence(node, "versions"):
        values = reader.mapping(item, "an entry of versions", RELEASE_KEYS)
        if values is None or any(key not in values for key in RELEASE_KEYS):
            continue
        version = reader.text(values["version"], "versions: version")
        issued = reader.date(values["issued"], "versions: issued")
        register = reader.text(values["register"], "versions: register")
        if version is None or issued is None or register is None:
            continue
        if not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z.+-]*", version):
            reader.problem(values["version"], f"version {version!r} cannot be part of an IRI",
                           "write it with letters, digits and . + - only, e.g. 1.0.0")
            continue
        path = folder / register
        if not path.is_file():
            reader.problem(values["register"], f"the register of version {version}, "
                           f"{register}, is not there ({display_path(path)})",
                           "keep a copy of the register as released, and name its path "
                           "relative to this file")
            continue
        if any(release.version == version for release in found):
            reader.problem(values["version"], f"version {version} is listed twice",
                           "list each released version once")
            continue
        if found and issued < found[-1].issued:
            reader.problem(values["issued"], f"version {version} ({issued}) is listed after "
                           f"{found[-1].version} ({found[-1].issued}), which is later",
                           "list the versions oldest first")
            continue
        found.append(Release(version, issued, path))
    return tuple(found)


def _licence(reader: _SettingsReader, node: yaml.Node | None) -> Licence | None:
    value = reader.text(node, "licence")
    if value is None:
        return None
    known = licences()
    key = value.removeprefix(LICENCE_SCHEME + "/")
    if value.startswith(LICENCE_SCHEME + "/") and key in known:
        return known[key]
    hint = (f"did you mean {LICENCE_SCHEME}/{key}? " if key in known else "") + (
        f"write a licence IRI of DCAT-AP.de, {LICENCE_SCHEME}/<id>, where <id> is one of "
        f"data/reference/dcat-ap-de-licences.csv (e.g. cc-by/4.0, dl-by-de/2.0)")
    reader.problem(node, f"licence {value!r} is not a DCAT-AP.de licence IRI", hint)
    return None


def _agent(reader: _SettingsReader, node: yaml.Node | None, what: str,
           keys: dict[str, bool]) -> Agent | None:
    values = reader.mapping(node, what, keys) if node is not None else None
    if values is None:
        return None
    given = {key: value for key, value in values.items() if value.tag != NULL}
    for key in set(values) - set(given):
        reader.problem(values[key], f"{what}.{key} is empty", f"write the {key}, or remove "
                       "the key")
    name = reader.text(given.get("name"), f"{what}.name")
    if name is not None and not re.search(r"\w", name):
        reader.problem(given["name"], f"{what}.name {name!r} has no letter or digit",
                       "write the name")
        name = None
    url = reader.iri(given.get("url"), f"{what}.url")
    email = reader.text(given.get("email"), f"{what}.email")
    if email is not None:
        email = email.removeprefix("mailto:")
        if not EMAIL.match(email):
            reader.problem(given["email"], f"{what}.email {email!r} is not an e-mail address",
                           "write it as name@example.org (letters, digits and . _ + - only)")
            return None
    if "email" in keys and not (given.get("email") or given.get("url")):
        reader.problem(node, f"{what} has neither 'email' nor 'url'",
                       "DCAT-AP.de needs a way to reach the contact: add 'email:' or 'url:'")
        return None
    kind = reader.text(given.get("type"), f"{what}.type")
    if kind is not None and kind not in PUBLISHER_TYPES:
        reader.problem(given["type"], f"{what}.type {kind!r} is not a publisher type that "
                       "DCAT-AP.de allows",
                       f"use one of {', '.join(PUBLISHER_TYPES)} (ADMS publisher types for "
                       "the levels of government), or leave 'type' out")
        return None
    if name is None or len(given) < len(values) or ("url" in given and url is None):
        return None
    return Agent(name, url, email, kind)


def _themes(reader: _SettingsReader, node: yaml.Node | None) -> tuple[str, ...] | None:
    themes: list[str] = []
    for item in reader.sequence(node, "themes"):
        code = reader.required_text(item, "an entry of themes")
        if code is None:
            return None
        if code not in DATA_THEMES:
            reader.problem(item, f"themes: {code!r} is not a code of the EU's data themes",
                           f"use one of {', '.join(sorted(DATA_THEMES))}")
            return None
        if code in themes:
            reader.problem(item, f"themes names {code!r} twice", "remove one of them")
            return None
        themes.append(code)
    return tuple(themes) or None


def _availability(reader: _SettingsReader, node: yaml.Node | None) -> str | None:
    code = reader.text(node, "availability")
    if code is None:
        return None
    if code not in PLANNED_AVAILABILITY:
        reader.problem(node, f"availability {code!r} is not a code of the EU's planned "
                       "availability table",
                       f"use one of {', '.join(PLANNED_AVAILABILITY)}: how long you plan to "
                       "keep the files at download_url")
        return None
    return code


def _temporal(reader: _SettingsReader, node: yaml.Node | None) -> tuple[date, date] | None:
    values = reader.mapping(node, "temporal", TEMPORAL_KEYS) if node is not None else None
    if values is None:
        return None
    start = reader.date(values.get("start"), "temporal.start")
    end = reader.date(values.get("end"), "temporal.end")
    if start and end and end < start:
        reader.problem(values["end"], f"temporal.end ({end}) is before temporal.start ({start})",
                       "swap them")
        return None
    return (start, end) if start and end else None


#: the environment variable that names another settings file
SETTINGS_VAR = "GREMIEN_RDF_SETTINGS"


def default_settings() -> Path:
    """The publication.yaml that commands read when --settings is not given."""
    return resources.settings_file()


def settings_in_use() -> list[Path]:
    """The settings file that a command without --settings reads: GREMIEN_RDF_SETTINGS, or
    the shipped one."""
    from gremien_rdf.errors import environment

    named = environment(SETTINGS_VAR)
    return [Path(named) if named else default_settings()]


def resolve_base_iri(base_iri: str | None, settings: Path | None = None) -> str:
    """--base-iri if given (checked), else the base IRI of the settings file (default: the
    shipped one)."""
    if base_iri:
        problem = check_base_iri(base_iri)
        if problem:
            raise fail(None, f"{option('base-iri')} {base_iri!r} cannot be used: {problem}",
                       "give a folder IRI such as https://example.org/gremien/")
        return base_iri
    return load_settings(settings or default_settings()).base_iri
