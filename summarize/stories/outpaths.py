"""Where a stories run writes: file names built from story ids only after checking the ids,
and every briefing path checked to stay inside the output folder.

Story ids come from the tool (`s-` and 12 hex digits) or from an earlier run's index.json in the
output folder, which anyone who can write that folder can plant. So an id is used in a path only
when it is a plain name (letters, digits, `-`, `_`: no separator, no dots), and the path it
makes must resolve inside the output folder (a planted `stories` symlink cannot move the writes).

    >>> valid_story_id("s-0123456789ab-2"), valid_story_id("../../ESCAPED"), valid_story_id("..")
    (True, False, False)
"""

from __future__ import annotations

import re
from pathlib import Path

from summarize.errors import InputError

STORIES_FOLDER = "stories"
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def valid_story_id(text: object) -> bool:
    return isinstance(text, str) and _ID.fullmatch(text) is not None


def story_relative(story_id: str, fmt: str) -> str:
    """The briefing's path relative to the index (what the index links to)."""
    if not valid_story_id(story_id):
        raise InputError(f"story id {story_id!r}: not a plain name; nothing written for it")
    return f"{STORIES_FOLDER}/{story_id}.{fmt}"


def inside_output(folder: Path, relative: str) -> Path:
    """`folder / relative`, refused unless it resolves inside `folder`."""
    path = folder / relative
    try:
        root, target = folder.resolve(), path.resolve()
    except (OSError, RuntimeError) as exc:
        raise InputError(f"{path}: cannot follow its symbolic links ({exc})") from exc
    if not target.is_relative_to(root) or target == root:
        raise InputError(
            f"{path}: resolves to {target}, outside the output folder {folder}; not written"
        )
    return path
