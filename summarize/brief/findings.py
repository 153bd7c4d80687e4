"""What the alignment says about the briefed articles, worked out once before any output is
written: the agreed and single-source facts, where each article stands on them, what it leaves
out or only touches on, the names only it mentions, and how each fact is named in lists. The
Markdown, JSON and HTML then format these same values (renderers compute nothing)."""

from __future__ import annotations

from collections.abc import Sequence

from summarize.align import Alignment, ClaimCluster, Presence
from summarize.align.details import Detail, unique_details
from summarize.articles import Article
from summarize.brief.briefing import Findings
from summarize.brief.consensus import fact_text


def find(
    articles: Sequence[Article],
    alignment: Alignment | None,
    canonical: dict[str, str],
    min_support: int,
) -> Findings:
    ids = [a.id for a in articles]
    distinct = len({canonical.get(i, i) for i in ids})
    wide = max(min_support, (distinct + 1) // 2)
    if alignment is None:
        shared: list[ClaimCluster] = []
        single: list[ClaimCluster] = []
        omissions: dict[str, list[ClaimCluster]] = {}
        touched: dict[str, list[tuple[ClaimCluster, Presence]]] = {}
    else:
        shared = alignment.shared(min_support)
        single = alignment.single_source()
        omissions = alignment.omissions(ids, wide)
        every = alignment.touched(wide)
        touched = {aid: every.get(aid, []) for aid in ids}
    named = _named_only_in(articles, canonical, single)
    named_facts = [*shared, *(c for cs in omissions.values() for c in cs)]
    named_facts += [c for items in touched.values() for c, _ in items]
    presence = {}
    if alignment is not None:
        for c in [*shared, *single]:
            presence[c.id] = {
                aid: p for aid in ids if (p := alignment.presence(c, aid)).status != "absent"
            }
    return Findings(
        shared=tuple(shared),
        single_source=tuple(single),
        named_only_in=named,
        omission_support=wide,
        omissions=omissions,
        touched=touched,
        fact_texts={i: fact_text(c) for i, c in {c.id: c for c in named_facts}.items()},
        presence=presence,
    )


def _named_only_in(
    articles: Sequence[Article], canonical: dict[str, str], single: Sequence[ClaimCluster]
) -> dict[str, list[Detail]]:
    details = unique_details(articles, canonical)  # {} for one distinct article
    if not details:
        return {}
    listed = {(m.article_id, m.sentence.index) for c in single for m in c.members}
    return {
        aid: kept
        for aid, found in details.items()
        if (kept := [d for d in found if (aid, d.sentence.index) not in listed])
    }
