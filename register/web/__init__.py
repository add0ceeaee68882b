"""The web entry point: the FastAPI app, the GraphQL root, what resolvers share, the console."""

__all__ = [
    "app",
    "console",
    "context",
    "graphiql",
    "input_types",
    "operations",
    "pagination",
    "refusals",
    "resolving",
    "scalars",
    "schema",
    "serving",
]
