"""The model's framing comparison, built from the computed contrasts and checked against them.

The model receives each outlet's contrasts (what it does differently from the other outlets,
`summarize.framing.contrast`) as delimited data with their ids, and writes one or two sentences
per outlet naming the ids it rests on. A statement is rejected (listed as unverified, with the
reason) when it names no contrast of its outlet, does not state the one it names, is true of
every outlet (the same words said of another outlet, or every word it uses found in every
article), contradicts a measure ("only it quotes X" when others quote X too), mentions a
headline the article lacks, or uses a number or quotation that is not in the evidence. An
outlet left without a kept statement gets its strongest contrasts as the code wrote them, which
are true by construction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from summarize.articles import Article
from summarize.brief.briefing import Failure, OutletFraming, Rejected
from summarize.errors import BackendError
from summarize.framing.compare import FramingComparison
from summarize.framing.contrast import Contrast, OutletContrasts
from summarize.llm.session import ModelSession
from summarize.prompts import render
from summarize.schema import FramingOut
from summarize.settings import current
from summarize.text.numbers import numbers_in
from summarize.text.words import STOPWORDS, content_words
from summarize.verify import is_verbatim, quoted_spans

# Words any framing statement uses; the rest must say something about this outlet.
_FRAMING_WORDS = content_words(
    "outlet article story coverage report reports reporting frames framing framed focus focuses "
    "emphasis emphasizes emphasises highlight highlights angle headline lead leads quote quotes "
    "quoted quoting voice voices source sources word words wording uses use using language tone "
    "others other outlets unlike compared while whereas instead rather more less most only alone"
)
_ONLY = re.compile(r"\b(only|alone|exclusively|sole|solely|unlike (?:the )?others)\b", re.I)
_QUOTING = re.compile(r"\b(quot\w*|voices?|cites?|cited|interview\w*)\b", re.I)
_NAME = re.compile(r"\b[A-Z][a-z’'\-]+(?:\s+[A-Z][a-z’'\-]+)*")


@dataclass(frozen=True)
class OutletView:
    id: str
    label: str
    headline: str
    lead: str
    contrasts: list[Contrast]


def _terms(text: str, ids: Sequence[str]) -> set[str]:
    masked = text
    for aid in ids:
        masked = re.sub(rf"\b{re.escape(aid)}(?:\.\d+)?\b", " ", masked)
    return content_words(masked) - _FRAMING_WORDS - STOPWORDS


def check_statement(
    text: str,
    article: Article,
    contrasts: OutletContrasts | None,
    cited: Sequence[str],
    articles: Sequence[Article],
    comparison: FramingComparison | None = None,
) -> str | None:
    """The reason to reject one outlet's statement, or None."""
    items = {c.id: c for c in (contrasts.items if contrasts else [])}
    named = [items[c.strip()] for c in cited if c.strip() in items]
    if not named:
        listed = ", ".join(cited) or "none"
        return f"names no contrast item of {article.id} (named: {listed})"
    low = text.lower()
    if not any(k.lower() in low for c in named for k in c.keys):
        return f"does not state the contrast it names ({', '.join(c.id for c in named)})"
    if "headline" in low and not (article.title or "").strip():
        return f"mentions a headline; {article.id} has none"
    evidence = " ".join(c.sentence + " " + " ".join(e.text for e in c.evidence) for c in named)
    allowed = numbers_in(evidence) | numbers_in(article.text)
    if missing := numbers_in(text) - allowed:
        return f"numbers not in the evidence: {', '.join(sorted(missing))}"
    sources = [a for a in articles if a.id in {e.article_id for c in named for e in c.evidence}]
    for _, _, inner in quoted_spans(text):
        if not is_verbatim(inner, [article, *sources]) and inner not in evidence:
            return f"quotes “{inner}”, which is not verbatim in {article.id} or its evidence"
    if comparison is not None and _ONLY.search(text) and _QUOTING.search(text):
        for name in _NAME.findall(text):
            key = name.split()[-1].lower()
            quoting = [
                fr.id
                for fr in comparison.articles
                if fr.id != article.id
                and any(q.speaker and q.speaker.split()[-1].lower() == key for q in fr.quotes)
            ]
            if quoting:
                return f"contradicts the voices measured: {', '.join(quoting)} quote {name} too"
    terms = _terms(text, [a.id for a in articles])
    if (
        len(articles) > 1
        and terms
        and all(terms <= content_words(a.text + " " + (a.title or "")) for a in articles)
    ):
        return (
            "true of every outlet: every word it uses ("
            + ", ".join(sorted(terms)[:6])
            + f") is in all {len(articles)} articles"
        )
    return None


def code_statement(contrasts: OutletContrasts) -> OutletFraming | None:
    """The outlet's strongest contrasts as the code wrote them: true by construction."""
    items = contrasts.strongest(current().framing.shown)
    if not items:
        return None
    return OutletFraming(
        contrasts.article_id,
        " ".join(c.sentence for c in items),
        tuple(c.id for c in items),
        "code",
    )


def _same_statement(kept: list[OutletFraming], ids: Sequence[str]) -> set[str]:
    """Article ids whose statement is (nearly) another outlet's, ids masked."""

    def mask(t: str) -> str:
        for aid in ids:
            t = re.sub(rf"\b{re.escape(aid)}(?:\.\d+)?\b", "X", t)
        return t

    out: set[str] = set()
    for i, a in enumerate(kept):
        for b in kept[i + 1 :]:
            if fuzz.ratio(mask(a.text), mask(b.text)) >= current().framing.same_statement:
                out |= {a.article_id, b.article_id}
    return out


def write_framing(
    articles: list[Article], comparison: FramingComparison, session: ModelSession
) -> tuple[list[OutletFraming], list[Rejected], list[Failure]]:
    """(statements, rejected statements, failed calls). Every outlet with a contrast ends with
    one statement: the model's when it passes the checks, else the code's. A batch whose call
    fails costs only its outlets' model statements."""
    by_contrast = {c.article_id: c for c in comparison.contrasts}
    views = [
        OutletView(
            a.id,
            a.label,
            a.title or "(none)",
            a.sentences[0].text if a.sentences else "",
            by_contrast[a.id].items[:8] if a.id in by_contrast else [],
        )
        for a in articles
    ]
    items = []
    failures: list[Failure] = []
    failed: set[str] = set()  # their call failed: the measured section (with contrasts) stands
    for i in range(0, len(views), current().framing.outlets_per_call):
        batch = views[i : i + current().framing.outlets_per_call]
        try:
            items += session.structured(
                render("framing", outlets=batch), FramingOut, max_tokens=900
            ).outlets
        except BackendError as exc:
            if exc.fails_run:
                raise
            ids = f"{batch[0].id}–{batch[-1].id}" if len(batch) > 1 else batch[0].id
            failures.append(Failure("framing", f"outlets {ids}: {exc}"))
            failed |= {v.id for v in batch}
    by_id = {a.id: a for a in articles}
    kept: list[OutletFraming] = []
    rejected: list[Rejected] = []
    seen: set[str] = set()
    for item in items:
        article = by_id.get(item.id.strip().upper())
        text = item.framing.strip()
        if article is None:
            rejected.append(Rejected("framing", text, f"names unknown article {item.id!r}"))
            continue
        if article.id in seen:
            continue
        reason = check_statement(
            text, article, by_contrast.get(article.id), item.contrasts, articles, comparison
        )
        if reason:
            rejected.append(Rejected("framing", text, reason, article.id))
        else:
            seen.add(article.id)
            valid = {c.id for c in by_contrast[article.id].items}
            named = tuple(dict.fromkeys(c.strip() for c in item.contrasts if c.strip() in valid))
            kept.append(OutletFraming(article.id, text, named, "model"))
    same = _same_statement(kept, [a.id for a in articles])
    for f in [f for f in kept if f.article_id in same]:
        kept.remove(f)
        rejected.append(
            Rejected(
                "framing",
                f.text,
                "true of every outlet: the same statement is made of another outlet",
                f.article_id,
            )
        )
    have = {f.article_id for f in kept}
    for a in articles:
        oc = by_contrast.get(a.id)
        if a.id in have or a.id in failed or oc is None:
            continue
        if fallback := code_statement(oc):
            kept.append(fallback)
    order = {a.id: k for k, a in enumerate(articles)}
    kept.sort(key=lambda f: order.get(f.article_id, len(order)))
    return kept, rejected, failures
