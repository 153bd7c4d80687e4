"""The embedded model: load time, prompt and generation speed, prefix-cache reuse, peak memory.

    flock /tmp/summarize-model.lock python bench/embedded.py [--articles 2] [--max-tokens 256]

Sends the tool's real digest prompt (DigestOut schema, grammar-constrained) for the first seed
articles, then the first one again to show the prefix cache. Speeds come from llama.cpp's own
`timings` in each response (prompt_per_second, predicted_per_second); peak memory is this
process's VmHWM, which includes the in-process server and the weights.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import ROOT, peak_rss_mb, write_report
from summarize.articles import load_articles
from summarize.llm.client import build_client, build_request
from summarize.llm.embedded import embedded_server
from summarize.llm.profiles import BUILTIN_PROFILES
from summarize.prompts import render
from summarize.schema import DigestOut

COLUMNS = [
    "request",
    "prompt tokens",
    "evaluated",
    "from cache",
    "prompt tok/s",
    "generated tokens",
    "generation tok/s",
    "finish",
    "wall s",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default=str(ROOT / "seeds"))
    parser.add_argument("--articles", type=int, default=2)
    parser.add_argument("--max-tokens", type=int, default=256)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--name", default="embedded")
    args = parser.parse_args(argv)

    profile = replace(BUILTIN_PROFILES["embedded"], threads=args.threads)
    rss_before = peak_rss_mb()
    server = embedded_server(profile)
    rss_loaded = peak_rss_mb()
    client = build_client(profile, server.base_url)
    articles = load_articles([args.seeds]).articles[: args.articles]
    jobs = [(f"digest {a.id} (cold)", a) for a in articles]
    jobs.append((f"digest {articles[0].id} again (prefix cached)", articles[0]))
    rows: list[dict[str, Any]] = []
    for label, article in jobs:
        prompt = render(
            "digest",
            article_id=article.id,
            title=article.title or "",
            sentences=[s.text for s in article.sentences],
            first=0,
            max_claims=10,
        )
        request = build_request(
            profile, prompt.messages, schema=DigestOut, max_tokens=args.max_tokens
        )
        started = time.monotonic()
        response = client.chat.completions.create(**request).model_dump(mode="json")
        wall = time.monotonic() - started
        t = response.get("timings") or {}
        usage = response.get("usage") or {}
        rows.append(
            {
                "request": label,
                "prompt tokens": usage.get("prompt_tokens"),
                "evaluated": t.get("prompt_n"),
                "from cache": t.get("cache_n"),
                "prompt tok/s": round(float(t.get("prompt_per_second") or 0), 1),
                "generated tokens": t.get("predicted_n"),
                "generation tok/s": round(float(t.get("predicted_per_second") or 0), 1),
                "finish": response["choices"][0].get("finish_reason"),
                "wall s": round(wall, 1),
            }
        )
        print(rows[-1], file=sys.stderr, flush=True)
    threads = args.threads or os.environ.get("SUMMARIZE_THREADS") or "llama.cpp default"
    notes = [
        f"model {server.model_path.name}; load (xllamacpp.Server to /health ok) "
        f"{server.load_seconds:.1f} s; threads {threads}; {os.cpu_count()} CPUs.",
        f"peak RSS (VmHWM) {rss_before:.0f} MB before load, {rss_loaded:.0f} MB after load, "
        f"{peak_rss_mb():.0f} MB at the end.",
        f"answers capped at --max-tokens {args.max_tokens} (a speed probe, not full digests); "
        "speeds are llama.cpp's own timings, wall-clock on a shared machine.",
    ]
    command = "python bench/embedded.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    write_report(
        args.name,
        "Embedded model: speed and memory",
        command.strip(),
        COLUMNS,
        rows,
        notes=notes,
        meta={
            "load_seconds": server.load_seconds,
            "peak_rss_mb": peak_rss_mb(),
            "rss_loaded_mb": rss_loaded,
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
