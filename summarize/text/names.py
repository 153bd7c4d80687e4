"""Capitalised names, found without a tagger: single name words for matching sentences, and
name runs keyed by their last word for counting who an article is about.

>>> sorted(names_in("However, Putin told Macron's aides in Paris."))
['macron', 'paris', 'putin']
>>> actor_mentions("President Donald Trump met Trump's aides on Monday.")
Counter({'Trump': 2})
>>> [m.group() for m in NAME_RUN.finditer("The Food and Drug Administration and Emily Ferris")]
['The Food and Drug Administration', 'Emily Ferris']
>>> initials(shown_name("The Food and Drug Administration")), sorted(acronyms_in("FTC and AP"))
(['fda'], ['ap', 'ftc'])
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from summarize.text.lists import word_set
from summarize.text.words import STOPWORDS, normalise

_CAP = re.compile(r"\b[A-Z][\w'’.-]*[\w]")
_RUN = re.compile(r"\b[A-Z][a-zA-Z'’\-]+(?:\s+[A-Z][a-zA-Z'’\-]+)*")
NOT_NAMES = word_set("not_names.txt")  # lower case
NOT_ACTORS = word_set("not_actors.txt")  # as written
# A name as written: capitalised words in a row, after an optional "The"; "of", "and" or "for"
# may join only after the first word ("Bank of England", "Food and Drug Administration"), so
# "Emily Ferris of the RUSI" stays two names.
_CAP_WORD = r"[A-Z][\w'’.\-]*[\w]"
NAME_RUN = re.compile(
    rf"\b(?:The\s+)?{_CAP_WORD}(?:\s+(?:of|and|for)\s+(?:the\s+)?{_CAP_WORD})?(?:\s+{_CAP_WORD})*"
)
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_PARTY_STATE = re.compile(r"[RDI]-[A-Z][\w.]*")  # "R-S.C", "D-Calif" after a senator's name
_OPENERS = ("“", '"', "(", "—", ":", "‘", "'")
NameRun = tuple[re.Match[str], str, list[str]]  # the match, the name as shown, its words
# words of a name that do not identify it: titles, weekdays and months, `not_names.txt`
NAME_SKIP = NOT_NAMES | word_set("titles.txt") | word_set("calendar_words.txt")


def names_in(text: str) -> frozenset[str]:
    """Capitalised words that look like names ("Putin", "Paris", "Macron"), lower-cased."""
    out = set()
    for m in _CAP.finditer(normalise(text)):
        word = m.group().lower().removesuffix("'s").removesuffix("’s").rstrip(".")
        if word and word not in NOT_NAMES:
            out.add(word)
    return frozenset(out)


def actor_mentions(text: str) -> Counter[str]:
    """Mentions per actor key (the name's last word: "Trump" for "Donald Trump")."""
    counts: Counter[str] = Counter()
    for m in _RUN.finditer(text):
        words = [w.rstrip("'’s") if w.endswith(("'s", "’s")) else w for w in m.group().split()]
        words = [w for w in words if w not in NOT_ACTORS]
        if words and len(words[-1]) > 2:
            counts[words[-1]] += 1
    return counts


def shown_name(run: str) -> str:
    """A name run as listed: no leading "The", no possessive or edge punctuation."""
    words = run.split()
    while words and words[0].lower().strip("'’.") in STOPWORDS:
        words = words[1:]
    return " ".join(words).strip(" .’'").removesuffix("'s").removesuffix("’s")


def initials(name: str) -> list[str]:
    """The acronym a name of two or more capitalised words may go by ("Food and Drug
    Administration" -> "fda", "Associated Press" -> "ap"), lower-cased; none for one word."""
    caps = [w[0] for w in name.split() if w[:1].isupper()]
    return ["".join(caps).lower()] if len(caps) >= 2 else []


def acronyms_in(text: str) -> set[str]:
    """Acronyms written in capitals ("FTC", "AP"), lower-cased."""
    return {a.lower() for a in _ACRONYM.findall(text)}


def expanded_acronyms(text: str, known: set[str]) -> set[str]:
    """The `known` acronyms whose full name `text` writes out ("the Federal Trade Commission"
    -> {"ftc"} when some text of the cluster writes "FTC")."""
    return {
        a for m in NAME_RUN.finditer(text) for a in initials(shown_name(m.group())) if a in known
    }


def bare(word: str) -> str:
    """A word as compared: no possessive, no edge punctuation, no accents ("Moïse" and "Moise"),
    no dots inside an abbreviation ("F.B.I." and "FBI" are one)."""
    word = word.removesuffix("'s").removesuffix("’s").strip("'’.-")
    word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return word.replace(".", "") if len(word) <= 8 and word.count(".") >= 1 else word


def name_runs(text: str) -> list[NameRun]:
    """Name runs with their shown form and significant words, lower-cased ("Budapest
    Memorandum", ["budapest", "memorandum"]). A lone capitalised word opening the sentence or a
    quote is not taken for a name ("Hopes for peace ..."), nor a hashtag, a handle or a party
    label ("R-S.C.")."""
    out: list[NameRun] = []
    for m in NAME_RUN.finditer(text):
        if text[m.start() - 1 : m.start()] in ("#", "@") or _PARTY_STATE.fullmatch(m.group()):
            continue  # a hashtag or handle of an embedded post; "R-S.C.", "D-Calif."
        words = [bare(w).lower() for w in m.group().split()]
        significant = [w for w in words if len(w) >= 3 and w not in NAME_SKIP]
        if not significant:
            continue
        opens = m.start() == 0 or text[: m.start()].rstrip().endswith(_OPENERS)
        if len(significant) == 1 and opens and words[0] == significant[0]:
            continue  # "Hopes for peace ..."; "Mayor Quill said" still names Quill
        out.append((m, shown_name(m.group()), significant))
    return out


def one_edit(a: str, b: str) -> bool:
    """Are two words at most one letter apart (inserted, deleted or changed)? "Tilllerson" and
    "Tillerson", "Netanyhu" and "Netanyahu": a slip of spelling, not another person."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
