"""`summarize stories PATH_OR_URL...`: a day of news into stories, one briefing per story that
at least two outlets carry, and an index of them all."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarize.commands.articles_args import (
    DEFAULT_MAX_CHARS,
    add_min_support_argument,
    add_settings_argument,
)
from summarize.commands.batch import batch_summary, say_submitted
from summarize.commands.model_args import add_backend_arguments, open_session
from summarize.render.formats import FORMAT_NAMES
from summarize.text.controls import say

if TYPE_CHECKING:
    pass

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
    # A bare NAME is stories.NAME (the clustering settings, docs/STORIES.md).
    add_settings_argument(parser, "join_threshold=0.12 (a bare NAME is stories.NAME)")
    add_min_support_argument(parser)
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
        help="overall deadline of one URL, body included (default 20)",
    )
    fetch.add_argument(
        "--max-page-bytes",
        type=int,
        default=5_000_000,
        metavar="N",
        help="refuse a fetched body larger than N bytes (default 5,000,000)",
    )
    fetch.add_argument(
        "--max-feed-pages",
        type=int,
        default=100,
        metavar="N",
        help="fetch at most N entry pages per feed; later entries use the feed's own text "
        "(default 100)",
    )
    fetch.add_argument(
        "--allow-private-hosts",
        action="store_true",
        help="let a feed's entry links point at this machine or its network (loopback, "
        "private, link-local addresses); refused by default unless the feed itself is on one",
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
    batch = parser.add_argument_group(
        "batch (the digest stage of every story to brief as one batch; docs/BATCH.md)"
    )
    batch.add_argument(
        "--batch",
        action="store_true",
        help="send the digests through the OpenAI Batch API (half price, results within 24 h), "
        "wait, then brief from the cache (--backend openai)",
    )
    batch.add_argument(
        "--batch-export",
        type=Path,
        metavar="FILE",
        help="write the digest requests as a Batch API input file for an offline server "
        "(vllm run-batch -i FILE -o RESULTS) and brief nothing yet",
    )
    batch.add_argument(
        "--batch-import",
        type=Path,
        metavar="RESULTS",
        help="load such a results file into the cache, then brief (same inputs and backend "
        "flags as the export)",
    )
    batch.add_argument(
        "--batch-wait",
        type=float,
        default=25 * 3600.0,
        metavar="SECONDS",
        help="--batch: stop waiting after this long (the batch keeps running; re-run the same "
        "command to resume it)",
    )
    add_backend_arguments(parser)
    parser.set_defaults(run=run, set_bare="stories")


def _batch_mode(args: argparse.Namespace) -> str | None:
    """The one batch flag given (None: none), refused in one line where it cannot work."""
    from summarize.errors import ConfigError, InputError

    given = [
        flag
        for flag, on in (
            ("--batch", args.batch),
            ("--batch-export", args.batch_export is not None),
            ("--batch-import", args.batch_import is not None),
        )
        if on
    ]
    if len(given) > 1:
        raise ConfigError(f"{given[0]} and {given[1]} cannot be combined: choose one")
    if not given:
        return None
    if args.index_only:
        raise ConfigError(
            f"{given[0]} cannot be combined with --index-only: the index alone makes no model "
            "call to batch"
        )
    if args.batch_export is not None:
        from summarize.commands.output import check_output

        check_output(args.batch_export)
    if args.batch_import is not None and not args.batch_import.is_file():
        raise InputError(f"{args.batch_import}: no such results file")
    return given[0]


def run(args: argparse.Namespace) -> int:
    from summarize.errors import PARTIAL_EXIT_CODE, ConfigError, InputError
    from summarize.settings import current, with_pairs
    from summarize.stories.workflow import StoriesRun, output_folder

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMAT_NAMES]
    if bad or not formats:
        raise ConfigError(f"--format {args.format!r}: choose from {', '.join(FORMAT_NAMES)}")
    if args.max_feed_pages < 0:
        raise ConfigError("--max-feed-pages must be 0 or more")
    if args.min_support < 2:
        raise InputError("--min-support must be at least 2: one source is not a consensus")
    settings = current().stories  # the config file's, then --set (cli.main)
    if args.min_outlets is not None:
        settings = with_pairs(current(), [f"stories.min_outlets={args.min_outlets}"]).stories
    mode = _batch_mode(args)
    session_opener: Any = None if args.index_only else (lambda: open_session(args))
    if mode is not None:
        from summarize.llm.batch import check_session

        # Opened now (an embedded backend starts only at its first call) so a backend that
        # cannot batch is refused before anything is written, fetched or called.
        session = open_session(args)
        profile = session.backend.profile
        if mode == "--batch" and profile.kind == "server":
            raise ConfigError(
                f"--batch: backend {profile.name!r} is a server; the Batch API is OpenAI's (for "
                "a server that runs batch files offline, e.g. vllm run-batch: --batch-export FILE)"
            )
        check_session(session, "api" if mode == "--batch" else "export")
        session_opener = lambda: session  # noqa: E731
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
        allow_private_hosts=args.allow_private_hosts,
        max_feed_pages=args.max_feed_pages,
    )
    job.cluster()
    if mode == "--batch-export":
        report = job.export_digests(session_opener, args.batch_export)
        batch_summary(
            report,
            stage="digests",
            export_next=(
                f"run them (e.g. vllm run-batch -i {report.path} -o RESULTS --model ...), then "
                "the same command with --batch-import RESULTS instead of --batch-export"
            ),
        )
        return 0
    prepare = None
    if mode == "--batch":
        from summarize.llm.batch import Polling

        # A submitted batch is said even with --quiet: it is money spent.
        prepare = job.batch_digests(
            progress=say_submitted if args.quiet else say,
            polling=Polling(deadline=args.batch_wait),
        )
    elif mode == "--batch-import":
        prepare = job.batch_digests(results=args.batch_import)
    summary = job.brief(session_opener, prepare=prepare)
    if job.batch is not None:
        batch_summary(job.batch, stage="digests", failed="batch failed: {} (asked live)")
    if not args.quiet:
        say(
            f"{summary['articles']} articles, {summary['stories']} stories, "
            f"{summary['briefed']} briefed ({summary['reused']} unchanged), "
            f"{summary['calls']} model call(s), {summary['cache_hits']} cache hit(s), "
            f"{time.monotonic() - started:.1f} s; index: {folder / 'index.md'}"
        )
    return PARTIAL_EXIT_CODE if summary["failed"] or summary["partial"] else 0
