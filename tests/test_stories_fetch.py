"""Polite URL fetching against a SYNTHETIC page server on 127.0.0.1 (pages written for the
tests): an HTML page is read through the article loader's HTML path and cached (0700); a
timeout, a redirect to another host, a non-HTML type and a huge body are one line each."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from summarize.cli import main
from summarize.errors import InputError
from summarize.stories.fetch import Fetcher, FetchSettings

from .fake_servers import Reply, web_server

PAGE = """<!doctype html><html><head><title>Flood hits Lindau old town</title>
<meta property="og:site_name" content="Lake Daily"></head><body><article>
<h1>Flood hits Lindau old town</h1>
<p>The river burst its banks on Tuesday and flooded the old town of Lindau, officials said on
Wednesday morning after a night of heavy rain across the region and the lake shore.</p>
<p>About 400 residents were moved to a school gym overnight while pumps ran until morning, and
the mayor asked people to stay away from the harbour until the water had gone down again.</p>
</article></body></html>"""


@contextmanager
def page_server() -> Iterator[tuple[str, list[str]]]:
    html = "text/html; charset=utf-8"
    pages = {
        "/page": Reply(raw=PAGE.encode(), content_type=html),
        "/moved": Reply(302, raw=b"", headers={"Location": "/page"}),
        "/image": Reply(raw=b"\x89PNG....", content_type="image/png"),
        "/huge": Reply(raw=b"<p>" + b"x" * 5000 + b"</p>"),
        "/huge-unsized": Reply(raw=(b"<p>" + b"y" * 1000) * 10, content_length=False),
        "/slow": Reply(raw=PAGE.encode(), delay=2),
    }
    with web_server(pages) as (base, site):
        port = base.rsplit(":", 1)[1]
        site.pages["/elsewhere"] = Reply(
            302, raw=b"", headers={"Location": f"http://localhost:{port}/page"}
        )
        yield base, site.hits


def _fetcher(tmp_path: Path, **settings: Any) -> Fetcher:
    return Fetcher(tmp_path / "pages", FetchSettings(**settings))


def test_page_is_fetched_once_then_cached_privately(tmp_path: Path) -> None:
    with page_server() as (base, hits):
        fetcher = _fetcher(tmp_path)
        first = fetcher.get(f"{base}/page")
        again = fetcher.get(f"{base}/page")
    assert hits == ["/page"]
    assert (first.from_cache, again.from_cache) == (False, True)
    assert first.content_type == "text/html" and first.path.suffix == ".html"
    assert stat.S_IMODE((tmp_path / "pages").stat().st_mode) == 0o700
    assert stat.S_IMODE(first.path.stat().st_mode) == 0o600


def test_same_host_redirect_is_followed(tmp_path: Path) -> None:
    with page_server() as (base, hits):
        page = _fetcher(tmp_path).get(f"{base}/moved")
    assert page.final_url == f"{base}/page" and hits == ["/moved", "/page"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/elsewhere", "redirects to another host (localhost); not followed"),
        ("/image", "not an HTML page or feed (content type image/png)"),
        ("/huge", "too large (5,007 bytes; the limit is 1,000); not downloaded"),
        ("/huge-unsized", "body larger than the limit (1,000 bytes)"),
        ("/slow", "timed out after 0.5 s"),
        ("/missing", "HTTP 404"),
    ],
)
def test_bad_urls_are_one_clear_error(tmp_path: Path, path: str, message: str) -> None:
    with page_server() as (base, hits), pytest.raises(InputError) as caught:
        _fetcher(tmp_path, max_bytes=1000, timeout=0.5).get(base + path)
    assert str(caught.value).startswith(f"{base}{path}: ")
    assert message in str(caught.value)
    assert "localhost" not in "".join(hits[1:]) and hits[0] == path  # nothing else fetched


def test_cli_reads_urls_and_skips_bad_ones_with_one_line_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZE_PAGES_DIR", str(tmp_path / "pages"))
    out = tmp_path / "out"
    with page_server() as (base, _):
        urls = [f"{base}/page", f"{base}/image", f"{base}/elsewhere", f"{base}/slow"]
        code = main(["stories", *urls, "--index-only", "--fetch-timeout", "0.5", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err
    skipped = [line for line in err.splitlines() if line.startswith("summarize: skipped")]
    assert len(skipped) == 3
    for url in urls[1:]:
        assert sum(url in line for line in skipped) == 1
    index = (out / "index.json").read_text(encoding="utf-8")
    assert f'"source": "{base}/page"' in index and '"outlet": "Lake Daily"' in index
