"""`summarize framing PATH...`: framing measured without a model, compared across outlets."""

from __future__ import annotations

import argparse
from pathlib import Path

from summarize.commands.articles_args import add_input_arguments, load_from_args
from summarize.commands.output import write_output
from summarize.errors import InputError
from summarize.render.formats import FORMAT_NAMES, FORMATS


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "framing",
        help="measure framing per article (voices, reporting verbs, hedges, loaded words, tone, "
        "headline vs body) and compare outlets; no model",
    )
    add_input_arguments(parser)
    parser.add_argument("--format", choices=FORMAT_NAMES, default="md")
    parser.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from summarize.framing import compare_outlets

    articles = list(load_from_args(args, verbose=False).articles)
    if not articles:
        raise InputError("no articles to measure")
    comparison = compare_outlets(articles)
    if not comparison.aligned:
        from summarize.settings import current
        from summarize.text.controls import say

        say(
            f"warning: {len(articles):,} articles, more than {current().framing.align_limit:,}: "
            "facts are not aligned across them, so the contrasts that need it (lead, position, "
            "alone, left out, labels) are left out; the per-article measures and voices, verbs "
            "and wording are complete"
        )
    write_output(FORMATS[args.format].framing(articles, comparison), args.output)
    return 0
