"""Taking in a legacy register export (docs/legacy-format.md): read, decided, appended."""

__all__ = ["importer", "line_events", "line_format", "line_holdings", "line_terms", "lines"]
