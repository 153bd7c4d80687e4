"""Rare shared names just below the SAME bar (summarize/align/anchors.py; docs/ALIGNMENT.md
"Matched on a rare name"). The gold floors are pinned by tests/test_align_gold.py."""

from __future__ import annotations

from summarize.align.aligner import ANCHOR_FLOOR, SAME_THRESHOLD
from summarize.align.anchors import rare_names
from summarize.articles import load_articles

from .conftest import ROOT
from .test_align_articles import _shared_sentences as shared
from .test_align_articles import article

TALKS = "Talks on the water treaty resumed in Geneva after a two-week pause, officials said."
BACK = "Negotiators came back to Geneva on Monday after a pause in the water talks."  # 0.26


def test_a_place_each_article_names_once_anchors_a_pair_below_the_bar() -> None:
    a = article("A1", "The drought has emptied reservoirs across the region.", TALKS)
    b = article("A2", "Farmers say their wells have run dry.", BACK)
    assert ANCHOR_FLOOR <= 0.26 < SAME_THRESHOLD
    assert shared(a, b) == [[("A1", 1), ("A2", 1)]]
    # Geneva in a second sentence of A2: it no longer marks one fact there, so no match
    c = article("A2", "Farmers near Geneva say their wells have run dry.", BACK)
    assert shared(a, c) == []


def test_people_countries_and_the_story_s_protagonist_are_no_anchors() -> None:
    a = article(
        "A1",
        "Kremlin spokesman Dmitry Peskov praised the talks.",
        "Russian officials were quoted.",
        "Kathy Hochul will take office on Tuesday.",
        "Hochul thanked her staff.",
        "Mark Milley, the chairman of the Joint Chiefs of Staff, testified.",
        "The COVID-19 figures rose.",
        "Paris Summit Ends Without Agreement On Troops",
        "The delegates flew to Vladivostok.",
    )
    anchors = rare_names([a])
    words = set().union(*anchors.values())
    assert "vladivostok" in words  # a place named once
    assert {"peskov", "dmitry"}.isdisjoint(words)  # a title before the name: a person
    assert "russian" not in words  # a country's people
    assert {"kathy", "hochul"}.isdisjoint(words)  # "Hochul" is written again
    assert {"joint", "chiefs", "staff"}.isdisjoint(words)  # a title's "of the ..."
    assert {"mark", "milley"}.isdisjoint(words)  # an appositive title after the name
    assert "covid-19" not in words  # a name with a number: the story's subject
    assert {"summit", "troops", "agreement"}.isdisjoint(words)  # a title-case line


def test_the_seeds_alaska_summit_and_vladivostok_forum_are_shared_facts() -> None:
    articles = load_articles([str(ROOT / "seeds")]).articles
    facts = shared(*articles)
    assert [("A3", 12), ("A5", 5)] in facts  # last month's Alaska summit
    assert [("A1", 3), ("A3", 1)] in facts  # Putin at the economic forum in Vladivostok
