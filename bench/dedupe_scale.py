"""Near-duplicate detection at scale: the pairwise loop it replaced against the prefix-filtered
index, on SYNTHETIC articles (bench/_common.synthetic_articles: every article shares one fact
line and templated phrases, the worst case for an index) with every 20th article a reprint of an
earlier one (last sentence cut, a credit line added), so there are groups to find.

    python bench/dedupe_scale.py [--sizes 500,1000,2000] [--before-up-to 2000]

Both methods must return the same groups; the script fails otherwise.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import synthetic_articles, write_report
from summarize.articles import Article
from summarize.articles.dedupe import find_duplicates, overlap, shingles
from summarize.articles.result import DuplicateGroup
from summarize.settings import current

COLUMNS = ["articles", "groups", "before s", "after s", "speed-up", "same groups"]


def pairwise(articles: Sequence[Article], threshold: float | None = None) -> list[DuplicateGroup]:
    """The O(n²) implementation this replaced, kept verbatim as the reference."""
    threshold = current().dedupe.threshold if threshold is None else threshold
    sets = [shingles(a.text) for a in articles]
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs: list[tuple[int, int, float]] = []
    for i in range(len(articles)):
        for j in range(i + 1, len(articles)):
            score = overlap(sets[i], sets[j])
            if score >= threshold:
                pairs.append((i, j, score))
                parent[root(j)] = root(i)
    members: dict[int, list[int]] = {}
    for i in range(len(articles)):
        members.setdefault(root(i), []).append(i)
    groups: list[DuplicateGroup] = []
    for indexes in members.values():
        if len(indexes) < 2:
            continue
        linked = [
            (articles[i].id, articles[j].id, round(s, 3)) for i, j, s in pairs if i in indexes
        ]
        canonical = max(indexes, key=lambda i: (len(articles[i].text), -i))
        groups.append(
            DuplicateGroup(
                ids=tuple(articles[i].id for i in indexes),
                canonical=articles[canonical].id,
                similarity=min(s for _, _, s in linked),
                pairs=tuple(linked),
            )
        )
    return groups


def corpus(n: int) -> list[Article]:
    """`n` SYNTHETIC articles, every 20th a reprint of the one 7 places before it."""
    articles = list(synthetic_articles(n).articles)
    for k in range(19, n, 20):
        source = articles[k - 7]
        lines = [*(s.text for s in source.sentences[:-1]), "(Reprinted from a wire service.)"]
        articles[k] = Article.from_sentences(source.id, lines, source=f"reprint:{k}")
    return [
        Article.from_sentences(f"A{i}", [s.text for s in a.sentences], source=a.source)
        for i, a in enumerate(articles, 1)
    ]


def timed(method: object, articles: list[Article]) -> tuple[float, list[DuplicateGroup]]:
    started = time.perf_counter()
    groups = method(articles)  # type: ignore[operator]
    return time.perf_counter() - started, groups


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,1000,2000")
    parser.add_argument(
        "--before-up-to", type=int, default=2000, help="skip the slow pairwise loop above this"
    )
    args = parser.parse_args(argv)
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        articles = corpus(n)
        after, groups = timed(find_duplicates, articles)
        row: dict[str, object] = {"articles": n, "groups": len(groups), "after s": round(after, 2)}
        if n <= args.before_up_to:
            before, reference = timed(pairwise, articles)
            row |= {
                "before s": round(before, 2),
                "speed-up": f"{before / after:.0f}×",
                "same groups": reference == groups,
            }
            if reference != groups:
                print(f"dedupe_scale: {n} articles: the groups differ", file=sys.stderr)
                return 1
        rows.append(row)
        print(f"dedupe_scale: {n} articles done", file=sys.stderr, flush=True)
    command = "python bench/dedupe_scale.py " + shlex.join(argv or sys.argv[1:])
    write_report(
        "dedupe_scale",
        "Near-duplicate detection: pairwise loop (before) vs prefix-filtered index (after)",
        command.strip(),
        COLUMNS,
        rows,
        notes=["SYNTHETIC articles; times are find_duplicates alone (shingling included)."],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
