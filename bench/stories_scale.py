"""Story clustering at scale on SYNTHETIC articles: N articles in ~N/3.3 stories (each story
its own words and names, every article mostly words shared by all), clustered by
`summarize.stories`; wall time and peak memory (each size in a fresh process), and B-cubed F1
against the generated stories as a sanity check. `--batch N`: the whole `summarize stories
--batch` run on N of those articles against the SYNTHETIC Batch API server (tests/
synthetic_batch.py, hand-written answers, no model; results out of order, 1 line in 50 failing
once), then the same command again into a fresh folder (every call from the cache). Its cost
estimate counts the prompts sent (tiktoken, gpt-4o-mini) and assumes 150 answer tokens a call
(the synthetic answers are shorter), priced from summarize/llm/data/prices.json.

    python bench/stories_scale.py [--sizes 1000,10000] [--batch 1000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SYLLABLES = [a + b for a in "bdfgklmnprstvz" for b in ("a", "e", "i", "o", "u", "ai", "ou")]


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def synthetic(n: int, seed: int = 7) -> tuple[list[object], list[int]]:
    from summarize.articles import Article

    rng = random.Random(seed)
    common = [_word(rng, 3) for _ in range(3000)]
    weights = [1 / (k + 1) for k in range(len(common))]  # Zipf-like
    stories = max(1, round(n / 3.3))
    articles: list[object] = []
    truth: list[int] = []
    day0 = 18800.0
    for s in range(stories):
        own = [_word(rng, 4) for _ in range(14)]
        names = [_word(rng, 3).capitalize() for _ in range(3)]
        day = day0 + rng.random() * 30
        for k in range(rng.choice((2, 3, 3, 4, 5))):
            if len(articles) >= n:
                break
            title = " ".join(rng.sample(own, 4) + rng.choices(common, weights, k=4))
            words = rng.sample(own, 8) + rng.choices(common, weights, k=50)
            rng.shuffle(words)
            lead = " ".join(words[:20]) + f" {names[0]} said. " + " ".join(words[20:])
            lead += f" {rng.choice(names)} and {rng.choice(names)} met."
            when = time.strftime("%Y-%m-%d", time.gmtime((day + rng.random()) * 86400))
            articles.append(
                Article.from_text(
                    f"A{len(articles) + 1}",
                    lead,
                    source=f"synthetic#{len(articles) + 1}",
                    title=title,
                    outlet=f"outlet{k}",
                    published=when,
                )
            )
            truth.append(s)
    return articles, truth


def one(n: int) -> dict[str, object]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from stories_eval import adjusted_rand, b_cubed

    from summarize.articles.dedupe import find_duplicates
    from summarize.stories.group import group_articles

    articles, truth = synthetic(n)
    started = time.perf_counter()
    duplicates = find_duplicates(articles)  # type: ignore[arg-type]
    dedupe = time.perf_counter() - started
    grouping = group_articles(articles, duplicates=duplicates)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    predicted = [0] * len(articles)
    for k, members in enumerate(grouping.stories):
        for m in members:
            predicted[m] = k
    _, _, f1 = b_cubed([str(t) for t in truth], predicted)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "articles": len(articles),
        "true stories": len(set(truth)),
        "stories": len(grouping.stories),
        "dedupe s": round(dedupe, 1),
        "cluster s (incl. dedupe)": round(seconds, 1),
        "peak MB": round(peak),
        "B3 F1": round(f1, 3),
        "ARI": round(adjusted_rand([str(t) for t in truth], predicted), 3),
    }


def batch_run(n: int) -> dict[str, object]:
    """`summarize stories --batch` end to end on n synthetic articles (see the docstring)."""
    import os
    import tempfile

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root))
    from summarize.cli import main as cli
    from summarize.llm import batch_api
    from summarize.llm.prices import cost_provenance
    from summarize.llm.tokens import tiktoken_counter
    from tests.fake_servers import Result, batch_service, classify, digest_json

    articles, _truth = synthetic(n)
    answers = {
        "consensus": json.dumps({"sentences": []}),
        "framing": json.dumps({"outlets": []}),
    }
    tries: dict[str, int] = {}
    live: list[str] = []
    counter = tiktoken_counter("gpt-4o-mini")
    prompt_tokens = {"batch": 0, "live": 0}

    def count(body: dict[str, object]) -> int:
        messages = body["messages"]
        assert isinstance(messages, list)
        return sum(counter.count(str(m["content"])) for m in messages)

    def content(body: dict[str, object]) -> str:
        return answers.get(classify(body).kind, digest_json("It reports the event.", [], []))

    def batched(custom_id: str, body: dict[str, object]) -> Result:
        tries[custom_id] = tries.get(custom_id, 0) + 1
        if tries[custom_id] == 1:
            prompt_tokens["batch"] += count(body)
        if tries[custom_id] == 1 and len(tries) % 50 == 0:
            return Result(status=500)  # a few failed lines, each retried once
        return Result(content(body))

    def chat(body: dict[str, object]) -> Result:
        live.append(classify(body).kind)
        prompt_tokens["live"] += count(body)
        return Result(content(body))

    os.environ.setdefault("OPENAI_API_KEY", "sk-synthetic-bench")
    batch_api._abortable_sleep = lambda _backend: lambda _seconds: None  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as folder, batch_service(batched, chat=chat) as (url, _s):
        pool = Path(folder) / "pool.jsonl"
        rows = [
            {"outlet": a.outlet, "title": a.title, "text": a.text, "date": a.published}
            for a in articles  # type: ignore[attr-defined]
        ]
        pool.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")

        def stories(out: str, *extra: str) -> float:
            argv = ["stories", str(pool), "-o", str(Path(folder) / out), "-q"]
            argv += ["--backend", "openai", "--base-url", url, "--cache-dir", folder, *extra]
            started = time.perf_counter()
            code = cli(argv)
            assert code == 0, code
            return time.perf_counter() - started

        seconds = stories("out", "--batch")
        index = json.loads((Path(folder) / "out" / "index.json").read_text(encoding="utf-8"))
        live_first = len(live)
        again = stories("again")
    report = index["provenance"]["batch"]
    answer = 150  # tokens per answer, assumed
    digests = cost_provenance(
        "gpt-4o-mini", prompt_tokens=prompt_tokens["batch"], completion_tokens=answer * len(tries)
    )
    per_story = cost_provenance(
        "gpt-4o-mini", prompt_tokens=prompt_tokens["live"], completion_tokens=answer * live_first
    )
    return {
        "articles": n,
        "stories": len(index["stories"]),
        "briefed": sum(1 for s in index["stories"] if s["status"] == "briefed"),
        "batched digests": report["loaded"],
        "retried once": report["retried"],
        "live calls": live_first,
        "live by kind": " ".join(f"{k} {v}" for k, v in sorted(Counter(live[:live_first]).items())),
        "live digest calls": live[:live_first].count("digest"),
        "run s": round(seconds, 1),
        "cached re-run s": round(again, 1),
        "re-run calls": len(live) - live_first,
        "peak MB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "prompt tokens (batch + live)": f"{prompt_tokens['batch']} + {prompt_tokens['live']}",
        "est. $ with --batch": round(digests["batch_usd"] + per_story["live_usd"], 4),
        "est. $ all live": round(digests["live_usd"] + per_story["live_usd"], 4),
        "prices as of": digests["prices_as_of"],
    }


def _table(rows: list[dict[str, object]]) -> None:
    columns = list(rows[0])
    print("| " + " | ".join(columns) + " |")
    print("|" + "---:|" * len(columns))
    for row in rows:
        print("| " + " | ".join(str(row[c]) for c in columns) + " |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--batch", type=int, metavar="N", help="also the --batch run on N")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--one-batch", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return 0
    if args.one_batch:
        print(json.dumps(batch_run(args.one_batch)))
        return 0

    def fresh(flag: str, size: int) -> dict[str, object]:
        done = subprocess.run(
            [sys.executable, __file__, flag, str(size)], capture_output=True, text=True, check=True
        )
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if sizes:
        _table([fresh("--one", size) for size in sizes])
    if args.batch:
        _table([fresh("--one-batch", args.batch)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
