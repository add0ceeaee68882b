"""Running the views over the store (follow, rebuild, replay, dead letters); reading them."""

__all__ = [
    "api",
    "api_status",
    "citizen_search",
    "dead_letters",
    "following",
    "operations",
    "projector",
    "read_models",
    "rebuild",
    "replay",
    "similar_spellings",
]
