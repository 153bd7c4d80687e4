"""SYNTHETIC fault server: a tiny OpenAI-compatible endpoint on 127.0.0.1 that answers from a
script of canned replies. Its responses are hand-written for fault tests and are never
presented as recordings of a real model.

Misbehaviours are fields of `Reply` (each applied in `Handler._send_body`): `delay` before the
headers, `raw` bytes instead of JSON, `pad` bytes of padding streamed inside the JSON,
`trickle` seconds between body bytes, `reset` the connection halfway through the body.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    content: str | None = None  # assistant message content
    finish_reason: str = "stop"
    headers: dict[str, str] = field(default_factory=dict)
    refusal: str | None = None
    body: Any = None  # JSON body sent as is (error replies, wrong shapes)
    raw: bytes | None = None  # bytes sent as the body, instead of JSON
    delay: float = 0.0  # seconds to wait before the status line
    pad: int = 0  # bytes of padding inside the completion, streamed in chunks
    content_length: bool = True  # False: no Content-Length, the body ends when we close
    trickle: float = 0.0  # seconds between body bytes (one byte at a time)
    reset: bool = False  # send half the body, then reset the connection (RST)


def completion(
    content: str | None, finish_reason: str = "stop", refusal: str | None = None
) -> dict[str, Any]:
    return {
        "id": "chatcmpl-synthetic",
        "object": "chat.completion",
        "created": 0,
        "model": "synthetic",
        "choices": [
            {
                "index": 0,
                "finish_reason": finish_reason,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


class FakeServer:
    def __init__(self, script: list[Reply]) -> None:
        self.script = list(script)
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []  # each request's headers, in order
        self.paths: list[str] = []  # each request's path and query, in order
        self.lock = threading.Lock()
        self.stopped = threading.Event()  # set when the server shuts down: slow replies end

    def next_reply(self, request: dict[str, Any]) -> Reply:
        with self.lock:
            self.requests.append(request)
            if not self.script:
                return Reply(status=500, body={"error": {"message": "script exhausted"}})
            return self.script.pop(0)


@contextmanager
def fake_openai(script: list[Reply]) -> Iterator[tuple[str, FakeServer]]:
    state = FakeServer(script)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            request = json.loads(self.rfile.read(length) or b"{}")
            state.headers.append(dict(self.headers.items()))
            state.paths.append(self.path)
            reply = state.next_reply(request)
            if reply.delay and state.stopped.wait(reply.delay):
                return
            if reply.raw is not None:
                head, pad, tail = reply.raw, 0, b""
            else:
                if reply.status == 200 and reply.body is None:
                    payload = completion(reply.content, reply.finish_reason, reply.refusal)
                elif reply.body is not None:
                    payload = reply.body
                else:
                    payload = {"error": {"message": f"synthetic {reply.status}"}}
                data = json.dumps(payload).encode()
                if reply.pad:  # {"padding": "xxxx…", …the completion}
                    head, pad, tail = b'{"padding": "', reply.pad, b'", ' + data[1:]
                else:
                    head, pad, tail = data, 0, b""
            self.send_response(reply.status)
            content_type = "text/html" if reply.raw is not None else "application/json"
            self.send_header("Content-Type", content_type)
            if reply.content_length:
                self.send_header("Content-Length", str(len(head) + pad + len(tail)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            with contextlib.suppress(OSError):  # the client hung up, as it should here
                self._send_body(reply, head, pad, tail)

        def _send_body(self, reply: Reply, head: bytes, pad: int, tail: bytes) -> None:
            if reply.reset:
                self.wfile.write(head[: len(head) // 2])
                linger = struct.pack("ii", 1, 0)  # close with RST, not FIN
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
                self.connection.close()
                return
            if reply.trickle:
                for byte in head + b"x" * pad + tail:
                    if state.stopped.wait(reply.trickle):
                        return
                    self.wfile.write(bytes([byte]))
                return
            self.wfile.write(head)
            chunk = b"x" * 65536
            while pad > 0:
                self.wfile.write(chunk[:pad])
                pad -= len(chunk)
            self.wfile.write(tail)

        def do_GET(self) -> None:  # GET /models: what `summarize backends` looks at
            state.headers.append(dict(self.headers.items()))
            state.paths.append(self.path)
            data = json.dumps({"object": "list", "data": [{"id": "synthetic"}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", state
    finally:
        state.stopped.set()
        server.shutdown()
        server.server_close()
