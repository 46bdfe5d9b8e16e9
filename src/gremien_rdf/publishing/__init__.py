"""Publishing a build: writing folders all or nothing (files), the DCAT-AP.de and VoID
metadata (metadata), the tables (tables), citations (cite) and the upload to a SPARQL
Graph Store (publish)."""
