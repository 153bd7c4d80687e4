"""The index of a run: per story its headline, outlets, lean coverage, blind spot, briefing
files and member articles (by source, e.g. `pool.jsonl#12`, and URL). JSON (schema
`summarize/schemas/stories-index-v1.schema.json`), Markdown and HTML."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summarize.render.html.page import csp
from summarize.render.markdown_escape import cell, inline
from summarize.settings import StorySettings
from summarize.stories.model import Story
from summarize.stories.outpaths import valid_story_id

SCHEMA_ID = "summarize/stories-index/v1"
MAX_INDEX_BYTES = 64 * 1024 * 1024  # an earlier index larger than this is not read back
INDEX_NAMES = {"json": "index.json", "md": "index.md", "html": "index.html"}


def story_dict(story: Story) -> dict[str, Any]:
    first, last = story.dates()
    side = story.blind_spot()
    return {
        "id": story.id,
        "headline": story.headline,
        "status": story.status,
        "detail": story.detail,
        "outlets": story.outlets,
        "articles": len(story.members),
        "counted_articles": len(story.counted),
        "first_published": first,
        "last_published": last,
        "lean_coverage": story.lean_coverage(),
        "blind_spot": side is not None,
        "carried_by": side,
        "briefing": dict(story.files),
        "members": [
            {
                "key": key,
                "source": a.source,
                "url": a.url,
                "outlet": a.outlet,
                "title": a.title,
                "published": a.published,
                "lean": a.lean,
                "duplicate_of": story.duplicate_of.get(key),
            }
            for a, key in zip(story.members, story.keys, strict=True)
        ],
    }


def index_dict(
    stories: Sequence[Story],
    *,
    settings: StorySettings,
    problems: Sequence[str],
    provenance: dict[str, Any],
) -> dict[str, Any]:
    return {
        "schema": SCHEMA_ID,
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "settings": dataclasses.asdict(settings),
        "articles": sum(len(s.members) for s in stories),
        "stories": [story_dict(s) for s in stories],
        "problems": list(problems),
        "provenance": provenance,
    }


def previous_members(
    folder: Path,
) -> tuple[dict[str, list[str]], dict[str, dict[str, Any]], list[str]]:
    """From an earlier run's index.json in `folder`: story id -> member keys, id -> entry, and
    one line per story ignored because its id is not a plain name (see `outpaths`). An absent
    or unreadable index is an empty past (the run then starts afresh)."""
    ignored: list[str] = []
    try:
        path = folder / INDEX_NAMES["json"]
        if path.stat().st_size > MAX_INDEX_BYTES:
            return {}, {}, [f"larger than {MAX_INDEX_BYTES:,} bytes; not read"]
        data = json.loads(path.read_text(encoding="utf-8"))
        entries: dict[str, dict[str, Any]] = {}
        for entry in data["stories"]:
            if isinstance(entry, dict) and valid_story_id(entry["id"]):
                entries[entry["id"]] = entry
            else:
                ignored.append(f"story id {str(entry['id'])[:80]!r} is not a plain name; ignored")
        members = {sid: [str(m["key"]) for m in s["members"]] for sid, s in entries.items()}
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return {}, {}, ignored
    return members, entries, ignored


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


_CSS = (
    "body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:70rem;padding:0 1rem}"
    "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.3rem;"
    "text-align:left;vertical-align:top;overflow-wrap:anywhere}.spot{color:#a40}"
    "details{margin:.2rem 0}code{font-size:.85em}"
)


def render_html(stories: Sequence[Story], data: dict[str, Any]) -> str:
    """One self-contained page under the briefing's Content-Security-Policy (nothing fetched, no
    script, the stylesheet allowed by its hash), every value escaped."""
    e = html.escape
    rows = []
    for s in stories:
        side = s.blind_spot()
        links = " ".join(f'<a href="{e(path)}">{e(fmt)}</a>' for fmt, path in s.files.items()) or e(
            s.status
        )
        members = "".join(
            f"<li>{e(a.label)}: {e(a.title or '-')} <code>{e(a.source)}</code>"
            + (f" <span>{e(a.url)}</span>" if a.url else "")
            + ("</li>" if k not in s.duplicate_of else " (copy, counted once)</li>")
            for a, k in zip(s.members, s.keys, strict=True)
        )
        rows.append(
            f'<tr id="{e(s.id)}"><td>{e(s.id)}</td><td>{e(s.headline)}<details><summary>'
            f"{len(s.members)} article(s)</summary><ul>{members}</ul></details></td>"
            f"<td>{e(', '.join(s.outlets))}</td><td>{e(_coverage(s))}</td>"
            f'<td class="spot">{e(f"only the {side} carries it") if side else ""}</td>'
            f"<td>{links}</td></tr>"
        )
    problems = "".join(f"<li>{e(p)}</li>" for p in data["problems"])
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp(_CSS)}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width">'
        f"<title>Stories</title><style>{_CSS}</style></head><body><h1>Stories</h1>"
        f"<p>{data['articles']} articles in {len(stories)} stories. Lean coverage counts "
        "outlets: L left, C center, R right, ? unknown.</p><table><thead><tr><th>story</th>"
        "<th>headline</th><th>outlets</th><th>lean</th><th>blind spot</th><th>briefing</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        + (f"<h2>Inputs not read</h2><ul>{problems}</ul>" if problems else "")
        + "</body></html>\n"
    )
