"""A story: its articles (near-duplicates counted once), outlets, lean coverage, blind spot.

>>> lean_side("lean left"), lean_side("Center"), lean_side("right"), lean_side("mixed")
('left', 'center', 'right', None)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from summarize.articles import Article
from summarize.settings import StorySettings

SIDES = ("left", "center", "right")


def lean_side(lean: str | None) -> str | None:
    """AllSides-style leans ("lean left", "far right", "center") as left / center / right."""
    if not lean:
        return None
    text = lean.lower()
    if "left" in text or "liberal" in text:
        return "left"
    if "right" in text or "conservative" in text:
        return "right"
    if text.strip() in ("center", "centre", "centrist", "neutral"):
        return "center"
    return None


@dataclass
class Story:
    id: str
    members: list[Article]  # briefing order; ids are the pool's
    keys: list[str]  # article keys, same order
    duplicate_of: dict[str, str]  # member key -> the key of the copy it counts as
    headline: str
    settings: StorySettings = field(repr=False, default_factory=StorySettings)
    status: str = "pending"  # pending | briefed | partial | failed | single-outlet | skipped
    detail: str | None = None  # why it failed, or what was partial
    files: dict[str, str] = field(default_factory=dict)  # format -> path relative to the index

    @property
    def counted(self) -> list[Article]:
        """Members with every near-duplicate counted once."""
        return [
            a for a, k in zip(self.members, self.keys, strict=True) if k not in self.duplicate_of
        ]

    @property
    def outlets(self) -> list[str]:
        """Distinct outlets of the counted members, in member order."""
        seen: dict[str, None] = {}
        for a in self.counted:
            seen.setdefault(a.label.lower() and a.label, None)
        return list(seen)

    @property
    def briefable(self) -> bool:
        return len({o.lower() for o in self.outlets}) >= self.settings.min_outlets

    def lean_coverage(self) -> dict[str, int]:
        """Distinct outlets per side; `unknown` for outlets of no known lean."""
        sides: dict[str, str | None] = {}
        for a in self.counted:
            sides.setdefault(a.label.lower(), lean_side(a.lean))
        coverage = dict.fromkeys((*SIDES, "unknown"), 0)
        for side in sides.values():
            coverage[side or "unknown"] += 1
        return coverage

    def blind_spot(self) -> str | None:
        """The side (left or right) that carries the story alone, or None: a blind spot of the
        other side, flagged once enough outlets of known lean stand behind it."""
        coverage = self.lean_coverage()
        known = coverage["left"] + coverage["center"] + coverage["right"]
        if known < self.settings.blind_spot_min_outlets:
            return None
        if coverage["left"] and not coverage["right"]:
            return "left"
        if coverage["right"] and not coverage["left"]:
            return "right"
        return None

    def dates(self) -> tuple[str | None, str | None]:
        days = sorted(a.published for a in self.members if a.published)
        return (days[0], days[-1]) if days else (None, None)
