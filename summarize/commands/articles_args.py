"""Input arguments shared by every command that reads articles, and loading from them."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from summarize.articles import LoadResult, load_articles
from summarize.text.controls import say

DEFAULT_MAX_CHARS = 200_000


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="article files (.txt .md .html .json .jsonl), folders, manifests "
        "(.yaml .csv .json), or - for stdin",
    )
    parser.add_argument(
        "--skip-bad", action="store_true", help="report unusable inputs and go on with the rest"
    )
    parser.add_argument(
        "--max-chars",
        type=_positive,
        default=DEFAULT_MAX_CHARS,
        metavar="N",
        help="refuse an article longer than N characters after cleaning "
        f"(default {DEFAULT_MAX_CHARS:,}); raw inputs over 20 bytes a character are refused "
        "unread",
    )
    parser.add_argument(
        "--allow-outside",
        action="store_true",
        help="read manifest entries and symbolic links that resolve outside the manifest's "
        "folder and the folders named here (by default they are refused)",
    )
    add_settings_argument(parser)


def add_settings_argument(
    parser: argparse.ArgumentParser, example: str = "align.carry_bar=0.7"
) -> None:
    """`--set SECTION.NAME=VALUE`, repeatable: the CLI (`cli.main`) applies them for the run."""
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="SECTION.NAME=VALUE",
        help="change one setting for this run, over the config file's [settings] (sections and "
        f"names: summarize/settings.py), e.g. --set {example}",
    )


def load_from_args(
    args: argparse.Namespace, *, verbose: bool, stream: TextIO | None = None
) -> LoadResult:
    """Load the inputs named in `args`; report problems, duplicates (and removals) on stderr."""
    result = load_articles(
        args.paths,
        skip_bad=args.skip_bad,
        max_chars=args.max_chars,
        allow_outside=getattr(args, "allow_outside", False),
    )
    report_load(result, verbose=verbose, stream=stream or sys.stderr)
    return result


def report_load(result: LoadResult, *, verbose: bool, stream: TextIO) -> None:
    for problem in result.problems:
        say(f"skipped {problem}", stream)
    for group in result.duplicates:
        say(str(group), stream)
    if not verbose:
        return
    for article in result.articles:
        for block in article.removed:
            first = block.text.splitlines()[0] if block.text else ""
            more = len(block.text.splitlines()) - 1
            extra = f" (+{more} more lines)" if more > 0 else ""
            say(f"{article.id} {article.label}: removed {block.reason}: {first!r}{extra}", stream)


def _positive(value: str) -> int:
    try:
        number = int(value.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return number


def add_min_support_argument(parser: argparse.ArgumentParser) -> None:
    """`--min-support N`, for every command that writes a briefing."""
    parser.add_argument(
        "--min-support",
        type=int,
        default=2,
        metavar="N",
        help="articles that must carry a fact for it to be consensus (default 2)",
    )
