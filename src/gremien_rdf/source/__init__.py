"""The register's source: the curated YAML, read with the line and column of every value
(register), and the import of the report's table as extracted from the PDF (rawtable)."""
