"""The consular guide's catalogue, service requests and their tracking numbers, legalisations."""

__all__ = ["catalogue", "legalisation", "request", "request_status", "tracking_number"]
