"""The web entry point: the FastAPI app, the GraphQL schema root and what every resolver shares."""

__all__ = [
    "app",
    "context",
    "graphiql",
    "input_types",
    "operations",
    "pagination",
    "probes",
    "ratelimit",
    "refusals",
    "resolving",
    "scalars",
    "schema",
]
