"""The `Article`: one outlet's text about the event, cleaned, segmented, traceable to its file."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from summarize.articles.sanitize import clean_field
from summarize.articles.sentence import Sentence, Span
from summarize.text.controls import BIDI_CONTROLS


@dataclass(frozen=True)
class RemovedBlock:
    """Text dropped by cleaning, kept so a user can check it was not article text."""

    reason: str
    text: str
    source_start: int = -1
    source_end: int = -1


@dataclass(frozen=True)
class OffsetMap:
    """Maps clean-text offsets to source-file offsets with piecewise-constant shifts.

    `anchors[i]` is a clean offset from which `shifts[i]` is added to reach the source offset.
    Identity when empty.
    """

    anchors: tuple[int, ...] = ()
    shifts: tuple[int, ...] = ()

    def to_source(self, clean_offset: int) -> int:
        i = bisect_right(self.anchors, clean_offset) - 1
        return clean_offset + (self.shifts[i] if i >= 0 else 0)


@dataclass(frozen=True)
class Article:
    id: str  # "A1", "A2", ... in input order
    text: str  # clean text, paragraphs separated by blank lines
    paragraphs: tuple[Span, ...]
    sentences: tuple[Sentence, ...]
    source: str  # file path, "<stdin>", or "<dataset>:<cluster>:<n>"
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    lean: str | None = None
    language: str = "en"
    offsets: OffsetMap = field(default_factory=OffsetMap)
    removed: tuple[RemovedBlock, ...] = ()
    key: str | None = None  # the user's own id for this input (manifest `id`), if any
    title_span: Span | None = None  # where the title also opens `text`, so framing can split it

    def __post_init__(self) -> None:
        # Metadata is untrusted and reaches prompts and outputs: made safe here, once, whichever
        # way the article was built (loading, cluster data, `replace`). Idempotent.
        for name in ("outlet", "title", "url", "published", "lean", "key"):
            object.__setattr__(self, name, clean_field(name, getattr(self, name)))
        object.__setattr__(self, "language", clean_field("language", self.language) or "en")

    @property
    def headline_opens_text(self) -> bool:
        """Is the first sentence the headline itself (`title_span`), not a body sentence?"""
        span, first = self.title_span, self.sentences[0] if self.sentences else None
        return (
            span is not None
            and first is not None
            and (span.start, span.end) == (first.start, first.end)
        )

    def to_dict(self) -> dict[str, str | None]:
        """Who the article is, for JSON output (no text): the one article serialiser; the
        digest and the `articles` listing add their own counts after these keys."""
        return {
            "id": self.id,
            "source": self.source,
            "outlet": self.outlet,
            "title": self.title,
            "url": self.url,
            "published": self.published,
            "lean": self.lean,
        }

    @property
    def label(self) -> str:
        """What a reader sees next to the id: outlet, else the source's file name (made safe)."""
        return self.outlet or clean_field("outlet", self.source.rsplit("/", 1)[-1]) or self.id

    def source_offset(self, clean_offset: int) -> int:
        """Character offset in the decoded source (not bytes) of `text[clean_offset]`.

        The source is the file's decoded text (for HTML, the markup; for JSON records, the
        record's text value). Characters that cleaning repaired (mojibake, collapsed whitespace)
        map to the characters they were made from.
        """
        return self.offsets.to_source(clean_offset)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source range `[s, e)` covering clean `text[start:end]` (end mapped inclusively)."""
        if end <= start:
            at = self.source_offset(start)
            return at, at
        return self.source_offset(start), self.source_offset(end - 1) + 1

    @classmethod
    def from_text(cls, article_id: str, text: str, *, source: str, **meta: object) -> Article:
        """Build an article from already-clean text (no cleaning, identity offset map)."""
        from summarize.articles.segment import split_paragraphs, split_sentences

        language = str(meta.get("language") or "en")
        paragraphs = split_paragraphs(text)
        sentences = split_sentences(text, paragraphs, language)
        return cls(
            id=article_id,
            text=text,
            paragraphs=paragraphs,
            sentences=sentences,
            source=source,
            **meta,  # type: ignore[arg-type]
        )

    @classmethod
    def from_sentences(
        cls, article_id: str, sentences: list[str], *, source: str, **meta: object
    ) -> Article:
        """An article whose sentence split is given (annotated data sets index these sentences).

        Sentences are joined by one space into one paragraph; `sentences[i]` stays sentence `i`
        (blank ones become empty sentences so annotation indexes still line up).
        """
        parts: list[Sentence] = []
        pieces: list[str] = []
        pos = 0
        for index, raw in enumerate(sentences):
            sentence = " ".join("".join(c for c in raw if c not in BIDI_CONTROLS).split())
            if pieces and sentence:
                pieces.append(" ")
                pos += 1
            parts.append(
                Sentence(
                    index=index, start=pos, end=pos + len(sentence), text=sentence, paragraph=0
                )
            )
            pieces.append(sentence)
            pos += len(sentence)
        text = "".join(pieces)
        return cls(
            id=article_id,
            text=text,
            paragraphs=(Span(0, len(text)),) if text else (),
            sentences=tuple(parts),
            source=source,
            **meta,  # type: ignore[arg-type]
        )
