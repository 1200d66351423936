"""Benchmarks: `python -m bench` (or `make bench`) prints a table; figures are recorded in bench/RESULTS.md."""
