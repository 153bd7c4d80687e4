"""Everything `summarize stories` reads, into one pool: what `summarize articles` reads, RSS/Atom
feed files and URLs, and article URLs (fetched politely, extracted by the loader's HTML path).

Bad inputs never stop the rest: each becomes one line in `problems`.

Feed files follow the article loader's folder rules (docs/ARTICLES.md): in a named folder only
visible files with a feed suffix (.rss, .atom, .xml) are read, and each must resolve inside a
folder named on the command line (`--allow-outside` lifts that); a file named on the command line
is read wherever it is. Every feed file is size-checked before it is read or parsed, against the
fetched pages' cap (`--max-page-bytes`; a 4.9 MB feed parses at 110 MB peak, docs/STORIES.md).

A feed's entry links go to the fetcher with `allow_private` off (see `hosts`) unless the user
allows it or the feed itself was named on an internal host; at most `max_feed_pages` of them are
fetched per feed, the entries past the cap are read from the feed's own text.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from summarize.articles import FORMATS, Article, load_articles
from summarize.articles.build import build_article
from summarize.articles.confine import check_inside, resolved
from summarize.articles.html import visible_text
from summarize.articles.metadata import outlet_from_url
from summarize.articles.read import os_error, read_bytes
from summarize.articles.records import parse_record
from summarize.errors import InputError
from summarize.stories.feeds import FEED_SUFFIXES, Entry, Feed, looks_like_feed, parse_feed
from summarize.stories.fetch import Fetcher, is_url, shown_url
from summarize.stories.hosts import is_internal_host


@dataclass
class Gathered:
    articles: list[Article] = field(default_factory=list)  # ids A1.. in input order
    problems: list[str] = field(default_factory=list)  # one line each: "where: what"


@dataclass(frozen=True)
class GatherOptions:
    max_chars: int = 200_000
    allow_outside: bool = False
    fetch_links: bool = True  # fetch each feed entry's page; else use the feed's own text
    allow_private_hosts: bool = False  # entry links may point at internal addresses
    max_feed_pages: int = 100  # entry pages fetched per feed; the rest use the feed's text
    max_feed_bytes: int = 5_000_000  # a feed file larger than this is refused unread


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

    def _fetch(self, url: str, *, allow_private: bool = True) -> Path | None:
        if self.fetcher is None:
            self.out.problems.append(f"{shown_url(url)}: not fetched (fetching is off)")
            return None
        try:
            return self.fetcher.get(url, allow_private=allow_private).path
        except InputError as exc:
            self.out.problems.append(str(exc))
            return None

    def url(self, url: str) -> list[Article]:
        """A URL the user named: fetched wherever it points (they named it)."""
        path = self._fetch(url)
        if path is None:
            return []
        shown = shown_url(url)
        if path.suffix == ".xml":
            data = self._feed_bytes(path, shown)
            if data is None:
                return []
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
            # An intranet feed (named on an internal host) vouches for links to such hosts.
            private = self.options.allow_private_hosts or is_internal_host(
                parts.hostname or "", port
            )
            return self.feed(data, shown, allow_private=private)
        return [self._as_url(a, shown) for a in self._load([path])]

    def feed_file(self, path: Path, name: str) -> list[Article]:
        data = self._feed_bytes(path, name)
        if data is None:
            return []
        return self.feed(data, name, allow_private=self.options.allow_private_hosts)

    def _feed_bytes(self, path: Path, name: str) -> bytes | None:
        """The feed's bytes, refused unread over the cap; errors name `name` (the user's)."""
        limit = self.options.max_feed_bytes
        try:
            size = os.stat(path).st_size
            if size > limit:
                raise InputError(
                    f"{name}: feed is {size:,} bytes, over the limit of {limit:,} "
                    "(--max-page-bytes); not read"
                )
            return read_bytes(path, limit)
        except OSError as exc:
            self.out.problems.append(str(os_error(name, exc)))
        except InputError as exc:
            message = str(exc)
            if message.startswith(f"{path}: "):
                message = f"{name}: " + message[len(str(path)) + 2 :]
            self.out.problems.append(message)
        return None

    def _as_url(self, article: Article, url: str, source: str | None = None) -> Article:
        return dataclasses.replace(
            article,
            source=source or url,
            url=article.url or url,
            outlet=article.outlet or outlet_from_url(article.url or url),
        )

    def feed(self, data: bytes, name: str, *, allow_private: bool = False) -> list[Article]:
        try:
            feed = parse_feed(data, name)
        except InputError as exc:
            self.out.problems.append(str(exc))
            return []
        if feed.problem:
            self.out.problems.append(f"{name}: {feed.problem}")
        articles: list[Article] = []
        pages = 0
        past_cap = 0
        for entry in feed.entries:
            fetch = self.options.fetch_links and bool(entry.link) and is_url(entry.link or "")
            if fetch and pages >= self.options.max_feed_pages:
                fetch, past_cap = False, past_cap + 1
            pages += fetch
            articles += self._entry(entry, feed, name, fetch=fetch, allow_private=allow_private)
        if past_cap:
            self.out.problems.append(
                f"{name}: {past_cap} entr{'y' if past_cap == 1 else 'ies'} past the cap of "
                f"{self.options.max_feed_pages} pages per feed: not fetched, read from the "
                "feed's own text where it has any (--max-feed-pages)"
            )
        return articles

    def _entry(
        self, entry: Entry, feed: Feed, name: str, *, fetch: bool, allow_private: bool
    ) -> list[Article]:
        where = f"{name}#{entry.number}"
        if fetch and entry.link:
            path = self._fetch(entry.link, allow_private=allow_private)
            if path is not None and path.suffix == ".html":
                loaded = self._load([path])
                if loaded:
                    return [self._from_entry(loaded[0], entry, feed, where)]
        if not entry.html:
            self.out.problems.append(f"{where}: entry has no text and its page was not read")
            return []
        # The feed's own text, through the loader's record path (cleaning, size checks).
        record = {"text": visible_text(entry.html).text, "title": entry.title}
        try:
            article = build_article(
                parse_record(record, where), source=where, max_chars=self.options.max_chars
            )
        except InputError as exc:
            self.out.problems.append(str(exc))
            return []
        # Its outlet is the feed's, not one guessed from the entry's name.
        return [self._from_entry(dataclasses.replace(article, outlet=None), entry, feed, where)]

    def _from_entry(self, article: Article, entry: Entry, feed: Feed, where: str) -> Article:
        link = shown_url(entry.link) if entry.link else None
        return dataclasses.replace(
            article,
            source=where,
            title=entry.title or article.title,
            url=link or article.url,
            published=entry.published or article.published,
            outlet=article.outlet or feed.title or outlet_from_url(link),
        )


def _is_feed_file(path: Path) -> bool:
    """A file named on the command line that is a feed: by its suffix, else by its head."""
    try:
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return path.suffix.lower() in FEED_SUFFIXES or looks_like_feed(head)


def _folder_feeds(folder: Path) -> list[Path]:
    """The feeds of a named folder, by the loader's rules: visible files with a feed suffix."""
    try:
        names = sorted(folder.iterdir())
    except OSError:
        return []  # the loader reports the folder
    return [
        p
        for p in names
        if not p.name.startswith(".") and p.suffix.lower() in FEED_SUFFIXES and not p.is_dir()
    ]


def _named_roots(inputs: Sequence[str]) -> tuple[Path, ...]:
    roots: list[Path] = []
    for raw in inputs:
        try:
            if raw != "-" and not is_url(raw) and Path(raw).is_dir():
                roots.append(resolved(Path(raw)))
        except (OSError, InputError):
            continue
    return tuple(dict.fromkeys(roots))


def gather(
    inputs: Sequence[str], fetcher: Fetcher | None, options: GatherOptions | None = None
) -> Gathered:
    """Every article the inputs hold, renumbered A1.. in input order; problems as lines. Files
    and folders go through the article loader (feeds in a folder are read as feeds too)."""
    options = options or GatherOptions()
    gatherer = _Gatherer(fetcher, options)
    named = _named_roots(inputs)
    articles: list[Article] = []
    for raw in inputs:
        if is_url(raw):
            articles += gatherer.url(raw)
            continue
        path = Path(raw)
        if raw != "-" and _is_feed_file(path):
            articles += gatherer.feed_file(path, raw)
            continue
        if raw != "-" and path.is_dir():
            feeds = _folder_feeds(path)
            for feed in feeds:
                try:
                    if not options.allow_outside:
                        check_inside(feed, tuple(dict.fromkeys((resolved(path), *named))))
                except InputError as exc:
                    gatherer.out.problems.append(str(exc))
                    continue
                articles += gatherer.feed_file(feed, str(feed))
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
