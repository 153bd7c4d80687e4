"""Names and numbers that only one article mentions (docs/ALIGNMENT.md "Named in one article").

The sentence alignment rarely calls a fact single-source: its generous "touches" bar finds a
close sentence for almost every sentence of an article about the same event. A name or a number
can be checked exactly instead: "only A4 names the Budapest Memorandum", "only A1 gives 35".
The search of the other articles is deliberately generous, so a miss reads as a real absence of
the name, never as a spelling difference:

- a name counts as mentioned when any of its words occurs in the other article with the same
  first five letters, accents and abbreviation dots ignored ("Zelenskiy" / "Zelenskyy",
  "Moïse" / "Moise", "F.B.I." / "FBI"), when its acronym does or it is the acronym of a name
  there ("Food and Drug Administration" / "FDA"), or when the other article names the same
  country by any alias in `countries.tsv` ("Britain" / "UK" / "London");
- a number counts as mentioned when the same value occurs there, in digits or words.

Each article's words, prefixes, countries and numbers are read once into one index (term ->
the articles that mention it), so the cost grows with the text, not with pairs of articles.

The statement this licenses is about the name or the number, not about the sentence's fact:
another article may carry the fact without the name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from summarize.articles import Article, Sentence
from summarize.settings import current
from summarize.text.countries import CountryAliases, countries_of
from summarize.text.headings import is_subheading, title_case
from summarize.text.names import NAME_RUN, bare, initials, name_runs, shown_name
from summarize.text.numbers import inside_name, plain, read_numbers
from summarize.text.words import normalise

_WORD = re.compile(r"[a-z0-9][a-z0-9'’.\-]*[a-z0-9]|[a-z0-9]")


@dataclass(frozen=True)
class Detail:
    """A sentence of one article with the names and numbers no other article mentions."""

    article_id: str
    sentence: Sentence
    terms: tuple[str, ...]  # as written, in text order

    def to_dict(self) -> dict[str, object]:
        return {
            "article": self.article_id,
            "sentence": self.sentence.index + 1,
            "text": self.sentence.text,
            "start": self.sentence.start,
            "end": self.sentence.end,
            "terms": list(self.terms),
        }


class _Mentions:
    """Which articles (as their canonical ids) mention each word, word prefix, country and
    number: one pass over every article, then every check is a lookup."""

    def __init__(
        self, articles: Sequence[Article], group: Mapping[str, str], aliases: CountryAliases
    ) -> None:
        self.words: dict[str, set[str]] = {}
        self.prefixes: dict[str, set[str]] = {}
        self.countries: dict[str, set[str]] = {}
        self.numbers: dict[str, set[str]] = {}
        for a in articles:
            g = group[a.id]
            raw = normalise(f"{a.title or ''}\n{a.text}")
            text = raw.lower()
            words = {bare(w) for w in _WORD.findall(text)}
            # and the parts of hyphened words: "Washington-based" mentions Washington
            words |= {bare(p) for w in words if "-" in w for p in w.split("-") if p}
            # its names' acronyms too, so another's "FDA" finds "Food and Drug Administration"
            words |= {x for m in NAME_RUN.finditer(raw) for x in initials(shown_name(m.group()))}
            for w in words:
                self.words.setdefault(w, set()).add(g)
                if len(w) >= current().align.name_prefix:
                    self.prefixes.setdefault(w[: current().align.name_prefix], set()).add(g)
            for c in aliases.countries(words, text):
                self.countries.setdefault(c, set()).add(g)
            for n in read_numbers(text):
                self.numbers.setdefault(plain(n.value), set()).add(g)

    @staticmethod
    def _elsewhere(table: Mapping[str, set[str]], key: str, own: str) -> bool:
        return any(g != own for g in table.get(key, ()))

    def name_elsewhere(self, words: Sequence[str], countries: set[str], own: str) -> bool:
        return (
            any(self._elsewhere(self.words, w, own) for w in words)
            or any(
                self._elsewhere(self.prefixes, w[: current().align.name_prefix], own)
                for w in words
                if len(w) >= current().align.name_prefix
            )
            or any(self._elsewhere(self.countries, c, own) for c in countries)
        )

    def number_elsewhere(self, value: str, own: str) -> bool:
        return self._elsewhere(self.numbers, value, own)


def _names(text: str) -> list[tuple[str, list[str]]]:
    """Name runs as written with their significant words and initials."""
    return [(shown, significant + initials(shown)) for _, shown, significant in name_runs(text)]


def _numbers(text: str) -> list[tuple[str, str]]:
    """Numbers written in digits that identify a fact: money, a percent, or from 10 up (years
    included: "1994", "2014")."""
    out: list[tuple[str, str]] = []
    for n in read_numbers(text):
        if not text[n.num_start : n.num_start + 1].isdigit():
            continue
        if n.currency is None and not n.percent and n.value < 10:
            continue
        if inside_name(n, text):
            continue  # "COVID-19", "F-35"
        if text[n.num_start - 1 : n.num_start] in (":", "/"):
            continue  # a clock time or a fraction's part: "2:30 p.m.", "22 1/2"
        out.append((text[n.start : n.end].strip(), plain(n.value)))
    return out


def unique_details(
    articles: Sequence[Article],
    canonical: Mapping[str, str] | None = None,
    *,
    per_article: int | None = None,
) -> dict[str, list[Detail]]:
    """Per article, up to `per_article` sentences naming what no other distinct article
    mentions (most such terms first, then text order). A near-duplicate (`canonical` maps it to
    the article it copies) is searched as part of its canonical article and lists nothing.
    `per_article` not given: the run's `align.details_per_article`."""
    if per_article is None:
        per_article = current().align.details_per_article
    canon = dict(canonical or {})
    group = {a.id: canon.get(a.id, a.id) for a in articles}
    if len(set(group.values())) < 2:
        return {}
    aliases = CountryAliases()
    mentions = _Mentions(articles, group, aliases)
    out: dict[str, list[Detail]] = {}
    for a in articles:
        if group[a.id] != a.id:
            continue
        found: list[Detail] = []
        for s in a.sentences:
            text = normalise(s.text)
            if is_subheading(text) or title_case(text):
                continue
            terms = [
                shown
                for shown, words in _names(text)
                if not mentions.name_elsewhere(words, countries_of(shown, aliases), a.id)
            ]
            terms += [
                shown
                for shown, value in _numbers(text)
                if not mentions.number_elsewhere(value, a.id)
            ]
            if terms:
                found.append(Detail(a.id, s, tuple(dict.fromkeys(terms))))
        found.sort(key=lambda d: (-len(d.terms), d.sentence.index))
        out[a.id] = sorted(found[:per_article], key=lambda d: d.sentence.index)
    return out
