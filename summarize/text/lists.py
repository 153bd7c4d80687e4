"""Packaged word lists (`summarize/text/data/`): stop words, name and actor exclusions, the
framing lexicons (reporting verbs, hedges, loaded terms, roles, countries), read once each.

>>> "the" in word_set("stopwords.txt") and "putin" not in word_set("stopwords.txt")
True
>>> read_list("reporting_verbs.tsv")[0][:2]
('say', 'neutral')
>>> bool(phrase_matcher(["of course"]).search("Of  course not"))
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources


def _lines(name: str) -> list[str]:
    raw = resources.files("summarize.text").joinpath("data").joinpath(name).read_text("utf-8")
    stripped = (line.strip() for line in raw.splitlines())
    return [line for line in stripped if line and not line.startswith("#")]


@lru_cache(maxsize=32)
def read_list(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a packaged tab-separated word list; `#` starts a comment line."""
    return tuple(tuple(part.strip() for part in line.split("\t")) for line in _lines(name))


@lru_cache(maxsize=32)
def word_set(name: str) -> frozenset[str]:
    """The words of a packaged whitespace-separated list; `#` starts a comment line."""
    return frozenset(word for line in _lines(name) for word in line.split())


def phrase_matcher(phrases: Iterable[str]) -> re.Pattern[str]:
    """Case-insensitive regex for whole-word phrases, longest first ("of course" beats "of")."""
    alts = sorted({re.escape(p).replace(r"\ ", r"\s+") for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(alts) + r")(?![\w'’-])", re.IGNORECASE)
