"""A stage's model calls through the OpenAI Batch API, or through a JSONL file a server runs
offline (`vllm run-batch` reads and writes the same format), instead of one call at a time.

Nothing here changes what the pipeline asks or how it checks answers; it only fills the response
cache first, so the normal run that follows is answered wholly from the cache:

1. **plan**: the requests `ModelSession.structured` would send first, under their cache keys
   (`custom_id` = the cache key), skipping those already cached. `plan_stage` finds them by
   running the stage's own code on a session that answers hits from the cache and records each
   miss instead of sending it (the item then stops there: a long article read in windows asks
   its later windows in a next round).
2. **submit** (`run_plan`): upload the JSONL (files endpoint, purpose "batch"), create the batch
   (`completion_window` "24h"), poll with backoff up to a deadline, download the output and
   error files. Over the API's limits (50,000 requests or 200 MB a file) the plan is split.
3. **load** (`load_results`): every result is validated like a live answer (a chat completion
   whose content matches the schema, not cut off, no refusal) and cached under its custom_id;
   a result for a request not in the plan is ignored.
4. **retry once**: the requests that failed (an error line, an unusable answer, no result from
   an expired or failed batch) go into ONE second batch, keeping the batch price; an unusable
   answer is re-asked the way a live re-ask is (another sample, twice the room after a cut-off).
   What still fails is reported per request and left uncached: the normal run then asks it live
   with its usual bounded re-asks, or lists it as a failure.

The files hold only request bodies (model, messages, sampling, schema): no key, no base URL.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal, TypeVar

import openai
from pydantic import BaseModel

from summarize.errors import (
    AuthenticationError,
    BackendError,
    CallAborted,
    ConfigError,
    InputError,
    RequestRejected,
)
from summarize.llm.client import Backend, build_client
from summarize.llm.prices import cost_provenance
from summarize.llm.redact import redact_url
from summarize.llm.session import ModelSession, PreparedCall, UnusableAnswer
from summarize.llm.transport import CallAbortedError, GuardTripped
from summarize.prompts import RenderedPrompt

X = TypeVar("X")
R = TypeVar("R")
T = TypeVar("T", bound=BaseModel)
Mode = Literal["api", "export"]

ENDPOINT: Final = "/v1/chat/completions"
# The Batch API's limits for one input file (OpenAI documentation, batch guide).
MAX_REQUESTS_PER_BATCH = 50_000
MAX_BATCH_FILE_BYTES = 190 * 1024 * 1024  # 200 MB, with room for the multipart envelope
# A result file holds every answer of a batch; one line is one answer (capped like one).
MAX_RESULT_FILE_BYTES = 2 * 1024 * 1024 * 1024
MAX_RESULT_LINE_BYTES = 16 * 1024 * 1024
TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})


class BatchPending(BackendError):
    """A batch was still running when the wait's deadline passed; it keeps running remotely."""


@dataclass(frozen=True)
class PlannedCall:
    """One request of a plan: what `structured` would send first, and what checks its answer."""

    key: str  # the cache key, sent as custom_id
    request: dict[str, Any]  # the body
    prompt: RenderedPrompt
    schema: type[BaseModel]
    max_tokens: int
    label: str  # what it is for, for failure reports (e.g. "A3 Reuters: title")

    def line(self, body: dict[str, Any] | None = None) -> dict[str, Any]:
        return {
            "custom_id": self.key,
            "method": "POST",
            "url": ENDPOINT,
            "body": self.request if body is None else body,
        }


@dataclass
class BatchPlan:
    stage: str
    calls: list[PlannedCall] = field(default_factory=list)
    cached: int = 0  # requests of the stage already answered in the cache
    _keys: set[str] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        self._keys = {c.key for c in self.calls}

    def by_key(self) -> dict[str, PlannedCall]:
        return {c.key: c for c in self.calls}

    def add(self, call: PlannedCall) -> None:
        """Plan a call once: items asking the same thing share one request (custom_ids must be
        unique in a batch)."""
        if call.key not in self._keys:
            self._keys.add(call.key)
            self.calls.append(call)

    def jsonl(self) -> bytes:
        return b"".join(_jsonl_line(c.line()) for c in self.calls)

    def write(self, path: Path) -> Path:
        """Write the plan as a Batch API input file (atomically: a crash leaves no half file)."""
        _write_atomic(path, self.jsonl())
        return path


@dataclass(frozen=True)
class Failure:
    key: str
    label: str
    reason: str
    answered: bool = False  # the model answered, unusably (its retry is a re-ask)
    truncated: bool = False  # the answer was cut at max_tokens (its retry gets more room)


@dataclass(frozen=True)
class ResultLine:
    """One line of a Batch API output or error file (vLLM's run-batch writes the same)."""

    custom_id: str
    response: dict[str, Any] | None  # the chat completion, when the request succeeded
    error: str | None  # why it did not


@dataclass
class LoadOutcome:
    loaded: int = 0
    failures: list[Failure] = field(default_factory=list)
    unknown: int = 0  # results for requests not in the plan (ignored)
    problems: list[str] = field(default_factory=list)  # unreadable lines, named by file:line
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_prompt_tokens: int = 0


@dataclass
class BatchReport:
    """What a stage's batch did: for the CLI's summary line and the run's provenance."""

    stage: str
    mode: Mode
    model: str | None
    requests: int = 0  # sent to the Batch API, or written to the export file
    cached: int = 0  # already answered in the cache when first planned
    loaded: int = 0
    retried: int = 0  # requests that went into the one retry batch
    rounds: int = 0
    batches: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    path: Path | None = None  # the export file
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_prompt_tokens: int = 0

    def add_tokens(self, outcome: LoadOutcome) -> None:
        self.prompt_tokens += outcome.prompt_tokens
        self.completion_tokens += outcome.completion_tokens
        self.cached_prompt_tokens += outcome.cached_prompt_tokens

    def cost(self) -> dict[str, Any]:
        return cost_provenance(
            self.model,
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            cached_prompt_tokens=self.cached_prompt_tokens,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "mode": self.mode,
            "requests": self.requests,
            "cached": self.cached,
            "loaded": self.loaded,
            "retried": self.retried,
            "rounds": self.rounds,
            "batches": list(self.batches),
            "failures": [
                {"custom_id": f.key, "label": f.label, "reason": f.reason} for f in self.failures
            ],
            "problems": list(self.problems),
            "path": str(self.path) if self.path else None,
            "usage": {
                "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens,
                "cached_prompt_tokens": self.cached_prompt_tokens,
            },
            "cost": self.cost(),
        }


# --- plan -------------------------------------------------------------------------------------


def check_session(session: ModelSession, mode: Mode) -> None:
    """Refuse what a batch cannot serve, before any work: one line naming the reason."""
    profile = session.backend.profile
    if session.cache is None:
        raise ConfigError("batch: needs the response cache (drop --no-cache)")
    if profile.kind == "embedded":
        raise ConfigError(
            "batch: the embedded model runs here, one call at a time; name the backend that "
            "will answer the batch (--backend openai, or the server an offline run stands for, "
            "e.g. --backend vllm --model ...)"
        )
    if mode == "api" and profile.kind != "openai":
        raise ConfigError(
            f"batch: backend {profile.name!r} is a {profile.kind}; the Batch API is OpenAI's "
            "(use `summarize batch export` for a server that runs batch files offline)"
        )


def plan_calls(
    session: ModelSession,
    stage: str,
    calls: Iterable[tuple[RenderedPrompt, type[BaseModel], int | None, str]],
) -> BatchPlan:
    """A plan from (prompt, schema, max_tokens, label) tuples: exactly what `structured` would
    send first for each, under its cache key; those already cached are counted, not planned."""
    plan = BatchPlan(stage)
    for prompt, schema, max_tokens, label in calls:
        prepared = session.prepare(prompt, schema, max_tokens=max_tokens)
        if session.cached_answer(prepared, schema) is not None:
            plan.cached += 1
            continue
        plan.add(_planned(prepared, prompt, schema, label))
    return plan


def _planned(
    prepared: PreparedCall, prompt: RenderedPrompt, schema: type[BaseModel], label: str
) -> PlannedCall:
    return PlannedCall(
        prepared.key, prepared.request, prompt, schema, prepared.max_tokens, label=label
    )


class _Deferred(Exception):
    """Raised into the stage's code at a cache miss: the call is planned, not sent."""


class PlanningSession(ModelSession):
    """A session that answers from the cache and records each miss instead of sending it."""

    def __init__(self, session: ModelSession, plan: BatchPlan, skip: set[str]) -> None:
        super().__init__(session.backend, session.cache, attempts=session.attempts)
        self.plan = plan
        self.skip = skip  # keys given up on (failed twice): neither planned nor sent here
        self.label = ""

    def structured(
        self, prompt: RenderedPrompt, schema: type[T], *, max_tokens: int | None = None
    ) -> T:
        prepared = self.prepare(prompt, schema, max_tokens=max_tokens)
        if (hit := self.cached_answer(prepared, schema)) is not None:
            self.plan.cached += 1
            return hit
        if prepared.key not in self.skip:
            self.plan.add(_planned(prepared, prompt, schema, self.label))
        raise _Deferred()


def plan_stage(
    session: ModelSession,
    stage: str,
    items: Sequence[X],
    run: Callable[[X, ModelSession], object],
    *,
    label: Callable[[X], str] = str,
    skip: set[str] | None = None,
) -> BatchPlan:
    """Run the stage's own code (`run(item, session)`) on a planning session: the requests it
    would send are planned, in item order, and nothing reaches the backend."""
    plan = BatchPlan(stage)
    planner = PlanningSession(session, plan, skip or set())
    for item in items:
        planner.label = label(item)
        try:
            run(item, planner)
        except _Deferred:
            continue
    return plan


# --- results ----------------------------------------------------------------------------------


def read_results(lines: Iterable[bytes], where: str) -> tuple[list[ResultLine], list[str]]:
    """Result lines from an output/error file; each unreadable line is one problem naming
    `where:line`, and the rest are read."""
    results: list[ResultLine] = []
    problems: list[str] = []
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        if len(raw) > MAX_RESULT_LINE_BYTES:
            problems.append(f"{where}:{number}: line over {MAX_RESULT_LINE_BYTES} bytes, skipped")
            continue
        try:
            row = json.loads(raw)
        except ValueError:
            problems.append(f"{where}:{number}: not JSON, skipped")
            continue
        result = _result_line(row)
        if result is None:
            problems.append(f"{where}:{number}: not a batch result (no custom_id), skipped")
            continue
        results.append(result)
    return results, problems


def _result_line(row: object) -> ResultLine | None:
    if not isinstance(row, dict) or not isinstance(row.get("custom_id"), str):
        return None
    custom_id = row["custom_id"]
    response = row.get("response")
    error = row.get("error")
    if error:
        message = error.get("message") if isinstance(error, dict) else error
        code = error.get("code") if isinstance(error, dict) else None
        reason = str(message or code or "failed")[:300]
        return ResultLine(custom_id, None, f"{code}: {reason}" if code and message else reason)
    if not isinstance(response, dict):
        return ResultLine(custom_id, None, "no response in the result line")
    status = response.get("status_code")
    body = response.get("body")
    if status != 200:
        detail = ""
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            detail = f": {str(body['error'].get('message', ''))[:300]}"
        return ResultLine(custom_id, None, f"HTTP {status}{detail}")
    if not isinstance(body, dict):
        return ResultLine(custom_id, None, "HTTP 200 without a JSON body")
    return ResultLine(custom_id, body, None)


def load_results(
    session: ModelSession, plan: BatchPlan, results: Iterable[ResultLine]
) -> LoadOutcome:
    """Validate each result like a live answer and cache it under its custom_id; every planned
    request without a usable result is a Failure."""
    outcome = LoadOutcome()
    wanted = plan.by_key()
    reasons: dict[str, Failure] = {}
    done: set[str] = set()
    for result in results:
        call = wanted.get(result.custom_id)
        if call is None:
            outcome.unknown += 1
            continue
        if result.custom_id in done:
            continue  # a duplicate of a line already loaded
        if result.response is None:
            reasons[call.key] = Failure(call.key, call.label, result.error or "failed")
            continue
        try:
            session.accept(call.key, result.response, call.schema)
        except UnusableAnswer as exc:
            reasons[call.key] = Failure(call.key, call.label, exc.reason, True, exc.truncated)
            continue
        done.add(call.key)
        reasons.pop(call.key, None)
        outcome.loaded += 1
        usage = result.response.get("usage")
        if isinstance(usage, dict):
            outcome.prompt_tokens += _count(usage.get("prompt_tokens"))
            outcome.completion_tokens += _count(usage.get("completion_tokens"))
            details = usage.get("prompt_tokens_details")
            if isinstance(details, dict):
                outcome.cached_prompt_tokens += _count(details.get("cached_tokens"))
    for call in plan.calls:
        if call.key not in done:
            outcome.failures.append(
                reasons.get(call.key) or Failure(call.key, call.label, "no result for it")
            )
    return outcome


def import_results(session: ModelSession, plan: BatchPlan, path: Path) -> LoadOutcome:
    """Load a results JSONL (from `vllm run-batch` or a downloaded Batch API output file)."""
    try:
        size = path.stat().st_size
        if size > MAX_RESULT_FILE_BYTES:
            raise InputError(f"{path}: over {MAX_RESULT_FILE_BYTES // 2**30} GB, not read")
        with path.open("rb") as handle:
            results, problems = read_results(_lines(handle), str(path))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a results file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    if not results:
        raise InputError(f"{path}: no batch result lines in it")
    outcome = load_results(session, plan, results)
    outcome.problems = problems + outcome.problems
    return outcome


def _lines(handle: io.BufferedIOBase) -> Iterator[bytes]:
    while line := handle.readline(MAX_RESULT_LINE_BYTES + 1):
        if len(line) > MAX_RESULT_LINE_BYTES and not line.endswith(b"\n"):
            while (rest := handle.readline(MAX_RESULT_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass  # skip the rest of an overlong line
        yield line


# --- submit -----------------------------------------------------------------------------------


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
        from summarize.llm.session import _connection_error, _error_message

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
                f"{exc.status_code}): {_error_message(exc)}"
            ) from None
        except openai.APITimeoutError:
            raise BackendError(
                f"backend {name!r} at {where}: no answer from the Batch API within "
                f"{self.timeout:g} s"
            ) from None
        except openai.APIConnectionError as exc:
            raise _connection_error(name, where, exc) from None
        except openai.APIStatusError as exc:
            raise BackendError(
                f"backend {name!r}: the Batch API failed (HTTP {exc.status_code}): "
                f"{_error_message(exc)}"
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
    lines = [_jsonl_line(c.line((bodies or {}).get(c.key))) for c in plan.calls]
    batch_ids: list[str] = []
    for n, chunk in enumerate(_chunks(lines), 1):
        file_id = api.upload(b"".join(chunk), f"summarize-{plan.stage}-{n}.jsonl")
        batch = api.create(file_id, plan.stage)
        batch_ids.append(batch.id)
        say(f"batch {batch.id}: {len(chunk)} request(s) submitted ({plan.stage})")
    finished = _wait_all(api, batch_ids, polling, wait, clock, say)
    results: list[ResultLine] = []
    problems: list[str] = []
    batch_errors: list[str] = []
    for batch in finished:
        for result_file in (batch.output_file_id, batch.error_file_id):
            if result_file:
                data = api.download(result_file)
                got, bad = read_results(data.splitlines(True), result_file)
                results += got
                problems += bad
        if batch.status != "completed":
            batch_errors.append(_batch_error(batch))
    outcome = load_results(session, plan, results)
    outcome.problems = problems
    if batch_errors:  # requests a failed/expired batch never ran: say why, per request
        reason = "; ".join(batch_errors)
        outcome.failures = [
            Failure(f.key, f.label, reason) if f.reason == "no result for it" else f
            for f in outcome.failures
        ]
    return outcome, batch_ids


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
                f"--batch-wait); it keeps running at the API: `summarize batch collect "
                f"{first} PATH...` loads its results once it is done"
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


def submit_with_retry(
    session: ModelSession,
    plan: BatchPlan,
    api: BatchAPI,
    report: BatchReport,
    **wait: Any,
) -> list[Failure]:
    """Run the plan, then ONE retry batch of what failed; returns what still failed."""
    outcome, ids = run_plan(session, plan, api, **wait)
    report.batches += ids
    report.requests += len(plan.calls)
    report.loaded += outcome.loaded
    report.problems += outcome.problems
    report.add_tokens(outcome)
    if not outcome.failures:
        return []
    calls = plan.by_key()
    retry = BatchPlan(plan.stage, [calls[f.key] for f in outcome.failures])
    bodies = {f.key: _retry_body(session, calls[f.key], f) for f in outcome.failures}
    report.retried += len(retry.calls)
    again, ids = run_plan(session, retry, api, bodies=bodies, **wait)
    report.batches += ids
    report.loaded += again.loaded
    report.problems += again.problems
    report.add_tokens(again)
    return again.failures


def _retry_body(session: ModelSession, call: PlannedCall, failure: Failure) -> dict[str, Any]:
    """A transport failure is asked again as it was; an unusable answer as a live re-ask."""
    if not failure.answered:
        return call.request
    room = call.max_tokens
    if failure.truncated:
        room = min(room * 2, session.backend.profile.context_size // 2)
    return session.reask_request(call.prompt, call.schema, attempt=1, max_tokens=room)


# --- one stage, end to end --------------------------------------------------------------------


def prefill(
    stage: str,
    items: Sequence[X],
    run: Callable[[X, ModelSession], object],
    session: ModelSession,
    *,
    mode: Mode = "api",
    out: Path | None = None,
    label: Callable[[X], str] = str,
    api: BatchAPI | None = None,
    polling: Polling = DEFAULT_POLLING,
    sleep: Sleep | None = None,
    clock: Clock = time.monotonic,
    progress: Progress | None = None,
    max_rounds: int = 4,
) -> BatchReport:
    """Fill the cache with the answers `run(item, session)` will ask for, through the Batch API
    (`mode="api"`), or write them to `out` as a Batch API input file (`mode="export"`).

    api: rounds until nothing new is planned (a round asks what the previous answers unlock,
    e.g. a long article's next window), at most `max_rounds`. export: one round; export again
    after importing its results to get the next one (the count is 0 when nothing is left)."""
    check_session(session, mode)
    report = BatchReport(stage, mode, session.backend.profile.model)
    given_up: set[str] = set()
    if mode == "export":
        if out is None:
            raise ConfigError("batch export: needs an output file")
        plan = plan_stage(session, stage, items, run, label=label)
        report.requests, report.cached, report.rounds = len(plan.calls), plan.cached, 1
        report.path = plan.write(out)
        return report
    api = api or BatchAPI(session.backend)
    for round_number in range(1, max_rounds + 1):
        plan = plan_stage(session, stage, items, run, label=label, skip=given_up)
        if round_number == 1:
            report.cached = plan.cached
        if not plan.calls:
            break
        report.rounds = round_number
        failed = submit_with_retry(
            session,
            plan,
            api,
            report,
            polling=polling,
            sleep=sleep,
            clock=clock,
            progress=progress,
        )
        report.failures += failed
        given_up.update(f.key for f in failed)
        if len(failed) == len(plan.calls):
            break  # nothing loaded: another round would ask the same
    return report


def import_stage(
    stage: str,
    items: Sequence[X],
    run: Callable[[X, ModelSession], object],
    session: ModelSession,
    path: Path,
    *,
    label: Callable[[X], str] = str,
) -> BatchReport:
    """Load a results file for the stage's requests (planned again from the same inputs, so
    every answer is checked against the schema its request asked for)."""
    check_session(session, "export")
    plan = plan_stage(session, stage, items, run, label=label)
    report = BatchReport(stage, "export", session.backend.profile.model)
    report.requests, report.cached, report.path = len(plan.calls), plan.cached, path
    if not plan.calls:
        return report
    outcome = import_results(session, plan, path)
    report.loaded, report.problems, report.failures = (
        outcome.loaded,
        outcome.problems,
        outcome.failures,
    )
    if outcome.unknown and not outcome.loaded:
        report.problems.append(
            f"{path}: {outcome.unknown} result(s) answer no request of these inputs (other "
            "articles, backend, model or prompts than the export?)"
        )
    report.add_tokens(outcome)
    return report


def collect_stage(
    stage: str,
    items: Sequence[X],
    run: Callable[[X, ModelSession], object],
    session: ModelSession,
    batch_id: str,
    *,
    label: Callable[[X], str] = str,
    api: BatchAPI | None = None,
) -> BatchReport:
    """Load the results of a batch left running (`BatchPending`) once it is done; a batch still
    running raises BatchPending again. No retry batch: the normal run asks what failed."""
    check_session(session, "api")
    api = api or BatchAPI(session.backend)
    plan = plan_stage(session, stage, items, run, label=label)
    report = BatchReport(stage, "api", session.backend.profile.model, batches=[batch_id])
    report.requests, report.cached = len(plan.calls), plan.cached
    batch = api.retrieve(batch_id)
    if batch.status not in TERMINAL:
        raise BatchPending(f"batch {batch_id} is still {batch.status}; collect it later")
    results: list[ResultLine] = []
    for result_file in (batch.output_file_id, batch.error_file_id):
        if result_file:
            got, bad = read_results(api.download(result_file).splitlines(True), result_file)
            results += got
            report.problems += bad
    outcome = load_results(session, plan, results)
    report.loaded, report.failures = outcome.loaded, outcome.failures
    report.add_tokens(outcome)
    return report


# --- helpers ----------------------------------------------------------------------------------


def _jsonl_line(row: dict[str, Any]) -> bytes:
    return (json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def _write_atomic(path: Path, data: bytes) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write: {exc.strerror}") from None


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0
