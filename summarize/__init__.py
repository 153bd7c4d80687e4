"""summarize: multi-outlet news briefings with verified citations.

    >>> import summarize
    >>> loaded = summarize.load_articles(["seeds/"])  # run from the repository root
    >>> [a.id for a in loaded.articles]
    ['A1', 'A2', 'A3', 'A4', 'A5']

The briefing needs a model (the embedded one loads on the first call), so it is not run here:

    >>> briefing = summarize.build_briefing(loaded, summarize.open_model())  # doctest: +SKIP
    >>> print(summarize.render_briefing(briefing))  # doctest: +SKIP

Thresholds are one `Settings` object (defaults, the config file's `[settings]` through
`load_settings()`, or changed in code), given per call:

    >>> settings = summarize.load_settings(pairs=["align.carry_bar=0.7"])
    >>> settings.align.carry_bar
    0.7

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
from summarize.settings import Settings
from summarize.settings import load as load_settings

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
    "Settings",
    "SummarizeError",
    "briefing_schema",
    "build_briefing",
    "build_digest",
    "compare_outlets",
    "load_article",
    "load_articles",
    "load_settings",
    "open_model",
    "render_briefing",
    "render_digest",
]
