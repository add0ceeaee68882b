"""Audit: the Merkle tree, signed checkpoints and keys, integrity, evidence, the read log."""

__all__ = [
    "api",
    "api_access_log",
    "bundle",
    "checkpoints",
    "integrity",
    "key_ring",
    "key_succession",
    "keys_web",
    "operations",
    "read_log",
    "signing",
]
