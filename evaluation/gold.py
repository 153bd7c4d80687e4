"""The gold alignment set and its scorer (docs/ALIGNMENT.md, "Gold set").

A gold cluster lists the facts its articles state and, per fact, the units that carry it fully
or only partially. A unit is one sentence ("A2:3", the 0-based `Sentence.index`) or an article's
headline when the headline is not already its first sentence ("A1:title"). A prediction says
which units report the same fact, which facts only one article reports, and which facts an
article leaves out; `score` measures it against the gold:

- same-fact pairs (unordered unit pairs across two articles): precision and recall. A pair is
  *same* when one fact has both units as full carriers, *partial* when they share a fact only
  through a partial carrier, *different* otherwise. Partial pairs count neither way; how many
  were predicted is reported.
- "only A reports X" (X given by A's units): false when every fact those units carry is carried
  in full by another article.
- "B leaves out X" (X given by other articles' units): false when B carries in full any fact
  those units carry in full.
- recall of the gold's single-source facts: facts carried by one article only (no other article
  even partially) that some "only A" statement of that article covers;
- recall of the shared facts (carried in full by two or more articles): found when at least one
  pair of their full carriers is predicted "same".

Pure; articles come from `cluster_articles` (the seeds through `load_articles`, the dev clusters
through `read_clusters`), so indices are the ones the tool itself loads.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from evaluation.clusters import read_clusters
from summarize.align.alignment import Alignment
from summarize.articles import Article, load_articles
from summarize.errors import InputError

Unit = str  # "A1:3" or "A1:title"
TITLE = "title"


@dataclass(frozen=True)
class GoldFact:
    id: str
    fact: str
    full: frozenset[Unit]
    partial: frozenset[Unit]

    @property
    def units(self) -> frozenset[Unit]:
        return self.full | self.partial


@dataclass(frozen=True)
class GoldConflict:
    """Values that differ for one fact ("fired" / "stepped down"): pairs across versions that
    are same-fact pairs are "same fact, conflicting"."""

    kind: str
    subject: str
    facts: tuple[str, ...]
    versions: tuple[tuple[str, frozenset[Unit]], ...]


@dataclass(frozen=True)
class GoldArticle:
    id: str
    sentences: int
    title_unit: bool
    sha256: str
    source: str | None = None


@dataclass(frozen=True)
class GoldCluster:
    id: str
    source: Mapping[str, Any]  # {"paths": [...]} or {"data": file, "cluster_id": id}
    articles: tuple[GoldArticle, ...]
    facts: tuple[GoldFact, ...]
    conflicts: tuple[GoldConflict, ...] = ()
    no_fact: frozenset[Unit] = frozenset()


def article_of(unit: Unit) -> str:
    return unit.split(":", 1)[0]


def units_of(article: Article) -> list[Unit]:
    """The article's alignable units: non-empty sentences, and the headline when it is not
    already the first sentence (dev clusters keep headlines apart from the body)."""
    units = [f"{article.id}:{s.index}" for s in article.sentences if s.text.strip()]
    if article.title and not article.headline_opens_text:
        units.insert(0, f"{article.id}:{TITLE}")
    return units


def unit_text(article: Article, unit: Unit) -> str:
    part = unit.split(":", 1)[1]
    if part == TITLE:
        return article.title or ""
    return article.sentences[int(part)].text


def fingerprint(article: Article) -> str:
    """Hash of the title and the sentence split, so a gold made on other text is noticed."""
    text = "\n".join([article.title or "", *(s.text for s in article.sentences)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------------------------- loading


def load_gold(path: str | Path) -> list[GoldCluster]:
    file = Path(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        return [_cluster(c) for c in data["clusters"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{file}: not a gold alignment file ({exc})") from exc


def _cluster(c: Mapping[str, Any]) -> GoldCluster:
    return GoldCluster(
        id=str(c["id"]),
        source=dict(c["source"]),
        articles=tuple(
            GoldArticle(
                id=a["id"],
                sentences=int(a["sentences"]),
                title_unit=bool(a["title_unit"]),
                sha256=a["sha256"],
                source=a.get("source"),
            )
            for a in c["articles"]
        ),
        facts=tuple(
            GoldFact(f["id"], f["fact"], frozenset(f["full"]), frozenset(f.get("partial", [])))
            for f in c["facts"]
        ),
        conflicts=tuple(
            GoldConflict(
                kind=d["kind"],
                subject=d["subject"],
                facts=tuple(d["facts"]),
                versions=tuple((v["value"], frozenset(v["units"])) for v in d["versions"]),
            )
            for d in c.get("conflicts", [])
        ),
        no_fact=frozenset(c.get("no_fact", [])),
    )


def cluster_articles(cluster: GoldCluster, *, root: Path, data_dir: Path) -> list[Article]:
    """The cluster's articles as the tool loads them: `root`-relative paths (the seeds) or a
    cluster of a data file in `data_dir`."""
    if "paths" in cluster.source:
        return list(load_articles([root / p for p in cluster.source["paths"]]).articles)
    wanted = str(cluster.source["cluster_id"])
    for c in read_clusters(data_dir / str(cluster.source["data"])):
        if c.cluster_id == wanted:
            return c.articles
    raise InputError(f"{cluster.source['data']}: no cluster {wanted}")


def problems(cluster: GoldCluster, articles: Sequence[Article]) -> list[str]:
    """Why the gold does not fit these articles (empty when it is well-formed)."""
    out: list[str] = []
    by_id = {a.id: a for a in articles}
    if [a.id for a in cluster.articles] != [a.id for a in articles]:
        out.append(f"{cluster.id}: articles {[a.id for a in articles]} != gold's")
    valid: set[Unit] = set()
    for g in cluster.articles:
        a = by_id.get(g.id)
        if a is None:
            continue
        if g.source and Path(a.source).name != g.source:
            out.append(f"{cluster.id} {g.id}: source {a.source} is not {g.source}")
        if len(a.sentences) != g.sentences or fingerprint(a) != g.sha256:
            out.append(f"{cluster.id} {g.id}: text or sentence split changed since annotation")
        units = units_of(a)
        if (f"{a.id}:{TITLE}" in units) != g.title_unit:
            out.append(f"{cluster.id} {g.id}: title unit mismatch")
        valid.update(units)
    ids = [f.id for f in cluster.facts]
    if len(set(ids)) != len(ids):
        out.append(f"{cluster.id}: duplicate fact ids")
    for f in cluster.facts:
        if not f.full:
            out.append(f"{cluster.id} {f.id}: no sentence carries it in full")
        if f.full & f.partial:
            out.append(f"{cluster.id} {f.id}: a unit is both full and partial")
        out += [f"{cluster.id} {f.id}: unknown unit {u}" for u in sorted(f.units - valid)]
    covered = {u for f in cluster.facts for u in f.units} | cluster.no_fact
    out += [
        f"{cluster.id}: unit {u} is in no fact and not in no_fact" for u in sorted(valid - covered)
    ]
    out += [f"{cluster.id}: no_fact unit {u} is unknown" for u in sorted(cluster.no_fact - valid)]
    for d in cluster.conflicts:
        for fid in d.facts:
            if fid not in ids:
                out.append(f"{cluster.id}: conflict names unknown fact {fid}")
        for _, members in d.versions:
            out += [f"{cluster.id}: conflict unit {u} is unknown" for u in sorted(members - valid)]
    return out


# ------------------------------------------------------------------------------ predictions


@dataclass
class Prediction:
    """What an aligner says: same-fact unit pairs, "only A reports X", "B leaves out X"."""

    same: set[frozenset[Unit]] = field(default_factory=set)
    single_source: list[tuple[str, frozenset[Unit]]] = field(default_factory=list)
    omissions: list[tuple[str, frozenset[Unit]]] = field(default_factory=list)


def cross_pairs(units: Iterable[Unit]) -> set[frozenset[Unit]]:
    return {
        frozenset((u, v))
        for u, v in combinations(sorted(set(units)), 2)
        if article_of(u) != article_of(v)
    }


def omission_support(article_ids: Sequence[str]) -> int:
    """As the briefing: at least half the articles, and at least two (brief.briefing)."""
    return max(2, (len(article_ids) + 1) // 2)


def unit_id(article_id: str, sentence_index: int) -> Unit:
    """The gold's name for a sentence ("A1:3"); align_articles' headline units (index -1) are
    "A1:title"."""
    return f"{article_id}:{TITLE if sentence_index < 0 else sentence_index}"


def from_alignment(alignment: Alignment, article_ids: Sequence[str]) -> Prediction:
    """Today's `align()` output as a prediction: each claim stands for its evidence sentence;
    a cluster's members are pairwise "same"; a one-source cluster is "only A"; omissions as
    the briefing shows them."""

    def units(cluster_members: Iterable[Any]) -> frozenset[Unit]:
        return frozenset(unit_id(m.article_id, m.sentence.index) for m in cluster_members)

    pred = Prediction()
    for c in alignment.clusters:
        pred.same |= cross_pairs(units(c.members))
    for c in alignment.single_source():
        pred.single_source.append((c.sources[0], units(c.members)))
    for aid, missing in alignment.omissions(article_ids, omission_support(article_ids)).items():
        pred.omissions += [(aid, units(c.members)) for c in missing]
    return pred


# ---------------------------------------------------------------------------------- scoring


@dataclass
class Counts:
    """Sums over clusters; rates are computed from these so clusters add up (micro average)."""

    gold_same: int = 0
    gold_partial: int = 0
    predicted: int = 0
    true_pairs: int = 0
    false_pairs: int = 0
    partial_pairs: int = 0
    conflict_pairs: int = 0
    conflict_found: int = 0
    single_items: int = 0
    single_false: int = 0
    single_touched: int = 0
    single_unscored: int = 0
    omission_items: int = 0
    omission_unscored: int = 0
    omission_false: int = 0
    omission_touched: int = 0
    gold_single_facts: int = 0
    gold_single_found: int = 0
    gold_shared_facts: int = 0
    gold_shared_found: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def rates(self) -> dict[str, float | None]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "pair_precision": ratio(self.true_pairs, self.true_pairs + self.false_pairs),
            "pair_recall": ratio(self.true_pairs, self.gold_same),
            "false_single_source_rate": ratio(
                self.single_false, self.single_items - self.single_unscored
            ),
            # listed as single-source though the gold says it states no fact (a subheading)
            "no_fact_single_source_rate": ratio(self.single_unscored, self.single_items),
            "false_omission_rate": ratio(
                self.omission_false, self.omission_items - self.omission_unscored
            ),
            "single_source_fact_recall": ratio(self.gold_single_found, self.gold_single_facts),
            "conflict_pair_recall": ratio(self.conflict_found, self.conflict_pairs),
            "shared_fact_recall": ratio(self.gold_shared_found, self.gold_shared_facts),
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self.rates(), "counts": {k: getattr(self, k) for k in self.__dataclass_fields__}}


class GoldIndex:
    """Per-unit facts of one gold cluster, and its same / partial pairs."""

    def __init__(self, cluster: GoldCluster) -> None:
        self.cluster = cluster
        self.full: dict[Unit, set[str]] = {}
        self.any: dict[Unit, set[str]] = {}
        self.full_articles: dict[str, set[str]] = {}
        self.any_articles: dict[str, set[str]] = {}
        self.same: set[frozenset[Unit]] = set()
        touching: set[frozenset[Unit]] = set()
        for f in cluster.facts:
            for u in f.full:
                self.full.setdefault(u, set()).add(f.id)
            for u in f.units:
                self.any.setdefault(u, set()).add(f.id)
            self.full_articles[f.id] = {article_of(u) for u in f.full}
            self.any_articles[f.id] = {article_of(u) for u in f.units}
            self.same |= cross_pairs(f.full)
            touching |= cross_pairs(f.units)
        self.partial = touching - self.same
        self.conflicting: set[frozenset[Unit]] = set()
        for d in cluster.conflicts:
            for (_, a), (_, b) in combinations(d.versions, 2):
                self.conflicting |= {frozenset((u, v)) for u in a for v in b} & self.same

    def pair_kind(self, pair: frozenset[Unit]) -> str:
        if pair in self.same:
            return "same"
        return "partial" if pair in self.partial else "different"

    def facts_of(self, units: Iterable[Unit]) -> set[str]:
        units = list(units)
        full = {f for u in units for f in self.full.get(u, ())}
        return full or {f for u in units for f in self.any.get(u, ())}

    def single_source_facts(self) -> dict[str, str]:
        """fact id -> the one article carrying it, for facts no other article even touches."""
        return {
            f.id: next(iter(self.full_articles[f.id]))
            for f in self.cluster.facts
            if len(self.any_articles[f.id]) == 1
        }


def single_source_found(g: GoldIndex, pred: Prediction) -> set[str]:
    """The gold's single-source facts a prediction lists "only A" for, with the right A."""
    singles = g.single_source_facts()
    return {
        f
        for aid, units in pred.single_source
        for u in units
        for f in g.full.get(u, ())
        if singles.get(f) == aid
    }


def score(cluster: GoldCluster, pred: Prediction) -> Counts:
    g = GoldIndex(cluster)
    n = Counts(
        gold_same=len(g.same), gold_partial=len(g.partial), conflict_pairs=len(g.conflicting)
    )
    for pair in pred.same:
        n.predicted += 1
        kind = g.pair_kind(pair)
        n.true_pairs += kind == "same"
        n.false_pairs += kind == "different"
        n.partial_pairs += kind == "partial"
    n.conflict_found = len(g.conflicting & pred.same)
    for aid, units in pred.single_source:
        n.single_items += 1
        facts = g.facts_of(units)
        if not facts:
            n.single_unscored += 1
        elif all(g.full_articles[f] - {aid} for f in facts):
            n.single_false += 1
        elif all(g.any_articles[f] - {aid} for f in facts):
            n.single_touched += 1
    for aid, units in pred.omissions:
        facts = {f for u in units for f in g.full.get(u, ())}
        n.omission_items += 1
        if not facts:
            n.omission_unscored += 1
        elif any(aid in g.full_articles[f] for f in facts):
            n.omission_false += 1
        elif any(aid in g.any_articles[f] for f in facts):
            n.omission_touched += 1
    n.gold_single_facts = len(g.single_source_facts())
    n.gold_single_found = len(single_source_found(g, pred))
    # A shared fact is found when at least one pair of its full carriers is predicted "same".
    shared = [cross_pairs(f.full) for f in cluster.facts if len(g.full_articles[f.id]) >= 2]
    n.gold_shared_facts = len(shared)
    n.gold_shared_found = sum(bool(pairs & pred.same) for pairs in shared)
    return n


def score_all(clusters: Sequence[GoldCluster], preds: Mapping[str, Prediction]) -> Counts:
    total = Counts()
    for c in clusters:
        total.add(score(c, preds[c.id]))
    return total
