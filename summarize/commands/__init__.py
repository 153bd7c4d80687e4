"""Sub-commands. Each module exposes `register(subparsers)`, which adds its parser and sets
`run=<callable(args) -> int>` as the parser default."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from summarize.commands import article, articles, backends, batch, brief, cache, framing, stories

Register = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]

# Order is the order `summarize --help` lists them in.
COMMANDS: list[Register] = [
    brief.register,
    article.register,
    articles.register,
    framing.register,
    stories.register,
    backends.register,
    cache.register,
    batch.register,
]
