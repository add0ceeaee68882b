"""Taking in a legacy register export (docs/legacy-format.md): read, decided, appended."""

__all__ = ["importer", "line_events", "line_format", "lines"]
