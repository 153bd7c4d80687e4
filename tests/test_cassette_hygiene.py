"""Cassettes are committed: none may carry a key, a cookie or an organisation header."""

from __future__ import annotations

import re

import pytest

from .conftest import CASSETTES

SECRET = re.compile(
    r"sk-[A-Za-z0-9_-]{16,}|bearer\s+\S+|set-cookie|openai-organization|"
    r"openai-project|^\s*authorization:|x-api-key",
    re.IGNORECASE | re.MULTILINE,
)


def _cassettes() -> list:
    return sorted(CASSETTES.glob("*.yaml"))


def test_there_are_cassettes() -> None:
    assert _cassettes()


@pytest.mark.parametrize("path", _cassettes(), ids=lambda p: p.name)
def test_cassette_holds_no_secret(path) -> None:  # type: ignore[no-untyped-def]
    match = SECRET.search(path.read_text(encoding="utf-8"))
    assert match is None, f"{path.name} holds {match.group(0)!r}"
