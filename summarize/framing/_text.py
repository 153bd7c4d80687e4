"""Shared text helpers: word tokens with offsets, sentence lookup, quote masks, English check."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from summarize.articles import Article

# Words keep inner apostrophes and hyphens ("don't", "so-called"); "U.S." stays one token.
_WORD = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Za-z0-9]+(?:['’\-][A-Za-z0-9]+)*")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower().replace("’", "'")


def tokenize(text: str, offset: int = 0) -> list[Token]:
    return [Token(m.group(), m.start() + offset, m.end() + offset) for m in _WORD.finditer(text)]


def sentence_index_at(article: Article, offset: int) -> int:
    """Index of the sentence containing (or, between sentences, preceding) `offset`."""
    starts = [s.start for s in article.sentences]
    return max(bisect_right(starts, offset) - 1, 0)


def inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


@lru_cache(maxsize=32)
def read_list(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a packaged tab-separated word list; `#` starts a comment line."""
    raw = resources.files("summarize.framing").joinpath("data").joinpath(name).read_text("utf-8")
    rows = []
    for line in raw.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            rows.append(tuple(part.strip() for part in line.split("\t")))
    return tuple(rows)


def phrase_matcher(phrases: Iterable[str]) -> re.Pattern[str]:
    """Case-insensitive regex for whole-word phrases, longest first ("of course" beats "of")."""
    alts = sorted({re.escape(p).replace(r"\ ", r"\s+") for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(alts) + r")(?![\w'’-])", re.IGNORECASE)


# Frequent English function words: their share tells English text from other languages
# without a language-identification model.
_ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "is",
        "that",
        "for",
        "it",
        "on",
        "was",
        "with",
        "he",
        "as",
        "at",
        "by",
        "this",
        "be",
        "are",
        "from",
        "his",
        "her",
        "they",
        "said",
        "not",
        "but",
        "have",
        "has",
        "had",
        "an",
        "were",
        "which",
        "she",
        "their",
        "would",
        "who",
        "will",
        "been",
        "its",
        "more",
        "than",
        "also",
        "after",
        "about",
        "there",
        "when",
        "we",
        "can",
        "into",
        "our",
        "you",
        "i",
    ]
)


def english_share(text: str) -> float:
    words = [t.lower for t in tokenize(text)]
    if not words:
        return 0.0
    return sum(w in _ENGLISH_FUNCTION_WORDS for w in words) / len(words)


def unsupported_reason(article: Article) -> str | None:
    """Why the English lexicons cannot score this article, or None when they can."""
    if not article.language.lower().startswith("en"):
        return f"language {article.language!r}: the lexicons are English-only"
    words = tokenize(article.text)
    if len(words) >= 20 and english_share(article.text) < 0.12:
        return (
            "text does not look English (few English function words): the lexicons are English-only"
        )
    if not words:
        return "no words to measure"
    return None
