"""Near-duplicate detection: overlap of word 5-gram shingles.

Overlap is containment, |A ∩ B| / min(|A|, |B|): a wire story reprinted with a trimmed ending or
an added paragraph still scores near 1, while two outlets' own reports of one event (which share
names, quotes and a few phrases) stay far below. Threshold and measurements: docs/ARTICLES.md.

Comparing every pair is O(n²) (2,000 articles: 94 s), so candidates come from an exact prefix
filter instead (as in set-similarity joins): with shingles ranked rarest first, a set S whose
overlap with another reaches `need` = t·|S| shares at least k of S's rarest |S| - need + k
shingles with it. Only those are indexed, so a phrase most articles share (a wire credit, a
template) is rarely a posting, a candidate needs k hits, and each candidate is then scored
exactly: the same pairs and scores as the pairwise loop, near-linear in practice
(bench/dedupe_scale.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from summarize.articles.article import Article
from summarize.articles.result import DuplicateGroup
from summarize.settings import current as run_settings
from summarize.text.unionfind import UnionFind
from summarize.text.words import plain_words


def shingles(text: str, size: int | None = None) -> frozenset[tuple[str, ...]]:
    size = run_settings().dedupe.shingle_words if size is None else size
    words = plain_words(text)
    if len(words) < size:
        return frozenset({tuple(words)}) if words else frozenset()
    return frozenset(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def overlap(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def find_duplicates(
    articles: Sequence[Article], threshold: float | None = None
) -> list[DuplicateGroup]:
    """Groups of articles linked by overlap >= `threshold` (default: the run's
    `dedupe.threshold`), in input order."""
    threshold = run_settings().dedupe.threshold if threshold is None else threshold
    sets = [shingles(a.text) for a in articles]
    pairs = linked_pairs(sets, threshold)
    linked_sets = UnionFind(len(articles))
    for i, j, _ in pairs:
        linked_sets.union(i, j)
    linked: dict[int, list[tuple[str, str, float]]] = {}
    for i, j, score in pairs:
        pair = (articles[i].id, articles[j].id, round(score, 3))
        linked.setdefault(linked_sets.find(i), []).append(pair)
    groups: list[DuplicateGroup] = []
    for indexes in linked_sets.groups():
        if len(indexes) < 2:
            continue
        group_root = linked_sets.find(indexes[0])
        canonical = max(indexes, key=lambda i: (len(articles[i].text), -i))
        group_pairs = linked[group_root]
        groups.append(
            DuplicateGroup(
                ids=tuple(articles[i].id for i in indexes),
                canonical=articles[canonical].id,
                similarity=min(s for _, _, s in group_pairs),
                pairs=tuple(group_pairs),
            )
        )
    return groups


def linked_pairs(
    sets: Sequence[frozenset[tuple[str, ...]]], threshold: float | None = None
) -> list[tuple[int, int, float]]:
    """Every (i, j, overlap) with i < j and overlap >= `threshold`, in (i, j) order."""
    threshold = run_settings().dedupe.threshold if threshold is None else threshold
    if threshold <= 0:  # everything links; nothing to filter
        return [
            (i, j, overlap(sets[i], sets[j]))
            for i in range(len(sets))
            for j in range(i + 1, len(sets))
        ]
    # Shingles as numbers ranked rarest first (ties in first-seen order): sorting a set puts its
    # rarest shingles first, and integer sets intersect faster than sets of word tuples.
    frequency = Counter(shingle for one in sets for shingle in one)
    ranked = sorted(frequency, key=frequency.__getitem__)
    rank = {shingle: n for n, shingle in enumerate(ranked)}
    numbered = [frozenset(rank[shingle] for shingle in one) for one in sets]
    index: dict[int, list[int]] = {}
    required_hits: dict[int, int] = {}
    pairs: list[tuple[int, int, float]] = []
    # Smallest first: each set already indexed is no larger than the one probing, so it is the
    # "smaller set" whose overlap counts.
    for i in sorted(range(len(sets)), key=lambda k: (len(sets[k]), k)):
        current = numbered[i]
        if not current:
            continue
        hits: dict[int, int] = {}
        for shingle in current:
            for j in index.get(shingle, ()):
                hits[j] = hits.get(j, 0) + 1
        for j, count in hits.items():
            if count >= required_hits[j]:
                other = numbered[j]
                score = len(current & other) / min(len(current), len(other))
                if score >= threshold:
                    pairs.append((min(i, j), max(i, j), score))
        # A set S overlapping another by `need` shares at least `k` of its rarest
        # |S| - need + k shingles with it, so only those are indexed and a candidate needs k
        # hits there. Rounding `need` down only widens the filter: it never misses a pair.
        need = max(1, int(threshold * len(current)))
        k = max(1, need // 2)
        required_hits[i] = k
        for shingle in sorted(current)[: len(current) - need + k]:
            index.setdefault(shingle, []).append(i)
    pairs.sort()
    return pairs
