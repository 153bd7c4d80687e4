"""Article metadata: field names and aliases, and the guesses made when none is given."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import PurePath
from urllib.parse import urlsplit

from summarize.errors import InputError

# Metadata an input may set on an Article. `key` is the user's own id for an entry (manifest `id`).
FIELDS = ("outlet", "title", "url", "published", "lean", "language", "key")
ALIASES = {
    "source": "outlet",
    "publisher": "outlet",
    "site": "outlet",
    "sitename": "outlet",
    "site_name": "outlet",
    "headline": "title",
    "link": "url",
    "date": "published",
    "published_at": "published",
    "publish_date": "published",
    "pubdate": "published",
    "lang": "language",
    "id": "key",
}
Meta = dict[str, str | None]

_HASHLIKE = re.compile(r"^[0-9a-f]{8,}$|^\d+$", re.I)
_ORDINAL_PREFIX = re.compile(r"^\d{1,4}[_\-. ]+")
_SENTENCE_END = tuple(".!?…;")


def normalize_meta(
    raw: Mapping[str, object], *, where: str, strict: bool, ignore: frozenset[str] = frozenset()
) -> Meta:
    """Map aliases to field names and values to strings. `None` values stay: they mean "unset".

    `strict` (manifests) rejects unknown keys, since a typo there would silently lose metadata;
    front matter and JSON records carry many unrelated keys, so there they are ignored.
    """
    meta: Meta = {}
    for raw_key, value in raw.items():
        key = ALIASES.get(str(raw_key).strip().lower(), str(raw_key).strip().lower())
        if key in ignore:
            continue
        if key not in FIELDS:
            if strict:
                known = ", ".join(("path", *FIELDS[:-1], "id"))
                raise InputError(f"{where}: unknown field {raw_key!r} (known: {known})")
            continue
        if key in meta:
            raise InputError(f"{where}: field {key!r} is given twice (as {raw_key!r})")
        meta[key] = _as_text(value, where=where, key=str(raw_key))
    return meta


def _as_text(value: object, *, where: str, key: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    raise InputError(f"{where}: field {key!r} must be text, not {type(value).__name__}")


def outlet_from_url(url: str | None) -> str | None:
    """The host of an article URL without `www.`, e.g. `reuters.com`."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def outlet_from_filename(path: str) -> str | None:
    """`bbc-news.txt` -> `bbc-news`; `03_guardian.html` -> `guardian`; hash-like names -> None."""
    if path.startswith("<"):
        return None
    stem = _ORDINAL_PREFIX.sub("", PurePath(path).stem)
    if not stem or _HASHLIKE.match(stem):
        return None  # a name like 000_22f48ac809cd61f1 says nothing about the outlet
    return stem


def looks_like_title(text: str) -> bool:
    """A first paragraph that reads as a headline: short, one line, no sentence-final stop."""
    words = text.split()
    return (
        2 <= len(words) <= 25
        and len(text) <= 200
        and not text.endswith(_SENTENCE_END)
        and not text.startswith(('"', "“", "'", "‘", "«", "-", "—"))
    )


def same_title(a: str, b: str) -> bool:
    def key(text: str) -> str:
        return re.sub(r"\W+", " ", text).strip().lower()

    return bool(a) and key(a) == key(b)
