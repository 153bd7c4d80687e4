"""summarize: multi-outlet news briefings with verified citations.

    >>> import summarize
    >>> loaded = summarize.load_articles(["seeds/"])  # run from the repository root
    >>> [a.id for a in loaded.articles]
    ['A1', 'A2', 'A3', 'A4', 'A5']

The briefing needs a model (the embedded one loads on the first call), so it is not run here:

    >>> briefing = summarize.build_briefing(loaded, summarize.open_model())  # doctest: +SKIP
    >>> print(summarize.render_briefing(briefing))  # doctest: +SKIP

Implementation modules are private; this is the API.
"""

from summarize.api import briefing_schema, open_model
from summarize.articles import Article, LoadResult, load_article, load_articles
from summarize.brief import Briefing, build_briefing
from summarize.digest import Digest, build_digest
from summarize.errors import (
    AuthenticationError,
    BackendError,
    BackendUnreachable,
    ConfigError,
    InputError,
    InvalidOutputError,
    ModelSetupError,
    RequestRejected,
    SummarizeError,
)
from summarize.framing import compare_outlets
from summarize.llm.session import ModelSession
from summarize.render.brief_md import render_briefing
from summarize.render.digest_md import render_digest

__all__ = [
    "Article",
    "AuthenticationError",
    "BackendError",
    "BackendUnreachable",
    "Briefing",
    "ConfigError",
    "Digest",
    "InputError",
    "InvalidOutputError",
    "LoadResult",
    "ModelSession",
    "ModelSetupError",
    "RequestRejected",
    "SummarizeError",
    "briefing_schema",
    "build_briefing",
    "build_digest",
    "compare_outlets",
    "load_article",
    "load_articles",
    "open_model",
    "render_briefing",
    "render_digest",
]
