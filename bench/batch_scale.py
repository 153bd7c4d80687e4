"""The batch path at scale on the SYNTHETIC Batch API server (tests/fake_servers.py, answers
hand-written, no model): N requests of ~600 words each planned, uploaded, polled, downloaded,
validated and cached, then asked again from the cache. Each size runs in a fresh process.

    python bench/batch_scale.py [--sizes 1000,10000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def one(n: int) -> dict[str, object]:
    from pydantic import BaseModel

    from summarize.llm import batch
    from summarize.llm.cache import ResponseCache
    from summarize.llm.client import open_backend
    from summarize.llm.profiles import BUILTIN_PROFILES
    from summarize.llm.session import ModelSession
    from summarize.prompts import RenderedPrompt
    from tests.fake_servers import Result, batch_service

    class Answer(BaseModel):
        text: str

    text = "word " * 600  # about one article's worth of prompt

    def ask(k: int, session: ModelSession) -> Answer:
        prompt = RenderedPrompt("bench", 1, "sha256:bench", "system", f"{text} item {k}")
        return session.structured(prompt, Answer, max_tokens=64)

    os.environ.setdefault("OPENAI_API_KEY", "sk-synthetic-bench")
    items = list(range(n))
    with (
        tempfile.TemporaryDirectory() as folder,
        batch_service(lambda _id, _body: Result(json.dumps({"text": "ok"}))) as (url, state),
    ):
        profile = replace(BUILTIN_PROFILES["openai"], base_url=url)
        session = ModelSession(open_backend(profile), ResponseCache(Path(folder) / "cache"))
        started = time.perf_counter()
        batch.plan_stage(session, "bench", items, ask)
        planned = time.perf_counter()
        report = batch.prefill("bench", items, ask, session, sleep=lambda _s: None)
        loaded = time.perf_counter()
        for k in items:
            ask(k, session)
        again = time.perf_counter()
        return {
            "requests": n,
            "plan_s": round(planned - started, 2),
            "batch_s": round(loaded - planned, 2),
            "upload_mb": round(len(state.uploads()[0]) / 1e6, 1),
            "loaded": report.loaded,
            "cached_rerun_s": round(again - loaded, 2),
            "calls": session.usage.calls,
            "cache_hits": session.usage.cache_hits,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return
    for size in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size)], check=True, capture_output=True
        )
        print(out.stdout.decode().strip())


if __name__ == "__main__":
    main()
