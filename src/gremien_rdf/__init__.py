"""gremien-rdf: the Länder's coordinating bodies against human trafficking as Linked Data."""

__version__ = "0.1.0"
