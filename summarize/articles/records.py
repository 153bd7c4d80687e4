"""JSON and JSON Lines article records.

A `.json` file holds one record, a list of records, or `{"articles": [...]}`; a `.jsonl` file one
record a line. A record carries its text in one of `TEXT_FIELDS` (or `html`, or `paragraphs`/
`sentences` lists) and metadata under the names in `metadata.FIELDS` or their aliases. Offsets of
a record's article index into its decoded text value (lists joined as described in ARTICLES.md),
since JSON escapes make file offsets meaningless to a reader.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from summarize import safejson
from summarize.articles.formats import Parsed, parse_text
from summarize.articles.html import parse_html
from summarize.articles.metadata import normalize_meta
from summarize.errors import InputError

TEXT_FIELDS = ("text", "body", "content", "article", "maintext", "full_text")
LIST_FIELDS = ("paragraphs", "sentences")
_ALL_TEXT = (*TEXT_FIELDS, "html", *LIST_FIELDS)

Record = tuple[str, dict[str, Any] | InputError]  # where (e.g. `feed.jsonl#3`), record or its error


def load_json(text: str, name: str, *, lines: bool) -> Any:
    """The whole document (`.json`) or a list of per-line values/errors (`.jsonl`)."""
    if not lines:
        try:
            return safejson.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc
        except safejson.TooDeep as exc:
            raise InputError(f"{name}: not usable JSON ({exc})") from exc
    values: list[Any] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            values.append((number, safejson.loads(line)))
        except json.JSONDecodeError as exc:
            values.append((number, InputError(f"{name} line {number}: not valid JSON ({exc.msg})")))
        except safejson.TooDeep as exc:
            values.append((number, InputError(f"{name} line {number}: not usable JSON ({exc})")))
    return values


def iter_records(data: Any, name: str, *, lines: bool) -> Iterator[Record]:
    if lines:
        for number, value in data:
            where = f"{name}#{number}"
            yield where, value if isinstance(value, InputError) else _as_record(value, where)
        return
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        yield name, _as_record(data, name)
        return
    if not isinstance(data, list):
        raise InputError(
            f"{name}: expected an article record or a list of them, not {type(data).__name__}"
        )
    if not data:
        raise InputError(f"{name}: the JSON list holds no article records")
    for number, value in enumerate(data, 1):
        where = f"{name}#{number}"
        yield where, _as_record(value, where)


def _as_record(value: Any, where: str) -> dict[str, Any] | InputError:
    if not isinstance(value, dict):
        kind = type(value).__name__
        return InputError(f"{where}: expected an object with the article, not {kind}")
    return value


def has_text(record: dict[str, Any]) -> bool:
    return any(field in record for field in _ALL_TEXT)


def parse_record(record: dict[str, Any], where: str) -> Parsed:
    meta = normalize_meta(record, where=where, strict=False, ignore=frozenset(_ALL_TEXT))
    for field in TEXT_FIELDS:
        value = record.get(field)
        if isinstance(value, str):
            parsed = parse_text(value)
            break
    else:
        if isinstance(record.get("html"), str):
            parsed = parse_html(record["html"], where)
            meta = {**parsed.meta, **meta}
        elif isinstance(record.get("paragraphs"), list):
            parsed = parse_text("\n\n".join(_strings(record["paragraphs"], where, "paragraphs")))
        elif isinstance(record.get("sentences"), list):
            parsed = parse_text(" ".join(_strings(record["sentences"], where, "sentences")))
            parsed.join_wrapped = False
        else:
            fields = ", ".join(_ALL_TEXT)
            raise InputError(f"{where}: record has no article text (expected one of: {fields})")
    parsed.meta = meta
    return parsed


def _strings(values: list[Any], where: str, field: str) -> list[str]:
    if not all(isinstance(v, str) for v in values):
        raise InputError(f"{where}: every item of {field!r} must be a string")
    return [v.strip() for v in values]
