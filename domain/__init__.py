"""The register's aggregates, their events and the personal-status rules; pure Python."""

__all__ = [
    "appointments",
    "audit",
    "base",
    "casework",
    "civil_status",
    "documents",
    "errors",
    "hot_copy",
    "indexes",
    "receipt",
    "services",
    "value_rules",
]
