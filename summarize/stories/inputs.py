"""Everything `summarize stories` reads, into one pool: what `summarize articles` reads, RSS/Atom
feed files and URLs, and article URLs (fetched politely, extracted by the loader's HTML path).

Bad inputs never stop the rest: each becomes one line in `problems`.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from summarize.articles import FORMATS, Article, load_articles
from summarize.articles.html import visible_text
from summarize.articles.metadata import outlet_from_url
from summarize.errors import InputError
from summarize.stories.feeds import FEED_SUFFIXES, Entry, Feed, looks_like_feed, parse_feed
from summarize.stories.fetch import Fetcher, is_url


@dataclass
class Gathered:
    articles: list[Article] = field(default_factory=list)  # ids A1.. in input order
    problems: list[str] = field(default_factory=list)  # one line each: "where: what"


@dataclass(frozen=True)
class GatherOptions:
    max_chars: int = 200_000
    allow_outside: bool = False
    fetch_links: bool = True  # fetch each feed entry's page; else use the feed's own text


class _Gatherer:
    def __init__(self, fetcher: Fetcher | None, options: GatherOptions) -> None:
        self.fetcher = fetcher
        self.options = options
        self.out = Gathered()

    def _load(self, paths: Sequence[str | Path]) -> list[Article]:
        """The article loader over `paths`, its problems kept as lines."""
        try:
            result = load_articles(
                paths,
                skip_bad=True,
                max_chars=self.options.max_chars,
                allow_outside=self.options.allow_outside,
            )
        except InputError as exc:  # nothing usable in these paths
            if not any(str(exc).startswith(f"{p}:") for p in paths) and len(paths) == 1:
                self.out.problems.append(f"{paths[0]}: {exc}")
            else:
                self.out.problems.append(str(exc))
            return []
        self.out.problems.extend(str(p) for p in result.problems)
        return result.articles

    def _fetch(self, url: str) -> Path | None:
        if self.fetcher is None:
            self.out.problems.append(f"{url}: not fetched (fetching is off)")
            return None
        try:
            return self.fetcher.get(url).path
        except InputError as exc:
            self.out.problems.append(str(exc))
            return None

    def url(self, url: str) -> list[Article]:
        path = self._fetch(url)
        if path is None:
            return []
        if path.suffix == ".xml":
            return self.feed(path.read_bytes(), url)
        return [self._as_url(a, url) for a in self._load([path])]

    def _as_url(self, article: Article, url: str, source: str | None = None) -> Article:
        return dataclasses.replace(
            article,
            source=source or url,
            url=article.url or url,
            outlet=article.outlet or outlet_from_url(article.url or url),
        )

    def feed(self, data: bytes, name: str) -> list[Article]:
        try:
            feed = parse_feed(data, name)
        except InputError as exc:
            self.out.problems.append(str(exc))
            return []
        if feed.problem:
            self.out.problems.append(f"{name}: {feed.problem}")
        articles: list[Article] = []
        for entry in feed.entries:
            articles += self._entry(entry, feed, name)
        return articles

    def _entry(self, entry: Entry, feed: Feed, name: str) -> list[Article]:
        where = f"{name}#{entry.number}"
        if self.options.fetch_links and entry.link and is_url(entry.link):
            path = self._fetch(entry.link)
            if path is not None and path.suffix == ".html":
                loaded = self._load([path])
                if loaded:
                    return [self._from_entry(loaded[0], entry, feed, where)]
        if not entry.html:
            self.out.problems.append(f"{where}: entry has no text and its page was not read")
            return []
        # The feed's own text, through the loader (cleaning, size checks) as a JSON record.
        record = {"text": visible_text(entry.html).text, "title": entry.title}
        with tempfile.TemporaryDirectory(prefix="summarize-feed-") as tmp:
            path = Path(tmp) / "entry.json"
            path.write_text(json.dumps(record), encoding="utf-8")
            loaded = self._load([path])
        if not loaded:
            self.out.problems[-1] = f"{where}: " + self.out.problems[-1].split(": ", 1)[-1]
            return []
        return [self._from_entry(loaded[0], entry, feed, where)]

    def _from_entry(self, article: Article, entry: Entry, feed: Feed, where: str) -> Article:
        return dataclasses.replace(
            article,
            source=where,
            title=entry.title or article.title,
            url=entry.link or article.url,
            published=entry.published or article.published,
            outlet=article.outlet or feed.title or outlet_from_url(entry.link),
        )


def _is_feed_file(path: Path) -> bool:
    try:
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return path.suffix.lower() in FEED_SUFFIXES or looks_like_feed(head)


def gather(
    inputs: Sequence[str], fetcher: Fetcher | None, options: GatherOptions | None = None
) -> Gathered:
    """Every article the inputs hold, renumbered A1.. in input order; problems as lines. Files
    and folders go through the article loader (feeds in a folder are read as feeds too)."""
    gatherer = _Gatherer(fetcher, options or GatherOptions())
    articles: list[Article] = []
    for raw in inputs:
        if is_url(raw):
            articles += gatherer.url(raw)
            continue
        path = Path(raw)
        if raw != "-" and _is_feed_file(path):
            articles += gatherer.feed(path.read_bytes(), raw)
            continue
        if raw != "-" and path.is_dir():
            feeds = sorted(p for p in path.iterdir() if _is_feed_file(p))
            for feed in feeds:
                articles += gatherer.feed(feed.read_bytes(), str(feed))
            others = [
                p
                for p in path.iterdir()
                if p.suffix.lower() in FORMATS and p not in feeds and not p.name.startswith(".")
            ]
            if feeds and not others:
                continue
        articles += gatherer._load([raw])
    gathered = gatherer.out
    gathered.articles = [dataclasses.replace(a, id=f"A{n}") for n, a in enumerate(articles, 1)]
    return gathered
