"""Articles into stories: average-linkage clustering over a sparse graph of candidate links.

1. Near-duplicates (wire copies, one file twice) are one item: the group's canonical article
   stands for it and the others join its story, so a wire story counts once.
2. Each item is a TF-IDF vector over `features.terms`; terms in more than the document-frequency
   cap (settings) are dropped as boilerplate or topic words.
3. Candidate links come from an inverted index (never all pairs): each item keeps its
   `neighbours` most similar others, and no link joins two dated items further apart than the
   time window.
4. Stories merge greedily by the mean similarity over all their cross pairs (pairs that are not
   candidate links count 0), while that mean reaches `join_threshold`. Average linkage does not
   chain the way single linkage does: one article sharing words with two events does not join
   them unless the events' articles agree with each other as a whole.

The result does not depend on input order: items are sorted by (date, content key) first.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass

from summarize.articles import Article
from summarize.settings import StorySettings
from summarize.stories.features import published_day, terms
from summarize.text.vectors import document_frequency, idf_table, normalised, tf_idf


@dataclass(frozen=True)
class Grouping:
    """Stories as lists of article positions (into the input), and each story's central one."""

    stories: list[list[int]]
    central: list[int]  # per story: the member most similar to the rest (its headline)


def cluster(
    articles: Sequence[Article],
    *,
    keys: Sequence[str],
    duplicates: Sequence[Sequence[int]] = (),
    settings: StorySettings | None = None,
) -> Grouping:
    """Every article lands in exactly one story. `keys` are stable per-article content keys
    (ordering ties); `duplicates` are groups of positions, the first the canonical one."""
    settings = settings or StorySettings()
    n = len(articles)
    days = [published_day(a) for a in articles]
    follows = list(range(n))  # position -> the canonical position it counts as
    for group in duplicates:
        for member in group[1:]:
            follows[member] = group[0]
    items = sorted(
        (i for i in range(n) if follows[i] == i),
        key=lambda i: (days[i] is None, days[i] or 0.0, keys[i]),
    )
    vectors = _vectors([articles[i] for i in items], settings)
    item_days = [days[i] for i in items]
    links = _links(vectors, item_days, settings)
    groups = _average_linkage(len(items), links, settings.join_threshold)
    stories: list[list[int]] = []
    central: list[int] = []
    members_of: dict[int, list[int]] = {}
    for i in range(n):
        members_of.setdefault(follows[i], []).append(i)
    adjacent: dict[int, dict[int, float]] = {}
    for (i, j), s in links.items():
        adjacent.setdefault(i, {})[j] = s
        adjacent.setdefault(j, {})[i] = s
    for group in groups:
        stories.append(sorted(m for k in group for m in members_of[items[k]]))
        central.append(items[_medoid(group, adjacent)])
    order = sorted(range(len(stories)), key=lambda s: stories[s][0])
    return Grouping([stories[s] for s in order], [central[s] for s in order])


def _vectors(articles: Sequence[Article], settings: StorySettings) -> list[dict[str, float]]:
    raw = [terms(a, settings) for a in articles]
    df = document_frequency(raw)
    n = len(raw)
    cap = max(settings.min_df_cap, settings.df_share * n)
    idf = idf_table(df, n)
    return [
        normalised(tf_idf({t: w for t, w in weights.items() if df[t] <= cap}, idf, sublinear=True))
        for weights in raw
    ]


def _links(
    vectors: Sequence[dict[str, float]], days: Sequence[float | None], settings: StorySettings
) -> dict[tuple[int, int], float]:
    """(i, j) with i < j -> cosine, for each item's `neighbours` nearest others in the window."""
    postings: dict[str, list[tuple[int, float]]] = {}
    for i, vector in enumerate(vectors):
        for t, v in vector.items():
            postings.setdefault(t, []).append((i, v))
    links: dict[tuple[int, int], float] = {}
    window = settings.window_days
    for i, vector in enumerate(vectors):
        scores: dict[int, float] = {}
        for t, v in vector.items():
            for j, w in postings[t]:
                if j != i:
                    scores[j] = scores.get(j, 0.0) + v * w
        day = days[i]
        undated = settings.undated_factor
        kept: dict[int, float] = {}
        for j, s in scores.items():
            other = days[j]
            if day is None or other is None:
                kept[j] = s * undated
            elif abs(other - day) <= window:
                kept[j] = s
        scores = kept
        for j, s in heapq.nlargest(settings.neighbours, scores.items(), key=lambda kv: kv[1]):
            links[(min(i, j), max(i, j))] = s
    return links


def _average_linkage(
    n: int, links: dict[tuple[int, int], float], threshold: float
) -> list[list[int]]:
    """Greedy average-linkage merging on the link graph; groups of item positions."""
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    cross: dict[int, dict[int, float]] = {i: {} for i in range(n)}  # summed link similarities
    for (i, j), s in links.items():
        cross[i][j] = cross[i].get(j, 0.0) + s
        cross[j][i] = cross[j].get(i, 0.0) + s
    heap = [(-s, i, j) for (i, j), s in links.items() if s >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        mean = cross[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if abs(mean + negative) > 1e-12:  # stale entry: the current mean was pushed too
            continue
        if mean < threshold:
            break
        keep, gone = min(a, b), max(a, b)
        members[keep] += members.pop(gone)
        gone_cross = cross.pop(gone)
        for c, s in gone_cross.items():
            if c == keep:
                continue
            cross[keep][c] = cross[keep].get(c, 0.0) + s
            cross[c][keep] = cross[keep][c]
            del cross[c][gone]
        cross[keep].pop(gone, None)
        size = len(members[keep])
        for c, s in cross[keep].items():
            m = s / (size * len(members[c]))
            if m >= threshold:
                heapq.heappush(heap, (-m, min(keep, c), max(keep, c)))
    return [sorted(group) for _, group in sorted(members.items())]


def _medoid(group: list[int], adjacent: dict[int, dict[int, float]]) -> int:
    """The member most linked to the rest; the earliest (first in date order) on a tie."""
    if len(group) <= 2:
        return group[0]
    inside = set(group)

    def total(i: int) -> float:
        return math.fsum(s for j, s in adjacent.get(i, {}).items() if j in inside)

    return max(group, key=lambda i: (total(i), -i))
