"""What happened: a short story summary at the top of every briefing, chosen by code.

The articles' own sentences, verbatim (so nothing in it is the model's wording), chosen by how
central each is to the cluster (centroid cosine, brief.centrality), how much of it the other
outlets write about too (cosine with each other article's word vector), how many outlets the
alignment found carrying its fact, and whether it is its article's lede. Near-repeats of a
chosen sentence, and other outlets' wordings of a fact already stated, are skipped. Each
sentence cites its own article and every article the alignment put in one fact with the whole
sentence on the precise bar (the consensus's own citations), so a citation never names an
article that does not carry the sentence's fact.

Measured on the 108 AllSides dev clusters (bench/brief_eval.py --baselines-only; weights set on
the even-numbered clusters, the odd ones reported untouched): docs/BRIEFING.md "What happened".
It needs no model and is never empty while some article has a sentence that states something.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from summarize.align import Alignment
from summarize.articles import Article, Sentence
from summarize.brief.briefing import CitedSentence
from summarize.brief.centrality import Centrality
from summarize.settings import current
from summarize.text.headings import is_fragment, is_subheading
from summarize.text.vectors import cosine


def what_happened(
    articles: Sequence[Article],
    alignment: Alignment | None,
    canonical: Mapping[str, str] | None = None,
) -> list[CitedSentence]:
    """Up to brief.story_sentences verbatim sentences, most telling first, each with its
    citations."""
    cfg = current().brief
    canon = dict(canonical or {})
    candidates = [
        (a.id, s)
        for a in articles
        if canon.get(a.id, a.id) == a.id  # a near-duplicate adds nothing its original has
        for s in a.sentences
        if _states_something(s.text)
    ]
    if not candidates:
        return []
    centrality = Centrality.of_articles(articles)
    vectors = {(aid, s.index): centrality.vector(s.text) for aid, s in candidates}
    article_vectors = {a.id: centrality.summed(s.text for s in a.sentences) for a in articles}
    sources, facts = _facts_by_sentence(alignment, canon)
    ledes = {
        a.id: next((s.index for s in a.sentences if _states_something(s.text)), -1)
        for a in articles
    }
    others = {a.id: [b.id for b in articles if canon.get(b.id, b.id) != a.id] for a in articles}

    def cheap(aid: str, s: Sentence) -> float:
        carried = len(sources.get((aid, s.index), {aid}))
        return (
            centrality.score(s.text)
            + cfg.w_support * (carried - 1)
            + cfg.w_lede * (s.index == ledes[aid])
        )

    def score(aid: str, s: Sentence) -> float:
        v = vectors[(aid, s.index)]
        near = [cosine(v, article_vectors[b]) for b in others[aid]]
        cross = sum(near) / len(near) if near else 0.0
        return cheap(aid, s) + cfg.w_cross * cross

    order = {a.id: k for k, a in enumerate(articles)}
    pool = sorted(candidates, key=lambda c: (-cheap(*c), order[c[0]], c[1].index))[: cfg.story_pool]
    ranked = sorted(pool, key=lambda c: (-score(*c), order[c[0]], c[1].index))
    chosen: list[tuple[str, Sentence]] = []
    stated: set[str] = set()  # shared facts a chosen sentence is evidence of
    words = 0
    for aid, s in ranked:
        if len(chosen) >= cfg.story_sentences or words >= cfg.story_words:
            break
        v = vectors[(aid, s.index)]
        mine = set(facts.get((aid, s.index), ()))
        # another outlet's wording of a fact already stated, or a near-repeat of a sentence
        if mine & stated or any(
            cosine(v, vectors[(b, t.index)]) >= cfg.redundant for b, t in chosen
        ):
            continue
        chosen.append((aid, s))
        stated |= mine
        words += len(s.text.split())
    return [
        CitedSentence(
            s.text,
            tuple(facts.get((aid, s.index), ())),
            tuple(sorted(sources.get((aid, s.index), {aid}), key=lambda x: order.get(x, 10**9))),
            1.0,
            verbatim_from=(aid, s.index),
        )
        for aid, s in chosen
    ]


def _states_something(text: str) -> bool:
    return (
        len(text.split()) >= current().brief.story_min_words
        and not is_fragment(text)
        and not is_subheading(text)
    )


def _facts_by_sentence(
    alignment: Alignment | None, canonical: Mapping[str, str]
) -> tuple[dict[tuple[str, int], set[str]], dict[tuple[str, int], list[str]]]:
    """Per (article, sentence index): the articles carrying a fact the whole sentence is
    evidence of, on the precise bar (its own article included), and the ids of its shared
    facts. A fact one clause of the sentence is in does not count: the other outlets carry that
    clause, not necessarily the rest."""
    sources: dict[tuple[str, int], set[str]] = {}
    facts: dict[tuple[str, int], list[str]] = {}
    if alignment is None:
        return sources, facts
    for cluster in alignment.clusters:
        for m in cluster.members:
            if m.sentence.index < 0 or m.kind != "sentence":
                continue
            key = (canonical.get(m.article_id, m.article_id), m.sentence.index)
            sources.setdefault(key, {key[0]}).update(cluster.sources)
            if cluster.support >= 2 and cluster.id not in facts.setdefault(key, []):
                facts[key].append(cluster.id)
    return sources, facts
