"""Offsets: which sentence an offset falls in, and whether a span lies inside others.

>>> from summarize.articles import Article
>>> a = Article.from_text("A1", "One here. Two there.", source="x")
>>> sentence_index_at(a, 12), inside([(0, 9)], 4, 8)
(1, True)
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from summarize.articles import Article


def sentence_index_at(article: Article, offset: int) -> int:
    """Index of the sentence containing (or, between sentences, preceding) `offset`."""
    starts = [s.start for s in article.sentences]
    return max(bisect_right(starts, offset) - 1, 0)


def inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)
