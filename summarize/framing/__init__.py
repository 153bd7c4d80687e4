"""Framing, measured: voices, reporting verbs, hedges, loaded wording, tone, headline vs body.

Computed without a model, each measure pointing at offsets into `Article.text`, so the briefing's
framing narrative can quote evidence a reader can check.

    >>> from summarize.articles import Article
    >>> a = Article.from_text("A1", '"We will win," Smith claimed.', source="x")
    >>> [(q.speaker, q.verb) for q in find_quotes(a)]
    [('Smith', 'claimed')]
"""

from summarize.framing.analyze import ArticleFraming, Voice, analyze_article
from summarize.framing.compare import FramingComparison, compare_outlets
from summarize.framing.headline import HeadlineCheck
from summarize.framing.sentiment import ActorTone
from summarize.framing.verbs import VerbUse
from summarize.framing.wording import Flag
from summarize.text.quote_finder import find_quotes
from summarize.text.quote_rules import Quote

__all__ = [
    "ActorTone",
    "ArticleFraming",
    "Flag",
    "FramingComparison",
    "HeadlineCheck",
    "Quote",
    "VerbUse",
    "Voice",
    "analyze_article",
    "compare_outlets",
    "find_quotes",
]
