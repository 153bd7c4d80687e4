"""The hand-annotated quote set (tests/gold/quotes_*.json) and its scorer.

Gold quotes carry a span, the speaker's canonical name (or a group/role word such as "analysts",
or null when nobody is identifiable), the reporting verb as written, where the speaker is named
("same" sentence, "earlier", only a "pronoun" or a "role" phrase) and the speaker's side.
Seed articles are addressed by file and character offsets into `Article.text` (checked against a
sha256 of that text); dev articles (basil_dev) by cluster id, outlet and [sentence, offset]
pairs, so no article text is stored. Scoring: a predicted quote detects a gold quote when their
spans overlap (one-to-one, largest overlap first); speaker, verb and side are then compared.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from summarize.articles import Article
from summarize.text.quote_rules import Quote

Finder = Callable[[Article], list[Quote]]


@dataclass(frozen=True)
class GoldQuote:
    start: int
    end: int
    kind: str  # direct | indirect
    speaker: str | None
    verb: str | None
    named: str  # same | earlier | pronoun | role
    side: str


@dataclass
class GoldArticle:
    id: str
    article: Article
    quotes: list[GoldQuote]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def basil_article(raw: dict[str, object], article_id: str) -> tuple[Article, list[int]]:
    """One dataset sentence per line (as bench/framing_eval.py builds it); sentence starts."""
    sentences = [str(s) for s in raw["sentences"]]  # type: ignore[attr-defined]
    starts, pos = [], 0
    for s in sentences:
        starts.append(pos)
        pos += len(s) + 1
    article = Article.from_text(
        article_id,
        "\n".join(sentences),
        source=article_id,
        title=str(raw.get("title") or "") or None,
        outlet=str(raw.get("outlet") or "") or None,
    )
    return article, starts


def basil_articles(path: Path) -> Iterator[tuple[str, dict[str, object]]]:
    """("<cluster_id>:<outlet>", raw article) for every article of basil_dev.jsonl (or of any
    cluster file of ../shared/data: newswcl50.jsonl has the same shape)."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                cluster = json.loads(line)
                for raw in cluster["articles"]:
                    yield f"{cluster['cluster_id']}:{raw['outlet']}", raw


def _quote(row: dict[str, object], start: int, end: int) -> GoldQuote:
    return GoldQuote(
        start,
        end,
        str(row["kind"]),
        None if row["speaker"] is None else str(row["speaker"]),
        None if row["verb"] is None else str(row["verb"]),
        str(row["named"]),
        str(row["side"]),
    )


class GoldError(ValueError):
    """The gold file does not fit the articles it names."""


def load_seeds_gold(path: Path, articles: Iterable[Article]) -> list[GoldArticle]:
    by_name = {Path(a.source).name: a for a in articles}
    out = []
    for entry in json.loads(path.read_text(encoding="utf-8"))["articles"]:
        article = by_name.get(entry["id"])
        if article is None or sha256(article.text) != entry["text_sha256"]:
            raise GoldError(f"{path}: {entry['id']} is missing or its text changed")
        quotes = [_quote(q, int(q["start"]), int(q["end"])) for q in entry["quotes"]]
        out.append(GoldArticle(entry["id"], article, quotes))
    return out


def load_unseen_gold(path: Path, data: Path) -> dict[str, list[GoldArticle]]:
    """tests/gold/quotes_unseen.json by half ("tune", "test"): full newswcl50 articles, one
    dataset sentence per line, with the speaker of each quote (no verb, case or side labelled)."""
    raws: dict[str, dict[str, object]] = {}
    halves: dict[str, list[GoldArticle]] = {"tune": [], "test": []}
    for entry in json.loads(path.read_text(encoding="utf-8"))["articles"]:
        source = data / f"{entry['id'].split('-')[0]}.jsonl"
        if not raws.get(entry["id"]) and source.is_file():
            raws.update(basil_articles(source))
        raw = raws.get(entry["id"])
        if raw is None or entry.get("half") not in halves:
            raise GoldError(f"{path}: {entry['id']} is not in {source} or has no half")
        article, starts = basil_article(raw, entry["id"])
        if sha256(article.text) != entry["text_sha256"]:
            raise GoldError(f"{path}: the text of {entry['id']} changed")
        quotes = [
            GoldQuote(
                starts[q["start"][0]] + q["start"][1],
                starts[q["end"][0]] + q["end"][1],
                "direct",
                str(q["speaker"]),
                None,
                "unlabelled",
                "",  # no side labelled: not scored
            )
            for q in entry["quotes"]
        ]
        halves[entry["half"]].append(GoldArticle(entry["id"], article, quotes))
    return halves


def load_dev_gold(path: Path, basil: Path) -> list[GoldArticle]:
    raws = dict(basil_articles(basil))
    out = []
    for entry in json.loads(path.read_text(encoding="utf-8"))["articles"]:
        raw = raws.get(entry["id"])
        if raw is None:
            raise GoldError(f"{path}: {entry['id']} is not in {basil}")
        article, starts = basil_article(raw, entry["id"])
        if sha256(article.text) != entry["text_sha256"]:
            raise GoldError(f"{path}: the text of {entry['id']} changed")
        quotes = [
            _quote(q, starts[q["start"][0]] + q["start"][1], starts[q["end"][0]] + q["end"][1])
            for q in entry["quotes"]
        ]
        out.append(GoldArticle(entry["id"], article, quotes))
    return out


def _words(name: str) -> list[str]:
    low = name.lower().replace("’", "'").replace("'s ", " ").replace(".", " ")
    return [w.removesuffix("'s") for w in low.replace(",", " ").split()]


def same_speaker(gold: str | None, predicted: str | None) -> bool:
    """The gold name's last word (the surname, or a group's head noun) is among the predicted's,
    or the predicted name is part of the gold one ("Kim" for "Kim Jong Un", whose family name
    comes first)."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    gold_words = _words(gold)
    last = gold_words[-1]
    words = _words(predicted)
    if last in words or (last.endswith("s") and last[:-1] in words):
        return True
    return (
        len(gold_words) > 1
        and bool(words)
        and words[0] == gold_words[0]
        and set(words) <= set(gold_words)
    )


def _norm_verb(verb: str | None) -> str:
    return " ".join((verb or "").lower().split())


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    detected: int = 0  # gold quotes overlapped by a predicted one
    matched_predicted: int = 0
    speaker_right: int = 0
    speaker_wrong: int = 0
    abstained: int = 0
    given: int = 0  # detected quotes the finder gave a speaker
    verb_gold: int = 0
    verb_right: int = 0
    side_scored: int = 0
    side_right: int = 0
    side_coarse_right: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def rates(self) -> dict[str, float | None]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 3) if b else None

        p, r = ratio(self.matched_predicted, self.predicted), ratio(self.detected, self.gold)
        f1 = round(2 * p * r / (p + r), 3) if p and r else None
        return {
            "precision": p,
            "recall": r,
            "f1": f1,
            "speaker_accuracy": ratio(self.speaker_right, self.detected),
            "wrong_speaker": ratio(self.speaker_wrong, self.detected),
            "abstained": ratio(self.abstained, self.detected),
            # the issue-24 measures: how often a given speaker is wrong, how often one is given
            "wrong_of_given": ratio(self.speaker_wrong, self.given),
            "given": ratio(self.given, self.detected),
            "verb_accuracy": ratio(self.verb_right, self.verb_gold),
            "side_accuracy": ratio(self.side_right, self.side_scored),
            "side_coarse_accuracy": ratio(self.side_coarse_right, self.side_scored),
        }


@dataclass
class Report:
    total: Tally = field(default_factory=Tally)
    by_case: dict[str, Tally] = field(default_factory=dict)
    by_article: dict[str, Tally] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def case(self, name: str) -> Tally:
        return self.by_case.setdefault(name, Tally())


def _match(gold: list[GoldQuote], predicted: list[Quote]) -> dict[int, int]:
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                pairs.append((overlap, gi, pi))
    used_g: dict[int, int] = {}
    used_p: set[int] = set()
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g[gi] = pi
            used_p.add(pi)
    return used_g


def score(gold: list[GoldArticle], finder: Finder) -> Report:
    report = Report()
    for ga in gold:
        predicted = finder(ga.article)
        tally = Tally(gold=len(ga.quotes), predicted=len(predicted))
        matches = _match(ga.quotes, predicted)
        tally.matched_predicted = len(matches)
        for gi, g in enumerate(ga.quotes):
            cases = [f"kind={g.kind}", f"named={g.named}"]
            one = Tally(gold=1)
            pi = matches.get(gi)
            if pi is not None:
                p = predicted[pi]
                one.detected = one.matched_predicted = 1
                one.given = int(p.speaker is not None)
                if same_speaker(g.speaker, p.speaker):
                    one.speaker_right = 1
                    if g.speaker is not None and g.side:
                        one.side_scored = 1
                        one.side_right = int(p.side == g.side)
                        one.side_coarse_right = int(p.side.split(" (")[0] == g.side.split(" (")[0])
                elif p.speaker is None:
                    one.abstained = 1
                else:
                    one.speaker_wrong = 1
                    report.errors.append(
                        f"{ga.id} @{g.start}: speaker {p.speaker!r} ({p.speaker_source}), "
                        f"gold {g.speaker!r} [{g.named}]"
                    )
                if g.verb is not None:
                    one.verb_gold = 1
                    one.verb_right = int(_norm_verb(p.verb) == _norm_verb(g.verb))
            for case in cases:
                report.case(case).add(one)
            for name in ("speaker_right", "speaker_wrong", "abstained", "given", "verb_gold"):
                setattr(tally, name, getattr(tally, name) + getattr(one, name))
            for name in ("verb_right", "side_scored", "side_right", "side_coarse_right"):
                setattr(tally, name, getattr(tally, name) + getattr(one, name))
            tally.detected += one.detected
        report.by_article[ga.id] = tally
        report.total.add(tally)
    return report


@dataclass
class BasilCheck:
    """BASIL's quoted spans whose speaker is a named person: detected? right speaker?"""

    spans: int = 0
    detected: int = 0
    right: int = 0
    wrong: int = 0
    abstained: int = 0
    sources: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def rates(self) -> dict[str, float | None]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 3) if b else None

        return {
            "detection": ratio(self.detected, self.spans),
            "speaker_accuracy": ratio(self.right, self.detected),
            "wrong_speaker": ratio(self.wrong, self.detected),
            "abstained": ratio(self.abstained, self.detected),
            "right_of_all": ratio(self.right, self.spans),
            "wrong_of_given": ratio(self.wrong, self.right + self.wrong),
            "given": ratio(self.right + self.wrong, self.detected),
        }


def basil_quote_spans(basil: Path, gold: Path, finder: Finder) -> BasilCheck:
    """Score BASIL's quoted spans (``quote == "yes"``) against the speakers read by hand in
    tests/gold/quotes_basil_speakers.json (BASIL's own labels name a person for 18 of 70: the
    rest are stance groups such as "other_pro"). Spans whose speaker is no named person are left
    out; a span is detected when a predicted quote overlaps it (several spans may share one)."""
    raws = dict(basil_articles(basil))
    rows = json.loads(gold.read_text(encoding="utf-8"))["spans"]
    by_article: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_article.setdefault(str(row["id"]), []).append(row)
    check = BasilCheck()
    for article_id, spans in by_article.items():
        raw = raws.get(article_id)
        if raw is None:
            raise GoldError(f"{gold}: {article_id} is not in {basil}")
        marked = {
            (a["sentence_index"], a["start"], a["end"])
            for a in raw["annotations"]  # type: ignore[attr-defined]
            if a["quote"] == "yes"
        }
        article, starts = basil_article(raw, article_id)
        predicted = finder(article)
        for row in spans:
            sent, lo, hi = int(row["sentence"]), int(row["start"]), int(row["end"])  # type: ignore[call-overload]
            if (sent, lo, hi) not in marked:
                raise GoldError(f"{gold}: {article_id} has no BASIL quote at {sent}:{lo}-{hi}")
            if row["speaker"] is None:
                continue
            check.spans += 1
            s, e = starts[sent] + lo, starts[sent] + hi
            hits = [q for q in predicted if q.start < e and s < q.end]
            if not hits:
                check.missed.append(f"{article_id} s{sent}:{lo}-{hi} ({row['speaker']})")
                continue
            check.detected += 1
            q = max(hits, key=lambda q: min(e, q.end) - max(s, q.start))
            check.sources[q.speaker_source] += 1
            if q.speaker is None:
                check.abstained += 1
            elif same_speaker(str(row["speaker"]), q.speaker):
                check.right += 1
            else:
                check.wrong += 1
                check.errors.append(
                    f"{article_id} s{sent}: speaker {q.speaker!r} ({q.speaker_source}), "
                    f"gold {row['speaker']!r}"
                )
    return check
