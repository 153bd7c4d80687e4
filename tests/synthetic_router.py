"""SYNTHETIC routing server: an OpenAI-compatible endpoint on 127.0.0.1 whose answers a test
chooses per call kind (digest of A2, consensus, framing), so concurrent calls get the right
answer whatever order they arrive in. Every answer is hand-written for the test and is never
presented as a recording of a real model."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .fake_openai import Reply, completion

_ARTICLE_ID = re.compile(r'<article id="(A\d+)"')
_SCHEMA_KIND = {
    "DigestOut": "digest",
    "SummaryOut": "digest",
    "ConsensusOut": "consensus",
    "FramingOut": "framing",
}


@dataclass
class Call:
    kind: str  # digest | consensus | framing
    article_id: str | None  # for a digest
    request: dict[str, Any]


@dataclass
class Answer:
    reply: Reply
    delay: float = 0.0  # seconds to hold the answer back (released early by `release`)


Route = Callable[[Call], Answer]


@dataclass
class RouterState:
    route: Route
    calls: list[Call] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    release: threading.Event = field(default_factory=threading.Event)

    def kinds(self) -> list[str]:
        with self.lock:
            return [c.kind if c.article_id is None else c.article_id for c in self.calls]


# The summary-only digest is asked in plain text (no response_format): know it by its words.
PLAIN_SUMMARY_MARK = "say what the article reports. Reply with those sentences only."


def schema_name(request: dict[str, Any]) -> str:
    """The response schema's name, or "SummaryOut" for the plain-text summary request."""
    name = str(request.get("response_format", {}).get("json_schema", {}).get("name", ""))
    if not name and any(
        PLAIN_SUMMARY_MARK in str(m.get("content", "")) for m in request.get("messages", [])
    ):
        return "SummaryOut"
    return name


def classify(request: dict[str, Any]) -> Call:
    name = schema_name(request)
    kind = _SCHEMA_KIND.get(name, name)
    user = "".join(m.get("content", "") for m in request.get("messages", []))
    found = _ARTICLE_ID.search(user) if kind == "digest" else None
    return Call(kind, found.group(1) if found else None, request)


@contextmanager
def routing_server(route: Route) -> Iterator[tuple[str, RouterState]]:
    state = RouterState(route)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            call = classify(json.loads(self.rfile.read(length) or b"{}"))
            with state.lock:
                state.calls.append(call)
            answer = state.route(call)
            if answer.delay:
                state.release.wait(answer.delay)
            reply = answer.reply
            if reply.status == 200 and reply.body is None:
                payload = completion(reply.content, reply.finish_reason, reply.refusal)
            else:
                payload = reply.body or {"error": {"message": f"synthetic {reply.status}"}}
            data = json.dumps(payload).encode()
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass  # the client went away while the answer was held back

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()


def digest_json(summary: str, claims: list[tuple[str, int]], actors: list[str]) -> str:
    return json.dumps(
        {
            "summary": summary,
            "claims": [{"claim": c, "sentence": s} for c, s in claims],
            "actors": actors,
        }
    )
