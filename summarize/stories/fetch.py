"""Fetching article and feed URLs politely, into an on-disk cache of fetched pages.

Polite: one user agent that names the tool, an overall deadline per URL (holding against a
server trickling bytes), a size cap (a `Content-Length` over it is refused unread; a body is
read no further than the cap), redirects followed only within the same site (an `http` to
`https` upgrade and a `www.` prefix are the same site; any other host is refused, so a page
cannot send the tool to an address the user never named), and a content-type check.

The cache (`SUMMARIZE_PAGES_DIR`, else the user cache dir's `pages/`, created 0700 like the
response cache) keeps each fetched body and its metadata under the sha256 of the URL; a page is
fetched once, a feed again when its copy is older than `feed_max_age`.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from platformdirs import user_cache_dir

from summarize.errors import ConfigError, InputError
from summarize.llm.cache import _prepare_directory
from summarize.stories.feeds import FEED_TYPES

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class FetchSettings:
    timeout: float = 20.0  # seconds for one URL, redirects included
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    feed_max_age: float = 900.0  # seconds a cached feed is re-used
    user_agent: str = "summarize-stories/0.1 (news briefing tool; one request per URL)"


@dataclass(frozen=True)
class Page:
    url: str  # as asked
    final_url: str  # after redirects
    content_type: str  # media type only, lower case
    path: Path  # the body, in the cache
    from_cache: bool

    @property
    def is_feed(self) -> bool:
        return self.content_type in FEED_TYPES or (
            self.content_type.endswith("+xml")
            and ("rss" in self.content_type or "atom" in self.content_type)
        )


def default_pages_dir() -> Path:
    env = os.environ.get("SUMMARIZE_PAGES_DIR")
    return Path(env) if env else Path(user_cache_dir("summarize")) / "pages"


def is_url(text: str) -> bool:
    return urlsplit(text).scheme in ("http", "https") and bool(urlsplit(text).hostname)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # every 3xx comes back as an HTTPError, checked by `Fetcher`


def _site(host: str) -> str:
    return host.lower().removeprefix("www.")


class Fetcher:
    def __init__(self, directory: Path | None = None, settings: FetchSettings | None = None):
        self.settings = settings or FetchSettings()
        self.directory = directory or default_pages_dir()
        try:
            _prepare_directory(self.directory, ours=directory is None)
        except OSError as exc:
            raise ConfigError(f"{self.directory}: cannot use as page cache: {exc}") from exc
        except ConfigError as exc:
            raise ConfigError(str(exc).replace("cache directory", "page cache")) from None
        self._opener = urllib.request.build_opener(_NoRedirect)
        self.fetched = 0
        self.cached = 0

    def _digest(self, url: str) -> str:
        return hashlib.sha256(url.encode()).hexdigest()

    def get(self, url: str, *, accept: tuple[str, ...] = HTML_TYPES + FEED_TYPES) -> Page:
        """The page at `url`, from the cache when there; InputError ("url: reason") otherwise."""
        digest = self._digest(url)
        meta_path = self.directory / f"{digest}.json"
        cached = self._cached(url, meta_path)
        if cached is not None:
            self.cached += 1
            return cached
        final, content_type, body = self._download(url, accept)
        # The suffix tells the article loader what it reads (its HTML path for pages).
        suffix = ".xml" if content_type not in HTML_TYPES else ".html"
        body_path = self.directory / f"{digest}{suffix}"
        _write_private(body_path, body)
        meta = {
            "url": url,
            "final_url": final,
            "content_type": content_type,
            "body": body_path.name,
            "at": time.time(),
        }
        _write_private(meta_path, json.dumps(meta).encode())
        self.fetched += 1
        return Page(url, final, content_type, body_path, from_cache=False)

    def _cached(self, url: str, meta_path: Path) -> Page | None:
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body_path = self.directory / Path(str(meta["body"])).name
            if not body_path.is_file() or meta.get("url") != url:
                return None
            page = Page(url, str(meta["final_url"]), str(meta["content_type"]), body_path, True)
            if page.is_feed and time.time() - float(meta["at"]) > self.settings.feed_max_age:
                return None
            return page
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent or unreadable: fetch again

    def _download(self, url: str, accept: tuple[str, ...]) -> tuple[str, str, bytes]:
        settings = self.settings
        deadline = time.monotonic() + settings.timeout
        current = url
        for _ in range(settings.max_redirects + 1):
            request = urllib.request.Request(
                current,
                headers={"User-Agent": settings.user_agent, "Accept": ", ".join(accept)},
            )
            try:
                response = self._opener.open(request, timeout=_left(deadline, url))
            except urllib.error.HTTPError as exc:
                if exc.code in (301, 302, 303, 307, 308) and exc.headers.get("Location"):
                    target = urljoin(current, exc.headers["Location"])
                    exc.close()
                    self._check_redirect(url, current, target)
                    current = target
                    continue
                exc.close()
                raise InputError(f"{url}: HTTP {exc.code} {exc.reason}") from None
            except TimeoutError:
                raise InputError(f"{url}: timed out after {settings.timeout:g} s") from None
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, TimeoutError | socket.timeout):
                    raise InputError(f"{url}: timed out after {settings.timeout:g} s") from None
                raise InputError(f"{url}: cannot fetch ({reason})") from None
            except (OSError, ValueError) as exc:
                raise InputError(f"{url}: cannot fetch ({exc})") from None
            with response:
                content_type = (response.headers.get_content_type() or "").lower()
                if content_type not in accept:
                    raise InputError(
                        f"{url}: not an HTML page or feed (content type {content_type}); skipped"
                    )
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > settings.max_bytes:
                    raise InputError(
                        f"{url}: too large ({int(length):,} bytes; the limit is "
                        f"{settings.max_bytes:,}); not downloaded"
                    )
                body = self._read(response, url, deadline)
            return current, content_type, body
        raise InputError(f"{url}: more than {settings.max_redirects} redirects")

    def _check_redirect(self, url: str, current: str, target: str) -> None:
        old, new = urlsplit(current), urlsplit(target)
        if new.scheme not in ("http", "https"):
            raise InputError(f"{url}: redirects to a {new.scheme or 'relative'} URL; not followed")
        if _site(new.hostname or "") != _site(old.hostname or "") or (
            new.port != old.port and new.hostname == old.hostname
        ):
            raise InputError(f"{url}: redirects to another host ({new.hostname}); not followed")
        if old.scheme == "https" and new.scheme == "http":
            raise InputError(f"{url}: redirects from https to http; not followed")

    def _read(self, response: object, url: str, deadline: float) -> bytes:
        limit = self.settings.max_bytes
        chunks: list[bytes] = []
        size = 0
        read = response.read  # type: ignore[attr-defined]
        # Each read waits at most the socket timeout (the time left when the request was sent);
        # the deadline is checked between reads, so a trickling server cannot stretch it.
        while True:
            try:
                chunk = read(min(65536, limit + 1 - size))
            except TimeoutError:
                raise InputError(
                    f"{url}: timed out after {self.settings.timeout:g} s (body not finished)"
                ) from None
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise InputError(f"{url}: body larger than the limit ({limit:,} bytes); dropped")
            if time.monotonic() > deadline:
                raise InputError(
                    f"{url}: timed out after {self.settings.timeout:g} s (body not finished)"
                )


def _left(deadline: float, url: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise InputError(f"{url}: timed out")
    return left


def _write_private(path: Path, data: bytes) -> None:
    """Atomically, readable by the user only: a Ctrl-C never leaves half a page behind."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
