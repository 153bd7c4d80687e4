"""The per-article digest replayed from a real recording of the embedded model."""

from __future__ import annotations

import pytest

from summarize.articles import Article
from summarize.digest import build_digest
from summarize.llm.session import ModelSession

from .conftest import SEEDS

SEED = SEEDS / "001_2491071cd11593b0.txt"


def _article() -> Article:
    return Article.from_text("A1", SEED.read_text(encoding="utf-8"), source=str(SEED))


@pytest.mark.default_cassette("digest_seed_001.yaml")
@pytest.mark.vcr
def test_digest_is_a_short_summary_with_quotes_and_speakers_from_the_text(
    embedded_session: ModelSession,
) -> None:
    article = _article()
    digest = build_digest(article, embedded_session)
    assert digest.summary and len(digest.summary) <= 400  # the short summary, no claims
    assert digest.claims == []  # the embedded profile is not trusted with claims
    for claim in digest.verified_claims:
        s = claim.sentence
        assert s is not None
        assert article.text[s.start : s.end] == s.text  # evidence is the article's own text
        assert claim.score >= 0.6
    for quote in digest.quotes:
        assert (
            quote.text in article.text[quote.start : quote.end + 2]
            or article.text[quote.start : quote.end].strip('"“”‘’ ,.') in quote.text
        )
    assert any(q.speaker == "Vladimir Putin" for q in digest.quotes)  # the full name, once
    for actor in digest.actors:
        assert actor.split()[-1].lower() in article.text.lower()
    assert embedded_session.usage.calls == 1


@pytest.mark.default_cassette("digest_seed_001.yaml")
@pytest.mark.vcr
def test_second_identical_digest_is_served_from_cache(embedded_session: ModelSession) -> None:
    first = build_digest(_article(), embedded_session)
    calls = embedded_session.usage.calls
    second = build_digest(_article(), embedded_session)
    assert embedded_session.usage.calls == calls  # zero new model calls
    assert embedded_session.usage.cache_hits == 1
    assert second.to_dict() == first.to_dict()


@pytest.mark.default_cassette("digest_seed_001.yaml")
@pytest.mark.vcr
def test_a_fully_cached_run_never_loads_the_embedded_model(embedded_session: ModelSession) -> None:
    from summarize.llm.client import open_backend
    from summarize.llm.profiles import BUILTIN_PROFILES

    first = build_digest(_article(), embedded_session)  # fills the cache from the recording
    lazy = open_backend(BUILTIN_PROFILES["embedded"])  # would load the model on first call
    session = ModelSession(lazy, embedded_session.cache)
    assert build_digest(_article(), session).to_dict() == first.to_dict()
    assert not lazy.started and session.usage.calls == 0
