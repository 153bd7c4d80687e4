"""SYNTHETIC Batch API server: the OpenAI files and batches endpoints on 127.0.0.1, enough for
the `openai` client's `files.create/content` and `batches.create/retrieve`. Every answer is
hand-written by the test (a `route` per request) and never presented as a model's recording.

What it does like the real service: a batch is created validating and moves on to
in_progress, finalizing, completed, one step per retrieve; successes go to an output file and
failures to an error file, each line {"id", "custom_id", "response": {"status_code",
"request_id", "body"}, "error"}; lines come back OUT OF ORDER (shuffled, seeded). A scenario
can instead end the batch `expired` (only the first `ran` requests have results) or `failed`
(validation errors, no file). `chat`, when given, answers live POST /chat/completions
too (a run that batches one stage and asks the others live on the same base URL).
"""

from __future__ import annotations

import json
import random
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .fake_openai import completion


@dataclass
class Result:
    """What the synthetic service answers to one request of a batch."""

    content: str | None = None  # a 200 with this assistant content
    finish_reason: str = "stop"
    status: int = 200  # not 200: an error line with this status
    error: str | None = None  # a line with a top-level error (no response)


Route = Callable[[str, dict[str, Any]], Result]
Chat = Callable[[dict[str, Any]], Result]


@dataclass
class Scenario:
    ends: str = "completed"  # completed | expired | failed
    ran: int | None = None  # expired: how many requests ran before the window closed
    steps: tuple[str, ...] = ("validating", "in_progress", "finalizing")


@dataclass
class ServiceState:
    route: Route
    scenarios: list[Scenario] = field(default_factory=list)  # one per batch, in order
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # id -> (purpose, data)
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)  # statuses reported, in order
    lock: threading.Lock = field(default_factory=threading.Lock)

    def uploads(self) -> list[bytes]:
        return [data for purpose, data in self.files.values() if purpose == "batch"]


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
    state: ServiceState, batch_id: str, lines: list[dict[str, Any]]
) -> tuple[bytes, bytes]:
    out: list[dict[str, Any]] = []
    err: list[dict[str, Any]] = []
    for n, line in enumerate(lines):
        result = state.route(line["custom_id"], line["body"])
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


@contextmanager
def batch_service(
    route: Route, scenarios: list[Scenario] | None = None, chat: Chat | None = None
) -> Iterator[tuple[str, ServiceState]]:
    state = ServiceState(route, list(scenarios or []))

    class Handler(BaseHTTPRequestHandler):
        def _json(self, status: int, payload: Any) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _note(self) -> None:
            with state.lock:
                state.requests.append(
                    (self.command, self.path, {k.lower(): v for k, v in self.headers.items()})
                )

        def do_POST(self) -> None:
            self._note()
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            if self.path == "/v1/files":
                parts = _multipart(self.headers.get("content-type", ""), body)
                purpose = parts.get("purpose", b"").decode()
                with state.lock:
                    file_id = f"file-{len(state.files) + 1}"
                    state.files[file_id] = (purpose, parts.get("file", b""))
                self._json(200, _file(file_id, purpose, len(parts.get("file", b""))))
            elif self.path == "/v1/batches":
                request = json.loads(body)
                with state.lock:
                    batch_id = f"batch_{len(state.batches) + 1}"
                    n = len(state.batches)
                    scenario = state.scenarios[n] if n < len(state.scenarios) else Scenario()
                    state.batches[batch_id] = {
                        "request": request,
                        "scenario": scenario,
                        "step": 0,
                        "object": _batch(batch_id, request, "validating"),
                    }
                self._json(200, state.batches[batch_id]["object"])
            elif self.path == "/v1/chat/completions" and chat is not None:
                result = chat(json.loads(body))
                self._json(200, completion(result.content, result.finish_reason))
            else:
                self._json(404, {"error": {"message": f"synthetic: no route {self.path}"}})

        def do_GET(self) -> None:
            self._note()
            if found := re.fullmatch(r"/v1/files/([\w-]+)/content", self.path):
                entry = state.files.get(found.group(1))
                if entry is None:
                    self._json(404, {"error": {"message": "no such file"}})
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(entry[1])))
                self.end_headers()
                self.wfile.write(entry[1])
            elif found := re.fullmatch(r"/v1/batches/([\w-]+)", self.path):
                with state.lock:
                    batch = state.batches.get(found.group(1))
                    if batch is None:
                        self._json(404, {"error": {"message": "no such batch"}})
                        return
                    state.seen.append(batch["object"]["status"])
                    shown = json.loads(json.dumps(batch["object"]))
                    self._advance(found.group(1), batch)  # the next look sees the next step
                self._json(200, shown)
            else:
                self._json(404, {"error": {"message": f"synthetic: no route {self.path}"}})

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
            lines = [json.loads(x) for x in state.files[input_id][1].splitlines() if x.strip()]
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
            out, err = _result_lines(state, batch_id, lines)
            for kind, data in (("output_file_id", out), ("error_file_id", err)):
                if data:
                    file_id = f"file-{len(state.files) + 1}"
                    state.files[file_id] = ("batch_output", data)
                    obj[kind] = file_id
            failed = err.count(b"\n")
            obj["status"] = scenario.ends
            obj["request_counts"] = {
                "total": total,
                "completed": len(lines) - failed,
                "failed": failed,
            }

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", state
    finally:
        server.shutdown()
        server.server_close()


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
