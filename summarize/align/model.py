"""What alignment returns: clusters of claims (same fact) and conflicts (differing values)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from summarize.articles import Sentence
from summarize.verify import CheckedClaim

ConflictKind = Literal["number", "date", "title", "quote"]


@dataclass(frozen=True)
class ClaimRef:
    """One article's claim with its verified evidence sentence (`claim.sentence` is never None)."""

    article_id: str
    claim: CheckedClaim

    @property
    def sentence(self) -> Sentence:
        assert self.claim.sentence is not None  # align() only builds refs of verified claims
        return self.claim.sentence


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


@dataclass
class Alignment:
    clusters: list[ClaimCluster]  # every verified claim in exactly one cluster
    conflicts: list[Conflict]
    candidate_pairs: int  # pairs proposed by the cheap score
    judged_pairs: int  # pairs sent to the judge
    # duplicate id -> canonical id, so omissions() can answer for a wire copy too
    canonical: dict[str, str] = field(default_factory=dict)

    def shared(self, min_support: int = 2) -> list[ClaimCluster]:
        return [c for c in self.clusters if c.support >= min_support]

    def single_source(self) -> list[ClaimCluster]:
        return [c for c in self.clusters if c.support == 1]

    def omissions(
        self, article_ids: Sequence[str], min_support: int
    ) -> dict[str, list[ClaimCluster]]:
        """Per article: clusters carried by >= `min_support` sources that it does not carry."""
        wide = self.shared(min_support)
        out: dict[str, list[ClaimCluster]] = {}
        for aid in article_ids:
            own = self.canonical.get(aid, aid)
            out[aid] = [c for c in wide if own not in c.sources]
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "clusters": [c.to_dict() for c in self.clusters],
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
    return {"sentence": s.index + 1, "text": s.text, "start": s.start, "end": s.end}
