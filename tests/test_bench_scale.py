"""The scale bench's SYNTHETIC server and a tiny scale run, so the bench code does not rot."""

from __future__ import annotations

import json
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import synthetic_articles, verify_output
from bench.scale import run_briefing
from tests.fake_servers import synthetic_server


def _post(url: str, payload: dict) -> dict:
    request = urllib.request.Request(
        url + "/chat/completions",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def test_synthetic_server_answers_each_kind_and_overlaps_requests() -> None:
    digest = {
        "messages": [{"role": "user", "content": "<article>\nS1: The dam opened.\n"}],
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "DigestOut", "schema": {}},
        },
    }
    with synthetic_server(0.2) as (url, stats):
        started = time.monotonic()
        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(lambda _: _post(url, digest), range(4)))
        elapsed = time.monotonic() - started
    content = json.loads(answers[0]["choices"][0]["message"]["content"])
    assert content["claims"] == [{"claim": "The dam opened.", "sentence": 1}]
    assert answers[0]["usage"]["prompt_tokens"] > 0
    assert stats.max_in_flight == 4 and elapsed < 0.6  # threaded: four delays overlap


def test_synthetic_articles_are_distinct_and_deterministic() -> None:
    first, again = synthetic_articles(5), synthetic_articles(5)
    assert [a.text for a in first.articles] == [a.text for a in again.articles]
    assert len({a.text for a in first.articles}) == 5


def test_tiny_scale_run_grows_linearly(tmp_path: Path) -> None:
    with synthetic_server(0.05) as (url, _):
        small = run_briefing(url, 2, 8, None)
        large = run_briefing(url, 5, 8, tmp_path)
        warm = run_briefing(url, 5, 8, tmp_path)
    assert small["calls"] == 2 + 2 and large["calls"] == 5 + 2
    assert small["truncated"] == large["truncated"] == 0
    assert small["consensus_sentences"] >= 1  # the shared fact made it to the consensus
    per_article = (large["prompt_tokens"] - small["prompt_tokens"]) / 3
    assert 0.5 * small["prompt_tokens"] / 2 < per_article < 1.5 * large["prompt_tokens"] / 5
    assert warm["calls"] == 0 and warm["cache_hits"] == 7


def test_citation_and_quote_checks() -> None:
    articles = synthetic_articles(2).articles
    fact = articles[0].sentences[0].text
    text = (
        f"{fact} [A1, A2]\nThe mayor resigned over a ferry scandal [A1].\n"
        f"They wrote “{fact.rstrip('.')}” and “a sentence nobody wrote”."
    )
    result = verify_output(text, articles)
    assert (result.citations_supported, result.citations) == (2, 3)
    assert (result.quotes_verbatim, result.quotes) == (1, 2)


def test_a_listed_rejection_is_not_scored() -> None:
    articles = synthetic_articles(1).articles
    text = (
        "## Consensus\n\nok\n\n## Unverified (not used above)\n\n"
        "- claim (A1): “a sentence nobody wrote at all” — not in the article [A1]\n\n"
        "## Provenance\n\n“a sentence nobody wrote either”"
    )
    result = verify_output(text, articles)
    assert (result.quotes, result.citations) == (1, 0)


def test_tiny_framing_scale_run() -> None:
    from bench._common import distinct_articles
    from bench.scale import framing_times

    articles = distinct_articles(6).articles
    assert len({a.text for a in articles}) == 6  # no two alike
    (row,) = framing_times([6])
    assert row["articles"] == 6 and row["total s"] >= 0 and row["alignment s"] != "not aligned"
