"""Whether a "." after an abbreviation or an initial ends the sentence (`data/abbreviations.tsv`).

The sentence splitter (pysbd) breaks after "Gov." or "U.S." when a capital follows; this decides,
from the piece before and the piece after, whether the two are one sentence. Measured in
`bench/splitter_eval.py` (see docs/ARTICLES.md).

>>> continues("Outgoing Wisconsin Republican Gov.", "Tony Evers said no.")
True
>>> continues("the Florida man's role in the Jan. 6 U.S.", "Capitol riot.")
True
>>> continues("He moved to the U.S.", "He said it was home.")
False
>>> continues("It was founded by George W.", "Bush allies.")
True
>>> continues("He works for Acme Inc.", "The firm declined to comment.")
False
"""

from __future__ import annotations

import re

from summarize.text.lists import read_list, word_set

# class of each abbreviation (lower case, no final "."): title, month, acronym, time, suffix, other
ABBREVIATIONS: dict[str, str] = {row[0]: row[1] for row in read_list("abbreviations.tsv")}
_STARTERS = word_set("sentence_starters.txt")
_CALENDAR = word_set("calendar_words.txt")
_ZONES = frozenset({"et", "est", "edt", "ct", "cst", "cdt", "mt", "mst", "pt", "pst", "pdt", "gmt"})
# the last word of a piece, if it ends in "." after letters: "Gov.", "U.S.", "(R-Fla.", "W."
_LAST = re.compile(r"(?:^|[\s(\[“\"‘'—–-])([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)\.$")
_FIRST_WORD = re.compile(r"[\"“‘'(]*([A-Za-z][\w'’-]*)")
_INNER = frozenset(",;:)%]”’—–")  # cannot open a sentence ("HARTFORD, Conn. — The")


def abbreviation_at_end(piece: str) -> str | None:
    """The class of the abbreviation or initial that ends `piece` ("initial" for "W."), if any."""
    match = _LAST.search(piece.rstrip())
    if not match:
        return None
    word = match.group(1)
    if len(word) == 1 and word.isupper():
        return "initial"
    return ABBREVIATIONS.get(word.lower())


def continues(piece: str, following: str) -> bool:
    """True when `following` continues the sentence that `piece` (ending in an abbreviation)
    seemed to end; False for a real end or when `piece` ends in no known abbreviation."""
    kind = abbreviation_at_end(piece)
    nxt = following.lstrip()
    if kind is None or not nxt:
        return False
    first = nxt[0]
    if first.islower() or first.isdigit() or first in _INNER:
        return True
    match = _FIRST_WORD.match(nxt)
    if not match or first in "\"“‘'(":  # an opening quote or bracket starts a new sentence
        return False
    word = match.group(1).lower()
    if kind == "title":
        return True
    if kind in ("acronym", "initial", "other"):
        return word not in _STARTERS
    if kind == "time":
        return word in _CALENDAR or word in _ZONES
    return False  # month, suffix: a capitalised word starts the next sentence
