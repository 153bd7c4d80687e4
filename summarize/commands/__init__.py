"""Sub-commands. Each module exposes `register(subparsers)`, which adds its parser and sets
`run=<callable(args) -> int>` as the parser default."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from summarize.commands import article, backends, cache

Register = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]

COMMANDS: list[Register] = [article.register, backends.register, cache.register]

from summarize.commands import framing as _framing  # noqa: E402  (appended: one line per owner)

COMMANDS.append(_framing.register)

from summarize.commands import articles as _articles  # noqa: E402  (appended: one line per owner)

COMMANDS.append(_articles.register)
