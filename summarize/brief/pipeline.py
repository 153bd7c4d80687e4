"""map → verify → align → reduce (DESIGN §2). Model calls: one per article (more only for an
article longer than the context), one for the consensus, one for the framing narrative.

A call that fails for its own part costs only that part: an article whose digest fails is
listed as failed and the rest is briefed; a failed consensus call lists the agreed facts; a
failed framing call leaves the measured table. An error that would fail every call (refused
key, nothing answering; `BackendError.fails_run`) aborts at once. Neither an abort nor Ctrl-C
waits for the calls still in flight: the pools are shut down without joining them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from summarize.align import align_articles
from summarize.articles import DuplicateGroup, LoadResult
from summarize.brief.briefing import (
    Briefing,
    CitedSentence,
    Failure,
    Headline,
    OutletFraming,
    Rejected,
)
from summarize.brief.consensus import fact_listing, story_headline, write_consensus
from summarize.brief.findings import find
from summarize.brief.framing_narrative import write_framing
from summarize.brief.matrix import fact_matrix
from summarize.brief.progress import Progress
from summarize.brief.what_happened import what_happened
from summarize.digest import Digest, build_digest
from summarize.errors import BackendError
from summarize.llm.parallel import map_calls
from summarize.llm.session import ModelSession
from summarize.settings import Settings, submit, using
from summarize.text.quote_finder import attribution

P = ParamSpec("P")
R = TypeVar("R")


def build_digests(
    loaded: LoadResult, session: ModelSession, progress: Progress
) -> tuple[list[Digest], list[Failure]]:
    """The digests that succeeded, in article order, and a failure for each article whose
    digest the backend could not produce. As many run at once as the profile takes."""
    articles = loaded.articles
    progress.update(f"reading articles 0/{len(articles)}")
    results = map_calls(
        session,
        lambda a: build_digest(a, session),
        articles,
        on_done=lambda n: progress.update(f"reading articles {n}/{len(articles)}"),
        name="digest",
    )
    digests = [r for r in results if isinstance(r, Digest)]
    failures = [
        Failure("digest", str(r), a.id, a.source)
        for a, r in zip(articles, results, strict=True)
        if isinstance(r, BackendError)
    ]
    return digests, failures


def briefed_canonical(loaded: LoadResult, briefed: set[str]) -> dict[str, str]:
    """Near-duplicate id -> the id it counts as, among the briefed articles: when a group's
    canonical article failed, its first briefed member stands in for it."""
    canonical: dict[str, str] = {}
    for group in loaded.duplicates:
        members = [i for i in group.ids if i in briefed]
        if len(members) < 2:
            continue
        keep = group.canonical if group.canonical in briefed else members[0]
        canonical.update({i: keep for i in members if i != keep})
    return canonical


def build_briefing(
    loaded: LoadResult,
    session: ModelSession,
    *,
    min_support: int = 2,
    progress: Progress | None = None,
    settings: Settings | None = None,
) -> Briefing:
    if settings is not None:  # the API's per-run settings (the CLI activates its own)
        with using(settings):
            return build_briefing(loaded, session, min_support=min_support, progress=progress)
    from summarize.framing import compare_outlets

    progress = progress or Progress(enabled=False)
    started = time.monotonic()
    clock = StageClock()
    articles = loaded.articles
    # The digests start first: the model loads and answers while the alignment and the framing
    # measures (spaCy's load and parse) run here, beside them, instead of before them.
    pools = [
        ThreadPoolExecutor(max_workers=1, thread_name_prefix=n) for n in ("digests", "framing")
    ]
    digest_pool, framing_pool = pools
    try:
        digests_future = submit(
            digest_pool, clock.timed("digests", build_digests), loaded, session, progress
        )
        # One alignment of every article serves the framing contrasts and, when the digests add
        # no units (no verified model claims, nothing failed), the briefing too: aligned once.
        first_alignment = None
        if len(articles) >= 2:
            every = briefed_canonical(loaded, {a.id for a in articles})
            with clock("alignment"):
                first_alignment = align_articles(articles, canonical=every)
        with clock("framing measures"):
            comparison = compare_outlets(articles, first_alignment)  # measured: needs no model
        # The framing narrative needs only the articles and the measures, not the digests: on a
        # backend that takes concurrent calls it runs beside them instead of after them.
        framing_future = None
        # A model too small to compare framing repeats one template per outlet: its profile
        # says so, and the measured table (no model) is the framing section.
        narrate = len(articles) >= 2 and session.backend.profile.framing_narrative
        if narrate and session.backend.profile.concurrency > 1:
            framing_future = submit(
                framing_pool, clock.timed("framing", write_framing), articles, comparison, session
            )
        digests, failures = digests_future.result()
        if not digests:
            raise BackendError(
                f"no article could be briefed ({len(failures)} digest(s) failed); "
                f"first: {failures[0]}"
            )
        briefed = [d.article for d in digests]
        rejected = [
            Rejected("claim", c.text, c.reason, d.article.id)
            for d in digests
            for c in d.unverified_claims
        ]
        rejected += [
            Rejected("actor", n, "not named in the article", d.article.id)
            for d in digests
            for n in d.dropped_actors
        ]
        canonical = briefed_canonical(loaded, {a.id for a in briefed})
        alignment = None
        consensus: list[CitedSentence] = []
        narrative: list[OutletFraming] = []
        fallback = False
        headline: Headline | None = None
        if len(briefed) >= 2:
            progress.update("aligning sentences")
            # every sentence of every briefed article; verified model claims as extra units
            claims = any(c.verified for d in digests for c in d.claims)
            if first_alignment is not None and len(briefed) == len(articles) and not claims:
                alignment = first_alignment
            else:
                with clock("alignment"):
                    alignment = align_articles(briefed, digests, canonical=canonical)
            progress.update("writing the consensus")
            shared = alignment.shared(min_support)
            try:
                with clock("consensus"):
                    consensus, rejected_consensus, fallback = write_consensus(
                        shared, briefed, session, canonical
                    )
                rejected += rejected_consensus
            except BackendError as exc:
                if exc.fails_run:
                    raise
                consensus, fallback = fact_listing(shared, briefed), True
                failures.append(Failure("consensus", str(exc)))
            headline = story_headline(briefed, consensus, shared)
        if narrate:
            progress.update("comparing framing")
            narrative, rejected_framing, framing_failures = (
                framing_future.result()
                if framing_future is not None
                else clock.timed("framing", write_framing)(articles, comparison, session)
            )
            rejected += rejected_framing
            failures += framing_failures
    except BaseException:
        for pool in pools:
            pool.shutdown(wait=False, cancel_futures=True)
        session.abort()  # the calls in flight end within moments
        raise
    for pool in pools:
        pool.shutdown()
    progress.done()
    # code only: what happened, who reports what, and the findings every output lists
    with clock("story and matrix"):
        story = what_happened(briefed, alignment, canonical)
        matrix = fact_matrix(alignment, briefed, canonical)
        findings = find(briefed, alignment, canonical, min_support)
    usage = session.usage
    provenance = {
        "backend": session.backend.identity,
        "speakers": attribution(),  # which speaker attribution ran: "spacy" or "rules"
        "wall_seconds": round(time.monotonic() - started, 2),
        **usage.to_dict(),
        "stage_seconds": clock.seconds(session),
    }
    briefing = Briefing(
        what_happened=story,
        matrix=matrix,
        articles=briefed,
        digests=digests,
        alignment=alignment,
        min_support=min_support,
        consensus=consensus,
        consensus_fallback=fallback,
        headline=headline,
        framing_narrative=narrative,
        framing=comparison,
        rejected=rejected,
        duplicates=[_group(g) for g in loaded.duplicates],
        canonical=canonical,
        problems=[str(p) for p in loaded.problems],
        findings=findings,
        failures=failures,
        provenance=provenance,
    )
    return briefing


class StageClock:
    """Wall seconds per stage of a briefing (stages that run beside each other overlap; a stage
    met twice, like the alignment, adds up). Thread-safe: stages run in threads."""

    def __init__(self) -> None:
        self._seconds: dict[str, float] = {}
        self._lock = threading.Lock()

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        began = time.monotonic()
        try:
            yield
        finally:
            with self._lock:
                self._seconds[stage] = self._seconds.get(stage, 0.0) + time.monotonic() - began

    def timed(self, stage: str, fn: Callable[P, R]) -> Callable[P, R]:
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            with self(stage):
                return fn(*args, **kwargs)

        return run

    def seconds(self, session: ModelSession) -> dict[str, float]:
        """The stages, and the embedded model's load when this run started it (inside the
        first call: part of the digests' time)."""
        with self._lock:
            out = {k: round(v, 2) for k, v in self._seconds.items()}
        if session.backend.start_seconds is not None:
            out["model load"] = round(session.backend.start_seconds, 2)
        return out


def _group(group: DuplicateGroup) -> dict[str, Any]:
    return {
        "ids": list(group.ids),
        "canonical": group.canonical,
        "similarity": round(float(group.similarity), 3),
    }
