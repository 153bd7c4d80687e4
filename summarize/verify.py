"""Deterministic checks of what the model says against the article text.

- Claims point at a sentence; the claim is *supported* when most of its content words and all
  of its numbers occur in that sentence. A claim whose cited sentence does not support it but
  another sentence clearly does is re-pointed there ("relocated"); otherwise it is unverified.
- Text said to be in the article (quotes, evidence) is located exactly after normalising
  whitespace, quote marks and dashes, else fuzzily at a stated threshold, keeping offsets.
- Numbers in free prose (summaries) must occur in the article; "26" and "twenty-six" are one
  number (`summarize.text.numbers`, the reader number conflicts use too). Words, stems and
  the stop list come from `summarize.text.words`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from summarize.articles import Article, Sentence
from summarize.settings import current
from summarize.text.numbers import numbers_in
from summarize.text.words import content_words, fold_marks, normalise

__all__ = [
    "CheckedClaim",
    "Located",
    "check_claim",
    "dequote_unverified",
    "is_verbatim",
    "locate",
    "quoted_spans",
    "support",
    "unsupported_numbers",
]


Status = Literal["verified", "relocated", "unverified"]


def support(claim: str, evidence: str) -> float:
    """Share of the claim's content words present in the evidence; 0 when a number is missing."""
    if not numbers_in(claim) <= numbers_in(evidence):
        return 0.0
    words = content_words(claim)
    if not words:
        return 0.0
    return len(words & content_words(evidence)) / len(words)


@dataclass(frozen=True)
class CheckedClaim:
    text: str
    status: Status
    sentence: Sentence | None  # the evidence, exact text and offsets from the article
    score: float
    reason: str = ""

    @property
    def verified(self) -> bool:
        return self.status != "unverified"


def check_claim(claim: str, cited: int, article: Article) -> CheckedClaim:
    """`cited` is the 1-based S-number the model gave."""
    sentences = article.sentences
    if len(content_words(claim)) < current().verify.min_claim_words:
        return CheckedClaim(
            claim,
            "unverified",
            None,
            0.0,
            f"a fragment, not a claim (fewer than {current().verify.min_claim_words} content "
            "words)",
        )
    if 1 <= cited <= len(sentences):
        sentence = sentences[cited - 1]
        score = support(claim, sentence.text)
        if score >= current().verify.support_threshold:
            return CheckedClaim(claim, "verified", sentence, score)
        needs = current().verify.support_threshold
        reason = f"S{cited} does not state it (support {score:.2f}, needs {needs})"
    else:
        reason = f"cites S{cited}, but the article has {len(sentences)} sentences"
    best = max(sentences, key=lambda s: support(claim, s.text), default=None)
    if best is not None:
        best_score = support(claim, best.text)
        if best_score >= current().verify.relocate_threshold:
            return CheckedClaim(
                claim, "relocated", best, best_score, f"{reason}; S{best.index + 1} does"
            )
    missing = numbers_in(claim) - numbers_in(article.text)
    if missing:
        reason += f"; the number(s) {', '.join(sorted(missing))} are not in the article"
    return CheckedClaim(claim, "unverified", None, 0.0, reason)


@dataclass(frozen=True)
class Located:
    start: int
    end: int
    exact: bool
    score: float


def locate(needle: str, article: Article) -> Located | None:
    """Find `needle` in the article: exact after normalisation, else fuzzy >= threshold."""
    text = article.text
    norm_chars: list[str] = []
    index: list[int] = []  # position in `text` of each character of the normalised text
    previous_space = True
    for i, ch in enumerate(fold_marks(text)):
        if ch.isspace():
            if previous_space:
                continue
            ch, previous_space = " ", True
        else:
            previous_space = False
        norm_chars.append(ch)
        index.append(i)
    haystack = "".join(norm_chars)
    target = normalise(needle)
    if not target:
        return None
    pos = haystack.find(target)
    if pos >= 0:
        return Located(index[pos], index[pos + len(target) - 1] + 1, True, 100.0)
    alignment = fuzz.partial_ratio_alignment(
        target, haystack, score_cutoff=current().verify.fuzzy_span_threshold
    )
    if alignment is None:
        return None
    start, end = alignment.dest_start, max(alignment.dest_start, alignment.dest_end - 1)
    return Located(index[start], index[end] + 1, False, alignment.score)


def unsupported_numbers(prose: str, article: Article) -> set[str]:
    """Numbers the model wrote that the article never mentions."""
    return numbers_in(prose) - numbers_in(article.text)


# Quotation-mark spans in model prose: double or curly quotes, or single quotes not inside a
# word (so "Kyiv's" is an apostrophe, not a quote).
_PROSE_QUOTE = re.compile(r"[\"“]([^\"“”]{3,400}?)[\"”]|(?<!\w)['‘]([^'‘’]{3,400}?)['’](?!\w)")


def quoted_spans(prose: str) -> list[tuple[int, int, str]]:
    """(start, end, inner text) of every quotation in `prose`, marks included in start/end."""
    return [(m.start(), m.end(), m.group(1) or m.group(2)) for m in _PROSE_QUOTE.finditer(prose)]


def is_verbatim(quote: str, articles: list[Article]) -> bool:
    """A quote is verbatim only if found exactly (after normalising whitespace, quote marks and
    dashes) in one of the articles; a fuzzy match is not good enough to show quote marks."""
    return any((found := locate(quote, a)) is not None and found.exact for a in articles)


def dequote_unverified(prose: str, articles: list[Article]) -> tuple[str, list[str]]:
    """Remove the quote marks around quotations that are not verbatim in the articles, so a
    paraphrase is never presented as a quote. Returns the text and the de-quoted spans."""
    out, unverified, last = [], [], 0
    for start, end, inner in quoted_spans(prose):
        if is_verbatim(inner, articles):
            continue
        out.append(prose[last:start])
        out.append(inner)
        unverified.append(inner)
        last = end
    out.append(prose[last:])
    return "".join(out), unverified
