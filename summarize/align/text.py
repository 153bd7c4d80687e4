"""Small text helpers shared by scoring and conflict detection."""

from __future__ import annotations

import re

from summarize.verify import content_words, normalise, numbers_in

__all__ = ["comparable", "content_words", "names_in", "normalise", "numbers_in"]

_CAP = re.compile(r"\b[A-Z][\w'’.-]*[\w]")
_PUNCT = re.compile(r"[^\w\s%]")
# Capitalised only because they open a sentence or a clause; never names.
_NOT_NAMES = frozenset(
    "a an the and or but if in on at by for with from as of to is are was were be this that these "
    "those he she it they his her its their we our i you there here however despite meanwhile "
    "while both speaking earlier later after before when where what which who whom why how "
    "although though yet still also even now then so all any some many several each no not "
    "western european president prime minister former".split()
)


def names_in(text: str) -> frozenset[str]:
    """Capitalised words that look like names ("Putin", "Paris", "Macron"), lower-cased."""
    out = set()
    for m in _CAP.finditer(normalise(text)):
        word = m.group().lower().removesuffix("'s").removesuffix("’s").rstrip(".")
        if word and word not in _NOT_NAMES:
            out.add(word)
    return frozenset(out)


def comparable(text: str) -> str:
    """Lower case, punctuation dropped, whitespace collapsed: for comparing wordings."""
    return " ".join(_PUNCT.sub(" ", normalise(text).lower().replace("'", "")).split())
