"""Issue 27 (part A): what a hostile feed, page, server or planted file could do to
`summarize stories`, each case reproduced against the SYNTHETIC server of `hostile_server` on
127.0.0.1 or a file in tmp (feeds and pages written for these tests)."""

from __future__ import annotations

import json
import os
import re
import socket
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from summarize.cli import main
from summarize.errors import InputError
from summarize.stories import inputs as stories_inputs
from summarize.stories.fetch import Fetcher, FetchSettings
from summarize.stories.outpaths import inside_output
from tests.fake_servers import head, hostile_server, page, reset, whole

BODY = (
    "The river burst its banks on Tuesday and flooded the old town of Lindau, officials said. "
    "About 400 residents were moved to a school gym overnight while pumps ran until morning."
)


def rss(links: list[str], *, title: str = "Lake Daily", text: bool = True) -> str:
    items = "".join(
        f"<item><title>Story {n} about Lindau</title><link>{link}</link>"
        + (f"<description>&lt;p&gt;{BODY} Item {n}.&lt;/p&gt;</description>" if text else "")
        + "</item>"
        for n, link in enumerate(links, 1)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}'
        f"</title>{items}</channel></rss>"
    )


def _fetcher(tmp_path: Path, **settings: Any) -> Fetcher:
    return Fetcher(tmp_path / "pages", FetchSettings(**settings))


def _run(tmp_path: Path, *args: str, out: str = "out") -> int:
    return main(["stories", *args, "--index-only", "-o", str(tmp_path / out)])


def _index(tmp_path: Path, out: str = "out") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((tmp_path / out / "index.json").read_text("utf-8"))
    return data


@pytest.fixture(autouse=True)
def _pages_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZE_PAGES_DIR", str(tmp_path / "pages"))


# --- 1. server-side request forgery through a feed's links --------------------------------------


def test_1_feed_links_to_this_machine_are_refused_before_any_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "INTERNAL-ADMIN-PAGE-7731"
    with hostile_server({"/admin": whole(page(extra=secret))}) as server:
        feed = tmp_path / "feed.xml"
        links = [f"{server.base}/admin", server.base.replace("127.0.0.1", "localhost") + "/admin"]
        feed.write_text(rss(links), encoding="utf-8")
        code = _run(tmp_path, str(feed))
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err
    assert server.hits == []  # nothing was sent to the internal address
    problems = _index(tmp_path)["problems"]
    refused = [p for p in problems if "loopback address" in p and "--allow-private-hosts" in p]
    assert len(refused) == 2
    assert secret not in (tmp_path / "out" / "index.json").read_text("utf-8")
    # the entries are still read, from the feed's own text
    assert _index(tmp_path)["articles"] == 2


def test_1_allow_private_hosts_lets_the_user_fetch_them(tmp_path: Path) -> None:
    with hostile_server({"/admin": whole(page(extra="INTRANET"))}) as server:
        feed = tmp_path / "feed.xml"
        feed.write_text(rss([f"{server.base}/admin"]), encoding="utf-8")
        assert _run(tmp_path, str(feed), "--allow-private-hosts") == 0
    assert server.hits == ["/admin"]


def test_1_a_feed_named_on_an_internal_host_vouches_for_its_links(tmp_path: Path) -> None:
    with hostile_server({"/page": whole(page())}) as server:
        server.routes["/feed.xml"] = whole(
            rss([f"{server.base}/page"]).encode(), "application/rss+xml"
        )
        assert _run(tmp_path, f"{server.base}/feed.xml") == 0
    assert server.hits == ["/feed.xml", "/page"]


def test_1_an_internal_page_in_the_cache_is_not_served_to_a_feed(tmp_path: Path) -> None:
    """Named by the user once (fetched, cached), the same internal URL from a feed is refused."""
    with hostile_server({"/admin": whole(page(extra="CACHED-INTERNAL"))}) as server:
        fetcher = _fetcher(tmp_path)
        assert fetcher.get(f"{server.base}/admin").from_cache is False
        with pytest.raises(InputError, match="loopback address"):
            fetcher.get(f"{server.base}/admin", allow_private=False)
        assert fetcher.get(f"{server.base}/admin").from_cache is True
    assert server.hits == ["/admin"]


def test_1_the_address_connected_to_is_checked_not_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: whatever a name resolved to earlier, the socket's peer decides."""
    with hostile_server({"/page": whole(page())}) as server, pytest.raises(InputError) as caught:
        url = server.base.replace("127.0.0.1", "rebound.test") + "/page"
        real = socket.getaddrinfo
        monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: real("127.0.0.1", *a, **k))
        _fetcher(tmp_path).get(url, allow_private=False)
    assert "127.0.0.1 is a loopback address" in str(caught.value)
    assert server.hits == []


def test_1_through_a_proxy_the_name_is_checked_before_the_proxy_is_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with hostile_server() as proxy:  # would receive "GET http://10.0.0.1/x" if asked
        for name in ("no_proxy", "NO_PROXY"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("http_proxy", proxy.base)
        with pytest.raises(InputError, match=r"10\.0\.0\.1 is a private address"):
            _fetcher(tmp_path).get("http://10.0.0.1/x", allow_private=False)
    assert proxy.hits == []


# --- 2. one deadline per fetch, body included --------------------------------------------------


@pytest.mark.parametrize("chunked", [False, True])
def test_2_a_trickling_body_ends_at_the_deadline(tmp_path: Path, chunked: bool) -> None:
    with hostile_server() as server:
        server.routes["/slow"] = server.trickle(chunked=chunked)
        started = time.monotonic()
        with pytest.raises(InputError) as caught:
            _fetcher(tmp_path, timeout=1.0).get(f"{server.base}/slow")
        took = time.monotonic() - started
    assert "timed out after 1 s (body not finished)" in str(caught.value)
    assert took < 3.0  # the deadline holds (generous for a shared machine)


def test_2_headers_that_never_come_end_at_the_deadline(tmp_path: Path) -> None:
    def silent(sock: socket.socket, _: dict[str, str]) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\n")
        time.sleep(5)

    with hostile_server({"/silent": silent}) as server:
        started = time.monotonic()
        with pytest.raises(InputError, match=r"timed out after 0\.5 s$"):
            _fetcher(tmp_path, timeout=0.5).get(f"{server.base}/silent")
    assert time.monotonic() - started < 2.5


# --- 3 and 4. bodies cut short are failures, and one bad link loses nothing else -----------------


def _cut_chunked(sock: socket.socket, _: dict[str, str]) -> None:
    sock.sendall(head(Transfer_Encoding="chunked") + b"40\r\n" + b"<p>" + b"y" * 61 + b"\r\n")
    sock.close()  # no last chunk


def _reset_mid_body(sock: socket.socket, _: dict[str, str]) -> None:
    sock.sendall(head(Content_Length="5000") + page()[:300])
    time.sleep(0.1)
    reset(sock)


def _short_body(sock: socket.socket, _: dict[str, str]) -> None:
    body = page()
    sock.sendall(head(Content_Length=str(len(body) + 500)) + body)
    sock.close()


@pytest.mark.parametrize("route", [_cut_chunked, _reset_mid_body, _short_body])
def test_3_4_a_body_cut_short_is_a_failure_and_never_cached(tmp_path: Path, route: Any) -> None:
    with hostile_server({"/cut": route}) as server, pytest.raises(InputError) as caught:
        _fetcher(tmp_path).get(f"{server.base}/cut")
    message = str(caught.value)
    assert message.startswith(f"{server.base}/cut: ") and "\n" not in message
    assert "body cut short" in message or "cannot fetch" in message
    assert not list((tmp_path / "pages").glob("*.html"))


def test_3_bad_links_are_skipped_entries_and_the_index_keeps_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    routes = {"/cut": _cut_chunked, "/reset": _reset_mid_body, "/short": _short_body}
    with hostile_server(routes) as server:
        server.routes["/good"] = whole(page("Lindau flood: 400 moved to school", "Alpine Wire"))
        server.routes["/feed.xml"] = whole(
            rss(
                [f"{server.base}{p}" for p in ("/cut", "/reset", "/short", "/good")], text=False
            ).encode(),
            "application/rss+xml",
        )
        code = _run(tmp_path, f"{server.base}/feed.xml")
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err
    data = _index(tmp_path)
    assert data["articles"] == 1  # the good page
    for path in ("/cut", "/reset", "/short"):
        assert sum(f"{server.base}{path}:" in p for p in data["problems"]) == 1


# --- 5. a cap on the pages one feed may make us fetch -------------------------------------------


def test_5_pages_per_feed_are_capped(tmp_path: Path) -> None:
    with hostile_server() as server:
        for n in range(30):
            server.routes[f"/p{n}"] = whole(page(f"Story {n} in Lindau", f"Outlet {n}"))
        server.routes["/feed.xml"] = whole(
            rss([f"{server.base}/p{n}" for n in range(30)]).encode(), "application/rss+xml"
        )
        assert _run(tmp_path, f"{server.base}/feed.xml", "--max-feed-pages", "5") == 0
    assert len(server.hits) == 1 + 5
    data = _index(tmp_path)
    assert data["articles"] == 30  # the rest from the feed's own text
    assert any("25 entries past the cap of 5 pages per feed" in p for p in data["problems"])


# --- 6 and 7. local feeds: folder rules and a size check before parsing --------------------------


def test_6_local_feeds_follow_the_folder_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "private.xml").write_text(rss(["https://a.example/x"], title="PRIVATE"), "utf-8")
    folder = tmp_path / "feeds"
    folder.mkdir()
    (folder / "link.xml").symlink_to(outside / "private.xml")
    (folder / ".secret.xml").write_text(rss(["https://a.example/s"], title="HIDDEN"), "utf-8")
    (folder / "notes.bak").write_text(rss(["https://a.example/n"], title="BACKUP"), "utf-8")
    (folder / "day.xml").write_text(rss(["https://a.example/d"], title="Lake Daily"), "utf-8")
    assert _run(tmp_path, str(folder), "--feed-text") == 0
    text = (tmp_path / "out" / "index.json").read_text("utf-8")
    data = json.loads(text)
    assert data["articles"] == 1 and "Lake Daily" in text
    assert not any(word in text for word in ("PRIVATE", "HIDDEN", "BACKUP", "a.example/s"))
    assert any(p.startswith(f"{folder / 'link.xml'}: resolves to") for p in data["problems"])
    # --allow-outside lifts the confinement (not the hidden-file and suffix rules)
    assert _run(tmp_path, str(folder), "--feed-text", "--allow-outside", out="out2") == 0
    text = (tmp_path / "out2" / "index.json").read_text("utf-8")
    assert "a.example/x" in text and "HIDDEN" not in text and "BACKUP" not in text


def test_7_a_huge_local_feed_is_refused_unread_naming_the_users_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "huge.xml"
    with feed.open("w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>')
        handle.write("<item><title>x</title><description>" + "y" * 6_000_000 + "</description>")
        handle.write("</item></channel></rss>")

    def no_parse(*_: object) -> None:
        raise AssertionError("parsed before the size check")

    monkeypatch.setattr(stories_inputs, "parse_feed", no_parse)
    code = main(["stories", str(feed), "--index-only", "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err  # nothing usable: the run stops with the reason
    assert f"{feed}: feed is {feed.stat().st_size:,} bytes, over the limit of 5,000,000" in err


def test_7_the_size_error_is_one_line_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.xml"
    big.write_text(rss(["https://a.example/b"]) + " " * 3000, "utf-8")
    (tmp_path / "ok.xml").write_text(rss(["https://a.example/o"]), "utf-8")
    args = [str(big), str(tmp_path / "ok.xml"), "--feed-text", "--max-page-bytes", "2000"]
    assert _run(tmp_path, *args) == 0
    problems = _index(tmp_path)["problems"]
    assert problems == [
        f"{big}: feed is {big.stat().st_size:,} bytes, over the limit of 2,000 "
        "(--max-page-bytes); not read"
    ]
    assert "/tmp/summarize-feed" not in capsys.readouterr().err


# --- 9 and 10. outputs: a planted index.json, the index page's CSP ------------------------------


def _pool(tmp_path: Path) -> Path:
    from tests.stories_fixtures import records, write_pool

    return write_pool(tmp_path / "pool.jsonl", records(["flood"], wire=False, single=False))


def test_9_a_planted_index_cannot_redirect_writes_or_inject_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = _pool(tmp_path)
    assert _run(tmp_path, str(pool)) == 0
    data = _index(tmp_path)
    story = data["stories"][0]
    real_id = story["id"]
    (tmp_path / "secret.md").write_text("not ours", "utf-8")
    planted = dict(story, id="../../ESCAPED", status="briefed")
    planted["briefing"] = {"md": "javascript:alert(1)", "json": "stories/x.json"}
    other = dict(data["stories"][-1], status="briefed")
    other["briefing"] = {"md": "../secret.md", "json": "../secret.md", "x": "javascript:alert(2)"}
    data["stories"] = [planted, *data["stories"][1:-1], other]
    (tmp_path / "out" / "index.json").write_text(json.dumps(data), "utf-8")
    assert _run(tmp_path, str(pool)) == 0
    err = capsys.readouterr().err
    assert "story id '../../ESCAPED' is not a plain name; ignored" in err
    assert not list(tmp_path.parent.glob("ESCAPED*")) and not list(tmp_path.glob("ESCAPED*"))
    for name in ("index.md", "index.html", "index.json"):
        text = (tmp_path / "out" / name).read_text("utf-8")
        assert "javascript:" not in text and "secret.md" not in text and "ESCAPED" not in text
    assert real_id in {s["id"] for s in _index(tmp_path)["stories"]}
    assert all(s["briefing"] == {} for s in _index(tmp_path)["stories"])


def test_9_briefing_paths_stay_inside_the_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (out / "stories").symlink_to(tmp_path / "elsewhere")  # planted
    with pytest.raises(InputError, match="outside the output folder"):
        inside_output(out, "stories/s-0123456789ab.md")
    assert inside_output(tmp_path, "out/index.md") == tmp_path / "out/index.md"


def test_10_the_index_page_has_the_briefings_csp(tmp_path: Path) -> None:
    from summarize.render.html.page import csp

    assert _run(tmp_path, str(_pool(tmp_path))) == 0
    page_text = (tmp_path / "out" / "index.html").read_text("utf-8")
    policy = re.search(r'Content-Security-Policy" content="([^"]+)"', page_text)
    assert policy is not None
    style = re.search(r"<style>(.*?)</style>", page_text, re.S)
    assert style is not None and policy.group(1) == csp(style.group(1))
    for directive in ("default-src 'none'", "script-src 'none'", "base-uri 'none'"):
        assert directive in policy.group(1)
    assert "form-action 'none'" in policy.group(1) and "unsafe" not in policy.group(1)


# --- 15. credentials in a feed URL ------------------------------------------------------------


def test_15_credentials_in_a_feed_url_are_userinfo_and_never_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = "FEED-KEY-90210"

    def feed(sock: socket.socket, headers: dict[str, str]) -> None:
        import base64

        expected = "Basic " + base64.b64encode(f"reader:{key}".encode()).decode()
        if headers.get("authorization") != expected:
            sock.sendall(head("401 Unauthorized", "text/plain", Content_Length="2") + b"no")
            return
        whole(rss([f"{server.base}/missing"]).encode(), "application/rss+xml")(sock, headers)

    with hostile_server({"/feed.xml": feed}) as server:
        url = server.base.replace("http://", f"http://reader:{key}@") + "/feed.xml"
        assert _run(tmp_path, url) == 0
    assert server.hits[0] == "/feed.xml"
    err = capsys.readouterr().err
    assert _index(tmp_path)["articles"] == 1 and key not in err and "reader" not in err
    for path in [*(tmp_path / "out").iterdir(), *(tmp_path / "pages").iterdir()]:
        if path.is_file():
            assert key not in path.read_text("utf-8", errors="replace"), path
    assert f"{server.base}/feed.xml#1" in (tmp_path / "out" / "index.json").read_text("utf-8")


# --- 17. a pages folder the user named is never chmod-ed ----------------------------------------


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_17_an_open_pages_dir_from_the_environment_is_refused_not_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    monkeypatch.setenv("SUMMARIZE_PAGES_DIR", str(shared))
    code = _run(tmp_path, "https://example.org/x")
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert f"{shared}: cannot use as page cache: others can access it (mode 0777)" in err
    assert stat.S_IMODE(shared.stat().st_mode) == 0o777
