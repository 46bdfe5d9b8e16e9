"""Validation: the SHACL shapes and the stored checks over a register or a dump, findings
located at their line (validate), and the report formats (reports)."""
