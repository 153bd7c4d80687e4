"""The fact model scored against the gold set (tests/gold/, docs/ALIGNMENT.md "Gold set").

    .venv/bin/python bench/fact_gold.py            # table; --json for the numbers

No model. Per split (the seeds; the dev clusters with an even index, used to tune the bars; the
odd ones, reported untouched):

- matrix cells: for each gold fact, its row is the alignment's fact holding most of the gold's
  full carriers; each article's decided cell (`Alignment.decide`) is right when it says
  carries for a full carrier, not reported where the gold has no carrier, and carries or
  unclear for a partial one. Reported: cells right, unclear share, false "not reported" (a
  carrier said not to report it) and false "carries".
- matrix rows (brief/matrix.py): rows in all, rows shown, shown rows repeating another shown
  row's text.
- consensus statements (brief/consensus.py `ranked_statements`, what the consensus states
  with or without a model): statements, statements repeating a gold fact another statement
  states (a gold fact carried by two or more of a statement's sentences counts as stated),
  and facts merged into a statement whose lead states none of their gold facts.
- "what happened" (brief/what_happened.py): sentences, and sentences citing an article that carries
  none of the sentence's gold facts (full or partial).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.align_gold import DATA, GOLD, gold_files  # noqa: E402
from evaluation.gold import (  # noqa: E402
    GoldCluster,
    GoldIndex,
    cluster_articles,
    load_gold,
    unit_id,
)
from summarize.align import Alignment, ClaimCluster, align_articles  # noqa: E402
from summarize.articles import Article  # noqa: E402
from summarize.brief.consensus import centrality_of, ranked_statements  # noqa: E402
from summarize.brief.matrix import fact_matrix  # noqa: E402
from summarize.brief.what_happened import what_happened  # noqa: E402

SPLITS = ("seeds", "dev-tune", "dev-held")


def clusters(with_dev: bool = True) -> list[tuple[str, GoldCluster, list[Article]]]:
    """(split, gold cluster, its articles as the tool loads them)."""
    out = []
    for kind, name in gold_files(with_dev).items():
        for k, gold in enumerate(load_gold(GOLD / name)):
            split = kind if kind == "seeds" else ("dev-tune" if k % 2 == 0 else "dev-held")
            out.append((split, gold, cluster_articles(gold, root=ROOT, data_dir=DATA)))
    return out


def _gold_facts(g: GoldIndex, cluster: ClaimCluster) -> set[str]:
    """Gold facts two or more of the cluster's sentences carry in full."""
    n = Counter(
        f for m in cluster.members for f in g.full.get(unit_id(m.article_id, m.sentence.index), ())
    )
    return {f for f, k in n.items() if k >= 2}


def gold_cells(gold: GoldCluster, alignment: Alignment) -> Iterator[tuple[ClaimCluster, str, str]]:
    """(the gold fact's row, article id, the gold's truth: carries / partial / absent) for every
    cell of every gold fact; the row is the alignment's fact holding most of its full carriers."""
    g = GoldIndex(gold)
    units = [
        (c, {unit_id(m.article_id, m.sentence.index) for m in c.members})
        for c in alignment.clusters
    ]
    for fact in gold.facts:
        row = max(units, key=lambda cu: (len(cu[1] & fact.full), cu[0].support))[0]
        for aid in alignment.article_ids:
            if aid in g.full_articles[fact.id]:
                yield row, aid, "carries"
            else:
                yield row, aid, "partial" if aid in g.any_articles[fact.id] else "absent"


def score_cluster(gold: GoldCluster, articles: Sequence[Article]) -> Counter[str]:
    n: Counter[str] = Counter()
    alignment = align_articles(articles)
    g = GoldIndex(gold)
    for row, aid, truth in gold_cells(gold, alignment):
        said = alignment.decide(row, aid).status
        n["cells"] += 1
        n["cells_right"] += (
            (truth == "carries" and said == "carries")
            or (truth == "absent" and said == "not_reported")
            or (truth == "partial" and said != "not_reported")
        )
        n["cells_unclear"] += said == "unclear"
        n["false_not_reported"] += said == "not_reported" and truth != "absent"
        n["false_carries"] += said == "carries" and truth == "absent"
    rows = fact_matrix(alignment, articles)
    shown = [r for r in rows if r.shown]
    texts = Counter(r.text for r in shown)
    n["rows"] += len(rows)
    n["rows_shown"] += len(shown)
    n["rows_repeating"] += sum(k for k in texts.values() if k > 1)
    groups = ranked_statements(alignment.shared(2), centrality_of(articles))
    said_by: Counter[str] = Counter()
    for group in groups:
        stated = set().union(*(_gold_facts(g, c) for c in group))
        said_by.update(stated)
        lead = _gold_facts(g, group[0])
        n["merged_wrongly"] += sum(
            1 for c in group[1:] if _gold_facts(g, c) and not _gold_facts(g, c) & lead
        )
    n["statements"] += len(groups)
    n["statements_repeating"] += sum(
        any(said_by[f] > 1 for f in set().union(*(_gold_facts(g, c) for c in group)))
        for group in groups
    )
    for s in what_happened(articles, alignment):
        assert s.verbatim_from is not None
        own = g.any.get(unit_id(*s.verbatim_from), set())
        n["story_sentences"] += 1
        n["story_false_citations"] += sum(
            not any(aid in g.any_articles[f] for f in own)
            for aid in s.sources
            if aid != s.verbatim_from[0]
        )
    return n


def measure(with_dev: bool = True) -> dict[str, dict[str, Any]]:
    totals: dict[str, Counter[str]] = {}
    for split, gold, articles in clusters(with_dev):
        totals.setdefault(split, Counter()).update(score_cluster(gold, articles))
    return {split: _rates(n) for split, n in totals.items()}


def _rates(n: Counter[str]) -> dict[str, Any]:
    cells = max(1, n["cells"])
    return {
        "cells_right": round(n["cells_right"] / cells, 4),
        "cells_unclear": round(n["cells_unclear"] / cells, 4),
        "counts": dict(sorted(n.items())),
    }


def table(results: dict[str, dict[str, Any]]) -> str:
    cols = (
        "cells",
        "false_not_reported",
        "false_carries",
        "rows",
        "rows_shown",
        "rows_repeating",
        "statements",
        "statements_repeating",
        "merged_wrongly",
        "story_sentences",
        "story_false_citations",
    )
    lines = ["| split | cells right | unclear | " + " | ".join(cols) + " |"]
    lines.append("|---" * (len(cols) + 3) + "|")
    for split in SPLITS:
        if split in results:
            r = results[split]
            c = r["counts"]
            lines.append(
                f"| {split} | {r['cells_right']:.3f} | {r['cells_unclear']:.3f} | "
                + " | ".join(str(c.get(k, 0)) for k in cols)
                + " |"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("--seeds-only", action="store_true", help="without ../shared/data")
    args = parser.parse_args(argv)
    results = measure(with_dev=not args.seeds_only)
    print(json.dumps(results, indent=1) if args.json else table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
