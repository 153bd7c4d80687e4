"""The number reader moved to `summarize.text.numbers`; this name stays for existing imports."""

from summarize.text.numbers import Number, numbers_in, plain, read_numbers

__all__ = ["Number", "numbers_in", "plain", "read_numbers"]
