"""`summarize articles PATH...`: what would be read, before any model call is spent."""

from __future__ import annotations

import argparse
import json
import sys

from summarize.articles import LoadResult
from summarize.commands.articles_args import add_input_arguments, load_from_args
from summarize.render.markdown_escape import cell, inline


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "articles",
        help="load and check input articles: ids, outlets, "
        "titles, sentences, removed boilerplate, duplicates (no model calls)",
    )
    add_input_arguments(parser)
    parser.add_argument("--format", choices=("md", "json"), default="md")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="also show the text removed as boilerplate"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # JSON carries the removals itself, so stderr only repeats problems and duplicates.
    result = load_from_args(args, verbose=args.verbose and args.format != "json")
    if args.format == "json":
        text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
    else:
        text = render_markdown(result, verbose=args.verbose)
    sys.stdout.write(text + "\n")
    return 0


def render_markdown(result: LoadResult, *, verbose: bool) -> str:
    lines = [
        "| id | outlet | title | source | sentences | chars | removed |",
        "|---|---|---|---|---:|---:|---|",
    ]
    for a in result.articles:
        removed = "; ".join(f"{cell(b.reason)} ({len(b.text)} chars)" for b in a.removed) or "-"
        duplicate = result.duplicate_of(a.id)
        title = (cell(a.title) if a.title else "-") + (
            f" (duplicate of {duplicate})" if duplicate else ""
        )
        outlet = cell(a.outlet) if a.outlet else "-"
        lines.append(
            f"| {a.id} | {outlet} | {title} | {cell(a.source)} "
            f"| {len(a.sentences)} | {len(a.text)} | {removed} |"
        )
    if result.duplicates:
        lines += ["", "Near-duplicates:", *(f"- {inline(g)}" for g in result.duplicates)]
    if result.problems:
        lines += ["", "Skipped:", *(f"- {inline(p)}" for p in result.problems)]
    if verbose:
        for a in result.articles:
            for b in a.removed:
                lines += [
                    "",
                    f"Removed from {a.id} ({inline(b.reason)}, source chars "
                    f"{b.source_start}-{b.source_end}):",
                    "",
                    *_quoted(b.text),
                ]
    return "\n".join(lines)


def _quoted(text: str) -> list[str]:
    """Removed text as a block quote with one paragraph per source line: lines back to back
    would run together when rendered (and untrusted lines never sit back to back)."""
    out: list[str] = []
    for line in text.splitlines():
        if line.strip():
            out += [">", f"> {inline(line)}"] if out else [f"> {inline(line)}"]
    return out
