"""The Merkle tree, signed checkpoints, the checkpoint key's succession and the read log."""

__all__ = ["checkpoint", "key_succession", "merkle", "read_log"]
