"""The severity of a finding, in one place: its name (what --fail-on takes), its SHACL IRI,
its level in SARIF, its GitHub Actions command, its word in the text report and its colour
on a terminal. Free of rdflib, so that the command line's --help can list the names."""

from __future__ import annotations

from enum import StrEnum

SHACL = "http://www.w3.org/ns/shacl#"


class Severity(StrEnum):
    """Most severe first; a member is its name ("violation"), so it compares, prints and
    serialises as that."""

    VIOLATION = "violation"
    WARNING = "warning"
    INFO = "info"

    @property
    def iri(self) -> str:
        """sh:Violation, sh:Warning or sh:Info."""
        return SHACL + self.name.capitalize()

    @property
    def sarif_level(self) -> str:
        return _DETAILS[self][0]

    @property
    def github_command(self) -> str:
        """The workflow command of GitHub Actions (::error, ::warning, ::notice)."""
        return _DETAILS[self][1]

    @property
    def label(self) -> str:
        """The word of the text report: error, warning, info."""
        return _DETAILS[self][2]

    @property
    def colour(self) -> str:
        """The ANSI colour on a terminal (red, yellow, cyan)."""
        return _DETAILS[self][3]

    @classmethod
    def of_iri(cls, iri: object, default: Severity | None = None) -> Severity:
        """The severity whose IRI is `iri`; `default` (else ValueError) for another one."""
        for severity in cls:
            if str(iri) == severity.iri:
                return severity
        if default is None:
            raise ValueError(f"not a SHACL severity: {iri}")
        return default

    def at_least(self, threshold: str) -> bool:
        """Whether this severity is `threshold` or more severe."""
        order = list(Severity)
        return order.index(self) <= order.index(Severity(threshold))


#: SARIF level, GitHub command, text label, ANSI colour
_DETAILS = {
    Severity.VIOLATION: ("error", "error", "error", "31"),
    Severity.WARNING: ("warning", "warning", "warning", "33"),
    Severity.INFO: ("note", "notice", "info", "36"),
}
