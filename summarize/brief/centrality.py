"""Centrality of sentences in a set of articles (the centroid idea of LexRank / MEAD): a sentence
is central when its content words are the ones most of the articles use. Binary TF-IDF over the
briefed articles' sentences; no model, deterministic."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from summarize.articles import Article
from summarize.text.vectors import cosine, document_frequency, dot, idf_table, norm
from summarize.text.words import content_words


class Centrality:
    """IDF and centroid over a set of texts (every sentence of every article)."""

    def __init__(self, texts: Iterable[str]) -> None:
        bags = [content_words(t) for t in texts]
        self._idf = idf_table(document_frequency(bags), max(1, len(bags)))
        centroid: dict[str, float] = {}
        for bag in bags:
            for w in bag:
                centroid[w] = centroid.get(w, 0.0) + self._idf[w]
        self._centroid = centroid
        self._norm = norm(centroid) or 1.0

    @classmethod
    def of_articles(cls, articles: Iterable[Article]) -> Centrality:
        """Over every sentence of the articles: the set a briefing's parts rank against."""
        return cls(s.text for a in articles for s in a.sentences)

    def vector(self, text: str) -> dict[str, float]:
        # sorted: content_words is a set, and sums along a vector follow its order
        return {w: self._idf.get(w, 1.0) for w in sorted(content_words(text))}

    def summed(self, texts: Iterable[str]) -> dict[str, float]:
        """The texts' vectors added up: what a group of sentences (a fact's evidence, a whole
        article) is about, weighted by how often it says it."""
        acc: dict[str, float] = {}
        for text in texts:
            for w, x in self.vector(text).items():
                acc[w] = acc.get(w, 0.0) + x
        return acc

    def score(self, text: str) -> float:
        """Cosine of the text with the centroid of all texts."""
        v = self.vector(text)
        length = norm(v)
        if not length:
            return 0.0
        return dot(v, self._centroid) / (length * self._norm)


def most_representative(texts: Sequence[str], centrality: Centrality) -> int:
    """Index of the text most similar to all the others (ties: the earlier one); with one or
    two texts, the more central one in the whole set."""
    if len(texts) <= 2:
        return max(range(len(texts)), key=lambda k: (centrality.score(texts[k]), -k))
    vectors = [centrality.vector(t) for t in texts]
    return max(
        range(len(texts)),
        key=lambda k: (
            sum(cosine(vectors[k], vectors[j]) for j in range(len(texts)) if j != k),
            -k,
        ),
    )
