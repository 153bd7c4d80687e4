"""Issue 27 (part B): what a hostile file, server or environment can do to inputs, backends,
batch import and the terminal. Each case is reproduced with a file in tmp or the SYNTHETIC fault
server on 127.0.0.1 (tests/fake_servers.py), and must end in one clear line or a documented safe
behaviour, never a traceback or a hang. The numbers are the issue's."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import BaseModel

from summarize import safejson
from summarize.cli import main
from summarize.errors import BackendError, ConfigError, InvalidOutputError
from summarize.llm import cache as cache_module
from summarize.llm.cache import ResponseCache
from summarize.llm.client import open_backend
from summarize.llm.profiles import BackendProfile
from summarize.llm.redact import redact_url
from summarize.llm.session import ModelSession
from summarize.prompts import RenderedPrompt
from summarize.settings import current

from .conftest import SEEDS
from .fake_servers import Reply, completion, fake_openai, web_server

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "seeds" / "000_22f48ac809cd61f1.txt"
DEEP = "[" * 100_000  # 100,000 levels: json.loads alone ends in RecursionError
PROMPT = RenderedPrompt("test", 1, "sha256:test", "system text", "user text")
# Nothing listens on port 9: batch import makes no call, so a live one would fail loudly.
BATCH_BACKEND = ["--backend", "vllm", "--base-url", "http://127.0.0.1:9/v1", "--quiet"]


class Answer(BaseModel):
    answer: str


def _session(base_url: str) -> ModelSession:
    profile = BackendProfile("fake", "server", base_url=base_url, model="synthetic", timeout=10)
    return ModelSession(open_backend(profile, max_retries=0), None)


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and "RecursionError" not in err
    return lines[0]


# 12. Deeply nested JSON -------------------------------------------------------------------


def test_the_depth_check_measures_nesting_not_brackets_in_strings() -> None:
    assert safejson.loads('{"t": "' + "[" * 5000 + '"}') == {"t": "[" * 5000}
    nested: object = 1
    for _ in range(safejson.MAX_DEPTH):
        nested = [nested]
    assert safejson.loads(json.dumps(nested)) == nested  # exactly at the limit: read
    with pytest.raises(safejson.TooDeep):
        safejson.loads(json.dumps([nested]))
    with pytest.raises(ValueError):  # unbalanced and deep: refused, not recursed into
        safejson.loads("[" * 5000 + "}" * 5000)


@pytest.mark.parametrize("suffix", [".json", ".jsonl", "-"])
def test_deep_json_article_input_is_one_line(
    tmp_path: Path,
    suffix: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / f"deep{suffix}"
    if suffix == "-":
        import io
        import sys

        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DEEP.encode())))
        arg = "-"
    else:
        path.write_text(DEEP + "\n")
        arg = str(path)
    assert main(["articles", arg]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert "nested deeper than 64 levels" in line
    assert (path.name if suffix != "-" else "<stdin>") in line


def test_deep_json_backend_body_is_the_backends_problem() -> None:
    with (
        fake_openai([Reply(raw=DEEP.encode())]) as (url, _),
        pytest.raises(BackendError, match="nested deeper than 64 levels") as caught,
    ):
        _session(url).structured(PROMPT, Answer)
    assert "\n" not in str(caught.value)


def test_deep_json_error_body_is_one_line() -> None:
    with (
        fake_openai([Reply(status=400, raw=DEEP.encode())]) as (url, _),
        pytest.raises(BackendError) as caught,
    ):
        _session(url).structured(PROMPT, Answer)
    assert "\n" not in str(caught.value) and len(str(caught.value)) < 500


@pytest.mark.parametrize("content", [DEEP, '{"answer": ' + DEEP])
def test_deep_json_message_content_is_an_unusable_answer(content: str) -> None:
    with (
        fake_openai([Reply(content=content)] * 3) as (url, server),
        pytest.raises(InvalidOutputError, match="unusable after 3 attempts") as caught,
    ):
        _session(url).structured(PROMPT, Answer)
    assert len(server.requests) == 3  # re-asked like any invalid answer
    assert "\n" not in str(caught.value)


def test_deep_json_batch_result_line_is_one_skipped_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = tmp_path / "results.jsonl"
    good = {"custom_id": "0" * 64, "response": {"status_code": 200, "body": completion("x")}}
    results.write_text(json.dumps(good) + "\n" + DEEP + "\n")
    assert main(["batch", "import", str(results), str(SEEDS), *BATCH_BACKEND]) == 5
    err = capsys.readouterr().err
    assert f"{results}:2: JSON nested deeper than 64 levels, skipped" in err
    assert "Traceback" not in err


# 13. batch import on a FIFO or a device -------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_batch_import_refuses_what_is_not_a_regular_file(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if kind == "fifo":
        target = tmp_path / "results.jsonl"
        os.mkfifo(target)  # no writer: opening it to read would wait forever
        expected = "not a regular file (a named pipe)"
    elif kind == "device":
        target = Path("/dev/zero")  # never ends
        expected = "not a regular file (a device)"
    else:
        target = tmp_path
        expected = "not a regular file (a folder)"
    assert main(["batch", "import", str(target), str(SEEDS), *BATCH_BACKEND]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert f"{target}: {expected}" in line


# 14. A key that cannot go into a header -------------------------------------------------


@pytest.mark.parametrize("bad", ["sk-abc\u2013def", "sk-abc def", "sk-abc\r\nX-Evil: 1"])
def test_a_key_that_is_not_header_safe_is_one_line_naming_the_variable(
    tmp_path: Path,
    bad: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", bad)
    with fake_openai([]) as (url, server):
        argv = [
            "article",
            str(ARTICLE),
            "--backend",
            "openai",
            "--base-url",
            url,
            "--no-cache",
            "-q",
        ]
        assert main(argv) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert "OPENAI_API_KEY" in line and "HTTP header" in line
    assert bad not in line and "abc" not in line  # the key is never echoed
    assert not server.requests


def test_backends_reports_an_unsafe_key_instead_of_unreachable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-\u00e9t\u00e9")
    with pytest.raises(ConfigError):
        from summarize.llm.client import check_key

        check_key("OPENAI_API_KEY", "sk-\u00e9t\u00e9")
    config = tmp_path / "config.toml"
    config.write_text("")
    assert main(["backends", "--config", str(config), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["backends"]
    openai_row = next(r for r in rows if r["name"] == "openai")
    assert "OPENAI_API_KEY" in openai_row["status"] and "t\u00e9" not in openai_row["status"]


# 15. A key in the base URL's query ------------------------------------------------------

QUERY_KEY = "QUERYKEY-5e61c0b2d9"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://h/v1?key=S3CR3T", "https://h/v1?key=REDACTED"),
        (
            "https://h/v1?api-version=1&X-Api-Key=S3CR3T",
            "https://h/v1?api-version=1&X-Api-Key=REDACTED",
        ),
        (
            "https://h/v1?sig=S3CR3T&access_token=S3CR3T",
            "https://h/v1?sig=REDACTED&access_token=REDACTED",
        ),
        ("https://u:S3CR3T@h/v1?password=S3CR3T", "https://h/v1?password=REDACTED"),
        ("https://h/v1?S3CR3TS3CR3TS3CR3T", "https://h/v1?REDACTED"),
    ],
)
def test_redact_url_removes_secret_query_values(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_a_key_in_the_base_url_query_is_sent_but_never_shown(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # the openai and httpx2 loggers included
    digest = json.dumps({"summary": "A synthetic summary.", "claims": [], "actors": []})
    cache_dir = tmp_path / "cache"
    seen = []
    with fake_openai([Reply(content=digest)]) as (url, server):
        keyed = f"{url}?key={QUERY_KEY}&api-version=2"
        out = tmp_path / "out.json"
        runs = [
            ["backends", "--config", str(tmp_path / "none.toml"), "--format", "json"],
            [
                *("article", str(ARTICLE), "--backend", "vllm", "--base-url", keyed),
                *("--cache-dir", str(cache_dir), "--format", "json", "-o", str(out)),
            ],
        ]
        for argv in runs:
            assert main(argv) == 0
            seen += list(capsys.readouterr())
    # the key did reach the server, as the query of the chat-completions request
    assert server.paths == [f"/v1/chat/completions?key={QUERY_KEY}&api-version=2"]
    assert "key=REDACTED" in out.read_text()
    records = [r.getMessage() for r in caplog.records] + [str(r.args) for r in caplog.records]
    written = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert QUERY_KEY not in "".join(seen)
    assert not any(QUERY_KEY in text for text in records)
    assert QUERY_KEY.encode() not in written


# 11. Bidi controls ----------------------------------------------------------------------

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def _bidi_article(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_text(
        "---\ntitle: Minister \u202eresigns\u202c today\noutlet: Daily \u2066News\u2069\n---\n"
        "The minister said \u201cwe will \u202enot\u202c resign\u201d on Monday, officials "
        "confirmed. Critics in the \u2067capital\u2069 disagreed strongly with that view.\n\n"
        "A second paragraph says more about the \u200fevent and its \u061ccontext for "
        "readers, said Anna Berg of the \u202dcity\u202c council.\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("command", ["articles", "framing"])
@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_bidi_controls_never_reach_an_output(
    tmp_path: Path, command: str, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if command == "articles" and fmt == "html":
        pytest.skip("articles has no HTML output")
    paths = [_bidi_article(tmp_path, "a.md"), _bidi_article(tmp_path, "b.md")]
    assert main([command, *map(str, paths), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "resigns" in out or command == "framing"  # the text itself is still there
    assert not set(BIDI) & set(out), fmt


def test_bidi_controls_are_dropped_from_article_text_keeping_offsets(tmp_path: Path) -> None:
    from summarize.articles import load_articles

    path = _bidi_article(tmp_path, "a.md")
    article = load_articles([str(path)]).articles[0]
    assert not set(BIDI) & set(article.text + (article.title or "") + (article.outlet or ""))
    assert article.title == "Minister resigns today" and article.outlet == "Daily News"
    source = path.read_text(encoding="utf-8")
    start = article.text.index("capital")
    begin, end = article.source_span(start, start + len("capital"))
    assert source[begin:end] == "capital"  # the map still points at the source characters


# 18. Control characters on the terminal -------------------------------------------------


def test_for_terminal_escapes_what_a_terminal_would_obey() -> None:
    from summarize.text.controls import for_terminal

    hostile = "a\x1b]0;PWNED\x07b\x1b[2Jc\rd\x9be\u202ef\x7fg\udcff"
    shown = for_terminal(hostile)
    assert shown == "a\\x1b]0;PWNED\\x07b\\x1b[2Jc\\x0dd\\x9be\\u202ef\\x7fg\\udcff"
    assert for_terminal("line one\n\tline two, café") == "line one\n\tline two, café"


def test_a_file_name_cannot_retitle_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "e\x1b]0;PWNED\x07\u202e.txt"
    bad.write_text("")
    assert main(["articles", "--skip-bad", str(bad), str(ARTICLE)]) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err
    assert "e\\x1b]0;PWNED\\x07\\u202e.txt: file is empty" in err


def test_a_backend_error_message_cannot_reach_the_terminal_raw(
    capsys: pytest.CaptureFixture[str],
) -> None:
    body = {"error": {"message": "bad \x1b]0;PWNED\x07 request \x1b[31m"}}
    with fake_openai([Reply(status=400, body=body)]) as (url, _):
        argv = ["article", str(ARTICLE), "--backend", "vllm", "--base-url", url, "-q"]
        assert main([*argv, "--no-cache"]) == 4
    line = _one_error_line(capsys.readouterr().err)
    assert "\x1b" not in line and "\x07" not in line
    assert "bad \\x1b]0;PWNED\\x07 request" in line


def test_an_http_reason_phrase_cannot_reach_the_terminal_raw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # SYNTHETIC: a page server with a hostile reason phrase
    hostile = Reply(404, raw=b"", reason="Not \x1b]0;PWNED\x07 Found\x1b[2J")
    monkeypatch.setenv("SUMMARIZE_PAGES_DIR", str(tmp_path / "pages"))
    with web_server({"/page": hostile}) as (base, _):
        main(["stories", f"{base}/page", str(ARTICLE), "--index-only", "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert "PWNED" in err  # the failure was reported...
    assert "\x1b" not in err and "\x07" not in err  # ...with its controls escaped


# 16. The cache database locked by another process ---------------------------------------


@contextlib.contextmanager
def _locked_by_another_process(database: Path) -> Iterator[None]:
    """A second process holding an exclusive lock on the cache database until told to stop."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            f"c = sqlite3.connect({str(database)!r}, isolation_level=None)\n"
            "c.execute('BEGIN EXCLUSIVE')\nprint('locked', flush=True)\nsys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)
        assert holder.stdout is not None
        holder.stdout.close()


def _filled_cache(folder: Path) -> Path:
    cache = ResponseCache(folder)
    cache.set("k", {"a": 1})
    cache.close()
    return folder / "cache.db"


def test_a_cache_locked_at_open_is_one_line_saying_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "LOCK_WAIT_SECONDS", 0.3)
    folder = tmp_path / "cache"
    database = _filled_cache(folder)
    with _locked_by_another_process(database), fake_openai([]) as (url, server):
        argv = ["article", str(ARTICLE), "--backend", "vllm", "--base-url", url, "-q"]
        assert main([*argv, "--cache-dir", str(folder)]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert "the cache database is locked by " in line and str(folder) in line
    if Path("/proc/locks").exists():  # Linux: what holds it is named
        assert "locked by process " in line and "(python" in line
    assert "unreadable" not in line and "remove the folder" not in line
    assert not server.requests


def test_a_cache_locked_during_a_run_is_one_line_saying_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "LOCK_WAIT_SECONDS", 0.3)
    folder = tmp_path / "cache"
    database = _filled_cache(folder)
    cache = ResponseCache(folder)
    profile = BackendProfile("fake", "server", base_url="http://x", model="synthetic", timeout=10)
    with fake_openai([Reply(content=json.dumps({"answer": "ok"}))]) as (url, _):
        session = ModelSession(open_backend(replace(profile, base_url=url), max_retries=0), cache)
        with (
            _locked_by_another_process(database),
            pytest.raises(ConfigError, match="the cache database is locked by "),
        ):
            session.structured(PROMPT, Answer)  # answered, then cannot be stored
    cache.close()


# 8. Text mixing UTF-8 and Latin-1 -------------------------------------------------------

MIXED = (
    "Café society in München gathered on Tuesday, said the report in the city paper.\n".encode()
    + "A second line pasted from an old file: café, München, naïve, « quoted » and "
    "“smart” quotes, said Anna Berg.\n".encode("cp1252")
)


def test_mixed_utf8_and_latin1_reads_both_halves_right(tmp_path: Path) -> None:
    from summarize.articles import load_articles

    path = tmp_path / "mixed.txt"
    path.write_bytes(MIXED)
    text = load_articles([str(path)]).articles[0].text
    assert "Café society in München" in text  # the UTF-8 half
    assert "café, München, naïve, « quoted » and “smart” quotes" in text  # the cp1252 half


def test_a_mixed_file_whose_legacy_bytes_are_no_text_is_refused_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from summarize.articles import read

    monkeypatch.setattr(read, "_detect", lambda data: "ascii")  # nothing reads those bytes
    monkeypatch.setattr(read, "_MIXED_FALLBACK", "ascii")
    path = tmp_path / "mixed.txt"
    path.write_bytes(MIXED)
    assert main(["articles", str(path)]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert f"{path}: mixes UTF-8 with bytes" in line


def test_single_legacy_encodings_are_still_detected_whole(tmp_path: Path) -> None:
    from summarize.articles.read import decode

    russian = "Правительство объявило о новых мерах поддержки для регионов страны."
    assert decode(russian.encode("cp1251"), "ru.txt") == russian
    western = "Le café de la gare a fermé ses portes après quarante années de service."
    assert decode(western.encode("cp1252"), "fr.txt") == western


# 19. Framing over many articles ---------------------------------------------------------


def test_label_comparisons_grow_linearly_with_the_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    from bench._common import distinct_articles
    from summarize.align import align_articles
    from summarize.framing import labels

    calls = [0]
    real = labels.sentence_pairs

    def counted(*args: object, **kwargs: object) -> list[labels.LabelPair]:
        calls[0] += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(labels, "sentence_pairs", counted)
    per_article = []
    for n in (60, 240):
        articles = distinct_articles(n).articles
        calls[0] = 0
        labels.label_pairs(articles, align_articles(articles))
        per_article.append(calls[0] / n)
    # bounded per article (was ~n/2 per article: every near match against every other)
    assert per_article[1] <= 1.5 * per_article[0] + 1
    cfg = current().framing
    assert per_article[1] <= (cfg.label_large_window + cfg.label_large_near) * 6


@pytest.mark.parametrize("seed", range(20))
def test_the_others_median_and_lead_match_the_all_pairs_answers(seed: int) -> None:
    import random
    from collections import Counter
    from statistics import median

    from summarize.framing.contrast import _LeadCounts, _median_without

    rng = random.Random(seed)
    ranks = sorted(rng.randint(0, 6) for _ in range(rng.randint(2, 9)))
    for i, mine in enumerate(ranks):
        assert _median_without(ranks, mine) == median(ranks[:i] + ranks[i + 1 :])
    assert _median_without(ranks, None) == median(ranks)
    leads = [(f"A{i}", rng.choice("PQRS")) for i in range(rng.randint(2, 9))]
    counts = _LeadCounts(leads)
    for aid, _ in leads:
        others = Counter(cid for b, cid in leads if b != aid)
        expected = others.most_common(1)[0][0] if others else None
        assert counts.most_common_without(aid) == expected


def test_deep_json_from_the_batch_api_is_the_backends_problem() -> None:
    from summarize.llm.batch_api import BatchAPI

    def deep() -> object:
        return json.loads(DEEP + "]" * len(DEEP))  # what the openai client does with a body

    with fake_openai([]) as (url, _):
        profile = BackendProfile("fake", "openai", base_url=url, model="synthetic", timeout=10)
        backend = open_backend(profile, max_retries=0)
        api = BatchAPI(backend, client=backend.client)
        with pytest.raises(BackendError, match="nested too deeply"):
            api._call(deep)


def test_framing_beyond_the_align_limit_says_what_it_leaves_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from summarize.framing import compare

    called = []
    monkeypatch.setattr(compare, "align_articles", lambda *a, **k: called.append(1))
    paths = [str(SEEDS / p.name) for p in sorted(SEEDS.glob("*.txt"))[:4]]
    argv = ["framing", *paths, "--format", "json", "--set", "framing.align_limit=3"]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert not called  # no alignment over the limit
    assert "warning: 4 articles, more than 3: facts are not aligned" in err
    data = json.loads(out)
    assert len(data["articles"]) == 4 and len(data["contrasts"]) == 4
    kinds = {c["kind"] for o in data["contrasts"] for c in o["items"]}
    assert not kinds & {"lead", "position", "alone", "left_out", "label"}
