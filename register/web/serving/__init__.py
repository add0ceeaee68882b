"""Serving HTTP: what every request gets, the probes, rate limits, and several worker processes."""

__all__ = ["answers", "probes", "ratelimit", "workers"]
