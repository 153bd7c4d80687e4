"""What the briefing page shows, built from the `Briefing`: every citation resolved to the
anchor of the sentence it rests on, and the who-reports-what matrix from the alignment."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from summarize.align import ClaimCluster
from summarize.articles import Article, Sentence
from summarize.brief.briefing import Briefing
from summarize.digest import Digest
from summarize.framing import FramingComparison
from summarize.render.html import framing_view
from summarize.render.html.charts import Chart, rate_charts, voice_charts
from summarize.render.html.links import safe_href
from summarize.render.html.marks import Mark, Paragraph, paragraphs, sentence_anchor
from summarize.settings import current


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
    # "carries" | "copy" | "unclear" | "omitted" | "absent" (not reported: the alignment
    # searched every sentence and found nothing close) | "unmatched" (claims only: not searched)
    state: str
    text: str
    href: str | None
    label: str  # for screen readers and the title


@dataclass(frozen=True)
class MatrixRow:
    id: str
    text: str  # the fact in its unit's own words (a clause, a sentence)
    support: int  # articles carrying it
    cells: tuple[Cell, ...]
    shown: bool  # among the rows a reader sees first; the rest sit under "more facts"
    href: str  # the sentence the words are from
    where: str  # "A2 S5"


@dataclass(frozen=True)
class ContrastEvidence:
    chip: Chip  # to the sentence (or headline) holding the evidence span
    text: str  # the span, cut to a readable length


@dataclass(frozen=True)
class ContrastView:
    id: str  # "A2.3"
    kind: str
    sentence: str  # written by code from the measure
    evidence: tuple[ContrastEvidence, ...]
    facts: tuple[str, ...]


@dataclass(frozen=True)
class OutletContrastsView:
    article_id: str
    label: str
    items: tuple[ContrastView, ...]


@dataclass(frozen=True)
class ArticleView:
    id: str
    label: str
    title: str | None
    meta: str
    href: str | None
    url: str | None
    paragraphs: tuple[Paragraph, ...]
    title_anchor: str  # the headline's anchor ("A3-S0"), where headline evidence points


def chip(article_id: str, sentence: Sentence | None, *, short: bool = True) -> Chip:
    if sentence is None:
        return Chip(article_id, f"#{article_id}", f"{article_id}: the article")
    return chip_at(article_id, sentence.index, short=short)


def where(index: int) -> str:
    """How a sentence is named on the page (as in the Markdown): "S5", or "headline"."""
    return "headline" if index < 0 else f"S{index + 1}"


def chip_at(article_id: str, index: int, *, short: bool = True) -> Chip:
    """A chip to sentence `index` (0-based) of an article; -1 is its headline (anchor S0)."""
    name = "headline" if index < 0 else f"sentence {index + 1}"
    return Chip(
        article_id if short else f"{article_id} {where(index)}",
        "#" + sentence_anchor(article_id, index),
        f"{article_id}, {name}",
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


def source(a: Article, *, duplicate_of: str | None = None, digest: Digest | None = None) -> Source:
    """One source card: the article's metadata, and its summary where a digest exists."""
    return Source(
        a.id,
        a.label,
        a.title,
        a.outlet,
        a.lean,
        a.published,
        a.url,
        safe_href(a.url),
        a.source,
        duplicate_of,
        digest.summary if digest else None,
        tuple(digest.summary_warnings) if digest else (),
    )


def sources(b: Briefing) -> list[Source]:
    by_id = {d.article.id: d for d in b.digests}
    return [
        source(a, duplicate_of=b.duplicate_of(a.id), digest=by_id.get(a.id)) for a in b.articles
    ]


def matrix(b: Briefing) -> list[MatrixRow]:
    """The briefing's decided matrix (brief/matrix.py) as table rows. A cell says what was
    decided: the article's own sentence carries the fact (aligned on the precise bar, or its
    closest unit holds the fact's words), a near-duplicate's does (copy), it is unclear (a
    sentence comes close without carrying it: click for it), a listed omission, or not
    reported (nothing close, every sentence compared). A claims-only alignment searched nothing
    else, so there it asserts no absence."""
    if not b.alignment:
        return []
    searched = b.alignment.nearness is not None
    omitted = {(aid, c.id) for aid, cs in b.omissions().items() for c in cs}
    by_id = {a.id: a for a in b.articles}
    rows = []
    for r in b.matrix:
        cells = []
        for aid, d in r.cells:
            a = by_id[aid]
            canon = b.canonical.get(aid, aid)
            if d.status == "carries" and d.how == "copy":
                copy = chip(canon, d.sentence) if d.sentence is not None else None
                cells.append(
                    Cell(
                        "copy",
                        f"= {canon}",
                        copy.href if copy else None,
                        f"{aid} is a near-duplicate of {canon}, which carries {r.fact_id}",
                    )
                )
            elif d.status == "carries" and d.sentence is not None:
                k = chip(sentence_owner(d.sentence, a, by_id.get(canon)), d.sentence)
                how = (
                    "aligned with the fact's other sentences"
                    if d.how == "aligned"
                    else f"its closest sentence holds the fact's words ({d.score:.2f})"
                )
                cells.append(
                    Cell(
                        "carries",
                        where(d.sentence.index),
                        k.href,
                        f"{aid} carries {r.fact_id}: {k.title}, {how}",
                    )
                )
            elif d.status == "unclear" and d.sentence is not None:
                k = chip(sentence_owner(d.sentence, a, by_id.get(canon)), d.sentence)
                cells.append(
                    Cell(
                        "unclear",
                        "unclear",
                        k.href,
                        f"unclear whether {aid} reports {r.fact_id}: {k.title} comes close "
                        "without carrying it",
                    )
                )
            elif (aid, r.fact_id) in omitted:
                cells.append(
                    Cell(
                        "omitted",
                        "left out",
                        f"#omissions-{aid}",
                        f"{aid} leaves out {r.fact_id}, carried by {len(r.sources)} articles: "
                        "nothing in it comes close (every sentence compared)",
                    )
                )
            elif searched:
                cells.append(
                    Cell(
                        "absent",
                        "not reported",
                        None,
                        f"{aid} does not report {r.fact_id}: nothing in it comes close "
                        "(every sentence compared)",
                    )
                )
            else:
                cells.append(
                    Cell(
                        "unmatched",
                        "–",
                        None,
                        f"no claim of {aid} was matched to {r.fact_id} (only claims were "
                        "compared: not evidence that it leaves the fact out)",
                    )
                )
        own = chip_at(r.article_id, r.sentence.index, short=False)
        rows.append(
            MatrixRow(
                r.fact_id, r.text, len(r.carried_by), tuple(cells), r.shown, own.href, own.label
            )
        )
    return rows


def sentence_owner(s: Sentence, article: Article, canonical: Article | None) -> str:
    """Which article a presence sentence belongs to: the article's own, else its canonical's."""
    if canonical is None or canonical.id == article.id or _holds(article, s):
        return article.id
    return canonical.id if _holds(canonical, s) else article.id


def _holds(a: Article, s: Sentence) -> bool:
    if s.index < 0:
        return a.title == s.text
    return s.index < len(a.sentences) and a.sentences[s.index].text == s.text


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
                sentence_anchor(a.id, -1),
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
    articles: Sequence[Article], comparison: FramingComparison | None
) -> dict[str, Any]:
    """What the framing section needs, for the briefing and the `framing` command alike. The
    page is drawn from the measures as the JSON writes them (`FramingComparison.to_dict`), so
    the page and the JSON show one set of numbers."""
    measures_dict: dict[str, Any] | None = None if comparison is None else comparison.to_dict()
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
        "contrasts": contrasts(articles, (measures_dict or {}).get("contrasts", [])),
    }


def _span(articles: dict[str, Article], e: dict[str, Any]) -> str:
    """The evidence span by its offsets (into the text, or the title for sentence 0); the
    recorded text when the offsets do not fit (the page never shows a guess as evidence)."""
    a = articles.get(str(e.get("article_id")))
    text = str(e.get("text") or "")
    if a is not None:
        source = (a.title or "") if int(e.get("sentence") or 0) == 0 else a.text
        start, end = int(e.get("start") or 0), int(e.get("end") or 0)
        if 0 <= start < end <= len(source):
            text = source[start:end]
    text = " ".join(text.split())
    return (
        text
        if len(text) <= current().render.evidence_chars
        else text[: current().render.evidence_chars - 1].rstrip() + "…"
    )


def contrasts(
    articles: Sequence[Article], outlets: Iterable[dict[str, Any]]
) -> list[OutletContrastsView]:
    """Each outlet's computed contrasts with the others, every evidence span a chip to its
    sentence (sentence 0 is the headline)."""
    by_id = {a.id: a for a in articles}
    out = []
    for o in outlets:
        aid = str(o["article_id"])
        items = []
        for c in o.get("items", []):
            evidence = tuple(
                ContrastEvidence(
                    chip_at(str(e["article_id"]), int(e.get("sentence") or 0) - 1, short=False),
                    _span(by_id, e),
                )
                for e in c.get("evidence", [])
            )
            items.append(
                ContrastView(
                    str(c["id"]),
                    str(c.get("kind", "")),
                    str(c.get("sentence", "")),
                    evidence,
                    tuple(str(f) for f in c.get("facts", [])),
                )
            )
        label = by_id[aid].label if aid in by_id else aid
        out.append(OutletContrastsView(aid, label, tuple(items)))
    return out


def charts_of(ctx: dict[str, Any]) -> list[Chart]:
    return [*ctx["voice_charts"], *ctx["rate_charts"]]
