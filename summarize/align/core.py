"""`align()`: verified claims of several digests -> clusters of one fact, and conflicts."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from summarize.align.cluster import build_clusters, components
from summarize.align.conflicts import find_conflicts
from summarize.align.model import Alignment, ClaimRef
from summarize.align.score import CANDIDATE_THRESHOLD, NO_JUDGE_THRESHOLD, candidate_pairs
from summarize.digest import Digest

Judge = Callable[[str, str], float]


def align(
    digests: Sequence[Digest],
    *,
    canonical: Mapping[str, str] | None = None,
    judge: Judge | None = None,
    judge_threshold: float = 0.5,
) -> Alignment:
    """Cluster the digests' verified claims by fact and find conflicts between outlets.

    `canonical` maps a near-duplicate article's id to the id it duplicates, so a wire copy adds
    no support. `judge(a, b)` returns P(a and b report the same fact); with it, candidates from
    the cheap score (>= CANDIDATE_THRESHOLD) are kept when the judge gives >= `judge_threshold`;
    without it, the cheap score alone decides at the stricter NO_JUDGE_THRESHOLD.
    """
    canon = {k: v for k, v in (canonical or {}).items() if k != v}
    order = [d.article.id for d in digests]
    refs = [
        ClaimRef(d.article.id, c)
        for d in digests
        for c in d.claims
        if c.verified and c.sentence is not None
    ]
    proposed = candidate_pairs(refs, CANDIDATE_THRESHOLD if judge else NO_JUDGE_THRESHOLD)
    judged = 0
    accepted = proposed
    if judge is not None:
        accepted = []
        for i, j, score in proposed:
            judged += 1
            if judge(refs[i].claim.text, refs[j].claim.text) >= judge_threshold:
                accepted.append((i, j, score))
    clusters = build_clusters(refs, components(refs, accepted, canon), order, canon)

    conflicts = find_conflicts(clusters, [d.article for d in digests], digests, canon, order)
    return Alignment(
        clusters=clusters,
        conflicts=conflicts,
        candidate_pairs=len(proposed),
        judged_pairs=judged,
        canonical=canon,
    )
