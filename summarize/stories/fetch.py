"""Fetching article and feed URLs politely, into an on-disk cache of fetched pages.

Through the same guarded httpx2 client the backends use (`summarize.llm.transport`): one
overall deadline per URL that covers redirects, headers and the whole body (a watchdog shuts
the socket when it passes, so a server trickling bytes, chunked or not, is cut off on time), and
a size cap (a `Content-Length` over it is refused unread; a body is read no further than it).

Polite: one user agent that names the tool; redirects followed only within the same site (an
`http` to `https` upgrade and a `www.` prefix are the same site; any other host is refused, so a
page cannot send the tool to an address the user never named); a content-type check. A body cut
short (fewer bytes than its `Content-Length`, a chunked body that stops, a reset) is a failure,
never cached as a page. Every transport failure is one `InputError` line: the caller skips that
URL and goes on. With `allow_private=False` (a feed's entry links, see `hosts`) a connection to
a loopback, private, link-local or multicast address is refused before anything is sent.

Credentials in a URL (`https://user:KEY@host/feed`) are sent as HTTP Basic auth and never shown
or stored: every message, the cache's metadata and the pages' `url` carry the URL without them.

The cache (`SUMMARIZE_PAGES_DIR`, else the user cache dir's `pages/`, created 0700 like the
response cache) keeps each fetched body and its metadata under the sha256 of the URL; a page is
fetched once, a feed again when its copy is older than `feed_max_age`. A folder the user names
(`--pages-dir` or `$SUMMARIZE_PAGES_DIR`) is never chmod-ed: a folder others can read is refused.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx2
from platformdirs import user_cache_dir

from summarize.errors import ConfigError, InputError
from summarize.llm.cache import prepare_directory
from summarize.llm.redact import redact_url
from summarize.llm.transport import (
    CallGuard,
    DeadlineExceeded,
    GuardTripped,
    ResponseTooLarge,
    env_proxy,
    guarded_http_client,
)
from summarize.stories.feeds import FEED_TYPES
from summarize.stories.hosts import PrivateHostRefused, check_name, check_peer, internal_kind

HTML_TYPES = ("text/html", "application/xhtml+xml")
_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class FetchSettings:
    timeout: float = 20.0  # seconds for one URL, redirects and body included
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    feed_max_age: float = 900.0  # seconds a cached feed is re-used
    user_agent: str = "summarize-stories/0.1 (news briefing tool; one request per URL)"


@dataclass(frozen=True)
class Page:
    url: str  # as asked, without credentials
    final_url: str  # after redirects, without credentials
    content_type: str  # media type only, lower case
    path: Path  # the body, in the cache
    from_cache: bool

    @property
    def is_feed(self) -> bool:
        return self.content_type in FEED_TYPES or (
            self.content_type.endswith("+xml")
            and ("rss" in self.content_type or "atom" in self.content_type)
        )


def _builtin_pages_dir() -> Path:
    return Path(user_cache_dir("summarize")) / "pages"


def default_pages_dir() -> Path:
    env = os.environ.get("SUMMARIZE_PAGES_DIR")
    return Path(env) if env else _builtin_pages_dir()


def is_url(text: str) -> bool:
    try:
        parts = urlsplit(text)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def shown_url(url: str) -> str:
    """`url` as it may be printed or stored: without user:password."""
    return redact_url(url) or url


def _site(host: str) -> str:
    return host.lower().removeprefix("www.")


def _printable(text: str) -> str:
    """A server's words (reason phrase, error text) as one harmless line for a terminal."""
    return "".join(c if c.isprintable() else " " for c in text)[:200].strip()


class Fetcher:
    def __init__(self, directory: Path | None = None, settings: FetchSettings | None = None):
        self.settings = settings or FetchSettings()
        self.directory = directory or default_pages_dir()
        try:
            prepare_directory(self.directory, ours=self.directory == _builtin_pages_dir())
        except OSError as exc:
            raise ConfigError(f"{self.directory}: cannot use as page cache: {exc}") from exc
        except ConfigError as exc:
            raise ConfigError(str(exc).replace("cache directory", "page cache")) from None
        self._guard = CallGuard()
        self._clients: dict[str | None, httpx2.Client] = {}
        self.fetched = 0
        self.cached = 0

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()

    def _digest(self, url: str) -> str:
        return hashlib.sha256(url.encode()).hexdigest()

    def get(
        self,
        url: str,
        *,
        accept: tuple[str, ...] = HTML_TYPES + FEED_TYPES,
        allow_private: bool = True,
    ) -> Page:
        """The page at `url`, from the cache when there; InputError ("url: reason") otherwise.
        `allow_private=False`: refuse to connect to an internal address (see `hosts`)."""
        shown = shown_url(url)
        digest = self._digest(url)
        meta_path = self.directory / f"{digest}.json"
        cached = self._cached(shown, meta_path, allow_private)
        if cached is not None:
            self.cached += 1
            return cached
        peers: list[str] = []
        final, content_type, body = self._download(url, accept, allow_private, peers)
        # The suffix tells the article loader what it reads (its HTML path for pages).
        suffix = ".xml" if content_type not in HTML_TYPES else ".html"
        body_path = self.directory / f"{digest}{suffix}"
        _write_private(body_path, body)
        meta = {
            "url": shown,
            "final_url": shown_url(final),
            "content_type": content_type,
            "body": body_path.name,
            "at": time.time(),
            # read from an internal address: served from the cache only where those are allowed
            "internal": any(internal_kind(a) is not None for a in peers) or not peers,
        }
        _write_private(meta_path, json.dumps(meta).encode())
        self.fetched += 1
        return Page(shown, shown_url(final), content_type, body_path, from_cache=False)

    def _cached(self, shown: str, meta_path: Path, allow_private: bool) -> Page | None:
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body_path = self.directory / Path(str(meta["body"])).name
            if not body_path.is_file() or meta.get("url") != shown:
                return None
            if not allow_private and meta.get("internal") is not False:
                return None  # fetched from (or not known to be outside) this network: check again
            page = Page(shown, str(meta["final_url"]), str(meta["content_type"]), body_path, True)
            if page.is_feed and time.time() - float(meta["at"]) > self.settings.feed_max_age:
                return None
            return page
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent or unreadable: fetch again

    def _client(self, url: str) -> httpx2.Client:
        proxy = env_proxy(url)
        if proxy not in self._clients:
            self._clients[proxy] = guarded_http_client(
                url, self.settings.timeout, max_bytes=self.settings.max_bytes
            )
        return self._clients[proxy]

    def _download(
        self, url: str, accept: tuple[str, ...], allow_private: bool, peers: list[str]
    ) -> tuple[str, str, bytes]:
        shown = shown_url(url)
        timeout = self.settings.timeout
        state = {"headers": False}

        def on_connect(sock: socket.socket) -> None:
            peers.append(str(sock.getpeername()[0]))
            if not allow_private:
                check_peer(sock)

        try:
            with self._guard.call(timeout, on_connect=on_connect):
                return self._follow(url, accept, allow_private, state)
        except InputError:
            raise
        except PrivateHostRefused as exc:
            raise InputError(
                f"{shown}: not fetched: {exc} (a feed may not send the tool to this machine or "
                "its network; --allow-private-hosts allows it)"
            ) from None
        except (DeadlineExceeded, httpx2.TimeoutException):
            where = " (body not finished)" if state["headers"] else ""
            raise InputError(f"{shown}: timed out after {timeout:g} s{where}") from None
        except ResponseTooLarge as exc:
            limit = exc.limit
            if exc.size is not None:
                raise InputError(
                    f"{shown}: too large ({exc.size:,} bytes; the limit is {limit:,}); "
                    "not downloaded"
                ) from None
            raise InputError(
                f"{shown}: body larger than the limit ({limit:,} bytes); dropped"
            ) from None
        except (httpx2.HTTPError, httpx2.InvalidURL, GuardTripped, OSError, ValueError) as exc:
            what = _printable(_scrub(str(exc), url)) or type(exc).__name__
            if state["headers"]:
                raise InputError(f"{shown}: body cut short ({what})") from None
            raise InputError(f"{shown}: cannot fetch ({what})") from None

    def _follow(
        self, url: str, accept: tuple[str, ...], allow_private: bool, state: dict[str, bool]
    ) -> tuple[str, str, bytes]:
        settings = self.settings
        shown = shown_url(url)
        current = url
        for _ in range(settings.max_redirects + 1):
            client = self._client(current)
            if not allow_private and env_proxy(current) is not None:
                parts = urlsplit(current)  # the proxy connects, not us: resolve the name here
                check_name(parts.hostname or "", parts.port or 443)
            request = client.build_request(
                "GET",
                current,
                headers={"User-Agent": settings.user_agent, "Accept": ", ".join(accept)},
            )
            response = client.send(request, stream=True, follow_redirects=False)
            try:
                if response.status_code in _REDIRECTS and response.headers.get("Location"):
                    target = urljoin(current, response.headers["Location"])
                    self._check_redirect(shown, current, target)
                    current = target
                    continue
                if response.status_code >= 400:
                    reason = _printable(response.reason_phrase)
                    raise InputError(f"{shown}: HTTP {response.status_code} {reason}".rstrip())
                content_type = (
                    response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
                )
                if content_type not in accept:
                    raise InputError(
                        f"{shown}: not an HTML page or feed (content type "
                        f"{_printable(content_type) or 'none'}); skipped"
                    )
                state["headers"] = True
                # h11 raises when the body ends before its Content-Length or its last chunk.
                body = b"".join(response.iter_raw())
            finally:
                response.close()
            return current, content_type, body
        raise InputError(f"{shown}: more than {settings.max_redirects} redirects")

    def _check_redirect(self, shown: str, current: str, target: str) -> None:
        old, new = urlsplit(current), urlsplit(target)
        if new.scheme not in ("http", "https"):
            raise InputError(
                f"{shown}: redirects to a {new.scheme or 'relative'} URL; not followed"
            )
        if _site(new.hostname or "") != _site(old.hostname or "") or (
            new.port != old.port and new.hostname == old.hostname
        ):
            raise InputError(f"{shown}: redirects to another host ({new.hostname}); not followed")
        if old.scheme == "https" and new.scheme == "http":
            raise InputError(f"{shown}: redirects from https to http; not followed")


def _scrub(text: str, url: str) -> str:
    """`text` without the URL's credentials, should an error message quote them."""
    parts = urlsplit(url)
    for secret in (parts.password, parts.username):
        if secret:
            text = text.replace(secret, "***")
    return text


def _write_private(path: Path, data: bytes) -> None:
    """Atomically, readable by the user only: a Ctrl-C never leaves half a page behind."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
