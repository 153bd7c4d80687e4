"""`summarize framing PATH...`: framing measured without a model, compared across outlets."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from summarize.errors import InputError


def _add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", help="article files or folders (one outlet each)")
    parser.add_argument("--skip-bad", action="store_true", help="skip unreadable inputs")
    parser.add_argument("--max-chars", type=int, default=200_000, help="largest article accepted")


def _load_paths(args: argparse.Namespace, *, verbose: bool = False) -> Any:
    """Fallback until `commands.articles_args` is installed: the loader, else plain text files."""
    try:
        from summarize.articles import load_articles  # type: ignore[attr-defined]
    except ImportError:
        return _TextFiles(args.paths)
    return load_articles(args.paths, skip_bad=args.skip_bad, max_chars=args.max_chars)


class _TextFiles:
    """Plain UTF-8 text files, one article each (last-resort loader)."""

    def __init__(self, paths: list[str]) -> None:
        from summarize.articles import Article

        self.articles = []
        for n, name in enumerate(paths, 1):
            path = Path(name)
            try:
                text = path.read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(f"{name}: cannot read as UTF-8 text ({exc})") from exc
            if not text:
                raise InputError(f"{name}: empty file")
            self.articles.append(Article.from_text(f"A{n}", text, source=name, outlet=path.stem))


try:  # the shared input flags, when present (another module owns them)
    from summarize.commands.articles_args import (  # type: ignore[import-not-found]
        add_input_arguments,
        load_from_args,
    )
except ImportError:  # pragma: no cover - depends on what is installed alongside
    add_input_arguments = _add_paths
    load_from_args = _load_paths


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "framing",
        help="measure framing per article (voices, reporting verbs, hedges, loaded words, tone, "
        "headline vs body) and compare outlets; no model",
    )
    add_input_arguments(parser)
    parser.add_argument("--format", choices=("md", "json"), default="md")
    parser.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from summarize.framing import compare_outlets

    articles = list(load_from_args(args, verbose=False).articles)
    if not articles:
        raise InputError("no articles to measure")
    comparison = compare_outlets(articles)
    if args.format == "json":
        text = json.dumps(comparison.to_dict(), indent=2, ensure_ascii=False) + "\n"
    else:
        text = comparison.to_markdown()
    if args.output is None:
        sys.stdout.write(text)
    else:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{args.output}: cannot write output: {exc.strerror}") from exc
    return 0
