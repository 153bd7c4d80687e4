"""What an article reports, as sparse weighted terms: content-word stems of its title and lead,
and the names in its lead. Boilerplate (a site's footer, a wire credit) sits at the end of a
text or in many articles at once, so only the lead is read and pool-wide frequent terms drop
out in `cluster` (document-frequency cap)."""

from __future__ import annotations

import datetime as dt
import re

from summarize.articles import Article
from summarize.settings import StorySettings
from summarize.text.names import names_in
from summarize.text.words import content_words, normalise

_WORD = re.compile(r"\S+")


def lead_text(article: Article, words: int) -> str:
    """The first `words` words after the title (the title often opens the text too)."""
    text = article.text
    if article.title_span is not None:
        text = text[article.title_span.end :]
    elif article.title and normalise(text).startswith(normalise(article.title)):
        text = text[len(article.title) :]
    return " ".join(_WORD.findall(text)[:words])


def terms(article: Article, settings: StorySettings) -> dict[str, float]:
    """Term -> weight. Names are prefixed `@` so "Bush" the name and "bush" the plant differ."""
    lead = lead_text(article, settings.lead_words)
    weights: dict[str, float] = dict.fromkeys(content_words(lead), 1.0)
    for word in content_words(article.title or ""):
        weights[word] = weights.get(word, 0.0) + settings.title_weight
    # Title Case makes every title word look like a name; names come from the lead only.
    for name in names_in(lead):
        weights["@" + name] = settings.entity_weight
    return weights


def published_day(article: Article) -> float | None:
    """Days since the epoch of the article's date (UTC), None when absent or unreadable."""
    raw = article.published
    if not raw:
        return None
    text = raw.strip().replace("Z", "+00:00")
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            when = dt.datetime.fromisoformat(text[:10])
        except ValueError:
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.timestamp() / 86400.0
