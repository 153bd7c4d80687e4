"""Quote conflicts: one speaker's direct quote worded differently by different outlets.

Quotes (from `Digest.quotes`, found in the text with their speakers) are compared across
articles when their speakers are one person. Wordings are compared lower-cased without
punctuation. Two wordings are *the same quote, worded differently* when their similarity lies in
[align.quote_same_min, align.quote_identical) (settings). Equal wordings, and a wording that is
an exact excerpt of the other (an outlet quoting part of a sentence), are agreement, not conflict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz

from summarize.align.alignment import QuoteRecord, Version
from summarize.articles import Article, Sentence
from summarize.settings import current
from summarize.text.unionfind import UnionFind
from summarize.text.words import comparable


def similarity(a: str, b: str) -> float:
    score = fuzz.ratio(a, b)
    if min(len(a.split()), len(b.split())) >= current().align.partial_min_words:
        score = max(score, fuzz.partial_ratio(a, b))
    return float(score)


def _excerpt(short: str, long: str) -> bool:
    return f" {short} " in f" {long} "


def _surname(speaker: str) -> str:
    last = speaker.split()[-1].lower()
    return last.removesuffix("'s").removesuffix("’s")


def quote_conflicts(
    quoted: Sequence[tuple[Article, Sequence[QuoteRecord]]], canonical: Mapping[str, str]
) -> list[tuple[str, list[Version]]]:
    """(subject, versions) for each quote that outlets word differently; `quoted` holds each
    article with its direct quotes (a digest's, or `quote_finder.direct_quotes`: found in the
    text)."""
    # (canonical article id, speaker as written, wording, original text, sentence)
    items: list[tuple[str, str, str, str, Sentence]] = []
    seen: set[str] = set()
    for article, quotes in quoted:
        aid = canonical.get(article.id, article.id)
        if aid in seen:
            continue  # a wire copy quotes what its canonical quotes
        seen.add(aid)
        for q in quotes:
            words = comparable(q.text)
            if (
                q.speaker
                and len(words.split()) >= current().align.min_quote_words
                and 0 <= q.sentence_index < len(article.sentences)
            ):
                items.append(
                    (aid, q.speaker, words, q.text.strip(), article.sentences[q.sentence_index])
                )
    sets = UnionFind(len(items))
    for i, x in enumerate(items):
        for j in range(i + 1, len(items)):
            y = items[j]
            if (
                x[0] == y[0]
                or fuzz.ratio(_surname(x[1]), _surname(y[1])) < current().align.surname_similarity
            ):
                continue
            if (
                x[2] == y[2]
                or _excerpt(x[2], y[2])
                or _excerpt(y[2], x[2])
                or similarity(x[2], y[2]) >= current().align.quote_same_min
            ):
                sets.union(i, j)
    found: list[tuple[str, list[Version]]] = []
    for members in sets.groups():
        if len({items[i][0] for i in members}) < 2:
            continue
        # wordings, longest first, so an excerpt joins the longer wording it is part of
        versions: list[tuple[str, str, dict[str, Sentence]]] = []
        for i in sorted(members, key=lambda i: (-len(items[i][2]), i)):
            aid, _, words, text, sentence = items[i]
            for wording, _, where in versions:
                if (
                    words == wording
                    or _excerpt(words, wording)
                    or similarity(words, wording) >= current().align.quote_identical
                ):
                    where.setdefault(aid, sentence)
                    break
            else:
                versions.append((words, text, {aid: sentence}))
        if len(versions) < 2:
            continue
        order = {a.id: k for k, (a, _) in enumerate(quoted)}
        versions.sort(key=lambda v: min(order.get(a, len(order)) for a in v[2]))
        speaker = max((items[i][1] for i in members), key=len)
        shown: list[Version] = []
        for _, text, where in versions:
            ids = sorted(where, key=lambda a: order.get(a, len(order)))
            shown.append(
                Version(
                    value=text.rstrip(",;: "),
                    article_ids=tuple(ids),
                    evidence=tuple(where[a] for a in ids),
                )
            )
        found.append((f"{speaker}'s quote", shown))
    return found
