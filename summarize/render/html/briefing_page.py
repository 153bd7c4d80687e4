"""The briefing page's context, section by section in the Markdown briefing's order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from summarize.align import ClaimCluster
from summarize.brief.briefing import Briefing, CitedSentence
from summarize.render.html import view
from summarize.render.html.view import Chip, Evidence


@dataclass(frozen=True)
class Cited:
    text: str
    chips: tuple[Chip, ...]
    # the statement is this evidence sentence verbatim (shown as a quote, whose words it is)
    verbatim: Chip | None = None


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
class NamedOnly:
    """Names and numbers only this article mentions, with the sentence that has them."""

    article_id: str
    label: str
    items: tuple[tuple[tuple[str, ...], Evidence], ...]


@dataclass(frozen=True)
class Omission:
    article_id: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Touched:
    """A widely carried fact an article comes close to without carrying it: never "left out"."""

    article_id: str
    fact: Fact
    evidence: Evidence | None  # the article's closest sentence


@dataclass(frozen=True)
class Statement:
    article_id: str
    label: str
    text: str
    chip: Chip
    measured: tuple[str, ...]  # the measured statements about this article the model was given
    contrasts: tuple[str, ...]  # ids of the computed contrasts it rests on (anchors on the page)
    source: str  # "model", or "code" (the contrasts as the code wrote them)


def title(b: Briefing) -> str:
    """As the Markdown's title: the story's checked headline; without one, the only article's
    headline, else a count (never one outlet's headline presented as the story's)."""
    if b.headline is not None:
        return b.headline.text
    if len(b.articles) == 1:
        return b.articles[0].title or b.articles[0].label
    return f"{len(b.articles)} articles"


def _fact(c: ClaimCluster, b: Briefing) -> Fact:
    chips = view.cite([c], c.sources, b.canonical)
    return Fact(c.id, b.fact_text(c), tuple(chips), tuple(view.evidence(c)))


def _cited(s: CitedSentence, facts: dict[str, ClaimCluster], b: Briefing) -> Cited:
    chips = tuple(view.cite([facts[f] for f in s.facts if f in facts], s.sources, b.canonical))
    if s.verbatim_from is None:
        return Cited(s.text, chips)
    aid, index = s.verbatim_from
    return Cited(s.text, chips, view.chip_at(aid, index, short=False))


def _touched(b: Briefing) -> list[Touched]:
    by_id = {a.id: a for a in b.articles}
    out = []
    for aid, items in b.touched().items():
        canonical = by_id.get(b.canonical.get(aid, aid))
        for c, p in items:
            e = None
            if p.sentence is not None:
                owner = view.sentence_owner(p.sentence, by_id[aid], canonical)
                e = Evidence(view.chip(owner, p.sentence, short=False), p.sentence.text)
            out.append(Touched(aid, _fact(c, b), e))
    return out


def _headline_chip(b: Briefing) -> Chip | None:
    """The headline's place: its article's title (anchor S0), or its lead sentence (S1)."""
    h = b.headline
    if h is None:
        return None
    return view.chip_at(h.article_id, -1 if h.kind == "title" else 0, short=False)


def context(b: Briefing) -> dict[str, Any]:
    labels = {a.id: a.label for a in b.articles}
    facts = {c.id: c for c in b.shared_facts()}
    consensus = [_cited(s, facts, b) for s in b.consensus]
    story = [_cited(s, facts, b) for s in b.what_happened]
    matrix = view.matrix(b)
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
    named = [
        NamedOnly(
            aid,
            labels[aid],
            tuple(
                (d.terms, Evidence(view.chip(aid, d.sentence, short=False), d.sentence.text))
                for d in found
            ),
        )
        for aid, found in b.named_only_in().items()
    ]
    omissions = [
        Omission(aid, tuple(_fact(c, b) for c in missing))
        for aid, missing in b.omissions().items()
        if missing
    ]
    framing = view.framing_context(b.articles, b.framing)
    shown = {c.id for o in framing["contrasts"] for c in o.items}  # anchors on the page
    statements = [
        Statement(
            f.article_id,
            labels.get(f.article_id, f.article_id),
            f.text,
            view.chip(f.article_id, None),
            tuple(x for x in framing["facts"] if x.startswith(f"{f.article_id} (")),
            tuple(x for x in f.contrasts if x in shown),
            f.source,
        )
        for f in b.framing_narrative
    ]
    p = b.provenance
    return {
        "title": f"Briefing: {title(b)}",
        "heading": title(b),
        "b": b,
        "n": len(b.articles),
        "calls": p.get("calls", 0),
        "wall": p.get("wall_seconds", 0),
        "sources": view.sources(b),
        "consensus": consensus,
        "story": story,
        "consensus_failure": next((f for f in b.failures if f.stage == "consensus"), None),
        "shared": [_fact(c, b) for c in b.shared_facts()],
        "matrix": [r for r in matrix if r.shown],
        "matrix_more": [r for r in matrix if not r.shown],
        "matrix_searched": b.alignment is not None and b.alignment.nearness is not None,
        "headline_chip": _headline_chip(b),
        "matrix_articles": [(a.id, a.label) for a in b.articles],
        "conflicts": conflicts,
        "own": own,
        "named": named,
        "omissions": omissions,
        "touched": _touched(b),
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
