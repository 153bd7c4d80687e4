"""The fact model on the seeds and the dev data: "what happened", the decided matrix, each
shared fact stated once, quote disagreements, and the gold floors of bench/fact_gold.py
(tests/gold/fact_baseline.json: a change may only raise the floors)."""

from __future__ import annotations

import json
import sys
from collections import Counter

import pytest

from evaluation.clusters import read_clusters
from summarize.align import align_articles
from summarize.articles import load_articles
from summarize.brief.consensus import centrality_of, fact_listing, ranked_statements
from summarize.brief.matrix import fact_matrix
from summarize.brief.what_happened import what_happened
from summarize.settings import current

from .conftest import ROOT, SEEDS, SHARED_DATA

sys.path.insert(0, str(ROOT))
from bench.fact_gold import measure

BASELINE = json.loads((ROOT / "tests" / "gold" / "fact_baseline.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def seeds():  # type: ignore[no-untyped-def]
    articles = load_articles([SEEDS]).articles
    return articles, align_articles(articles)


def test_what_happened_on_the_seeds_is_verbatim_cited_and_says_each_fact_once(seeds) -> None:  # type: ignore[no-untyped-def]
    articles, alignment = seeds
    story = what_happened(articles, alignment)
    assert 3 <= len(story) <= current().brief.story_sentences
    by_id = {a.id: a for a in articles}
    stated: list[str] = []
    for s in story:
        assert s.verbatim_from is not None
        aid, index = s.verbatim_from
        assert by_id[aid].sentences[index].text == s.text  # the article's words, not a model's
        assert aid in s.sources
        # every other cited article is aligned with this very sentence in a fact
        for other in set(s.sources) - {aid}:
            assert any(
                other in c.sources
                and any(m.article_id == aid and m.sentence.index == index for m in c.members)
                for c in alignment.clusters
            )
        stated += list(s.facts)
    assert len(stated) == len(set(stated))  # no shared fact twice
    assert len(story[0].sources) == 5  # the lede every outlet carries comes first


def test_what_happened_is_never_empty_on_the_allsides_clusters() -> None:
    path = SHARED_DATA / "allsides_dev.jsonl"
    if not path.is_file():
        pytest.skip("../shared/data is absent (read at run time)")
    empty = [c.cluster_id for c in read_clusters(path) if not what_happened(c.articles, None)]
    assert empty == []


def test_what_happened_beats_lexrank_on_the_allsides_references() -> None:
    """The story's selection weights decide what a reader sees first: their measured ROUGE on
    all 108 AllSides clusters (bench/brief_eval.py --baselines-only) is a floor."""
    path = SHARED_DATA / "allsides_dev.jsonl"
    if not path.is_file():
        pytest.skip("../shared/data is absent (read at run time)")
    from bench.brief_eval import lexrank, rouge

    story, central = [], []
    for c in read_clusters(path):
        reference = c.reference_summary or ""
        told = what_happened(c.articles, align_articles(c.articles))
        story.append(rouge(" ".join(s.text for s in told), reference))
        sentences = [s.text for a in c.articles for s in a.sentences]
        central.append(rouge(" ".join(lexrank(sentences)), reference))
    mean = {k: sum(r[k] for r in story) / len(story) for k in ("rouge1", "rougeL")}
    base = {k: sum(r[k] for r in central) / len(central) for k in ("rouge1", "rougeL")}
    assert len(story) == 108
    assert mean["rouge1"] >= 0.4265 and mean["rougeL"] >= 0.2290, mean
    assert mean["rouge1"] > base["rouge1"] and mean["rougeL"] > base["rougeL"], (mean, base)


def test_the_seeds_matrix_shows_distinct_rows_and_every_fact_in_json(seeds) -> None:  # type: ignore[no-untyped-def]
    articles, alignment = seeds
    rows = fact_matrix(alignment, articles)
    shown = [r for r in rows if r.shown]
    assert len(shown) == current().brief.matrix_rows <= 25
    texts = Counter(r.text for r in rows)
    assert max(texts.values()) == 1  # no row repeats another's words
    by_id = {a.id: a for a in articles}
    carried = [len(r.carried_by) for r in rows]
    assert carried == sorted(carried, reverse=True)  # most widely carried first
    for r in rows:
        article = by_id[r.article_id]
        if r.sentence.index >= 0:
            assert article.text[r.start : r.end] == r.text  # the span is the row's own words
        assert [a for a, _ in r.cells] == [a.id for a in articles]
        assert set(r.sources) <= set(r.carried_by)
        data = r.to_dict()
        assert set(data["cells"]) == {a.id for a in articles}
    # the one long sentence of A2 (S5) is never four rows of the same words
    a2_s5 = [r for r in rows if r.article_id == "A2" and r.sentence.index == 4]
    assert len({r.text for r in a2_s5}) == len(a2_s5)


def test_clauses_of_a_sentence_nothing_else_carries_are_not_rows_of_their_own(seeds) -> None:  # type: ignore[no-untyped-def]
    articles, alignment = seeds
    rows = fact_matrix(alignment, articles)
    for r in rows:
        if len(r.sources) == 1:
            whole = [
                o
                for o in rows
                if o is not r
                and len(o.sources) == 1
                and (o.article_id, o.sentence.index) == (r.article_id, r.sentence.index)
            ]
            assert all(r.text not in o.text for o in whole)


def test_the_legitimate_targets_warning_is_one_consensus_statement(seeds) -> None:  # type: ignore[no-untyped-def]
    articles, alignment = seeds
    groups = ranked_statements(alignment.shared(2), centrality_of(articles))
    first = [c.id for c in groups[0]]
    # the statement (F1) and the outlets' quote of the same warning (F3) are stated once
    assert first[:1] == ["F1"] and "F3" in first
    listing = fact_listing(alignment.shared(2), articles)
    assert len(listing) == len(groups)
    ids = [f for s in listing for f in s.facts]
    assert len(ids) == len(set(ids))  # no fact in two statements


def test_the_three_renderings_of_putins_quote_are_a_disagreement(seeds) -> None:  # type: ignore[no-untyped-def]
    _, alignment = seeds
    quotes = [c for c in alignment.conflicts if c.kind == "quote"]
    assert len(quotes) == 1 and "Putin" in quotes[0].subject
    assert [v.article_ids for v in quotes[0].versions] == [("A2",), ("A3",), ("A4",)]


def test_fact_model_stays_above_the_gold_floors() -> None:
    results = measure(with_dev=SHARED_DATA.is_dir())
    for split, bounds in BASELINE["splits"].items():
        if split not in results:
            continue  # the dev splits need ../shared/data
        r = results[split]
        counts = r["counts"]
        assert r["cells_right"] >= bounds["cells_right_at_least"], split
        assert r["cells_unclear"] <= bounds["cells_unclear_at_most"], split
        for key, most in bounds["counts_at_most"].items():
            assert counts.get(key, 0) <= most, (split, key)
