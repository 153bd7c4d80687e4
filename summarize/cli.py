"""The `summarize` command line: argument parsing; the one place user errors become exit codes."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from summarize import settings
from summarize.commands import COMMANDS
from summarize.errors import PARTIAL_EXIT_CODE, SummarizeError
from summarize.text.controls import say

INTERRUPTED_EXIT_CODE = 130

EXIT_CODES = f"""exit codes:
  0    done
  1    other deliberate error
  2    bad input, output path or configuration
  3    the embedded model or runtime is missing or corrupt
  4    the model backend failed
  {PARTIAL_EXIT_CODE}    brief: written, but parts failed (listed in the briefing and on stderr)
  {INTERRUPTED_EXIT_CODE}  interrupted; finished model calls are cached, a re-run resumes"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarize",
        description="Briefings from several outlets' articles about one event, with verified "
        "citations, disagreements and framing comparison.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for register in COMMANDS:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        # The config file's [settings] (--config, else the user's), the environment, then --set:
        # active for the whole run.
        pairs = getattr(args, "set", None) or ()
        config = getattr(args, "config", None)
        run_settings = settings.load(config, pairs, bare=getattr(args, "set_bare", None))
        with settings.using(run_settings):
            return int(args.run(args) or 0)
    except SummarizeError as exc:
        say(f"error: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        print(
            "summarize: interrupted; finished model calls are cached, re-run to resume",
            file=sys.stderr,
        )
        if argv is None:  # run as the program, not called from Python
            _exit_now(INTERRUPTED_EXIT_CODE)
        return INTERRUPTED_EXIT_CODE


def _exit_now(code: int) -> None:
    """End the process without joining worker threads: a model call in flight may take
    minutes, and the interpreter would wait for it at exit. Safe for the cache: each write
    is its own committed SQLite transaction, and an unfinished one rolls back."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe must not stop the exit
            stream.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
