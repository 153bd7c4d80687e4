"""Headline vs body: is the headline's angle carried by the body?

Three checks, each visible: how many of the headline's content words the body uses; whether the
headline's loaded/emotive words (and its quoted words) occur in the body at all; and how far the
headline's tone is from the body's. "supported" needs all three; "partly" one failure.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from summarize.articles import Article
from summarize.framing._text import tokenize
from summarize.framing.sentiment import tone
from summarize.framing.wording import find_wording

COVERAGE_MIN = 0.6  # share of headline content words the body must use
TONE_GAP_MAX = 0.5  # |headline tone - body tone| (VADER compound) tolerated

_STOP = frozenset(
    "a an the of to in on at for and or but is are was were be been has have had "
    "with by from as that this it its his her their after over into about says "
    "said will would could new up out not no".split()
)


@dataclass(frozen=True)
class HeadlineCheck:
    headline: str | None
    coverage: float  # share of headline content words that the body uses
    missing_words: tuple[str, ...]
    loaded_words: tuple[str, ...]  # the headline's flagged words
    loaded_not_in_body: tuple[str, ...]
    headline_tone: float
    body_tone: float
    verdict: str  # supported, partly, not supported, no headline

    def to_dict(self) -> dict[str, object]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def check_headline(article: Article) -> HeadlineCheck:
    title = (article.title or "").strip()
    body = article.text
    if title and body.startswith(title):  # some feeds repeat the headline as the first line
        body = body[len(title) :]
    body_tone = round(
        sum(tone(s.text) for s in article.sentences) / max(len(article.sentences), 1), 3
    )
    if not title:
        return HeadlineCheck(None, 0.0, (), (), (), 0.0, body_tone, "no headline")
    body_stems = {_stem(t.lower) for t in tokenize(body)}
    content = [t.lower for t in tokenize(title) if t.lower not in _STOP and not t.text.isdigit()]
    missing = tuple(dict.fromkeys(w for w in content if _stem(w) not in body_stems))
    coverage = round(1 - len(missing) / len(content), 3) if content else 1.0
    headline_article = Article.from_text(article.id, title, source=article.source)
    loaded = tuple(dict.fromkeys(f.text.lower() for f in find_wording(headline_article)))
    loaded_missing = tuple(w for w in loaded if not all(_stem(p) in body_stems for p in w.split()))
    head_tone = round(tone(title), 3)
    failures = (
        (coverage < COVERAGE_MIN)
        + bool(loaded_missing)
        + (abs(head_tone - body_tone) > TONE_GAP_MAX)
    )
    verdict = ("supported", "partly", "not supported", "not supported")[failures]
    return HeadlineCheck(
        title, coverage, missing, loaded, loaded_missing, head_tone, body_tone, verdict
    )
