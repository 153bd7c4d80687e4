"""`summarize stories PATH_OR_URL...`: a day of news into stories, one briefing per story that
at least two outlets carry, and an index of them all."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from summarize.commands.articles_args import DEFAULT_MAX_CHARS
from summarize.commands.model_args import add_backend_arguments, open_session

DEFAULT_FORMATS = "md,json"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "stories",
        help="cluster many articles (files, folders, RSS/Atom feeds, URLs) into stories; brief "
        "each story with 2+ outlets; write an index with lean coverage and blind spots",
        epilog="Bad inputs (a feed that is not XML, a URL that times out or is not HTML) are one "
        "line each on stderr and listed in the index; the rest is processed. Re-running into "
        "the same folder keeps story ids, re-uses finished briefings and cached model calls.",
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH_OR_URL",
        help="article files, folders, manifests, RSS/Atom feed files, feed or article URLs",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("stories"),
        metavar="DIR",
        help="output folder (default ./stories): index.{md,json,html} and stories/ID.FORMAT",
    )
    parser.add_argument(
        "--format",
        default=DEFAULT_FORMATS,
        metavar="LIST",
        help=f"briefing formats, comma-separated from md,json,html (default {DEFAULT_FORMATS})",
    )
    parser.add_argument(
        "--index-only",
        action="store_true",
        help="cluster and write the index only: no model call at all",
    )
    parser.add_argument(
        "--min-outlets",
        type=int,
        metavar="N",
        help="distinct outlets a story needs to be briefed (default 2)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a clustering setting (see docs/STORIES.md), e.g. --set join_threshold=0.12",
    )
    parser.add_argument(
        "--min-support",
        type=int,
        default=2,
        metavar="N",
        help="articles that must carry a fact for it to be consensus (default 2)",
    )
    fetch = parser.add_argument_group("fetching")
    fetch.add_argument("--no-fetch", action="store_true", help="fetch no URL (URLs are skipped)")
    fetch.add_argument(
        "--feed-text",
        action="store_true",
        help="use a feed entry's own text instead of fetching its page",
    )
    fetch.add_argument(
        "--pages-dir",
        type=Path,
        help="cache of fetched pages (default: user cache dir; also $SUMMARIZE_PAGES_DIR)",
    )
    fetch.add_argument(
        "--fetch-timeout",
        type=float,
        default=20.0,
        metavar="SECONDS",
        help="overall deadline of one URL (default 20)",
    )
    fetch.add_argument(
        "--max-page-bytes",
        type=int,
        default=5_000_000,
        metavar="N",
        help="refuse a fetched body larger than N bytes (default 5,000,000)",
    )
    parser.add_argument(
        "--max-chars",
        type=int,
        default=DEFAULT_MAX_CHARS,
        metavar="N",
        help=f"refuse an article longer than N characters (default {DEFAULT_MAX_CHARS:,})",
    )
    parser.add_argument(
        "--allow-outside",
        action="store_true",
        help="read manifest entries and links that resolve outside the named folders",
    )
    add_backend_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from summarize.errors import PARTIAL_EXIT_CODE, ConfigError, InputError
    from summarize.stories.run import StoriesRun, output_folder
    from summarize.stories.settings import StorySettings

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    bad = [f for f in formats if f not in ("md", "json", "html")]
    if bad or not formats:
        raise ConfigError(f"--format {args.format!r}: choose from md, json, html")
    if args.min_support < 2:
        raise InputError("--min-support must be at least 2: one source is not a consensus")
    pairs = list(args.set)
    if args.min_outlets is not None:
        pairs.append(f"min_outlets={args.min_outlets}")
    settings = StorySettings.from_pairs(pairs)
    folder = output_folder(args.output)  # checked before anything is fetched or called
    job = StoriesRun(
        folder,
        settings=settings,
        formats=formats,
        min_support=args.min_support,
        quiet=args.quiet,
    )
    started = time.monotonic()
    job.gather(
        args.paths,
        fetch=not args.no_fetch,
        fetch_links=not args.feed_text,
        pages_dir=args.pages_dir,
        timeout=args.fetch_timeout,
        max_bytes=args.max_page_bytes,
        max_chars=args.max_chars,
        allow_outside=args.allow_outside,
    )
    job.cluster()
    session_opener: Any = None if args.index_only else (lambda: open_session(args))
    summary = job.brief(session_opener)
    if not args.quiet:
        print(
            f"summarize: {summary['articles']} articles, {summary['stories']} stories, "
            f"{summary['briefed']} briefed ({summary['reused']} unchanged), "
            f"{summary['calls']} model call(s), {summary['cache_hits']} cache hit(s), "
            f"{time.monotonic() - started:.1f} s; index: {folder / 'index.md'}",
            file=sys.stderr,
        )
    return PARTIAL_EXIT_CODE if summary["failed"] or summary["partial"] else 0
