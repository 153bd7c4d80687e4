"""What a run's tokens cost, live or through the Batch API, from a dated price table kept as data
(`summarize/llm/data/prices.json`: edit it when prices change; its `as_of` and `source` travel
with every estimate so a reader knows how old the figures are).

Only models in the table are priced: a local server or the embedded model costs no API money,
and an unknown model gets no guess. A dated snapshot (`gpt-4o-mini-2024-07-18`) is priced as its
model. Batch estimates bill every prompt token at the batch input price (no prompt-cache
discount is assumed there); live estimates bill cached prompt tokens at the cached price.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Literal

Mode = Literal["live", "batch"]
_SNAPSHOT = re.compile(r"-\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Prices:
    """US dollars per 1M tokens for one model."""

    input: float
    cached_input: float
    output: float
    batch_input: float
    batch_output: float


@dataclass(frozen=True)
class PriceTable:
    as_of: str
    source: str
    models: dict[str, Prices]
    # The table's own `verified` flag (false: figures not checked against OpenAI's page).
    verified: bool = False

    def lookup(self, model: str | None) -> Prices | None:
        if not model:
            return None
        return self.models.get(model) or self.models.get(_SNAPSHOT.sub("", model))


@cache
def price_table() -> PriceTable:
    """The one reader of prices.json (read once a process)."""
    raw = json.loads(files("summarize.llm").joinpath("data", "prices.json").read_text("utf-8"))
    return PriceTable(
        as_of=str(raw["as_of"]),
        source=str(raw["source"]),
        models={name: Prices(**values) for name, values in raw["models"].items()},
        verified=raw.get("verified") is True,
    )


def estimate_cost(
    model: str | None,
    *,
    prompt_tokens: int,
    completion_tokens: int,
    cached_prompt_tokens: int = 0,
    mode: Mode = "live",
    table: PriceTable | None = None,
) -> float | None:
    """US dollars for these tokens, or None when the model is not in the table."""
    prices = (table or price_table()).lookup(model)
    if prices is None:
        return None
    million = 1_000_000
    if mode == "batch":
        return (prompt_tokens * prices.batch_input + completion_tokens * prices.batch_output) / (
            million
        )
    cached = min(max(cached_prompt_tokens, 0), prompt_tokens)
    return (
        (prompt_tokens - cached) * prices.input
        + cached * prices.cached_input
        + completion_tokens * prices.output
    ) / million


def cost_provenance(
    model: str | None,
    *,
    prompt_tokens: int,
    completion_tokens: int,
    cached_prompt_tokens: int = 0,
) -> dict[str, Any]:
    """Live and batch estimates side by side, with the table's date and source (for provenance).

    >>> cost_provenance("gpt-4o-mini", prompt_tokens=1_000_000, completion_tokens=0)["batch_usd"]
    0.075
    """
    table = price_table()
    tokens = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "cached_prompt_tokens": cached_prompt_tokens,
    }
    live = estimate_cost(model, mode="live", table=table, **tokens)
    batch = estimate_cost(model, mode="batch", table=table, **tokens)
    return {
        "model": model,
        "priced": live is not None,
        "live_usd": None if live is None else round(live, 6),
        "batch_usd": None if batch is None else round(batch, 6),
        "prices_as_of": table.as_of,
        "prices_source": table.source,
    }
