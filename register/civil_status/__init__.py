"""Civil status: enrolment, births, marriages, deaths, names, corrections; history, search."""

__all__ = [
    "api",
    "api_history",
    "api_mission",
    "api_search",
    "api_types",
    "corrections",
    "history",
    "inputs",
    "operations",
    "service",
]
