"""Story clustering at scale on SYNTHETIC articles: N articles in ~N/3.3 stories (each story
its own words and names, every article mostly words shared by all), clustered by
`summarize.stories`; wall time and peak memory (each size in a fresh process), and B-cubed F1
against the generated stories as a sanity check.

    python bench/stories_scale.py [--sizes 1000,10000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return 0
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(size)],
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    columns = list(rows[0])
    print("| " + " | ".join(columns) + " |")
    print("|" + "---:|" * len(columns))
    for row in rows:
        print("| " + " | ".join(str(row[c]) for c in columns) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
