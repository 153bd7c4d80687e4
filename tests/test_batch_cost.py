"""The dated price table (summarize/llm/data/prices.json) and the live vs batch estimate."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from summarize.llm.prices import cost_provenance, estimate_cost, price_table


def test_the_table_is_dated_sourced_and_batch_is_half_of_live() -> None:
    table = price_table()
    assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", table.as_of) and table.source
    assert "gpt-4o-mini" in table.models
    for name, p in table.models.items():
        assert p.batch_input == pytest.approx(p.input / 2), name
        assert p.batch_output == pytest.approx(p.output / 2), name
        assert 0 < p.cached_input <= p.input, name


def test_estimates_live_with_cached_prefix_and_batch() -> None:
    tokens = {"prompt_tokens": 2_000_000, "completion_tokens": 500_000}
    live = estimate_cost("gpt-4o-mini", **tokens)
    assert live == pytest.approx(2 * 0.15 + 0.5 * 0.60)
    cached = estimate_cost("gpt-4o-mini", cached_prompt_tokens=1_000_000, **tokens)
    assert cached == pytest.approx(0.15 + 0.075 + 0.30)
    assert estimate_cost("gpt-4o-mini", mode="batch", **tokens) == pytest.approx(live / 2)
    # a dated snapshot is its model; a local model or an unknown one gets no guess
    assert estimate_cost("gpt-4o-mini-2024-07-18", **tokens) == live
    assert estimate_cost("qwen2.5:7b-instruct", **tokens) is None
    assert estimate_cost(None, **tokens) is None


def test_provenance_names_the_date_and_both_prices() -> None:
    got = cost_provenance("gpt-4o", prompt_tokens=1000, completion_tokens=100)
    assert got["priced"] and got["batch_usd"] == pytest.approx(got["live_usd"] / 2)
    assert got["prices_as_of"] == price_table().as_of
    assert cost_provenance("default", prompt_tokens=1, completion_tokens=1)["priced"] is False


def test_prices_json_has_one_reader() -> None:
    """llm/prices.py reads the table once (its `verified` flag too); nothing else opens it."""
    package = Path(__file__).resolve().parents[1] / "summarize"
    readers = sorted(
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if re.search(r"""["']prices\.json["']""", p.read_text(encoding="utf-8"))
    )
    assert readers == ["llm/prices.py"]
    raw = json.loads((package / "llm" / "data" / "prices.json").read_text(encoding="utf-8"))
    assert price_table().verified is (raw.get("verified") is True)
