"""Floor of the shown flags on BASIL dev (raise-only; the numbers are in docs/FRAMING.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.framing_eval import build, clusters
from summarize.framing import analyze_article

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.mark.skipif(
    not (DATA / "basil_dev.jsonl").exists(), reason=f"evaluation data not found at {DATA}"
)
def test_shown_flags_sentence_floor_on_basil() -> None:
    tp = fp = fn = 0
    for c in clusters(DATA / "basil_dev.jsonl"):
        for n, raw in enumerate(c["articles"], 1):  # type: ignore[arg-type]
            doc = build(raw, n, str(c["cluster_id"]))
            fr = analyze_article(doc.article)
            gold = {a["sentence_index"] for a in raw["annotations"] if a["bias_type"] == "lexical"}
            pred = {
                i
                for i, (s, e) in enumerate(doc.sent_offsets)
                if any(s <= f.start < e for f in fr.flagged)
            }
            tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
    p, r = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * p * r / (p + r)
    # measured 0.385 / 0.333 / 0.357 (bench/framing_eval.py: reaction terms and reported clauses
    # not shown); was 0.319 / 0.333 / 0.326 with reactions only, 0.288 / 0.333 / 0.309 before,
    # and 0.187 / 0.311 / 0.233 before the shown-flag rule
    assert p >= 0.384 and r >= 0.333 and f1 >= 0.357, (p, r, f1)
