"""A stage's batch plan: the requests `ModelSession.structured` would send first, under their
cache keys (each request's `custom_id`), found without sending anything.

`plan_stage` runs the stage's own code on a `PlanningSession`, which answers cache hits and, at a
miss, records the request and stops that item (`_Deferred`): what is planned is exactly what the
live run would ask. A long article read in windows asks its next window only once the first is
answered, so it takes one more round.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TypeVar

from pydantic import BaseModel

from summarize.errors import InputError
from summarize.llm.session import ModelSession, PreparedCall
from summarize.prompts import RenderedPrompt

X = TypeVar("X")
T = TypeVar("T", bound=BaseModel)

ENDPOINT: Final = "/v1/chat/completions"


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
        return b"".join(jsonl_line(c.line()) for c in self.calls)

    def write(self, path: Path) -> Path:
        """Write the plan as a Batch API input file (atomically: a crash leaves no half file)."""
        _write_atomic(path, self.jsonl())
        return path


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


def jsonl_line(row: dict[str, Any]) -> bytes:
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
