"""The website: pages from Jinja2 templates (build), charts and map (charts), the one
counting rule (counts) and escaping per context (escaping)."""
