"""Countries by any of their names in `countries.tsv` ("Britain", "UK", "London", "British"):
the same country named two ways is one mention."""

from __future__ import annotations

import re

from summarize.text.lists import read_list
from summarize.text.names import bare

_PART = re.compile(r"[a-z0-9.'’]+")  # the parts of "U.S.-EU" for the country lookup


class CountryAliases:
    """`countries.tsv` as lookups: one-word aliases by word, the few longer ones by phrase."""

    def __init__(self) -> None:
        rows = [(word.lower(), country) for word, country, *_ in read_list("countries.tsv")]
        self.words = {bare(w): c for w, c in rows if " " not in w}
        self.phrases = [(w, c) for w, c in rows if " " in w]

    def countries(self, words: set[str], text: str) -> set[str]:
        """The countries named by these (bare, lower-case) words or in this lower-case text."""
        found = {self.words[w] for w in words if w in self.words}
        return found | {c for phrase, c in self.phrases if phrase in text}


def countries_of(name: str, aliases: CountryAliases) -> set[str]:
    """The countries a name is, or is of, by any of its words ("British", "Prime Minister of
    the United Kingdom")."""
    low = name.lower()
    return aliases.countries({bare(w) for w in _PART.findall(low)}, low)
