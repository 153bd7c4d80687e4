"""One `summarize stories` run, step by step: gather → cluster → index → brief → index.

The index is written before the first model call (every story `pending`) and again after the
last, also when interrupted; each briefing is written the moment it is done. A re-run into the
same folder reads the earlier index: story ids and member order carry over, and a story whose
members did not change keeps its briefing files without a call.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarize.articles import Article, DuplicateGroup
from summarize.articles.dedupe import find_duplicates
from summarize.errors import InputError
from summarize.llm.session import ModelSession
from summarize.render.formats import FORMAT_NAMES, FORMATS
from summarize.settings import StorySettings
from summarize.stories.briefings import (
    StoryJob,
    StoryResult,
    brief_stories,
    story_job,
    write_atomic,
)
from summarize.stories.build import build_stories
from summarize.stories.fetch import Fetcher, FetchSettings
from summarize.stories.group import group_articles
from summarize.stories.index import INDEX_NAMES, index_dict, previous_members
from summarize.stories.inputs import Gathered, GatherOptions, gather
from summarize.stories.outpaths import STORIES_FOLDER, inside_output, story_relative
from summarize.stories.story import Story
from summarize.text.controls import say

if TYPE_CHECKING:
    from summarize.llm.batch import BatchReport

# Called with the jobs and the session before the briefings run: where `--batch` prefills the
# response cache for the digest stage (summarize/llm/batch.py).
Prepare = Callable[[Sequence[StoryJob], ModelSession], None]


def output_folder(path: Path) -> Path:
    """The output folder, created if missing; a file there is refused before any work."""
    if path.exists() and not path.is_dir():
        raise InputError(f"{path}: cannot write stories: not a folder")
    try:
        (path / STORIES_FOLDER).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{path}: cannot write stories: {exc.strerror}") from exc
    return path


class StoriesRun:
    def __init__(
        self,
        folder: Path,
        *,
        settings: StorySettings,
        formats: Sequence[str],
        min_support: int = 2,
        quiet: bool = False,
        stream: Any = None,
    ) -> None:
        self.folder = folder
        self.settings = settings
        self.formats = list(formats)
        self.min_support = min_support
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.gathered = Gathered()
        self.duplicates: list[DuplicateGroup] = []
        self.stories: list[Story] = []
        self.fetch_counts = {"fetched": 0, "from_cache": 0}
        self.seconds: dict[str, float] = {}
        self.usage: dict[str, int] = {"calls": 0, "cache_hits": 0}
        # tokens of the calls answered live (briefings' own provenance), for the cost estimate
        self.tokens = {"prompt_tokens": 0, "completion_tokens": 0, "cached_prompt_tokens": 0}
        self.model: str | None = None  # the backend's model, once a session is open
        self.batch: BatchReport | None = None

    def say(self, line: str) -> None:
        say(line, self.stream)

    def gather(
        self,
        inputs: Sequence[str],
        *,
        fetch: bool = True,
        fetch_links: bool = True,
        pages_dir: Path | None = None,
        timeout: float = 20.0,
        max_bytes: int = 5_000_000,
        max_chars: int = 200_000,
        allow_outside: bool = False,
        allow_private_hosts: bool = False,
        max_feed_pages: int = 100,
    ) -> None:
        started = time.monotonic()
        fetcher = None
        if fetch:
            fetcher = Fetcher(pages_dir, FetchSettings(timeout=timeout, max_bytes=max_bytes))
        options = GatherOptions(
            max_chars=max_chars,
            allow_outside=allow_outside,
            fetch_links=fetch_links,
            allow_private_hosts=allow_private_hosts,
            max_feed_pages=max_feed_pages,
            max_feed_bytes=max_bytes,
        )
        try:
            self.gathered = gather(inputs, fetcher, options)
        finally:
            if fetcher is not None:
                fetcher.close()
        if fetcher is not None:
            self.fetch_counts = {"fetched": fetcher.fetched, "from_cache": fetcher.cached}
        for problem in self.gathered.problems:
            self.say(f"skipped {problem}")
        if not self.gathered.articles:
            first = "; ".join(self.gathered.problems[:3])
            raise InputError("no usable articles in the input" + (f" ({first})" if first else ""))
        undated = [a for a in self.gathered.articles if not a.published]
        for article in undated[:20]:
            self.say(f"{article.source}: no published date; clustered by content alone")
        if len(undated) > 20:
            self.say(f"... and {len(undated) - 20} more articles without a published date")
        self.seconds["gather"] = round(time.monotonic() - started, 3)

    def cluster(self) -> None:
        started = time.monotonic()
        articles = self.gathered.articles
        self.duplicates = find_duplicates(articles)
        grouping = group_articles(articles, self.settings, duplicates=self.duplicates)
        members, self._previous, ignored = previous_members(self.folder)
        for line in ignored:
            self.say(f"warning: {INDEX_NAMES['json']} in {self.folder}: {line}")
        self.stories = build_stories(articles, grouping, self.duplicates, self.settings, members)
        for story in self.stories:
            if not story.briefable:
                story.status = "single-outlet"
            else:
                files = self._unchanged(story)
                if files:
                    story.status = self._previous[story.id]["status"]
                    story.files = files
        self.seconds["cluster"] = round(time.monotonic() - started, 3)

    def _unchanged(self, story: Story) -> dict[str, str]:
        """The files of a story briefed before with the same members in the same order, when
        every format asked for is still there; else {}. Only the paths this tool writes
        (`stories/ID.FORMAT`, regular files inside the folder) are taken from the old index:
        it is a file in the output folder, not a source of links."""
        old = self._previous.get(story.id)
        if not old or old.get("status") not in ("briefed", "partial"):
            return {}
        if [m.get("key") for m in old.get("members") or [] if isinstance(m, dict)] != story.keys:
            return {}
        listed = old.get("briefing")
        if not isinstance(listed, dict):
            return {}
        files: dict[str, str] = {}
        for fmt in FORMAT_NAMES:
            relative = story_relative(story.id, fmt)
            if listed.get(fmt) != relative:
                continue
            try:
                path = inside_output(self.folder, relative)
            except InputError:
                continue
            if path.is_file() and not path.is_symlink():
                files[fmt] = relative
        return files if all(fmt in files for fmt in self.formats) else {}

    def write_index(self) -> None:
        provenance = {
            "seconds": self.seconds,
            "fetch": self.fetch_counts,
            **self.usage,
        }
        if self.batch is not None:
            provenance["batch"] = self.batch.to_dict()
        if self.model is not None or self.batch is not None:
            provenance["cost"] = run_cost(self.model, self.tokens, self.batch)
        data = index_dict(
            self.stories,
            settings=self.settings,
            problems=self.gathered.problems,
            provenance=provenance,
        )
        for fmt, name in INDEX_NAMES.items():  # json, md, html
            write_atomic(self.folder / name, FORMATS[fmt].stories_index(self.stories, data))

    def jobs(self) -> list[StoryJob]:
        """The stories still to brief, as jobs (the `--batch` hook's input)."""
        return [story_job(s) for s in self.stories if s.status == "pending"]

    def brief(
        self,
        open_session: Callable[[], ModelSession] | None,
        *,
        prepare: Prepare | None = None,
    ) -> dict[str, int]:
        """Brief the pending stories (none with `open_session=None`: index only)."""
        reused = sum(1 for s in self.stories if s.files)
        pending = self.jobs()
        if open_session is None:
            for story in self.stories:
                if story.status == "pending":
                    story.status = "index-only"
            pending = []
        self.write_index()
        if pending and open_session is not None:
            started = time.monotonic()
            by_id = {s.id: s for s in self.stories}
            session = open_session()
            self.model = session.backend.profile.model
            try:
                if prepare is not None:
                    prepare(pending, session)
                brief_stories(
                    pending,
                    session,
                    min_support=self.min_support,
                    on_done=lambda result: self._done(by_id[result.story_id], result),
                )
            finally:
                self.seconds["brief"] = round(time.monotonic() - started, 3)
                self.write_index()
        return {
            "articles": len(self.gathered.articles),
            "stories": len(self.stories),
            "briefed": sum(1 for s in self.stories if s.files),
            "reused": reused,
            "failed": sum(1 for s in self.stories if s.status == "failed"),
            "partial": sum(1 for s in self.stories if s.status == "partial"),
            **self.usage,
        }

    def _done(self, story: Story, result: StoryResult) -> None:
        if result.briefing is None:
            story.status, story.detail = "failed", result.error
            self.say(f"story {story.id} failed: {result.error}")
            return
        briefing = result.briefing
        files: dict[str, str] = {}
        for fmt in self.formats:
            relative = story_relative(story.id, fmt)
            write_atomic(inside_output(self.folder, relative), FORMATS[fmt].briefing(briefing))
            files[fmt] = relative
        story.files = files
        story.status = "partial" if briefing.partial else "briefed"
        story.detail = "; ".join(str(f) for f in briefing.failures) or None
        for name in ("calls", "cache_hits"):
            value = briefing.provenance.get(name)
            if isinstance(value, int):
                self.usage[name] += value
        for name in self.tokens:
            value = briefing.provenance.get(name)
            if isinstance(value, int):
                self.tokens[name] += value
        if story.detail:
            self.say(f"story {story.id}: partial briefing: {story.detail}")

    # --- the digest stage as one batch (`--batch`, `--batch-export`, `--batch-import`) ----------

    def batch_digests(
        self,
        *,
        results: Path | None = None,
        progress: Callable[[str], None] | None = None,
        **wait: Any,
    ) -> Prepare:
        """The `prepare` hook that fills the cache with every pending story's digests before
        the briefings run: through the Batch API, or from an offline server's `results` file.
        `wait` goes to `prefill_stage` (polling, sleep, clock)."""

        def prepare(jobs: Sequence[StoryJob], session: ModelSession) -> None:
            from summarize.digest import DIGEST_STAGE
            from summarize.llm.batch_stages import import_stage_results, prefill_stage

            articles = job_articles(jobs)
            if results is not None:
                self.batch = import_stage_results(DIGEST_STAGE, articles, session, results)
            else:
                self.batch = prefill_stage(
                    DIGEST_STAGE, articles, session, mode="api", progress=progress, **wait
                )
            self.write_index()  # the batch is on record before the first live call

        return prepare

    def export_digests(self, open_session: Callable[[], ModelSession], out: Path) -> BatchReport:
        """Write the pending stories' digest requests to `out` (Batch API input format, e.g.
        for `vllm run-batch`) and brief nothing: the stories stay `pending` in the index."""
        from summarize.digest import DIGEST_STAGE
        from summarize.llm.batch_stages import prefill_stage

        self.write_index()
        session = open_session()
        self.model = session.backend.profile.model
        try:
            self.batch = prefill_stage(
                DIGEST_STAGE, job_articles(self.jobs()), session, mode="export", out=out
            )
        finally:
            self.write_index()
        return self.batch


def job_articles(jobs: Sequence[StoryJob]) -> list[Article]:
    """Every article a briefing will digest (each story's own A1.. numbering: the digest
    prompt names the id, so these are the requests the briefings will make)."""
    return [article for job in jobs for article in job.loaded.articles]


def run_cost(model: str | None, live: dict[str, int], batch: BatchReport | None) -> dict[str, Any]:
    """What the run's tokens cost: the calls made live at live prices, the batched stage at
    batch prices beside what it would have cost live. An ESTIMATE from the dated price table
    (summarize/llm/data/prices.json), never a bill; unpriced models (local servers) get None."""
    from summarize.llm.prices import cost_provenance, price_table

    table = price_table()
    live_calls = cost_provenance(model, **live)
    batched = batch.cost() if batch is not None else None
    priced = live_calls["priced"] or bool(batched and batched["priced"])
    this_run = all_live = None
    if priced:
        this_run = (live_calls["live_usd"] or 0.0) + ((batched or {}).get("batch_usd") or 0.0)
        all_live = (live_calls["live_usd"] or 0.0) + ((batched or {}).get("live_usd") or 0.0)
    return {
        "estimate": True,
        "about": (
            f"US dollars estimated from the price table as of {table.as_of} "
            f"(summarize/llm/data/prices.json{'' if table.verified else ', not verified'}): "
            "an estimate, not a bill"
        ),
        "model": model,
        "prices_as_of": table.as_of,
        "prices_source": table.source,
        "prices_verified": table.verified,
        "live_calls": live_calls,
        "batch": batched,
        "this_run_usd": None if this_run is None else round(this_run, 6),
        "all_live_usd": None if all_live is None else round(all_live, 6),
    }
