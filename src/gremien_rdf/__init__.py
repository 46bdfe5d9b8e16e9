"""gremien-rdf: the Länder's coordinating bodies against human trafficking as Linked Data."""

__version__ = "0.1.0"

#: Base of every published IRI unless --base-iri says otherwise (kept here, free of rdflib,
#: so that the CLI can show it without importing rdflib).
DEFAULT_BASE_IRI = "https://w3id.org/gremien-rdf/"

#: severities of validation findings, most severe first (SHACL Violation, Warning, Info)
SEVERITY_LEVELS = ("violation", "warning", "info")

#: formats of `gremien-rdf validate`
REPORT_FORMATS = ("text", "turtle", "json", "sarif", "github")
