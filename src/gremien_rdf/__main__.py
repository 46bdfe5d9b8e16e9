from gremien_rdf.cli import cli

cli()
