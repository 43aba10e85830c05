"""Benchmarks, one command each (see bench/RESULTS.md)."""
