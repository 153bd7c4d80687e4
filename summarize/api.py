"""The Python API behind the CLI: the same steps, callable from code."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from summarize.llm.cache import ResponseCache
from summarize.llm.client import open_backend
from summarize.llm.profiles import resolve_profile
from summarize.llm.session import ModelSession


def open_model(
    backend: str | None = None,
    *,
    model: str | None = None,
    base_url: str | None = None,
    model_path: str | None = None,
    threads: int | None = None,
    concurrency: int | None = None,
    timeout: float | None = None,
    cache: bool = True,
    cache_dir: Path | None = None,
) -> ModelSession:
    """A model session as `summarize --backend ...` builds it (embedded model by default)."""
    profile = resolve_profile(
        backend,
        model=model,
        base_url=base_url,
        model_path=model_path,
        threads=threads,
        concurrency=concurrency,
        timeout=timeout,
    )
    return ModelSession(open_backend(profile), ResponseCache(cache_dir) if cache else None)


def briefing_schema() -> dict[str, Any]:
    """The published JSON Schema of `Briefing.to_dict()` (summarize/briefing/v3)."""
    text = resources.files("summarize").joinpath("schemas/briefing-v3.schema.json").read_text()
    return dict(json.loads(text))
