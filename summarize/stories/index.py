"""The index of a run: per story its headline, outlets, lean coverage, blind spot, briefing
files and member articles (by source, e.g. `pool.jsonl#12`, and URL), as the JSON data (schema
`summarize/schemas/stories-index-v1.schema.json`); the Markdown and HTML pages are written from
the stories and this data by `summarize/render/stories_index.py`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summarize.settings import StorySettings
from summarize.stories.outpaths import valid_story_id
from summarize.stories.story import Story

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
