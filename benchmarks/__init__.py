"""Speed, memory and quality targets, measured by ``python -m benchmarks SUITE``."""
