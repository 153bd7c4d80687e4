"""Split clean article text into paragraphs and sentences, keeping character offsets."""

from __future__ import annotations

import re
from functools import lru_cache

import pysbd

from summarize.articles.sentence import Sentence, Span
from summarize.text.abbreviations import continues

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")


@lru_cache(maxsize=4)
def _segmenter(language: str) -> pysbd.Segmenter:
    try:
        return pysbd.Segmenter(language=language, clean=False, char_span=True)
    except ValueError:  # pysbd knows ~20 languages; English rules are the safest fallback
        return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_paragraphs(text: str) -> tuple[Span, ...]:
    """Non-empty lines or blank-line separated blocks, as spans of `text` without edge spaces."""
    spans: list[Span] = []
    pos = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            spans.append(Span(pos + lead, pos + lead + len(stripped)))
        if match:
            pos = match.end()
    return tuple(spans)


def split_sentences(
    text: str, paragraphs: tuple[Span, ...], language: str = "en", *, rejoin: bool = True
) -> tuple[Sentence, ...]:
    """Sentences never cross a paragraph boundary; offsets index into `text`.

    pysbd's pieces that end in an abbreviation or an initial are joined to the next piece when it
    continues the sentence ("Gov." + "Tony Evers said", `summarize.text.abbreviations`);
    `rejoin=False` keeps pysbd's own pieces (for `bench/splitter_eval.py`).
    """
    sentences: list[Sentence] = []
    segmenter = _segmenter(language)
    for p_index, para in enumerate(paragraphs):
        body = text[para.start : para.end]
        spans: list[tuple[int, int]] = []
        for piece in segmenter.segment(body):
            raw = body[piece.start : piece.end]
            stripped = raw.strip()
            if not stripped:
                continue
            start = piece.start + (len(raw) - len(raw.lstrip()))
            end = start + len(stripped)
            if rejoin and spans and continues(body[slice(*spans[-1])], stripped):
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        for start, end in spans:
            sentences.append(
                Sentence(
                    index=len(sentences),
                    start=para.start + start,
                    end=para.start + end,
                    text=body[start:end],
                    paragraph=p_index,
                )
            )
    return tuple(sentences)
