"""The per-article digest: one model call per article (more only for an article too long for the
context), then every part of the answer checked against the article before it is kept.

The model writes a short summary; only a backend whose profile says `claims = true` also lists
atomic claims (pointing at sentence numbers, checked as before) and actors. For the others,
alignment works on every sentence in code, and the actors are the quotes' speakers found in
the text, so the model never copies sentences back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from summarize.articles import Article, Sentence
from summarize.llm.batch_stages import Stage
from summarize.llm.session import ModelSession
from summarize.llm.tokens import ApproxCounter
from summarize.prompts import render
from summarize.schema import DigestOut, SummaryOut
from summarize.settings import Settings, using
from summarize.settings import current as run_settings
from summarize.text import quote_finder
from summarize.text.words import normalise
from summarize.verify import (
    CheckedClaim,
    check_claim,
    dequote_unverified,
    unsupported_numbers,
)


@dataclass(frozen=True)
class QuoteItem:
    text: str
    speaker: str | None
    start: int
    end: int
    sentence_index: int
    kind: str


@dataclass
class Digest:
    article: Article
    summary: str
    summary_warnings: list[str]
    claims: list[CheckedClaim]
    quotes: list[QuoteItem]
    actors: list[str]
    dropped_actors: list[str] = field(default_factory=list)
    calls: int = 0

    @property
    def verified_claims(self) -> list[CheckedClaim]:
        return [c for c in self.claims if c.verified]

    @property
    def unverified_claims(self) -> list[CheckedClaim]:
        return [c for c in self.claims if not c.verified]

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        return {
            "article": {**a.to_dict(), "sentences": len(a.sentences)},
            "summary": self.summary,
            "summary_warnings": self.summary_warnings,
            "claims": [_claim_dict(c) for c in self.claims],
            "quotes": [vars(q) for q in self.quotes],
            "actors": self.actors,
            "dropped_actors": self.dropped_actors,
            "verification": {
                "claims_verified": sum(c.status == "verified" for c in self.claims),
                "claims_relocated": sum(c.status == "relocated" for c in self.claims),
                "claims_unverified": len(self.unverified_claims),
                "quotes_found_in_text": len(self.quotes),
                "actors_dropped": len(self.dropped_actors),
            },
        }


def _claim_dict(c: CheckedClaim) -> dict[str, Any]:
    out: dict[str, Any] = {"claim": c.text, "status": c.status, "support": round(c.score, 3)}
    if c.sentence is not None:
        out["evidence"] = {
            "sentence": c.sentence.index + 1,
            "text": c.sentence.text,
            "start": c.sentence.start,
            "end": c.sentence.end,
        }
    if c.reason:
        out["reason"] = c.reason
    return out


def _windows(article: Article, session: ModelSession) -> list[tuple[int, list[Sentence]]]:
    """Sentence windows that fit the context with room for the answer; one for most articles."""
    profile = session.backend.profile
    budget = (
        profile.context_size
        - run_settings().digest.output_tokens
        - run_settings().digest.prompt_overhead_tokens
    )
    # Far below the budget by the chars/4 estimate: no exact count needed (the exact counter
    # of the embedded model would have to load it even when every answer is cached).
    if ApproxCounter().count(article.text) <= budget // 2:
        return [(0, list(article.sentences))]
    count = session.backend.counter.count
    if count(article.text) <= budget:
        return [(0, list(article.sentences))]
    windows: list[tuple[int, list[Sentence]]] = []
    current: list[Sentence] = []
    used = 0
    for sentence in article.sentences:
        cost = count(sentence.text) + 6
        if current and used + cost > budget:
            windows.append((current[0].index, current))
            current, used = [], 0
        current.append(sentence)
        used += cost
    if current:
        windows.append((current[0].index, current))
    return windows


def build_digest(
    article: Article, session: ModelSession, *, settings: Settings | None = None
) -> Digest:
    if settings is not None:  # the API's per-run settings
        with using(settings):
            return build_digest(article, session)
    summaries: list[str] = []
    claims: list[CheckedClaim] = []
    proposed_actors: list[str] = []
    windows = _windows(article, session)
    with_claims = session.backend.profile.claims
    for first, sentences in windows:
        prompt = render(
            "digest",
            article_id=article.id,
            # a headline that already opens the text (`title_span`) is not sent twice
            title=article.title if first == 0 and article.title_span is None else "",
            sentences=[s.text for s in sentences],
            first=first,
            max_claims=run_settings().digest.max_claims,
            claims=with_claims,
        )
        if not with_claims:
            brief = session.structured(
                prompt, SummaryOut, max_tokens=run_settings().digest.summary_output_tokens
            )
            summaries.append(brief.summary.strip())
            continue
        out = session.structured(prompt, DigestOut, max_tokens=run_settings().digest.output_tokens)
        summaries.append(out.summary.strip())
        seen = {normalise(c.text).lower() for c in claims}
        for item in out.claims:
            key = normalise(item.claim).lower()
            if key and key not in seen:
                seen.add(key)
                claims.append(check_claim(item.claim.strip(), item.sentence, article))
        proposed_actors.extend(out.actors)
    summary = " ".join(_complete(s) for s in summaries)
    warnings = []
    if summary.endswith(" …"):  # the answer stopped before its sentence did
        warnings.append("the model's summary stopped mid-sentence; shown up to where it stopped")
    summary, paraphrased = dequote_unverified(summary, [article])
    if paraphrased:
        warnings.append(
            "quote marks removed from words not found verbatim in the article: "
            + "; ".join(f"‘{q}’" for q in paraphrased)
        )
    if missing := unsupported_numbers(summary, article):
        warnings.append(f"numbers not found in the article: {', '.join(sorted(missing))}")
    quotes = direct_quotes(article)
    if with_claims:
        actors, dropped = _check_actors(proposed_actors, article)
    else:  # the speakers the text itself attributes quotes to: in the article by construction
        actors, dropped = list(dict.fromkeys(q.speaker for q in quotes if q.speaker)), []
    return Digest(
        article=article,
        summary=summary,
        summary_warnings=warnings,
        claims=claims,
        quotes=quotes,
        actors=actors,
        dropped_actors=dropped,
        calls=len(windows),
    )


def _complete(summary: str) -> str:
    """Drop a trailing fragment (a summary cut by the length bound or an unescaped quote)."""
    if not summary or summary[-1] in ".!?\"'”’)":
        return summary
    cut = max(summary.rfind(". "), summary.rfind("! "), summary.rfind("? "))
    return summary[: cut + 1] if cut > 0 else summary + " …"


def _check_actors(names: list[str], article: Article) -> tuple[list[str], list[str]]:
    """Keep an actor only if its name, or its last word (a surname), occurs in the article."""
    text = normalise(article.text).lower()
    kept: list[str] = []
    dropped: list[str] = []
    for name in names:
        name = name.strip()
        if not name or name.lower() in (k.lower() for k in kept):
            continue
        last = normalise(name).lower().split()[-1]
        (
            kept if normalise(name).lower() in text or (len(last) > 3 and last in text) else dropped
        ).append(name)
    return kept, dropped


def direct_quotes(article: Article) -> list[QuoteItem]:
    """Direct quotes come from the text itself (quotation-mark spans), so they are verbatim by
    construction; speakers are attributed from the sentence, not by the model (DESIGN §2)."""
    return [
        QuoteItem(
            text=q.text,
            speaker=q.speaker,
            start=q.start,
            end=q.end,
            sentence_index=q.sentence_index,
            kind=q.kind,
        )
        for q in quote_finder.direct_quotes(article)
    ]


def _article_label(article: Article) -> str:
    return f"{article.id} {article.label} ({article.source})"


# The digests as a batch stage (`summarize batch`, `stories --batch`): the caller hands it to
# `llm.batch_stages`, which does not import the pipeline.
DIGEST_STAGE = Stage("digests", build_digest, _article_label)
