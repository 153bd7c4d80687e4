"""Quote detection and speaker attribution against the hand-annotated quote set.

    python bench/quotes_eval.py [--data ../shared/data] [--finder rules|spacy] [--errors]

Scores summarize.text.quote_rules.find_quotes_rules (or, with --finder spacy, the spaCy variant in
summarize/text/speakers_spacy.py) on tests/gold/quotes_seeds.json (the five seeds) and
tests/gold/quotes_dev.json (13 basil_dev articles) and the two halves of
tests/gold/quotes_unseen.json (newswcl50; --errors lists the tune half's errors only): detection
P/R/F1 (span overlap; on the unseen halves precision means nothing, only named-person quotes are
labelled), speaker accuracy on detected quotes, wrong-speaker and abstain rates, verb and side
accuracy, per case (how the speaker is named, direct/indirect) and per article; then BASIL's 70
quoted spans over all of basil_dev, those with a named person speaker
(tests/gold/quotes_basil_speakers.json); then the time to attribute the five seeds. Prints
numbers only.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evaluation.quote_gold import (  # noqa: E402
    Finder,
    Report,
    basil_quote_spans,
    load_dev_gold,
    load_seeds_gold,
    load_unseen_gold,
    score,
)
from summarize.articles import load_articles  # noqa: E402
from summarize.text.quote_rules import find_quotes_rules  # noqa: E402

COLS = [
    "precision",
    "recall",
    "f1",
    "speaker_accuracy",
    "wrong_speaker",
    "abstained",
    "wrong_of_given",
    "given",
    "verb_accuracy",
    "side_accuracy",
    "side_coarse_accuracy",
]


def table(report: Report, per_article: bool) -> list[str]:
    head = "| set | gold | detected | " + " | ".join(COLS) + " |"
    lines = [head, "|" + "---|" * (len(COLS) + 3)]

    def row(name: str, t: object) -> str:
        r = t.rates()  # type: ignore[attr-defined]
        cells = ["–" if r[c] is None else f"{r[c]:.2f}" for c in COLS]
        return f"| {name} | {t.gold} | {t.detected} | " + " | ".join(cells) + " |"  # type: ignore[attr-defined]

    lines.append(row("all", report.total))
    for name in sorted(report.by_case):
        lines.append(row(name, report.by_case[name]))
    if per_article:
        for name, t in report.by_article.items():
            lines.append(row(name, t))
    return lines


def finder_named(name: str) -> Finder:
    if name == "spacy":
        from summarize.text.speakers_spacy import find_quotes_spacy

        return find_quotes_spacy
    return find_quotes_rules


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--finder", choices=["rules", "spacy"], default="rules")
    ap.add_argument("--errors", action="store_true", help="list each wrong speaker")
    ap.add_argument("--per-article", action="store_true")
    args = ap.parse_args()
    finder = finder_named(args.finder)
    seeds = getattr(load_articles([ROOT / "seeds"]), "articles", None) or []
    sets = {"seeds": load_seeds_gold(ROOT / "tests/gold/quotes_seeds.json", seeds)}
    basil = args.data / "basil_dev.jsonl"
    if basil.is_file():
        sets["dev"] = load_dev_gold(ROOT / "tests/gold/quotes_dev.json", basil)
    sets["all"] = [g for v in list(sets.values()) for g in v]
    if (args.data / "newswcl50.jsonl").is_file():
        halves = load_unseen_gold(ROOT / "tests/gold/quotes_unseen.json", args.data)
        sets["unseen-tune"], sets["unseen-test"] = halves["tune"], halves["test"]
    for name, gold in sets.items():
        report = score(gold, finder)
        t = report.total
        print(f"\n## {name} ({len(gold)} articles, finder {args.finder})\n")
        print("\n".join(table(report, args.per_article)))
        print(f"\nright {t.speaker_right}, wrong {t.speaker_wrong}, abstained {t.abstained}")
        # the test half is only ever reported: its errors are not listed, so nobody tunes on it
        if args.errors and name not in ("all", "unseen-test"):
            print("\n".join(f"- {e}" for e in report.errors))
    if basil.is_file():
        c = basil_quote_spans(basil, ROOT / "tests/gold/quotes_basil_speakers.json", finder)
        r = c.rates()
        print(
            f"\n## BASIL quoted spans with a named person speaker (all basil_dev, finder "
            f"{args.finder})\n\n| spans | detected | detection | speaker_accuracy | wrong_speaker "
            f"| abstained | right of all |\n|---|---|---|---|---|---|---|\n"
            f"| {c.spans} | {c.detected} | {r['detection']:.2f} | {r['speaker_accuracy']:.2f} | "
            f"{r['wrong_speaker']:.2f} | {r['abstained']:.2f} | {r['right_of_all']:.2f} |\n\n"
            f"wrong of given {r['wrong_of_given']}, given {r['given']}; "
            f"right {c.right}, wrong {c.wrong}, abstained {c.abstained}; sources {dict(c.sources)}"
        )
        if args.errors:
            print("\n".join(f"- {e}" for e in c.errors))
            print("\n".join(f"- missed {m}" for m in c.missed))
    t0 = time.perf_counter()
    for article in seeds:
        finder(article)
    print(f"\nAttribution time for the {len(seeds)} seeds: {time.perf_counter() - t0:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
