"""SYNTHETIC hostile web server on 127.0.0.1 for the stories fetcher's tests: each route writes
raw bytes to the socket (a body that trickles, stops short of its Content-Length, is reset, or
ends a chunked body without its last chunk), so the tests see what a hostile server can do and
not what a well-behaved HTTP library would send. Everything it serves is written for the tests."""

from __future__ import annotations

import socket
import socketserver
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

Route = Callable[[socket.socket, dict[str, str]], None]

PAGE = """<!doctype html><html><head><title>{title}</title>
<meta property="og:site_name" content="{outlet}"></head><body><article><h1>{title}</h1>
<p>The river burst its banks on Tuesday and flooded the old town of Lindau, officials said on
Wednesday morning after a night of heavy rain across the region and the lake shore.</p>
<p>About 400 residents were moved to a school gym overnight while pumps ran until morning, and
the mayor asked people to stay away from the harbour until the water had gone down again.</p>
<p>{extra}</p></article></body></html>"""


def page(
    title: str = "Flood hits Lindau old town", outlet: str = "Lake Daily", extra: str = ""
) -> bytes:
    return PAGE.format(title=title, outlet=outlet, extra=extra).encode()


def head(status: str = "200 OK", kind: str = "text/html; charset=utf-8", **headers: str) -> bytes:
    lines = [f"HTTP/1.1 {status}", f"Content-Type: {kind}", "Connection: close"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def whole(body: bytes, kind: str = "text/html; charset=utf-8") -> Route:
    def route(sock: socket.socket, _: dict[str, str]) -> None:
        sock.sendall(head(kind=kind, Content_Length=str(len(body))) + body)

    return route


def reset(sock: socket.socket) -> None:
    """Close with a TCP reset (SO_LINGER 0), as a crashed server or a middlebox would."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


@dataclass
class Server:
    base: str
    routes: dict[str, Route]
    hits: list[str] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def trickle(self, chunked: bool = False, every: float = 0.05) -> Route:
        """Headers at once, then one byte of body per `every` seconds, until the client goes."""

        def route(sock: socket.socket, _: dict[str, str]) -> None:
            if chunked:
                sock.sendall(head(Transfer_Encoding="chunked"))
            else:
                sock.sendall(head(Content_Length="1000000"))
            while not self.stop.is_set():
                sock.sendall(b"1\r\nx\r\n" if chunked else b"x")
                time.sleep(every)

        return route


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextmanager
def hostile_server(routes: dict[str, Route] | None = None) -> Iterator[Server]:
    state: Server | None = None

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            assert state is not None
            sock: socket.socket = self.request
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = sock.recv(4096)
                if not chunk:
                    return
                data += chunk
            lines = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
            path = lines[0].split(" ")[1]
            headers = {
                k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:])
            }
            state.hits.append(path)
            state.headers.append(headers)
            route = state.routes.get(path)
            with suppress(OSError):
                if route is None:
                    sock.sendall(head("404 Not Found", "text/plain", Content_Length="2") + b"no")
                else:
                    route(sock, headers)

    server = _TCPServer(("127.0.0.1", 0), Handler)
    state = Server(f"http://127.0.0.1:{server.server_address[1]}", dict(routes or {}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stop.set()
        server.shutdown()
        server.server_close()
