"""Sparse term vectors: document frequency, IDF, TF-IDF weighting, L2 norm and cosine. The one
TF-IDF of the project: alignment units (`align/units.py`, `align/index.py`), sentence centrality
(`brief/centrality.py`) and story clustering (`stories/cluster.py`) all weigh words here.

Vectors are plain dicts (term -> weight): a corpus is a few hundred sentences or a few thousand
articles, and scikit-learn would add scipy and ~100 MB for a dozen lines. Sums are `math.fsum`,
exactly rounded whatever the order of the terms: a vector built from a set has its terms in the
hash seed's order, and plain sums in that order made two runs of one command differ (a near-tie
decided the other way).

>>> df = document_frequency([{"dam", "rain"}, {"dam"}])
>>> table = idf_table(df, 2)
>>> round(cosine(tf_idf({"dam": 1, "rain": 1}, table), tf_idf({"dam": 1}, table)), 4)
0.5797
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping

Vector = dict[str, float]


def document_frequency(bags: Iterable[Iterable[str]]) -> Counter[str]:
    """In how many bags each term occurs; a bag holds distinct terms (a set, or a mapping's
    keys)."""
    df: Counter[str] = Counter()
    for bag in bags:
        for term in bag:
            df[term] += 1
    return df


def idf(n: int, df: int, *, smooth: bool = True) -> float:
    """Inverse document frequency of a term in `df` of `n` texts. Smooth (scikit-learn's
    `smooth_idf`): log((1 + n) / (1 + df)) + 1, never 0, so a word in every text still counts
    a little; plain: log(n / df), 0 for a term in every text (names: one in every sentence says
    nothing about which fact two sentences share)."""
    if smooth:
        return math.log((1 + n) / (1 + df)) + 1.0
    return math.log(n / df)


def idf_table(df: Mapping[str, int], n: int, *, smooth: bool = True) -> dict[str, float]:
    return {term: idf(n, d, smooth=smooth) for term, d in df.items()}


def tf_idf(
    counts: Mapping[str, float],
    idf_of: Mapping[str, float],
    *,
    sublinear: bool = False,
    unseen: float = 1.0,
) -> Vector:
    """Term count times IDF (`unseen` for a term outside the table); `sublinear`: 1 + log(count)
    instead of the count, so a word said five times does not weigh five times. Terms in sorted
    order: a vector's order is where sums over it start (`align/index.py` adds products along
    it), and `counts` built from a set would carry the hash seed's order."""
    terms = sorted(counts)
    if sublinear:
        return {t: (1.0 + math.log(counts[t])) * idf_of.get(t, unseen) for t in terms}
    return {t: counts[t] * idf_of.get(t, unseen) for t in terms}


def norm(v: Mapping[str, float]) -> float:
    return math.sqrt(math.fsum(x * x for x in v.values()))


def normalised(v: Mapping[str, float]) -> Vector:
    """`v` scaled to length 1 (an empty or zero vector stays as it is)."""
    length = norm(v) or 1.0
    return {t: x / length for t, x in v.items()}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Over `a`'s terms: pass the shorter vector first for speed."""
    return math.fsum(x * b.get(t, 0.0) for t, x in a.items())


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two vectors that need not be normalised; 0 when either is empty."""
    na, nb = norm(a), norm(b)
    return dot(a, b) / (na * nb) if na and nb else 0.0
