"""The pool's grouping as `Story` objects with stable ids and member order.

A story's id comes from its earliest member's key (date, then key), so a story that gains later
articles keeps it. When the output folder holds an index from an earlier run, a story sharing
members with an earlier one takes that one's id (most shared members first) and keeps its old
members' order, new members after them: the briefing's per-article calls stay the same calls,
so they come from the cache.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from summarize.articles import Article, DuplicateGroup
from summarize.settings import StorySettings
from summarize.stories.cluster import Grouping
from summarize.stories.features import published_day
from summarize.stories.keys import article_key, story_id
from summarize.stories.story import Story


def build_stories(
    articles: Sequence[Article],
    grouping: Grouping,
    duplicates: Sequence[DuplicateGroup],
    settings: StorySettings,
    previous: Mapping[str, list[str]] | None = None,
) -> list[Story]:
    """`previous`: story id -> ordered member keys, from an earlier index (may be empty)."""
    keys = [article_key(a) for a in articles]
    by_id = {a.id: k for a, k in zip(articles, keys, strict=True)}
    duplicate_of = {
        by_id[i]: by_id[g.canonical] for g in duplicates for i in g.ids if i != g.canonical
    }
    previous = previous or {}
    owner = {k: sid for sid, members in previous.items() for k in members}
    taken: set[str] = set()
    stories: list[Story] = []
    for members, central in zip(grouping.stories, grouping.central, strict=True):
        member_keys = [keys[m] for m in members]
        shared: dict[str, int] = {}
        for k in member_keys:
            if k in owner:
                shared[owner[k]] = shared.get(owner[k], 0) + 1
        old = next(
            (
                sid
                for sid, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))
                if sid not in taken
            ),
            None,
        )
        order = sorted(
            members,
            key=lambda m: (
                (previous[old].index(keys[m]) if old and keys[m] in previous[old] else 10**9),
                published_day(articles[m]) is None,
                published_day(articles[m]) or 0.0,
                keys[m],
            ),
        )
        if old is not None:
            sid = old
        else:
            founder = min(
                members,
                key=lambda m: (
                    published_day(articles[m]) is None,
                    published_day(articles[m]) or 0.0,
                    keys[m],
                ),
            )
            sid = story_id(keys[founder])
            suffix = 2
            while sid in taken or sid in previous:
                sid = f"{story_id(keys[founder])}-{suffix}"
                suffix += 1
        taken.add(sid)
        story_dups = {k: v for k, v in duplicate_of.items() if k in set(member_keys)}
        head = articles[central]
        stories.append(
            Story(
                id=sid,
                members=[articles[m] for m in order],
                keys=[keys[m] for m in order],
                duplicate_of=story_dups,
                headline=head.title or (head.sentences[0].text if head.sentences else head.label),
                settings=settings,
            )
        )
    return stories
