"""Links out of the report: only http(s) URLs from article metadata become links."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_href(url: str | None) -> str | None:
    """`url` if its scheme is http or https and it names a host; otherwise None (shown as text).

    `javascript:`, `data:`, `file:` and scheme-relative URLs never become an href: the page's
    CSP cannot forbid navigation, so the link itself must be harmless."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()
