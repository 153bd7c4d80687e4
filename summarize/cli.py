"""The `summarize` command line: argument parsing; the one place user errors become exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from summarize.commands import COMMANDS
from summarize.errors import SummarizeError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarize",
        description="Briefings from several outlets' articles about one event, with verified "
        "citations, disagreements and framing comparison.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for register in COMMANDS:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except SummarizeError as exc:
        print(f"summarize: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(
            "summarize: interrupted; finished model calls are cached, re-run to resume",
            file=sys.stderr,
        )
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
