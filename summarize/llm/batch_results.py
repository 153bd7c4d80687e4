"""Batch results: reading output/error lines (the Batch API's and `vllm run-batch`'s format),
and loading them into the cache, each answer validated exactly like a live one.

A results file is untrusted: a line that is not JSON or not a result is one problem naming
`file:line`; a result for a request that is not in the plan is ignored (counted); an answer is
cached only under a planned key and only after the checks a live answer passes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from summarize import safejson
from summarize.articles.read import open_regular
from summarize.errors import InputError
from summarize.llm.batch_plan import BatchPlan
from summarize.llm.session import ModelSession, UnusableAnswer

# A result file holds every answer of a batch; one line is one answer (capped like one).
MAX_RESULT_FILE_BYTES = 2 * 1024 * 1024 * 1024
MAX_RESULT_LINE_BYTES = 16 * 1024 * 1024


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


def read_results(lines: Iterable[bytes], where: str) -> tuple[list[ResultLine], list[str]]:
    """Result lines from an output/error file; each unreadable line is one problem naming
    `where:line`, and the rest are read."""
    problems: list[str] = []
    return list(iter_results(lines, where, problems)), problems


def iter_results(lines: Iterable[bytes], where: str, problems: list[str]) -> Iterator[ResultLine]:
    """`read_results` one line at a time (a results file is never held whole); problems are
    appended to `problems` as they are met."""
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        if len(raw) > MAX_RESULT_LINE_BYTES:
            problems.append(f"{where}:{number}: line over {MAX_RESULT_LINE_BYTES} bytes, skipped")
            continue
        try:
            row = safejson.loads(raw)
        except safejson.TooDeep as exc:
            problems.append(f"{where}:{number}: {exc}, skipped")
            continue
        except ValueError:
            problems.append(f"{where}:{number}: not JSON, skipped")
            continue
        result = _result_line(row)
        if result is None:
            problems.append(f"{where}:{number}: not a batch result (no custom_id), skipped")
            continue
        yield result


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
    """Load a results JSONL (from `vllm run-batch` or a downloaded Batch API output file).

    Read line by line, each result validated and cached as it comes, so memory stays bounded by
    one line whatever the file's size. Opened like an article input: a FIFO, a device or a
    folder is refused with one line, unread.
    """
    problems: list[str] = []
    seen = [0]

    def counted(results: Iterator[ResultLine]) -> Iterator[ResultLine]:
        for result in results:
            seen[0] += 1
            yield result

    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_RESULT_FILE_BYTES:
            raise InputError(f"{path}: over {MAX_RESULT_FILE_BYTES // 2**30} GB, not read")
        try:
            outcome = load_results(
                session, plan, counted(iter_results(_lines(handle), str(path), problems))
            )
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    if not seen[0]:
        raise InputError(f"{path}: no batch result lines in it")
    outcome.problems = problems + outcome.problems
    return outcome


def _lines(handle: BinaryIO) -> Iterator[bytes]:
    while line := handle.readline(MAX_RESULT_LINE_BYTES + 1):
        if len(line) > MAX_RESULT_LINE_BYTES and not line.endswith(b"\n"):
            while (rest := handle.readline(MAX_RESULT_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass  # skip the rest of an overlong line
        yield line


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0
