"""The model's yes/no to "does this article report this fact?", measured on the gold's cells.

    SUMMARIZE_THREADS=2 flock /tmp/summarize-model.lock .venv/bin/python bench/presence_question.py

Issue 23 proposed asking the model the matrix cells code cannot decide, as a yes/no question
placed after the article's own text (prompts/presence.j2: the summary-only digest's system text
and article block word for word, so a server's prefix cache reuses the article), read from the
first token's log-probabilities. This asks it for every cell of the gold facts' rows that is not
aligned on the precise bar (bench/fact_gold.py's cells) and prints the AUC of P(yes) between
carriers and non-carriers, with what each bar would decide of the cells that are "unclear".
The briefing does not ask it (docs/ALIGNMENT.md "The fact model"). Answers are cached.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.fact_gold import clusters, gold_cells  # noqa: E402
from summarize import open_model  # noqa: E402
from summarize.align import align_articles  # noqa: E402
from summarize.articles.sanitize import one_line  # noqa: E402
from summarize.brief.matrix import fact_matrix  # noqa: E402
from summarize.prompts import render  # noqa: E402


def auc(pos: Sequence[float], neg: Sequence[float]) -> float:
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="seeds", help="seeds, dev-tune, dev-held or all")
    parser.add_argument("--backend", default=None)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args(argv)
    session = open_model(args.backend, threads=args.threads)
    cells: list[tuple[str, str, float | None]] = []  # (gold, decided status, P(yes))
    for split, gold, articles in clusters(with_dev=args.split != "seeds"):
        if args.split not in ("all", split):
            continue
        alignment = align_articles(articles)
        by_id = {a.id: a for a in articles}
        rows = {r.fact_id: r for r in fact_matrix(alignment, articles)}
        asked: dict[tuple[str, str], float | None] = {}
        for row, aid, truth in gold_cells(gold, alignment):
            d = alignment.decide(row, aid)
            if d.status == "carries" and d.how == "aligned":
                continue
            key = (row.id, aid)
            if key not in asked:
                a = by_id[aid]
                shown = rows.get(row.id)
                prompt = render(
                    "presence",
                    article_id=aid,
                    title=a.title if a.title_span is None else "",
                    sentences=[s.text for s in a.sentences],
                    first=0,
                    fact=one_line(shown.text if shown else row.members[0].claim.text),
                )
                asked[key] = session.yes_probability(prompt)
            cells.append((truth, d.status, asked[key]))
    answered = [(t, s, p) for t, s, p in cells if p is not None]
    pos = [p for t, _, p in answered if t == "carries"]
    neg = [p for t, _, p in answered if t == "absent"]
    print(f"cells {len(cells)}, answered {len(answered)}: carriers {len(pos)}, not {len(neg)}")
    print(f"AUC of P(yes), carriers vs not: {auc(pos, neg):.3f}")
    for bar in (0.5, 0.7, 0.9):
        n = Counter((t, "yes" if p >= bar else "no") for t, s, p in answered if s == "unclear")
        print(
            f"unclear cells at P(yes) >= {bar}: "
            + ", ".join(f"{k}: {v}" for k, v in sorted(n.items()))
        )
    print(session.usage.to_dict())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
