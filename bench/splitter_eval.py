"""How well the sentence splitter ends sentences where they end: false splits at abbreviations and
initials, and missed splits, on the seeds and the dev data's own sentence lists.

    .venv/bin/python bench/splitter_eval.py [--data ../shared/data] [--show]

For a full-article set (basil_dev, newswcl50, lim2020; allsides_dev excerpts too) an article's
sentences are joined by one space and split again; the data set's boundaries are the reference,
except where the data set itself split a sentence at an abbreviation that plainly continues
(lowercase or a digit next, or a title such as "Gov." before a name): those are counted as the data
set's errors and dropped from the reference. The seeds have no reference split: their boundaries
after an abbreviation or initial are labelled by hand in tests/gold/seeds_splits.json (offsets
only). Clusters are halved by a fixed rule (crc32 of the cluster id, even = tune, odd = held out);
the rules in summarize/text/abbreviations.py were tuned on the seeds and the even half only.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarize.articles import load_articles  # noqa: E402
from summarize.articles.segment import split_paragraphs, split_sentences  # noqa: E402
from summarize.text.abbreviations import abbreviation_at_end  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SEEDS = ROOT / "seeds"
SEEDS_GOLD = ROOT / "tests" / "gold" / "seeds_splits.json"
DATASETS = ("basil_dev", "newswcl50", "lim2020", "allsides_dev")


@dataclass
class Case:
    """One article's text and its reference sentence starts (None: judge by hand labels)."""

    name: str
    dataset: str
    half: str  # "tune" or "held-out"
    text: str
    reference: frozenset[int]
    dataset_errors: int = 0  # reference boundaries dropped as the data set's own false splits
    labels: dict[int, str] = field(default_factory=dict)  # seeds: boundary offset -> end/continue


@dataclass
class Tally:
    articles: int = 0
    reference: int = 0
    dataset_errors: int = 0
    false_abbrev: int = 0  # a split after an abbreviation or initial that the sentence continues
    false_other: int = 0  # any other split the reference does not have
    missed: int = 0  # a reference boundary the splitter did not make
    missed_abbrev: int = 0  # ... of them after an abbreviation or initial
    rejoined: int = 0  # pysbd's boundaries the re-join pass removed
    rejoined_against: int = 0  # ... where the reference has a boundary (check these by hand)
    examples: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("articles", "reference", "dataset_errors", "false_abbrev", "false_other"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.missed += other.missed
        self.missed_abbrev += other.missed_abbrev
        self.rejoined += other.rejoined
        self.rejoined_against += other.rejoined_against
        self.examples += other.examples


def half_of(cluster_id: str) -> str:
    return "tune" if zlib.crc32(cluster_id.encode("utf-8")) % 2 == 0 else "held-out"


def plainly_continues(before: str, after: str) -> bool:
    """The reference judgement, stricter than the splitter's rule: an abbreviation or initial
    followed by lowercase or a digit, or a title ("Gov.") followed by anything."""
    kind = abbreviation_at_end(before)
    nxt = after.lstrip()
    if kind is None or not nxt:
        return False
    return nxt[0].islower() or nxt[0].isdigit() or kind == "title"


def dataset_cases(data: Path) -> Iterator[Case]:
    for name in DATASETS:
        path = data / f"{name}.jsonl"
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            cluster = json.loads(line)
            half = half_of(str(cluster["cluster_id"]))
            for a_index, article in enumerate(cluster["articles"]):
                sentences = [" ".join(s.split()) for s in article.get("sentences", [])]
                sentences = [s for s in sentences if s]
                if len(sentences) < 2:
                    continue
                starts, pos, errors = [], 0, 0
                for i, sentence in enumerate(sentences):
                    if i and plainly_continues(sentences[i - 1], sentence):
                        errors += 1
                    elif i:
                        starts.append(pos)
                    pos += len(sentence) + 1
                yield Case(
                    name=f"{cluster['cluster_id']}/A{a_index + 1}",
                    dataset=name,
                    half=half,
                    text=" ".join(sentences),
                    reference=frozenset(starts),
                    dataset_errors=errors,
                )


def seed_cases(seeds: Path = SEEDS, gold: Path = SEEDS_GOLD) -> list[Case]:
    """The seeds as the tool loads them; labels are hand verdicts on pysbd's abbreviation splits."""
    labels = json.loads(gold.read_text(encoding="utf-8"))["articles"] if gold.is_file() else {}
    cases = []
    for article in load_articles([seeds]).articles:
        name = Path(article.source).name
        given = labels.get(name, {})
        cases.append(
            Case(
                name=name,
                dataset="seeds",
                half="tune",
                text=article.text,
                reference=frozenset(),
                labels={int(k): v for k, v in given.get("boundaries", {}).items()},
            )
        )
    return cases


def boundaries(text: str, rejoin: bool) -> list[tuple[int, str, str]]:
    """(start offset, previous sentence, this sentence) for every sentence but a paragraph's
    first: paragraph breaks are not the splitter's decision."""
    sentences = split_sentences(text, split_paragraphs(text), rejoin=rejoin)
    return [(b.start, a.text, b.text) for a, b in pairwise(sentences) if a.paragraph == b.paragraph]


def score(case: Case, rejoin: bool) -> Tally:
    tally = Tally(articles=1, dataset_errors=case.dataset_errors)
    made = boundaries(case.text, rejoin)
    if case.dataset == "seeds":
        # reference = pysbd's boundaries, minus those hand-labelled "continue"
        pysbd_starts = {start for start, _, _ in boundaries(case.text, rejoin=False)}
        reference = {s for s in pysbd_starts if case.labels.get(s) != "continue"}
        unlabelled = [
            s
            for s, before, _ in boundaries(case.text, rejoin=False)
            if abbreviation_at_end(before) and s not in case.labels
        ]
        if unlabelled:
            raise SystemExit(f"{SEEDS_GOLD}: {case.name}: boundaries {unlabelled} not labelled")
    else:
        reference = set(case.reference)
    tally.reference = len(reference)
    made_starts = {start for start, _, _ in made}
    if rejoin:
        for start, before, after in boundaries(case.text, rejoin=False):
            if start not in made_starts:
                tally.rejoined += 1
                if start in reference:
                    tally.rejoined_against += 1
                    tally.examples.append(f"{case.name} joined: …{before[-40:]} | {after[:40]}…")
    for start, before, after in made:
        if start in reference:
            continue
        if abbreviation_at_end(before):
            tally.false_abbrev += 1
            tally.examples.append(f"{case.name} false: …{before[-40:]} | {after[:40]}…")
        else:
            tally.false_other += 1
    for start in sorted(reference - made_starts):
        tally.missed += 1
        before = case.text[:start].rstrip()
        if abbreviation_at_end(before):
            tally.missed_abbrev += 1
    return tally


def evaluate(cases: list[Case], rejoin: bool) -> dict[tuple[str, str], Tally]:
    """Tallies keyed by (data set, half)."""
    out: dict[tuple[str, str], Tally] = {}
    for case in cases:
        out.setdefault((case.dataset, case.half), Tally()).add(score(case, rejoin))
    return out


def all_cases(data: Path = DATA) -> list[Case]:
    return seed_cases() + list(dataset_cases(data))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--show", action="store_true", help="print every abbreviation error")
    args = parser.parse_args()
    cases = all_cases(args.data)
    before, after = evaluate(cases, rejoin=False), evaluate(cases, rejoin=True)
    print(
        "| data | half | articles | ref. boundaries | data set's own false splits "
        "| false splits at abbrev. (pysbd → now) | other extra splits (pysbd → now) "
        "| missed (pysbd → now) | missed at abbrev. (now) | re-joined (against the reference) |"
    )
    print("|" + "---|" * 10)
    totals: dict[str, tuple[Tally, Tally]] = {}
    for key in sorted(before):
        b, a = before[key], after[key]
        for half in (key[1], "all"):
            tb, ta = totals.setdefault(half, (Tally(), Tally()))
            tb.add(b)
            ta.add(a)
        print(
            f"| {key[0]} | {key[1]} | {a.articles} | {a.reference} | {a.dataset_errors} "
            f"| {b.false_abbrev} → {a.false_abbrev} | {b.false_other} → {a.false_other} "
            f"| {b.missed} → {a.missed} | {a.missed_abbrev} | {a.rejoined} ({a.rejoined_against}) |"
        )
    for half, (b, a) in sorted(totals.items()):
        print(
            f"| **all** | {half} | {a.articles} | {a.reference} | {a.dataset_errors} "
            f"| {b.false_abbrev} → {a.false_abbrev} | {b.false_other} → {a.false_other} "
            f"| {b.missed} → {a.missed} | {a.missed_abbrev} | {a.rejoined} ({a.rejoined_against}) |"
        )
    if args.show:
        for key in sorted(after):
            for line in after[key].examples:
                print(f"{key[1]}: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
