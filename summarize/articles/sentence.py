"""`Span` and `Sentence`: the pieces segmentation (`segment.py`) cuts an article's clean text
into. Apart from `article.py`, so the splitter does not import the `Article` that calls it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A half-open character range `[start, end)` into an article's clean text."""

    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    index: int  # 0-based position in the article; prompts show it as S{index + 1}
    start: int
    end: int
    text: str
    paragraph: int
