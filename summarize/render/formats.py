"""The output formats, in one registry: a format name -> how each kind of result is written in
it. `summarize brief`, `summarize framing` and a stories run (its briefings and its index) all
choose here, so a new format is added once (a renderer per kind, and its name below).

The renderers are imported when a text is written: the HTML's Jinja environment loads only for
HTML output."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the registry itself loads nothing: the command line starts fast
    from summarize.articles import Article
    from summarize.brief.briefing import Briefing
    from summarize.framing import FramingComparison
    from summarize.stories.story import Story


@dataclass(frozen=True)
class Format:
    name: str
    briefing: Callable[[Briefing], str]
    framing: Callable[[Sequence[Article], FramingComparison], str]
    # a stories run's index: the stories, and the index data (stories/index.py `index_dict`)
    stories_index: Callable[[Sequence[Story], dict[str, Any]], str]


def json_text(data: Any) -> str:
    """JSON as every command writes it: indented, non-ASCII kept, one final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _briefing_md(b: Briefing) -> str:
    from summarize.render.brief_md import render_briefing

    return render_briefing(b)


def _briefing_html(b: Briefing) -> str:
    from summarize.render.html import render_briefing_html

    return render_briefing_html(b)


def _framing_md(_: Sequence[Article], comparison: FramingComparison) -> str:
    from summarize.render.framing_md import comparison_markdown

    return comparison_markdown(comparison)


def _framing_html(articles: Sequence[Article], comparison: FramingComparison) -> str:
    from summarize.render.html import render_framing_html

    return render_framing_html(articles, comparison)


def _index_md(stories: Sequence[Story], data: dict[str, Any]) -> str:
    from summarize.render.stories_index import render_markdown

    return render_markdown(stories, data)


def _index_html(stories: Sequence[Story], data: dict[str, Any]) -> str:
    from summarize.render.stories_index import render_html

    return render_html(stories, data)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("md", _briefing_md, _framing_md, _index_md),
        Format(
            "json",
            lambda b: json_text(b.to_dict()),
            lambda _, c: json_text(c.to_dict()),
            lambda _, data: json_text(data),
        ),
        Format("html", _briefing_html, _framing_html, _index_html),
    )
}
FORMAT_NAMES = tuple(FORMATS)  # ("md", "json", "html"): the `--format` choices
