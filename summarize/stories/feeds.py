"""RSS and Atom feeds (feedparser): the entries, each with its link, title, date and text.

Only bytes are handed to feedparser (given a string that looks like a URL it would fetch it).
A document that is not a feed is an error; a truncated or malformed feed keeps the entries read
before the break and says so in `problem`.

    >>> feed = parse_feed(b'<rss version="2.0"><channel><title>Daily</title><item>'
    ...     b'<title>Rain</title><link>https://example.org/rain</link>'
    ...     b'<pubDate>Mon, 06 Sep 2021 10:00:00 GMT</pubDate></item></channel></rss>', "d.xml")
    >>> feed.title, [(e.title, e.link, e.published) for e in feed.entries]
    ('Daily', [('Rain', 'https://example.org/rain', '2021-09-06T10:00:00+00:00')])
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import feedparser  # type: ignore[import-untyped]

from summarize.errors import InputError

FEED_SUFFIXES = (".rss", ".atom", ".xml")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)
_FEED_HEAD = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.S)


@dataclass(frozen=True)
class Entry:
    number: int  # 1-based position in the feed
    title: str | None
    link: str | None
    published: str | None  # ISO 8601, UTC
    html: str | None  # the entry's content (or summary) as feedparser sanitised it


@dataclass(frozen=True)
class Feed:
    title: str | None
    entries: list[Entry]
    problem: str | None = None  # "truncated or malformed at line 9 (...); 3 entries read"


def looks_like_feed(head: bytes) -> bool:
    return bool(_FEED_HEAD.match(head[:4096]))


def parse_feed(data: bytes, name: str) -> Feed:
    parsed: Any = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    entries = [e for e in (_entry(n, raw) for n, raw in enumerate(parsed.entries, 1)) if e]
    if not parsed.version and not entries:
        reason = _reason(parsed.get("bozo_exception"))
        raise InputError(f"{name}: not an RSS or Atom feed{f' ({reason})' if reason else ''}")
    problem = None
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        where = getattr(exc, "getLineNumber", None)
        line = f" at line {where()}" if callable(where) else ""
        problem = (
            f"truncated or malformed feed{line} ({_reason(exc)}); "
            f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'} read before it"
        )
    title = parsed.feed.get("title") if hasattr(parsed, "feed") else None
    return Feed(
        title=str(title).strip() or None if title else None, entries=entries, problem=problem
    )


def _entry(number: int, raw: Any) -> Entry | None:
    title = raw.get("title")
    link = raw.get("link")
    if not title and not link:
        return None  # the half-read entry a truncated feed ends with
    html = None
    content = raw.get("content")
    if isinstance(content, list) and content and content[0].get("value"):
        html = str(content[0]["value"])
    elif raw.get("summary"):
        html = str(raw["summary"])
    return Entry(
        number=number,
        title=str(title).strip() if title else None,
        link=str(link).strip() if link else None,
        published=_iso(raw.get("published_parsed") or raw.get("updated_parsed")),
        html=html,
    )


def _iso(parsed: Any) -> str | None:
    if parsed is None:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC).isoformat()
    except (TypeError, ValueError, OverflowError):
        return None


def _reason(exc: object) -> str:
    if exc is None:
        return ""
    text = str(getattr(exc, "getMessage", lambda: exc)())
    return " ".join(text.split())[:120]
