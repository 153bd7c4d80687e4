"""Is this English? The share of frequent English function words, no language model.

>>> english_share("The talks were held in Paris.") > 0.3, english_share("Die Gespräche waren gut.")
(True, 0.0)
"""

from __future__ import annotations

from summarize.text.lists import word_set
from summarize.text.words import tokenize

ENGLISH_FUNCTION_WORDS = word_set("english_function_words.txt")


def english_share(text: str) -> float:
    """Share of the words of `text` that are frequent English function words (0..1)."""
    words = [t.lower for t in tokenize(text)]
    if not words:
        return 0.0
    return sum(w in ENGLISH_FUNCTION_WORDS for w in words) / len(words)
