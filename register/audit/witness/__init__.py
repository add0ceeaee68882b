"""Witnesses: the service that cosigns checkpoints, sending them, verifying against them."""

__all__ = ["api", "client", "cosigning", "evidence", "note", "server", "verification", "witness"]
