"""`summarize article FILE`: the verified digest of one article."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from summarize.commands.model_args import add_backend_arguments, open_session
from summarize.commands.output import check_output, write_output
from summarize.text.controls import say


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "article", help="digest one article: summary, verified claims, quotes with speakers, actors"
    )
    parser.add_argument("file", help="article file (.txt, .md, .html, .json) or - for stdin")
    parser.add_argument("--format", choices=("md", "json"), default="md")
    parser.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    add_backend_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from summarize.articles import load_article
    from summarize.digest import build_digest
    from summarize.errors import BackendError
    from summarize.render.digest_md import render_digest

    article = load_article(args.file)  # input errors surface before any model is started
    check_output(args.output)
    started = time.monotonic()
    session = open_session(args)
    try:
        digest = build_digest(article, session)
    except BackendError as exc:
        if exc.fails_run:  # about the backend, not this file
            raise
        raise type(exc)(f"{article.source}: {exc}") from None
    seconds = time.monotonic() - started
    backend = session.backend.profile.display
    if args.format == "json":
        data = digest.to_dict()
        data["provenance"] = {
            "backend": session.backend.identity,
            "wall_seconds": round(seconds, 2),
            **session.usage.to_dict(),
        }
        text = json.dumps(data, indent=2, ensure_ascii=False)
    else:
        text = render_digest(digest, session.usage, backend)
    write_output(text, args.output)
    if not args.quiet:
        u = session.usage
        say(f"{u.calls} model call(s), {u.cache_hits} cache hit(s), {seconds:.1f} s")
    return 0
