"""A pool of articles into stories: duplicates found, keys computed, clustered."""

from __future__ import annotations

from collections.abc import Sequence

from summarize.articles import Article, DuplicateGroup
from summarize.articles.dedupe import find_duplicates
from summarize.settings import StorySettings
from summarize.stories.cluster import Grouping, cluster
from summarize.stories.keys import article_key


def duplicate_positions(
    articles: Sequence[Article], groups: Sequence[DuplicateGroup]
) -> list[list[int]]:
    """Each group as positions, its canonical article first."""
    where = {a.id: k for k, a in enumerate(articles)}
    out: list[list[int]] = []
    for group in groups:
        first = where[group.canonical]
        out.append([first, *(where[i] for i in group.ids if i != group.canonical)])
    return out


def group_articles(
    articles: Sequence[Article],
    settings: StorySettings | None = None,
    *,
    duplicates: Sequence[DuplicateGroup] | None = None,
) -> Grouping:
    """Stories of `articles` (ids must be unique). Duplicates are found here unless given."""
    if duplicates is None:
        duplicates = find_duplicates(articles)
    keys = [article_key(a) for a in articles]
    return cluster(
        articles,
        keys=keys,
        duplicates=duplicate_positions(articles, duplicates),
        settings=settings,
    )
