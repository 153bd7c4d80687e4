"""Evaluation code: gold-set readers and scorers, the ../shared/data cluster reader and the
model-free alignment measure. Used by bench/ and tests/ only; not part of the `summarize` package
and not in its wheel (tests/test_wheel.py checks), so nothing in summarize/ may import it.
"""
