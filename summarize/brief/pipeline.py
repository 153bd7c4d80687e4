"""map → verify → align → reduce (DESIGN §2). Model calls: one per article (more only for an
article longer than the context), one for the consensus, one for the framing narrative.

A call that fails for its own part costs only that part: an article whose digest fails is
listed as failed and the rest is briefed; a failed consensus call lists the agreed facts; a
failed framing call leaves the measured table. An error that would fail every call (refused
key, nothing answering; `BackendError.fails_run`) aborts at once. Neither an abort nor Ctrl-C
waits for the calls still in flight: the pools are shut down without joining them."""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from typing import Any

from summarize.align import align_articles
from summarize.articles import DuplicateGroup, LoadResult
from summarize.brief.consensus import fact_listing, story_headline, write_consensus
from summarize.brief.framing_narrative import write_framing
from summarize.brief.matrix import fact_matrix
from summarize.brief.model import (
    Briefing,
    CitedSentence,
    Failure,
    Headline,
    OutletFraming,
    Rejected,
)
from summarize.brief.progress import Progress
from summarize.brief.story import what_happened
from summarize.digest import Digest, build_digest
from summarize.errors import BackendError
from summarize.llm.session import ModelSession


def build_digests(
    loaded: LoadResult, session: ModelSession, progress: Progress
) -> tuple[list[Digest], list[Failure]]:
    """The digests that succeeded, in article order, and a failure for each article whose
    digest the backend could not produce."""
    articles = loaded.articles
    progress.update(f"reading articles 0/{len(articles)}")
    workers = max(1, min(session.backend.profile.concurrency, len(articles)))
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="digest")
    results: dict[int, Digest | Failure] = {}
    try:
        futures: dict[Future[Digest], int] = {
            pool.submit(build_digest, a, session): k for k, a in enumerate(articles)
        }
        for future in as_completed(futures):
            k = futures[future]
            try:
                results[k] = future.result()
            except BackendError as exc:
                if exc.fails_run:
                    raise
                results[k] = Failure("digest", str(exc), articles[k].id, articles[k].source)
            progress.update(f"reading articles {len(results)}/{len(articles)}")
    except BaseException:
        # Ctrl-C or a run-wide failure: a call in flight may take minutes; finished ones are
        # already in the cache.
        pool.shutdown(wait=False, cancel_futures=True)
        session.abort()  # the calls in flight end within moments
        raise
    pool.shutdown()
    ordered = [results[k] for k in range(len(articles))]
    return (
        [r for r in ordered if isinstance(r, Digest)],
        [r for r in ordered if isinstance(r, Failure)],
    )


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
) -> Briefing:
    from summarize.framing import compare_outlets

    progress = progress or Progress(enabled=False)
    started = time.monotonic()
    articles = loaded.articles
    # One alignment of every article serves the framing contrasts and, when the digests add no
    # units (no verified model claims, nothing failed), the briefing too: aligned once, not twice.
    first_alignment = None
    if len(articles) >= 2:
        every = briefed_canonical(loaded, {a.id for a in articles})
        first_alignment = align_articles(articles, canonical=every)
    comparison = compare_outlets(articles, first_alignment)  # measured: needs no model
    # The framing narrative needs only the articles and the measures, not the digests: on a
    # backend that takes concurrent calls it runs beside them instead of after them.
    framing_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="framing")
    framing_future = None
    # A model too small to compare framing repeats one template per outlet: its profile says
    # so, and the measured table (no model) is the framing section.
    narrate = len(articles) >= 2 and session.backend.profile.framing_narrative
    try:
        if narrate and session.backend.profile.concurrency > 1:
            framing_future = framing_pool.submit(write_framing, articles, comparison, session)
        digests, failures = build_digests(loaded, session, progress)
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
                alignment = align_articles(briefed, digests, canonical=canonical)
            progress.update("writing the consensus")
            shared = alignment.shared(min_support)
            try:
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
                else write_framing(articles, comparison, session)
            )
            rejected += rejected_framing
            failures += framing_failures
    except BaseException:
        framing_pool.shutdown(wait=False, cancel_futures=True)
        session.abort()  # the calls in flight end within moments
        raise
    framing_pool.shutdown()
    progress.done()
    usage = session.usage
    briefing = Briefing(
        what_happened=what_happened(briefed, alignment, canonical),
        matrix=fact_matrix(alignment, briefed, canonical),
        articles=briefed,
        digests=digests,
        alignment=alignment,
        min_support=min_support,
        consensus=consensus,
        consensus_fallback=fallback,
        headline=headline,
        framing_narrative=narrative,
        framing_table=comparison.to_dict(),
        framing_markdown=comparison.to_markdown(),
        rejected=rejected,
        duplicates=[_group(g) for g in loaded.duplicates],
        canonical=canonical,
        problems=[str(p) for p in loaded.problems],
        failures=failures,
    )
    briefing.provenance = {
        "backend": session.backend.identity,
        "wall_seconds": round(time.monotonic() - started, 2),
        **usage.to_dict(),
    }
    return briefing


def _group(group: DuplicateGroup) -> dict[str, Any]:
    return {
        "ids": list(group.ids),
        "canonical": group.canonical,
        "similarity": round(float(group.similarity), 3),
    }
