"""The stories index as Markdown and as one HTML page (the JSON is the index data itself,
`stories/index.py`). Headlines, outlets, titles, sources and URLs come from the articles: each
is escaped (`cell`/`inline` in the Markdown; the Jinja environment's autoescape in the page)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from summarize.render.html.page import render
from summarize.render.markdown_escape import cell, inline
from summarize.stories.story import Story


def _coverage(story: Story) -> str:
    c = story.lean_coverage()
    known = " ".join(f"{side[0].upper()}{c[side]}" for side in ("left", "center", "right"))
    return known + (f" ?{c['unknown']}" if c["unknown"] else "")


def render_markdown(stories: Sequence[Story], data: dict[str, Any]) -> str:
    briefed = sum(1 for s in stories if s.files)
    eligible = sum(1 for s in stories if s.briefable)
    lines = [
        "# Stories",
        "",
        f"{data['articles']} articles in {len(stories)} stories; {eligible} with at least "
        f"{data['settings']['min_outlets']} outlets, {briefed} briefed. Lean coverage counts "
        "outlets: "
        "L left, C center, R right, ? unknown.",
        "",
        "| story | headline | outlets | lean | blind spot | briefing |",
        "|---|---|---|---|---|---|",
    ]
    for s in stories:
        side = s.blind_spot()
        spot = f"only the {side} carries it" if side else "-"
        link = ", ".join(f"[{fmt}]({path})" for fmt, path in s.files.items()) or cell(s.status)
        lines.append(
            f"| {s.id} | {cell(s.headline)} | {cell(', '.join(s.outlets))} | {_coverage(s)} "
            f"| {spot} | {link} |"
        )
    lines += ["", "## Articles by story"]
    for s in stories:
        lines += ["", f"### {s.id}: {inline(s.headline)}", ""]
        for a, key in zip(s.members, s.keys, strict=True):
            copy = " (copy, counted once)" if key in s.duplicate_of else ""
            url = f" {inline(a.url)}" if a.url else ""
            lines.append(
                f"- {inline(a.label)}: {inline(a.title or '-')} ({inline(a.source)}){url}{copy}"
            )
    if data["problems"]:
        lines += ["", "## Inputs not read", "", *(f"- {inline(p)}" for p in data["problems"])]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Member:
    label: str
    title: str
    source: str
    url: str | None
    copy: bool  # a near-duplicate, counted once


@dataclass(frozen=True)
class _Row:
    id: str
    headline: str
    members: tuple[_Member, ...]
    outlets: str
    coverage: str
    spot: str
    files: tuple[tuple[str, str], ...]  # (format, relative path) of the briefing files
    status: str


def _row(s: Story) -> _Row:
    side = s.blind_spot()
    members = tuple(
        _Member(a.label, a.title or "-", a.source, a.url, k in s.duplicate_of)
        for a, k in zip(s.members, s.keys, strict=True)
    )
    return _Row(
        s.id,
        s.headline,
        members,
        ", ".join(s.outlets),
        _coverage(s),
        f"only the {side} carries it" if side else "",
        tuple(s.files.items()),
        s.status,
    )


def render_html(stories: Sequence[Story], data: dict[str, Any]) -> str:
    """One self-contained page on the briefing's templates and Jinja environment (autoescaped),
    under the briefing's Content-Security-Policy: nothing fetched, no script, the stylesheet
    allowed by its hash."""
    return render(
        "stories_index.html.j2",
        stylesheet_name="stories.css",
        rows=[_row(s) for s in stories],
        articles=data["articles"],
        problems=data["problems"],
    )
