"""Whether the English lexicons can score an article (the words themselves: `summarize.text`)."""

from __future__ import annotations

from summarize.articles import Article
from summarize.text.language import english_share
from summarize.text.words import tokenize


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
