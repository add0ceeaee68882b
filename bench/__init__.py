"""Benchmarks: Sijill against raw baselines, measured in one run (see bench/run.py)."""
