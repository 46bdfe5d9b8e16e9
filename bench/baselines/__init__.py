"""The baselines of `make bench-scale`: what a user would run instead of gremien-rdf."""
