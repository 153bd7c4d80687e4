"""Today's alignment scored against the gold set (tests/gold/, docs/ALIGNMENT.md "Gold set").

    .venv/bin/python bench/align_gold.py            # table; --json for the numbers

Runs of `align_articles`, no live model: every sentence, headline and clause a unit (each
sentence also a claim with itself as evidence, `measure.sentence_digest`), on the seeds and on
the dev clusters (read from ../shared/data at run time); with `--judge`, the model judging the
pairs just below the SAME bar. (The claims-only `align()` and its `sentences`/`cassette` runs
were removed in issue 25: one pair scoring.) tests/gold/baseline.json pins these numbers as
floors (tests/test_align_gold.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evaluation.gold import (  # noqa: E402
    Counts,
    GoldCluster,
    cluster_articles,
    from_alignment,
    load_gold,
    score,
    unit_id,
)
from evaluation.measure import sentence_digest  # noqa: E402
from summarize.align import align_articles  # noqa: E402
from summarize.align.judge import PairJudge  # noqa: E402
from summarize.articles import Article  # noqa: E402
from summarize.llm.judge import ModelJudge  # noqa: E402

GOLD = ROOT / "tests" / "gold"
DATA = ROOT.parent / "shared" / "data"
METRICS = (
    "pair_precision",
    "pair_recall",
    "false_single_source_rate",
    "false_omission_rate",
    "single_source_fact_recall",
    "conflict_pair_recall",
    "shared_fact_recall",
)


def articles_run(
    cluster: GoldCluster, articles: Sequence[Article], judge: PairJudge | None = None
) -> Counts:
    """`align_articles`: every sentence, headline and clause a unit; absence on the generous bar;
    with `judge`, the model scores the mutual-best pairs just below the SAME bar."""
    return judged_run(cluster, articles, judge)[0]


def judged_run(
    cluster: GoldCluster, articles: Sequence[Article], judge: PairJudge | None
) -> tuple[Counts, int]:
    """`articles_run`, and how many pairs the judge was asked about."""
    alignment = align_articles(articles, [sentence_digest(a) for a in articles], judge=judge)
    counts = score(cluster, from_alignment(alignment, [a.id for a in articles]))
    return counts, alignment.judged_pairs


def judged_total(
    clusters: Sequence[tuple[GoldCluster, Sequence[Article]]], judge: PairJudge
) -> dict[str, Any]:
    total, asked = Counts(), 0
    for cluster, articles in clusters:
        counts, judged = judged_run(cluster, articles, judge)
        total.add(counts)
        asked += judged
    return {**total.to_dict(), "judged_pairs": asked}


def measure(with_dev: bool = True, judge: PairJudge | None = None) -> dict[str, Any]:
    seeds = load_gold(GOLD / "seeds_alignment.json")[0]
    seed_articles = cluster_articles(seeds, root=ROOT, data_dir=DATA)
    out: dict[str, Any] = {
        "seeds/articles": articles_run(seeds, seed_articles).to_dict(),
    }
    dev: list[tuple[GoldCluster, list[Article]]] = []
    if with_dev and DATA.is_dir():
        dev = [
            (cluster, cluster_articles(cluster, root=ROOT, data_dir=DATA))
            for cluster in load_gold(GOLD / "dev_alignment.json")
        ]
        total = Counts()
        for cluster, articles in dev:
            total.add(articles_run(cluster, articles))
        out["dev/articles"] = total.to_dict()
    if judge is not None:
        out["seeds/articles+judge"] = judged_total([(seeds, seed_articles)], judge)
        if dev:
            out["dev/articles+judge"] = judged_total(dev, judge)
    return out


def gold_files(with_dev: bool) -> dict[str, str]:
    """The gold files by set name: the seeds, and the dev clusters when asked and readable."""
    files = {"seeds": "seeds_alignment.json"}
    if with_dev and DATA.is_dir():
        files["dev"] = "dev_alignment.json"
    return files


def named_only_in(with_dev: bool = True) -> dict[str, Any]:
    """`align.details.unique_details` on the gold clusters against the hand judgements in
    tests/gold/details_gold.json: how many listed names and numbers another article does
    mention after all (a false "only A mentions X"), and how many are not worth listing."""
    from summarize.align.details import unique_details

    judged = json.loads((GOLD / "details_gold.json").read_text(encoding="utf-8"))["items"]
    index = {(i["cluster"], i["article"], i["sentence"], i["term"]): i for i in judged}
    prefixes = {i["cluster"] for i in judged}  # the judge wrote cluster ids as printed, cut
    listed = known = elsewhere = junk = 0
    for path in gold_files(with_dev).values():
        for cluster in load_gold(GOLD / path):
            articles = cluster_articles(cluster, root=ROOT, data_dir=DATA)
            key = next((p for p in prefixes if cluster.id.startswith(p)), cluster.id)
            for aid, details in unique_details(articles).items():
                for d in details:
                    for term in d.terms:
                        listed += 1
                        item = index.get((key, aid, d.sentence.index, term))
                        if item is not None:
                            known += 1
                            elsewhere += bool(item["elsewhere"])
                            junk += bool(item["junk"])
    return {
        "listed": listed,
        "judged": known,
        "mentioned_elsewhere": elsewhere,
        "false_rate": round(elsewhere / known, 4) if known else None,
        "junk": junk,
        "junk_rate": round(junk / known, 4) if known else None,
    }


def surfaced(with_dev: bool = True) -> dict[str, dict[str, int]]:
    """The gold's true single-source facts the briefing shows a reader: listed "Only in A"
    (`single_source()`), or carried by a sentence of the "Named in one article only" list, a
    weaker statement (about the names, not the fact); and the listed names sentences that
    carry no single-source fact at all."""
    from evaluation.gold import GoldIndex, single_source_found
    from summarize.align.details import unique_details

    out: dict[str, dict[str, int]] = {}
    for name, path in gold_files(with_dev).items():
        n = dict.fromkeys(["facts", "only_in", "named", "either", "sentences", "no_single"], 0)
        for cluster in load_gold(GOLD / path):
            articles = cluster_articles(cluster, root=ROOT, data_dir=DATA)
            g = GoldIndex(cluster)
            singles = g.single_source_facts()
            pred = from_alignment(align_articles(articles), [a.id for a in articles])
            only_in = single_source_found(g, pred)
            units = {
                (d.article_id, unit_id(d.article_id, d.sentence.index))
                for details in unique_details(articles).values()
                for d in details
            }
            carried = {
                u: {f for f in g.full.get(u, ()) if singles.get(f) == aid} for aid, u in units
            }
            named = set().union(*carried.values()) if carried else set()
            n["facts"] += len(singles)
            n["only_in"] += len(only_in)
            n["named"] += len(named)
            n["either"] += len(only_in | named)
            n["sentences"] += len(units)
            n["no_single"] += sum(not facts for facts in carried.values())
        out[name] = n
    return out


def judge_all(judge: PairJudge, floor: float, with_dev: bool = True) -> dict[str, Any]:
    """The ceiling of a pairwise judge: every cross-article pair of sentences (and headlines)
    with a lexical score >= `floor` asked, the pairs counted directly (no clusters), accepted
    when P(yes) clears a threshold or today's alignment already has the pair."""
    from evaluation.gold import GoldIndex
    from summarize.align.index import UnitIndex
    from summarize.align.units import build_units, raw_units

    out: dict[str, Any] = {}
    for name, path in gold_files(with_dev).items():
        rows: list[tuple[str, float | None, bool]] = []  # (gold kind, P(yes), SAME today)
        gold = candidates_gold = 0
        for cluster in load_gold(GOLD / path):
            articles = cluster_articles(cluster, root=ROOT, data_dir=DATA)
            g = GoldIndex(cluster)
            today = from_alignment(align_articles(articles), [a.id for a in articles]).same
            units, name_idf = build_units(raw_units(articles, None, split_clauses=False))
            index = UnitIndex(units, name_idf)
            best: dict[frozenset[str], tuple[float, str, str]] = {}
            for i, u in enumerate(units):
                for m in index.neighbours(i):
                    v = units[m.j]
                    if v.article_id == u.article_id or m.total < floor:
                        continue
                    pair = frozenset(unit_id(x.article_id, x.sentence.index) for x in (u, v))
                    if pair not in best or best[pair][0] < m.total:
                        best[pair] = (m.total, u.text, v.text)
            asked = sorted(best.items(), key=lambda kv: -kv[1][0])
            yes = judge([(a, b) for _, (_, a, b) in asked])
            rows += [(g.pair_kind(p), y, p in today) for (p, _), y in zip(asked, yes, strict=True)]
            gold += len(g.same)
            candidates_gold += sum(g.pair_kind(p) == "same" for p in best)
        sweep = {}
        for threshold in (0.5, 0.6, 0.7, 0.8, 0.9):
            kept = [k for k, y, t in rows if t or (y is not None and y >= threshold)]
            true, false = kept.count("same"), kept.count("different")
            sweep[str(threshold)] = {
                "true": true,
                "false": false,
                "precision": round(true / (true + false), 4) if true + false else None,
                "recall": round(true / gold, 4) if gold else None,
            }
        out[name] = {"asked": len(rows), "gold_same": gold, "in_candidates": candidates_gold}
        out[name]["sweep"] = sweep
    return out


def table(results: dict[str, Any]) -> str:
    lines = ["| run | " + " | ".join(METRICS) + " | pairs (true/false/partial of gold) |"]
    lines.append("|---" * (len(METRICS) + 2) + "|")
    for name, r in results.items():
        c = r["counts"]
        cells = ["–" if r[m] is None else f"{r[m]:.2f}" for m in METRICS]
        pairs = f"{c['true_pairs']}/{c['false_pairs']}/{c['partial_pairs']} of {c['gold_same']}"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {pairs} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("--no-dev", action="store_true", help="seeds only")
    parser.add_argument(
        "--judge",
        action="store_true",
        help="also run align_articles with the model (--backend) judging the pairs below the "
        "SAME bar (runs the model; answers cached in the default response cache)",
    )
    parser.add_argument(
        "--judge-all",
        type=float,
        metavar="FLOOR",
        help="only: ask the model (--backend) about every cross-article sentence pair scoring "
        ">= FLOOR (0.10: seeds 169 pairs, dev 243, ~10 minutes cold on the embedded model) "
        "and print the sweep",
    )
    parser.add_argument("--backend", help="the judge's backend profile (default: embedded)")
    args = parser.parse_args(argv)
    if args.judge_all is not None:
        from summarize import open_model

        session = open_model(args.backend)
        ceiling = judge_all(ModelJudge(session), args.judge_all, with_dev=not args.no_dev)
        print(json.dumps(ceiling, indent=1))
        return 0
    judge = None
    if args.judge:
        from summarize import open_model

        judge = ModelJudge(open_model(args.backend))
    results = measure(with_dev=not args.no_dev, judge=judge)
    named = named_only_in(with_dev=not args.no_dev)
    shown = surfaced(with_dev=not args.no_dev)
    if args.json:
        print(json.dumps({**results, "named_only_in": named, "surfaced": shown}, indent=1))
    else:
        print(table(results))
        print(
            f"\nnamed in one article only: {named['listed']} terms listed, {named['judged']} "
            f"judged, {named['mentioned_elsewhere']} mentioned elsewhere after all "
            f"(false rate {named['false_rate']}), {named['junk']} not worth listing "
            f"(junk rate {named['junk_rate']})"
        )
        for name, n in shown.items():
            print(
                f"{name}: true single-source facts a reader is shown: {n['either']} of "
                f"{n['facts']} ({n['only_in']} listed only-in, {n['named']} in a named-only "
                f"sentence); {n['no_single']} of {n['sentences']} named-only sentences carry "
                "no single-source fact"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
