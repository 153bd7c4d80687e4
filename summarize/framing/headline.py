"""Headline vs body: is the headline's angle carried by the body?

Three checks, each visible: how many of the headline's content words the body uses; whether the
headline's loaded/emotive words (and its quoted words) occur in the body at all; and how far the
headline's tone is from the body's. "supported" needs all three; "partly" one failure. Content
words and stems are the text layer's (`summarize.text.words`), as in the claim checks.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from summarize.articles import Article
from summarize.framing.sentiment import tone
from summarize.framing.wording import find_wording
from summarize.settings import current
from summarize.text.words import STOPWORDS, stem, tokenize


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


def _body_start(article: Article, title: str) -> int:
    """Where the body begins: after the headline when the text repeats it as its first line
    (some feeds do; loading marks it as `title_span`), else 0."""
    if article.title_span is not None and article.title_span.start == 0:
        return article.title_span.end
    return len(title) if title and article.text.startswith(title) else 0


def _body_sentences(article: Article, start: int) -> list[str]:
    """The sentences of the body alone: a leading headline line is not body, for the tone as
    for the word coverage, so the verdict is the same with or without it."""
    out = []
    for s in article.sentences:
        if s.end <= start:
            continue
        text = s.text if s.start >= start else article.text[start : s.end]
        if text.strip():
            out.append(text)
    return out


def check_headline(article: Article) -> HeadlineCheck:
    title = (article.title or "").strip()
    start = _body_start(article, title)
    body = article.text[start:]
    sentences = _body_sentences(article, start)
    body_tone = round(sum(tone(s) for s in sentences) / max(len(sentences), 1), 3)
    if not title:
        return HeadlineCheck(None, 0.0, (), (), (), 0.0, body_tone, "no headline")
    body_stems = {stem(t.lower) for t in tokenize(body)}
    content = [
        t.lower for t in tokenize(title) if t.lower not in STOPWORDS and not t.text.isdigit()
    ]
    missing = tuple(dict.fromkeys(w for w in content if stem(w) not in body_stems))
    coverage = round(1 - len(missing) / len(content), 3) if content else 1.0
    headline_article = Article.from_text(article.id, title, source=article.source)
    loaded = tuple(
        dict.fromkeys(f.text.lower() for f in find_wording(headline_article, headline=True))
    )
    loaded_missing = tuple(w for w in loaded if not all(stem(p) in body_stems for p in w.split()))
    head_tone = round(tone(title), 3)
    failures = (
        (coverage < current().framing.coverage_min)
        + bool(loaded_missing)
        + (abs(head_tone - body_tone) > current().framing.tone_gap_max)
    )
    verdict = ("supported", "partly", "not supported", "not supported")[failures]
    return HeadlineCheck(
        title, coverage, missing, loaded, loaded_missing, head_tone, body_tone, verdict
    )
