"""Ctrl-C stops `summarize brief` within seconds, even with model calls in flight, and keeps every
finished call in the cache. The model is the SYNTHETIC routing server: the first article is
answered at once, every other call hangs for a minute."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .fake_servers import Answer, Call, RouterState, routing_server
from .test_partial_briefing import GOOD, TEXTS

HANG = 60.0


def _slow_after_first(call: Call) -> Answer:
    fast = call.article_id == "A1" or call.kind == "consensus"
    return Answer(GOOD[call.kind], delay=0.0 if fast else HANG)


def _fast(call: Call) -> Answer:
    return Answer(GOOD[call.kind])


def _wait_for(state: RouterState, article_id: str, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while article_id not in state.kinds():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, f"no call for {article_id}: {state.kinds()}"
        time.sleep(0.05)


def _command(folder: Path, url: str, cache: Path, concurrency: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "summarize.cli",
        "brief",
        str(folder),
        "--backend",
        "llamacpp",
        "--base-url",
        url,
        "--concurrency",
        concurrency,
        "--cache-dir",
        str(cache),
        "--format",
        "json",
        "-q",
    ]


# With one worker, A2's call starts only after A1's answer is cached; with two, A3's call
# starts only after the worker that did A1 has cached it (A2 and the framing call hang).
@pytest.mark.parametrize(("concurrency", "after"), [("1", "A2"), ("2", "A3")])
def test_first_ctrl_c_stops_within_seconds_and_keeps_finished_calls(
    tmp_path: Path, concurrency: str, after: str
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    cache = tmp_path / "cache"
    with routing_server(_slow_after_first) as (url, state):
        proc = subprocess.Popen(
            _command(folder, url, cache, concurrency),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            _wait_for(state, after, proc)
            time.sleep(0.2)  # the hanging calls are in flight
            sent = time.monotonic()
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=10)
            waited = time.monotonic() - sent
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        assert waited < 3.0, f"took {waited:.1f} s to stop"
        assert proc.returncode == 130
        assert "Traceback" not in err
        assert err.splitlines() == [
            "summarize: interrupted; finished model calls are cached, re-run to resume"
        ]
        assert out == ""

        # the same server (the cache key holds the base URL), now answering at once
        state.release.set()
        with state.lock:
            state.route, state.calls = _fast, []
        rerun = subprocess.run(
            _command(folder, url, cache, concurrency), capture_output=True, text=True, timeout=60
        )
    assert rerun.returncode == 0, rerun.stderr
    assert "A1" not in state.kinds()  # served from the cache written before the interrupt
    data = json.loads(rerun.stdout)
    assert data["provenance"]["cache_hits"] == 1
    assert [s["article"]["id"] for s in data["sources"]] == ["A1", "A2", "A3"]
