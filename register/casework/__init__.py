"""Confidential consular casework: cases followed by one mission at a time."""

__all__ = ["api", "inputs", "operations", "service"]
