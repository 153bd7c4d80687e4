"""Retry layering and error mapping against the SYNTHETIC fault server (tests/fake_servers.py)."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest
from pydantic import BaseModel

from summarize.errors import (
    AuthenticationError,
    BackendUnreachable,
    InvalidOutputError,
    RequestRejected,
)
from summarize.llm.cache import ResponseCache
from summarize.llm.client import open_backend
from summarize.llm.profiles import BackendProfile
from summarize.llm.session import ModelSession
from summarize.prompts import RenderedPrompt

from .fake_servers import Reply, fake_openai


class Answer(BaseModel):
    answer: str


GOOD = json.dumps({"answer": "ok"})
PROMPT = RenderedPrompt("test", 1, "sha256:test", "system text", "user text")


def _session(
    base_url: str, cache: ResponseCache | None = None, *, max_retries: int = 2
) -> ModelSession:
    profile = BackendProfile("fake", "server", base_url=base_url, model="synthetic", timeout=10)
    return ModelSession(open_backend(profile, max_retries=max_retries), cache)


def test_429_with_retry_after_is_retried_by_the_client_then_succeeds() -> None:
    script = [Reply(status=429, headers={"Retry-After": "1"}), Reply(content=GOOD)]
    with fake_openai(script) as (url, server):
        started = time.monotonic()
        result = _session(url).structured(PROMPT, Answer)
        elapsed = time.monotonic() - started
    assert result.answer == "ok"
    assert len(server.requests) == 2
    assert elapsed >= 0.9  # the Retry-After second was honoured


def test_401_is_not_retried_and_names_the_problem() -> None:
    with (
        fake_openai([Reply(status=401), Reply(content=GOOD)]) as (url, server),
        pytest.raises(AuthenticationError, match=r"refused the credentials.*401"),
    ):
        _session(url).structured(PROMPT, Answer)
    assert len(server.requests) == 1


def test_400_is_not_retried() -> None:
    body = {"error": {"message": "context length exceeded"}}
    with (
        fake_openai([Reply(status=400, body=body)]) as (url, server),
        pytest.raises(RequestRejected, match="context length exceeded"),
    ):
        _session(url).structured(PROMPT, Answer)
    assert len(server.requests) == 1


def test_invalid_json_is_reasked_with_a_new_sample_then_succeeds() -> None:
    with fake_openai([Reply(content="{not json"), Reply(content=GOOD)]) as (url, server):
        session = _session(url)
        assert session.structured(PROMPT, Answer).answer == "ok"
    assert session.usage.reasks == 1
    first, second = server.requests
    assert first["seed"] != second["seed"]  # a deterministic backend would repeat itself


def test_persistently_invalid_output_fails_clearly_after_bounded_attempts() -> None:
    script = [Reply(content="{not json"), Reply(content='{"wrong": 1}'), Reply(content="[]")]
    with (
        fake_openai(script) as (url, server),
        pytest.raises(InvalidOutputError, match="after 3 attempts"),
    ):
        _session(url).structured(PROMPT, Answer)
    assert len(server.requests) == 3


def test_truncated_output_is_reasked_with_more_room() -> None:
    script = [Reply(content='{"answer": "o', finish_reason="length"), Reply(content=GOOD)]
    with fake_openai(script) as (url, server):
        session = _session(url)
        assert session.structured(PROMPT, Answer, max_tokens=100).answer == "ok"
    assert session.usage.truncated == 1
    assert server.requests[1]["max_tokens"] == 200


def test_plain_prose_cut_at_max_tokens_keeps_its_complete_sentences() -> None:
    from summarize.schema import SummaryOut

    # SYNTHETIC replies: a summary cut mid-sentence, and one cut before any sentence ended
    cut = 'Putin warned that foreign troops would be "targets." Allies met in Paris to dis'
    with fake_openai([Reply(content=cut, finish_reason="length")]) as (url, server):
        session = _session(url)
        out = session.structured(PROMPT, SummaryOut, max_tokens=100)
    assert out.summary == 'Putin warned that foreign troops would be "targets."'
    assert len(server.requests) == 1 and session.usage.truncated == 0
    script = [Reply(content="Putin warned that foreign", finish_reason="length")]
    script.append(Reply(content="Putin warned allies."))
    with fake_openai(script) as (url, server):
        session = _session(url)
        assert session.structured(PROMPT, SummaryOut, max_tokens=100).summary == (
            "Putin warned allies."
        )
    assert session.usage.truncated == 1 and server.requests[1]["max_tokens"] == 200


def test_refusal_is_not_taken_as_an_answer() -> None:
    script = [Reply(content=None, refusal="I can't help with that")] * 3
    with fake_openai(script) as (url, _), pytest.raises(InvalidOutputError, match="refused"):
        _session(url).structured(PROMPT, Answer)


def test_repeat_call_is_served_from_cache(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "c")
    with fake_openai([Reply(content=GOOD)]) as (url, server):
        _session(url, cache).structured(PROMPT, Answer)
        again = _session(url, cache)
        assert again.structured(PROMPT, Answer).answer == "ok"
    assert len(server.requests) == 1
    assert again.usage.calls == 0 and again.usage.cache_hits == 1


def test_unreachable_server_gives_a_clear_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed once the block ends: nothing listens
    with pytest.raises(BackendUnreachable, match=f"nothing answers at http://127.0.0.1:{port}"):
        _session(f"http://127.0.0.1:{port}/v1", max_retries=0).structured(PROMPT, Answer)


def _plant_over_every_row(cache: ResponseCache, text: str) -> None:
    for key in list(cache._cache.iterkeys()):
        cache._cache.set(key, text)  # past `set`, as a broken or hostile writer would


@pytest.mark.parametrize(
    "row",
    ["{not json", "[]", '{"choices": "none"}', '{"choices": [{"message": 3}]}'],
)
def test_a_corrupt_cache_row_is_a_miss_reported_once(
    tmp_path: Path, row: str, caplog: pytest.LogCaptureFixture
) -> None:
    cache = ResponseCache(tmp_path / "c")
    other = RenderedPrompt("test", 1, "sha256:test", "system text", "other user text")
    with fake_openai([Reply(content=GOOD)] * 4) as (url, server):
        _session(url, cache).structured(PROMPT, Answer)
        _session(url, cache).structured(other, Answer)
        _plant_over_every_row(cache, row)
        again = _session(url, cache)
        assert again.structured(PROMPT, Answer).answer == "ok"
        assert again.structured(other, Answer).answer == "ok"
    assert len(server.requests) == 4  # both planted rows were misses
    assert again.usage.unreadable_cache_rows == 2 and again.usage.cache_hits == 0
    warnings = [r for r in caplog.records if "unreadable row" in r.getMessage()]
    assert len(warnings) == 1  # once per run, not once per row
    assert str(cache.directory) in warnings[0].getMessage()
    assert again.structured(PROMPT, Answer).answer == "ok"  # the good answer replaced the row
    assert again.usage.cache_hits == 1
