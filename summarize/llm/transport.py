"""What bounds one model call on the wire: an overall deadline, a body size cap, and abort.

httpx timeouts are per read, so a server trickling a byte a second never trips them. Here each
call (one chat-completions request, including the client's own retries) gets a deadline: every
read is given at most the time that remains, and a watchdog shuts the call's socket down when
the deadline passes, which also wakes a read still waiting for the response headers. `abort()`
does the same for every call in flight, from any thread. The body is read through a counter
that stops at `MAX_RESPONSE_BYTES`.

openai 3.x sends through `httpx2` (not `httpx`), so this wraps an `httpx2.HTTPTransport`: vcrpy
patches that class, so cassettes replay through the guard unchanged.

What trips here raises a subclass of `openai.OpenAIError`, the one kind of error the client
passes on without retrying; `ModelSession` turns it into a `BackendError` with the reason.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import socket
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

import httpx2
import openai

# A chat completion is a few kB; 16 MB leaves room for logprobs and is far from what a
# misbehaving server could make us hold (a 100 MB body was read three times, 597 MB peak).
MAX_RESPONSE_BYTES = 16 * 1024 * 1024
CONNECT_TIMEOUT = 10.0


class GuardTripped(openai.OpenAIError):
    """The call was stopped here; the client does not retry an OpenAIError."""


class DeadlineExceeded(GuardTripped):
    def __init__(self, seconds: float, waited_for: float | None = None) -> None:
        super().__init__(f"no complete answer within {seconds:g} s")
        self.seconds = seconds
        self.waited_for = waited_for  # set when the server asked to wait past the deadline


class CallAbortedError(GuardTripped):
    def __init__(self) -> None:
        super().__init__("aborted")


class ResponseTooLarge(GuardTripped):
    def __init__(self, limit: int, size: int | None = None) -> None:
        super().__init__(f"response body over {limit} bytes")
        self.limit = limit
        self.size = size  # the Content-Length that announced it, when one did


# Called with each socket a call connects (TCP), before anything is sent on it; raising refuses
# the connection (the page fetcher's check of the address actually reached).
OnConnect = Callable[[socket.socket], None]


class _Call:
    """One call in flight: its deadline and the sockets it opened."""

    def __init__(self, guard: CallGuard, seconds: float, on_connect: OnConnect | None) -> None:
        self.guard = guard
        self.seconds = seconds
        self.on_connect = on_connect
        self.deadline = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def check(self) -> None:
        """Raise if this call must stop (aborted, or past its deadline)."""
        if self.guard.aborted:
            raise CallAbortedError()
        if self.expired or self.remaining() <= 0:
            raise DeadlineExceeded(self.seconds)

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace hook: note each socket the call opens (TCP, then TLS)."""
        if event.endswith(("connect_tcp.complete", "start_tls.complete")):
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if isinstance(sock, socket.socket):
                with self._lock:
                    self._sockets.append(sock)
                if self.expired or self.guard.aborted:
                    self.stop()
                if self.on_connect is not None and event.endswith("connect_tcp.complete"):
                    try:
                        self.on_connect(sock)
                    except BaseException:
                        if stream is not None:
                            stream.close()  # refused: nothing is sent on it
                        raise

    def stop(self) -> None:
        """Wake any read blocked on this call's sockets (shutdown works across threads)."""
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):  # already closed
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def expire(self) -> None:
        self.expired = True
        self.stop()


_CURRENT: contextvars.ContextVar[_Call | None] = contextvars.ContextVar(
    "summarize_call", default=None
)


class CallGuard:
    """Deadlines and abort for the calls of one backend. Thread-safe."""

    def __init__(self) -> None:
        self._aborted = threading.Event()
        self._calls: set[_Call] = set()
        self._lock = threading.Lock()

    @property
    def aborted(self) -> bool:
        return self._aborted.is_set()

    @contextlib.contextmanager
    def call(self, seconds: float, *, on_connect: OnConnect | None = None) -> Iterator[_Call]:
        """Run the block as one call with an overall deadline of `seconds`."""
        current = _Call(self, seconds, on_connect)
        current.check()
        watchdog = threading.Timer(seconds, current.expire)
        watchdog.daemon = True
        token = _CURRENT.set(current)
        with self._lock:
            self._calls.add(current)
        watchdog.start()
        try:
            yield current
        finally:
            watchdog.cancel()
            with self._lock:
                self._calls.discard(current)
            _CURRENT.reset(token)

    def abort(self) -> None:
        """Stop every call in flight within moments, and refuse new ones."""
        self._aborted.set()
        with self._lock:
            calls = list(self._calls)
        for current in calls:
            current.stop()

    def wait(self, seconds: float) -> None:
        """Sleep between retries, but never past the deadline and never through an abort."""
        current = _CURRENT.get()
        if current is not None and seconds >= current.remaining():
            raise DeadlineExceeded(current.seconds, waited_for=seconds)
        if self._aborted.wait(seconds):
            raise CallAbortedError()


class _CappedStream(httpx2.SyncByteStream):
    def __init__(self, inner: httpx2.SyncByteStream, current: _Call | None, limit: int) -> None:
        self._inner = inner
        self._current = current
        self._limit = limit

    def __iter__(self) -> Iterator[bytes]:
        total = 0
        try:
            for chunk in self._inner:
                if self._current is not None:
                    self._current.check()
                total += len(chunk)
                if total > self._limit:
                    raise ResponseTooLarge(self._limit)
                yield chunk
        except GuardTripped:
            raise
        except Exception:
            if self._current is not None:
                self._current.check()  # a socket we shut down: say why, not "connection reset"
            raise

    def close(self) -> None:
        self._inner.close()


class GuardedTransport(httpx2.BaseTransport):
    """An httpx2 transport whose requests obey the current call's deadline and the body cap."""

    def __init__(
        self,
        inner: httpx2.BaseTransport,
        *,
        max_bytes: int = MAX_RESPONSE_BYTES,
        query: Sequence[tuple[str, str]] = (),
        origin: str | None = None,
    ) -> None:
        self._inner = inner
        self._max_bytes = max_bytes
        self._query = httpx2.QueryParams(list(query))
        self._origin = origin

    def _with_query(self, request: httpx2.Request) -> httpx2.Request:
        """The request with the base URL's query added, on a copy: httpx2 logs the request it
        made, which so never shows the query's secrets. Only to the base URL's own origin (a
        redirect elsewhere does not take the key along)."""
        url = request.url
        if not self._query or f"{url.scheme}://{url.netloc.decode('ascii')}" != self._origin:
            return request
        return httpx2.Request(
            request.method,
            url.copy_merge_params(self._query),
            headers=request.headers,
            stream=request.stream,
            extensions=request.extensions,
        )

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        request = self._with_query(request)
        current = _CURRENT.get()
        # Compressed bodies would make the cap a cap on the compressed size only.
        request.headers["Accept-Encoding"] = "identity"
        if current is not None:
            current.check()
            left = max(current.remaining(), 0.001)
            timeouts = dict(request.extensions.get("timeout") or {})
            for phase in ("connect", "read", "write", "pool"):
                value = timeouts.get(phase)
                timeouts[phase] = left if value is None else min(float(value), left)
            request.extensions = {**request.extensions, "timeout": timeouts, "trace": current.trace}
        try:
            response = self._inner.handle_request(request)
        except GuardTripped:
            raise
        except Exception:
            if current is not None:
                current.check()
            raise
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > self._max_bytes:
            response.close()
            raise ResponseTooLarge(self._max_bytes, int(length))
        assert isinstance(response.stream, httpx2.SyncByteStream)
        response.stream = _CappedStream(response.stream, current, self._max_bytes)
        return response

    def close(self) -> None:
        self._inner.close()


def _origin(base_url: str | None) -> str:
    url = httpx2.URL(base_url or "https://api.openai.com/v1")
    return f"{url.scheme}://{url.netloc.decode('ascii')}"


def env_proxy(base_url: str | None) -> str | None:
    """The proxy the environment names for this URL (what httpx2 would use with no transport)."""
    parts = urlsplit(base_url or "https://api.openai.com/v1")
    if urllib.request.proxy_bypass(parts.hostname or ""):
        return None
    proxies = urllib.request.getproxies()
    proxy = proxies.get(parts.scheme) or proxies.get("all")
    if proxy and "://" not in proxy:
        proxy = "http://" + proxy
    return proxy or None


def guarded_http_client(
    base_url: str | None,
    timeout: float,
    *,
    auth: httpx2.Auth | None = None,
    max_bytes: int = MAX_RESPONSE_BYTES,
    query: Sequence[tuple[str, str]] = (),
) -> httpx2.Client:
    """The httpx2 client for one backend. No keep-alive: each call opens its own socket, which
    is what lets the watchdog and abort reach it (a model call dwarfs a TCP handshake).
    `query` (the base URL's own query, e.g. an API key) is added to each request to the base
    URL's origin below the client, so the client never logs or joins paths after it."""
    inner = httpx2.HTTPTransport(
        limits=httpx2.Limits(max_connections=100, max_keepalive_connections=0),
        proxy=env_proxy(base_url),
    )
    connect = min(CONNECT_TIMEOUT, timeout) if math.isfinite(timeout) else CONNECT_TIMEOUT
    return httpx2.Client(
        transport=GuardedTransport(
            inner, max_bytes=max_bytes, query=query, origin=_origin(base_url) if query else None
        ),
        timeout=httpx2.Timeout(timeout, connect=connect),
        follow_redirects=True,
        auth=auth,
    )
