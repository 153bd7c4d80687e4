"""Flags shared by every command that calls a model, and the session they describe."""

from __future__ import annotations

import argparse
from pathlib import Path

from summarize.llm.cache import ResponseCache
from summarize.llm.client import open_backend
from summarize.llm.profiles import resolve_profile
from summarize.llm.session import ModelSession
from summarize.text.controls import say


def add_backend_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("model backend")
    group.add_argument(
        "--backend",
        help="backend profile: embedded (default), openai, ollama, "
        "llamacpp, vllm, lmstudio, or one from the config file",
    )
    group.add_argument("--model", help="model name to request from the backend")
    group.add_argument("--base-url", help="OpenAI-compatible base URL (overrides the profile)")
    group.add_argument("--model-path", help="a GGUF file for the embedded runtime")
    group.add_argument("--threads", type=int, help="CPU threads for the embedded runtime")
    group.add_argument("--concurrency", type=int, help="model calls in flight at once")
    group.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="overall deadline of one model call (default per backend: embedded 1800, "
        "servers 600, openai 120)",
    )
    group.add_argument("--config", type=Path, help="config file (default: user config dir)")
    group.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    group.add_argument("--cache-dir", type=Path, help="response cache directory")
    group.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")


def open_session(args: argparse.Namespace) -> ModelSession:
    profile = resolve_profile(
        args.backend,
        model=args.model,
        base_url=args.base_url,
        model_path=args.model_path,
        threads=args.threads,
        concurrency=args.concurrency,
        timeout=args.timeout,
        config=args.config,
    )
    if not args.quiet:
        say(f"backend {profile.display}")
    cache = None if args.no_cache else ResponseCache(args.cache_dir)
    return ModelSession(open_backend(profile), cache)
