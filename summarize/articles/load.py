"""The public entry point: paths (files, folders, manifests, `-`) to numbered, checked articles."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from summarize.articles.build import build_article
from summarize.articles.dedupe import find_duplicates
from summarize.articles.formats import Parsed, parse_markdown, parse_text
from summarize.articles.html import parse_html
from summarize.articles.manifest import (
    MANIFEST_SUFFIXES,
    ManifestEntry,
    is_manifest_name,
    looks_like_manifest,
    read_manifest,
)
from summarize.articles.metadata import Meta
from summarize.articles.model import Article
from summarize.articles.read import STDIN, decode, read_bytes
from summarize.articles.records import iter_records, load_json, parse_record
from summarize.articles.result import InputProblem, LoadResult
from summarize.errors import InputError

FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
STDIN_NAME = "<stdin>"
_RAW_BYTES_PER_CHAR = 20  # HTML pages carry far more markup than text; beyond this, refuse unread


@dataclass(frozen=True)
class _Item:
    """One file (or stdin) to read, with metadata from the manifest that named it."""

    path: Path | None  # None for stdin
    overrides: Meta | None = None
    named_in: str | None = None  # "manifest.yaml entry 2"

    @property
    def name(self) -> str:
        return STDIN_NAME if self.path is None else str(self.path)


def load_articles(
    paths: Sequence[str | Path], *, skip_bad: bool = False, max_chars: int = 200_000
) -> LoadResult:
    """Load, clean and number (A1, A2, ... in input order) every article named by `paths`.

    Without `skip_bad` the first bad input raises `InputError` ("path: problem"); with it, bad
    inputs are listed in `problems` and the rest load. No usable article at all is an error.
    """
    if not paths:
        raise InputError("no input files given")
    result = LoadResult()

    def guarded(name: str, work: Callable[[], None]) -> None:
        try:
            work()
        except InputError as exc:
            if not skip_bad:
                raise
            result.problems.append(_problem(exc, name))

    articles: list[Article] = []
    for path in paths:
        items: list[_Item] = []
        guarded(str(path), partial(_extend, items, _expand, path))
        for item in items:
            guarded(item.name, partial(_extend, articles, _load_item, item, max_chars, guarded))
    if not articles:
        bad = "; ".join(str(p) for p in result.problems[:3])
        raise InputError(
            f"no usable articles in the input ({bad})" if bad else "no usable articles in the input"
        )
    result.articles = [dataclasses.replace(a, id=f"A{n}") for n, a in enumerate(articles, 1)]
    result.duplicates = find_duplicates(result.articles)
    return result


def load_article(path: str | Path, article_id: str = "A1", *, max_chars: int = 200_000) -> Article:
    """The one article in a file (or stdin); a file holding several is an error."""
    loaded = load_articles([path], max_chars=max_chars).articles
    if len(loaded) != 1:
        raise InputError(f"{path}: holds {len(loaded)} articles; use load_articles for several")
    return dataclasses.replace(loaded[0], id=article_id)


def _extend(into: list[Any], produce: Callable[..., list[Any]], *args: Any) -> None:
    into.extend(produce(*args))


def _problem(exc: InputError, name: str) -> InputProblem:
    message = str(exc)
    if message.startswith(f"{name}: "):
        return InputProblem(name, message[len(name) + 2 :])
    where, sep, rest = message.partition(": ")
    return InputProblem(where, rest) if sep else InputProblem(name, message)


def _expand(raw: str | Path) -> list[_Item]:
    if str(raw) == STDIN:
        return [_Item(None)]
    path = Path(raw)
    if path.is_dir():
        return _expand_folder(path)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if is_manifest_name(path):
        return _manifest_items(path, read_manifest(path, decode(read_bytes(path), str(path))))
    return [_Item(path)]


def _expand_folder(folder: Path) -> list[_Item]:
    manifests = [
        folder / f"manifest{s}" for s in MANIFEST_SUFFIXES if (folder / f"manifest{s}").is_file()
    ]
    if len(manifests) > 1:
        names = ", ".join(m.name for m in manifests)
        raise InputError(f"{folder}: has several manifests ({names}); keep one")
    if manifests:  # the manifest says which files, in which order, with which metadata
        return _expand(manifests[0])
    files = sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in FORMATS
    )
    if not files:
        kinds = ", ".join(sorted(FORMATS))
        raise InputError(f"{folder}: folder has no supported files ({kinds})")
    return [_Item(p) for p in files]


def _manifest_items(manifest: Path, entries: list[ManifestEntry]) -> list[_Item]:
    return [_Item(e.path, e.meta, e.where) for e in entries]


def _load_item(
    item: _Item, max_chars: int, guarded: Callable[[str, Callable[[], None]], None]
) -> list[Article]:
    name = item.name
    if item.path is not None and not item.path.is_file():
        missing = "no such file" if not item.path.exists() else "not a regular file"
        raise InputError(
            f"{name}: {missing}" + (f" (named in {item.named_in})" if item.named_in else "")
        )
    if item.path is not None and item.named_in and is_manifest_name(item.path):
        raise InputError(f"{name}: a manifest entry must name an article file, not a manifest")
    data = read_bytes(item.path if item.path is not None else STDIN)
    if len(data) > max_chars * _RAW_BYTES_PER_CHAR:
        raise InputError(
            f"{name}: is {len(data):,} bytes, far over the limit of {max_chars:,} "
            "characters; split it or raise --max-chars"
        )
    text = decode(data, name)
    kind = FORMATS.get(item.path.suffix.lower(), "") if item.path is not None else ""
    kind = kind or _sniff(text)

    def build(parsed: Parsed, source: str) -> Article:
        return build_article(parsed, source=source, overrides=item.overrides, max_chars=max_chars)

    if kind not in ("json", "jsonl"):
        if kind == "markdown":
            return [build(parse_markdown(text, name), name)]
        if kind == "html":
            return [build(parse_html(text, name), name)]
        return [build(parse_text(text), name)]
    data_json = load_json(text, name, lines=kind == "jsonl")
    if kind == "json" and item.path is not None and looks_like_manifest(data_json):
        if item.named_in:
            raise InputError(f"{name}: a manifest entry must name an article file, not a manifest")
        entries = read_manifest(item.path, text, data_json)
        return [
            a
            for sub in _manifest_items(item.path, entries)
            for a in _collect(sub, max_chars, guarded)
        ]
    articles: list[Article] = []
    for where, record in iter_records(data_json, name, lines=kind == "jsonl"):

        def one(where: str = where, record: object = record) -> None:
            if isinstance(record, InputError):
                raise record
            articles.append(build(parse_record(record, where), where))  # type: ignore[arg-type]

        guarded(where, one)
    return articles


def _collect(
    item: _Item, max_chars: int, guarded: Callable[[str, Callable[[], None]], None]
) -> Iterator[Article]:
    loaded: list[Article] = []
    guarded(item.name, lambda: loaded.extend(_load_item(item, max_chars, guarded)))
    yield from loaded


_HTML_HINT = re.compile(r"<(!doctype html|html|head|body|article|p|div)\b", re.I)


def _sniff(text: str) -> str:
    """The format of stdin or of a file without a known extension, from its first characters."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("---"):
        return "markdown"
    if head.startswith("<") and _HTML_HINT.search(head[:2000]):
        return "html"
    if head.startswith(("{", "[")):
        try:
            json.loads(text)
            return "json"
        except json.JSONDecodeError:
            return "jsonl"
    return "text"
