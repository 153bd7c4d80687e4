"""Tone: VADER compound scores of the outlet's own words, and sentiment toward named actors.

Quoted words are masked before scoring: a quote's tone is the speaker's, not the outlet's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from summarize.articles import Article
from summarize.text.names import actor_mentions as actor_mentions  # re-exported


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def tone(text: str) -> float:
    """VADER compound score, -1..+1."""
    return float(_analyzer().polarity_scores(text)["compound"]) if text.strip() else 0.0


def narrator_text(text: str, start: int, quote_spans: Sequence[tuple[int, int]]) -> str:
    """`text` (which begins at `start`) with direct quotes blanked out."""
    chars = list(text)
    for s, e in quote_spans:
        for k in range(max(s, start), min(e, start + len(text))):
            chars[k - start] = " "
    return "".join(chars)


@dataclass(frozen=True)
class ActorTone:
    actor: str
    mentions: int  # sentences naming the actor
    tone: float  # mean VADER compound of those sentences, quotes masked
    sentences: tuple[int, ...]

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "sentences": list(self.sentences)}


def actor_tones(
    article: Article, actors: Sequence[str], quote_spans: Sequence[tuple[int, int]]
) -> list[ActorTone]:
    """Per actor: the mean tone of the outlet's own words in sentences that name the actor."""
    out = []
    for actor in actors:
        pattern = re.compile(r"\b" + re.escape(actor) + r"\b")
        scores: list[float] = []
        where: list[int] = []
        for sent in article.sentences:
            if pattern.search(sent.text):
                scores.append(tone(narrator_text(sent.text, sent.start, quote_spans)))
                where.append(sent.index)
        mean = round(sum(scores) / len(scores), 3) if scores else 0.0
        out.append(ActorTone(actor, len(scores), mean, tuple(where)))
    return out
