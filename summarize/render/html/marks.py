"""An article's text as paragraphs of sentences, each sentence an anchor (`A3-S5`) whose text is
exactly `Sentence.text`, with flagged words and direct quotes marked inside it.

Marks may overlap (a loaded word inside a quote) and quotes may cross sentences: the text is cut
at every mark boundary and each piece carries the set of marks covering it, so the HTML never
needs improperly nested elements."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from summarize.articles import Article, Sentence


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # a CSS class: "quote", "loaded", "emotive", "subjective", "hedge", "verb"
    label: str  # what the mark means, for the title attribute and screen readers
    anchor: str | None = None  # id of the mark's first piece, for links to a flagged word


@dataclass(frozen=True)
class Piece:
    text: str
    kinds: tuple[str, ...]  # empty: plain text
    label: str
    anchor: str | None


@dataclass(frozen=True)
class SentenceView:
    anchor: str  # "A3-S5"
    number: int  # 5
    pieces: tuple[Piece, ...]
    cited: bool


@dataclass(frozen=True)
class Paragraph:
    parts: tuple[str | SentenceView, ...]  # gap text between sentences, or a sentence


def sentence_anchor(article_id: str, sentence_index: int) -> str:
    return f"{article_id}-S{sentence_index + 1}"


def _pieces(text: str, start: int, end: int, marks: Sequence[Mark]) -> tuple[Piece, ...]:
    inside = [m for m in marks if m.start < end and m.end > start]
    cuts = sorted(
        {start, end, *(max(start, m.start) for m in inside), *(min(end, m.end) for m in inside)}
    )
    out: list[Piece] = []
    for lo, hi in pairwise(cuts):
        covering = [m for m in inside if m.start <= lo and m.end >= hi]
        kinds = tuple(dict.fromkeys(m.kind for m in covering))
        label = "; ".join(dict.fromkeys(m.label for m in covering))
        anchor = next((m.anchor for m in covering if m.anchor and m.start == lo), None)
        out.append(Piece(text[lo:hi], kinds, label, anchor))
    return tuple(out)


def paragraphs(article: Article, marks: Iterable[Mark], cited: set[int]) -> list[Paragraph]:
    """The article as paragraphs; `cited` holds the sentence indexes some citation points at."""
    text = article.text
    ordered = sorted(marks, key=lambda m: (m.start, -m.end))
    spans = list(article.paragraphs) or []
    groups: dict[int, list[Sentence]] = {}
    for s in article.sentences:
        groups.setdefault(s.paragraph if 0 <= s.paragraph < len(spans) else -1, []).append(s)
    out: list[Paragraph] = []
    for i, span in enumerate(spans):
        out.append(
            _paragraph(article.id, span.start, span.end, groups.get(i, []), ordered, cited, text)
        )
    if -1 in groups or not spans:  # sentences outside any paragraph: one more block
        rest = groups.get(-1, list(article.sentences) if not spans else [])
        if rest:
            out.append(
                _paragraph(article.id, rest[0].start, rest[-1].end, rest, ordered, cited, text)
            )
    return out


def _paragraph(
    article_id: str,
    start: int,
    end: int,
    sentences: list[Sentence],
    marks: Sequence[Mark],
    cited: set[int],
    text: str,
) -> Paragraph:
    parts: list[str | SentenceView] = []
    cursor = start
    for s in sentences:
        if s.start > cursor:
            parts.append(text[cursor : s.start])
        parts.append(
            SentenceView(
                sentence_anchor(article_id, s.index),
                s.index + 1,
                _pieces(text, s.start, s.end, marks),
                s.index in cited,
            )
        )
        cursor = max(cursor, s.end)
    if end > cursor:
        parts.append(text[cursor:end])
    return Paragraph(tuple(parts))
