"""Consular services: the guide, tracked service requests, legalisation and its e-Register."""

__all__ = [
    "api_guide",
    "api_legalisation",
    "api_request_types",
    "api_requests",
    "guide",
    "guide_data",
    "guide_seed",
    "inputs",
    "legalisation_inputs",
    "legalisations",
    "operations",
    "requests",
]
