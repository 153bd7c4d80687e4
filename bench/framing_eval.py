"""Framing measures against human annotations in ../shared/data (development split).

    python bench/framing_eval.py [--data ../shared/data] [--out bench/out/framing_eval.md]

- basil_dev.jsonl: precision/recall of flagged words and sentences against BASIL lexical-bias spans
  (Fan et al. 2019); where informational-bias spans sit relative to quotes.
- lim2020.jsonl: Spearman/Pearson correlation of per-sentence scores with annotators' mean bias
  (Lim et al. 2020).
- newswcl50.jsonl: per-outlet measures for each event (HuffPost … Breitbart, far left → far right)
  and whether they order the outlets sensibly.
Reads the JSONL itself (no dependency on the loaders); nothing from the data is written except
numbers and single flagged words.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from summarize.align import align_articles
from summarize.articles import Article
from summarize.framing import ArticleFraming, analyze_article, compare_outlets
from summarize.framing.contrast import contrastive_wording, distinctive_flags
from summarize.framing.labels import label_pairs
from summarize.settings import current
from summarize.text.lists import word_set
from summarize.text.names import bare, one_edit

ROOT = Path(__file__).resolve().parents[1]
OUTLET_ORDER = ["HuffPost", "New York Times", "USA Today", "Fox News", "Breitbart"]


@dataclass
class Doc:
    article: Article
    sent_offsets: list[tuple[int, int]]  # dataset sentence index -> (start, end) in article.text
    raw: dict[str, object]


def clusters(path: Path) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def build(raw: dict[str, object], n: int, cluster: str) -> Doc:
    """One dataset sentence per line, so dataset offsets map to article offsets by addition."""
    sentences = [str(s) for s in raw["sentences"]]  # type: ignore[attr-defined]
    offsets, pos, parts, depth = [], 0, [], 0
    for s in sentences:
        offsets.append((pos, pos + len(s)))
        pos += len(s) + 1
        # a quotation left open continues on the next line (the dataset splits multi-sentence
        # quotes into sentences): same paragraph, so the quote finder sees one quote
        depth = max(depth + s.count("“") - s.count("”"), 0)
        parts += [s, " " if depth else "\n"]
    article = Article.from_text(
        f"A{n}",
        "".join(parts[:-1]),
        source=f"{cluster}:{n}",
        title=str(raw.get("title") or "") or None,
        outlet=str(raw.get("outlet") or "") or None,
    )
    return Doc(article, offsets, raw)


def ranks(x: np.ndarray) -> np.ndarray:
    order = np.argsort(x, kind="mergesort")
    r = np.empty(len(x))
    r[order] = np.arange(len(x))
    for v in np.unique(x):  # average ranks for ties
        r[x == v] = r[x == v].mean()
    return r


def spearman(a: list[float], b: list[float]) -> float:
    if len(a) < 3 or np.std(a) == 0 or np.std(b) == 0:
        return float("nan")
    return float(np.corrcoef(ranks(np.array(a)), ranks(np.array(b)))[0, 1])


def pearson(a: list[float], b: list[float]) -> float:
    if len(a) < 3 or np.std(a) == 0 or np.std(b) == 0:
        return float("nan")
    return float(np.corrcoef(a, b)[0, 1])


def per_sentence(
    doc: Doc, fr: ArticleFraming, score: Callable[[ArticleFraming, int, int], float]
) -> list[float]:
    return [score(fr, s, e) for s, e in doc.sent_offsets]


def _flags_in(fr: ArticleFraming, s: int, e: int, cats: set[str], narrator: bool) -> int:
    n = sum(
        1
        for f in fr.wording
        if s <= f.start < e and set(f.categories) & cats and not (narrator and f.in_quote)
    )
    if "verb" in cats:
        n += sum(1 for v in fr.verbs if s <= v.start < e and v.loaded)
    if cats & {"hedge", "booster", "factive", "epistemic", "implicative"}:
        n += sum(
            1
            for f in fr.markers
            if s <= f.start < e and set(f.categories) & cats and not (narrator and f.in_quote)
        )
    return n


def _shown_in(fr: ArticleFraming, s: int, e: int) -> int:
    return sum(1 for f in fr.flagged if s <= f.start < e)


def tune_half(cluster_id: str) -> bool:
    """The fixed split: clusters whose id's sha1 is even tune the rules, the rest are held out."""
    return int(hashlib.sha1(cluster_id.encode()).hexdigest(), 16) % 2 == 0


ALL = {"loaded", "emotive", "subjective", "intensifier", "verb"}
SCORES: dict[str, Callable[[ArticleFraming, int, int], float]] = {
    "**shown flags** (list terms but reactions, emotive verbs, implicatives)": _shown_in,
    "all flags (outlet voice)": lambda fr, s, e: _flags_in(fr, s, e, ALL, True),
    "all flags (incl. quotes)": lambda fr, s, e: _flags_in(fr, s, e, ALL, False),
    "loaded list + loaded verbs": lambda fr, s, e: _flags_in(fr, s, e, {"loaded", "verb"}, True),
    "emotive (VADER)": lambda fr, s, e: _flags_in(fr, s, e, {"emotive"}, True),
    "subjective (Pattern)": lambda fr, s, e: _flags_in(fr, s, e, {"subjective"}, True),
    "hedges+boosters+factives": lambda fr, s, e: _flags_in(
        fr, s, e, {"hedge", "booster", "factive", "epistemic", "implicative"}, True
    ),
}
WORD_SETS = {
    "all wording flags": {"loaded", "emotive", "subjective", "intensifier"},
    "loaded (our list)": {"loaded"},
    f"emotive (VADER |v|>={current().framing.emotive_min})": {"emotive"},
    f"subjective (Pattern >={current().framing.subjective_min})": {"subjective"},
    "intensifier (our list)": {"intensifier"},
}


def basil(data: Path) -> list[str]:
    docs = [
        build(a, n, str(c["cluster_id"]))
        for c in clusters(data / "basil_dev.jsonl")
        for n, a in enumerate(c["articles"], 1)
    ]  # type: ignore[arg-type]
    frs = [analyze_article(d.article) for d in docs]
    contrastive = contrastive_spans(docs, frs)
    out = [
        f"### BASIL lexical bias ({len(docs)} articles, "
        f"{sum(len(d.sent_offsets) for d in docs)} sentences)",
        "",
    ]
    # word level: a flag is right when it lies inside a lexical span; a span is found when any flag
    # lies inside it
    out += [
        "| flagged words | flags | precision | spans found (recall) | F1 |",
        "|---|---|---|---|---|",
    ]
    for name, cats in WORD_SETS.items():
        tp_flags = n_flags = found = n_spans = 0
        for d, fr in zip(docs, frs, strict=True):
            spans = [
                (
                    d.sent_offsets[a["sentence_index"]][0] + a["start"],
                    d.sent_offsets[a["sentence_index"]][0] + a["end"],
                )
                for a in d.raw["annotations"]  # type: ignore[attr-defined]
                if a["bias_type"] == "lexical" and a["sentence_index"] is not None
            ]
            flags = [f for f in fr.wording if set(f.categories) & cats]
            n_flags += len(flags)
            tp_flags += sum(any(s <= f.start and f.end <= e for s, e in spans) for f in flags)
            n_spans += len(spans)
            found += sum(any(s <= f.start and f.end <= e for f in flags) for s, e in spans)
        p = tp_flags / n_flags if n_flags else 0.0
        r = found / n_spans if n_spans else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out.append(f"| {name} | {n_flags} | {p:.3f} | {r:.3f} ({found}/{n_spans}) | {f1:.3f} |")
    for name, spans_of in contrastive.items():
        out.append(word_row(f"**contrastive**: {name}", docs, spans_of))
    # sentence level
    out += [
        "",
        "| sentence flagged when score >= 1 | precision | recall | F1 | base rate |",
        "|---|---|---|---|---|",
    ]
    for name, fn in SCORES.items():
        tp = fp = fn_ = 0
        positives = total = 0
        for d, fr in zip(docs, frs, strict=True):
            gold = {
                a["sentence_index"]
                for a in d.raw["annotations"]  # type: ignore[attr-defined]
                if a["bias_type"] == "lexical"
            }
            scores = per_sentence(d, fr, fn)
            for k, sc in enumerate(scores):
                pred, g = sc >= 1, k in gold
                tp += pred and g
                fp += pred and not g
                fn_ += g and not pred
                positives += g
                total += 1
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn_) if tp + fn_ else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out.append(f"| {name} | {p:.3f} | {r:.3f} | {f1:.3f} | {positives / total:.3f} |")
    for name, spans_of in contrastive.items():
        out.append(sentence_row(f"**contrastive**: {name}", docs, spans_of))
    shown = [[(f.start, f.end) for f in fr.flagged] for fr in frs]
    out += [
        "",
        "Shown flags (what the Markdown/JSON/HTML list as flagged) on the fixed split by cluster "
        "id (`tune_half`): the rule was chosen on the tuning half.",
        "",
        "| shown flags, sentences | precision | recall | F1 | base rate |",
        "|---|---|---|---|---|",
    ]
    for half, keep in (("tuning half", True), ("held-out half", False)):
        idx = [k for k, d in enumerate(docs) if tune_half(d.article.source.split(":")[0]) == keep]
        out.append(sentence_row(half, [docs[k] for k in idx], [shown[k] for k in idx]))
    out.append(sentence_row("all", docs, shown))
    out += ["", "| shown flags, words | flags | precision | spans found (recall) | F1 |"]
    out += ["|---|---|---|---|---|", word_row("all", docs, shown)]
    # informational bias vs quotes (the briefing's single-source claims are not available here)
    inf = in_quote_sent = 0
    for d, fr in zip(docs, frs, strict=True):
        quoted = {q.sentence_index for q in fr.quotes}
        starts = [s for s, _ in d.sent_offsets]
        for a in d.raw["annotations"]:  # type: ignore[attr-defined]
            if a["bias_type"] != "informational" or a["sentence_index"] is None:
                continue
            inf += 1
            pos = starts[a["sentence_index"]]
            sent = fr.quotes and min(
                range(len(d.article.sentences)),
                key=lambda i: abs(d.article.sentences[i].start - pos),
            )
            in_quote_sent += bool(fr.quotes) and sent in quoted
    out += ["", *speaker_check(docs, frs)]
    out += [
        "",
        f"Informational-bias spans: {inf}; in a sentence carrying a detected (direct or "
        f"indirect) quote: {in_quote_sent} ({in_quote_sent / max(inf, 1):.0%}).",
    ]
    return out


def _lexical(d: Doc) -> list[tuple[int, int]]:
    return [
        (
            d.sent_offsets[a["sentence_index"]][0] + a["start"],
            d.sent_offsets[a["sentence_index"]][0] + a["end"],
        )
        for a in d.raw["annotations"]  # type: ignore[attr-defined]
        if a["bias_type"] == "lexical" and a["sentence_index"] is not None
    ]


def contrastive_spans(
    docs: list[Doc], frs: list[ArticleFraming]
) -> dict[str, list[list[tuple[int, int]]]]:
    """Per method, per doc: flagged spans of the contrastive method (summarize.framing.contrast):
    lexicon flags in the outlet's voice that the other outlets of the story never use (log-odds
    z >= its floor), and additionally the outlet's words in a label pair (same fact, same slot,
    different words) from the alignment."""
    by_cluster: dict[str, list[int]] = defaultdict(list)
    for k, d in enumerate(docs):
        by_cluster[d.article.source.split(":")[0]].append(k)
    words: list[list[tuple[int, int]]] = [[] for _ in docs]
    labels: list[list[tuple[int, int]]] = [[] for _ in docs]
    for ks in by_cluster.values():
        arts = [docs[k].article for k in ks]
        z = distinctive_flags([frs[k] for k in ks], {a.id: a.text for a in arts})
        for k in ks:
            aid = docs[k].article.id
            others = set().union(*(set(z[docs[j].article.id]) for j in ks if j != k))
            words[k] = [(f[1], f[2]) for f in contrastive_wording(frs[k], z[aid], others)]
        index = {docs[k].article.id: k for k in ks}
        for p in label_pairs(arts, align_articles(arts)):
            for lab in (p.a, p.b):
                labels[index[lab.article_id]].append((lab.start, lab.end))
    return {
        "lexicon flags the others never use": words,
        "label pairs (aligned facts)": labels,
        "both": [w + lab for w, lab in zip(words, labels, strict=True)],
    }


def word_row(name: str, docs: list[Doc], spans_of: list[list[tuple[int, int]]]) -> str:
    tp = n = found = n_spans = 0
    for d, flags in zip(docs, spans_of, strict=True):
        gold = _lexical(d)
        n += len(flags)
        tp += sum(any(s <= a and b <= e for s, e in gold) for a, b in flags)
        n_spans += len(gold)
        found += sum(any(s <= a and b <= e for a, b in flags) for s, e in gold)
    p, r = tp / max(n, 1), found / max(n_spans, 1)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f"| {name} | {n} | {p:.3f} | {r:.3f} ({found}/{n_spans}) | {f1:.3f} |"


def sentence_row(name: str, docs: list[Doc], spans_of: list[list[tuple[int, int]]]) -> str:
    tp = fp = fn = positives = total = 0
    for d, flags in zip(docs, spans_of, strict=True):
        gold = {
            a["sentence_index"]
            for a in d.raw["annotations"]  # type: ignore[attr-defined]
            if a["bias_type"] == "lexical"
        }
        pred = {i for i, (s, e) in enumerate(d.sent_offsets) if any(s <= a < e for a, _ in flags)}
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
        positives += len(gold)
        total += len(d.sent_offsets)
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f"| {name} | {p:.3f} | {r:.3f} | {f1:.3f} | {positives / total:.3f} |"


# BASIL speaker labels that name a group or an organisation, not a person ("House_Democrats",
# "Obama_campaign", "Secure_America_Now", "other_pro"); with the organisation words of the
# speaker rules ("committee", "party", …)
_GROUP_LABEL_WORDS = frozenset(
    "other democrats republicans campaign now plaintiffs defendants supporters critics "
    "officials administration gop".split()
)


def person_label(label: str) -> str | None:
    """ "Donald Trump" for BASIL's "Donald_Trump"; None for a group or organisation label."""
    words = [w for w in label.split("_") if w]
    low = {w.lower() for w in words}
    if len(words) < 2 or low & (_GROUP_LABEL_WORDS | word_set("organisation_words.txt")):
        return None
    if not all(w[:1].isupper() for w in words):
        return None
    return " ".join(words)


def same_surname(gold: str, predicted: str) -> bool:
    """Does the predicted speaker carry the gold name's surname? Accents folded ("Calderón"),
    a truncated label ("Calder") or one slip of a letter allowed ("Netanyahu"/"Netanyhu")."""
    last = bare(gold.split()[-1]).lower()
    for word in predicted.replace("'s", "").replace("’s", "").split():
        w = bare(word).lower()
        if w == last or (
            min(len(w), len(last)) >= 5 and (w.startswith(last) or last.startswith(w))
        ):
            return True
        if min(len(w), len(last)) >= 5 and one_edit(w, last):
            return True
    return False


def speaker_check(docs: list[Doc], frs: list[ArticleFraming]) -> list[str]:
    """BASIL marks quoted spans with the speaker: does our attribution agree? Only person labels
    count (BASIL also labels groups and campaigns), compared by surname with accents folded and
    small misspellings allowed, so the line measures the tool and not the labels."""
    spans = found = named = right = 0
    for d, fr in zip(docs, frs, strict=True):
        for a in d.raw["annotations"]:  # type: ignore[attr-defined]
            person = person_label(str(a["speaker"]))
            if a["quote"] != "yes" or person is None or a["sentence_index"] is None:
                continue
            spans += 1
            s = d.sent_offsets[a["sentence_index"]][0] + a["start"]
            e = d.sent_offsets[a["sentence_index"]][0] + a["end"]
            hits = [q for q in fr.quotes if q.start < e and s < q.end]
            if not hits:
                continue
            found += 1
            q = max(hits, key=lambda q: min(e, q.end) - max(s, q.start))
            if q.speaker:
                named += 1
                right += same_surname(person, q.speaker)
    wrong = named - right
    return [
        f"Speaker attribution on BASIL's {spans} quoted spans labelled with a person: overlapped "
        f"by a detected quote {found} ({found / max(spans, 1):.0%}); speaker given {named} "
        f"({named / max(found, 1):.0%} of those); right {right}, wrong {wrong} "
        f"({wrong / max(named, 1):.0%} of those given), abstained {found - named}."
    ]


def lim(data: Path) -> list[str]:
    xs: dict[str, list[float]] = defaultdict(list)
    gold: list[float] = []
    title_scores: list[float] = []
    title_gold: list[float] = []
    art_score: list[float] = []
    art_gold: list[float] = []
    flagged_gold: list[float] = []
    other_gold: list[float] = []
    n_articles = 0
    for c in clusters(data / "lim2020.jsonl"):
        for n, a in enumerate(c["articles"], 1):  # type: ignore[arg-type]
            d = build(a, n, str(c["cluster_id"]))
            fr = analyze_article(d.article)
            n_articles += 1
            for name, fn in SCORES.items():
                scores = per_sentence(d, fr, fn)
                for ann in a["annotations"]:
                    xs[name].append(scores[ann["sentence_index"]])
            for ann in a["annotations"]:
                gold.append(float(ann["mean_bias"]))
                hit = any(f.sentence_index == ann["sentence_index"] for f in fr.flagged)
                (flagged_gold if hit else other_gold).append(float(ann["mean_bias"]))
            if fr.headline and a.get("title_bias_ratings"):
                title_scores.append(len(fr.headline.loaded_words))
                title_gold.append(float(np.mean(a["title_bias_ratings"])))
            if a.get("article_bias_ratings"):
                art_score.append(100 * sum(fr.sentence_scores) / max(fr.words, 1))
                art_gold.append(float(np.mean(a["article_bias_ratings"])))
    out = [
        f"### Lim et al. 2020 ({n_articles} articles, {len(gold)} rated sentences)",
        "",
        "| per-sentence score | Spearman ρ | Pearson r |",
        "|---|---|---|",
    ]
    for name in SCORES:
        out.append(f"| {name} | {spearman(xs[name], gold):+.3f} | {pearson(xs[name], gold):+.3f} |")
    out.append(
        f"| headline: flagged words vs title rating (n={len(title_gold)}) | "
        f"{spearman(title_scores, title_gold):+.3f} | "
        f"{pearson(title_scores, title_gold):+.3f} |"
    )
    out.append(
        f"| article: flags /100 words vs article rating (n={len(art_gold)}) | "
        f"{spearman(art_score, art_gold):+.3f} | {pearson(art_score, art_gold):+.3f} |"
    )
    out += [
        "",
        f"Sentences with a shown flag: {len(flagged_gold)}, mean bias rating "
        f"{np.mean(flagged_gold):.2f}; the other {len(other_gold)}: {np.mean(other_gold):.2f} "
        f"(1-4 scale; all rated sentences {np.mean(gold):.2f}).",
    ]
    return out


COLUMNS: dict[str, Callable[[ArticleFraming], float]] = {
    "loaded /100w": lambda a: a.rate(a.wording, "loaded"),
    "emotive /100w": lambda a: a.rate(a.wording, "emotive"),
    "subjective /100w": lambda a: a.rate(a.wording, "subjective"),
    "intensity": lambda a: a.intensity,
    "loaded verbs %": lambda a: 100 * (a.loaded_verb_share or 0.0),
    "hedges /100w": lambda a: a.rate(a.markers, "hedge"),
    "quoted words %": lambda a: 100 * a.quoted_share,
    "tone": lambda a: a.tone,
}


def newswcl(data: Path) -> tuple[list[str], list[str]]:
    per_outlet: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    detail: list[str] = []
    position = {o: k - 2 for k, o in enumerate(OUTLET_ORDER)}
    pairs: dict[str, tuple[list[float], list[float], list[float]]] = {
        c: ([], [], []) for c in COLUMNS
    }
    for c in clusters(data / "newswcl50.jsonl"):
        docs = [build(a, n, str(c["cluster_id"])) for n, a in enumerate(c["articles"], 1)]  # type: ignore[arg-type]
        comp = compare_outlets([d.article for d in docs])
        detail += [
            "",
            f"#### {c['cluster_id']} (actors: {', '.join(comp.actors)})",
            "",
            "| outlet | " + " | ".join(COLUMNS) + " | headline |",
            "|---|" + "---|" * (len(COLUMNS) + 1),
        ]
        for a in comp.articles:
            outlet = a.outlet or "?"
            vals = {k: f(a) for k, f in COLUMNS.items()}
            for k, v in vals.items():
                per_outlet[outlet][k].append(v)
                if outlet in position:
                    pairs[k][0].append(v)
                    pairs[k][1].append(abs(position[outlet]))
                    pairs[k][2].append(position[outlet])
            detail.append(
                f"| {outlet} | "
                + " | ".join(f"{v:.2f}" for v in vals.values())
                + f" | {a.headline.verdict if a.headline else '–'} |"
            )
    summary = [
        "### NewsWCL50 (10 events × 5 outlets): mean per outlet, far left → far right",
        "",
        "| outlet | " + " | ".join(COLUMNS) + " |",
        "|---|" + "---|" * len(COLUMNS),
    ]
    for o in OUTLET_ORDER:
        summary.append(
            f"| {o} | " + " | ".join(f"{np.mean(per_outlet[o][k]):.2f}" for k in COLUMNS) + " |"
        )
    summary += [
        "",
        "Spearman ρ over the 50 articles between each measure and the outlet's "
        "distance from the centre (|position|, USA Today = 0) and its left→right position:",
        "",
        "| measure | ρ with extremity | ρ with left→right |",
        "|---|---|---|",
    ]
    for k, (v, ext, lr) in pairs.items():
        summary.append(f"| {k} | {spearman(v, ext):+.3f} | {spearman(v, lr):+.3f} |")
    return summary, detail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "framing_eval.md")
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"framing_eval: no data folder at {args.data}", file=sys.stderr)
        return 2
    started = time.monotonic()
    lines = ["## Framing measures vs human annotations", ""]
    lines += [*basil(args.data), ""]
    lines += [*lim(args.data), ""]
    summary, detail = newswcl(args.data)
    lines += [*summary, "", "### NewsWCL50 per event", *detail]
    lines += ["", f"_{time.monotonic() - started:.1f} s on this machine._"]
    text = "\n".join(lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
