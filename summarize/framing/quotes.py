"""Quotes with their speakers are found by the text layer (`summarize.text.quotes`), which the
digest uses too; framing measures them."""

from summarize.text.quotes import Quote, find_quotes

__all__ = ["Quote", "find_quotes"]
