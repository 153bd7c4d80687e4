"""The pipeline's stages that can run as a batch, by name (for `summarize batch` and `--batch`).

A stage is the code that asks the model (`run(item, session)`) and a label for its failure
reports; the batch machinery (`summarize.llm.batch`) plans its calls by running that very code,
so a batch never asks anything the live run would not.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from summarize.articles import Article


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[Any, ModelSession], object]
    label: Callable[[Any], str]


def _digest(article: Article, session: ModelSession) -> object:
    from summarize.digest import build_digest  # the llm layer does not import the pipeline

    return build_digest(article, session)


def _article_label(article: Article) -> str:
    return f"{article.id} {article.label} ({article.source})"


STAGES: dict[str, Stage] = {"digests": Stage("digests", _digest, _article_label)}


def prefill_digests(
    articles: Sequence[Article],
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
    """Fill the cache with every article's digest answer through the Batch API (`mode="api"`),
    or write the requests to `out` for an offline server (`mode="export"`). Afterwards
    `build_digest(article, session)` (and `build_briefing`) answer those calls from the cache."""
    stage = STAGES["digests"]
    return prefill(
        stage.name,
        articles,
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


def import_digests(articles: Sequence[Article], session: ModelSession, path: Path) -> BatchReport:
    """Load a results JSONL (e.g. from `vllm run-batch`) for these articles' digest requests."""
    stage = STAGES["digests"]
    return import_stage(stage.name, articles, stage.run, session, path, label=stage.label)
