"""What alignment returns: clusters of claims (same fact) and conflicts (differing values)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from summarize.articles import Article, Sentence
from summarize.settings import current
from summarize.text.headings import is_fragment, is_subheading
from summarize.verify import CheckedClaim

ConflictKind = Literal["number", "date", "title", "quote"]
PresenceStatus = Literal["carries", "touches", "absent"]
# What the who-reports-what matrix says of one fact in one article (`Alignment.decide`).
CellStatus = Literal["carries", "unclear", "not_reported"]


class QuoteRecord(Protocol):
    """A direct quote as alignment reads it (`digest.QuoteItem`, `text.quote_rules.Quote`)."""

    @property
    def text(self) -> str: ...
    @property
    def speaker(self) -> str | None: ...
    @property
    def sentence_index(self) -> int: ...


class ArticleDigest(Protocol):
    """What alignment reads of a digest (`summarize.digest.Digest`): the article, its checked
    claims and its direct quotes. A protocol, so `align` does not import the digest (and with
    it the model session): the layers run one way."""

    @property
    def article(self) -> Article: ...
    @property
    def claims(self) -> Sequence[CheckedClaim]: ...
    @property
    def quotes(self) -> Sequence[QuoteRecord]: ...


@dataclass(frozen=True)
class ClaimRef:
    """One article's claim with its verified evidence sentence (`claim.sentence` is never None)."""

    article_id: str
    claim: CheckedClaim
    # what the unit is (align_articles): a body sentence, the headline, a clause, a model claim
    kind: str = "claim"

    @property
    def sentence(self) -> Sentence:
        assert self.claim.sentence is not None  # alignment only builds refs of verified claims
        return self.claim.sentence


def _states_no_fact(c: ClaimCluster) -> bool:
    """Is every member of the cluster a body subheading or a fragment ("As opposed...", "Dr."),
    never listed as a single-source fact?"""
    return all(
        m.kind != "title" and (is_subheading(m.sentence.text) or is_fragment(m.sentence.text))
        for m in c.members
    )


@dataclass
class ClaimCluster:
    id: str  # "F1", "F2", ...: by support desc, then first article/sentence
    members: list[ClaimRef]
    sources: list[str]  # canonical article ids carrying it, in article order

    @property
    def support(self) -> int:
        return len(self.sources)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "support": self.support,
            "sources": list(self.sources),
            "members": [
                {
                    "article": m.article_id,
                    "claim": m.claim.text,
                    **({"unit": m.kind} if m.kind != "claim" else {}),
                    "evidence": _sentence_dict(m.sentence),
                }
                for m in self.members
            ],
        }


@dataclass(frozen=True)
class Version:
    value: str  # the differing part as written: "26 countries", "Prime Minister", a quote
    article_ids: tuple[str, ...]
    evidence: tuple[Sentence, ...]  # one sentence per article id, exact text and offsets

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "articles": list(self.article_ids),
            "evidence": [_sentence_dict(s) for s in self.evidence],
        }


@dataclass
class Conflict:
    id: str  # "D1", ...
    kind: ConflictKind
    subject: str  # "countries had agreed to offer", "Donald Trump's title", "Putin's quote"
    versions: list[Version]  # at least two, differing

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "subject": self.subject,
            "versions": [v.to_dict() for v in self.versions],
        }


@dataclass(frozen=True)
class Decision:
    """One cell of the matrix: the article carries the fact (in `sentence`), does not report it
    (nothing of it comes close on the generous bar), or it is unclear (something comes close,
    not close enough to say it carries it: `sentence` is the closest). `how` says why it
    carries: "aligned" (a source on the precise bar), "copy" (a near-duplicate of a source),
    "near" (its closest unit reaches align.carry_bar)."""

    status: CellStatus
    sentence: Sentence | None = None
    score: float = 0.0
    how: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "score": round(self.score, 3)}
        if self.how:
            out["how"] = self.how
        if self.sentence is not None:
            out["evidence"] = _sentence_dict(self.sentence)
        return out


@dataclass(frozen=True)
class Presence:
    """Whether an article reports a fact (a cluster), decided on the generous bar.

    carries: the article is one of the cluster's sources (`sentence`: its first member);
    touches: not a source, but its best unit clears the generous bar (`sentence`, `score`);
    absent: no unit of the article comes close — the only status that licenses "only A" and
    "B leaves it out"."""

    status: PresenceStatus
    sentence: Sentence | None = None
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "score": round(self.score, 3)}
        if self.sentence is not None:
            out["evidence"] = _sentence_dict(self.sentence)
        return out


class PresenceSource(Protocol):
    """Best generous-bar match of a cluster in each article that has one (align_articles)."""

    def near(
        self, cluster: ClaimCluster, *, own: bool = False
    ) -> Mapping[str, tuple[float, Sentence]]: ...


@dataclass
class Alignment:
    clusters: list[
        ClaimCluster
    ]  # every unit (verified claim, sentence, ...) in exactly one cluster
    conflicts: list[Conflict]
    candidate_pairs: int  # pairs proposed by the cheap score
    judged_pairs: int  # pairs sent to the judge
    # duplicate id -> canonical id, so omissions() can answer for a wire copy too
    canonical: dict[str, str] = field(default_factory=dict)
    # align_articles: the articles in order and the generous bar; None for an alignment built
    # by hand, where a fact is "absent" wherever it has no member
    article_ids: list[str] = field(default_factory=list)
    nearness: PresenceSource | None = None
    _by_id: dict[str, ClaimCluster] = field(default_factory=dict, repr=False, compare=False)

    def shared(self, min_support: int = 2) -> list[ClaimCluster]:
        return [c for c in self.clusters if c.support >= min_support]

    def cluster(self, cluster_id: str) -> ClaimCluster:
        if len(self._by_id) != len(self.clusters):
            self._by_id = {c.id: c for c in self.clusters}
        return self._by_id[cluster_id]

    def presence(self, cluster_id: str | ClaimCluster, article_id: str) -> Presence:
        """carries / touches / absent for one fact and one article (a wire copy answers as its
        canonical article)."""
        c = cluster_id if isinstance(cluster_id, ClaimCluster) else self.cluster(cluster_id)
        own = self.canonical.get(article_id, article_id)
        if own in c.sources:
            first = next(
                (
                    m.sentence
                    for m in c.members
                    if self.canonical.get(m.article_id, m.article_id) == own
                ),
                None,
            )
            return Presence("carries", first, 1.0)
        if self.nearness is None:
            return Presence("absent")
        near = self.nearness.near(c)
        best = max(
            (near[a] for a in (article_id, own) if a in near), key=lambda x: x[0], default=None
        )
        if best is None:
            return Presence("absent")
        return Presence("touches", best[1], best[0])

    def decide(self, cluster: ClaimCluster, article_id: str) -> Decision:
        """carries / unclear / not_reported for one fact and one article (see `Decision`)."""
        own = self.canonical.get(article_id, article_id)
        p = self.presence(cluster, article_id)
        if p.status == "carries":
            return Decision("carries", p.sentence, 1.0, "aligned" if own == article_id else "copy")
        if p.status == "absent":
            # without the generous bar no article was searched: no evidence of absence
            return Decision("not_reported" if self.nearness is not None else "unclear")
        assert self.nearness is not None  # "touches" is only found through it
        own_best = self.nearness.near(cluster, own=True).get(article_id)
        if own_best is not None and own_best[0] >= current().align.carry_bar:
            return Decision("carries", own_best[1], own_best[0], "near")
        return Decision("unclear", p.sentence, p.score)

    def single_source(self) -> list[ClaimCluster]:
        """Facts one source carries and every other distinct article is "absent" from (without
        the generous bar: every one-source cluster)."""
        ones = [c for c in self.clusters if c.support == 1]
        if self.nearness is None:
            return ones
        ones = [c for c in ones if not _states_no_fact(c)]
        nearness = self.nearness
        # absent everywhere else = no other article (as its canonical) within the generous bar
        return [
            c for c in ones if all(self.canonical.get(a, a) in c.sources for a in nearness.near(c))
        ]

    def touched(self, min_support: int = 1) -> dict[str, list[tuple[ClaimCluster, Presence]]]:
        """Per article: facts with >= `min_support` sources that it touches but does not carry."""
        out: dict[str, list[tuple[ClaimCluster, Presence]]] = {}
        for aid in self.article_ids:
            out[aid] = []
            for c in self.shared(min_support):
                p = self.presence(c, aid)
                if p.status == "touches":
                    out[aid].append((c, p))
        return out

    def omissions(
        self, article_ids: Sequence[str], min_support: int
    ) -> dict[str, list[ClaimCluster]]:
        """Per article: clusters carried by >= `min_support` sources that it is "absent" from
        (a fact it touches is not an omission)."""
        wide = self.shared(min_support)
        out: dict[str, list[ClaimCluster]] = {}
        for aid in article_ids:
            out[aid] = [c for c in wide if self.presence(c, aid).status == "absent"]
        return out

    def to_dict(self) -> dict[str, Any]:
        clusters = []
        for c in self.clusters:
            d = c.to_dict()
            if self.article_ids:
                # carries and touches per article; an article not listed is absent
                d["presence"] = {
                    aid: p.to_dict()
                    for aid in self.article_ids
                    if (p := self.presence(c, aid)).status != "absent"
                }
            clusters.append(d)
        return {
            **({"articles": list(self.article_ids)} if self.article_ids else {}),
            "clusters": clusters,
            "conflicts": [c.to_dict() for c in self.conflicts],
            "counts": {
                "clusters": len(self.clusters),
                "shared": len(self.shared()),
                "single_source": len(self.single_source()),
                "conflicts": len(self.conflicts),
                "candidate_pairs": self.candidate_pairs,
                "judged_pairs": self.judged_pairs,
            },
            "duplicates": dict(sorted(self.canonical.items())),
        }


def _sentence_dict(s: Sentence) -> dict[str, Any]:
    out: dict[str, Any] = {"sentence": s.index + 1, "text": s.text, "start": s.start, "end": s.end}
    if s.index < 0:  # the headline (align_articles' title unit): "sentence" 0
        out["headline"] = True
    return out
