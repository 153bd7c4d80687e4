"""`map_calls`: concurrent model calls bounded by the profile, in order, with the cache, usage and
errors of single calls. Against the SYNTHETIC fault server (tests/fake_servers.py) or plain
Python callables; no model."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from pydantic import BaseModel

from summarize.errors import AuthenticationError, BackendError, CallAborted, InvalidOutputError
from summarize.llm.cache import ResponseCache
from summarize.llm.client import open_backend
from summarize.llm.parallel import map_calls
from summarize.llm.profiles import BackendProfile
from summarize.llm.session import ModelSession
from summarize.prompts import RenderedPrompt

from .fake_servers import Reply, fake_openai


class Answer(BaseModel):
    answer: str


def _session(
    concurrency: int, base_url: str = "http://127.0.0.1:9/v1", cache: ResponseCache | None = None
) -> ModelSession:
    profile = BackendProfile(
        "fake", "server", base_url=base_url, model="synthetic", timeout=10, concurrency=concurrency
    )
    return ModelSession(open_backend(profile, max_retries=0), cache)


def _prompt(k: int) -> RenderedPrompt:
    return RenderedPrompt("test", 1, "sha256:test", "system text", f"user text {k}")


def test_results_keep_the_items_order_and_the_pool_is_bounded_by_concurrency() -> None:
    session = _session(concurrency=3)
    running, peak, lock = 0, 0, threading.Lock()

    def call(k: int) -> int:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05 * (8 - k))  # later items finish first
        with lock:
            running -= 1
        return k * k

    done: list[int] = []
    assert map_calls(session, call, range(8), on_done=done.append) == [k * k for k in range(8)]
    assert peak == 3  # concurrent, never more than the profile takes
    assert done == list(range(1, 9))


def test_one_profile_slot_runs_one_call_at_a_time() -> None:
    session = _session(concurrency=1)
    running, peak, lock = 0, 0, threading.Lock()

    def call(k: int) -> int:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.01)
        with lock:
            running -= 1
        return k

    assert map_calls(session, call, [3, 1, 2]) == [3, 1, 2]
    assert peak == 1


def test_a_failed_item_gets_its_error_in_its_place_and_the_others_their_results() -> None:
    def call(k: int) -> str:
        if k == 1:
            raise InvalidOutputError(f"item {k}: unusable")
        return f"ok {k}"

    results = map_calls(_session(concurrency=2), call, [0, 1, 2])
    assert results[0] == "ok 0" and results[2] == "ok 2"
    assert isinstance(results[1], InvalidOutputError) and "item 1" in str(results[1])


def test_an_error_that_fails_the_run_aborts_the_session_and_is_raised() -> None:
    session = _session(concurrency=2)

    def call(k: int) -> int:
        if k == 0:
            raise AuthenticationError("refused")
        time.sleep(0.2)
        return k

    with pytest.raises(AuthenticationError, match="refused"):
        map_calls(session, call, [0, 1, 2, 3])
    # aborted: any later call of the session ends at once
    with pytest.raises(CallAborted):
        session.structured(_prompt(0), Answer)


def test_concurrent_calls_are_counted_cached_and_replayed_like_single_calls(
    tmp_path: Path,
) -> None:
    good = json.dumps({"answer": "ok"})
    cache = ResponseCache(tmp_path / "c")
    # SYNTHETIC: four answers, each after a delay, so the four requests overlap on the server
    with fake_openai([Reply(content=good, delay=0.3) for _ in range(4)]) as (url, server):
        session = _session(4, url, cache)
        started = time.monotonic()
        first = map_calls(session, lambda k: session.structured(_prompt(k), Answer), range(4))
        elapsed = time.monotonic() - started
        again = _session(4, url, cache)
        second = map_calls(again, lambda k: again.structured(_prompt(k), Answer), range(4))
    assert [a.answer for a in first if not isinstance(a, BackendError)] == ["ok"] * 4
    assert elapsed < 1.1  # four 0.3 s answers side by side, not 1.2 s one after another
    assert len(server.requests) == 4
    assert {r["messages"][-1]["content"] for r in server.requests} == {
        f"user text {k}" for k in range(4)
    }
    assert session.usage.calls == 4 and session.usage.prompt_tokens == 40
    assert second == first and again.usage.calls == 0 and again.usage.cache_hits == 4


def test_no_items_make_no_calls() -> None:
    assert map_calls(_session(concurrency=4), lambda k: k, []) == []
