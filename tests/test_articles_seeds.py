"""The five seed articles: only the "Read next" trailer of 000 goes, every body line stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarize.articles import Article, load_article, load_articles

SEEDS = Path(__file__).parents[1] / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
TRAILER = "Read next"


def _body_lines(path: Path) -> list[str]:
    lines = [" ".join(line.split()) for line in path.read_text(encoding="utf-8").splitlines()]
    if TRAILER in lines:
        lines = lines[: lines.index(TRAILER)]
    return [line for line in lines if line]


def test_there_are_five_seeds() -> None:
    assert len(SEED_FILES) == 5


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_every_body_line_survives_as_a_paragraph(path: Path) -> None:
    article = load_article(path)
    paragraphs = [article.text[p.start : p.end] for p in article.paragraphs]
    assert paragraphs == _body_lines(path)


def test_seed_000_loses_exactly_its_read_next_trailer() -> None:
    path = SEED_FILES[0]
    source = path.read_text(encoding="utf-8")
    article = load_article(path)
    assert len(article.removed) == 1
    block = article.removed[0]
    assert block.reason == "related-stories block"
    assert block.text.startswith(TRAILER)
    assert "Indonesian School Collapse" in block.text
    assert block.source_start == source.index(TRAILER)
    assert (
        source[block.source_start : block.source_end].rstrip()
        == source[source.index(TRAILER) :].rstrip()
    )
    assert article.text.endswith(
        "contingent on an agreement between Moscow and Kyiv to end the conflict."
    )
    for unrelated in ("Indonesia", "Lecornu", "Sidoarjo", "prime minister"):
        assert unrelated not in article.text


@pytest.mark.parametrize("path", SEED_FILES[1:], ids=lambda p: p.name[:3])
def test_other_seeds_lose_nothing(path: Path) -> None:
    assert load_article(path).removed == ()


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_every_sentence_maps_back_to_the_same_source_text(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    article = load_article(path)
    assert len(article.sentences) >= 10
    for sentence in article.sentences:
        start, end = article.source_span(sentence.start, sentence.end)
        assert source[start:end] == sentence.text


def test_manifest_leaves_outlets_unset_and_names_the_evident_title() -> None:
    result = load_articles([SEEDS])
    assert [a.id for a in result.articles] == ["A1", "A2", "A3", "A4", "A5"]
    assert [Path(a.source).name for a in result.articles] == [p.name for p in SEED_FILES]
    assert all(a.outlet is None and a.lean is None for a in result.articles)
    assert [a.label for a in result.articles] == [p.name for p in SEED_FILES]
    titled: list[Article] = [a for a in result.articles if a.title]
    assert [a.id for a in titled] == ["A2"]
    assert titled[0].title_span is not None and titled[0].title_span.start == 0
    assert result.duplicates == [] and result.problems == []


def test_seed_without_manifest_gets_title_from_text_but_no_outlet_from_hash_name() -> None:
    article = load_article(SEED_FILES[1])
    assert article.title is not None and article.title.startswith("Moscow slams")
    assert article.outlet is None
    assert load_article(SEED_FILES[0]).title is None
