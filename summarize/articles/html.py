"""HTML pages: main text and metadata by trafilatura, each line located back in the HTML source.

trafilatura returns plain text without positions, so the page's visible text is rebuilt with the
standard-library parser (which knows where every text node and entity starts) and each extracted
line is found in it, whitespace-insensitively. Offsets of HTML articles therefore point into the
decoded HTML file. A line the extractor changed beyond that is placed by fuzzy alignment.
"""

from __future__ import annotations

import logging
from html.parser import HTMLParser

import trafilatura
from rapidfuzz import fuzz

from summarize.articles.formats import Parsed
from summarize.articles.mapped import Mapped, collapse_whitespace, split_lines
from summarize.articles.metadata import Meta, normalize_meta
from summarize.errors import InputError
from summarize.settings import current

_INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "title"})


class _VisibleText(HTMLParser):
    """Visible characters of a page with the source offset of each."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.chars: list[str] = []
        self.src: list[int] = []
        self._hidden = 0
        self._line_starts = [0]
        for i, ch in enumerate(source):
            if ch == "\n":
                self._line_starts.append(i + 1)

    def _pos(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def _emit(self, text: str, start: int, *, literal: bool) -> None:
        if self._hidden:
            return
        for i, ch in enumerate(text):
            self.chars.append(ch)
            self.src.append(start + i if literal else start)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INVISIBLE_TAGS:
            self._hidden += 1
        self._emit(" ", self._pos(), literal=False)  # keep words of adjacent blocks apart

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE_TAGS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        self._emit(data, self._pos(), literal=True)

    def handle_entityref(self, name: str) -> None:
        from html import unescape

        self._emit(unescape(f"&{name};"), self._pos(), literal=False)

    def handle_charref(self, name: str) -> None:
        from html import unescape

        self._emit(unescape(f"&#{name};"), self._pos(), literal=False)


def visible_text(source: str) -> Mapped:
    parser = _VisibleText(source)
    parser.feed(source)
    parser.close()
    return collapse_whitespace(Mapped("".join(parser.chars), tuple(parser.src)))


def _locate(line: str, page: Mapped, cursor: int) -> tuple[Mapped, int]:
    """`line` mapped onto the page: exact from the cursor, then anywhere, then fuzzy."""
    at = page.text.find(line, cursor)
    if at < 0:
        at = page.text.find(line)
    if at >= 0:
        return page[at : at + len(line)], at + len(line)
    window = fuzz.partial_ratio_alignment(line, page.text)
    start = window.dest_start if window is not None else 0
    src = tuple(page.src[min(start + i, len(page.src) - 1)] for i in range(len(line)))
    return Mapped(line, src), cursor


def parse_html(source: str, name: str) -> Parsed:
    # trafilatura logs extraction misses at WARNING; we report a miss as our own error.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    try:
        doc = trafilatura.bare_extraction(
            source,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
        )
    except (ValueError, TypeError) as exc:  # unparsable markup
        raise InputError(f"{name}: cannot parse the HTML ({exc})") from exc
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise InputError(
            f"{name}: no article text found in the HTML "
            "(it looks like a navigation, listing or error page)"
        )
    raw_meta: dict[str, object] = {
        "outlet": getattr(doc, "sitename", None),
        "title": getattr(doc, "title", None),
        "url": getattr(doc, "url", None),
        "published": getattr(doc, "date", None),
    }
    language = getattr(doc, "language", None)
    if language:
        raw_meta["language"] = language
    meta: Meta = {k: v for k, v in normalize_meta(raw_meta, where=name, strict=False).items() if v}
    page = visible_text(source)
    lines: list[Mapped] = []
    cursor = 0
    for raw in split_lines(text):
        line = collapse_whitespace(raw).text
        if not line:
            lines.append(Mapped("", ()))
            continue
        mapped, cursor = _locate(line, page, cursor)
        lines.append(mapped)
    return Parsed(
        lines=lines,
        meta=meta,
        join_wrapped=False,
        html_escapes=False,
        min_words=current().articles.min_article_words,
    )
