"""Framing compared across outlets: the same measures side by side, tone toward shared actors."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from summarize.align import Alignment, align_articles
from summarize.articles import Article
from summarize.framing._text import unsupported_reason
from summarize.framing.analyze import ArticleFraming, analyze_article
from summarize.framing.contrast import OutletContrasts, compute_contrasts
from summarize.framing.sentiment import actor_mentions, narrator_text
from summarize.framing.statements import measured_statements
from summarize.settings import Settings, current, using


@dataclass(frozen=True)
class FramingComparison:
    articles: list[ArticleFraming]
    actors: list[str]  # named in at least two articles, most mentioned first
    # per outlet, what it does differently from the others (empty with one article)
    contrasts: list[OutletContrasts] = field(default_factory=list)
    # False: more than framing.align_limit articles, facts not aligned across them
    aligned: bool = True

    def contrasts_of(self, article_id: str) -> OutletContrasts | None:
        return next((c for c in self.contrasts if c.article_id == article_id), None)

    def to_dict(self) -> dict[str, object]:
        return {
            "actors": self.actors,
            "facts": self.facts(),
            "contrasts": [c.to_dict() for c in self.contrasts],
            "articles": [a.to_dict() for a in self.articles],
        }

    def facts(self) -> list[str]:
        """One-line statements of the measures for the model's narrative to quote."""
        return measured_statements(self.articles)


def shared_actors(articles: Sequence[Article], limit: int | None = None) -> list[str]:
    """Actors named (in the outlets' own words) in at least two articles, by total mentions
    (at most `limit`, default the run's `framing.main_actors`)."""
    limit = current().framing.main_actors if limit is None else limit
    total: Counter[str] = Counter()
    present: Counter[str] = Counter()
    for article in articles:
        counts = actor_mentions(narrator_text(article.text, 0, []))
        total.update(counts)
        present.update(a for a, n in counts.items() if n)
    need = 2 if len(articles) > 1 else 1
    return [a for a, _ in total.most_common() if present[a] >= need][:limit]


def compare_outlets(
    articles: Sequence[Article],
    alignment: Alignment | None = None,
    *,
    settings: Settings | None = None,
) -> FramingComparison:
    """Analyse every article with one shared actor list so the tone columns line up, and
    contrast each outlet with the others (on `alignment`, else one made here from every
    sentence: deterministic, no model). `settings`: this call's, else the active ones."""
    if settings is not None:
        with using(settings):
            return compare_outlets(articles, alignment)
    actors = shared_actors([a for a in articles if unsupported_reason(a) is None])
    framings = [analyze_article(a, actors) for a in articles]
    if len(articles) < 2:
        return FramingComparison(framings, actors)
    if alignment is None and len(articles) > current().framing.align_limit:
        return FramingComparison(
            framings, actors, compute_contrasts(articles, framings, None), aligned=False
        )
    if alignment is None:
        alignment = align_articles(articles)
    return FramingComparison(framings, actors, compute_contrasts(articles, framings, alignment))
