"""Editions of the register compared: `diff` (bodies matched, their changes), `render`
(text, Markdown, JSON) and `sides` (a YAML file or a git revision)."""
