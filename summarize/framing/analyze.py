"""One article's framing measurements, every flagged word pointing at its offsets."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from summarize.articles import Article
from summarize.framing._text import unsupported_reason
from summarize.framing.flags import shown_flags
from summarize.framing.headline import HeadlineCheck, check_headline
from summarize.framing.hedges import find_markers
from summarize.framing.sentiment import ActorTone, actor_mentions, actor_tones, narrator_text, tone
from summarize.framing.verbs import VerbUse, lookup
from summarize.framing.wording import Flag, find_wording, intensity
from summarize.settings import current
from summarize.text.quote_finder import find_quotes
from summarize.text.quote_rules import Quote
from summarize.text.words import tokenize


@dataclass(frozen=True)
class Voice:
    speaker: str
    side: str
    direct_quotes: int
    indirect_quotes: int
    quoted_words: int  # words inside this speaker's direct quotes
    share: float  # of all directly quoted words in the article
    verbs: dict[str, int]  # reporting-verb category -> count

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass
class ArticleFraming:
    id: str
    outlet: str | None
    title: str | None
    supported: bool
    reason: str | None = None  # why the lexicons could not score it (non-English, empty)
    words: int = 0
    quotes: list[Quote] = field(default_factory=list)
    voices: list[Voice] = field(default_factory=list)
    sides: dict[str, float] = field(default_factory=dict)  # side -> share of quoted words
    first_speaker: str | None = None
    verbs: list[VerbUse] = field(default_factory=list)
    markers: list[Flag] = field(default_factory=list)  # hedges, boosters, epistemic, factive
    wording: list[Flag] = field(default_factory=list)  # loaded, subjective, emotive, intensifier
    # shown to the reader as flagged (framing/flags.py): list terms, emotive verbs, implicatives
    flagged: list[Flag] = field(default_factory=list)
    sentence_scores: list[int] = field(default_factory=list)  # outlet-voice flags per sentence
    intensity: float = 0.0
    tone: float = 0.0  # VADER compound of the outlet's own words (quotes masked)
    actors: list[ActorTone] = field(default_factory=list)
    headline: HeadlineCheck | None = None

    @property
    def quoted_share(self) -> float:
        quoted = sum(q.words for q in self.quotes if q.kind == "direct")
        return round(quoted / self.words, 3) if self.words else 0.0

    def rate(self, flags: list[Flag], category: str, *, narrator_only: bool = True) -> float:
        """Flags of a category per 100 words, in the outlet's own voice by default."""
        n = sum(category in f.categories and not (narrator_only and f.in_quote) for f in flags)
        return round(100 * n / self.words, 2) if self.words else 0.0

    @property
    def loaded_verb_share(self) -> float | None:
        return round(sum(v.loaded for v in self.verbs) / len(self.verbs), 3) if self.verbs else None

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for name, flags in (("markers", self.markers), ("wording", self.wording)):
            c: Counter[str] = Counter()
            for f in flags:
                for cat in f.categories:
                    c[f"{cat}{'_quoted' if f.in_quote else ''}"] += 1
            out[name] = dict(sorted(c.items()))
        return out

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "outlet": self.outlet,
            "title": self.title,
            "supported": self.supported,
            "reason": self.reason,
            "words": self.words,
            "quoted_share": self.quoted_share,
            "first_speaker": self.first_speaker,
            "sides": self.sides,
            "voices": [v.to_dict() for v in self.voices],
            "quotes": [q.to_dict() for q in self.quotes],
            "verbs": [v.to_dict() for v in self.verbs],
            "loaded_verb_share": self.loaded_verb_share,
            "rates_per_100_words": {
                cat: self.rate(self.markers if cat in _MARKER_CATS else self.wording, cat)
                for cat in (*_MARKER_CATS, "loaded", "subjective", "emotive", "intensifier")
            },
            "counts": self.counts(),
            "markers": [f.to_dict() for f in self.markers],
            "wording": [f.to_dict() for f in self.wording],
            "flagged": [f.to_dict() for f in self.flagged],
            "sentence_scores": self.sentence_scores,
            "intensity": self.intensity,
            "tone": self.tone,
            "actors": [a.to_dict() for a in self.actors],
            "headline": self.headline.to_dict() if self.headline else None,
        }


_MARKER_CATS = ("hedge", "booster", "epistemic", "factive", "implicative")


def _voices(quotes: list[Quote]) -> tuple[list[Voice], dict[str, float]]:
    total = sum(q.words for q in quotes if q.kind == "direct")
    by_speaker: dict[str, list[Quote]] = defaultdict(list)
    for q in quotes:
        if q.speaker is not None:
            by_speaker[q.speaker].append(q)
    voices = []
    for speaker, qs in by_speaker.items():
        words = sum(q.words for q in qs if q.kind == "direct")
        verbs: Counter[str] = Counter()
        for q in qs:
            entry = lookup(q.verb) if q.verb else None
            if entry is not None:
                verbs[entry.category] += 1
        voices.append(
            Voice(
                speaker,
                qs[0].side,
                sum(q.kind == "direct" for q in qs),
                sum(q.kind == "indirect" for q in qs),
                words,
                round(words / total, 3) if total else 0.0,
                dict(verbs),
            )
        )
    voices.sort(key=lambda v: (-v.quoted_words, -v.direct_quotes - v.indirect_quotes))
    side_words: Counter[str] = Counter()
    for q in quotes:
        if q.kind == "direct":
            side_words[q.side if q.speaker else "unattributed"] += q.words
    sides = {s: round(w / total, 3) for s, w in side_words.most_common()} if total else {}
    return voices, sides


def _verb_uses(article: Article, quotes: list[Quote]) -> list[VerbUse]:
    uses = []
    for q in quotes:
        entry = lookup(q.verb) if q.verb else None
        if entry is not None and q.verb_start >= 0:
            uses.append(
                VerbUse(
                    q.verb or "",
                    q.verb_start,
                    q.verb_end,
                    entry.lemma,
                    entry.category,
                    entry.loaded,
                    q.sentence_index,
                    q.speaker,
                )
            )
    return sorted(set(uses), key=lambda v: v.start)


def analyze_article(article: Article, actors: list[str] | None = None) -> ArticleFraming:
    """All framing measures of one article; `actors` overrides its own most-named actors."""
    reason = unsupported_reason(article)
    quotes = find_quotes(article)  # punctuation-based: works in any language
    voices, sides = _voices(quotes)
    first = next((q.speaker for q in quotes if q.speaker), None)
    result = ArticleFraming(
        article.id,
        article.outlet,
        article.title,
        reason is None,
        reason,
        len(tokenize(article.text)),
        quotes,
        voices,
        sides,
        first,
    )
    if reason is not None:  # lexicon scores would read as "neutral": leave them out
        return result
    spans = [(q.start, q.end) for q in quotes if q.kind == "direct"]
    result.verbs = _verb_uses(article, quotes)
    result.markers = find_markers(article, spans)
    result.wording = find_wording(article, spans)
    # a reported clause ("X said that …") paraphrases the source: its words are not the outlet's
    reported = [(q.start, q.end) for q in quotes if q.kind == "indirect"]
    result.flagged = shown_flags(result.wording, result.markers, result.verbs, reported)
    scores = [0] * len(article.sentences)
    for f in result.wording:
        if not f.in_quote:
            scores[f.sentence_index] += 1
    for v in result.verbs:
        scores[v.sentence_index] += v.loaded
    result.sentence_scores = scores
    result.intensity = intensity([f for f in result.wording if not f.in_quote], result.words)
    own = narrator_text(article.text, 0, spans)
    # mean of sentence scores: VADER's compound saturates on whole articles
    tones = [tone(narrator_text(s.text, s.start, spans)) for s in article.sentences]
    result.tone = round(sum(tones) / len(tones), 3) if tones else 0.0
    if actors is None:
        actors = [
            a for a, n in actor_mentions(own).most_common(current().framing.main_actors) if n >= 2
        ]
    result.actors = actor_tones(article, actors, spans)
    result.headline = check_headline(article)
    return result
