"""Briefing quality on AllSides clusters (left/center/right excerpts + an editors' neutral summary).

    python bench/brief_eval.py --sample 6            # embedded model; writes bench/out/brief_eval.*

Per cluster: how many consensus sentences passed the citation check (or are an article's
sentence verbatim), citation coverage (consensus sentences citing >= 2 articles), and
ROUGE-1/2/L F1 of the consensus against the AllSides reference summary, beside two baselines
computed here: lead-2 (the first two sentences of the center article) and an extractive
LexRank (Erkan & Radev 2004: continuous LexRank over TF-IDF cosine, damping 0.85, the two most
central sentences of all the cluster's articles, a near-duplicate of a chosen one skipped).
Reads ../shared/data at run time; nothing of it is copied.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # evaluation/ beside bench/
DATA = ROOT.parent / "shared" / "data" / "allsides_dev.jsonl"
OUT = ROOT / "bench" / "out"


def rouge(candidate: str, reference: str) -> dict[str, float]:
    from rouge_score import rouge_scorer  # the reference implementation (Lin 2004), Apache-2.0

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    scores = scorer.score(reference, candidate)
    return {k: round(v.fmeasure, 4) for k, v in scores.items()}


_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an the and or but of to in on at by for with from as is are was were be been has have had "
    "it its this that he she they his her their which who will would not said says".split()
)


def lexrank(sentences: list[str], k: int = 2, damping: float = 0.85) -> list[str]:
    """The k most central sentences (continuous LexRank), in score order, skipping one whose
    cosine with a chosen sentence is >= 0.5 (redundancy)."""
    bags = [[w for w in _WORD.findall(s.lower()) if w not in _STOP] for s in sentences]
    n = len(bags)
    if n == 0:
        return []
    df: dict[str, int] = {}
    for bag in bags:
        for w in set(bag):
            df[w] = df.get(w, 0) + 1
    vectors = []
    for bag in bags:
        tf: dict[str, float] = {}
        for w in bag:
            tf[w] = tf.get(w, 0.0) + 1.0
        v = {w: c * math.log(n / df[w] + 1.0) for w, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({w: x / norm for w, x in v.items()})

    def cos(a: dict[str, float], b: dict[str, float]) -> float:
        return sum(x * b.get(w, 0.0) for w, x in a.items())

    sim = [[cos(vectors[i], vectors[j]) for j in range(n)] for i in range(n)]
    rows = [sum(r) or 1.0 for r in sim]
    p = [1.0 / n] * n
    for _ in range(100):
        new = [
            (1 - damping) / n + damping * sum(sim[j][i] / rows[j] * p[j] for j in range(n))
            for i in range(n)
        ]
        if sum(abs(a - b) for a, b in zip(new, p, strict=True)) < 1e-8:
            p = new
            break
        p = new
    chosen: list[int] = []
    for i in sorted(range(n), key=lambda i: (-p[i], i)):
        if len(chosen) >= k:
            break
        if all(sim[i][j] < 0.5 for j in chosen) and len(bags[i]) >= 4:
            chosen.append(i)
    return [sentences[i] for i in chosen]


def evaluate(cluster: Any, session: Any) -> dict[str, Any]:
    from summarize.articles import LoadResult
    from summarize.brief import build_briefing

    calls_before = session.usage.calls
    tokens_before = session.usage.completion_tokens
    started = time.monotonic()
    briefing = build_briefing(LoadResult(articles=list(cluster.articles)), session)
    seconds = time.monotonic() - started
    v = briefing.verification()
    claims_total = v["claims_verified"] + v["claims_relocated"] + v["claims_unverified"]
    verbatim = sum(s.verbatim_from is not None for s in briefing.consensus)
    quotes = [q for d in briefing.digests for q in d.quotes]
    quotes_ok = sum(q.text.strip() in d.article.text for d in briefing.digests for q in d.quotes)
    consensus_text = " ".join(s.text for s in briefing.consensus)
    cited = [s for s in briefing.consensus if len(s.sources) >= 2]
    checked = v["consensus_sentences_kept"] + v["consensus_sentences_rejected"]
    center = next(
        (a for a in cluster.articles if (a.lean or "").lower() == "center"), cluster.articles[0]
    )
    lead = " ".join(s.text for s in center.sentences[:2])
    central = " ".join(lexrank([s.text for a in cluster.articles for s in a.sentences]))
    reference = cluster.reference_summary or ""
    return {
        "cluster": cluster.cluster_id,
        "articles": len(cluster.articles),
        "claims": claims_total,
        "claims_verified_rate": (v["claims_verified"] + v["claims_relocated"]) / claims_total
        if claims_total
        else None,
        "quotes": len(quotes),
        "quotes_verbatim_rate": quotes_ok / len(quotes) if quotes else None,
        "shared_facts": len(briefing.shared_facts()),
        "consensus_sentences": len(briefing.consensus),
        "consensus_verbatim": verbatim,
        "consensus_model_checked": len(briefing.consensus) - verbatim,
        "consensus_fallback": briefing.consensus_fallback,
        "consensus_pass_rate": (v["consensus_sentences_kept"] / checked) if checked else None,
        "citation_coverage": len(cited) / len(briefing.consensus) if briefing.consensus else None,
        "disagreements": len(briefing.alignment.conflicts) if briefing.alignment else 0,
        "rouge_consensus": rouge(consensus_text, reference)
        if consensus_text
        else {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0},
        "rouge_lead2_center": rouge(lead, reference),
        "rouge_lexrank2": rouge(central, reference),
        "rouge_what_happened": rouge(" ".join(s.text for s in briefing.what_happened), reference)
        if briefing.what_happened
        else {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0},
        "what_happened_sentences": len(briefing.what_happened),
        "calls": session.usage.calls - calls_before,
        "completion_tokens": session.usage.completion_tokens - tokens_before,
        "seconds": round(seconds, 1),
    }


def _mean(rows: list[dict[str, Any]], key: str) -> str:
    values = [r[key] for r in rows if r[key] is not None]
    return f"{statistics.mean(values):.2f} (n={len(values)})" if values else "–"


def _mean_rouge(rows: list[dict[str, Any]], key: str, metric: str) -> str:
    return f"{statistics.mean(r[key][metric] for r in rows):.3f}"


def alignment_consensus(cluster: Any) -> str:
    """The consensus the alignment alone gives, as the briefing states it when no model sentence
    passes: each shared fact (ranked) by its most representative evidence sentence."""
    from summarize.align import align_articles
    from summarize.brief.consensus import fact_listing

    shared = align_articles(cluster.articles).shared(2)
    return " ".join(s.text for s in fact_listing(shared, cluster.articles))


def baselines(clusters: list[Any]) -> int:
    """Lead-2 and LexRank-2 ROUGE over every cluster (no model), to put a sample in context,
    and the alignment's own consensus without a model (0 where it has no shared fact)."""
    from summarize.align import align_articles
    from summarize.brief.what_happened import what_happened

    scores: dict[str, list[dict[str, float]]] = {
        "lead-2 (center)": [],
        "LexRank top-2": [],
        "LexRank top-4 (the length of what happened)": [],
        "alignment consensus, no model": [],
        "what happened (no model)": [],
    }
    empty = story_empty = 0
    for cluster in clusters:
        center = next(
            (a for a in cluster.articles if (a.lean or "").lower() == "center"),
            cluster.articles[0],
        )
        reference = cluster.reference_summary or ""
        lead = " ".join(s.text for s in center.sentences[:2])
        central = " ".join(lexrank([s.text for a in cluster.articles for s in a.sentences]))
        scores["lead-2 (center)"].append(rouge(lead, reference))
        scores["LexRank top-2"].append(rouge(central, reference))
        four = " ".join(lexrank([s.text for a in cluster.articles for s in a.sentences], k=4))
        scores["LexRank top-4 (the length of what happened)"].append(rouge(four, reference))
        story = what_happened(cluster.articles, align_articles(cluster.articles))
        story_empty += not story
        scores["what happened (no model)"].append(rouge(" ".join(s.text for s in story), reference))
        consensus = alignment_consensus(cluster)
        empty += not consensus
        scores["alignment consensus, no model"].append(
            rouge(consensus, reference)
            if consensus
            else {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
        )
    print(
        f"{len(clusters)} clusters · ROUGE-1 / 2 / L F1 · {empty} with no shared fact · "
        f"{story_empty} without what happened"
    )
    for name, rows in scores.items():
        means = [statistics.mean(r[m] for r in rows) for m in ("rouge1", "rouge2", "rougeL")]
        print(f"| {name} | " + " / ".join(f"{x:.3f}" for x in means) + " |")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=6, help="clusters, spread evenly")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--backend", default=None)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument(
        "--baselines-only",
        action="store_true",
        help="lead-2, LexRank and the alignment's consensus on every cluster, no model",
    )
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"{args.data}: not found (../shared/data is read at run time)", file=sys.stderr)
        return 2
    from evaluation.clusters import read_clusters
    from summarize.api import open_model

    clusters = list(read_clusters(args.data))
    step = max(1, len(clusters) // args.sample)
    sample = clusters[::step][: args.sample]
    if args.baselines_only:
        return baselines(clusters)
    session = open_model(args.backend, threads=args.threads)
    rows = []
    for i, cluster in enumerate(sample, 1):
        rows.append(evaluate(cluster, session))
        print(f"[{i}/{len(sample)}] {cluster.cluster_id}: {json.dumps(rows[-1])}", file=sys.stderr)
    lines = [
        f"Command: `python bench/brief_eval.py --sample {args.sample}` · backend "
        f"{session.backend.profile.display} · {len(rows)} clusters of {len(clusters)}",
        "",
        "| measure | mean |",
        "|---|---|",
        f"| quotes found verbatim in the article | {_mean(rows, 'quotes_verbatim_rate')} |",
        f"| model consensus sentences passing the citation check | "
        f"{_mean(rows, 'consensus_pass_rate')} |",
        f"| consensus statements per cluster: model prose (checked) / an article's sentence "
        f"verbatim | {_mean(rows, 'consensus_model_checked')} / "
        f"{_mean(rows, 'consensus_verbatim')} |",
        f"| consensus sentences citing >= 2 articles | {_mean(rows, 'citation_coverage')} |",
        f"| shared facts per cluster | {_mean(rows, 'shared_facts')} |",
        f"| clusters with no consensus statement | "
        f"{sum(r['consensus_sentences'] == 0 for r in rows)} of {len(rows)} |",
        f"| clusters where no model sentence passed (all verbatim) | "
        f"{sum(r['consensus_fallback'] for r in rows)} of {len(rows)} |",
        f"| ROUGE-1 / 2 / L F1, consensus vs reference | "
        f"{_mean_rouge(rows, 'rouge_consensus', 'rouge1')} / "
        f"{_mean_rouge(rows, 'rouge_consensus', 'rouge2')} / "
        f"{_mean_rouge(rows, 'rouge_consensus', 'rougeL')} |",
        f"| ROUGE-1 / 2 / L F1, what happened vs reference | "
        f"{_mean_rouge(rows, 'rouge_what_happened', 'rouge1')} / "
        f"{_mean_rouge(rows, 'rouge_what_happened', 'rouge2')} / "
        f"{_mean_rouge(rows, 'rouge_what_happened', 'rougeL')} |",
        f"| clusters without what happened | "
        f"{sum(r['what_happened_sentences'] == 0 for r in rows)} of {len(rows)} |",
        f"| ROUGE-1 / 2 / L F1, lead-2 of the center article (baseline) | "
        f"{_mean_rouge(rows, 'rouge_lead2_center', 'rouge1')} / "
        f"{_mean_rouge(rows, 'rouge_lead2_center', 'rouge2')} / "
        f"{_mean_rouge(rows, 'rouge_lead2_center', 'rougeL')} |",
        f"| ROUGE-1 / 2 / L F1, LexRank top-2 sentences of the cluster (baseline) | "
        f"{_mean_rouge(rows, 'rouge_lexrank2', 'rouge1')} / "
        f"{_mean_rouge(rows, 'rouge_lexrank2', 'rouge2')} / "
        f"{_mean_rouge(rows, 'rouge_lexrank2', 'rougeL')} |",
        f"| model calls per cluster | {_mean(rows, 'calls')} |",
        f"| completion tokens per cluster | {_mean(rows, 'completion_tokens')} |",
        f"| seconds per cluster | {_mean(rows, 'seconds')} |",
    ]
    table = "\n".join(lines)
    print(table)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "brief_eval.md").write_text(table + "\n")
    (OUT / "brief_eval.json").write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
