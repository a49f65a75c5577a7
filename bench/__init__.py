"""Benchmarks (not tests): run them by hand, read bench/README.md."""
