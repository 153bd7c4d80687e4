"""Briefing quality on AllSides clusters (left/center/right excerpts + an editors' neutral summary).

    python bench/brief_eval.py --sample 6            # embedded model; writes bench/out/brief_eval.*

Per cluster: how many model claims verified against their articles, how many consensus
sentences passed the citation check, citation coverage (consensus sentences citing >= 2
articles), and ROUGE-1/2/L F1 of the consensus against the AllSides reference summary, beside a
lead baseline (the first two sentences of the center article) for scale. Reads
../shared/data at run time; nothing of it is copied.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "allsides_dev.jsonl"
OUT = ROOT / "bench" / "out"


def rouge(candidate: str, reference: str) -> dict[str, float]:
    from rouge_score import rouge_scorer  # the reference implementation (Lin 2004), Apache-2.0

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    scores = scorer.score(reference, candidate)
    return {k: round(v.fmeasure, 4) for k, v in scores.items()}


def evaluate(cluster: Any, session: Any) -> dict[str, Any]:
    from summarize.articles import LoadResult
    from summarize.brief import build_briefing

    calls_before = session.usage.calls
    started = time.monotonic()
    briefing = build_briefing(LoadResult(articles=list(cluster.articles)), session)
    seconds = time.monotonic() - started
    v = briefing.verification()
    claims_total = v["claims_verified"] + v["claims_relocated"] + v["claims_unverified"]
    quotes = [q for d in briefing.digests for q in d.quotes]
    quotes_ok = sum(q.text.strip() in d.article.text for d in briefing.digests for q in d.quotes)
    consensus_text = " ".join(s.text for s in briefing.consensus)
    cited = [s for s in briefing.consensus if len(s.sources) >= 2]
    checked = v["consensus_sentences_kept"] + v["consensus_sentences_rejected"]
    center = next(
        (a for a in cluster.articles if (a.lean or "").lower() == "center"), cluster.articles[0]
    )
    lead = " ".join(s.text for s in center.sentences[:2])
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
        "consensus_fallback": briefing.consensus_fallback,
        "consensus_pass_rate": (v["consensus_sentences_kept"] / checked) if checked else None,
        "citation_coverage": len(cited) / len(briefing.consensus) if briefing.consensus else None,
        "disagreements": len(briefing.alignment.conflicts) if briefing.alignment else 0,
        "rouge_consensus": rouge(consensus_text, reference)
        if consensus_text
        else {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0},
        "rouge_lead2_center": rouge(lead, reference),
        "calls": session.usage.calls - calls_before,
        "seconds": round(seconds, 1),
    }


def _mean(rows: list[dict[str, Any]], key: str) -> str:
    values = [r[key] for r in rows if r[key] is not None]
    return f"{statistics.mean(values):.2f} (n={len(values)})" if values else "–"


def _mean_rouge(rows: list[dict[str, Any]], key: str, metric: str) -> str:
    return f"{statistics.mean(r[key][metric] for r in rows):.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=6, help="clusters, spread evenly")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--backend", default=None)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"{args.data}: not found (../shared/data is read at run time)", file=sys.stderr)
        return 2
    from summarize.api import open_model
    from summarize.articles import read_clusters

    clusters = list(read_clusters(args.data))
    step = max(1, len(clusters) // args.sample)
    sample = clusters[::step][: args.sample]
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
        f"| claims verified against their article (incl. re-pointed) | "
        f"{_mean(rows, 'claims_verified_rate')} |",
        f"| quotes found verbatim in the article | {_mean(rows, 'quotes_verbatim_rate')} |",
        f"| consensus sentences passing the citation check | "
        f"{_mean(rows, 'consensus_pass_rate')} |",
        f"| consensus sentences citing >= 2 articles | {_mean(rows, 'citation_coverage')} |",
        f"| shared facts per cluster | {_mean(rows, 'shared_facts')} |",
        f"| clusters where the narrative fell back to listing facts | "
        f"{sum(r['consensus_fallback'] for r in rows)} of {len(rows)} |",
        f"| ROUGE-1 / 2 / L F1, consensus vs reference | "
        f"{_mean_rouge(rows, 'rouge_consensus', 'rouge1')} / "
        f"{_mean_rouge(rows, 'rouge_consensus', 'rouge2')} / "
        f"{_mean_rouge(rows, 'rouge_consensus', 'rougeL')} |",
        f"| ROUGE-1 / 2 / L F1, lead-2 of the center article (baseline) | "
        f"{_mean_rouge(rows, 'rouge_lead2_center', 'rouge1')} / "
        f"{_mean_rouge(rows, 'rouge_lead2_center', 'rouge2')} / "
        f"{_mean_rouge(rows, 'rouge_lead2_center', 'rougeL')} |",
        f"| model calls per cluster | {_mean(rows, 'calls')} |",
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
