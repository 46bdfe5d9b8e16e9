"""RDF: every namespace and IRI pattern (namespaces), reading RDF a user gives (read), the
SKOS vocabularies (vocabularies), records → graph (convert) and the byte-stable Turtle,
N-Triples and JSON-LD writers (serialize)."""
