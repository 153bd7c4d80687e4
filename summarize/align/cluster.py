"""Clusters = connected components of the accepted pairs, with a guard against chaining.

Pairs are merged strongest first (union-find, `text/unionfind.py`). A merge is refused when it
would put two claims of the same article (counting a wire copy as its canonical) into one
cluster, unless they cite the same evidence sentence or are near-identical: one outlet does not
report one fact twice in different words, so such a merge means the chain has wandered onto a
neighbouring fact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz

from summarize.align.alignment import ClaimCluster, ClaimRef
from summarize.settings import current
from summarize.text.unionfind import UnionFind
from summarize.text.words import comparable


def _same_statement(x: ClaimRef, y: ClaimRef) -> bool:
    if x.article_id == y.article_id and x.sentence.index == y.sentence.index:
        return True
    return (
        fuzz.ratio(comparable(x.claim.text), comparable(y.claim.text))
        >= current().align.near_identical
        or fuzz.ratio(comparable(x.sentence.text), comparable(y.sentence.text))
        >= current().align.near_identical
    )


def components(
    refs: Sequence[ClaimRef], pairs: Sequence[tuple[int, int, float]], canonical: Mapping[str, str]
) -> list[list[int]]:
    """Groups of indexes into `refs`; `pairs` are merged in the order given (strongest first)."""
    sets = UnionFind(len(refs))
    members: dict[int, list[int]] = {i: [i] for i in range(len(refs))}  # per root

    def allowed(a: int, b: int) -> bool:
        for i in members[a]:
            ai = canonical.get(refs[i].article_id, refs[i].article_id)
            for j in members[b]:
                aj = canonical.get(refs[j].article_id, refs[j].article_id)
                if ai == aj and not _same_statement(refs[i], refs[j]):
                    return False
        return True

    for i, j, _ in pairs:
        a, b = sets.find(i), sets.find(j)
        if a == b or not allowed(a, b):
            continue
        sets.union(a, b)  # the earlier claim's root survives: stable output
        members[min(a, b)] += members.pop(max(a, b))
    return sets.groups()


def build_clusters(
    refs: Sequence[ClaimRef],
    groups: Sequence[Sequence[int]],
    article_order: Sequence[str],
    canonical: Mapping[str, str],
) -> list[ClaimCluster]:
    """Clusters numbered F1.. by support (desc), then first article, sentence and claim."""
    position = {aid: k for k, aid in enumerate(article_order)}

    def key(i: int) -> tuple[int, int, int]:
        r = refs[i]
        return position.get(r.article_id, len(position)), r.sentence.start, i

    made: list[tuple[int, tuple[int, int, int], list[ClaimRef], list[str]]] = []
    for group in groups:
        ordered = sorted(group, key=key)
        sources = sorted(
            {canonical.get(refs[i].article_id, refs[i].article_id) for i in ordered},
            key=lambda a: (position.get(a, len(position)), a),
        )
        made.append((len(sources), key(ordered[0]), [refs[i] for i in ordered], sources))
    made.sort(key=lambda m: (-m[0], m[1]))
    return [
        ClaimCluster(id=f"F{n}", members=members, sources=sources)
        for n, (_, _, members, sources) in enumerate(made, 1)
    ]
