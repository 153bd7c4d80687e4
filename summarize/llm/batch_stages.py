"""A stage of the pipeline run as a batch (for `summarize batch` and `--batch`).

A stage is the code that asks the model (`run(item, session)`) and a label for its failure
reports; the batch machinery (`summarize.llm.batch`) plans its calls by running that very code,
so a batch never asks anything the live run would not. The caller passes the stage (the digest's
is `summarize.digest.DIGEST_STAGE`): `llm` is the bottom layer and imports no pipeline code.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarize.llm.batch import (
    DEFAULT_POLLING,
    BatchAPI,
    BatchReport,
    Clock,
    Mode,
    Polling,
    Progress,
    Sleep,
    import_stage,
    prefill,
)
from summarize.llm.session import ModelSession


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[Any, ModelSession], object]
    label: Callable[[Any], str]


def prefill_stage(
    stage: Stage,
    items: Sequence[Any],
    session: ModelSession,
    *,
    mode: Mode = "api",
    out: Path | None = None,
    api: BatchAPI | None = None,
    polling: Polling = DEFAULT_POLLING,
    sleep: Sleep | None = None,
    clock: Clock = time.monotonic,
    progress: Progress | None = None,
    max_rounds: int = 4,
) -> BatchReport:
    """Fill the cache with every item's answers to `stage` through the Batch API
    (`mode="api"`), or write the requests to `out` for an offline server (`mode="export"`).
    Afterwards `stage.run(item, session)` (e.g. `build_digest`, and so `build_briefing`)
    answers those calls from the cache."""
    return prefill(
        stage.name,
        items,
        stage.run,
        session,
        mode=mode,
        out=out,
        label=stage.label,
        api=api,
        polling=polling,
        sleep=sleep,
        clock=clock,
        progress=progress,
        max_rounds=max_rounds,
    )


def import_stage_results(
    stage: Stage, items: Sequence[Any], session: ModelSession, path: Path
) -> BatchReport:
    """Load a results JSONL (e.g. from `vllm run-batch`) for these items' `stage` requests."""
    return import_stage(stage.name, items, stage.run, session, path, label=stage.label)
