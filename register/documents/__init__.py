"""Identity documents: applications, issue, delivery and their end; the public validity check."""

__all__ = ["api", "api_types", "inputs", "operations", "service"]
