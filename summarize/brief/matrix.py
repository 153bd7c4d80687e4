"""Who reports what: distinct facts × articles, each cell decided (`Alignment.decide`).

A row is one fact in the words of the unit it rests on (a clause of a long sentence is shown as
that clause, highlighted in its sentence), never the same words as another row. Rows are ranked
by how many articles carry the fact, then by how central its words are to the story; the first
brief.matrix_rows are the ones a reader sees first, the rest stay one click away.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from summarize.align import Alignment, ClaimCluster, ClaimRef
from summarize.align.alignment import Decision
from summarize.articles import Article, Sentence
from summarize.brief.centrality import Centrality, most_representative
from summarize.settings import current
from summarize.text.words import normalise


@dataclass(frozen=True)
class FactRow:
    fact_id: str
    text: str  # the unit's own words: the clause, the sentence or the headline
    article_id: str  # whose words
    sentence: Sentence  # the sentence the words sit in
    start: int  # article offsets of `text` within `sentence`
    end: int
    sources: tuple[str, ...]  # articles aligned to it on the precise bar
    cells: tuple[tuple[str, Decision], ...]  # (article id, decision), in article order
    shown: bool  # among the first brief.matrix_rows

    @property
    def carried_by(self) -> tuple[str, ...]:
        return tuple(a for a, d in self.cells if d.status == "carries")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.fact_id,
            "text": self.text,
            "article": self.article_id,
            "sentence": self.sentence.index + 1,
            "start": self.start,
            "end": self.end,
            "sources": list(self.sources),
            "carried_by": list(self.carried_by),
            "shown": self.shown,
            "cells": {a: d.to_dict() for a, d in self.cells},
        }


def fact_matrix(
    alignment: Alignment | None,
    articles: Sequence[Article],
    canonical: Mapping[str, str] | None = None,
    limit: int | None = None,
) -> list[FactRow]:
    """Every distinct fact with a decided cell per article, most widely carried first; the
    first `limit` (default: the run's `brief.matrix_rows`) shown."""
    if limit is None:
        limit = current().brief.matrix_rows
    if alignment is None:
        return []
    canon = dict(canonical or {})
    centrality = Centrality.of_articles(articles)
    pool = sorted(
        enumerate(alignment.clusters),
        key=lambda pc: (-pc[1].support, -_centre(pc[1], centrality), pc[0]),
    )[: current().brief.matrix_max_rows]
    candidates: list[tuple[tuple[int, int, float, int], FactRow]] = []
    for position, cluster in pool:
        member = _representative(cluster, centrality)
        start, end = _span(member)
        cells = tuple((a.id, alignment.decide(cluster, a.id)) for a in articles)
        distinct = {canon.get(a, a) for a, d in cells if d.status == "carries"}
        row = FactRow(
            cluster.id,
            member.claim.text,
            member.article_id,
            member.sentence,
            start,
            end,
            tuple(cluster.sources),
            cells,
            False,
        )
        key = (-len(distinct), -cluster.support, -centrality.score(row.text), position)
        candidates.append((key, row))
    candidates.sort(key=lambda kv: kv[0])
    rows = _distinct([row for _, row in candidates])
    return [replace(row, shown=k < limit) for k, row in enumerate(rows)]


def _centre(cluster: ClaimCluster, centrality: Centrality) -> float:
    return max(centrality.score(m.claim.text) for m in cluster.members)


def _representative(cluster: ClaimCluster, centrality: Centrality) -> ClaimRef:
    """The member whose words are most like the other members' (body units before a headline)."""
    members = [m for m in cluster.members if m.sentence.index >= 0] or list(cluster.members)
    return members[most_representative([m.claim.text for m in members], centrality)]


def _span(member: ClaimRef) -> tuple[int, int]:
    """Article offsets of the member's words in its sentence (the whole sentence when the words
    are a model claim's, which are not the article's)."""
    s = member.sentence
    at = s.text.find(member.claim.text) if member.kind == "clause" else -1
    if at < 0:
        return s.start, s.end
    return s.start + at, s.start + at + len(member.claim.text)


def _distinct(rows: list[FactRow]) -> list[FactRow]:
    """Drop a row that repeats another's words: the same text, or a one-article fact whose
    words are a part of a one-article row kept for the same sentence (the clauses of a sentence
    that nothing else carries say nothing the whole sentence does not)."""
    dropped: set[int] = set()
    held: dict[tuple[str, int], list[str]] = {}
    # one-article rows, longest first, so a clause meets the whole sentence that holds it
    singles = [k for k, r in enumerate(rows) if len(r.sources) == 1]
    for k in sorted(singles, key=lambda k: (rows[k].start - rows[k].end, k)):
        row = rows[k]
        key = (row.article_id, row.sentence.index)
        words = normalise(row.text).lower()
        if any(words in longer for longer in held.get(key, [])):
            dropped.add(k)
        else:
            held.setdefault(key, []).append(words)
    kept: list[FactRow] = []
    seen: set[str] = set()
    for k, row in enumerate(rows):
        words = normalise(row.text).lower()
        if k not in dropped and words not in seen:
            seen.add(words)
            kept.append(row)
    return kept
