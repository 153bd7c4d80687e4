"""The Batch API path end to end through the `openai` client's files and batches endpoints,
against the SYNTHETIC Batch API server in tests/fake_servers.py (hand-written answers)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import BaseModel

from summarize.llm import batch, batch_api
from summarize.llm.cache import ResponseCache
from summarize.llm.client import open_backend
from summarize.llm.profiles import BUILTIN_PROFILES
from summarize.llm.session import ModelSession
from summarize.prompts import RenderedPrompt

from .fake_servers import Result, Scenario, batch_service

SECRET = "sk-synthetic-key-never-in-files-7731"


class Answer(BaseModel):
    text: str


def prompt(n: int) -> RenderedPrompt:
    return RenderedPrompt("test", 1, "sha256:test", "You answer in JSON.", f"item {n}")


def ask(n: int, session: ModelSession) -> Answer:
    return session.structured(prompt(n), Answer, max_tokens=64)


def _number(body: dict[str, object]) -> int:
    messages = body["messages"]
    assert isinstance(messages, list)
    return int(str(messages[-1]["content"]).split()[-1])


def good(_custom_id: str, body: dict[str, object]) -> Result:
    return Result(json.dumps({"text": f"answer {_number(body)}"}))


@pytest.fixture
def open_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[type[ModelSession]]:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    caches: list[ResponseCache] = []

    def make(base_url: str) -> ModelSession:
        profile = replace(BUILTIN_PROFILES["openai"], base_url=base_url)
        cache = ResponseCache(tmp_path / "cache")
        caches.append(cache)
        return ModelSession(open_backend(profile, max_retries=0), cache)

    yield make  # type: ignore[misc]
    for cache in caches:
        cache.close()


def _prefill(session: ModelSession, items: list[int], sleeps: list[float]) -> batch.BatchReport:
    return batch.prefill(
        "test", items, ask, session, mode="api", label=lambda n: f"item {n}", sleep=sleeps.append
    )


def test_batch_fills_the_cache_and_the_run_after_it_makes_no_live_call(open_session) -> None:
    items = list(range(12))
    sleeps: list[float] = []
    with batch_service(good) as (url, state):
        session = open_session(url)
        report = _prefill(session, items, sleeps)
        # The live run afterwards: every answer from the cache (a live call would hit the
        # synthetic server's 404 for /chat/completions and fail).
        answers = [ask(n, session) for n in items]
    assert report.loaded == 12 and report.failures == [] and report.retried == 0
    assert [a.text for a in answers] == [f"answer {n}" for n in items]
    assert session.usage.calls == 0 and session.usage.cache_hits == 12
    assert state.seen[:3] == ["validating", "in_progress", "finalizing"]
    assert state.seen[-1] == "completed"
    assert sleeps == [10.0, 15.0, 22.5]  # backoff between looks, growing by 1.5
    # the upload is the Batch API input format, custom_id = the cache key structured() uses
    (upload,) = state.uploads()
    lines = [json.loads(x) for x in upload.splitlines()]
    keys = [session.prepare(prompt(n), Answer, max_tokens=64).key for n in items]
    assert [x["custom_id"] for x in lines] == keys
    assert {x["method"] for x in lines} == {"POST"}
    assert {x["url"] for x in lines} == {"/v1/chat/completions"}
    assert lines[0]["body"] == session.prepare(prompt(0), Answer, max_tokens=64).request
    created = [b["request"] for b in state.batches.values()]
    assert created[0]["completion_window"] == "24h"
    assert created[0]["endpoint"] == "/v1/chat/completions"


def test_results_out_of_order_are_matched_by_custom_id(open_session) -> None:
    with batch_service(good) as (url, state):
        session = open_session(url)
        _prefill(session, list(range(20)), [])
        output = next(d for p, d in state.files.values() if p == "batch_output")
        answers = [ask(n, session) for n in range(20)]
    order = [json.loads(x)["custom_id"] for x in output.splitlines()]
    sent = [json.loads(x)["custom_id"] for x in state.uploads()[0].splitlines()]
    assert order != sent and sorted(order) == sorted(sent)  # really shuffled
    assert [a.text for a in answers] == [f"answer {n}" for n in range(20)]


def test_cached_requests_are_not_planned(open_session) -> None:
    with batch_service(good) as (url, state):
        session = open_session(url)
        _prefill(session, [0, 1, 2], [])
        report = _prefill(session, [0, 1, 2, 3], [])
    assert report.cached == 3 and report.requests == 1
    assert len(state.uploads()[1].splitlines()) == 1


def test_failed_lines_are_retried_once_in_a_second_batch(open_session) -> None:
    """Two error lines (HTTP 500, a top-level error) and one unusable answer (not JSON): all
    three go into one retry batch; the unusable one is re-asked as a live re-ask would be."""
    tries: dict[str, int] = {}

    def flaky(custom_id: str, body: dict[str, object]) -> Result:
        n = _number(body)
        tries[custom_id] = tries.get(custom_id, 0) + 1
        if tries[custom_id] == 1 and n == 3:
            return Result(status=500)
        if tries[custom_id] == 1 and n == 5:
            return Result(error="synthetic: request timed out")
        if tries[custom_id] == 1 and n == 7:
            return Result("this is not JSON")
        return good(custom_id, body)

    with batch_service(flaky) as (url, state):
        session = open_session(url)
        report = _prefill(session, list(range(10)), [])
        answers = [ask(n, session) for n in range(10)]
    assert report.retried == 3 and report.failures == [] and report.loaded == 10
    assert len(report.batches) == 2
    retry = [json.loads(x) for x in state.uploads()[1].splitlines()]
    by_item = {_number(x["body"]): x["body"] for x in retry}
    assert sorted(by_item) == [3, 5, 7]
    assert by_item[3]["temperature"] == 0.0  # an error line: asked again as it was
    assert by_item[7]["temperature"] == 0.4 and by_item[7]["seed"] == 1  # a re-ask
    assert [a.text for a in answers] == [f"answer {n}" for n in range(10)]
    assert session.usage.calls == 0


def test_what_fails_twice_is_reported_per_request_and_left_uncached(open_session) -> None:
    def stubborn(custom_id: str, body: dict[str, object]) -> Result:
        return Result(status=500) if _number(body) == 2 else good(custom_id, body)

    with batch_service(stubborn) as (url, _state):
        session = open_session(url)
        report = _prefill(session, [0, 1, 2, 3], [])
        assert (
            session.cached_answer(session.prepare(prompt(2), Answer, max_tokens=64), Answer) is None
        )
    assert report.loaded == 3 and report.retried == 1 and len(report.batches) == 2
    (failure,) = report.failures
    assert failure.label == "item 2" and "HTTP 500" in failure.reason


def test_truncated_answer_is_retried_with_more_room(open_session) -> None:
    def cut(custom_id: str, body: dict[str, object]) -> Result:
        if body["max_tokens"] == 64 and _number(body) == 1:
            return Result('{"text": "ans', finish_reason="length")
        return good(custom_id, body)

    with batch_service(cut) as (url, state):
        session = open_session(url)
        report = _prefill(session, [0, 1], [])
    assert report.failures == [] and report.loaded == 2
    (retry,) = [json.loads(x)["body"] for x in state.uploads()[1].splitlines()]
    assert retry["max_tokens"] == 128


def test_an_expired_batch_loads_what_ran_and_retries_the_rest(open_session) -> None:
    scenarios = [Scenario(ends="expired", ran=3), Scenario()]
    with batch_service(good, scenarios) as (url, state):
        session = open_session(url)
        report = _prefill(session, list(range(5)), [])
        answers = [ask(n, session) for n in range(5)]
    assert "expired" in state.seen
    assert report.retried == 2 and report.loaded == 5 and report.failures == []
    assert len(answers) == 5 and session.usage.calls == 0


def test_a_failed_batch_is_retried_once_then_every_request_is_reported(open_session) -> None:
    scenarios = [Scenario(ends="failed"), Scenario(ends="failed")]
    with batch_service(good, scenarios) as (url, _state):
        session = open_session(url)
        report = _prefill(session, [0, 1], [])
    assert report.loaded == 0 and len(report.batches) == 2
    assert [f.label for f in report.failures] == ["item 0", "item 1"]
    assert all("failed: synthetic: refused" in f.reason for f in report.failures)


def test_the_wait_honours_its_deadline_and_names_the_batch(open_session) -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    slow = Scenario(steps=("validating",) + ("in_progress",) * 50)
    with batch_service(good, [slow]) as (url, _state):
        session = open_session(url)
        with pytest.raises(batch.BatchPending, match=r"batch_1 is still running after \d+ s"):
            batch.prefill(
                "test",
                [0],
                ask,
                session,
                polling=batch.Polling(first=10, deadline=100),
                sleep=sleep,
                clock=lambda: now[0],
            )
    assert now[0] <= 100


def test_no_secret_reaches_the_uploaded_file_and_the_key_goes_as_a_header(open_session) -> None:
    with batch_service(good) as (url, state):
        session = open_session(url)
        _prefill(session, [0, 1], [])
    assert all(SECRET.encode() not in data for _p, data in state.files.values())
    auths = {h.get("authorization") for _m, _p, h in state.requests}
    assert auths == {f"Bearer {SECRET}"}


def test_a_server_without_the_batch_api_is_one_clear_error(open_session) -> None:
    from summarize.errors import ConfigError, RequestRejected

    with batch_service(good) as (url, _state):
        session = open_session(url.replace("/v1", "/nothing"))
        with pytest.raises(RequestRejected, match=r"refused a Batch API request \(HTTP 404"):
            _prefill(session, [0], [])
    local = ModelSession(open_backend(BUILTIN_PROFILES["vllm"]), session.cache)
    with pytest.raises(ConfigError, match="the Batch API is OpenAI's"):
        _prefill(local, [0], [])


def test_batch_run_command_prefills_every_digest(
    open_session, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`summarize batch run` on the seeds with the openai profile; then each digest (as
    `summarize brief` builds them) comes from the cache."""
    from summarize.articles import load_articles
    from summarize.cli import main
    from summarize.digest import DIGEST_STAGE, build_digest
    from summarize.llm.batch_stages import prefill_stage

    from .conftest import SEEDS

    slept: list[float] = []
    monkeypatch.setattr(batch_api, "_abortable_sleep", lambda _backend: slept.append)

    def digest(_custom_id: str, body: dict[str, object]) -> Result:
        assert body["response_format"]["json_schema"]["name"] == "DigestOut"  # type: ignore[index]
        return Result(json.dumps({"summary": "Synthetic.", "claims": [], "actors": []}))

    with batch_service(digest) as (url, state):
        argv = ["batch", "run", str(SEEDS), "--backend", "openai", "--base-url", url, "-q"]
        assert main(argv) == 0
        err = capsys.readouterr().err
        assert "digests: 5 answer(s) loaded into the cache, 0 failed" in err
        assert "cost at batch prices $" in err
        session = open_session(url)
        articles = load_articles([str(SEEDS)]).articles
        digests = [build_digest(a, session) for a in articles]
        again = prefill_stage(DIGEST_STAGE, articles, session)
    assert slept and len(state.uploads()) == 1
    assert session.usage.calls == 0 and session.usage.cache_hits == 5
    assert {d.summary for d in digests} == {"Synthetic."}
    assert again.requests == 0 and again.cached == 5 and again.batches == []


def test_a_run_stopped_while_waiting_resumes_the_same_batch(open_session) -> None:
    """The deadline (or Ctrl-C) stops the wait, not the batch: the same call again polls the
    batch already paid for instead of uploading the requests a second time."""
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    slow = Scenario(steps=("validating",) + ("in_progress",) * 6)
    said: list[str] = []
    with batch_service(good, [slow]) as (url, state):
        session = open_session(url)
        run = {"sleep": sleep, "clock": lambda: now[0], "progress": said.append}
        with pytest.raises(batch.BatchPending):
            batch.prefill("test", [0, 1], ask, session, polling=batch.Polling(deadline=30), **run)
        report = batch.prefill("test", [0, 1], ask, session, **run)
        answers = [ask(n, session) for n in (0, 1)]
    assert len(state.uploads()) == 1 and len(state.batches) == 1
    assert any(line.startswith("resuming batch batch_1") for line in said)
    assert report.loaded == 2 and [a.text for a in answers] == ["answer 0", "answer 1"]


def test_collect_loads_a_finished_batch(open_session) -> None:
    slow = Scenario(steps=("validating", "in_progress"))
    now = [0.0]
    with batch_service(good, [slow]) as (url, _state):
        session = open_session(url)
        with pytest.raises(batch.BatchPending):
            batch.prefill(
                "test",
                [0, 1, 2],
                ask,
                session,
                polling=batch.Polling(first=10, deadline=5),
                sleep=lambda s: None,
                clock=lambda: now[0],
            )
        with pytest.raises(batch.BatchPending, match="batch_1 is still in_progress"):
            batch.collect_stage("test", [0, 1, 2], ask, session, "batch_1")
        report = batch.collect_stage("test", [0, 1, 2], ask, session, "batch_1")
        answers = [ask(n, session) for n in (0, 1, 2)]
    assert report.loaded == 3 and report.failures == []
    assert session.usage.calls == 0 and len(answers) == 3
