"""Briefings replayed from real recordings of the embedded model; the assertions are the
briefing's guarantees, not the model's prose."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from summarize.api import briefing_schema
from summarize.articles import Article, LoadResult, load_articles
from summarize.brief import Briefing, build_briefing
from summarize.brief.consensus import source_support
from summarize.llm.session import ModelSession
from summarize.render.brief_md import render_briefing
from summarize.settings import current

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
        assert set(s.sources) <= {src for f in s.facts for src in facts[f].sources}
        assert len(s.sources) >= b.min_support
        if s.verbatim_from is None:  # model prose: each cited outlet's own evidence carries it
            own = source_support(s.text, [facts[f] for f in s.facts], s.sources, b.canonical)
            assert min(own.values()) >= current().consensus.source_support_floor
    for c in b.alignment.clusters if b.alignment else []:
        for m in c.members:  # evidence is the article's own text at its offsets
            article = by_id[m.article_id]
            if m.sentence.index < 0:  # a headline unit: the article's own headline
                assert m.sentence.text == article.title
            else:
                assert article.text[m.sentence.start : m.sentence.end] == m.sentence.text
    for s in b.consensus:  # a verbatim statement is that article's sentence
        if s.verbatim_from is not None:
            aid, index = s.verbatim_from
            text = by_id[aid].title if index < 0 else by_id[aid].sentences[index].text
            assert s.text == text and aid in s.sources
    if b.alignment:  # absence is asserted only where nothing in the article comes close
        for c in b.single_source():
            for aid in b.article_ids:
                if aid not in c.sources:
                    assert b.alignment.presence(c, aid).status == "absent"
        for aid, missing in b.omissions().items():
            for c in missing:
                assert b.alignment.presence(c, aid).status == "absent"
    if b.headline is not None:
        assert b.headline.support >= 0.5 and b.headline.article_id in by_id
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
    # absence only where asserted: "leaves out" lines exactly for listed omissions, and every
    # "touches on" line under its own heading, never inside an "Only in" list
    omitted = sum(bool(v) for v in b.omissions().values())
    assert markdown.count(" leaves out** (") == omitted
    lines = markdown.splitlines()
    touches = [i for i, line in enumerate(lines) if " touches on F" in line]
    if touches:
        heading = next(i for i, line in enumerate(lines) if line.startswith("**Touched on"))
        assert all(i > heading for i in touches)
        assert not any(line.startswith("**Only in") for line in lines[heading : max(touches)])
    assert json.loads(json.dumps(data)) == data


@pytest.mark.default_cassette("brief_seeds.yaml")
@pytest.mark.vcr
def test_seed_briefing(embedded_session: ModelSession, monkeypatch: pytest.MonkeyPatch) -> None:
    import summarize.brief.pipeline as pipeline

    aligned: list[int] = []
    real_align = pipeline.align_articles

    def counting_align(*args: Any, **kwargs: Any) -> Any:
        aligned.append(1)
        return real_align(*args, **kwargs)

    monkeypatch.setattr(pipeline, "align_articles", counting_align)
    monkeypatch.setattr("summarize.framing.compare.align_articles", counting_align)
    loaded = load_articles([SEEDS])
    b = build_briefing(loaded, embedded_session)
    assert len(aligned) == 1  # framing and the briefing share one alignment (no model claims)
    assert b.alignment is not None and b.alignment.canonical == {}
    assert_guarantees(b)
    n = len(loaded.articles)
    assert n == 5
    # a digest per article and the consensus: the embedded profile writes no claims and no
    # framing narrative (its measured table needs no model)
    assert embedded_session.usage.calls == n + 1
    assert embedded_session.usage.completion_tokens <= 1000  # the recording's own count
    assert not b.framing_narrative and all(not d.claims for d in b.digests)
    assert len(b.shared_facts()) >= 4, "the seeds share Putin's warning, the 26, Vladivostok…"
    # every shared fact stated (a sentence may fuse two), each fact once
    stated = [f for s in b.consensus for f in s.facts]
    assert set(stated) == {c.id for c in b.shared_facts()[:8]} and len(stated) == len(set(stated))
    assert b.headline is not None  # a story headline, not a file name
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
