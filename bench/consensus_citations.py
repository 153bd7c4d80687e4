"""The consensus's per-outlet citation check, scored on hand labels.

    .venv/bin/python bench/consensus_citations.py     # sweep of the floor; --show prints pairs

Labels: tests/gold/consensus_citations.json.

Rebuilds the seeds briefing and bench/brief_eval.py's 12-cluster sample of allsides_dev on the
embedded model (answers from the response cache where it has them: after a brief_eval run this
makes no call), with the per-outlet floor off, so every model consensus sentence is seen with
all the outlets its facts cite. For each labelled (sentence, outlet) pair it takes the support
of the sentence in that outlet's own evidence and reports, per floor, how many pairs that do not
carry the sentence are dropped (caught) and how many that do are dropped (wrong).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import summarize.brief.consensus as consensus  # noqa: E402
from summarize import settings  # noqa: E402

GOLD = ROOT / "tests" / "gold" / "consensus_citations.json"
DATA = ROOT.parent / "shared" / "data" / "allsides_dev.jsonl"
FLOORS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def model_sentences(threads: int | None) -> list[dict[str, Any]]:
    """(set, sentence, per-outlet support, evidence) of every model consensus sentence, the
    per-outlet floor off."""
    from evaluation.clusters import read_clusters
    from summarize.api import open_model
    from summarize.articles import LoadResult, load_articles
    from summarize.brief import build_briefing

    clusters = list(read_clusters(DATA))
    step = max(1, len(clusters) // 12)
    sets = [("seeds", load_articles([str(ROOT / "seeds")]))]
    sets += [(c.cluster_id, LoadResult(articles=list(c.articles))) for c in clusters[::step][:12]]
    session = open_model(None, threads=threads)
    off = settings.with_pairs(settings.current(), ["consensus.source_support_floor=0"])
    rows: list[dict[str, Any]] = []
    with settings.using(off):
        for name, loaded in sets:
            b = build_briefing(loaded, session)
            facts = {c.id: c for c in b.shared_facts()}
            for s in b.consensus:
                if s.verbatim_from is not None:
                    continue
                cited = [facts[f] for f in s.facts]
                each = consensus.source_support(s.text, cited, s.sources, b.canonical)
                rows.append({"set": name, "text": s.text, "support": each, "cited": cited})
    print(f"model calls: {session.usage.calls}", file=sys.stderr)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="print each pair and its evidence")
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args(argv)
    if not DATA.is_file():
        print(f"{DATA}: not found (../shared/data is read at run time)", file=sys.stderr)
        return 2
    labels = {
        (i["set"], i["sentence_sha256"], i["source"]): i["carries"]
        for i in json.loads(GOLD.read_text(encoding="utf-8"))["items"]
    }
    pairs: list[tuple[float, bool]] = []
    unlabelled = 0
    for row in model_sentences(args.threads):
        for source, score in row["support"].items():
            label = labels.get((row["set"], sha(row["text"]), source))
            if label is None:
                unlabelled += 1
            else:
                pairs.append((score, label))
            if args.show:
                print(f"{row['set']} {source} support {score:.2f} carries={label}: {row['text']}")
                for c in row["cited"]:
                    for m in c.members:
                        if m.article_id == source:
                            print(f"    {c.id} {source} S{m.sentence.index + 1}: {m.sentence.text}")
    carry = sum(label for _, label in pairs)
    print(
        f"{len(pairs)} labelled (sentence, outlet) pairs: {carry} carry the sentence, "
        f"{len(pairs) - carry} do not; {unlabelled} pairs unlabelled (a changed sentence)"
    )
    print("\n| floor | dropped, not carrying (caught) | dropped, carrying (wrong) |")
    print("|---|---|---|")
    for floor in FLOORS:
        caught = sum(s < floor and not label for s, label in pairs)
        wrong = sum(s < floor and label for s, label in pairs)
        mark = " (today)" if floor == settings.current().consensus.source_support_floor else ""
        print(f"| {floor}{mark} | {caught} of {len(pairs) - carry} | {wrong} of {carry} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
