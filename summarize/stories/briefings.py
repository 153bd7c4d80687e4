"""The briefings of many stories at once: every story with enough outlets briefed
concurrently under one bound on calls in flight, each handed back (and written by the caller,
atomically) the moment it is done, so Ctrl-C loses nothing finished. The steps of a whole
`summarize stories` run are in `stories/workflow.py`.

`brief_stories` is the hook the Batch API path uses: given the articles to brief per story
(`StoryJob`), it runs the briefings through `summarize.build_briefing`. A batch run prefills the
response cache for the digest stage first (one JSONL, `custom_id` = cache key), then calls it;
every digest is then a cache hit and only the per-story calls remain.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarize.articles import Article, DuplicateGroup, LoadResult
from summarize.brief import Briefing, build_briefing
from summarize.errors import BackendError, InputError
from summarize.llm.session import ModelSession
from summarize.prompts import RenderedPrompt
from summarize.settings import submit
from summarize.stories.story import Story


@dataclass(frozen=True)
class StoryJob:
    """One story to brief: its articles renumbered A1.. in member order, duplicates as groups."""

    story_id: str
    loaded: LoadResult


@dataclass
class StoryResult:
    story_id: str
    briefing: Briefing | None
    error: str | None = None


def story_job(story: Story) -> StoryJob:
    """The story's members as a `LoadResult` for `build_briefing`."""
    import dataclasses

    renamed: list[Article] = []
    new_id: dict[str, str] = {}
    for n, (article, key) in enumerate(zip(story.members, story.keys, strict=True), 1):
        new_id[key] = f"A{n}"
        renamed.append(dataclasses.replace(article, id=f"A{n}"))
    groups: dict[str, list[str]] = {}
    for copy, original in story.duplicate_of.items():
        groups.setdefault(original, [new_id[original]]).append(new_id[copy])
    duplicates = [
        DuplicateGroup(
            ids=tuple(sorted(ids, key=lambda i: int(i[1:]))), canonical=ids[0], similarity=1.0
        )
        for ids in groups.values()
    ]
    return StoryJob(story.id, LoadResult(articles=renamed, duplicates=duplicates))


class _BoundedSession(ModelSession):
    """A session per story (its own usage counts, so each briefing's provenance is its own)
    sharing the backend, the cache and one bound on calls in flight across all stories."""

    def __init__(self, base: ModelSession, gate: threading.Semaphore) -> None:
        super().__init__(base.backend, base.cache, attempts=base.attempts)
        self._gate = gate

    def structured(
        self, prompt: RenderedPrompt, schema: Any, *, max_tokens: int | None = None
    ) -> Any:
        with self._gate:
            return super().structured(prompt, schema, max_tokens=max_tokens)

    def yes_probability(self, prompt: RenderedPrompt) -> float | None:
        with self._gate:
            return super().yes_probability(prompt)


def brief_stories(
    jobs: Sequence[StoryJob],
    session: ModelSession,
    *,
    min_support: int = 2,
    on_done: Callable[[StoryResult], None] | None = None,
) -> list[StoryResult]:
    """Brief every job; at most the profile's `concurrency` model calls in flight in all.

    A story whose briefing fails for its own reasons is a failed result and the rest go on; an
    error that would fail every call (`BackendError.fails_run`) or Ctrl-C stops all at once
    (finished stories were handed to `on_done` already)."""
    concurrency = max(1, session.backend.profile.concurrency)
    gate = threading.Semaphore(concurrency)
    results: list[StoryResult] = []

    def one(job: StoryJob) -> StoryResult:
        own = _BoundedSession(session, gate)
        try:
            return StoryResult(
                job.story_id, build_briefing(job.loaded, own, min_support=min_support)
            )
        except BackendError as exc:
            if exc.fails_run:
                raise
            return StoryResult(job.story_id, None, str(exc))

    pool = ThreadPoolExecutor(
        max_workers=min(concurrency, max(1, len(jobs))), thread_name_prefix="story"
    )
    try:
        futures: dict[Future[StoryResult], StoryJob] = {submit(pool, one, j): j for j in jobs}
        for future in as_completed(futures):
            result = future.result()
            results.append(result)
            if on_done is not None:
                on_done(result)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        session.abort()
        raise
    pool.shutdown()
    return results


def write_atomic(path: Path, text: str) -> None:
    """Whole or not at all: a Ctrl-C mid-write leaves the previous file (or none)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write output: {exc.strerror}") from exc
