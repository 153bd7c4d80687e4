"""JSON from files and servers, parsed under a nesting limit.

`json.loads` recurses once per level: 100,000 `[` end in a `RecursionError` that no caller
expects. Here the nesting is measured first, without recursion: string literals are cut out,
every other character but brackets is dropped, and innermost `[]`/`{}` pairs are removed one
level per pass; JSON still holding brackets after `MAX_DEPTH` passes is refused. Real inputs (an
article record, a chat completion, a batch result line) nest a handful of levels.

>>> loads('{"a": [1, {"b": "[[["}]}')
{'a': [1, {'b': '[[['}]}
>>> loads("[" * 1000 + "]" * 1000)  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
...
TooDeep: JSON nested deeper than 64 levels
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 64

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_STRING_B = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_NOT_BRACKET_B = re.compile(rb"[^\[\]{}]+")
_INNERMOST = re.compile(r"\[\]|\{\}")
_INNERMOST_B = re.compile(rb"\[\]|\{\}")


class TooDeep(ValueError):
    """JSON nested deeper than the limit (a ValueError, like any other malformed JSON)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"JSON nested deeper than {limit} levels")
        self.limit = limit


def check_depth(data: str | bytes, limit: int = MAX_DEPTH) -> None:
    """Raise `TooDeep` when `data` nests arrays and objects deeper than `limit`."""
    if isinstance(data, bytes):
        if data.count(b"[") + data.count(b"{") <= limit:
            return  # fewer openers than the limit cannot nest deeper (the common case)
        shape = _NOT_BRACKET_B.sub(b"", _STRING_B.sub(b"", data)).decode("ascii")
    else:
        if data.count("[") + data.count("{") <= limit:
            return
        shape = _NOT_BRACKET.sub("", _STRING.sub("", data))
    for _ in range(limit + 1):
        if not shape:
            return
        shape, removed = _INNERMOST.subn("", shape)
        if not removed:
            break  # unbalanced: json names the error, unless it could still nest too deep
    else:
        raise TooDeep(limit)  # pairs were still being removed after `limit` levels
    if len(shape) > limit:
        raise TooDeep(limit)


def loads(data: str | bytes, limit: int = MAX_DEPTH) -> Any:
    """`json.loads`, refusing JSON nested deeper than `limit` with `TooDeep` (a ValueError)."""
    check_depth(data, limit)
    return json.loads(data)
