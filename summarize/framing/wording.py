"""Loaded, subjective and emotive wording, each flagged word with its offsets into the text.

Categories of a flag:
- `loaded`: one-sided labels from our list (`data/loaded_terms.tsv`), after Recasens et al. 2013;
- `intensifier`: degree words ("utterly", "sweeping"), ours;
- `emotive`: VADER valence magnitude >= framing.emotive_min (Hutto & Gilbert 2014, MIT);
- `subjective`: Pattern adjective subjectivity >= framing.subjective_min (De Smedt & Daelemans,
  PDDL).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache

from summarize.articles import Article
from summarize.framing.lexicons import pattern_subjectivity, vader_valence
from summarize.settings import current
from summarize.text.lists import phrase_matcher, read_list
from summarize.text.spans import inside, sentence_index_at
from summarize.text.words import tokenize

# Frequent adjectives Pattern rates subjective that in news mostly quantify or date.
_NOT_SUBJECTIVE = frozenset(
    "only just more most many much other own same such few last first "
    "next new old former least less several still very whole real "
    "certain main full major total final own previous recent high low "
    "long short early late public general particular possible likely "
    "able sure clear free open due true false white black big small "
    "large little young right left".split()
)


@dataclass(frozen=True)
class Flag:
    """One flagged word or phrase; `start`/`end` index `Article.text`."""

    text: str
    start: int
    end: int
    sentence_index: int
    categories: tuple[str, ...]
    valence: float  # VADER valence -4..+4, 0 when not in the lexicon
    in_quote: bool  # inside a direct quote: the source's words, not the outlet's

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "categories": list(self.categories)}


@lru_cache(maxsize=1)
def _curated() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in read_list("loaded_terms.tsv")}


@lru_cache(maxsize=1)
def _curated_pattern() -> re.Pattern[str]:
    return phrase_matcher(_curated())


def find_wording(
    article: Article, quote_spans: Sequence[tuple[int, int]] = (), *, headline: bool = False
) -> list[Flag]:
    """Flags in text order; a word matched by several lexicons carries all their categories.

    In body text a capitalised word inside a sentence is a name ("Rep. Louise Slaughter"), not
    a judgement, for the list terms as for the lexicons; a title-case `headline` keeps them."""
    found: dict[tuple[int, int], tuple[str, set[str], float]] = {}
    valence = vader_valence()
    subjectivity = pattern_subjectivity()
    sentence_starts = {sent.start for sent in article.sentences}
    for m in _curated_pattern().finditer(article.text):
        if not headline and m.group()[:1].isupper() and m.start() not in sentence_starts:
            continue
        term = " ".join(m.group().lower().split())
        found[(m.start(), m.end())] = (m.group(), {_curated()[term]}, valence.get(term, 0.0))
    for tok in tokenize(article.text):
        word = tok.lower
        if tok.text[:1].isupper() and tok.start not in sentence_starts:
            continue  # a name ("United", "Liberty"), not a judgement
        cats: set[str] = set()
        val = valence.get(word, 0.0)
        if abs(val) >= current().framing.emotive_min:
            cats.add("emotive")
        subj = subjectivity.get(word)
        if (
            subj is not None
            and subj[1] >= current().framing.subjective_min
            and word not in _NOT_SUBJECTIVE
        ):
            cats.add("subjective")
        if not cats:
            continue
        key = (tok.start, tok.end)
        if key in found:
            found[key][1].update(cats)
        elif not any(s <= tok.start and tok.end <= e for s, e in found):
            found[key] = (tok.text, cats, val)
        else:  # a word inside a curated phrase: add its categories to the phrase
            for (s, e), entry in found.items():
                if s <= tok.start and tok.end <= e:
                    entry[1].update(cats)
    return [
        Flag(
            text,
            s,
            e,
            sentence_index_at(article, s),
            tuple(sorted(cats)),
            val,
            inside(quote_spans, s, e),
        )
        for (s, e), (text, cats, val) in sorted(found.items())
    ]


def intensity(flags: Sequence[Flag], words: int) -> float:
    """Arousal proxy per 100 words: emotive magnitude (|valence|/4) plus 0.5 per intensifier.

    NeuS (Lee et al. 2022) used NRC VAD arousal, which cannot be shipped; this proxy from VADER's
    valence magnitude and intensifiers is what we can redistribute.
    """
    if words == 0:
        return 0.0
    total = sum(abs(f.valence) / 4 for f in flags) + 0.5 * sum(
        "intensifier" in f.categories for f in flags
    )
    return round(100 * total / words, 2)
