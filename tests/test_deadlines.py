"""Deadlines, body cap, abort and what each failure says, against the SYNTHETIC fault server
(tests/fake_servers.py): trickle, reset, huge body, non-JSON 200, long Retry-After, delay."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from pydantic import BaseModel

from summarize.cli import main
from summarize.errors import BackendBusy, BackendError, BackendUnreachable, CallAborted
from summarize.llm.client import open_backend
from summarize.llm.profiles import BackendProfile
from summarize.llm.session import ModelSession
from summarize.llm.transport import MAX_RESPONSE_BYTES
from summarize.prompts import RenderedPrompt

from .fake_servers import Reply, fake_openai

ROOT = Path(__file__).resolve().parents[1]
GOOD = json.dumps({"answer": "ok"})
PROMPT = RenderedPrompt("test", 1, "sha256:test", "system text", "user text")


class Answer(BaseModel):
    answer: str


def _session(url: str, *, timeout: float = 10.0, max_retries: int = 2) -> ModelSession:
    profile = BackendProfile("fake", "server", base_url=url, model="synthetic", timeout=timeout)
    return ModelSession(open_backend(profile, max_retries=max_retries), None)


def test_a_trickling_server_is_stopped_at_the_deadline() -> None:
    # one byte every 0.2 s: every read succeeds, so a per-read timeout would never trip
    with fake_openai([Reply(content=GOOD, trickle=0.2)] * 3) as (url, server):
        started = time.monotonic()
        with pytest.raises(BackendError, match=r"no complete answer within the 2 s deadline"):
            _session(url, timeout=2).structured(PROMPT, Answer)
        elapsed = time.monotonic() - started
    assert elapsed < 2 + 2
    assert len(server.requests) == 1  # a deadline is not retried


def test_a_server_silent_before_its_headers_is_stopped_at_the_deadline() -> None:
    with fake_openai([Reply(content=GOOD, delay=30)] * 3) as (url, _):
        started = time.monotonic()
        with pytest.raises(BackendError, match="deadline"):
            _session(url, timeout=1.5).structured(PROMPT, Answer)
        assert time.monotonic() - started < 1.5 + 2


def test_a_connection_reset_mid_answer_says_so() -> None:
    with (
        fake_openai([Reply(content=GOOD, reset=True)] * 3) as (url, server),
        pytest.raises(BackendError, match="closed the connection") as info,
    ):
        _session(url).structured(PROMPT, Answer)
    assert not isinstance(info.value, BackendUnreachable)
    assert "is the server running" not in str(info.value)
    assert len(server.requests) == 3  # the client retried the transport failure twice


@pytest.mark.parametrize("content_length", [True, False])
def test_a_huge_body_is_cut_at_the_cap_and_not_retried(content_length: bool) -> None:
    reply = Reply(content=GOOD, pad=MAX_RESPONSE_BYTES + 1024, content_length=content_length)
    with (
        fake_openai([reply] * 3) as (url, server),
        pytest.raises(BackendError, match="over 16 MB"),
    ):
        _session(url).structured(PROMPT, Answer)
    assert len(server.requests) == 1


def test_a_large_body_under_the_cap_is_read() -> None:
    with fake_openai([Reply(content=GOOD, pad=1_000_000)]) as (url, _):
        assert _session(url).structured(PROMPT, Answer).answer == "ok"


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(raw=b"<html>502 Bad Gateway</html>"), "body that is not JSON"),
        (Reply(body={"choices": "none"}), "not a chat completion"),
        (Reply(body=[1, 2]), "not a chat completion"),
        (Reply(body={"choices": [{"message": {"content": 5}}]}), "not a chat completion"),
    ],
)
def test_a_200_that_is_not_a_completion_is_one_clear_error(reply: Reply, message: str) -> None:
    with fake_openai([reply]) as (url, server), pytest.raises(BackendError, match=message):
        _session(url).structured(PROMPT, Answer)
    assert len(server.requests) == 1


def test_a_retry_after_beyond_the_client_limit_says_how_long_the_server_asked() -> None:
    script = [Reply(status=429, headers={"Retry-After": "3600"})]
    with (
        fake_openai(script) as (url, server),
        pytest.raises(BackendError, match="asked to wait 3600 s") as info,
    ):
        _session(url).structured(PROMPT, Answer)
    assert "failed after retries" not in str(info.value)
    assert isinstance(info.value, BackendBusy) and info.value.fails_run  # one line, not N
    assert len(server.requests) == 1


def test_a_retry_after_past_the_deadline_ends_the_call_without_sleeping() -> None:
    script = [Reply(status=503, headers={"Retry-After": "60"}), Reply(content=GOOD)]
    with fake_openai(script) as (url, server):
        started = time.monotonic()
        with pytest.raises(BackendError, match=r"asked to wait 60 s.*past the 5 s deadline"):
            _session(url, timeout=5).structured(PROMPT, Answer)
        assert time.monotonic() - started < 3
    assert len(server.requests) == 1


def test_abort_stops_a_call_in_flight_within_moments() -> None:
    with fake_openai([Reply(content=GOOD, delay=30)]) as (url, _):
        session = _session(url, timeout=60)
        errors: list[BaseException] = []

        def call() -> None:
            try:
                session.structured(PROMPT, Answer)
            except BaseException as exc:
                errors.append(exc)

        worker = threading.Thread(target=call)
        worker.start()
        time.sleep(0.5)  # the request is out, waiting for headers
        started = time.monotonic()
        session.abort()
        worker.join(timeout=5)
        assert not worker.is_alive()
        assert time.monotonic() - started < 2
    assert len(errors) == 1 and isinstance(errors[0], CallAborted)
    with pytest.raises(CallAborted):  # abort is final for the session
        session.structured(PROMPT, Answer)


def test_abort_ends_a_retry_sleep() -> None:
    script = [Reply(status=503, headers={"Retry-After": "30"}), Reply(content=GOOD)]
    with fake_openai(script) as (url, server):
        session = _session(url, timeout=60)
        done = threading.Event()
        errors: list[BaseException] = []

        def call() -> None:
            try:
                session.structured(PROMPT, Answer)
            except BaseException as exc:
                errors.append(exc)
            done.set()

        threading.Thread(target=call, daemon=True).start()
        time.sleep(0.5)
        session.abort()
        assert done.wait(2)
    assert isinstance(errors[0], CallAborted)
    assert len(server.requests) == 1


def test_timeout_flag_reaches_the_call_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = ROOT / "seeds" / sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))[0]
    with fake_openai([Reply(content=GOOD, trickle=0.2)] * 3) as (url, _):
        started = time.monotonic()
        code = main(
            [
                *("article", str(article), "--backend", "llamacpp", "--base-url", url),
                *("--timeout", "1.5", "--no-cache", "-q"),
            ]
        )
        elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert code == 4
    assert "1.5 s deadline" in err and "Traceback" not in err
    assert elapsed < 1.5 + 2
