"""RSS/Atom feeds: valid feeds give their entries; a document that is not a feed is one line;
a truncated feed keeps the entries before the break and says so. Feed texts here are written
for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarize.cli import main
from summarize.errors import InputError
from summarize.stories.feeds import looks_like_feed, parse_feed

BODY = (
    "The river burst its banks on Tuesday and flooded the old town of Lindau, officials said. "
    "About 400 residents were moved to a school gym overnight while pumps ran until morning."
)
RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Lake Daily</title>
<item><title>Flood hits Lindau old town</title><link>https://lake.example/flood</link>
<pubDate>Tue, 07 Sep 2021 08:00:00 GMT</pubDate>
<description>&lt;p&gt;{BODY}&lt;/p&gt;</description></item>
<item><title>Second item</title><link>https://lake.example/two</link>
<description>Short.</description></item>
</channel></rss>"""
ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Alpine Wire</title>
<entry><title>Lindau flooded as river bursts banks</title>
<link href="https://alpine.example/lindau"/><updated>2021-09-07T09:30:00Z</updated>
<content type="html">&lt;p&gt;{BODY}&lt;/p&gt;</content></entry></feed>"""


def test_rss_entries() -> None:
    feed = parse_feed(RSS.encode(), "lake.xml")
    assert feed.title == "Lake Daily" and feed.problem is None
    first = feed.entries[0]
    assert (first.number, first.title, first.link) == (
        1,
        "Flood hits Lindau old town",
        "https://lake.example/flood",
    )
    assert first.published == "2021-09-07T08:00:00+00:00"
    assert first.html is not None and "400 residents" in first.html
    assert len(feed.entries) == 2


def test_atom_entries() -> None:
    feed = parse_feed(ATOM.encode(), "alpine.atom")
    assert feed.title == "Alpine Wire"
    assert feed.entries[0].link == "https://alpine.example/lindau"
    assert feed.entries[0].published == "2021-09-07T09:30:00+00:00"
    assert looks_like_feed(ATOM.encode()) and not looks_like_feed(b"<html><p>x</p></html>")


@pytest.mark.parametrize("data", [b"just some words, not XML", b"<html><body>hi</body></html>"])
def test_not_a_feed(data: bytes) -> None:
    with pytest.raises(InputError, match=r"^x\.xml: not an RSS or Atom feed"):
        parse_feed(data, "x.xml")


def test_truncated_feed_keeps_entries_before_the_break() -> None:
    cut = RSS[: RSS.index("<item><title>Second") + 20]
    feed = parse_feed(cut.encode(), "cut.xml")
    assert [e.title for e in feed.entries] == ["Flood hits Lindau old town"]
    assert feed.problem is not None and "truncated or malformed feed" in feed.problem
    assert "1 entry read" in feed.problem


def test_cli_reads_feeds_and_reports_bad_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "lake.xml").write_text(RSS, encoding="utf-8")
    (tmp_path / "alpine.atom").write_text(ATOM, encoding="utf-8")
    (tmp_path / "broken.rss").write_text("this is not a feed", encoding="utf-8")
    out = tmp_path / "out"
    code = main(
        [
            "stories",
            str(tmp_path / "lake.xml"),
            str(tmp_path / "alpine.atom"),
            str(tmp_path / "broken.rss"),
            "--feed-text",
            "--index-only",
            "-o",
            str(out),
        ]
    )
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err
    lines = [line for line in err.splitlines() if "broken.rss" in line]
    assert len(lines) == 1 and "not an RSS or Atom feed" in lines[0]
    # the short second entry is too short to be an article: one line, the rest read
    assert sum("lake.xml#2" in line for line in err.splitlines()) == 1
    index = (out / "index.json").read_text(encoding="utf-8")
    assert '"source": "' + str(tmp_path / "lake.xml") + '#1"' in index
    assert "alpine.atom#1" in index
