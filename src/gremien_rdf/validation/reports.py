"""A validation report in the formats people and tools read.

- text: grouped by file and body, one line per finding, coloured on a terminal;
- turtle: the standard SHACL sh:ValidationReport;
- json: findings as plain objects;
- sarif: SARIF 2.1.0, one rule per shape, a stable fingerprint per result, so code-scanning
  pages show each finding on its YAML line;
- github: GitHub Actions workflow commands (::error file=…,line=…::…).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from itertools import groupby

from gremien_rdf import SEVERITY_LEVELS, __version__
from gremien_rdf.characters import printable
from gremien_rdf.errors import Style, display_path, option, words
from gremien_rdf.severity import Severity
from gremien_rdf.validation.findings import LOAD_RULE, Finding, ValidationReport

INFORMATION_URI = "https://w3id.org/gremien-rdf/"
#: the schema's own id (OASIS SARIF 2.1.0, errata 01)
SARIF_SCHEMA = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                "sarif-schema-2.1.0.json")


def render(report: ValidationReport, fmt: str, fail_on: str, lang: str = "en",
           colour: bool = False, style: Style = "api") -> str:
    """`report` in format `fmt` (one of REPORT_FORMATS), its messages and fixes naming
    options and commands as `style`'s reader knows them (errors.words)."""
    writers: dict[str, Callable[..., str]] = {
        "text": text, "turtle": turtle, "json": as_json, "sarif": sarif, "github": github,
    }
    worded = replace(report, findings=[
        replace(finding, messages={lang: words(message, style)
                                   for lang, message in finding.messages.items()},
                hint=words(finding.hint, style))
        for finding in report.findings])
    return writers[fmt](worded, fail_on=fail_on, lang=lang, colour=colour, style=style)


def _where(finding: Finding) -> str:
    position = finding.position
    return f"{position.line}:{position.column}" if position else "-"


def _describe(finding: Finding, lang: str) -> str:
    """The finding in one sentence: property, value, message, fix; control characters (of
    a value in a broken file, say) written as escapes."""
    parts = []
    name = finding.property_name(lang)
    if name:
        parts.append(f"{name}:")
    if finding.value is not None:
        parts.append(f"{finding.value!r} —" if len(finding.value) < 80 else
                     f"{finding.value[:77]!r}… —")
    parts.append(finding.message(lang))
    if finding.hint:
        parts.append(f"(fix: {finding.hint})")
    return printable(" ".join(parts))


def summary(report: ValidationReport, fail_on: str, style: Style = "api") -> str:
    def counted(level: str) -> str:
        n = report.count(level)
        plural = "s" if n != 1 and level != "info" else ""
        return f"{n} {Severity(level).label}{plural}"

    counts = ", ".join(counted(level) for level in SEVERITY_LEVELS)
    files = len(report.files)
    verdict = f"{'fails' if report.fails(fail_on) else 'passes'} at {option('fail-on')} {fail_on}"
    return words(f"{counts} in {files} file{'s' if files != 1 else ''}; {verdict}", style)


def text(report: ValidationReport, fail_on: str, lang: str, colour: bool,
         style: Style = "api", **_: object) -> str:
    """Grouped by file and body; each finding starts with file:line:col, which editors and
    terminals turn into a link."""
    def paint(value: str, code: str) -> str:
        return f"\x1b[{code}m{value}\x1b[0m" if colour else value

    lines: list[str] = []
    by_file = groupby(report.findings, key=lambda f: f.position.file if f.position else "")
    for file, in_file in by_file:
        shown = printable(display_path(file)) if file else "(no file)"
        lines.append(paint(shown, "1"))
        for body, in_body in groupby(in_file, key=lambda f: (f.body_id, f.body_title)):
            body_id, title = body
            if body_id:
                lines.append(printable(f"  {body_id}" + (f" — {title}" if title else "")))
            for finding in in_body:
                where = f"{shown}:{_where(finding)}" if finding.position else shown
                label = paint(finding.severity.label,
                              finding.severity.colour)
                lines.append(f"    {where}: {label}: {_describe(finding, lang)}"
                             f"  [{finding.rule}]")
    lines.append(summary(report, fail_on, style))
    return "\n".join(lines) + "\n"


def turtle(report: ValidationReport, **_: object) -> str:
    return report.graph.serialize(format="turtle")


def _finding_dict(finding: Finding, lang: str) -> dict:
    position = finding.position
    return {
        "severity": finding.severity,
        "rule": finding.rule,
        "message": finding.message(lang),
        "messages": finding.messages,
        "hint": finding.hint or None,
        "file": display_path(position.file) if position else None,
        "line": position.line if position else None,
        "column": position.column if position else None,
        "body": finding.body_id,
        "title": finding.body_title,
        "property": finding.property_name(lang),
        "propertyIri": finding.property_iri,
        "value": finding.value,
        "focusNode": finding.focus,
        "fingerprint": finding.fingerprint,
    }


def as_json(report: ValidationReport, fail_on: str, lang: str, **_: object) -> str:
    document = {
        "conforms": not report.fails(fail_on),
        "failOn": fail_on,
        "counts": {level: report.count(level) for level in SEVERITY_LEVELS},
        "files": [display_path(f) for f in report.files],
        "results": [_finding_dict(f, lang) for f in report.findings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _rule_description(finding: Finding, lang: str) -> str:
    if finding.rule == LOAD_RULE:
        return ("Die Datei lässt sich nicht laden" if lang == "de"
                else "The file cannot be loaded")
    return finding.rule_names.get(lang) or finding.rule


def _uri(path: str) -> str:
    """A file's path as a URI reference (SARIF's artifactLocation.uri): percent-encoded, so
    that `#` or `%` in a name is not read as a fragment or an escape."""
    from urllib.parse import quote

    return quote(display_path(path), safe="/")


def sarif(report: ValidationReport, lang: str, **_: object) -> str:
    rules: dict[str, dict] = {}
    for finding in report.findings:
        if finding.rule not in rules:
            rules[finding.rule] = {
                "id": finding.rule,
                "name": finding.rule,
                "shortDescription": {"text": _rule_description(finding, lang)},
                "defaultConfiguration": {"level": finding.severity.sarif_level},
            }
    rule_ids = list(rules)
    results = []
    for finding in report.findings:
        result: dict = {
            "ruleId": finding.rule,
            "ruleIndex": rule_ids.index(finding.rule),
            "level": finding.severity.sarif_level,
            "message": {"text": _describe(finding, lang)},
            "partialFingerprints": {"gremienRdf/v1": finding.fingerprint},
            "properties": {k: v for k, v in {
                "body": finding.body_id, "title": finding.body_title,
                "property": finding.property_name(lang), "value": finding.value,
            }.items() if v is not None},
        }
        if finding.position:
            result["locations"] = [{
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.position.file)},
                    "region": {"startLine": finding.position.line,
                               "startColumn": finding.position.column},
                }
            }]
        results.append(result)
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "gremien-rdf",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": list(rules.values()),
            }},
            "artifacts": [{"location": {"uri": _uri(f)}} for f in report.files],
            "results": results,
        }],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(report: ValidationReport, lang: str, **_: object) -> str:
    lines = []
    for finding in report.findings:
        properties = []
        if finding.position:
            properties.append(f"file={_escape_property(display_path(finding.position.file))}")
            properties.append(f"line={finding.position.line}")
            properties.append(f"col={finding.position.column}")
        title = printable(finding.rule + (f" ({finding.body_id})" if finding.body_id else ""))
        properties.append(f"title={_escape_property(title)}")
        command = finding.severity.github_command
        lines.append(f"::{command} {','.join(properties)}::"
                     f"{_escape_data(_describe(finding, lang))}")
    return "".join(f"{line}\n" for line in lines)
