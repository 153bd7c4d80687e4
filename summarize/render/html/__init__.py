"""HTML report: one self-contained page (no script, no fetch, CSS allowed by hash) rendered from
Jinja2 templates with autoescaping, every citation a link to its highlighted sentence.

    render_briefing_html(briefing) -> str
    render_framing_html(articles, comparison) -> str
"""

from __future__ import annotations

from collections.abc import Sequence

from summarize.articles import Article
from summarize.brief.briefing import Briefing
from summarize.framing import FramingComparison
from summarize.render.html import view
from summarize.render.html.page import render


def render_briefing_html(b: Briefing) -> str:
    from summarize.render.html.briefing_page import context

    return render("briefing.html.j2", **context(b))


def render_framing_html(articles: Sequence[Article], comparison: FramingComparison) -> str:
    framing = view.framing_context(articles, comparison)
    first = articles[0] if articles else None
    return render(
        "framing.html.j2",
        title=f"Framing: {len(articles)} article(s)",
        heading=(first.title or first.label) if first else "",
        framing=framing,
        sources=[view.source(a) for a in articles],
        articles=view.article_views(articles, framing["measures"], {}),
    )


__all__ = ["render_briefing_html", "render_framing_html"]
