"""Fault drills: bounded, self-stopping runs that break the register on purpose and count."""
