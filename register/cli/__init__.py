"""The `sijill` command line: one module a command group; `main` is the entry point."""

__all__ = [
    "accounts",
    "audit",
    "audit_keys",
    "common",
    "guide",
    "importing",
    "main",
    "notify",
    "views",
]
