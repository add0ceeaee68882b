"""Identity documents: their life, kinds, numbers and machine-readable zones (ICAO 9303)."""

__all__ = ["document", "endings", "kinds", "mrz", "mrz_reading", "numbers"]
