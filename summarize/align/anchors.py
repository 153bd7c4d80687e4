"""Rare names two articles share: what a match just below the SAME bar may rest on.

A name that an article writes in one sentence only ("Alaska", "Vladivostok", "World Economic
Outlook") marks that sentence's fact; when two articles each write it in one sentence, and
those sentences are each other's best match, they report the same thing (docs/ALIGNMENT.md
"Matched on a rare name"). Not an anchor: a person's name (a person appears in several facts:
"Peskov reinforced Putin's position" / "Peskov praised Trump's efforts"), a country or its
people ("Russian", "U.S."), a weekday or month, a title, or a name with a number in it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from summarize.align.units import TITLE_INDEX
from summarize.articles import Article
from summarize.settings import current
from summarize.text.countries import CountryAliases, countries_of
from summarize.text.headings import is_fragment, is_subheading, title_case
from summarize.text.lists import read_list, word_set
from summarize.text.names import NameRun, bare, name_runs, names_in
from summarize.text.words import normalise

# title and role words: next to a name, they make it a person's (`_is_person`)
_PERSON_CUES = word_set("titles.txt") | {
    row[0] for row in read_list("roles.tsv") if " " not in row[0]
}
_TAIL = re.compile(r"[A-Z][\w'’.\-]*\s+of\s+(?:the\s+)?$")
# an appositive's first two words after its article: ", the chairman of", ", a Kremlin spokesman"
_APPOSITIVE = re.compile(r",\s+(?:the\s+|a\s+|an\s+)?([\w'’.\-]+)(?:\s+([\w'’.\-]+))?")
_LINKS = frozenset(["of", "the", "a", "an"])
_WORD = re.compile(r"[A-Za-z][\w'’.\-]*")

SentenceKey = tuple[str, int]  # (article id, sentence index; -1 for the headline)


def _is_person(text: str, start: int, end: int) -> bool:
    """A title or role word inside the run, among the two words before it ("of the" aside) or
    in an appositive after it: "Kremlin spokesman Dmitry Peskov", "chairman of the Joint Chiefs
    of Staff", "Mark Milley, the chairman of ..."."""
    words = [bare(w).lower() for w in _WORD.findall(text[start:end])]
    before = [bare(w).lower() for w in _WORD.findall(text[max(0, start - 60) : start])]
    while before and before[-1] in _LINKS:
        before.pop()
    after = _APPOSITIVE.match(text, end)
    appositive = [bare(w).lower() for w in after.groups() if w] if after else []
    cues = before[-2:] + words + appositive
    return any(w.split("-")[-1] in _PERSON_CUES for w in cues)


def name_keys(text: str, runs: Sequence[NameRun], aliases: CountryAliases) -> list[frozenset[str]]:
    """The names of `text` (normalised; `runs` its `name_runs`) that could anchor a fact, each as
    its significant words."""
    if is_subheading(text) or is_fragment(text) or title_case(text):
        return []
    out: list[frozenset[str]] = []
    for m, shown, significant in runs:
        if _TAIL.search(text[: m.start()]):
            continue  # "Staff" of "Joint Chiefs of Staff": the tail of a name already read
        if _is_person(text, m.start(), m.end()):
            continue
        if countries_of(shown, aliases):
            continue
        # a name with a number is a product or a disease the story is about ("COVID-19")
        words = frozenset(
            w
            for w in significant
            if len(w) >= current().align.anchor_min_letters and not any(c.isdigit() for c in w)
        )
        if words:
            out.append(words)
    return out


def rare_names(articles: Sequence[Article]) -> dict[SentenceKey, frozenset[str]]:
    """Per sentence (and headline), the words of its anchoring names whose every word no other
    sentence of its article writes: "Kathy Hochul" in a story about Hochul is no anchor even
    where "Kathy" is written once."""
    aliases = CountryAliases()
    out: dict[SentenceKey, frozenset[str]] = {}
    for a in articles:
        texts = [(s.index, s.text) for s in a.sentences if s.text.strip()]
        if a.title and not a.headline_opens_text:
            texts.append((TITLE_INDEX, a.title))
        keys: dict[int, list[frozenset[str]]] = {}
        seen: Counter[str] = Counter()  # every name word, a person's too: "Gov. Kathy Hochul"
        for index, raw in texts:
            text = normalise(raw)
            runs = name_runs(text)
            keys[index] = name_keys(text, runs, aliases)
            written = {bare(w) for w in names_in(text)}  # a sentence's opening name too
            seen.update(written | {w for _, _, words in runs for w in words})
        for index, found in keys.items():
            rare = frozenset(w for key in found if all(seen[x] == 1 for x in key) for w in key)
            if rare:
                out[(a.id, index)] = rare
    return out
