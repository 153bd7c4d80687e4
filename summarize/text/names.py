"""Capitalised names, found without a tagger: single name words for matching sentences, and
name runs keyed by their last word for counting who an article is about.

>>> sorted(names_in("However, Putin told Macron's aides in Paris."))
['macron', 'paris', 'putin']
>>> actor_mentions("President Donald Trump met Trump's aides on Monday.")
Counter({'Trump': 2})
"""

from __future__ import annotations

import re
from collections import Counter

from summarize.text.lists import word_set
from summarize.text.tokens import normalise

_CAP = re.compile(r"\b[A-Z][\w'’.-]*[\w]")
_RUN = re.compile(r"\b[A-Z][a-zA-Z'’\-]+(?:\s+[A-Z][a-zA-Z'’\-]+)*")
NOT_NAMES = word_set("not_names.txt")  # lower case
NOT_ACTORS = word_set("not_actors.txt")  # as written


def names_in(text: str) -> frozenset[str]:
    """Capitalised words that look like names ("Putin", "Paris", "Macron"), lower-cased."""
    out = set()
    for m in _CAP.finditer(normalise(text)):
        word = m.group().lower().removesuffix("'s").removesuffix("’s").rstrip(".")
        if word and word not in NOT_NAMES:
            out.add(word)
    return frozenset(out)


def actor_mentions(text: str) -> Counter[str]:
    """Mentions per actor key (the name's last word: "Trump" for "Donald Trump")."""
    counts: Counter[str] = Counter()
    for m in _RUN.finditer(text):
        words = [w.rstrip("'’s") if w.endswith(("'s", "’s")) else w for w in m.group().split()]
        words = [w for w in words if w not in NOT_ACTORS]
        if words and len(words[-1]) > 2:
            counts[words[-1]] += 1
    return counts
