"""`summarize brief PATH...`: the briefing."""

from __future__ import annotations

import argparse
from pathlib import Path

from summarize.commands.articles_args import (
    add_input_arguments,
    add_min_support_argument,
    load_from_args,
)
from summarize.commands.model_args import add_backend_arguments, open_session
from summarize.commands.output import check_output, write_output
from summarize.render.formats import FORMAT_NAMES, FORMATS
from summarize.text.controls import say


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "brief",
        help="briefing of several outlets' articles: consensus with "
        "verified citations, disagreements, single-source claims and "
        "omissions, framing",
        epilog="An article whose digest fails, or a failed consensus or framing call, costs only "
        "that part: the briefing lists it and exits 5 (partial). A refused key or an unreachable "
        "backend fails the run at once (exit 4).",
    )
    add_input_arguments(parser)
    parser.add_argument("--format", choices=FORMAT_NAMES, default="md")
    parser.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    add_min_support_argument(parser)
    parser.add_argument(
        "--verbose", "-v", action="store_true", help="also report removed boilerplate on stderr"
    )
    add_backend_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from summarize.brief import build_briefing
    from summarize.brief.progress import Progress
    from summarize.errors import PARTIAL_EXIT_CODE, InputError

    if args.min_support < 2:
        raise InputError("--min-support must be at least 2: one source is not a consensus")
    loaded = load_from_args(args, verbose=args.verbose)  # input errors before any model call
    check_output(args.output)
    session = open_session(args)
    progress = Progress(enabled=False if args.quiet else None)
    briefing = build_briefing(loaded, session, min_support=args.min_support, progress=progress)
    write_output(FORMATS[args.format].briefing(briefing), args.output)
    if not args.quiet:
        p = briefing.provenance
        say(f"{p['calls']} model call(s), {p['cache_hits']} cache hit(s), {p['wall_seconds']} s")
    for failure in briefing.failures:  # shown even with --quiet: the exit code alone is terse
        say(f"partial briefing: {failure}")
    return PARTIAL_EXIT_CODE if briefing.partial else 0
