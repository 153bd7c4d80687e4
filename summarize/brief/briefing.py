"""What a briefing holds. Everything shown as verified carries the evidence that verified it;
everything that failed a check is kept apart with its reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from summarize.align import Alignment, ClaimCluster, Presence
from summarize.align.details import Detail
from summarize.articles import Article
from summarize.brief.matrix import FactRow
from summarize.digest import Digest
from summarize.framing import FramingComparison

SCHEMA_ID = "summarize/briefing/v3"


@dataclass(frozen=True)
class CitedSentence:
    text: str
    facts: tuple[str, ...]  # cluster ids ("F1") the sentence states
    sources: tuple[str, ...]  # article ids carrying those facts
    support: float  # share of the sentence's content words found in the cited facts
    # (article id, sentence index) when the statement is that article's sentence verbatim (the
    # model's prose for the fact failed its check or was not written); None for model prose
    verbatim_from: tuple[str, int] | None = None


@dataclass(frozen=True)
class Headline:
    """The story's headline: an article's own headline (or lead sentence) that the consensus
    facts' evidence carries, so the title states nothing the outlets do not agree on."""

    text: str
    article_id: str
    kind: str  # "title" | "lead"
    support: float


@dataclass(frozen=True)
class Rejected:
    """Model output that failed a check: shown only in the clearly labelled unverified list."""

    section: str  # "consensus" | "framing" | "claim" | "actor"
    text: str
    reason: str
    article_id: str | None = None


@dataclass(frozen=True)
class Failure:
    """A part of the briefing the backend could not produce: the rest is briefed without it."""

    stage: str  # "digest" (one article) | "consensus" | "framing"
    reason: str
    article_id: str | None = None  # the article whose digest failed
    source: str | None = None  # its file

    def __str__(self) -> str:
        if self.stage == "digest":
            return f"{self.article_id} ({self.source}) not briefed: {self.reason}"
        fallback = {
            "consensus": "the agreed facts are listed instead of the narrative",
            "framing": "the measured framing table is shown without the model's comparison",
        }[self.stage]
        return f"{self.stage} call failed ({self.reason}); {fallback}"


@dataclass(frozen=True)
class OutletFraming:
    article_id: str
    text: str
    contrasts: tuple[str, ...] = ()  # ids of the computed contrasts it rests on ("A1.2")
    source: str = "model"  # "model", or "code": the strongest contrasts as the code wrote them


@dataclass(frozen=True)
class Findings:
    """What the alignment says about the briefed articles, worked out before any output is
    written (brief/findings.py `find`)."""

    shared: tuple[ClaimCluster, ...]  # carried by >= min_support distinct articles
    single_source: tuple[ClaimCluster, ...]  # one source, every other article "absent"
    # per article, sentences with names or numbers no other briefed article mentions; a sentence
    # already listed as single-source is not repeated (align/details.py)
    named_only_in: dict[str, list[Detail]]
    omission_support: int  # "widely carried": half the distinct articles, and the consensus bar
    omissions: dict[str, list[ClaimCluster]]  # widely carried facts an article is "absent" from
    # widely carried facts an article touches on without carrying them, with its closest sentence
    touched: dict[str, list[tuple[ClaimCluster, Presence]]]
    fact_texts: dict[str, str]  # fact id -> how it is named in lists (consensus.fact_text)
    # fact id -> where each article stands on it, for the shared and single-source facts (an
    # article not listed is "absent")
    presence: dict[str, dict[str, Presence]]


@dataclass(frozen=True)
class Briefing:
    """A finished briefing: every value the outputs show was computed before it was made
    (brief/pipeline.py); the renderers in `summarize.render` only format it."""

    articles: list[Article]  # the briefed articles (a digest each); failed ones are in `failures`
    digests: list[Digest]
    alignment: Alignment | None
    min_support: int
    consensus: list[CitedSentence]
    consensus_fallback: bool  # True: the narrative failed its checks or its call; facts listed
    framing_narrative: list[OutletFraming]
    framing: FramingComparison | None  # the measures and contrasts (no model)
    rejected: list[Rejected]
    duplicates: list[dict[str, Any]]
    canonical: dict[str, str]  # near-duplicate article id -> the id it counts as
    problems: list[str]
    findings: Findings  # what the alignment says about the articles (brief/findings.py `find`)
    provenance: dict[str, Any] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    headline: Headline | None = None  # the story's headline, checked against the consensus
    # "What happened": the articles' own most telling sentences, cited (brief/what_happened.py)
    what_happened: list[CitedSentence] = field(default_factory=list)
    # who reports what: distinct facts × articles, each cell decided (brief/matrix.py)
    matrix: list[FactRow] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        """Some part failed at the backend: the briefing is written, but not whole."""
        return bool(self.failures)

    @property
    def failed_articles(self) -> list[Failure]:
        return [f for f in self.failures if f.stage == "digest"]

    @property
    def article_ids(self) -> list[str]:
        return [a.id for a in self.articles]

    def shared_facts(self) -> list[ClaimCluster]:
        return list(self.findings.shared)

    def single_source(self) -> list[ClaimCluster]:
        return list(self.findings.single_source)

    def named_only_in(self) -> dict[str, list[Detail]]:
        return self.findings.named_only_in

    @property
    def omission_support(self) -> int:
        return self.findings.omission_support

    def omissions(self) -> dict[str, list[ClaimCluster]]:
        return self.findings.omissions

    def touched(self) -> dict[str, list[tuple[ClaimCluster, Presence]]]:
        return self.findings.touched

    def fact_text(self, cluster: ClaimCluster) -> str:
        """How a fact is named in lists (brief/consensus.py `fact_text`, computed in findings)."""
        return self.findings.fact_texts[cluster.id]

    def _fact_dict(self, c: ClaimCluster) -> dict[str, Any]:
        """A fact with where each article stands on it (an article not listed is "absent")."""
        data = c.to_dict()
        if self.alignment is not None:
            data["presence"] = {
                aid: p.to_dict() for aid, p in self.findings.presence.get(c.id, {}).items()
            }
        return data

    def verification(self) -> dict[str, int]:
        claims = [c for d in self.digests for c in d.claims]
        return {
            "claims_verified": sum(c.status == "verified" for c in claims),
            "claims_relocated": sum(c.status == "relocated" for c in claims),
            "claims_unverified": sum(c.status == "unverified" for c in claims),
            "quotes_found_in_text": sum(len(d.quotes) for d in self.digests),
            "actors_dropped": sum(len(d.dropped_actors) for d in self.digests),
            "consensus_sentences_kept": 0 if self.consensus_fallback else len(self.consensus),
            "consensus_facts_listed_instead": len(self.consensus) if self.consensus_fallback else 0,
            "consensus_sentences_rejected": sum(r.section == "consensus" for r in self.rejected),
            "framing_statements_kept": len(self.framing_narrative),
            "framing_statements_rejected": sum(r.section == "framing" for r in self.rejected),
        }

    def to_dict(self) -> dict[str, Any]:
        by_id = {d.article.id: d for d in self.digests}
        data: dict[str, Any] = {
            "schema": SCHEMA_ID,
            "headline": None
            if self.headline is None
            else {
                "text": self.headline.text,
                "article_id": self.headline.article_id,
                "kind": self.headline.kind,
                "support": round(self.headline.support, 3),
            },
            "what_happened": [_cited_dict(s) for s in self.what_happened],
            "sources": [
                {**by_id[a.id].to_dict(), "duplicate_of": self.duplicate_of(a.id)}
                for a in self.articles
            ],
            "consensus": {
                "min_support": self.min_support,
                "threshold_note": _threshold_note(self.min_support, len(self.articles)),
                "fallback": self.consensus_fallback,
                "sentences": [_cited_dict(s) for s in self.consensus],
                "facts": [self._fact_dict(c) for c in self.shared_facts()],
            },
            "matrix": {
                "articles": self.article_ids,
                "shown": sum(r.shown for r in self.matrix),
                "facts": [r.to_dict() for r in self.matrix],
            },
            "disagreements": [
                c.to_dict() for c in (self.alignment.conflicts if self.alignment else [])
            ],
            "single_source": [self._fact_dict(c) for c in self.single_source()],
            "named_only_in": {
                aid: [d.to_dict() for d in found] for aid, found in self.named_only_in().items()
            },
            "omissions": {
                "min_support": self.omission_support,
                "by_article": {k: [c.id for c in v] for k, v in self.omissions().items()},
                "touched": {
                    k: [{"fact": c.id, **p.to_dict()} for c, p in v]
                    for k, v in self.touched().items()
                },
            },
            "framing": {
                "narrative": [
                    {
                        "article_id": f.article_id,
                        "text": f.text,
                        "contrasts": list(f.contrasts),
                        "source": f.source,
                    }
                    for f in self.framing_narrative
                ],
                "measures": None if self.framing is None else self.framing.to_dict(),
            },
            "unverified": [
                {
                    "section": r.section,
                    "text": r.text,
                    "reason": r.reason,
                    "article_id": r.article_id,
                }
                for r in self.rejected
            ],
            "duplicates": self.duplicates,
            "problems": self.problems,
            "provenance": {**self.provenance, "verification": self.verification()},
        }
        if self.failures:  # only then: a whole briefing has no "failures" key
            data["failures"] = [
                {
                    "stage": f.stage,
                    "reason": f.reason,
                    "article_id": f.article_id,
                    "source": f.source,
                }
                for f in self.failures
            ]
        return data

    def duplicate_of(self, article_id: str) -> str | None:
        return self.canonical.get(article_id)


def _cited_dict(s: CitedSentence) -> dict[str, Any]:
    return {
        "text": s.text,
        "facts": list(s.facts),
        "sources": list(s.sources),
        "support": round(s.support, 3),
        "verbatim_from": None
        if s.verbatim_from is None
        else {"article": s.verbatim_from[0], "sentence": s.verbatim_from[1] + 1},
    }


def _threshold_note(min_support: int, n_articles: int) -> str:
    return (
        f"a fact counts as consensus when at least {min_support} of the {n_articles} "
        "articles carry it (near-duplicate articles count once); set with --min-support"
    )
