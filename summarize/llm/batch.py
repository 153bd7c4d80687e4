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

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from summarize.errors import ConfigError
from summarize.llm.batch_api import (
    DEFAULT_POLLING,
    TERMINAL,
    BatchAPI,
    BatchPending,
    Clock,
    Polling,
    Progress,
    Sleep,
    fetch_results,
    run_plan,
)
from summarize.llm.batch_plan import ENDPOINT, BatchPlan, PlannedCall, plan_calls, plan_stage
from summarize.llm.batch_results import (
    Failure,
    LoadOutcome,
    ResultLine,
    import_results,
    load_results,
    read_results,
)
from summarize.llm.prices import cost_provenance
from summarize.llm.session import ModelSession

__all__ = [
    "DEFAULT_POLLING",
    "ENDPOINT",
    "BatchAPI",
    "BatchPending",
    "BatchPlan",
    "BatchReport",
    "Clock",
    "Failure",
    "LoadOutcome",
    "PlannedCall",
    "Polling",
    "Progress",
    "ResultLine",
    "Sleep",
    "check_session",
    "collect_stage",
    "import_results",
    "import_stage",
    "load_results",
    "plan_calls",
    "plan_stage",
    "prefill",
    "read_results",
    "run_plan",
]

X = TypeVar("X")
Mode = Literal["api", "export"]


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
    outcome = import_results(session, plan, path)  # read even when all is cached: a bad file
    # is said, not silently skipped
    report.loaded, report.problems, report.failures = (
        outcome.loaded,
        outcome.problems,
        outcome.failures,
    )
    if plan.calls and outcome.unknown and not outcome.loaded:
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
    results, report.problems = fetch_results(api, [batch])
    outcome = load_results(session, plan, results)
    report.loaded, report.failures = outcome.loaded, outcome.failures
    report.add_tokens(outcome)
    return report
