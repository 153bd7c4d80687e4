"""map → verify → align → reduce (DESIGN §2). Model calls: one per article (more only for an
article longer than the context), one for the consensus, one for the framing narrative."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from summarize.align import align
from summarize.articles import Article, DuplicateGroup, LoadResult
from summarize.brief.consensus import write_consensus
from summarize.brief.framing_narrative import write_framing
from summarize.brief.model import Briefing, CitedSentence, OutletFraming, Rejected
from summarize.brief.progress import Progress
from summarize.digest import Digest, build_digest
from summarize.llm.session import ModelSession


def build_digests(loaded: LoadResult, session: ModelSession, progress: Progress) -> list[Digest]:
    articles = loaded.articles
    done = 0
    lock = threading.Lock()  # the workers count finished digests together
    progress.update(f"reading articles 0/{len(articles)}")

    def one(article: Article) -> Digest:
        nonlocal done
        digest = build_digest(article, session)
        with lock:
            done += 1
            progress.update(f"reading articles {done}/{len(articles)}")
        return digest

    workers = max(1, min(session.backend.profile.concurrency, len(articles)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, articles))


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
    comparison = compare_outlets(articles)
    # The framing narrative needs only the articles and the measures, not the digests: on a
    # backend that takes concurrent calls it runs beside them instead of after them.
    framing_pool = ThreadPoolExecutor(max_workers=1)
    framing_future = None
    if len(articles) >= 2 and session.backend.profile.concurrency > 1:
        framing_future = framing_pool.submit(write_framing, articles, comparison.facts(), session)
    try:
        digests = build_digests(loaded, session, progress)
    finally:
        framing_pool.shutdown(wait=True)
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
    canonical = {a.id: c for a in articles if (c := loaded.duplicate_of(a.id))}
    alignment = None
    consensus: list[CitedSentence] = []
    narrative: list[OutletFraming] = []
    fallback = False
    if len(articles) >= 2:
        progress.update("aligning claims")
        alignment = align(digests, canonical=canonical)
        progress.update("writing the consensus")
        consensus, rejected_consensus, fallback = write_consensus(
            alignment.shared(min_support), session
        )
        rejected += rejected_consensus
        progress.update("comparing framing")
        narrative, rejected_framing = (
            framing_future.result()
            if framing_future is not None
            else write_framing(articles, comparison.facts(), session)
        )
        rejected += rejected_framing
    progress.done()
    usage = session.usage
    briefing = Briefing(
        articles=articles,
        digests=digests,
        alignment=alignment,
        min_support=min_support,
        consensus=consensus,
        consensus_fallback=fallback,
        framing_narrative=narrative,
        framing_table=comparison.to_dict(),
        framing_markdown=comparison.to_markdown(),
        rejected=rejected,
        duplicates=[_group(g) for g in loaded.duplicates],
        canonical=canonical,
        problems=[str(p) for p in loaded.problems],
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
