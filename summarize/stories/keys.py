"""Stable keys: an article's (what it says, wherever it was read from) and a story's (its
earliest member's), so a story keeps its id when it gains later articles.

    >>> from summarize.articles import Article
    >>> a = Article.from_text("A1", "Rain fell.", source="x.txt", title="Rain")
    >>> article_key(a) == article_key(Article.from_text("A7", "Rain  fell.", source="y.txt",
    ...                                                  title="Rain"))
    True
    >>> story_id(article_key(a))[:2]
    's-'
"""

from __future__ import annotations

import hashlib

from summarize.articles import Article
from summarize.text.words import normalise


def article_key(article: Article) -> str:
    """sha256 of the article's outlet, title and normalised text: not of its file name or its
    position, so the same article read again (from a feed, a folder, another run) keeps it."""
    parts = (article.outlet or "", article.title or "", normalise(article.text))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def story_id(founder_key: str) -> str:
    return "s-" + founder_key[:12]
