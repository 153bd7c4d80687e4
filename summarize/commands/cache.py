"""`summarize cache info|clear`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from summarize.llm.cache import ResponseCache


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("cache", help="inspect or clear the response cache")
    parser.add_argument("action", choices=("info", "clear"))
    parser.add_argument("--cache-dir", type=Path, help="response cache directory")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    cache = ResponseCache(args.cache_dir)
    try:
        if args.action == "info":
            print(json.dumps(cache.info(), indent=2))
        else:
            print(f"removed {cache.clear()} cached response(s) from {cache.directory}")
    finally:
        cache.close()
    return 0
