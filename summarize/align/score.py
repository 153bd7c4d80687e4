"""The cheap pair score and candidate pairs (DESIGN §2, "Align").

score = W_TFIDF · TF-IDF cosine + W_FUZZ · rapidfuzz token ratio + W_NUMBERS · shared numbers
        + W_NAMES · shared capitalised names,
each part in [0, 1], computed on the claim texts and on the evidence sentences (the article's own
words, often closer between outlets than two model paraphrases), taking the larger.

A pair is a candidate when, between two articles, each claim is the other's best match and the
score clears CANDIDATE_THRESHOLD (then a judge filters), or NO_JUDGE_THRESHOLD when no judge is
given. Pairs are over claims (~10 an article), never over full texts.

TF-IDF is written here (a dozen lines over dicts) rather than taken from scikit-learn: the
corpus is a few dozen claims, and scikit-learn would add scipy and ~100 MB for one cosine.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from summarize.align.model import ClaimRef
from summarize.align.text import comparable, content_words, names_in, numbers_in

# Weights: lexical overlap carries most of the signal; numbers are sparse (0 for most pairs) but
# decisive when present; names help least, since every sentence about one event names the same
# people and places (a weight search on the seeds preferred 0 for names; 0.1 keeps them as a tie
# breaker for corpora with more distinct names). Measured in docs/ALIGNMENT.md.
W_TFIDF = 0.5
W_FUZZ = 0.2
W_NUMBERS = 0.2
W_NAMES = 0.1
FUZZ_FLOOR = 0.45
# Candidates for the judge: on the seeds 0.22 keeps 27 true mutual-best pairs and 3 false ones,
# which a judge is there to remove; below it false pairs grow faster than true ones.
CANDIDATE_THRESHOLD = 0.22
# Without a judge the cheap score alone decides: the lowest bar with no false pair on the seeds
# was 0.28; 0.30 leaves a margin (16 true pairs kept, 0 false).
NO_JUDGE_THRESHOLD = 0.30


class TfIdf:
    """L2-normalised TF-IDF vectors over stemmed content words (verify.content_words)."""

    def __init__(self, texts: Sequence[str]) -> None:
        bags = [Counter(content_words(t)) for t in texts]
        df: Counter[str] = Counter()
        for bag in bags:
            df.update(bag.keys())
        n = len(bags)
        self._idf = {w: math.log((1 + n) / (1 + d)) + 1.0 for w, d in df.items()}
        self._vectors = {t: self._vector(bag) for t, bag in zip(texts, bags, strict=True)}

    def _vector(self, bag: Counter[str]) -> dict[str, float]:
        v = {w: c * self._idf.get(w, 1.0) for w, c in bag.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {w: x / norm for w, x in v.items()}

    def cosine(self, a: str, b: str) -> float:
        va = self._vectors.get(a) or self._vector(Counter(content_words(a)))
        vb = self._vectors.get(b) or self._vector(Counter(content_words(b)))
        if len(va) > len(vb):
            va, vb = vb, va
        return sum(x * vb.get(w, 0.0) for w, x in va.items())


def _jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


class Scorer:
    """Corpus statistics for `pair_score`: TF-IDF over claims and evidence, and how many evidence
    sentences mention each name (a name in half the sentences — "Putin" in a story about Putin —
    says little about which fact two sentences report)."""

    def __init__(self, refs: Sequence[ClaimRef]) -> None:
        texts: list[str] = []
        for r in refs:
            texts += [r.claim.text, r.sentence.text]
        self.tfidf = TfIdf(list(dict.fromkeys(texts)))
        sentences = {(r.article_id, r.sentence.index): r.sentence.text for r in refs}
        df: Counter[str] = Counter()
        for text in sentences.values():
            df.update(names_in(text))
        n = len(sentences)
        self._name_idf = {w: math.log(n / d) for w, d in df.items()}

    def names(self, a: frozenset[str], b: frozenset[str]) -> float:
        """Jaccard of names, each weighted by its inverse sentence frequency."""
        union = sum(self._name_idf.get(w, 1.0) for w in a | b)
        if not a or not b or union <= 0:
            return 0.0
        return sum(self._name_idf.get(w, 1.0) for w in a & b) / union


@dataclass(frozen=True)
class PairScore:
    total: float
    tfidf: float
    fuzz: float
    numbers: float
    names: float


def pair_score(x: ClaimRef, y: ClaimRef, scorer: Scorer) -> PairScore:
    ex, ey = x.sentence.text, y.sentence.text
    tfidf = scorer.tfidf
    cos = max(tfidf.cosine(x.claim.text, y.claim.text), tfidf.cosine(ex, ey))
    ratio = (
        max(
            fuzz.token_sort_ratio(comparable(x.claim.text), comparable(y.claim.text)),
            fuzz.token_sort_ratio(comparable(ex), comparable(ey)),
        )
        / 100.0
    )
    # Any two English sentences of similar length score ~0.45 (shared letters and stop words);
    # only the part above FUZZ_FLOOR says anything.
    fz = max(0.0, (ratio - FUZZ_FLOOR) / (1.0 - FUZZ_FLOOR))
    nums = _jaccard(
        numbers_in(ex) | numbers_in(x.claim.text), numbers_in(ey) | numbers_in(y.claim.text)
    )
    names = scorer.names(names_in(ex), names_in(ey))
    total = W_TFIDF * cos + W_FUZZ * fz + W_NUMBERS * nums + W_NAMES * names
    return PairScore(total, cos, fz, nums, names)


def candidate_pairs(
    refs: Sequence[ClaimRef], threshold: float = CANDIDATE_THRESHOLD
) -> list[tuple[int, int, float]]:
    """(i, j, score) with i < j indexing `refs`: mutual best matches across two articles whose
    score clears `threshold`, strongest first (ties by position, so the order is stable)."""
    scorer = Scorer(refs)
    by_article: dict[str, list[int]] = {}
    for i, r in enumerate(refs):
        by_article.setdefault(r.article_id, []).append(i)
    articles = list(by_article)
    pairs: list[tuple[int, int, float]] = []
    for ai, a in enumerate(articles):
        for b in articles[ai + 1 :]:
            left, right = by_article[a], by_article[b]
            scores = {
                (i, j): pair_score(refs[i], refs[j], scorer).total for i in left for j in right
            }
            best_of_left = {i: max(right, key=lambda j: (scores[i, j], -j)) for i in left}
            best_of_right = {j: max(left, key=lambda i: (scores[i, j], -i)) for j in right}
            for i, j in best_of_left.items():
                if best_of_right[j] == i and scores[i, j] >= threshold:
                    pairs.append((min(i, j), max(i, j), scores[i, j]))
    pairs.sort(key=lambda p: (-p[2], p[0], p[1]))
    return pairs
