"""The register's source: the curated YAML, read with the line and column of every value
(reader) into records (register); and the import of the report's table as extracted from
the PDF (pdftext reads the text, rawtable turns its rows into a draft register)."""
