"""Inputs stay where the user put them.

A path the user names on the command line is read wherever it is. What the tool finds on its own
- the files of a named folder, the entries of a manifest - must resolve (symbolic links and `..`
followed) inside that folder, the manifest's folder, or another folder named on the command line.
Otherwise a manifest entry `../../etc/passwd`, an absolute path or a planted symlink would be read
and sent to the backend (a third party, for a hosted one). `--allow-outside` lifts the rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from summarize.errors import InputError


def resolved(path: Path) -> Path:
    """`path` with every symbolic link and `..` followed; a loop or unreadable link is an error."""
    try:
        return path.resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python 3.11)
        raise InputError(f"{path}: cannot follow its symbolic links ({exc})") from exc


def check_inside(path: Path, roots: Sequence[Path], *, named_in: str | None = None) -> None:
    """Refuse `path` unless it resolves inside one of `roots` (already resolved); no roots: any."""
    if not roots:
        return
    target = resolved(path)
    if any(target.is_relative_to(root) for root in roots):
        return
    where = f" (named in {named_in})" if named_in else ""
    others = ", or a folder named on the command line" if len(roots) > 1 else ""
    what = "is" if target == path.absolute() else f"resolves to {target},"
    raise InputError(
        f"{path}: {what} outside {roots[0]}{others}{where}; not read "
        "(name it on the command line, or pass --allow-outside)"
    )
