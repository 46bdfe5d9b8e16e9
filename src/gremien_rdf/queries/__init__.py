"""Stored SPARQL queries: reading them (with their headers and parameters), binding
parameters, running them in process or on an endpoint, and writing their results."""
