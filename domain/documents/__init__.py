"""Identity documents: their life, kinds, numbers and machine-readable zones (ICAO 9303)."""

__all__ = ["document", "kinds", "mrz", "numbers"]
