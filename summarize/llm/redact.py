"""Credentials out of URLs before a URL is shown, logged, cached or written anywhere.

A URL carries secrets in two places: its userinfo (`user:password@`) and its query
(`?key=…`, `?sig=…`: the way some hosted APIs and signed links take them). Both go: userinfo is
dropped, a secret-looking query parameter keeps its name with its value replaced, so a reader
still sees that the URL has one.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote_plus, urlsplit, urlunsplit

REDACTED = "REDACTED"
# Query parameters whose value is a credential, by name (lower case, "-" read as "_")...
_SECRET_NAMES = frozenset(
    {
        "key",
        "api_key",
        "apikey",
        "token",
        "access_token",
        "refresh_token",
        "id_token",
        "auth",
        "authorization",
        "sig",
        "signature",
        "password",
        "passwd",
        "pwd",
        "secret",
        "client_secret",
        "sessionid",
    }
)
# ...or by how the name ends (`x_api_key`, `subscription_key`, `x_amz_signature`, `githubtoken`).
_SECRET_ENDINGS = ("key", "token", "secret", "password", "signature", "credential")


def is_secret_parameter(name: str) -> bool:
    """Does a query parameter of this name carry a credential?

    >>> [is_secret_parameter(n) for n in ("key", "X-Api-Key", "sig", "api-version", "page")]
    [True, True, True, False, False]
    """
    norm = name.strip().lower().replace("-", "_")
    return norm in _SECRET_NAMES or norm.endswith(_SECRET_ENDINGS)


def redact_url(url: str | None) -> str | None:
    """Drop user:password and the values of secret-looking query parameters from a URL, so it
    can go into keys, logs and outputs.

    >>> redact_url("https://user:secret@host:8443/v1")
    'https://host:8443/v1'
    >>> redact_url("https://host/v1?key=abc123&api-version=2024-06-01")
    'https://host/v1?key=REDACTED&api-version=2024-06-01'
    """
    if not url:
        return url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # not a URL we can take apart: show nothing of it
        return "<unparseable URL>"
    netloc = parts.hostname or ""
    if ":" in netloc:  # IPv6 literal
        netloc = f"[{netloc}]"
    if port:
        netloc += f":{port}"
    return urlunsplit((parts.scheme, netloc, parts.path, redact_query(parts.query), ""))


def redact_query(query: str) -> str:
    """`query` with the value of each secret-looking parameter replaced (others kept as
    written). A part that is not `name=value` is kept only if it cannot be a bare secret."""
    if not query:
        return query
    kept: list[str] = []
    for part in query.split("&"):
        name, sep, _value = part.partition("=")
        if not sep:
            # `?abc123` alone could be a token passed without a name
            kept.append(part if len(part) < 16 else REDACTED)
        elif is_secret_parameter(unquote_plus(name)):
            kept.append(f"{name}={REDACTED}")
        else:
            kept.append(part)
    return "&".join(kept)


def split_query(url: str | None) -> tuple[str | None, list[tuple[str, str]]]:
    """`url` without its query, and the query's parameters: a base URL's query is sent with
    each request by the transport, never shown to the client (which would log it, and joins
    paths after it)."""
    if not url:
        return url, []
    parts = urlsplit(url)
    if not parts.query:
        return url, []
    params = parse_qsl(parts.query, keep_blank_values=True)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", parts.fragment)), params
