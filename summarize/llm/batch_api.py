"""The Batch API's files and batches endpoints, through the `openai` client: upload a plan
(split over the API's limits), create its batches (`completion_window` "24h"), poll them with
backoff up to a deadline, download the output and error files, load the results.

A submitted batch is noted in the response cache (under a key of the exact file uploaded), so a
run interrupted while it waits resumes polling the same batch instead of paying for it twice.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import openai

from summarize.errors import (
    AuthenticationError,
    BackendError,
    CallAborted,
    RequestRejected,
)
from summarize.llm.batch_plan import ENDPOINT, BatchPlan, jsonl_line
from summarize.llm.batch_results import (
    MAX_RESULT_FILE_BYTES,
    Failure,
    LoadOutcome,
    ResultLine,
    load_results,
    read_results,
)
from summarize.llm.cache import UnreadableRow, cache_key
from summarize.llm.client import Backend, build_client
from summarize.llm.redact import redact_url
from summarize.llm.session import ModelSession
from summarize.llm.transport import CallAbortedError, GuardTripped

R = TypeVar("R")

# The Batch API's limits for one input file (OpenAI documentation, batch guide).
MAX_REQUESTS_PER_BATCH = 50_000
MAX_BATCH_FILE_BYTES = 190 * 1024 * 1024  # 200 MB, with room for the multipart envelope
TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})


class BatchPending(BackendError):
    """A batch was still running when the wait's deadline passed; it keeps running remotely."""


@dataclass(frozen=True)
class Polling:
    """How to wait for a batch: first look after `first` s, then `factor` times longer each
    time up to `longest`, and give up waiting (the batch keeps running) after `deadline` s."""

    first: float = 10.0
    factor: float = 1.5
    longest: float = 300.0
    deadline: float = 25 * 3600.0  # the API's window is 24 h


DEFAULT_POLLING = Polling()
Sleep = Callable[[float], None]
Clock = Callable[[], float]
Progress = Callable[[str], None]


class BatchAPI:
    """The files and batches endpoints of one backend, each call bounded like a model call."""

    def __init__(
        self,
        backend: Backend,
        client: openai.OpenAI | None = None,
        *,
        transfer_timeout: float = 600.0,
    ) -> None:
        self.backend = backend
        self.timeout = max(transfer_timeout, backend.profile.timeout)
        self.client = client or build_client(
            backend.profile,
            backend.base_url,
            guard=backend.guard,
            max_bytes=MAX_RESULT_FILE_BYTES,
        )

    def upload(self, data: bytes, name: str) -> str:
        made = self._call(lambda: self.client.files.create(file=(name, data), purpose="batch"))
        return str(made.id)

    def create(self, file_id: str, stage: str) -> openai.types.Batch:
        return self._call(
            lambda: self.client.batches.create(
                input_file_id=file_id,
                endpoint=ENDPOINT,
                completion_window="24h",
                metadata={"tool": "summarize", "stage": stage},
            )
        )

    def retrieve(self, batch_id: str) -> openai.types.Batch:
        return self._call(lambda: self.client.batches.retrieve(batch_id))

    def download(self, file_id: str) -> bytes:
        return self._call(lambda: self.client.files.content(file_id).content)

    def _call(self, do: Callable[[], R]) -> R:
        from summarize.llm.session import connection_error, error_message

        name = self.backend.profile.name
        where = redact_url(self.backend.base_url) or "the OpenAI API"
        try:
            with self.backend.guard.call(self.timeout):
                return do()
        except CallAbortedError:
            raise CallAborted(f"backend {name!r}: batch aborted") from None
        except GuardTripped as exc:
            raise BackendError(f"backend {name!r} at {where}: batch transfer: {exc}") from None
        except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
            hint = self.backend.profile.api_key_env or "the backend's key"
            raise AuthenticationError(
                f"backend {name!r} refused the credentials (HTTP {exc.status_code}); check {hint}"
            ) from None
        except (openai.BadRequestError, openai.NotFoundError) as exc:
            raise RequestRejected(
                f"backend {name!r} at {where} refused a Batch API request (HTTP "
                f"{exc.status_code}): {error_message(exc)}"
            ) from None
        except openai.APITimeoutError:
            raise BackendError(
                f"backend {name!r} at {where}: no answer from the Batch API within "
                f"{self.timeout:g} s"
            ) from None
        except openai.APIConnectionError as exc:
            raise connection_error(name, where, exc) from None
        except openai.APIStatusError as exc:
            raise BackendError(
                f"backend {name!r}: the Batch API failed (HTTP {exc.status_code}): "
                f"{error_message(exc)}"
            ) from None
        except RecursionError:  # the client's own json.loads on a hostile, deeply nested body
            raise BackendError(
                f"backend {name!r} at {where}: the Batch API answered with JSON nested too "
                "deeply to read"
            ) from None


def run_plan(
    session: ModelSession,
    plan: BatchPlan,
    api: BatchAPI,
    *,
    polling: Polling = DEFAULT_POLLING,
    sleep: Sleep | None = None,
    clock: Clock = time.monotonic,
    progress: Progress | None = None,
    bodies: dict[str, dict[str, Any]] | None = None,
) -> tuple[LoadOutcome, list[str]]:
    """Submit the plan (split over the API's limits), wait for every batch, load the results.
    `bodies` replaces the body sent for some keys (a retry's re-ask). Returns the outcome and
    the batch ids."""
    say = progress or (lambda _text: None)
    wait = sleep or _abortable_sleep(session.backend)
    lines = [jsonl_line(c.line((bodies or {}).get(c.key))) for c in plan.calls]
    journal = _journal_key(session, lines)
    batch_ids = _resumable(session, api, journal)
    if batch_ids:
        say(f"resuming batch {', '.join(batch_ids)} ({plan.stage}, submitted by an earlier run)")
    else:
        for n, chunk in enumerate(_chunks(lines), 1):
            file_id = api.upload(b"".join(chunk), f"summarize-{plan.stage}-{n}.jsonl")
            batch = api.create(file_id, plan.stage)
            batch_ids.append(batch.id)
            _note(session, journal, batch_ids)
            say(f"batch {batch.id}: {len(chunk)} request(s) submitted ({plan.stage})")
    finished = _wait_all(api, batch_ids, polling, wait, clock, say)
    results, problems = fetch_results(api, finished)
    outcome = load_results(session, plan, results)
    outcome.problems = problems
    _note(session, journal, [])  # loaded: a re-run plans again from the cache
    batch_errors = [_batch_error(b) for b in finished if b.status != "completed"]
    if batch_errors:  # requests a failed/expired batch never ran: say why, per request
        reason = "; ".join(batch_errors)
        outcome.failures = [
            Failure(f.key, f.label, reason) if f.reason == "no result for it" else f
            for f in outcome.failures
        ]
    return outcome, batch_ids


def fetch_results(
    api: BatchAPI, finished: list[openai.types.Batch]
) -> tuple[list[ResultLine], list[str]]:
    """Every result line of these finished batches (output and error files), and the problems."""
    results: list[ResultLine] = []
    problems: list[str] = []
    for batch in finished:
        for result_file in (batch.output_file_id, batch.error_file_id):
            if result_file:
                data = api.download(result_file)
                got, bad = read_results(data.splitlines(True), result_file)
                results += got
                problems += bad
    return results, problems


def _journal_key(session: ModelSession, lines: list[bytes]) -> str:
    digest = hashlib.sha256(b"".join(lines)).hexdigest()
    return cache_key({"batch-journal": digest, "backend": session.backend.identity})


def _note(session: ModelSession, journal: str, batch_ids: list[str]) -> None:
    if session.cache is not None:
        session.cache.set(journal, {"batch_ids": batch_ids})


def _resumable(session: ModelSession, api: BatchAPI, journal: str) -> list[str]:
    """The batches an interrupted run submitted for exactly this file, if the API still has
    them; else none (and the plan is submitted afresh)."""
    if session.cache is None:
        return []
    try:
        row = session.cache.get(journal)
    except UnreadableRow:
        return []
    ids = row.get("batch_ids") if row else None
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        return []
    try:
        for batch_id in ids:
            api.retrieve(batch_id)
    except RequestRejected:  # gone (deleted, another project's key): start again
        return []
    return list(ids)


def _wait_all(
    api: BatchAPI,
    batch_ids: list[str],
    polling: Polling,
    sleep: Sleep,
    clock: Clock,
    say: Progress,
) -> list[openai.types.Batch]:
    started = clock()
    delay = polling.first
    pending = dict.fromkeys(batch_ids)
    finished: dict[str, openai.types.Batch] = {}
    while True:
        for batch_id in list(pending):
            batch = api.retrieve(batch_id)
            counts = batch.request_counts
            done = f" {counts.completed + counts.failed}/{counts.total}" if counts else ""
            say(f"batch {batch_id}: {batch.status}{done}")
            if batch.status in TERMINAL:
                finished[batch_id] = batch
                del pending[batch_id]
        if not pending:
            return [finished[b] for b in batch_ids]
        waited = clock() - started
        if waited + delay > polling.deadline:
            first = next(iter(pending))
            raise BatchPending(
                f"batch {first} is still running after {waited:.0f} s (the wait's deadline, "
                "--batch-wait); it keeps running at the API, and the same command run again "
                "resumes waiting for it (or `summarize batch collect "
                f"{first} PATH...` loads its results once it is done)"
            )
        sleep(delay)
        delay = min(delay * polling.factor, polling.longest)


def _batch_error(batch: openai.types.Batch) -> str:
    errors = (batch.errors.data or []) if batch.errors else []
    details = [str(e.message or e.code or "") for e in errors]
    detail = f": {'; '.join(d for d in details if d)[:300]}" if any(details) else ""
    return f"batch {batch.id} {batch.status}{detail}"


def _abortable_sleep(backend: Backend) -> Sleep:
    def sleep(seconds: float) -> None:
        try:
            backend.guard.wait(seconds)
        except CallAbortedError:
            raise CallAborted(f"backend {backend.profile.name!r}: batch wait aborted") from None

    return sleep


def _chunks(lines: list[bytes]) -> Iterator[list[bytes]]:
    chunk: list[bytes] = []
    size = 0
    for line in lines:
        if chunk and (
            len(chunk) >= MAX_REQUESTS_PER_BATCH or size + len(line) > MAX_BATCH_FILE_BYTES
        ):
            yield chunk
            chunk, size = [], 0
        chunk.append(line)
        size += len(line)
    if chunk:
        yield chunk
