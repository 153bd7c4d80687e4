"""Split clean article text into paragraphs and sentences, keeping character offsets."""

from __future__ import annotations

import re
from functools import lru_cache

import pysbd

from summarize.articles.model import Sentence, Span

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
    text: str, paragraphs: tuple[Span, ...], language: str = "en"
) -> tuple[Sentence, ...]:
    """Sentences never cross a paragraph boundary; offsets index into `text`."""
    sentences: list[Sentence] = []
    segmenter = _segmenter(language)
    for p_index, para in enumerate(paragraphs):
        body = text[para.start : para.end]
        for piece in segmenter.segment(body):
            raw = body[piece.start : piece.end]
            stripped = raw.strip()
            if not stripped:
                continue
            start = para.start + piece.start + (len(raw) - len(raw.lstrip()))
            sentences.append(
                Sentence(
                    index=len(sentences),
                    start=start,
                    end=start + len(stripped),
                    text=stripped,
                    paragraph=p_index,
                )
            )
    return tuple(sentences)
