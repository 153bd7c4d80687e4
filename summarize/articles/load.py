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

from summarize import safejson
from summarize.articles.article import Article
from summarize.articles.build import build_article
from summarize.articles.confine import check_inside, resolved
from summarize.articles.dedupe import find_duplicates
from summarize.articles.formats import Parsed, parse_markdown, parse_text
from summarize.articles.html import parse_html
from summarize.articles.manifest import (
    MANIFEST_SUFFIXES,
    is_manifest_name,
    looks_like_manifest,
    read_manifest,
)
from summarize.articles.metadata import Meta
from summarize.articles.read import STDIN, byte_limit, decode, os_error, read_bytes
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


@dataclass(frozen=True)
class _Item:
    """One file (or stdin) to read, with metadata from the manifest that named it."""

    path: Path | None  # None for stdin
    overrides: Meta | None = None
    named_in: str | None = None  # "manifest.yaml entry 2"
    roots: tuple[Path, ...] = ()  # resolved folders it must stay inside; () = the user named it

    @property
    def name(self) -> str:
        return STDIN_NAME if self.path is None else str(self.path)


def load_articles(
    paths: Sequence[str | Path],
    *,
    skip_bad: bool = False,
    max_chars: int = 200_000,
    allow_outside: bool = False,
) -> LoadResult:
    """Load, clean and number (A1, A2, ... in input order) every article named by `paths`.

    Without `skip_bad` the first bad input raises `InputError` ("path: problem"); with it, bad
    inputs are listed in `problems` and the rest load. No usable article at all is an error.
    Files found through folders and manifests must stay inside the folders named in `paths` (or
    the manifest's folder) unless `allow_outside`; see `confine`.
    """
    if not paths:
        raise InputError("no input files given")
    loader = _Loader(max_chars, skip_bad, allow_outside, _named_folders(paths))
    articles: list[Article] = []
    for path in paths:
        items: list[_Item] = []
        loader.guarded(str(path), partial(_extend, items, loader.expand, path))
        for item in items:
            loader.guarded(item.name, partial(_extend, articles, loader.load_item, item))
    result = loader.result
    if not articles:
        bad = "; ".join(str(p) for p in result.problems[:3])
        raise InputError(
            f"no usable articles in the input ({bad})" if bad else "no usable articles in the input"
        )
    result.articles = [dataclasses.replace(a, id=f"A{n}") for n, a in enumerate(articles, 1)]
    result.duplicates = find_duplicates(result.articles)
    return result


def load_article(
    path: str | Path,
    article_id: str = "A1",
    *,
    max_chars: int = 200_000,
    allow_outside: bool = False,
) -> Article:
    """The one article in a file (or stdin); a file holding several is an error."""
    loaded = load_articles([path], max_chars=max_chars, allow_outside=allow_outside).articles
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


def _named_folders(paths: Sequence[str | Path]) -> tuple[Path, ...]:
    """The folders named on the command line, resolved: what found files may resolve into."""
    folders: list[Path] = []
    for raw in paths:
        path = Path(raw)
        try:
            if str(raw) != STDIN and path.is_dir():
                folders.append(path.resolve())
        except (OSError, RuntimeError):
            continue  # reported when the path itself is expanded
    return tuple(dict.fromkeys(folders))


@dataclass
class _Loader:
    max_chars: int
    skip_bad: bool
    allow_outside: bool
    named_folders: tuple[Path, ...]
    result: LoadResult = dataclasses.field(default_factory=LoadResult)

    def guarded(self, name: str, work: Callable[[], None]) -> None:
        """Run `work`; a bad input raises, or with `skip_bad` becomes a problem."""
        try:
            try:
                work()
            except OSError as exc:  # anything the file system says that no check foresaw
                raise os_error(name, exc) from exc
        except InputError as exc:
            if not self.skip_bad:
                raise
            self.result.problems.append(_problem(exc, name))

    def roots(self, folder: Path) -> tuple[Path, ...]:
        """Where files found through `folder` (a named folder, a manifest's) may resolve."""
        if self.allow_outside:
            return ()
        return tuple(dict.fromkeys((resolved(folder), *self.named_folders)))

    def expand(self, raw: str | Path) -> list[_Item]:
        if str(raw) == STDIN:
            return [_Item(None)]
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except OSError as exc:
            raise os_error(str(path), exc) from exc
        if is_dir:
            return self._expand_folder(path)
        if not path.exists() and not path.is_symlink():
            raise InputError(f"{path}: no such file or folder")
        if is_manifest_name(path):
            return self._manifest(path, ())
        return [_Item(path)]

    def _expand_folder(self, folder: Path) -> list[_Item]:
        roots = self.roots(folder)
        try:
            names = sorted(folder.iterdir())
        except OSError as exc:
            reason = (exc.strerror or type(exc).__name__).lower()
            raise InputError(f"{folder}: cannot list the folder ({reason})") from exc
        manifests = [folder / f"manifest{s}" for s in MANIFEST_SUFFIXES]
        manifests = [m for m in manifests if m in names and _not_folder(m)]
        if len(manifests) > 1:
            listed = ", ".join(m.name for m in manifests)
            raise InputError(f"{folder}: has several manifests ({listed}); keep one")
        if manifests:  # the manifest says which files, in which order, with which metadata
            return self._manifest(manifests[0], roots)
        files = [
            p
            for p in names
            if not p.name.startswith(".") and p.suffix.lower() in FORMATS and _not_folder(p)
        ]
        if not files:
            kinds = ", ".join(sorted(FORMATS))
            raise InputError(f"{folder}: folder has no supported files ({kinds})")
        return [_Item(p, roots=roots) for p in files]

    def _manifest(self, path: Path, roots: tuple[Path, ...], data: Any = None) -> list[_Item]:
        """The entries of manifest `path` (itself confined to `roots`), confined to its folder."""
        check_inside(path, roots)
        if data is None:
            raw = read_bytes(path, byte_limit(self.max_chars), self.max_chars)
            entries = read_manifest(path, decode(raw, str(path)))
        else:
            entries = read_manifest(path, "", data)
        inside = self.roots(path.parent)
        return [_Item(e.path, e.meta, e.where, inside) for e in entries]

    def load_item(self, item: _Item) -> list[Article]:
        name = item.name
        if item.path is not None:
            check_inside(item.path, item.roots, named_in=item.named_in)
            if item.named_in and is_manifest_name(item.path):
                raise InputError(
                    f"{name}: a manifest entry must name an article file, not a manifest"
                )
        limit = byte_limit(self.max_chars)
        data = read_bytes(
            item.path if item.path is not None else STDIN,
            limit,
            self.max_chars,
            named_in=item.named_in,
        )
        text = decode(data, name)
        del data  # the decoded text is all that is needed from here
        kind = FORMATS.get(item.path.suffix.lower(), "") if item.path is not None else ""
        kind = kind or _sniff(text)

        def build(parsed: Parsed, source: str) -> Article:
            return build_article(
                parsed, source=source, overrides=item.overrides, max_chars=self.max_chars
            )

        if kind not in ("json", "jsonl"):
            if kind == "markdown":
                return [build(parse_markdown(text, name), name)]
            if kind == "html":
                return [build(parse_html(text, name), name)]
            return [build(parse_text(text), name)]
        data_json = load_json(text, name, lines=kind == "jsonl")
        if kind == "json" and item.path is not None and looks_like_manifest(data_json):
            if item.named_in:
                raise InputError(
                    f"{name}: a manifest entry must name an article file, not a manifest"
                )
            # already confined as an item; its entries stay inside its own folder
            return [
                a for sub in self._manifest(item.path, (), data_json) for a in self._collect(sub)
            ]
        articles: list[Article] = []
        for where, record in iter_records(data_json, name, lines=kind == "jsonl"):

            def one(where: str = where, record: object = record) -> None:
                if isinstance(record, InputError):
                    raise record
                articles.append(build(parse_record(record, where), where))  # type: ignore[arg-type]

            self.guarded(where, one)
        return articles

    def _collect(self, item: _Item) -> Iterator[Article]:
        loaded: list[Article] = []
        self.guarded(item.name, lambda: loaded.extend(self.load_item(item)))
        yield from loaded


def _not_folder(path: Path) -> bool:
    """False for a sub-folder (folders are not recursive); anything else is a candidate file,
    so a pipe, a broken link or an unreadable entry is reported rather than silently passed."""
    try:
        return not path.is_dir()
    except OSError:
        return True


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
            safejson.loads(text)
            return "json"
        except safejson.TooDeep:
            return "json"  # refused, naming the depth, when read as JSON
        except json.JSONDecodeError:
            return "jsonl"
    return "text"
