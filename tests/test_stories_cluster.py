"""Clustering on hand-made stories (tests/stories_fixtures.py): each event is one story, the
single article its own, the wire copy joins its original and counts once, the time window keeps
far-apart articles apart, and the result does not depend on input order."""

from __future__ import annotations

import dataclasses
import random

from summarize.articles import Article
from summarize.settings import StorySettings
from summarize.stories.group import group_articles

from .stories_fixtures import EVENTS, records


def _articles(rows: list[dict[str, object]]) -> list[Article]:
    return [
        Article.from_text(
            f"A{n}",
            str(r["text"]),
            source=f"pool.jsonl#{n}",
            title=str(r["title"]),
            outlet=str(r["outlet"]),
            published=str(r["date"]),
            lean=r.get("lean"),
        )
        for n, r in enumerate(rows, 1)
    ]


def _titles(articles: list[Article], stories: list[list[int]]) -> set[frozenset[str]]:
    return {
        frozenset(str(articles[m].outlet) + ":" + str(articles[m].title)[:12] for m in s)
        for s in stories
    }


def _expected(rows: list[dict[str, object]]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for r in rows:
        event = next(
            (name for name, rs in EVENTS.items() if r["text"] in [x["text"] for x in rs]),
            str(r["title"]),
        )
        groups.setdefault(event, set()).add(f"{r['outlet']}:{str(r['title'])[:12]}")
    return {frozenset(g) for g in groups.values()}


def test_hand_made_stories_are_found() -> None:
    rows = records()
    articles = _articles(rows)
    grouping = group_articles(articles)
    assert _titles(articles, grouping.stories) == _expected(rows)
    # every article in exactly one story
    assert sorted(m for s in grouping.stories for m in s) == list(range(len(articles)))


def test_result_does_not_depend_on_input_order() -> None:
    rows = records()
    expected = _expected(rows)
    for seed in range(5):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        articles = _articles(shuffled)
        assert _titles(articles, group_articles(articles).stories) == expected


def test_time_window_keeps_a_later_event_apart() -> None:
    rows = records(["flood"], wire=False, single=False)
    later = dict(rows[2], date="2021-10-20")  # same words, six weeks later
    articles = _articles([*rows[:2], later])
    assert len(group_articles(articles).stories) == 2
    wide = StorySettings(window_days=60)
    assert len(group_articles(articles, wide).stories) == 1


def test_undated_articles_still_cluster_by_content() -> None:
    articles = [
        dataclasses.replace(a, published=None)
        for a in _articles(records(["strike", "satellite"], single=False))
    ]
    grouping = group_articles(articles)
    assert len(grouping.stories) == 2


def test_a_high_bar_splits_everything() -> None:
    articles = _articles(records())
    grouping = group_articles(articles, StorySettings(join_threshold=0.99))
    # only the wire copy stays with its original: near-duplicates are one item
    assert len(grouping.stories) == len(articles) - 1
