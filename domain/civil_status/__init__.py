"""A citizen's civil-status record, its rules and value objects, corrections and timelines."""

__all__ = ["citizen", "correction", "dossier", "rules", "timeline", "values"]
