"""Scale: briefings of 2 … 100 SYNTHETIC articles against a SYNTHETIC OpenAI-compatible server
that answers every request after a fixed delay. Shows how calls, tokens and wall time grow with
the number of articles, sequential (concurrency 1) vs concurrent (concurrency 8).

    python bench/scale.py [--delay 1.0] [--sizes 2,5,10,20,50,100] [--concurrency 8]
    python bench/scale.py --align [--sizes 100,400,1000]   # alignment alone, no server
    python bench/scale.py --framing [--sizes 500,1000,2000]  # `summarize framing`, no server

No model and no real articles: the server builds schema-valid answers from the prompt (the
digest cites S1, which verifies), so the numbers show the pipeline's shape, not model speed.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import distinct_articles, synthetic_articles, write_report
from summarize.brief import build_briefing
from summarize.llm.cache import ResponseCache
from summarize.llm.client import open_backend
from summarize.llm.profiles import BackendProfile
from summarize.llm.session import ModelSession
from summarize.render.framing_md import comparison_markdown
from tests.fake_servers import synthetic_server

COLUMNS = [
    "articles",
    "mode",
    "calls",
    "calls − articles",
    "prompt tokens",
    "completion tokens",
    "article tokens",
    "prompt ÷ article tokens",
    "wall s",
    "cached re-run s",
    "max in flight",
]


def run_briefing(base_url: str, n: int, concurrency: int, cache_dir: Path | None) -> dict[str, Any]:
    """One briefing of `n` synthetic articles; usage and wall time."""
    profile = BackendProfile(
        "synthetic",
        "server",
        base_url=base_url,
        model="synthetic",
        concurrency=concurrency,
        timeout=60.0,
    )
    backend = open_backend(profile, max_retries=0)
    cache = ResponseCache(cache_dir) if cache_dir else None
    session = ModelSession(backend, cache)
    loaded = synthetic_articles(n)
    started = time.monotonic()
    briefing = build_briefing(loaded, session)
    wall = time.monotonic() - started
    if cache:
        cache.close()
    article_tokens = sum(backend.counter.count(f"{a.title}\n{a.text}") for a in loaded.articles)
    u = session.usage
    return {
        "articles": n,
        "calls": u.calls,
        "cache_hits": u.cache_hits,
        "prompt_tokens": u.prompt_tokens,
        "completion_tokens": u.completion_tokens,
        "truncated": u.truncated,
        "article_tokens": article_tokens,
        "wall": wall,
        "consensus_sentences": len(briefing.consensus),
    }


def measure(sizes: list[int], delay: float, concurrency: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with synthetic_server(delay, max_requests=20 * sum(sizes) + 100) as (url, stats):
        for n in sizes:
            for mode, k in (("sequential", 1), (f"concurrent ({concurrency})", concurrency)):
                stats.max_in_flight = 0
                with tempfile.TemporaryDirectory(prefix="summarize-bench-") as tmp:
                    cold = run_briefing(url, n, k, Path(tmp))
                    in_flight = stats.max_in_flight
                    warm = run_briefing(url, n, k, Path(tmp))
                rows.append(
                    {
                        "articles": n,
                        "mode": mode,
                        "calls": cold["calls"],
                        "calls − articles": cold["calls"] - n,
                        "prompt tokens": cold["prompt_tokens"],
                        "completion tokens": cold["completion_tokens"],
                        "article tokens": cold["article_tokens"],
                        "prompt ÷ article tokens": round(
                            cold["prompt_tokens"] / cold["article_tokens"], 2
                        ),
                        "wall s": round(cold["wall"], 2),
                        "cached re-run s": round(warm["wall"], 3),
                        "cached re-run calls": warm["calls"],
                        "max in flight": in_flight,
                        "truncated": cold["truncated"],
                    }
                )
                print(
                    f"scale: {n} articles, {mode}: {rows[-1]['wall s']} s",
                    file=sys.stderr,
                    flush=True,
                )
    return rows


def align_times(sizes: list[int]) -> list[dict[str, Any]]:
    """`align_articles` alone on `n` SYNTHETIC articles: wall time, units, candidate pairs."""
    from summarize.align import align_articles
    from summarize.align.details import unique_details

    rows: list[dict[str, Any]] = []
    for n in sizes:
        articles = synthetic_articles(n).articles
        started = time.monotonic()
        alignment = align_articles(articles)
        aligned = time.monotonic() - started
        singles = len(alignment.single_source())
        omitted = sum(len(v) for v in alignment.omissions([a.id for a in articles], 2).values())
        total = time.monotonic() - started
        started = time.monotonic()
        named = sum(len(v) for v in unique_details(articles).values())
        named_s = time.monotonic() - started
        rows.append(
            {
                "articles": n,
                "sentences": sum(len(a.sentences) for a in articles),
                "clusters": len(alignment.clusters),
                "largest support": max((c.support for c in alignment.clusters), default=0),
                "candidate pairs": alignment.candidate_pairs,
                "single-source": singles,
                "omissions": omitted,
                "align s": round(aligned, 2),
                "with presence s": round(total, 2),
                "named-only sentences": named,
                "named-only s": round(named_s, 2),
            }
        )
        print(f"align: {n} articles: {rows[-1]['with presence s']} s", file=sys.stderr, flush=True)
    return rows


def framing_times(sizes: list[int]) -> list[dict[str, Any]]:
    """`summarize framing`'s work (compare_outlets and the Markdown) on `n` SYNTHETIC short
    articles that share no fact: each stage's wall time and the peak memory so far."""
    import resource

    from summarize.align import align_articles
    from summarize.framing.analyze import analyze_article
    from summarize.framing.compare import FramingComparison, shared_actors
    from summarize.framing.contrast import compute_contrasts
    from summarize.settings import current
    from summarize.text.quote_finder import attribution

    rows: list[dict[str, Any]] = []
    for n in sizes:
        articles = distinct_articles(n).articles
        t0 = time.monotonic()
        actors = shared_actors(articles)
        framings = [analyze_article(a, actors) for a in articles]
        t1 = time.monotonic()
        aligned = n <= current().framing.align_limit  # as compare_outlets
        alignment = align_articles(articles) if aligned else None
        t2 = time.monotonic()
        contrasts = compute_contrasts(articles, framings, alignment)
        t3 = time.monotonic()
        comparison_markdown(FramingComparison(framings, actors, contrasts))
        t4 = time.monotonic()
        rows.append(
            {
                "articles": n,
                "speakers": attribution(),
                "per-article measures s": round(t1 - t0, 1),
                "alignment s": round(t2 - t1, 1) if alignment is not None else "not aligned",
                "contrasts s": round(t3 - t2, 1),
                "markdown s": round(t4 - t3, 1),
                "total s": round(t4 - t0, 1),
                "ms per article": round(1000 * (t4 - t0) / n, 1),
                "peak RSS MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            }
        )
        print(f"framing: {rows[-1]}", file=sys.stderr, flush=True)
    return rows


FRAMING_COLUMNS = [
    "articles",
    "speakers",
    "per-article measures s",
    "alignment s",
    "contrasts s",
    "markdown s",
    "total s",
    "ms per article",
    "peak RSS MB",
]


ALIGN_COLUMNS = [
    "articles",
    "sentences",
    "clusters",
    "largest support",
    "candidate pairs",
    "single-source",
    "omissions",
    "align s",
    "with presence s",
    "named-only sentences",
    "named-only s",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delay", type=float, default=1.0, help="seconds per synthetic answer")
    parser.add_argument("--sizes", help="default 2,5,10,20,50,100; with --align 100,400,1000")
    parser.add_argument(
        "--align", action="store_true", help="time align_articles alone (target: 1,000 in < 60 s)"
    )
    parser.add_argument(
        "--framing", action="store_true", help="time `summarize framing`'s work alone, no server"
    )
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--name", default="scale", help="output name under bench/out/")
    args = parser.parse_args(argv)
    sizes = [
        int(s)
        for s in (
            args.sizes
            or (
                "100,400,1000"
                if args.align
                else "500,1000,2000"
                if args.framing
                else "2,5,10,20,50,100"
            )
        ).split(",")
    ]
    command = "python bench/scale.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    if args.framing:
        write_report(
            "scale_framing" if args.name == "scale" else args.name,
            "Scale: `summarize framing` on SYNTHETIC articles that share no fact",
            command.strip(),
            FRAMING_COLUMNS,
            framing_times(sizes),
            notes=[
                "SYNTHETIC: made-up articles of 4 sentences (pseudo-word names, places and "
                "things in an English frame; one sentence in four a quotation), all distinct.",
                "speakers: spacy when the `nlp` extra is installed, else rules "
                "(SUMMARIZE_SPEAKERS=rules forces the rules).",
                "The sizes run one after another in one process; peak RSS is the process's "
                "peak so far. Over framing.align_limit (1,000) articles framing does not align "
                "facts across them (as `summarize framing`, which warns).",
            ],
            meta={},
        )
        return 0
    if args.align:
        write_report(
            "scale_align" if args.name == "scale" else args.name,
            "Scale: align_articles on SYNTHETIC articles",
            command.strip(),
            ALIGN_COLUMNS,
            align_times(sizes),
            notes=[
                "SYNTHETIC: made-up articles of 12 sentences; each opens with the same fact.",
                "align s: align_articles (units, index, pairs, clusters, conflicts); with "
                "presence s: plus single_source() and omissions() over every article; "
                "named-only s: align.details.unique_details (names only one article mentions).",
            ],
            meta={},
        )
        return 0
    rows = measure(sizes, args.delay, args.concurrency)
    title = f"Scale: SYNTHETIC server, {args.delay:g} s per answer"
    write_report(
        args.name,
        title,
        command.strip(),
        COLUMNS,
        rows,
        notes=[
            "SYNTHETIC: made-up articles and a local server that sleeps a fixed delay "
            "and builds its answers from the prompt; tokens are its chars/4 estimate.",
            "cached re-run: the same briefing again with the same response cache.",
        ],
        meta={"delay": args.delay, "concurrency": args.concurrency},
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
