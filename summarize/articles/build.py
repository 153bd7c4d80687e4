"""From a parsed input to an `Article`: normalise, clean, check size, fill metadata, segment."""

from __future__ import annotations

from summarize.articles.article import Article
from summarize.articles.clean import clean_lines
from summarize.articles.formats import Parsed
from summarize.articles.mapped import assemble, collapse_whitespace, fix_unicode
from summarize.articles.metadata import (
    Meta,
    looks_like_title,
    outlet_from_filename,
    outlet_from_url,
    same_title,
)
from summarize.articles.sanitize import clean_field
from summarize.articles.segment import split_paragraphs, split_sentences
from summarize.articles.sentence import Span
from summarize.errors import InputError


def build_article(
    parsed: Parsed,
    *,
    source: str,
    overrides: Meta | None = None,
    article_id: str = "A1",
    max_chars: int = 200_000,
) -> Article:
    """`overrides` (from a manifest) beat the file's own metadata; a `None` there means unset."""
    overrides = overrides or {}
    lines = [
        collapse_whitespace(
            fix_unicode(line, unescape_html="auto" if parsed.html_escapes else False)
        )
        for line in parsed.lines
    ]
    cleaned = clean_lines(
        lines, join_wrapped=parsed.join_wrapped, own_paragraph=parsed.own_paragraph
    )
    paragraphs = cleaned.paragraphs
    if not paragraphs:
        what = "boilerplate" if cleaned.removed else "whitespace"
        raise InputError(f"{source}: no article text left (only {what})")
    text, offsets = assemble(paragraphs)
    if len(text) > max_chars:
        raise InputError(
            f"{source}: is {len(text):,} characters, over the limit of {max_chars:,}; "
            "split it or raise --max-chars"
        )
    if parsed.min_words and len(text.split()) < parsed.min_words:
        raise InputError(
            f"{source}: no article text found ({len(text.split())} words of page "
            "text; it looks like a navigation, listing or error page)"
        )

    given = {**parsed.meta, **overrides}
    meta: Meta = {"outlet": outlet_from_url(given.get("url")) or outlet_from_filename(source)}
    meta.update(given)
    first = paragraphs[0].text
    if "title" not in given and len(paragraphs) > 1 and looks_like_title(first):
        meta["title"] = first
    title = clean_field("title", meta.get("title"))  # as the Article will hold it
    title_span = Span(0, len(first)) if title and same_title(title, first) else None

    language = meta.get("language") or "en"
    spans = split_paragraphs(text)
    return Article(
        id=article_id,
        text=text,
        paragraphs=spans,
        sentences=split_sentences(text, spans, language),
        source=source,
        outlet=meta.get("outlet"),
        title=title,
        url=meta.get("url"),
        published=meta.get("published"),
        lean=meta.get("lean"),
        language=language,
        offsets=offsets,
        removed=tuple(cleaned.removed),
        key=meta.get("key"),
        title_span=title_span,
    )
