"""Metadata made safe to place in a prompt or an output line: one line, no forging, bounded.

Metadata comes from files, manifests and feeds, so it is untrusted. Prompts put it on a line of
its own (`Headline: ...`) or inside an attribute (`name="..."`): a line break in a title could
forge a numbered sentence line, and a `"` in an outlet name could forge an attribute. So every
field becomes one line (whitespace, line and paragraph separators and control characters are one
space; invisible format characters are dropped), angle brackets become ‹ ›, every field but the
title has `"` turned into `'` (titles keep their quotes: headlines quote people, and they never
sit in an attribute), a URL has no spaces at all, and each field has a length bound. `Article`
applies this to itself, so no construction path can skip it.
"""

from __future__ import annotations

import re
import unicodedata

# Longest value kept, in characters; a longer one is cut, ending in "…" (a URL is dropped instead,
# since a cut URL points somewhere else).
LIMITS = {
    "title": 300,
    "outlet": 100,
    "lean": 50,
    "published": 50,
    "language": 20,
    "key": 100,
    "url": 2000,
}
_SPACES = re.compile(r" {2,}")
_BRACKETS = str.maketrans({"<": "‹", ">": "›"})
_ATTRIBUTE = str.maketrans({"<": "‹", ">": "›", '"': "'"})
_URL_UNSAFE = str.maketrans({" ": "%20", '"': "%22", "<": "%3C", ">": "%3E", "`": "%60"})


def one_line(text: str) -> str:
    """`text` with every whitespace run, line break and control character as one space."""
    out: list[str] = []
    for ch in text:
        if ch.isspace():
            out.append(" ")
            continue
        category = unicodedata.category(ch)
        if category == "Cc":
            out.append(" ")
        elif category == "Cs":  # a lone surrogate (from a JSON escape) cannot be written out
            out.append("\ufffd")
        elif category != "Cf":  # zero-width, bidi overrides, soft hyphen: invisible, dropped
            out.append(ch)
    return _SPACES.sub(" ", "".join(out)).strip()


def clean_field(field: str, value: str | None) -> str | None:
    """The safe form of metadata `field` (one of `LIMITS`); None if nothing is left."""
    if value is None:
        return None
    text = one_line(str(value))
    if field == "url":
        text = text.translate(_URL_UNSAFE)
        return text if text and len(text) <= LIMITS["url"] else None
    text = text.translate(_BRACKETS if field == "title" else _ATTRIBUTE)
    limit = LIMITS.get(field, LIMITS["outlet"])
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text or None
