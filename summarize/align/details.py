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
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from summarize.articles import Article, Sentence
from summarize.text.headings import is_subheading
from summarize.text.lists import read_list, word_set
from summarize.text.names import NAME_RUN, NOT_NAMES, initials, shown_name
from summarize.text.numbers import inside_name, plain, read_numbers
from summarize.text.tokens import normalise

PREFIX = 5  # letters two spellings of a name word must share to count as the same name
MAX_PER_ARTICLE = 6  # sentences listed per article, the most details first
_WORD = re.compile(r"[a-z0-9][a-z0-9'’.\-]*[a-z0-9]|[a-z0-9]")
_PART = re.compile(r"[a-z0-9.'’]+")  # the parts of "U.S.-EU" for the country lookup
_PARTY_STATE = re.compile(r"[RDI]-[A-Z][\w.]*")  # "R-S.C", "D-Calif" after a senator's name
_OPENERS = ("“", '"', "(", "—", ":", "‘", "'")
_SKIP = NOT_NAMES | word_set("titles.txt") | word_set("calendar_words.txt")


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


class _Aliases:
    """`countries.tsv` as lookups: one-word aliases by word, the few longer ones by phrase."""

    def __init__(self) -> None:
        rows = [(word.lower(), country) for word, country, *_ in read_list("countries.tsv")]
        self.words = {_bare(w): c for w, c in rows if " " not in w}
        self.phrases = [(w, c) for w, c in rows if " " in w]

    def countries(self, words: set[str], text: str) -> set[str]:
        """The countries named by these (bare, lower-case) words or in this lower-case text."""
        found = {self.words[w] for w in words if w in self.words}
        return found | {c for phrase, c in self.phrases if phrase in text}


class _Mentions:
    """Which articles (as their canonical ids) mention each word, word prefix, country and
    number: one pass over every article, then every check is a lookup."""

    def __init__(
        self, articles: Sequence[Article], group: Mapping[str, str], aliases: _Aliases
    ) -> None:
        self.words: dict[str, set[str]] = {}
        self.prefixes: dict[str, set[str]] = {}
        self.countries: dict[str, set[str]] = {}
        self.numbers: dict[str, set[str]] = {}
        for a in articles:
            g = group[a.id]
            raw = normalise(f"{a.title or ''}\n{a.text}")
            text = raw.lower()
            words = {_bare(w) for w in _WORD.findall(text)}
            # and the parts of hyphened words: "Washington-based" mentions Washington
            words |= {_bare(p) for w in words if "-" in w for p in w.split("-") if p}
            # its names' acronyms too, so another's "FDA" finds "Food and Drug Administration"
            words |= {x for m in NAME_RUN.finditer(raw) for x in initials(shown_name(m.group()))}
            for w in words:
                self.words.setdefault(w, set()).add(g)
                if len(w) >= PREFIX:
                    self.prefixes.setdefault(w[:PREFIX], set()).add(g)
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
                self._elsewhere(self.prefixes, w[:PREFIX], own) for w in words if len(w) >= PREFIX
            )
            or any(self._elsewhere(self.countries, c, own) for c in countries)
        )

    def number_elsewhere(self, value: str, own: str) -> bool:
        return self._elsewhere(self.numbers, value, own)


def _bare(word: str) -> str:
    """A word as compared: no possessive, no edge punctuation, no accents ("Moïse" and "Moise"),
    no dots inside an abbreviation ("F.B.I." and "FBI" are one)."""
    word = word.removesuffix("'s").removesuffix("’s").strip("'’.-")
    word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return word.replace(".", "") if len(word) <= 8 and word.count(".") >= 1 else word


def _countries_of(name: str, aliases: _Aliases) -> set[str]:
    """The countries a name is, or is of, by any of its words ("British", "Prime Minister of
    the United Kingdom")."""
    low = name.lower()
    return aliases.countries({_bare(w) for w in _PART.findall(low)}, low)


def _names(text: str) -> list[tuple[str, list[str]]]:
    """Name runs as written with their significant words, lower-cased ("Budapest Memorandum",
    ["budapest", "memorandum"]). A lone capitalised word opening the sentence or a quote is not
    taken for a name ("Hopes for peace ...")."""
    out: list[tuple[str, list[str]]] = []
    for m in NAME_RUN.finditer(text):
        if text[m.start() - 1 : m.start()] in ("#", "@") or _PARTY_STATE.fullmatch(m.group()):
            continue  # a hashtag or handle of an embedded post; "R-S.C.", "D-Calif."
        words = [_bare(w).lower() for w in m.group().split()]
        significant = [w for w in words if len(w) >= 3 and w not in _SKIP]
        if not significant:
            continue
        opens = m.start() == 0 or text[: m.start()].rstrip().endswith(_OPENERS)
        if len(significant) == 1 and opens and words[0] == significant[0]:
            continue  # "Hopes for peace ..."; "Mayor Quill said" still names Quill
        shown = shown_name(m.group())
        out.append((shown, significant + initials(shown)))
    return out


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


def _title_case(text: str) -> bool:
    """A section title written in title case ("Paris Summit: Europe's Strategic Push")."""
    words = [w for w in text.split() if w[:1].isalpha() and w.lower() not in NOT_NAMES]
    return len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words)


def unique_details(
    articles: Sequence[Article],
    canonical: Mapping[str, str] | None = None,
    *,
    per_article: int = MAX_PER_ARTICLE,
) -> dict[str, list[Detail]]:
    """Per article, up to `per_article` sentences naming what no other distinct article
    mentions (most such terms first, then text order). A near-duplicate (`canonical` maps it to
    the article it copies) is searched as part of its canonical article and lists nothing."""
    canon = dict(canonical or {})
    group = {a.id: canon.get(a.id, a.id) for a in articles}
    if len(set(group.values())) < 2:
        return {}
    aliases = _Aliases()
    mentions = _Mentions(articles, group, aliases)
    out: dict[str, list[Detail]] = {}
    for a in articles:
        if group[a.id] != a.id:
            continue
        found: list[Detail] = []
        for s in a.sentences:
            text = normalise(s.text)
            if is_subheading(text) or _title_case(text):
                continue
            terms = [
                shown
                for shown, words in _names(text)
                if not mentions.name_elsewhere(words, _countries_of(shown, aliases), a.id)
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
