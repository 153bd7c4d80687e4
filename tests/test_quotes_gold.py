"""The hand-annotated quote set fits the articles, the scorer scores what it says, and today's
attribution stays at or above the floors in tests/gold/quotes_baseline.json (raise-only)."""

from __future__ import annotations

import json

import pytest

from evaluation.quote_gold import (
    Finder,
    GoldArticle,
    GoldQuote,
    Tally,
    basil_quote_spans,
    load_dev_gold,
    load_seeds_gold,
    load_unseen_gold,
    same_speaker,
    score,
)
from summarize.articles import Article, load_articles
from summarize.text import speakers_spacy
from summarize.text.quote_rules import Quote, find_quotes_rules

from .conftest import ROOT, SEEDS, SHARED_DATA

GOLD = ROOT / "tests" / "gold"
BASELINE = json.loads((GOLD / "quotes_baseline.json").read_text(encoding="utf-8"))
BASIL = SHARED_DATA / "basil_dev.jsonl"
NEWSWCL = SHARED_DATA / "newswcl50.jsonl"
needs_data = pytest.mark.skipif(not BASIL.is_file(), reason=f"{BASIL} is not here")
needs_spacy = pytest.mark.skipif(
    not speakers_spacy.available(), reason=f"spaCy or {speakers_spacy.MODEL} not installed"
)


def _seeds() -> list[GoldArticle]:
    result = load_articles([SEEDS])
    return load_seeds_gold(GOLD / "quotes_seeds.json", result.articles)


def _floors(run: str, tally: Tally) -> None:
    rates = tally.rates()
    for metric, floor in BASELINE[run]["at_least"].items():
        assert rates[metric] is not None and rates[metric] >= floor, (run, metric, rates)
    for metric, ceiling in BASELINE[run]["at_most"].items():
        assert rates[metric] is not None and rates[metric] <= ceiling, (run, metric, rates)


def test_seed_gold_spans_hold_words_and_every_seed_is_annotated() -> None:
    gold = _seeds()
    assert len(gold) == 5 and sum(len(g.quotes) for g in gold) >= 50
    for g in gold:
        for q in g.quotes:
            assert 0 <= q.start < q.end <= len(g.article.text)
            assert any(c.isalpha() for c in g.article.text[q.start : q.end])
            assert q.named in ("same", "earlier", "pronoun", "role")


def test_scorer_counts_detection_speakers_and_abstentions() -> None:
    article = Article.from_text("T", "Alpha said one thing. Beta said another.", source="t")
    gold = GoldArticle(
        "t",
        article,
        [
            GoldQuote(0, 20, "indirect", "Alpha", "said", "same", "unknown"),
            GoldQuote(22, 40, "indirect", "Beta", "said", "same", "unknown"),
        ],
    )

    def finder(_: Article) -> list[Quote]:
        return [
            Quote("x", 2, 10, "Gamma", "said", 0, "indirect"),
            Quote("y", 30, 35, None, "said", 1, "indirect"),
            Quote("z", 41, 42, "Alpha", None, 1, "direct"),
        ]

    rates = score([gold], finder).total.rates()
    assert (rates["precision"], rates["recall"]) == (0.667, 1.0)
    assert (rates["wrong_speaker"], rates["abstained"], rates["speaker_accuracy"]) == (
        0.5,
        0.5,
        0.0,
    )
    assert same_speaker("Dmitry Peskov", "Peskov") and not same_speaker("Peskov", "Putin")
    assert same_speaker(None, None) and not same_speaker(None, "Putin")


def _finder(name: str) -> Finder:
    return speakers_spacy.find_quotes_spacy if name == "spacy" else find_quotes_rules


FINDERS = ["rules", pytest.param("spacy", marks=needs_spacy)]


@pytest.mark.parametrize("finder", FINDERS)
def test_seeds_attribution_floors(finder: str) -> None:
    _floors(
        ("spacy_" if finder == "spacy" else "") + "seeds", score(_seeds(), _finder(finder)).total
    )


@needs_data
@pytest.mark.parametrize("finder", FINDERS)
def test_dev_attribution_floors(finder: str) -> None:
    gold = load_dev_gold(GOLD / "quotes_dev.json", BASIL)
    assert len(gold) >= 12 and sum(len(g.quotes) for g in gold) >= 100
    _floors(("spacy_" if finder == "spacy" else "") + "dev", score(gold, _finder(finder)).total)


def test_basil_speaker_file_covers_every_quoted_span_and_names_people() -> None:
    rows = json.loads((GOLD / "quotes_basil_speakers.json").read_text(encoding="utf-8"))["spans"]
    assert len(rows) == 70 and sum(r["speaker"] is not None for r in rows) == 67
    # BASIL's own labels name a person for 18 spans only (the old "20" added two organisations)
    person_labels = [
        r for r in rows if "_" in r["basil_speaker"] and not r["basil_speaker"].startswith("other")
    ]
    assert len(person_labels) == 20
    assert not any("text" in r for r in rows)  # addresses only, no article text


@needs_data
@pytest.mark.parametrize("finder", FINDERS)
def test_basil_named_speaker_spans_floors(finder: str) -> None:
    check = basil_quote_spans(BASIL, GOLD / "quotes_basil_speakers.json", _finder(finder))
    assert check.spans == 67
    floors = BASELINE["basil_spans" if finder == "rules" else "spacy_basil_spans"]
    rates = check.rates()
    for metric, floor in floors["at_least"].items():
        assert rates[metric] is not None and rates[metric] >= floor, (metric, rates, check.errors)
    for metric, ceiling in floors["at_most"].items():
        assert rates[metric] is not None and rates[metric] <= ceiling, (metric, rates, check.errors)


@pytest.mark.skipif(not NEWSWCL.is_file(), reason=f"{NEWSWCL} is not here")
@pytest.mark.parametrize("finder", FINDERS)
@pytest.mark.parametrize("half", ["tune", "test"])
def test_unseen_attribution_floors(finder: str, half: str) -> None:
    """Issue 24: full articles no rule was written on (the test half) and the half they were
    tuned on; wrong speakers among those given and the share given are pinned."""
    halves = load_unseen_gold(GOLD / "quotes_unseen.json", SHARED_DATA)
    assert [sum(len(g.quotes) for g in halves[h]) for h in ("tune", "test")] == [314, 120]
    assert all(q.speaker for h in halves.values() for g in h for q in g.quotes)
    name = ("spacy_" if finder == "spacy" else "") + f"unseen_{half}"
    _floors(name, score(halves[half], _finder(finder)).total)


def test_unseen_gold_stores_no_text() -> None:
    raw = json.loads((GOLD / "quotes_unseen.json").read_text(encoding="utf-8"))
    keys = {k for a in raw["articles"] for q in a["quotes"] for k in q}
    assert keys == {"start", "end", "speaker"}
    halves = {a["id"].split(":")[0]: a["half"] for a in raw["articles"]}
    for cluster, half in halves.items():  # the fixed split: odd newswcl50 clusters are "test"
        number = cluster.removeprefix("newswcl50-")
        assert half == ("test" if number.isdigit() and int(number) % 2 else "tune"), cluster
