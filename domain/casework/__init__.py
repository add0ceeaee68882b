"""Confidential consular casework as an aggregate."""

__all__ = ["case"]
