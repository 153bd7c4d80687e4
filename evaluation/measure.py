"""Alignment on articles without a model: every sentence is a claim with itself as evidence.

    python -m evaluation.measure seeds/       # prints clusters and conflicts

This is how docs/ALIGNMENT.md measures the cheap score and the conflict rules on the seeds.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from summarize.align.aligner import align_articles
from summarize.align.alignment import Alignment
from summarize.articles import Article, load_articles
from summarize.digest import Digest, direct_quotes
from summarize.verify import CheckedClaim


def sentence_digest(article: Article) -> Digest:
    """A digest whose claims are the article's sentences, quotes found in the text."""
    claims = [
        CheckedClaim(text=s.text, status="verified", sentence=s, score=1.0)
        for s in article.sentences
        if s.text.strip()
    ]
    quotes = direct_quotes(article)
    return Digest(
        article=article, summary="", summary_warnings=[], claims=claims, quotes=quotes, actors=[]
    )


def report(alignment: Alignment, article_ids: Sequence[str], min_support: int = 2) -> str:
    lines = [
        f"candidate pairs: {alignment.candidate_pairs}, judged: {alignment.judged_pairs}",
        f"clusters: {len(alignment.clusters)}, shared (>= {min_support} sources): "
        f"{len(alignment.shared(min_support))}, single-source: "
        f"{len(alignment.single_source())}, conflicts: {len(alignment.conflicts)}",
        "",
    ]
    for c in alignment.shared(min_support):
        lines.append(f"{c.id} support {c.support} [{', '.join(c.sources)}]")
        lines += [
            f"    {m.article_id} S{m.sentence.index + 1}: {m.sentence.text[:110]}"
            for m in c.members
        ]
    lines.append("")
    for d in alignment.conflicts:
        lines.append(f"{d.id} {d.kind}: {d.subject}")
        lines += [f"    {v.value!r} [{', '.join(v.article_ids)}]" for v in d.versions]
    lines.append("")
    for aid, missing in alignment.omissions(article_ids, max(min_support, 3)).items():
        lines.append(f"{aid} omits {[c.id for c in missing]}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.measure", description=__doc__)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--min-support", type=int, default=2)
    args = parser.parse_args(argv)
    loaded = load_articles(args.paths)
    canonical = {aid: g.canonical for g in loaded.duplicates for aid in g.others}
    alignment = align_articles(loaded.articles, canonical=canonical)
    print(report(alignment, [a.id for a in loaded.articles], args.min_support))
    return 0


if __name__ == "__main__":
    sys.exit(main())
