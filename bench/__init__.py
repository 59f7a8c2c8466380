"""Benchmarks: they print their figures and save them to bench/results.json; they never assert a time."""
