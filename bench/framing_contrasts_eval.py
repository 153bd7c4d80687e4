"""Framing contrasts against human annotations in ../shared/data (development split, issue 12).

    python bench/framing_contrasts_eval.py [--data ../shared/data] [--sample 20] [--show]

- newswcl50.jsonl: precision of the `label` contrasts (two outlets' differing words for one slot
  of one aligned fact) against the annotators' concepts: a pair is right when both labels lie
  inside mentions of one annotated concept (same code type and name) in their two articles.
  Counted over every label pair the alignment yields and over the pairs behind `label` contrast
  items (the ones a reader sees). Referent concepts (ACTOR, COUNTRY, GROUP, EVENT, ...) and the
  PROPERTY codes (Power, Victim, ...: a quality, not a referent) are counted apart.
- allsides_dev.jsonl: for a fixed sample of clusters with a `reference_framing_note`, prints the
  note and each outlet's contrasts side by side (`--show`) for judging by hand; the judgements
  are in docs/FRAMING.md (issue-12 section), cluster ids only.
Article text is printed to the terminal only with --show; the report file holds ids, offsets,
numbers and label words (a few words each).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from framing_eval import Doc, build, clusters

from summarize.align import align_articles
from summarize.framing import compare_outlets
from summarize.framing.labels import LabelPair, label_pairs

ROOT = Path(__file__).resolve().parents[1]
# the dataset's tokens are close to this split (PTB-like: "Pyongyang 's", "n't"); their indexes
# only choose among several occurrences of the mention's text in its sentence
_TOKEN = re.compile(r"\w+(?=n't)|n't|'\w+|\w+(?:[-.]\w+)*|[^\w\s]")
SEED = 12  # the AllSides sample: random.Random(SEED).sample(sorted ids with a note, n)


@dataclass(frozen=True)
class Mention:
    concept: tuple[str, str]  # (code_type, code_name)
    start: int  # offsets into Article.text
    end: int


def mentions(d: Doc) -> list[Mention]:
    """Each annotation's character span: the occurrence of its mention text in its sentence whose
    token position is nearest the annotated token_start (unlocatable mentions are dropped)."""
    out = []
    for a in d.raw["annotations"]:  # type: ignore[attr-defined]
        si = a["sentence_index"]
        if si is None or si >= len(d.sent_offsets):
            continue
        base = d.sent_offsets[si][0]
        sentence = d.article.text[base : d.sent_offsets[si][1]]
        text = str(a["mention"]).strip()
        if not text:
            continue
        hits = [m.start() for m in re.finditer(re.escape(text), sentence, re.IGNORECASE)]
        if not hits:
            continue
        pos = min(hits, key=lambda h: abs(len(_TOKEN.findall(sentence[:h])) - a["token_start"]))
        out.append(Mention((a["code_type"], a["code_name"]), base + pos, base + pos + len(text)))
    return out


def concepts_at(ms: list[Mention], start: int, end: int) -> set[tuple[str, str]]:
    return {m.concept for m in ms if m.start <= start and end <= m.end}


def verdict(p: LabelPair, ms: dict[str, list[Mention]], multi: set[tuple[str, str]]) -> str:
    """same / same-property / different / unannotated, for one label pair."""
    ca = concepts_at(ms[p.a.article_id], p.a.start, p.a.end) & multi
    cb = concepts_at(ms[p.b.article_id], p.b.start, p.b.end) & multi
    shared = ca & cb
    if any(t != "PROPERTY" for t, _ in shared):
        return "same"
    if shared:
        return "same-property"
    if ca and cb:
        return "different"
    return "unannotated"


def label_contrast_pairs(
    pairs: list[LabelPair], kept: set[tuple[str, str, str]]
) -> list[LabelPair]:
    """The pairs behind `label` contrast items: (outlet, fact, its label) as the item names it."""
    return [
        p
        for p in pairs
        if (p.a.article_id, p.fact, p.a.text.lower()) in kept
        or (p.b.article_id, p.fact, p.b.text.lower()) in kept
    ]


def newswcl(data: Path, sample: int, show: bool) -> list[str]:
    counts: dict[str, dict[str, int]] = {
        "all label pairs": defaultdict(int),
        "pairs behind label contrasts": defaultdict(int),
        "label pairs, neither label inside a direct quote": defaultdict(int),
        "pairs behind label contrasts, outside direct quotes": defaultdict(int),
    }
    items = items_right = 0
    rows: list[tuple[str, str, LabelPair]] = []
    n_multi = located = annotated = 0
    for c in clusters(data / "newswcl50.jsonl"):
        cid = str(c["cluster_id"])
        docs = [build(a, n, cid) for n, a in enumerate(c["articles"], 1)]  # type: ignore[arg-type]
        arts = [d.article for d in docs]
        ms = {d.article.id: mentions(d) for d in docs}
        located += sum(len(v) for v in ms.values())
        annotated += sum(len(d.raw["annotations"]) for d in docs)  # type: ignore[arg-type]
        outlets: dict[tuple[str, str], set[str]] = defaultdict(set)
        for aid, lst in ms.items():
            for m in lst:
                outlets[m.concept].add(aid)
        multi = {k for k, v in outlets.items() if len(v) >= 2}
        n_multi += sum(1 for t, _ in multi if t != "PROPERTY")
        alignment = align_articles(arts)
        pairs = label_pairs(arts, alignment)
        comp = compare_outlets(arts, alignment)
        kept: set[tuple[str, str, str]] = set()
        for oc in comp.contrasts:
            for item in oc.items:
                if item.kind == "label":
                    kept.add((oc.article_id, item.facts[0], item.keys[0].lower()))
        behind = label_contrast_pairs(pairs, kept)
        # a quote is the speaker's wording, not the outlet's word choice: how would leaving
        # labels inside direct quotes out change precision? (measured only; labels.py keeps them)
        quoted = {
            fr.id: [(q.start, q.end) for q in fr.quotes if q.kind == "direct"]
            for fr in comp.articles
        }

        def outside(p: LabelPair, quoted: dict[str, list[tuple[int, int]]] = quoted) -> bool:
            return not any(
                s <= x.start < e for x in (p.a, p.b) for s, e in quoted.get(x.article_id, [])
            )

        for p in pairs:
            v = verdict(p, ms, multi)
            counts["all label pairs"][v] += 1
            rows.append((cid, v, p))
            if outside(p):
                counts["label pairs, neither label inside a direct quote"][v] += 1
        for p in behind:
            counts["pairs behind label contrasts"][verdict(p, ms, multi)] += 1
            if outside(p):
                counts["pairs behind label contrasts, outside direct quotes"][
                    verdict(p, ms, multi)
                ] += 1
        # an item is right when any of its pairs names one annotated referent concept
        for aid, fact, text in kept:
            items += 1
            items_right += any(
                verdict(p, ms, multi) == "same"
                for p in behind
                if p.fact == fact
                and any(x.article_id == aid and x.text.lower() == text for x in (p.a, p.b))
            )
    out = [
        "### NewsWCL50: label pairs vs annotated concepts (10 events × 5 outlets)",
        "",
        f"Mentions located in their sentence: {located} of {annotated}. Referent concepts "
        f"(not PROPERTY) mentioned by ≥ 2 outlets of their event: {n_multi}.",
        "",
        "| pairs | n | same referent concept | same PROPERTY code only | different concepts "
        "| a label outside every multi-outlet mention | precision (same / n) | "
        "precision where both labels annotated |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, k in counts.items():
        n = sum(k.values())
        both = k["same"] + k["same-property"] + k["different"]
        out.append(
            f"| {name} | {n} | {k['same']} | {k['same-property']} | {k['different']} | "
            f"{k['unannotated']} | {k['same'] / max(n, 1):.3f} | {k['same'] / max(both, 1):.3f} |"
        )
    out += [
        "",
        f"`label` contrast items: {items}; naming (through one of their pairs) one annotated "
        f"referent concept: {items_right} ({items_right / max(items, 1):.0%}).",
        "",
        f"Sample for the hand check (random.Random({SEED}), {sample} of {len(rows)} pairs): "
        "cluster, articles, [sentence index, start, end] of each label in the dataset's "
        "sentences, the labels, the verdict",
        "",
        "| cluster | a | b | label a | label b | verdict |",
        "|---|---|---|---|---|---|",
    ]
    docs_of: dict[str, dict[str, Doc]] = {}
    for c in clusters(data / "newswcl50.jsonl"):
        cid = str(c["cluster_id"])
        docs_of[cid] = {
            f"A{n}": build(a, n, cid)
            for n, a in enumerate(c["articles"], 1)  # type: ignore[arg-type]
        }
    for cid, v, p in sorted(random.Random(SEED).sample(rows, min(sample, len(rows))), key=str):

        def where(aid: str, start: int, end: int, cid: str = cid) -> str:
            d = docs_of[cid][aid]
            si = next(k for k, (s, e) in enumerate(d.sent_offsets) if s <= start < e + 1)
            s0 = d.sent_offsets[si][0]
            return f"{aid} ({d.article.outlet}) [{si}, {start - s0}, {end - s0}]"

        if show:  # terminal only: both sentences with the label marked, for the hand check
            print(f"\n=== {cid} {v}", file=sys.stderr)
            for x in (p.a, p.b):
                t = docs_of[cid][x.article_id].article.text
                s = docs_of[cid][x.article_id].article.sentences[x.sentence_index]
                marked = t[s.start : x.start] + "[[" + t[x.start : x.end] + "]]" + t[x.end : s.end]
                print(f"  {x.article_id} {marked}", file=sys.stderr)
        out.append(
            f"| {cid} | {where(p.a.article_id, p.a.start, p.a.end)} | "
            f"{where(p.b.article_id, p.b.start, p.b.end)} | “{p.a.text}” | “{p.b.text}” | {v} |"
        )
    return out


def allsides(data: Path, sample: int, show: bool) -> list[str]:
    noted = sorted(
        (c for c in clusters(data / "allsides_dev.jsonl") if c.get("reference_framing_note")),
        key=lambda c: str(c["cluster_id"]),
    )
    chosen = random.Random(SEED).sample(noted, min(sample, len(noted)))
    out = [
        f"### AllSides dev: contrasts beside the editors' note ({len(chosen)} of {len(noted)} "
        f"clusters with a note, random.Random({SEED}))",
        "",
        "| cluster | outlets (lean) | contrast items per outlet (kinds) |",
        "|---|---|---|",
    ]
    for c in sorted(chosen, key=lambda c: str(c["cluster_id"])):
        cid = str(c["cluster_id"])
        docs = [build(a, n, cid) for n, a in enumerate(c["articles"], 1)]  # type: ignore[arg-type]
        comp = compare_outlets([d.article for d in docs])
        leans = ", ".join(f"{d.article.id} {d.raw.get('lean')}" for d in docs)
        kinds = "; ".join(
            f"{oc.article_id}: " + (", ".join(i.kind for i in oc.items) or "none")
            for oc in comp.contrasts
        )
        out.append(f"| {cid} | {leans} | {kinds} |")
        if show:  # terminal only: the note and the contrasts' sentences, for the hand check
            print(f"\n=== {cid}\nNOTE: {c['reference_framing_note']}", file=sys.stderr)
            for d, oc in zip(docs, comp.contrasts, strict=True):
                print(f"-- {d.article.id} {d.raw.get('lean')} {d.article.outlet}", file=sys.stderr)
                for i in oc.items:
                    print(f"   [{i.kind}] {i.sentence}", file=sys.stderr)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench" / "out" / "framing_contrasts_eval.md"
    )
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--show", action="store_true", help="print notes and contrasts (stderr)")
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"framing_contrasts_eval: no data folder at {args.data}", file=sys.stderr)
        return 2
    started = time.monotonic()
    lines = ["## Framing contrasts vs human annotations", ""]
    lines += [*newswcl(args.data, 40, args.show), ""]
    lines += [*allsides(args.data, args.sample, args.show), ""]
    lines += [f"_{time.monotonic() - started:.1f} s on this machine._"]
    text = "\n".join(lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
