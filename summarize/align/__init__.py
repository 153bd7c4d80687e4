"""Claim alignment across articles: which outlets report the same fact, and where they conflict.

Pure and deterministic; the only model use is an optional injected `judge(a, b) -> P(same fact)`.

    align_articles(articles, digests=None, *, canonical=None) -> Alignment   # every sentence
    alignment.presence("F3", "A2").status  # "carries" | "touches" | "absent"
    align(digests, *, canonical=None, judge=None, judge_threshold=0.5) -> Alignment  # claims only

Candidate pairs come from a cheap score (TF-IDF, fuzzy ratio, shared numbers and names; mutual
best matches between two articles), clusters from union-find with a guard against chaining, and
conflicts (number, date, title, quote) from code. Thresholds and measurements: docs/ALIGNMENT.md.
"""

from summarize.align.articles import align_articles
from summarize.align.core import align
from summarize.align.model import (
    Alignment,
    ClaimCluster,
    ClaimRef,
    Conflict,
    Presence,
    Version,
)

__all__ = [
    "Alignment",
    "ClaimCluster",
    "ClaimRef",
    "Conflict",
    "Presence",
    "Version",
    "align",
    "align_articles",
]
