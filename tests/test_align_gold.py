"""The gold alignment set is well-formed against the articles as the tool loads them, the scorer
scores what it says, and today's alignment stays at or above the pinned floors
(tests/gold/baseline.json; the evaluation-gate pattern: a change may only raise them)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from evaluation.gold import (
    Counts,
    GoldCluster,
    GoldIndex,
    Prediction,
    cluster_articles,
    cross_pairs,
    load_gold,
    problems,
    score,
)

from .conftest import ROOT, SEEDS, SHARED_DATA

sys.path.insert(0, str(ROOT))
from bench.align_gold import articles_run

GOLD = ROOT / "tests" / "gold"
BASELINE = json.loads((GOLD / "baseline.json").read_text(encoding="utf-8"))
needs_data = pytest.mark.skipif(
    not SHARED_DATA.is_dir(), reason=f"{SHARED_DATA} (evaluation data) is not here"
)


def seeds_gold() -> GoldCluster:
    return load_gold(GOLD / "seeds_alignment.json")[0]


def dev_gold() -> list[GoldCluster]:
    return load_gold(GOLD / "dev_alignment.json")


def assert_floors(run: str, counts: Counts) -> None:
    rates = counts.rates()
    for metric, floor in BASELINE[run]["at_least"].items():
        assert rates[metric] is not None and rates[metric] >= floor, (run, metric, rates)
    for metric, ceiling in BASELINE[run]["at_most"].items():
        assert rates[metric] is not None and rates[metric] <= ceiling, (run, metric, rates)
    if "false_omissions" in BASELINE[run]:  # a count: align_articles may assert no omission
        assert counts.omission_false <= BASELINE[run]["false_omissions"], (run, counts)


def test_seeds_gold_fits_the_seeds() -> None:
    gold = seeds_gold()
    articles = cluster_articles(gold, root=ROOT, data_dir=SHARED_DATA)
    assert [Path(a.source).parent for a in articles] == [SEEDS] * 5
    assert problems(gold, articles) == []
    index = GoldIndex(gold)
    # The facts the issue names as shared, with the outlets carrying them.
    carriers = {f.id: {u.split(":")[0] for u in f.full} for f in gold.facts}
    assert carriers["paris_26_pledge"] == {"A1", "A2", "A3", "A4", "A5"}
    assert carriers["vladivostok_forum"] == {"A1", "A2", "A3", "A4"}
    assert len(carriers["coalition_of_willing"]) == 3
    assert len(carriers["no_reason_to_stay"]) == 3
    shared = [f for f, arts in carriers.items() if len(arts) >= 2]
    assert len(shared) >= 8
    singles = index.single_source_facts()
    assert singles["budapest_1994"] == "A4" and singles["rusi_analyst"] == "A4"
    assert singles["istanbul_2022"] == "A2"


@needs_data
def test_dev_gold_fits_the_clusters_and_copies_no_text() -> None:
    clusters = dev_gold()
    assert len(clusters) >= 8
    assert {c.source["data"] for c in clusters} == {"allsides_dev.jsonl", "basil_dev.jsonl"}
    raw = (GOLD / "dev_alignment.json").read_text(encoding="utf-8")
    for cluster in clusters:
        articles = cluster_articles(cluster, root=ROOT, data_dir=SHARED_DATA)
        assert problems(cluster, articles) == [], cluster.id
        for a in articles:  # no sentence of the outlets' text is stored
            for s in a.sentences:
                if len(s.text) > 40:
                    assert s.text not in raw, (cluster.id, a.id, s.index)


def test_scorer_on_the_gold_itself_and_on_a_wrong_prediction() -> None:
    gold = seeds_gold()
    index = GoldIndex(gold)
    singles = index.single_source_facts()
    facts = {f.id: f for f in gold.facts}
    oracle = Prediction(
        same=set(index.same),
        single_source=[(aid, facts[f].full) for f, aid in singles.items()],
        omissions=[("A5", facts["coalition_of_willing"].full)],  # A5 carries it: false
    )
    rates = score(gold, oracle).rates()
    assert rates["pair_precision"] == rates["pair_recall"] == 1.0
    assert rates["single_source_fact_recall"] == 1.0
    assert rates["false_single_source_rate"] == 0.0
    assert rates["false_omission_rate"] == 1.0
    assert rates["conflict_pair_recall"] == 1.0
    assert rates["shared_fact_recall"] == 1.0
    # A pair of different facts is false; "only A3" for a fact all five report is false;
    # "A1 leaves out" a fact A1 does not state is true.
    wrong = Prediction(
        same=cross_pairs(["A4:9", "A5:13"]),
        single_source=[("A3", frozenset({"A3:2"}))],
        omissions=[("A1", facts["alaska_summit"].full)],
    )
    rates = score(gold, wrong).rates()
    assert rates["pair_precision"] == 0.0 and rates["pair_recall"] == 0.0
    assert rates["false_single_source_rate"] == 1.0
    assert rates["false_omission_rate"] == 0.0


def test_align_articles_on_the_seeds_stays_above_the_floors() -> None:
    gold = seeds_gold()
    counts = articles_run(gold, cluster_articles(gold, root=ROOT, data_dir=SHARED_DATA))
    assert_floors("seeds/articles", counts)
    assert counts.single_items >= 1  # the rate is measured, not vacuous


@needs_data
def test_align_articles_on_the_dev_clusters_stays_above_the_floors() -> None:
    total = Counts()
    for cluster in dev_gold():
        total.add(articles_run(cluster, cluster_articles(cluster, root=ROOT, data_dir=SHARED_DATA)))
    assert_floors("dev/articles", total)
