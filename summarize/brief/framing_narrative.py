"""The model's framing comparison, grounded in the deterministic measures and checked against
them: a statement with a number the measures and the article do not contain, or a quotation the
article does not contain, is rejected."""

from __future__ import annotations

from dataclasses import dataclass

from summarize.articles import Article
from summarize.brief.model import Failure, OutletFraming, Rejected
from summarize.errors import BackendError
from summarize.llm.session import ModelSession
from summarize.prompts import render
from summarize.schema import FramingOut
from summarize.verify import is_verbatim, numbers_in, quoted_spans


@dataclass(frozen=True)
class OutletView:
    id: str
    label: str
    headline: str
    lead: str
    facts: list[str]


def facts_by_article(facts: list[str]) -> dict[str, list[str]]:
    """The comparison's fact lines start with the article id."""
    grouped: dict[str, list[str]] = {}
    for line in facts:
        grouped.setdefault(line.split(" ", 1)[0], []).append(line)
    return grouped


def check_statement(text: str, article: Article, facts: list[str]) -> str | None:
    """The reason to reject, or None."""
    allowed = numbers_in(" ".join(facts)) | numbers_in(article.text)
    if missing := numbers_in(text) - allowed:
        return f"numbers not in the measures or the article: {', '.join(sorted(missing))}"
    for _, _, inner in quoted_spans(text):
        if not is_verbatim(inner, [article]):
            return f"quotes “{inner}”, which is not verbatim in {article.id}"
    return None


OUTLETS_PER_CALL = 8  # keeps each framing prompt and answer small; calls grow as N / 8


def write_framing(
    articles: list[Article], facts: list[str], session: ModelSession
) -> tuple[list[OutletFraming], list[Rejected], list[Failure]]:
    """(kept statements, rejected statements, failed calls). A batch whose call fails costs
    only its outlets' statements; the measured table needs no model."""
    grouped = facts_by_article(facts)
    views = [
        OutletView(
            a.id,
            a.label,
            a.title or "(none)",
            a.sentences[0].text if a.sentences else "",
            grouped.get(a.id, []),
        )
        for a in articles
    ]
    items = []
    failures: list[Failure] = []
    for i in range(0, len(views), OUTLETS_PER_CALL):
        batch = views[i : i + OUTLETS_PER_CALL]
        try:
            items += session.structured(
                render("framing", outlets=batch), FramingOut, max_tokens=900
            ).outlets
        except BackendError as exc:
            if exc.fails_run:
                raise
            ids = f"{batch[0].id}–{batch[-1].id}" if len(batch) > 1 else batch[0].id
            failures.append(Failure("framing", f"outlets {ids}: {exc}"))
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
        reason = check_statement(text, article, grouped.get(article.id, []))
        if reason:
            rejected.append(Rejected("framing", text, reason, article.id))
        else:
            seen.add(article.id)
            kept.append(OutletFraming(article.id, text))
    return kept, rejected, failures
