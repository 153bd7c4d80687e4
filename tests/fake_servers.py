"""SYNTHETIC servers on 127.0.0.1 for tests and benches: one fake OpenAI-compatible service whose
answers are chosen by a variant, and a raw web server for the stories fetcher. Every answer is
hand-written (or built from the prompt by rule) and is never presented as a recording of a real
model; a cassette is only ever real recorded traffic.

One HTTP handler (`serve`) speaks for every variant of the OpenAI service; a variant (a
`Service`) only says what to answer:

- `fake_openai(script)`: canned `Reply`s in order, for fault tests;
- `routing_server(route)`: an answer per call kind (digest of A2, consensus, framing), so
  concurrent calls get the right answer whatever order they arrive in;
- `synthetic_server(delay)`: schema-valid answers built from the prompt after a fixed delay
  (benches' timing shape; not a model);
- `batch_service(route)`: the Batch API's files and batches endpoints;
- `web_server(pages)`: plain web pages by path, for the stories fetcher.

Misbehaviours are fields of `Reply` (applied in `_send`): `delay` before the headers, `raw` bytes
instead of JSON, `pad` bytes of padding streamed inside the JSON, `trickle` seconds between body
bytes, `reset` the connection halfway through the body.

`hostile_server(routes)` is the raw variant: each route writes bytes to the socket itself (a
body that trickles, stops short of its Content-Length, is reset, or ends a chunked body without
its last chunk), so the fetcher's tests see what a hostile server can do and not what a
well-behaved HTTP library would send.
"""

from __future__ import annotations

import contextlib
import json
import math
import random
import re
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import KW_ONLY, dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
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
    usage: dict[str, int] | None = None  # the completion's usage (default: 10 + 5 tokens)
    content_type: str | None = None  # default: text/html for raw bytes, else application/json
    reason: str | None = None  # the status line's reason phrase (default: the standard one)


def completion(
    content: str | None,
    finish_reason: str = "stop",
    refusal: str | None = None,
    usage: dict[str, int] | None = None,
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
        "usage": usage or {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def _error(status: int, message: str) -> Reply:
    return Reply(status=status, body={"error": {"message": message}})


@dataclass
class Service:
    """What one fake service answers; `serve` speaks HTTP for every kind. `stopped` is set when
    the server shuts down, so slow replies end."""

    _: KW_ONLY
    stopped: threading.Event = field(default_factory=threading.Event)

    def note(self, method: str, path: str, headers: Mapping[str, str]) -> None:
        """Every request's method, path and headers, before it is answered."""

    def post(self, path: str, body: bytes, headers: Mapping[str, str]) -> Reply:
        return self.chat(json.loads(body or b"{}"))

    def chat(self, request: dict[str, Any]) -> Reply:
        return _error(404, "synthetic: no chat here")

    def get(self, path: str) -> Reply:
        return _error(404, f"synthetic: no route {path}")

    def close(self) -> None:
        self.stopped.set()


def _handler(service: Service) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            service.note("POST", self.path, self.headers)
            self._send(service.post(self.path, body, self.headers))

        def do_GET(self) -> None:
            service.note("GET", self.path, self.headers)
            self._send(service.get(self.path))

        def _send(self, reply: Reply) -> None:
            if reply.delay and service.stopped.wait(reply.delay):
                return
            if reply.raw is not None:
                head, pad, tail = reply.raw, 0, b""
            else:
                if reply.status == 200 and reply.body is None:
                    payload = completion(
                        reply.content, reply.finish_reason, reply.refusal, reply.usage
                    )
                elif reply.body is not None:
                    payload = reply.body
                else:
                    payload = {"error": {"message": f"synthetic {reply.status}"}}
                data = json.dumps(payload).encode()
                if reply.pad:  # {"padding": "xxxx…", …the completion}
                    head, pad, tail = b'{"padding": "', reply.pad, b'", ' + data[1:]
                else:
                    head, pad, tail = data, 0, b""
            kind = reply.content_type or (
                "text/html" if reply.raw is not None else "application/json"
            )
            with contextlib.suppress(OSError):  # the client hung up, as it may here
                self.send_response(reply.status, reply.reason)
                self.send_header("Content-Type", kind)
                if reply.content_length:
                    self.send_header("Content-Length", str(len(head) + pad + len(tail)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self._send_body(reply, head, pad, tail)

        def _send_body(self, reply: Reply, head: bytes, pad: int, tail: bytes) -> None:
            if reply.reset:
                self.wfile.write(head[: len(head) // 2])
                reset(self.connection)
                return
            if reply.trickle:
                for byte in head + b"x" * pad + tail:
                    if service.stopped.wait(reply.trickle):
                        return
                    self.wfile.write(bytes([byte]))
                return
            self.wfile.write(head)
            chunk = b"x" * 65536
            while pad > 0:
                self.wfile.write(chunk[:pad])
                pad -= len(chunk)
            self.wfile.write(tail)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def _running(server: socketserver.BaseServer, on_exit: Callable[[], None]) -> Iterator[int]:
    """The server's port while it serves on a daemon thread; shut down and closed after."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        on_exit()
        server.shutdown()
        server.server_close()


@contextmanager
def serve(service: Service, path: str = "/v1") -> Iterator[str]:
    """`service` on 127.0.0.1; yields the base URL (…/v1) to give the client."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(service))
    with _running(server, service.close) as port:
        yield f"http://127.0.0.1:{port}{path}"


# --------------------------------------------------------------------------------------------
# Scripted: canned replies in order (fault tests).


@dataclass
class FakeServer(Service):
    script: list[Reply]
    requests: list[dict[str, Any]] = field(default_factory=list)  # chat requests, in order
    headers: list[dict[str, str]] = field(default_factory=list)  # each request's headers
    paths: list[str] = field(default_factory=list)  # each request's path and query, in order
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, method: str, path: str, headers: Mapping[str, str]) -> None:
        self.headers.append(dict(headers.items()))
        self.paths.append(path)

    def chat(self, request: dict[str, Any]) -> Reply:
        with self.lock:
            self.requests.append(request)
            if not self.script:
                return _error(500, "script exhausted")
            return self.script.pop(0)

    def get(self, path: str) -> Reply:  # GET /models: what `summarize backends` looks at
        return Reply(body={"object": "list", "data": [{"id": "synthetic"}]})


@contextmanager
def fake_openai(script: list[Reply]) -> Iterator[tuple[str, FakeServer]]:
    state = FakeServer(script=list(script))
    with serve(state) as base:
        yield base, state


# --------------------------------------------------------------------------------------------
# Routed: an answer per call kind, whatever order concurrent calls arrive in.

_ARTICLE_ID = re.compile(r'<article id="(A\d+)"')
_SCHEMA_KIND = {
    "DigestOut": "digest",
    "SummaryOut": "digest",
    "ConsensusOut": "consensus",
    "FramingOut": "framing",
}
# The summary-only digest is asked in plain text (no response_format): know it by its words.
PLAIN_SUMMARY_MARK = "say what the article reports. Reply with those sentences only."


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


def schema_name(request: dict[str, Any]) -> str:
    """The response schema's name, or "SummaryOut" for the plain-text summary request."""
    name = str((request.get("response_format") or {}).get("json_schema", {}).get("name", ""))
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


@dataclass
class RouterState(Service):
    route: Route
    calls: list[Call] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    release: threading.Event = field(default_factory=threading.Event)

    def kinds(self) -> list[str]:
        with self.lock:
            return [c.kind if c.article_id is None else c.article_id for c in self.calls]

    def chat(self, request: dict[str, Any]) -> Reply:
        call = classify(request)
        with self.lock:
            self.calls.append(call)
        answer = self.route(call)
        if answer.delay:
            self.release.wait(answer.delay)
        return answer.reply

    def close(self) -> None:
        self.release.set()
        super().close()


@contextmanager
def routing_server(route: Route) -> Iterator[tuple[str, RouterState]]:
    state = RouterState(route)
    with serve(state) as base:
        yield base, state


def digest_json(summary: str, claims: list[tuple[str, int]], actors: list[str]) -> str:
    return json.dumps(
        {
            "summary": summary,
            "claims": [{"claim": c, "sentence": s} for c, s in claims],
            "actors": actors,
        }
    )


# --------------------------------------------------------------------------------------------
# Synthetic: sleeps a fixed delay, then answers each of the tool's request kinds with
# schema-valid JSON built from the prompt. Not a model; for the benches' timing shape only.

_S1 = re.compile(r"^S1: (.+)$", re.MULTILINE)
_FACT = re.compile(r"^(F\d+):\n- (.+)$", re.MULTILINE)
_LINE = re.compile(r"^(?:S\d+: )?(.+)$", re.MULTILINE)
_OUTLET = re.compile(r'<outlet id="(A\d+)"')


def _tokens(text: str) -> int:
    return math.ceil(len(text) / 4)


def synthetic_answer(request: dict[str, Any]) -> str:
    user = "\n".join(
        str(m.get("content", "")) for m in request.get("messages", []) if m.get("role") == "user"
    )
    name = schema_name(request)
    if name == "SummaryOut":  # the first sentence line after the headline
        body = user.split("\n", 1)[1] if "\n" in user else user
        lines = [m for m in _LINE.findall(body) if not m.startswith(("Headline:", "<"))]
        sentence = lines[0].strip()[:280] if lines else "The article reports an event."
        return json.dumps(
            {"summary": sentence.rsplit(" ", 1)[0] if len(sentence) >= 280 else sentence}
        )
    if name == "DigestOut":
        first = _S1.search(user)
        sentence = first.group(1).strip() if first else "The article reports an event."
        sentence = sentence[:280].rsplit(" ", 1)[0] if len(sentence) > 280 else sentence
        return json.dumps(
            {"summary": sentence, "claims": [{"claim": sentence, "sentence": 1}], "actors": []}
        )
    if name == "ConsensusOut":
        facts = _FACT.findall(user)[:6]
        return json.dumps(
            {"sentences": [{"text": text.strip(), "facts": [fid]} for fid, text in facts]}
        )
    if name == "FramingOut":
        # FramingOut allows at most 16 outlets (a grammar-constrained model cannot write more)
        return json.dumps(
            {
                "outlets": [
                    {
                        "id": aid,
                        "framing": "The outlet leads with the decision and quotes officials.",
                    }
                    for aid in list(dict.fromkeys(_OUTLET.findall(user)))[:16]
                ]
            }
        )
    return "Synthetic answer: the articles report the same decision."


@dataclass
class SyntheticStats(Service):
    delay: float = 0.0
    max_requests: int = 10_000
    requests: int = 0
    max_in_flight: int = 0
    in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def chat(self, request: dict[str, Any]) -> Reply:
        with self.lock:
            self.requests += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            over = self.requests > self.max_requests
        try:
            if over:
                return _error(400, "synthetic server: request budget")
            time.sleep(self.delay)
            content = synthetic_answer(request)
            prompt = sum(_tokens(str(m.get("content", ""))) for m in request.get("messages", []))
            usage = {
                "prompt_tokens": prompt,
                "completion_tokens": _tokens(content),
                "total_tokens": prompt + _tokens(content),
            }
            return Reply(content=content, usage=usage)
        finally:
            with self.lock:
                self.in_flight -= 1


@contextmanager
def synthetic_server(
    delay: float, *, max_requests: int = 10_000
) -> Iterator[tuple[str, SyntheticStats]]:
    """Threaded, so concurrent requests overlap their delays. Refuses (HTTP 429 without retry
    hints would be retried, so 400) after `max_requests`, bounding any runaway loop."""
    stats = SyntheticStats(delay=delay, max_requests=max_requests)
    with serve(stats) as base:
        yield base, stats


# --------------------------------------------------------------------------------------------
# Batch: the OpenAI files and batches endpoints, enough for the `openai` client's
# `files.create/content` and `batches.create/retrieve`.
#
# What it does like the real service: a batch is created validating and moves on to
# in_progress, finalizing, completed, one step per retrieve; successes go to an output file and
# failures to an error file, each line {"id", "custom_id", "response": {"status_code",
# "request_id", "body"}, "error"}; lines come back OUT OF ORDER (shuffled, seeded). A scenario
# can instead end the batch `expired` (only the first `ran` requests have results) or `failed`
# (validation errors, no file). `chat`, when given, answers live POST /chat/completions too (a
# run that batches one stage and asks the others live on the same base URL).


@dataclass
class Result:
    """What the synthetic service answers to one request of a batch."""

    content: str | None = None  # a 200 with this assistant content
    finish_reason: str = "stop"
    status: int = 200  # not 200: an error line with this status
    error: str | None = None  # a line with a top-level error (no response)


BatchRoute = Callable[[str, dict[str, Any]], Result]
Chat = Callable[[dict[str, Any]], Result]


@dataclass
class Scenario:
    ends: str = "completed"  # completed | expired | failed
    ran: int | None = None  # expired: how many requests ran before the window closed
    steps: tuple[str, ...] = ("validating", "in_progress", "finalizing")


@dataclass
class ServiceState(Service):
    route: BatchRoute
    scenarios: list[Scenario] = field(default_factory=list)  # one per batch, in order
    chat_route: Chat | None = None
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # id -> (purpose, data)
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)  # statuses reported, in order
    lock: threading.Lock = field(default_factory=threading.Lock)

    def uploads(self) -> list[bytes]:
        return [data for purpose, data in self.files.values() if purpose == "batch"]

    def note(self, method: str, path: str, headers: Mapping[str, str]) -> None:
        with self.lock:
            self.requests.append((method, path, {k.lower(): v for k, v in headers.items()}))

    def post(self, path: str, body: bytes, headers: Mapping[str, str]) -> Reply:
        if path == "/v1/files":
            parts = _multipart(headers.get("content-type", ""), body)
            purpose = parts.get("purpose", b"").decode()
            with self.lock:
                file_id = f"file-{len(self.files) + 1}"
                self.files[file_id] = (purpose, parts.get("file", b""))
            return Reply(body=_file(file_id, purpose, len(parts.get("file", b""))))
        if path == "/v1/batches":
            request = json.loads(body)
            with self.lock:
                batch_id = f"batch_{len(self.batches) + 1}"
                n = len(self.batches)
                scenario = self.scenarios[n] if n < len(self.scenarios) else Scenario()
                self.batches[batch_id] = {
                    "request": request,
                    "scenario": scenario,
                    "step": 0,
                    "object": _batch(batch_id, request, "validating"),
                }
            return Reply(body=self.batches[batch_id]["object"])
        if path == "/v1/chat/completions" and self.chat_route is not None:
            result = self.chat_route(json.loads(body))
            return Reply(content=result.content, finish_reason=result.finish_reason)
        return _error(404, f"synthetic: no route {path}")

    def get(self, path: str) -> Reply:
        if found := re.fullmatch(r"/v1/files/([\w-]+)/content", path):
            entry = self.files.get(found.group(1))
            if entry is None:
                return _error(404, "no such file")
            return Reply(raw=entry[1], content_type="application/octet-stream")
        if found := re.fullmatch(r"/v1/batches/([\w-]+)", path):
            with self.lock:
                batch = self.batches.get(found.group(1))
                if batch is None:
                    return _error(404, "no such batch")
                self.seen.append(batch["object"]["status"])
                shown = json.loads(json.dumps(batch["object"]))
                self._advance(found.group(1), batch)  # the next look sees the next step
            return Reply(body=shown)
        return super().get(path)

    def _advance(self, batch_id: str, batch: dict[str, Any]) -> None:
        """One status step per retrieve; the results are made at the last step."""
        scenario: Scenario = batch["scenario"]
        obj = batch["object"]
        if obj["status"] in ("completed", "expired", "failed"):
            return
        batch["step"] += 1
        if batch["step"] < len(scenario.steps):
            obj["status"] = scenario.steps[batch["step"]]
            return
        input_id = batch["request"]["input_file_id"]
        lines = [json.loads(x) for x in self.files[input_id][1].splitlines() if x.strip()]
        total = len(lines)
        if scenario.ends == "failed":
            obj["status"] = "failed"
            obj["errors"] = {
                "object": "list",
                "data": [{"code": "invalid_request", "message": "synthetic: refused"}],
            }
            obj["request_counts"] = {"total": total, "completed": 0, "failed": 0}
            return
        if scenario.ends == "expired":
            lines = lines[: scenario.ran or 0]
        out, err = _result_lines(self.route, batch_id, lines)
        for kind, data in (("output_file_id", out), ("error_file_id", err)):
            if data:
                file_id = f"file-{len(self.files) + 1}"
                self.files[file_id] = ("batch_output", data)
                obj[kind] = file_id
        failed = err.count(b"\n")
        obj["status"] = scenario.ends
        obj["request_counts"] = {"total": total, "completed": len(lines) - failed, "failed": failed}


def _multipart(content_type: str, body: bytes) -> dict[str, bytes]:
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    parts: dict[str, bytes] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(payload, bytes):
            parts[name] = payload
    return parts


def _result_lines(
    route: BatchRoute, batch_id: str, lines: list[dict[str, Any]]
) -> tuple[bytes, bytes]:
    out: list[dict[str, Any]] = []
    err: list[dict[str, Any]] = []
    for n, line in enumerate(lines):
        result = route(line["custom_id"], line["body"])
        row: dict[str, Any] = {"id": f"batch_req_{batch_id}_{n}", "custom_id": line["custom_id"]}
        if result.error is not None:
            err.append({**row, "response": None, "error": {"code": "x", "message": result.error}})
        elif result.status != 200:
            body = {"error": {"message": f"synthetic {result.status}", "type": "server_error"}}
            response = {"status_code": result.status, "request_id": f"req_{n}", "body": body}
            err.append({**row, "response": response, "error": None})
        else:
            answer = completion(result.content, result.finish_reason)
            response = {"status_code": 200, "request_id": f"req_{n}", "body": answer}
            out.append({**row, "response": response, "error": None})
    shuffle = random.Random(batch_id)
    shuffle.shuffle(out)  # the service returns results in any order
    shuffle.shuffle(err)

    def dump(rows: list[dict[str, Any]]) -> bytes:
        return b"".join(json.dumps(r).encode() + b"\n" for r in rows)

    return dump(out), dump(err)


def _file(file_id: str, purpose: str, size: int) -> dict[str, Any]:
    return {
        "id": file_id,
        "object": "file",
        "bytes": size,
        "created_at": 0,
        "filename": "input.jsonl",
        "purpose": purpose,
        "status": "processed",
    }


def _batch(batch_id: str, request: dict[str, Any], status: str) -> dict[str, Any]:
    return {
        "id": batch_id,
        "object": "batch",
        "endpoint": request["endpoint"],
        "input_file_id": request["input_file_id"],
        "completion_window": request["completion_window"],
        "created_at": 0,
        "status": status,
        "metadata": request.get("metadata"),
        "request_counts": {"total": 0, "completed": 0, "failed": 0},
    }


@contextmanager
def batch_service(
    route: BatchRoute, scenarios: list[Scenario] | None = None, chat: Chat | None = None
) -> Iterator[tuple[str, ServiceState]]:
    state = ServiceState(route, list(scenarios or []), chat)
    with serve(state) as base:
        yield base, state


# --------------------------------------------------------------------------------------------
# Web: pages by path (GET), for the fetcher's well-behaved cases; `hostile_server` below for the
# rest.


@dataclass
class WebSite(Service):
    pages: dict[str, Reply]
    hits: list[str] = field(default_factory=list)  # each GET's path, in order

    def note(self, method: str, path: str, headers: Mapping[str, str]) -> None:
        if method == "GET":
            self.hits.append(path)

    def get(self, path: str) -> Reply:
        return self.pages.get(path) or Reply(404, raw=b"no", content_type="text/plain")


@contextmanager
def web_server(pages: Mapping[str, Reply]) -> Iterator[tuple[str, WebSite]]:
    """Yields the site's root URL (no trailing slash) and the site, whose pages may be added to
    while it serves (a page that names the server's own address)."""
    site = WebSite(pages=dict(pages))
    with serve(site, "") as base:
        yield base, site


# --------------------------------------------------------------------------------------------
# Raw: a hostile web server for the stories fetcher; each route writes bytes to the socket.

RawRoute = Callable[[socket.socket, dict[str, str]], None]

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


def whole(body: bytes, kind: str = "text/html; charset=utf-8") -> RawRoute:
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
    routes: dict[str, RawRoute]
    hits: list[str] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def trickle(self, chunked: bool = False, every: float = 0.05) -> RawRoute:
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
def hostile_server(routes: dict[str, RawRoute] | None = None) -> Iterator[Server]:
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
            with contextlib.suppress(OSError):
                if route is None:
                    sock.sendall(head("404 Not Found", "text/plain", Content_Length="2") + b"no")
                else:
                    route(sock, headers)

    server = _TCPServer(("127.0.0.1", 0), Handler)
    state = Server(f"http://127.0.0.1:{server.server_address[1]}", dict(routes or {}))
    with _running(server, state.stop.set):
        yield state
