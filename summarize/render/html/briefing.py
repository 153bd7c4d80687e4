"""The briefing page's context, section by section in the Markdown briefing's order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from summarize.align import ClaimCluster
from summarize.brief.consensus import fact_text
from summarize.brief.model import Briefing
from summarize.render.html import view
from summarize.render.html.view import Chip, Evidence


@dataclass(frozen=True)
class Cited:
    text: str
    chips: tuple[Chip, ...]


@dataclass(frozen=True)
class Fact:
    id: str
    text: str
    chips: tuple[Chip, ...]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class VersionView:
    value: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class ConflictView:
    id: str
    kind: str
    subject: str
    versions: tuple[VersionView, ...]


@dataclass(frozen=True)
class OwnClaims:
    article_id: str
    label: str
    claims: tuple[tuple[str, Evidence], ...]


@dataclass(frozen=True)
class Omission:
    article_id: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Statement:
    article_id: str
    label: str
    text: str
    chip: Chip
    measured: tuple[str, ...]  # the measured statements about this article the model was given


def _fact(c: ClaimCluster, b: Briefing) -> Fact:
    chips = view.cite([c], c.sources, b.canonical)
    return Fact(c.id, fact_text(c), tuple(chips), tuple(view.evidence(c)))


def context(b: Briefing) -> dict[str, Any]:
    first = b.articles[0]
    labels = {a.id: a.label for a in b.articles}
    facts = {c.id: c for c in b.shared_facts()}
    consensus = [
        Cited(
            s.text,
            tuple(view.cite([facts[f] for f in s.facts if f in facts], s.sources, b.canonical)),
        )
        for s in b.consensus
    ]
    conflicts = [
        ConflictView(
            c.id,
            c.kind,
            c.subject,
            tuple(
                VersionView(
                    v.value,
                    tuple(
                        Evidence(view.chip(aid, s, short=False), s.text)
                        for aid, s in zip(v.article_ids, v.evidence, strict=False)
                    ),
                )
                for v in c.versions
            ),
        )
        for c in (b.alignment.conflicts if b.alignment else [])
    ]
    singles = b.single_source()
    own = []
    for aid in b.article_ids:
        claims = tuple(
            (c.members[0].claim.text, view.evidence(c)[0])
            for c in singles
            if c.members[0].article_id == aid
        )
        if claims:
            own.append(OwnClaims(aid, labels[aid], claims))
    omissions = [
        Omission(aid, tuple(_fact(c, b) for c in missing))
        for aid, missing in b.omissions().items()
        if missing
    ]
    framing = view.framing_context(b.articles, b.framing_table)
    statements = [
        Statement(
            f.article_id,
            labels.get(f.article_id, f.article_id),
            f.text,
            view.chip(f.article_id, None),
            tuple(x for x in framing["facts"] if x.startswith(f"{f.article_id} (")),
        )
        for f in b.framing_narrative
    ]
    p = b.provenance
    return {
        "title": f"Briefing: {first.title or first.label}",
        "heading": first.title or first.label,
        "b": b,
        "n": len(b.articles),
        "calls": p.get("calls", 0),
        "wall": p.get("wall_seconds", 0),
        "sources": view.sources(b),
        "consensus": consensus,
        "consensus_failure": next((f for f in b.failures if f.stage == "consensus"), None),
        "shared": [_fact(c, b) for c in b.shared_facts()],
        "matrix": view.matrix(b),
        "matrix_articles": [(a.id, a.label) for a in b.articles],
        "conflicts": conflicts,
        "own": own,
        "omissions": omissions,
        "omission_support": b.omission_support,
        "statements": statements,
        "framing_failures": [f for f in b.failures if f.stage == "framing"],
        "framing": framing,
        "rejected": b.rejected,
        "provenance": p,
        "backend": p.get("backend", {}),
        "templates": sorted(p.get("templates", {}).items()),
        "verification": [(k.replace("_", " "), n) for k, n in b.verification().items()],
        "articles": view.article_views(b.articles, framing["measures"], view.cited_sentences(b)),
    }
