"""A citizen's civil-status record, its rules and value objects, corrections and timelines."""

__all__ = ["birth", "citizen", "correction", "dossier", "marriages", "rules", "timeline", "values"]
