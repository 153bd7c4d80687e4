"""What loading returns: the articles, the inputs that could not be used, duplicate groups."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from summarize.articles.article import Article


@dataclass(frozen=True)
class InputProblem:
    """An input skipped with `skip_bad`; `str()` is the one-line "path: message"."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class DuplicateGroup:
    """Articles that are the same text (a wire story under two outlets, or one file twice).

    `canonical` is the one later steps should count (the longest, the earliest on a tie);
    `similarity` is the lowest pairwise overlap that linked the group (1.0 = identical).
    """

    ids: tuple[str, ...]
    canonical: str
    similarity: float
    pairs: tuple[tuple[str, str, float], ...] = ()

    @property
    def others(self) -> tuple[str, ...]:
        return tuple(i for i in self.ids if i != self.canonical)

    def __str__(self) -> str:
        others = ", ".join(self.others)
        return (
            f"{' = '.join(self.ids)} are near-duplicates ({self.similarity:.0%} overlap); "
            f"{self.canonical} is kept, {others} counted once with it"
        )


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    duplicates: list[DuplicateGroup] = field(default_factory=list)

    def duplicate_of(self, article_id: str) -> str | None:
        """The canonical id `article_id` duplicates, or None if it is its own canonical."""
        for group in self.duplicates:
            if article_id in group.others:
                return group.canonical
        return None

    @property
    def unique_articles(self) -> list[Article]:
        """Articles with every near-duplicate counted once (its canonical kept)."""
        return [a for a in self.articles if self.duplicate_of(a.id) is None]

    def to_dict(self) -> dict[str, Any]:
        """What was loaded, removed and skipped, for JSON output (no article text)."""
        return {
            "articles": [
                {
                    **a.to_dict(),
                    "language": a.language,
                    "key": a.key,
                    "characters": len(a.text),
                    "paragraphs": len(a.paragraphs),
                    "sentences": len(a.sentences),
                    "duplicate_of": self.duplicate_of(a.id),
                    "removed": [
                        {
                            "reason": b.reason,
                            "text": b.text,
                            "source_start": b.source_start,
                            "source_end": b.source_end,
                        }
                        for b in a.removed
                    ],
                }
                for a in self.articles
            ],
            "duplicates": [
                {
                    "ids": list(g.ids),
                    "canonical": g.canonical,
                    "similarity": g.similarity,
                    "pairs": [list(p) for p in g.pairs],
                }
                for g in self.duplicates
            ],
            "problems": [{"path": p.path, "message": p.message} for p in self.problems],
        }
