"""`align_articles()`: every sentence of every article aligned, on two bars (docs/ALIGNMENT.md).

- SAME (precise, for consensus and conflicts): between two articles, each unit is the other's
  best match and the lexical score clears align.same_threshold; clusters by union-find with the
  chaining guard of `cluster.py`.
- NEAR (generous, for presence): an article "touches" a fact when one of its units scores at
  least align.near_threshold against a member of the fact on the near score (the larger of the
  lexical score and the IDF share of shared words); "absent" only when none does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set

from summarize.align.alignment import (
    Alignment,
    ArticleDigest,
    ClaimCluster,
    ClaimRef,
)
from summarize.align.anchors import SentenceKey, rare_names
from summarize.align.cluster import build_clusters, components
from summarize.align.conflicts import find_conflicts
from summarize.align.index import Match, UnitIndex
from summarize.align.judge import PairJudge
from summarize.align.units import Unit, build_units, raw_units
from summarize.articles import Article, Sentence
from summarize.settings import current
from summarize.text.headings import is_fragment, is_subheading


def near_score(m: Match) -> float:
    return max(m.total, m.coverage)


class _Nearness:
    """Per unit, its best near-scored unit in each other article. A cluster's presence in an
    article is the best over every unit of its members' sentences (the sentence, its clauses,
    its claims): a sentence in a fact through one clause may carry it in another's words."""

    def __init__(
        self,
        units: Sequence[Unit],
        best_near: Sequence[Mapping[str, tuple[float, float, int]]],
        sentence_units: Mapping[tuple[str, int], Sequence[int]],
        near_threshold: float,
        cover_threshold: float,
    ) -> None:
        self._units = units
        self._best = best_near
        self._sentence_units = sentence_units
        self._bars = near_threshold, cover_threshold
        self._cache: dict[str, dict[str, tuple[float, Sentence]]] = {}

    def near(
        self, cluster: ClaimCluster, *, own: bool = False
    ) -> Mapping[str, tuple[float, Sentence]]:
        """Per other article, its best near score against the fact and that unit's sentence.
        `own`: against the fact's own units only (its sentences or clauses as aligned), not
        every unit of their sentences: a short clause of a long sentence covered elsewhere
        does not make the other article carry the whole sentence."""
        key = f"{cluster.id}/own" if own else cluster.id
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        out: dict[str, tuple[float, Sentence]] = {}
        keys = {(m.article_id, m.sentence.index) for m in cluster.members}
        wanted = {i for k in keys for i in self._sentence_units[k]}
        if own:
            mine = {(m.article_id, m.sentence.index, m.claim.text) for m in cluster.members}
            wanted = {
                i
                for i in wanted
                if (self._units[i].article_id, self._units[i].sentence.index, self._units[i].text)
                in mine
            }
        for i in sorted(wanted):
            for aid, (near, share, j) in self._best[i].items():
                score = max(near, share)
                if (near >= self._bars[0] or share >= self._bars[1]) and (
                    aid not in out or score > out[aid][0]
                ):
                    out[aid] = (score, self._units[j].sentence)
        self._cache[key] = out
        return out


def align_articles(
    articles: Sequence[Article],
    digests: Sequence[ArticleDigest] | None = None,
    *,
    canonical: Mapping[str, str] | None = None,
    split_clauses: bool = True,
    same_threshold: float | None = None,
    near_threshold: float | None = None,
    cover_threshold: float | None = None,
    judge: PairJudge | None = None,
    judge_budget: int | None = None,
) -> Alignment:
    """Align every headline and sentence (and clause of a long one, and verified claim of
    `digests`) across `articles`; see the module docstring for the two bars.

    `canonical` maps a near-duplicate article's id to the id it duplicates, so a wire copy adds
    no support and answers presence as its canonical article. `judge` (e.g. `llm.judge.ModelJudge`)
    scores up to `judge_budget` mutual-best pairs just below the SAME bar (`align/judge.py`).
    The bars and the budget not given are the run's settings (`align.*`).
    """
    cfg = current().align
    same_threshold = cfg.same_threshold if same_threshold is None else same_threshold
    near_threshold = cfg.near_threshold if near_threshold is None else near_threshold
    cover_threshold = cfg.cover_threshold if cover_threshold is None else cover_threshold
    judge_budget = cfg.judge_budget if judge_budget is None else judge_budget
    canon = {k: v for k, v in (canonical or {}).items() if k != v}
    order = [a.id for a in articles]
    units, name_idf = build_units(raw_units(articles, digests, split_clauses=split_clauses))
    index = UnitIndex(units, name_idf)
    ledes = {a.id: lede for a in articles if (lede := lede_index(a)) is not None}
    opens = {a.id for a in articles if a.headline_opens_text}
    heads = {i for i, u in enumerate(units) if _is_headline(u, opens)}
    anchors = rare_names(articles)
    head_scores: dict[tuple[str, str], float] = {}

    # best[i][article] = (score, j) on the precise score; near[i][article] = (near score,
    # article coverage, j) with j the unit of the best near score
    best: list[dict[str, tuple[float, int]]] = []
    near: list[dict[str, tuple[float, float, int]]] = []
    candidates = 0
    for i in range(len(units)):
        b: dict[str, tuple[float, int]] = {}
        n: dict[str, tuple[float, int]] = {}
        for m in index.neighbours(i):
            candidates += 1
            aid = units[m.j].article_id
            if i in heads and m.j in heads:
                head_scores[(units[i].article_id, aid)] = m.total
            # ties go to the earlier unit, so the output does not depend on postings order
            if aid not in b or (m.total, -m.j) > (b[aid][0], -b[aid][1]):
                b[aid] = (m.total, m.j)
            s = near_score(m)
            if aid not in n or (s, -m.j) > (n[aid][0], -n[aid][1]):
                n[aid] = (s, m.j)
        share = index.coverage(i)
        best.append(b)
        near.append({aid: (s, share.get(aid, 0.0), j) for aid, (s, j) in n.items()})

    pairs: list[tuple[int, int, float]] = []
    below: list[tuple[int, int, float]] = []
    for i, u in enumerate(units):
        for score, j in best[i].values():
            if j > i and best[j].get(u.article_id, (0.0, -1))[1] == i:
                if (
                    score >= same_threshold
                    or _shared_number(units[i], units[j], score)
                    or _agreeing_ledes(units[i], units[j], score, ledes, head_scores)
                    or _shared_anchor(units[i], units[j], score, anchors)
                ):
                    pairs.append((i, j, score))
                elif score >= cfg.judge_floor and _judgeable(units[i], units[j]):
                    below.append((i, j, score))
    judged = 0
    if judge is not None and below and judge_budget > 0:
        below.sort(key=lambda p: (-p[2], p[0], p[1]))
        asked = _distinct_sentence_pairs(units, below)[:judge_budget]
        probabilities = judge([(units[i].text, units[j].text) for i, j, _ in asked])
        judged = len(asked)
        pairs += [
            p
            for p, yes in zip(asked, probabilities, strict=True)
            if yes is not None and yes >= cfg.judge_accept
        ]
    pairs.sort(key=lambda p: (-p[2], p[0], p[1]))

    refs = [u.ref() for u in units]
    groups = components(refs, pairs, canon)
    clusters = build_clusters(refs, [_one_per_sentence(refs, g) for g in groups], order, canon)
    sentence_units: dict[tuple[str, int], list[int]] = {}
    for i, u in enumerate(units):
        sentence_units.setdefault((u.article_id, u.sentence.index), []).append(i)
    return Alignment(
        clusters=clusters,
        conflicts=find_conflicts(clusters, articles, digests, canon, order),
        candidate_pairs=candidates // 2,
        judged_pairs=judged,
        canonical=canon,
        article_ids=order,
        nearness=_Nearness(units, near, sentence_units, near_threshold, cover_threshold),
    )


def _shared_number(a: Unit, b: Unit, score: float) -> bool:
    """Just below the bar, the articles' own words stating one same number (claims excluded,
    as measured)."""
    return (
        score >= current().align.number_floor
        and _judgeable(a, b)
        and not a.telling_numbers.isdisjoint(b.telling_numbers)
    )


def _shared_anchor(
    a: Unit, b: Unit, score: float, anchors: Mapping[SentenceKey, frozenset[str]]
) -> bool:
    """Below the bar, two sentences writing one name their articles write nowhere else."""
    if score < current().align.anchor_floor or not _judgeable(a, b):
        return False
    mine = anchors.get((a.article_id, a.sentence.index), frozenset())
    return not mine.isdisjoint(anchors.get((b.article_id, b.sentence.index), frozenset()))


def lede_index(article: Article) -> int | None:
    """The article's first body sentence that states something: not the headline opening the
    text, a subheading or a fragment."""
    skip = 0 if article.headline_opens_text else -1
    for s in article.sentences:
        if s.index == skip:
            continue
        if s.text.strip() and not is_subheading(s.text) and not is_fragment(s.text):
            return s.index
    return None


def _is_headline(u: Unit, headline_opens: Set[str]) -> bool:
    """The headline unit, or the first sentence of an article whose headline opens the text."""
    if u.kind == "title":
        return True
    return u.kind == "sentence" and u.sentence.index == 0 and u.article_id in headline_opens


def _agreeing_ledes(
    a: Unit,
    b: Unit,
    score: float,
    ledes: Mapping[str, int],
    head_scores: Mapping[tuple[str, str], float],
) -> bool:
    """Below the bar, two ledes stating the main event, their headlines agreeing
    (align.lede_floor)."""
    return (
        score >= current().align.lede_floor
        and a.kind in ("sentence", "clause")
        and b.kind in ("sentence", "clause")
        and ledes.get(a.article_id) == a.sentence.index
        and ledes.get(b.article_id) == b.sentence.index
        and len(a.text.split()) >= current().align.lede_min_words
        and len(b.text.split()) >= current().align.lede_min_words
        and not a.names.isdisjoint(b.names)
        and max(
            head_scores.get((a.article_id, b.article_id), 0.0),
            head_scores.get((b.article_id, a.article_id), 0.0),
        )
        >= current().align.lede_headline_floor
    )


def _judgeable(a: Unit, b: Unit) -> bool:
    """Neither unit a claim of the model: the judge compares the articles' own words."""
    return a.kind != "claim" and b.kind != "claim"


def _distinct_sentence_pairs(
    units: Sequence[Unit], pairs: Sequence[tuple[int, int, float]]
) -> list[tuple[int, int, float]]:
    """One judgement per pair of evidence sentences (the strongest of its unit pairs): a
    sentence and its clause matching the same other sentence ask the same question."""
    seen: set[tuple[str, int, str, int]] = set()
    out: list[tuple[int, int, float]] = []
    for i, j, score in pairs:
        key = (
            units[i].article_id,
            units[i].sentence.index,
            units[j].article_id,
            units[j].sentence.index,
        )
        if key not in seen:
            seen.add(key)
            out.append((i, j, score))
    return out


_KIND_RANK = {"sentence": 0, "title": 0, "claim": 1, "clause": 2}


def _one_per_sentence(refs: Sequence[ClaimRef], group: Sequence[int]) -> list[int]:
    """A cluster lists each evidence sentence once: the whole sentence over a claim over a
    clause of it."""
    chosen: dict[tuple[str, int], int] = {}
    for i in group:
        key = (refs[i].article_id, refs[i].sentence.index)
        if key not in chosen or _KIND_RANK[refs[i].kind] < _KIND_RANK[refs[chosen[key]].kind]:
            chosen[key] = i
    return sorted(chosen.values())
