"""Conflicts from code (DESIGN §2): numbers and dates in one cluster's slot, titles before one
person's name, one speaker's quote worded differently (for `align_articles`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from summarize.align.alignment import ArticleDigest, ClaimCluster, Conflict, ConflictKind, Version
from summarize.align.number_conflicts import number_conflicts
from summarize.align.quote_conflicts import quote_conflicts
from summarize.align.titles import title_conflicts
from summarize.articles import Article
from summarize.text.quote_finder import direct_quotes

_KIND_ORDER: dict[ConflictKind, int] = {"number": 0, "date": 1, "title": 2, "quote": 3}


def find_conflicts(
    clusters: Sequence[ClaimCluster],
    articles: Sequence[Article],
    digests: Sequence[ArticleDigest] | None,
    canon: Mapping[str, str],
    order: Sequence[str],
) -> list[Conflict]:
    """Number/date, title and quote conflicts, in a stable order (kind, then first position)."""
    found: list[tuple[ConflictKind, str, list[Version]]] = []
    found += number_conflicts(clusters, canon, order)
    found += [("title", s, v) for s, v in title_conflicts(list(articles), canon)]
    # Quotes are found in the text by code (the digests carry the same ones): without digests
    # they are found here, so an alignment of the bare articles still sees quote conflicts.
    quoted = (
        [(d.article, d.quotes) for d in digests]
        if digests
        else [(a, direct_quotes(a)) for a in articles]
    )
    found += [("quote", s, v) for s, v in quote_conflicts(quoted, canon)]
    position = {aid: k for k, aid in enumerate(order)}

    def first(versions: list[Version]) -> tuple[int, int]:
        return min(
            (position.get(a, len(position)), s.start)
            for v in versions
            for a, s in zip(v.article_ids, v.evidence, strict=True)
        )

    found.sort(key=lambda f: (_KIND_ORDER[f[0]], first(f[2]), f[1]))
    return [
        Conflict(id=f"D{n}", kind=kind, subject=subject, versions=versions)
        for n, (kind, subject, versions) in enumerate(found, 1)
    ]
