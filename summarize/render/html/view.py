"""What the briefing page shows, built from the `Briefing`: every citation resolved to the
anchor of the sentence it rests on, and the who-reports-what matrix from the alignment."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from summarize.align import ClaimCluster
from summarize.articles import Article, Sentence
from summarize.brief.consensus import fact_text
from summarize.brief.model import Briefing
from summarize.render.html import framing_view
from summarize.render.html.charts import Chart, rate_charts, voice_charts
from summarize.render.html.links import safe_href
from summarize.render.html.marks import Mark, Paragraph, paragraphs, sentence_anchor


@dataclass(frozen=True)
class Chip:
    label: str  # "A3" or "A3 S5"
    href: str  # "#A3-S5"
    title: str


@dataclass(frozen=True)
class Evidence:
    chip: Chip
    text: str  # the sentence, verbatim


@dataclass(frozen=True)
class Source:
    id: str
    label: str
    title: str | None
    outlet: str | None
    lean: str | None
    published: str | None
    url: str | None
    href: str | None  # only for http(s) URLs
    file: str
    duplicate_of: str | None
    summary: str | None
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Cell:
    state: str  # "carries" | "copy" | "omitted" | "absent"
    text: str
    href: str | None
    label: str  # for screen readers and the title


@dataclass(frozen=True)
class MatrixRow:
    id: str
    text: str
    support: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class ArticleView:
    id: str
    label: str
    title: str | None
    meta: str
    href: str | None
    url: str | None
    paragraphs: tuple[Paragraph, ...]


def chip(article_id: str, sentence: Sentence | None, *, short: bool = True) -> Chip:
    if sentence is None:
        return Chip(article_id, f"#{article_id}", f"{article_id}: the article")
    n = sentence.index + 1
    return Chip(
        article_id if short else f"{article_id} S{n}",
        "#" + sentence_anchor(article_id, sentence.index),
        f"{article_id}, sentence {n}",
    )


def _member_sentence(
    clusters: Iterable[ClaimCluster], source: str, canonical: dict[str, str]
) -> tuple[str, Sentence] | None:
    """The evidence sentence a source id stands on within these facts (its own, else a copy's)."""
    fallback = None
    for c in clusters:
        for m in c.members:
            if m.article_id == source:
                return m.article_id, m.sentence
            if fallback is None and canonical.get(m.article_id, m.article_id) == source:
                fallback = (m.article_id, m.sentence)
    return fallback


def cite(
    clusters: Sequence[ClaimCluster], sources: Iterable[str], canonical: dict[str, str]
) -> list[Chip]:
    out = []
    for src in sources:
        found = _member_sentence(clusters, src, canonical)
        out.append(chip(found[0], found[1]) if found else chip(src, None))
    return out


def evidence(cluster: ClaimCluster) -> list[Evidence]:
    seen: set[tuple[str, int]] = set()
    out = []
    for m in cluster.members:
        key = (m.article_id, m.sentence.index)
        if key not in seen:  # two claims from one sentence: the evidence once
            seen.add(key)
            out.append(Evidence(chip(m.article_id, m.sentence, short=False), m.sentence.text))
    return out


def sources(b: Briefing) -> list[Source]:
    by_id = {d.article.id: d for d in b.digests}
    out = []
    for a in b.articles:
        d = by_id.get(a.id)
        out.append(
            Source(
                a.id,
                a.label,
                a.title,
                a.outlet,
                a.lean,
                a.published,
                a.url,
                safe_href(a.url),
                a.source,
                b.duplicate_of(a.id),
                d.summary if d else None,
                tuple(d.summary_warnings) if d else (),
            )
        )
    return out


def matrix(b: Briefing) -> list[MatrixRow]:
    """Facts (every cluster, by support) × articles. A cell says what the alignment found:
    the article's own claim (carries), a near-duplicate's (copy), a listed omission, or no
    matched claim — which is not the same as the article leaving the fact out."""
    if not b.alignment:
        return []
    omitted = {(aid, c.id) for aid, cs in b.omissions().items() for c in cs}
    rows = []
    clusters = sorted(b.alignment.clusters, key=lambda c: (-c.support, _fact_order(c.id)))
    for c in clusters:
        cells = []
        for a in b.articles:
            own = next((m for m in c.members if m.article_id == a.id), None)
            canon = b.canonical.get(a.id, a.id)
            if own is not None:
                n = own.sentence.index + 1
                href = "#" + sentence_anchor(a.id, own.sentence.index)
                cells.append(Cell("carries", f"S{n}", href, f"{a.id} carries {c.id}: sentence {n}"))
            elif canon != a.id and canon in c.sources:
                found = _member_sentence([c], canon, b.canonical)
                copy_href = "#" + sentence_anchor(*_pair(found)) if found else None
                cells.append(
                    Cell(
                        "copy",
                        f"= {canon}",
                        copy_href,
                        f"{a.id} is a near-duplicate of {canon}, which carries {c.id}",
                    )
                )
            elif (a.id, c.id) in omitted:
                cells.append(
                    Cell(
                        "omitted",
                        "left out",
                        f"#omissions-{a.id}",
                        f"{a.id} leaves out {c.id}, carried by {c.support} articles",
                    )
                )
            else:
                cells.append(Cell("absent", "–", None, f"no claim of {a.id} was matched to {c.id}"))
        rows.append(MatrixRow(c.id, fact_text(c), c.support, tuple(cells)))
    return rows


def _pair(found: tuple[str, Sentence]) -> tuple[str, int]:
    return found[0], found[1].index


def _fact_order(fact_id: str) -> int:
    digits = fact_id.lstrip("F")
    return int(digits) if digits.isdigit() else 0


def article_views(
    articles: Sequence[Article], measures: list[dict[str, Any]], cited: dict[str, set[int]]
) -> list[ArticleView]:
    by_id = {str(m["id"]): m for m in measures}
    out = []
    for a in articles:
        m = by_id.get(a.id)
        article_marks: list[Mark] = framing_view.marks(m) if m else []
        meta = " · ".join(x for x in (a.outlet, a.published, a.lean and f"lean {a.lean}") if x)
        out.append(
            ArticleView(
                a.id,
                a.label,
                a.title,
                meta,
                safe_href(a.url),
                a.url,
                tuple(paragraphs(a, article_marks, cited.get(a.id, set()))),
            )
        )
    return out


def cited_sentences(b: Briefing) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for c in b.alignment.clusters if b.alignment else []:
        for m in c.members:
            out.setdefault(m.article_id, set()).add(m.sentence.index)
    for conflict in b.alignment.conflicts if b.alignment else []:
        for v in conflict.versions:
            for aid, s in zip(v.article_ids, v.evidence, strict=False):
                out.setdefault(aid, set()).add(s.index)
    return out


def framing_context(
    articles: Sequence[Article], measures_dict: dict[str, Any] | None
) -> dict[str, Any]:
    """What the framing section needs, for the briefing and the `framing` command alike."""
    measures: list[dict[str, Any]] = list((measures_dict or {}).get("articles", []))
    labels = {a.id: a.label for a in articles}
    actors = [str(x) for x in (measures_dict or {}).get("actors", [])]
    return {
        "measures": measures,
        "measure_ids": [str(m["id"]) for m in measures],
        "table": framing_view.table(measures),
        "actors": actors,
        "actor_rows": framing_view.actor_tones(measures, actors),
        "flagged": [
            framing_view.flagged_words(m, labels.get(str(m["id"]), str(m["id"]))) for m in measures
        ],
        "voice_charts": voice_charts(measures, labels),
        "rate_charts": rate_charts(measures),
        "facts": [str(f) for f in (measures_dict or {}).get("facts", [])],
    }


def charts_of(ctx: dict[str, Any]) -> list[Chart]:
    return [*ctx["voice_charts"], *ctx["rate_charts"]]
