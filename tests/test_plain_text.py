"""Plain-text answers (the summary-only digest) against the SYNTHETIC server of
tests/fake_servers.py.

The 1.5B model, asked for `{"summary": ...}`, opened a quotation with `"` and so closed the JSON
string: 3 of 5 seed summaries were cut. Asked in plain text, a quotation mark is a character."""

from __future__ import annotations

import json

import pytest

from summarize.errors import InvalidOutputError
from summarize.llm.client import build_request, open_backend
from summarize.llm.profiles import BackendProfile
from summarize.llm.session import ModelSession
from summarize.prompts import RenderedPrompt
from summarize.schema import DigestOut, SummaryOut

from .fake_servers import Reply, fake_openai

PROMPT = RenderedPrompt("test", 1, "sha256:test", "system text", "user text")


def _session(base_url: str) -> ModelSession:
    profile = BackendProfile("fake", "server", base_url=base_url, model="synthetic", timeout=10)
    return ModelSession(open_backend(profile, max_retries=0), None)


def test_plain_text_schemas_send_no_response_format() -> None:
    profile = BackendProfile("fake", "server", base_url="http://127.0.0.1:9/v1", model="m")
    plain = build_request(profile, PROMPT.messages, schema=SummaryOut, max_tokens=10)
    assert "response_format" not in plain
    assert "response_format" in build_request(
        profile, PROMPT.messages, schema=DigestOut, max_tokens=10
    )


@pytest.mark.parametrize(
    ("content", "summary"),
    [
        # the quotation that cut the JSON summaries survives in plain text
        (
            'Putin said foreign troops would be "legitimate targets" for Russia.',
            'Putin said foreign troops would be "legitimate targets" for Russia.',
        ),
        ("Summary: Talks stalled.\n", "Talks stalled."),  # a label is not the summary
        ('"Talks stalled in Paris."', "Talks stalled in Paris."),  # wrapped whole in quotes
        ("Talks\nstalled.", "Talks stalled."),  # one line
        (json.dumps({"summary": "Talks stalled."}), "Talks stalled."),  # JSON anyway: read
    ],
)
def test_a_plain_answer_becomes_the_summary(content: str, summary: str) -> None:
    with fake_openai([Reply(content=content)]) as (url, server):
        out = _session(url).structured(PROMPT, SummaryOut)
    assert out.summary == summary
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    "content", ["", "   ", "{not json", json.dumps({"headline": "no summary key"})]
)
def test_an_empty_or_broken_answer_is_reasked_then_an_error(content: str) -> None:
    with (
        fake_openai([Reply(content=content)] * 3) as (url, server),
        pytest.raises(InvalidOutputError, match="unusable after 3 attempts"),
    ):
        _session(url).structured(PROMPT, SummaryOut)
    assert len(server.requests) == 3


def test_a_long_summary_keeps_its_first_two_sentences_that_fit() -> None:
    four = "First one. Second “quoted” one! Third one. Fourth one."
    assert SummaryOut.model_validate({"summary": four}).summary == "First one. Second “quoted” one!"
    long = "word " * 200  # one sentence over the bound: cut at a word and marked
    cut = SummaryOut.model_validate({"summary": long}).summary
    assert len(cut) <= 400 and cut.endswith(" …")
