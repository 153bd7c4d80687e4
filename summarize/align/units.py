"""Alignment units and their features, computed once per unit (never per pair).

A unit is what can carry a fact: every non-empty body sentence, the headline when it is not
already the first sentence, optionally the clauses of a long sentence, and each verified model
claim (pointing at its evidence sentence). Features: a TF-IDF vector over stemmed content words
(IDF over all units), numbers, capitalised names and a comparable string for the fuzzy ratio.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from summarize.align.alignment import ArticleDigest, ClaimRef
from summarize.articles import Article, Sentence
from summarize.settings import current
from summarize.text.names import acronyms_in, expanded_acronyms, names_in
from summarize.text.numbers import is_telling, plain, read_numbers
from summarize.text.vectors import document_frequency, idf_table, normalised, tf_idf
from summarize.text.words import comparable, content_words, stem
from summarize.verify import CheckedClaim, quoted_spans

UnitKind = Literal["sentence", "title", "clause", "claim"]
TITLE_INDEX = -1  # Sentence.index of a headline unit (not a body sentence)

# Clause boundaries: a semicolon, a dash, or a comma before a conjunction or a relative word.
# Only sentences with at least align.clause_min_words words are split, and only clauses with at
# least align.clause_part_words content words become units (shorter ones are not a checkable
# fact alone).
_CLAUSE = re.compile(
    r";\s+|\s+[—–]\s+|,\s+(?=(?:and|but|while|whereas|although|though|after|before|as|"
    r"which|who|where|when|because|adding|saying|amid)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Unit:
    article_id: str
    sentence: Sentence  # the evidence: a body sentence, or the headline (index TITLE_INDEX)
    text: str  # what is compared: the sentence, the clause, the claim
    kind: UnitKind
    vector: dict[str, float]  # L2-normalised TF-IDF over content words
    idf_total: float  # sum of the IDF of the unit's distinct content words
    words: frozenset[str]
    numbers: frozenset[str]
    telling_numbers: frozenset[str]  # the ones a match may rest on (text.numbers)
    names: frozenset[str]
    flat: str  # comparable(text), for the fuzzy ratio

    def ref(self) -> ClaimRef:
        claim = CheckedClaim(text=self.text, status="verified", sentence=self.sentence, score=1.0)
        return ClaimRef(self.article_id, claim, kind=self.kind)


def headline_sentence(article: Article) -> Sentence | None:
    """The headline as a unit's sentence, unless the body's first sentence already is it."""
    if not article.title or not article.title.strip():
        return None
    if article.headline_opens_text:
        return None
    span = article.title_span
    start, end = (span.start, span.end) if span is not None else (0, 0)
    return Sentence(index=TITLE_INDEX, start=start, end=end, text=article.title, paragraph=-1)


def clauses(text: str) -> list[str]:
    """The clauses of a long sentence worth aligning on their own (empty for short ones). A
    boundary inside a quotation is not one: a dash inside a speaker's words left "“If any
    foreign troops appear there" as a clause (a matrix row) of its own."""
    if len(text.split()) < current().align.clause_min_words:
        return []
    quoted = [(start, end) for start, end, _ in quoted_spans(text)]
    parts: list[str] = []
    last = 0
    for m in _CLAUSE.finditer(text):
        if any(start < m.start() < end for start, end in quoted):
            continue
        parts.append(text[last : m.start()])
        last = m.end()
    parts.append(text[last:])
    parts = [p.strip(" ,;") for p in parts]
    parts = [p for p in parts if len(content_words(p)) >= current().align.clause_part_words]
    return parts if len(parts) >= 2 else []


def raw_units(
    articles: Sequence[Article],
    digests: Sequence[ArticleDigest] | None = None,
    *,
    split_clauses: bool = True,
) -> list[tuple[str, Sentence, str, UnitKind]]:
    """(article id, sentence, text, kind) in article order: headline, sentences (each followed
    by its clauses), then the article's verified model claims."""
    claims: dict[str, list[CheckedClaim]] = {}
    for d in digests or ():
        claims.setdefault(d.article.id, []).extend(
            c for c in d.claims if c.verified and c.sentence is not None
        )
    out: list[tuple[str, Sentence, str, UnitKind]] = []
    for a in articles:
        head = headline_sentence(a)
        if head is not None:
            out.append((a.id, head, head.text, "title"))
        for s in a.sentences:
            if not s.text.strip():
                continue
            out.append((a.id, s, s.text, "sentence"))
            if split_clauses:
                out += [(a.id, s, part, "clause") for part in clauses(s.text)]
        seen = {s.text for s in a.sentences}
        for c in claims.get(a.id, ()):
            assert c.sentence is not None
            if c.text not in seen:  # a claim that copies its sentence adds nothing
                seen.add(c.text)
                out.append((a.id, c.sentence, c.text, "claim"))
    return out


def build_units(
    raw: Sequence[tuple[str, Sentence, str, UnitKind]],
) -> tuple[list[Unit], dict[str, float]]:
    """Units with their features, and the IDF of every content word and name over the units."""
    # a unit that writes out "the Federal Trade Commission" also holds "ftc" when some unit
    # of these articles writes FTC, so the two wordings share the word (docs/ALIGNMENT.md)
    known = {a for _, _, text, _ in raw for a in acronyms_in(text)}
    bags = [
        Counter(content_words(text) | {stem(a) for a in expanded_acronyms(text, known)})
        for _, _, text, _ in raw
    ]
    name_sets = [names_in(text) for _, _, text, _ in raw]
    n = max(1, len(raw))
    idf = idf_table(document_frequency(bags), n)
    name_idf = idf_table(document_frequency(name_sets), n, smooth=False)
    units: list[Unit] = []
    for (aid, sentence, text, kind), bag, names in zip(raw, bags, name_sets, strict=True):
        found = read_numbers(text)  # read once for both number features
        units.append(
            Unit(
                article_id=aid,
                sentence=sentence,
                text=text,
                kind=kind,
                vector=normalised(tf_idf(bag, idf)),
                idf_total=math.fsum(idf[w] for w in bag),
                words=frozenset(bag),
                numbers=frozenset(plain(n.value) for n in found),
                telling_numbers=frozenset(plain(n.value) for n in found if is_telling(n, text)),
                names=names,
                flat=comparable(text),
            )
        )
    return units, name_idf
