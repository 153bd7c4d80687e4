"""Story clustering quality on the evaluation clusters in ../shared/data: every article of
every cluster pooled, shuffled, ids renumbered (cluster ids hidden), clustered by
`summarize.stories`, and scored against the true clusters.

    python bench/stories_eval.py                       # allsides_dev, dates removed
    python bench/stories_eval.py --dates               # each article dated with its cluster's day
    python bench/stories_eval.py --mix                 # + basil_dev and newswcl50 as other stories
    python bench/stories_eval.py --sweep join_threshold=0.1,0.15,0.2,0.25,0.3

Scores: B-cubed precision / recall / F1 (Bagga & Baldwin 1998: per article, the share of its
predicted story that is its true story, and of its true story that is in its predicted one,
averaged over articles) and the adjusted Rand index (Hubert & Arabie 1985). Failures name the
true clusters that were split or merged, with their AllSides topic.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from math import comb
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evaluation.clusters import read_clusters
from summarize.articles import Article
from summarize.settings import StorySettings
from summarize.stories.group import group_articles

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def b_cubed(truth: Sequence[str], predicted: Sequence[int]) -> tuple[float, float, float]:
    by_true: dict[str, set[int]] = {}
    by_pred: dict[int, set[int]] = {}
    for i, (t, p) in enumerate(zip(truth, predicted, strict=True)):
        by_true.setdefault(t, set()).add(i)
        by_pred.setdefault(p, set()).add(i)
    precision = recall = 0.0
    for t, p in zip(truth, predicted, strict=True):
        both = len(by_true[t] & by_pred[p])
        precision += both / len(by_pred[p])
        recall += both / len(by_true[t])
    n = len(truth)
    precision, recall = precision / n, recall / n
    return precision, recall, 2 * precision * recall / (precision + recall)


def adjusted_rand(truth: Sequence[str], predicted: Sequence[int]) -> float:
    table = Counter(zip(truth, predicted, strict=True))
    index = sum(comb(c, 2) for c in table.values())
    rows = sum(comb(c, 2) for c in Counter(truth).values())
    cols = sum(comb(c, 2) for c in Counter(predicted).values())
    expected = rows * cols / comb(len(truth), 2)
    best = (rows + cols) / 2
    return (index - expected) / (best - expected) if best != expected else 1.0


def pool(
    files: Sequence[str], *, dates: bool, seed: int
) -> tuple[list[Article], list[str], dict[str, str]]:
    items: list[tuple[Article, str]] = []
    topics: dict[str, str] = {}
    for name in files:
        for c in read_clusters(DATA / f"{name}.jsonl"):
            topics[c.cluster_id] = str(c.raw.get("topic") or c.dataset)
            for a in c.articles:
                day = (a.published or "")[:10] if dates else None
                items.append((dataclasses.replace(a, published=day or None), c.cluster_id))
    random.Random(seed).shuffle(items)
    articles = [
        dataclasses.replace(a, id=f"A{k}", source="pool") for k, (a, _) in enumerate(items, 1)
    ]
    return articles, [t for _, t in items], topics


def evaluate(
    articles: list[Article], truth: list[str], settings: StorySettings
) -> dict[str, object]:
    started = time.perf_counter()
    grouping = group_articles(articles, settings)
    seconds = time.perf_counter() - started
    predicted = [0] * len(articles)
    for s, members in enumerate(grouping.stories):
        for m in members:
            predicted[m] = s
    p, r, f = b_cubed(truth, predicted)
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "ari": adjusted_rand(truth, predicted),
        "stories": len(grouping.stories),
        "true": len(set(truth)),
        "seconds": seconds,
        "predicted": predicted,
    }


def failures(truth: list[str], predicted: list[int], topics: dict[str, str]) -> list[str]:
    lines = []
    by_true: dict[str, Counter[int]] = {}
    by_pred: dict[int, Counter[str]] = {}
    for t, p in zip(truth, predicted, strict=True):
        by_true.setdefault(t, Counter())[p] += 1
        by_pred.setdefault(p, Counter())[t] += 1
    for t, parts in sorted(by_true.items()):
        if len(parts) > 1:
            lines.append(f"split  {t} ({topics[t]}): {sorted(parts.values(), reverse=True)}")
    for _, parts in sorted(by_pred.items()):
        if len(parts) > 1:
            named = ", ".join(f"{t} ({topics[t]})" for t in sorted(parts))
            lines.append(f"merged {named}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--dates", action="store_true", help="date each article with its cluster's day"
    )
    parser.add_argument("--mix", action="store_true", help="also pool basil_dev and newswcl50")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--sweep", metavar="NAME=V1,V2,...")
    parser.add_argument("--failures", action="store_true", help="list split and merged clusters")
    args = parser.parse_args(argv)
    if not (DATA / "allsides_dev.jsonl").is_file():
        print(f"skipped: {DATA} is absent", file=sys.stderr)
        return 0
    files = ["allsides_dev", *(["basil_dev", "newswcl50"] if args.mix else [])]
    articles, truth, topics = pool(files, dates=args.dates, seed=args.seed)
    runs = [args.set]
    if args.sweep:
        name, _, values = args.sweep.partition("=")
        runs = [[*args.set, f"{name}={v}"] for v in values.split(",")]
    print(
        f"{len(articles)} articles in {len(set(truth))} true clusters ({', '.join(files)}; "
        f"dates {'kept (cluster day)' if args.dates else 'removed'}; seed {args.seed})"
    )
    print("| settings | B³ P | B³ R | B³ F1 | ARI | stories | s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for pairs in runs:
        settings = StorySettings.from_pairs(pairs)
        result = evaluate(articles, truth, settings)
        label = " ".join(pairs) or "defaults"
        print(
            f"| {label} | {result['precision']:.3f} | {result['recall']:.3f} | {result['f1']:.3f} "
            f"| {result['ari']:.3f} | {result['stories']} | {result['seconds']:.2f} |"
        )
        if args.failures:
            for line in failures(truth, result["predicted"], topics):  # type: ignore[arg-type]
                print("    " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
