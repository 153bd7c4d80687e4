"""Candidates through an inverted index, so alignment cost grows with the units, not their pairs.

Postings map each content word and each number to the units that contain it. A unit's
candidates are the units of *other* articles that share at least one posted term; the TF-IDF
dot product and the summed IDF of the shared words are accumulated along the postings, so no
pair without a shared term is ever looked at. Terms in more than `max_df` units are not posted
(a word in most sentences, "Putin" in a story about Putin, says nothing about which fact two
sentences share, and its postings would make the cost quadratic); `max_df` is at least
align.index_min_max_df, so on a briefing of a few dozen articles nothing is left out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from summarize.align.score import fuzz_part, pair_total
from summarize.align.units import Unit
from summarize.settings import current
from summarize.text.vectors import idf_table


@dataclass(frozen=True)
class Match:
    """Unit `j` as a candidate for a given unit, with the parts of the pair score."""

    j: int
    total: float  # the precise score: score.py's `pair_total` over cosine, fuzzy, numbers, names
    cosine: float
    coverage: float  # IDF share of the smaller unit's content words that the other one has
    numbers: float


class UnitIndex:
    def __init__(self, units: Sequence[Unit], name_idf: Mapping[str, float]) -> None:
        self.units = units
        self._name_idf = name_idf
        postings: dict[str, list[int]] = {}
        for i, u in enumerate(units):
            for w in u.words:
                postings.setdefault(w, []).append(i)
            for number in u.numbers:
                postings.setdefault("#" + number, []).append(i)
        self.max_df = max(
            current().align.index_min_max_df, int(current().align.index_max_df_share * len(units))
        )
        self.unposted = sorted(t for t, p in postings.items() if len(p) > self.max_df)
        self._postings = {t: p for t, p in postings.items() if len(p) <= self.max_df}
        # term -> articles containing it (in any unit), for the article-level coverage
        self._articles: dict[str, list[str]] = {
            t: list(dict.fromkeys(units[i].article_id for i in p))
            for t, p in self._postings.items()
        }
        df = {t: len(p) for t, p in postings.items()}
        # One wording in many articles (a wire sentence, the synthetic shared fact) is posted
        # under its whole comparable text, whatever the document frequency of its words.
        self._same_text: dict[str, list[int]] = {}
        for i, u in enumerate(units):
            if u.flat:
                self._same_text.setdefault(u.flat, []).append(i)
        total = max(1, len(units))
        self._idf = idf_table(df, total)

    def neighbours(self, i: int) -> list[Match]:
        """Every unit of another article sharing a posted term with unit `i`, scored."""
        u = self.units[i]
        dot: dict[int, float] = {}
        shared: dict[int, float] = {}
        nums: dict[int, int] = {}
        for w, x in u.vector.items():
            posting = self._postings.get(w)
            if posting is None:
                continue
            idf = self._idf[w]
            for j in posting:
                dot[j] = dot.get(j, 0.0) + x * self.units[j].vector[w]
                shared[j] = shared.get(j, 0.0) + idf
        for n in u.numbers:
            for j in self._postings.get("#" + n, ()):
                nums[j] = nums.get(j, 0) + 1
                dot.setdefault(j, 0.0)
        out = []
        identical = self._same_text.get(u.flat, ()) if u.flat else ()
        for j in identical:
            if self.units[j].article_id != u.article_id:
                out.append(Match(j, 1.0, 1.0, 1.0, 1.0 if u.numbers else 0.0))
        skip = set(identical)
        cfg = current().align
        for j, cos in dot.items():
            v = self.units[j]
            if v.article_id == u.article_id or j in skip:
                continue
            smaller = min(u.idf_total, v.idf_total)
            coverage = shared.get(j, 0.0) / smaller if smaller > 0 else 0.0
            k = nums.get(j, 0)
            num = k / (len(u.numbers) + len(v.numbers) - k) if k else 0.0
            fz = fuzz_part(fuzz.token_sort_ratio(u.flat, v.flat) / 100.0, cfg)
            total = pair_total(cos, fz, num, self._names(u.names, v.names), cfg)
            out.append(Match(j, total, cos, min(1.0, coverage), num))
        return out

    def coverage(self, i: int) -> dict[str, float]:
        """Per other article, the IDF share of unit `i`'s terms (content words and numbers) that
        appear anywhere in it: a fact told across two sentences, or in other words around the
        same names and numbers, still leaves its terms in the article."""
        u = self.units[i]
        # sorted: the words are a set, and float sums in its (hash seed's) order vary by run
        terms = sorted([*u.words, *("#" + n for n in u.numbers)])
        total = math.fsum(self._idf[t] for t in terms)
        if total <= 0:
            return {}
        acc: dict[str, float] = {}
        for t in terms:
            for aid in self._articles.get(t, ()):
                if aid != u.article_id:
                    acc[aid] = acc.get(aid, 0.0) + self._idf[t]
        return {aid: x / total for aid, x in acc.items()}

    def _names(self, a: frozenset[str], b: frozenset[str]) -> float:
        """Jaccard of names, each weighted by its inverse unit frequency."""
        if not a or not b:
            return 0.0
        union = math.fsum(self._name_idf.get(w, 1.0) for w in a | b)
        if union <= 0:
            return 0.0
        return math.fsum(self._name_idf.get(w, 1.0) for w in a & b) / union
