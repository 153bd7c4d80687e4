"""Near-duplicate detection: overlap of word 5-gram shingles.

Overlap is containment, |A ∩ B| / min(|A|, |B|): a wire story reprinted with a trimmed ending or
an added paragraph still scores near 1, while two outlets' own reports of one event (which share
names, quotes and a few phrases) stay far below. Threshold and measurements: docs/ARTICLES.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarize.articles.model import Article
from summarize.articles.result import DuplicateGroup

SHINGLE_WORDS = 5
THRESHOLD = 0.5
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return frozenset({tuple(words)}) if words else frozenset()
    return frozenset(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def overlap(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def find_duplicates(
    articles: Sequence[Article], threshold: float = THRESHOLD
) -> list[DuplicateGroup]:
    """Groups of articles linked by overlap >= `threshold`, in input order."""
    sets = [shingles(a.text) for a in articles]
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs: list[tuple[int, int, float]] = []
    for i in range(len(articles)):
        for j in range(i + 1, len(articles)):
            score = overlap(sets[i], sets[j])
            if score >= threshold:
                pairs.append((i, j, score))
                parent[root(j)] = root(i)
    members: dict[int, list[int]] = {}
    for i in range(len(articles)):
        members.setdefault(root(i), []).append(i)
    groups: list[DuplicateGroup] = []
    for indexes in members.values():
        if len(indexes) < 2:
            continue
        linked = [
            (articles[i].id, articles[j].id, round(s, 3)) for i, j, s in pairs if i in indexes
        ]
        canonical = max(indexes, key=lambda i: (len(articles[i].text), -i))
        groups.append(
            DuplicateGroup(
                ids=tuple(articles[i].id for i in indexes),
                canonical=articles[canonical].id,
                similarity=min(s for _, _, s in linked),
                pairs=tuple(linked),
            )
        )
    return groups
