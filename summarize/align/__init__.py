"""Claim alignment across articles: which outlets report the same fact, and where they conflict.

Pure and deterministic; the only model use is an optional injected judge (`align.judge.PairJudge`,
a protocol: `llm.judge.ModelJudge` implements it), so `align` imports neither the digest nor `llm`.

    align_articles(articles, digests=None, *, canonical=None, judge=None) -> Alignment
    alignment.presence("F3", "A2").status  # "carries" | "touches" | "absent"

Candidate pairs come from a cheap score (TF-IDF, fuzzy ratio, shared numbers and names; mutual
best matches between two articles), clusters from union-find with a guard against chaining, and
conflicts (number, date, title, quote) from code. Thresholds and measurements: docs/ALIGNMENT.md.
"""

from summarize.align.aligner import align_articles
from summarize.align.alignment import (
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
    "align_articles",
]
