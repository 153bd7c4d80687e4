"""Briefings replayed from real recordings of the embedded model; the assertions are the
briefing's guarantees, not the model's prose."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from summarize.api import briefing_schema
from summarize.articles import Article, LoadResult, load_articles
from summarize.brief import Briefing, build_briefing
from summarize.llm.session import ModelSession
from summarize.render.brief_md import render_briefing

from .conftest import ROOT, SEEDS

FIXTURES = ROOT / "tests" / "fixtures" / "articles"
SECTIONS = [
    "## Sources",
    "## Consensus",
    "## Disagreements",
    "## Single-source claims and omissions",
    "## Framing",
    "## Provenance",
]


def assert_guarantees(b: Briefing) -> None:
    data = b.to_dict()
    jsonschema.validate(data, briefing_schema())
    by_id = {a.id: a for a in b.articles}
    facts = {c.id: c for c in b.shared_facts()}
    for s in b.consensus:  # every citation belongs to a fact the sentence names
        assert set(s.sources) == {src for f in s.facts for src in facts[f].sources}
        assert len(s.sources) >= b.min_support
    for c in b.alignment.clusters if b.alignment else []:
        for m in c.members:  # evidence is the article's own text at its offsets
            article = by_id[m.article_id]
            assert article.text[m.sentence.start : m.sentence.end] == m.sentence.text
    for d in b.digests:
        for q in d.quotes:
            assert q.text.strip() in d.article.text
        for claim in d.verified_claims:
            assert claim.sentence is not None and claim.score >= 0.6
    for conflict in b.alignment.conflicts if b.alignment else []:
        values = [v.value for v in conflict.versions]
        assert len(values) >= 2 and len(set(values)) == len(values)
        for v in conflict.versions:  # each version's evidence is the article's text
            for aid, s in zip(v.article_ids, v.evidence, strict=True):
                assert by_id[aid].text[s.start : s.end] == s.text
    markdown = render_briefing(b)
    for heading in SECTIONS:
        assert heading in markdown
    assert json.loads(json.dumps(data)) == data


@pytest.mark.default_cassette("brief_seeds.yaml")
@pytest.mark.vcr
def test_seed_briefing(embedded_session: ModelSession) -> None:
    loaded = load_articles([SEEDS])
    b = build_briefing(loaded, embedded_session)
    assert_guarantees(b)
    n = len(loaded.articles)
    assert n == 5
    assert embedded_session.usage.calls <= n + 3  # linear in articles, not pairs
    assert b.shared_facts(), "the five seed outlets share facts (Putin's warning, 26 countries)"
    assert b.consensus
    assert b.verification()["claims_verified"] > 0
    calls = embedded_session.usage.calls
    again = build_briefing(load_articles([SEEDS]), embedded_session)
    assert embedded_session.usage.calls == calls  # a repeat run is served from the cache
    assert again.to_dict()["consensus"] == b.to_dict()["consensus"]


@pytest.mark.default_cassette("brief_duplicate.yaml")
@pytest.mark.vcr
def test_wire_copy_counts_once(embedded_session: ModelSession, tmp_path: Path) -> None:
    for name in ("bridge_gazette.txt", "bridge_courier.md"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    shutil.copy(FIXTURES / "bridge_gazette.txt", tmp_path / "bridge_gazette_reprint.txt")
    loaded = load_articles([tmp_path])
    assert [g.canonical for g in loaded.duplicates] and len(loaded.articles) == 3
    b = build_briefing(loaded, embedded_session)
    assert_guarantees(b)
    copy = next(a.id for a in loaded.articles if loaded.duplicate_of(a.id))
    for fact in b.shared_facts():
        assert copy not in fact.sources  # the reprint never adds support
    assert b.to_dict()["sources"][[a.id for a in loaded.articles].index(copy)]["duplicate_of"]


@pytest.mark.default_cassette("digest_seed_001.yaml")
@pytest.mark.vcr
def test_one_article_gives_a_digest_and_says_consensus_needs_two(
    embedded_session: ModelSession,
) -> None:
    seed = SEEDS / "001_2491071cd11593b0.txt"
    article = Article.from_text("A1", seed.read_text(encoding="utf-8"), source=str(seed))
    b = build_briefing(LoadResult(articles=[article]), embedded_session)
    assert b.alignment is None and not b.consensus
    assert embedded_session.usage.calls == 1
    assert "consensus needs two or more articles" in render_briefing(b)
    jsonschema.validate(b.to_dict(), briefing_schema())
