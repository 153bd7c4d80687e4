"""Speaker phrases: find the subject of a reporting verb, split titles from names, assign a side.

Heuristics over word tokens, no parser: "X said", "said X", "X, the Kremlin spokesman, said",
"according to X", pronouns resolved to the last named speaker. What they cannot see stays None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from summarize.text.lists import read_list, word_set
from summarize.text.words import Token

# Punctuation is kept as tokens because commas delimit appositives.
# "R-S.C." / "D-N.Y." / "R-Calif." (party-state tags) are one token: their dots end no sentence.
_TOKEN = re.compile(
    r"[A-Z]-(?:[A-Z][a-z]*\.){1,3}|(?:[A-Za-z]\.){2,}|\w+(?:['’\-]\w+)*|[,;:.!?()—–]|<Q>"
)

DETERMINERS = word_set("determiners.txt")
PRONOUNS = frozenset(["he", "she", "they", "i", "we", "it"])
_SKIP = word_set("speaker_skip.txt")
_CONNECTORS = frozenset(
    ["de", "van", "von", "der", "bin", "al", "la", "le", "da", "di", "of", "du", "del"]
)
TITLES = word_set("titles.txt")
SENTENCE_STARTERS = word_set("sentence_starters.txt")
NOT_SPEAKERS = word_set("not_speakers.txt")


def not_a_speaker(phrase: str) -> bool:
    """ "Sunday", "California", "Once": a capitalised opener that names nobody who spoke;
    "D-Calif.", "R-Texas": the party and state after a lawmaker's name, which a sentence joined
    at the abbreviation's period ("(D-Calif.) said") leaves right before the verb."""
    low = phrase.lower().rstrip(",")
    return (
        low in NOT_SPEAKERS
        or low.split()[-1:] == ["sunday"]
        or dateline(phrase)
        or _PARTY_STATE.match(phrase.strip()) is not None
    )


_PARTY_STATE = re.compile(r"[DRI]-[A-Z][A-Za-z]*\.?$")


# Tokens are the text layer's (`summarize.text.words.Token`), cut finer here: punctuation too.
Tok = Token


def tokens(text: str, offset: int = 0) -> list[Tok]:
    return [Tok(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=1)
def role_sides() -> dict[str, str]:
    return {row[0]: row[1] for row in read_list("roles.tsv")}


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    return {row[0]: row[1] for row in read_list("countries.tsv")}


def dateline(phrase: str) -> bool:
    """ "WEST PALM BEACH" opens a story; multi-word all-capitals are datelines, not speakers."""
    words = phrase.split()
    return len(words) >= 2 and all(w.isupper() for w in words)


def _abbrev(toks: list[Tok], k: int) -> bool:
    """Is the "." at token k part of "Mr." or an initial rather than a sentence end?"""
    return k > 0 and (toks[k - 1].lower in TITLES or len(toks[k - 1].text) == 1)


def _is_possessive(tok: Tok) -> bool:
    return tok.lower.endswith(("'s", "s'"))


def _name_back(toks: list[Tok], j: int) -> int | None:
    """Start index of a capitalised name ending at token j, or None."""
    if not toks[j].cap or _is_possessive(toks[j]) or toks[j].lower in PRONOUNS:
        return None
    i = j
    while i > 0:
        prev = toks[i - 1]
        if prev.cap and prev.text != "<Q>" and not _is_possessive(prev):
            i -= 1
        elif (
            prev.text == "."
            and i >= 2
            and (toks[i - 2].lower in TITLES or len(toks[i - 2].text) == 1)
        ):
            i -= 1  # "Sen." or a middle initial
        elif prev.lower in _CONNECTORS and i >= 2 and toks[i - 2].cap:
            i -= 1
        else:
            break
    while i <= j and (toks[i].lower in SENTENCE_STARTERS or toks[i].text == "."):
        i += 1
    return i if i <= j else None


def name_forward(toks: list[Tok], i: int) -> int | None:
    """End index (exclusive) of a capitalised name starting at token i, or None."""
    if i >= len(toks) or not toks[i].cap or toks[i].lower in PRONOUNS or toks[i].text == "<Q>":
        return None
    j = i + 1
    while j < len(toks):
        tok = toks[j]
        if (
            (tok.cap and tok.text != "<Q>")
            or (
                tok.text == "."
                and (toks[j - 1].lower in TITLES or len(toks[j - 1].text) == 1)
                and j + 1 < len(toks)
                and toks[j + 1].cap
            )
            or (tok.lower in _CONNECTORS and j + 1 < len(toks) and toks[j + 1].cap)
        ):
            j += 1
        else:
            break
    # "according to Mr. Moon's office": keep the possessed noun
    if _is_possessive(toks[j - 1]) and j < len(toks) and toks[j].text.isalpha():
        j += 1
    return j


_SOURCE_NOUNS = frozenset(
    "statement report letter paper newspaper agency office website study "
    "survey poll document memo filing complaint lawsuit release post tweet "
    "group organization organisation campaign network channel source sources "
    "people person ministry spokesperson aide aides adviser advisers account "
    "department committee commission council administration".split()
)
# what carries a person's own words: "Trump's account tweeted" is Trump speaking
_CHANNELS = frozenset("account statement tweet post website letter".split())


def channel_owner(phrase: str) -> str | None:
    """ "Trump" for "Trump's account" / "Mr. Lew's statement", else None."""
    words = phrase.split()
    if len(words) < 2 or words[-1].lower() not in _CHANNELS or not words[-2][:1].isupper():
        return None
    owner = words[-2].replace("’", "'")
    if not owner.endswith("'s"):
        return None
    return " ".join([*words[:-2], owner.removesuffix("'s")])


_NP_STOP = frozenset(
    "and or that which who had has have was were is are just of to by with for "
    "from as on in at".split()
)


def _np_back(toks: list[Tok], j: int) -> int | None:
    """Start of a lower-case noun phrase ending at j ("a senior administration official")."""
    head = toks[j].lower
    if head not in role_sides() and head not in _SOURCE_NOUNS:
        return None
    i = j
    while i > 0 and j - i < 6:
        prev = toks[i - 1]
        if prev.lower in DETERMINERS:
            return i - 1
        if _is_possessive(prev) and prev.cap and head in _CHANNELS:
            return i - 1  # "Trump's account tweeted": the possessor's own words
        if not prev.text.replace("-", "").replace("'", "").replace("’", "").isalnum():
            break
        if prev.lower in _SKIP or prev.lower in _NP_STOP:
            break
        i -= 1
    # A bare plural role noun ("officials said", "critics say") is still a speaker.
    return i if head in role_sides() and i == j else None


def _np_forward(toks: list[Tok], i: int) -> int | None:
    """End (exclusive) of "the/a ... role" phrase after an inverted verb ("said the minister")."""
    if i >= len(toks) or toks[i].lower not in DETERMINERS:
        return None
    j = i + 1
    while (
        j < len(toks)
        and j - i < 8
        and toks[j].text not in ",.;:!?()—–<Q>"
        and toks[j].lower not in ("who", "in", "on", "at", "during", "after", "while", "and")
    ):
        j += 1
    # "said the minister" yes, "said the move was" no: the phrase must name a role or a name
    words = toks[i + 1 : j]
    if not any(t.lower in role_sides() or t.cap for t in words):
        return None
    return j if j > i + 1 else None


@dataclass(frozen=True)
class Subject:
    phrase: str  # as written: "Kremlin spokesman Dmitry Peskov", "a senior official", "he"
    start: int
    end: int
    pronoun: bool
    context: str  # nearby appositive/title words used to decide the side


def _appositive(toks: list[Tok], start: int, stop: int) -> str:
    return " ".join(t.text for t in toks[start:stop] if t.text != "<Q>")


def subject_before(toks: list[Tok], v: int) -> Subject | None:
    """The subject of the reporting verb at token v, looking left ("X said", "X, a Y, said")."""
    j = v - 1
    skipped = 0
    while (
        j >= 0
        and (toks[j].lower in _SKIP or (toks[j].lower.endswith("ly") and toks[j].text.islower()))
        and skipped < 3
    ):
        j -= 1
        skipped += 1
    if j < 0:
        return None
    context = ""
    if toks[j].text == ")":  # "Sen. Elizabeth Warren (D-Mass.) said": the party goes to context
        k = j
        while k > 0 and j - k < 8 and toks[k].text != "(":
            k -= 1
        if toks[k].text != "(" or k == 0:
            return None
        context = " ".join(t.text for t in toks[k : j + 1])
        j = k - 1
    if toks[j].text == ",":  # "Peskov, the Kremlin spokesman, said"
        k = j - 1
        while (
            k >= 0
            and j - k <= 30
            and toks[k].text not in (",", "<Q>", ";", ":")
            and not (toks[k].text == "." and not _abbrev(toks, k))
        ):
            k -= 1
        # a short appositive, or a relative clause of any length ("X, who was visiting …, said")
        short = j - k <= 12 or (k + 1 < j and toks[k + 1].lower in ("who", "whose"))
        if short and k >= 1 and toks[k].text == "," and toks[k - 1].text != "<Q>":
            # "A spokesman for Mr. Hunter, Michael Harrison, said": the appositive is the name
            name_end = name_forward(toks, k + 1)
            head = subject_before_plain(toks, k - 1)
            if name_end == j and head is not None and not head.pronoun and not _name_only(head):
                phrase = " ".join(t.text for t in toks[k + 1 : j]).replace(" .", ".")
                ctx = f"{context} {head.phrase}".strip()
                return Subject(phrase, toks[k + 1].start, toks[j - 1].end, False, ctx)
            context = f"{context} {_appositive(toks, k + 1, j)}".strip()
            j = k - 1
        else:
            return None
    tok = toks[j]
    if tok.text == "<Q>":
        return None
    if tok.lower in PRONOUNS and tok.lower != "it":
        return Subject(tok.text, tok.start, tok.end, True, context)
    i = _name_back(toks, j)
    if i is None:
        i = _np_back(toks, j)
        if i is None:
            return None
        # a role noun phrase may itself follow a name: "Trump's spokesman" stays the phrase
    phrase = " ".join(t.text for t in toks[i : j + 1]).replace(" .", ".")
    if dateline(phrase):
        return None
    if not_a_speaker(phrase):
        # "Omar Haddad on Friday warned": step over the time phrase to the subject
        if i >= 2 and toks[i - 1].lower in _TIME_PREPOSITIONS:
            return subject_before(toks, i - 1)
        return None
    return Subject(phrase, toks[i].start, toks[j].end, False, context)


_TIME_PREPOSITIONS = frozenset(["on", "in", "last", "this", "late", "early"])


def _name_only(subj: Subject) -> bool:
    """Is the phrase a bare name ("Mr. Hunter"), not a role ("a spokesman for Mr. Hunter")?"""
    role, _ = split_name(subj.phrase)
    return not role or all(w.lower().rstrip(".") in TITLES for w in role.split())


def subject_before_plain(toks: list[Tok], j: int) -> Subject | None:
    """The noun phrase ending at token j (a name or a role phrase), without appositives."""
    if j < 0 or toks[j].text in (",", "<Q>", ")"):
        return None
    i = _name_back(toks, j)
    if i is not None:
        # "A spokesman for Mr. Hunter": a role phrase that ends in a name
        k = i
        while k > 0 and toks[k - 1].text not in (",", ".", "<Q>", ";", ":") and i - k < 6:
            k -= 1
        if any(t.lower in role_sides() for t in toks[k:i]):
            i = k
            while i < j and toks[i].lower not in DETERMINERS and toks[i].lower not in role_sides():
                i += 1
    else:
        i = _np_back(toks, j)
        if i is None:
            return None
    phrase = " ".join(t.text for t in toks[i : j + 1]).replace(" .", ".")
    return Subject(phrase, toks[i].start, toks[j].end, False, "")


def subject_after(toks: list[Tok], v: int) -> Subject | None:
    """The subject of an inverted reporting verb ("said Peskov, the Kremlin spokesman")."""
    i = v + 1
    if i < len(toks) and toks[i].lower in PRONOUNS and toks[i].lower != "it":
        return Subject(toks[i].text, toks[i].start, toks[i].end, True, "")
    end = name_forward(toks, i)
    if end is None:
        end = _np_forward(toks, i)
        if end is None:
            return None
    context = ""
    if end < len(toks) and toks[end].text == ",":
        k = end + 1
        while k < len(toks) and k - end <= 12 and toks[k].text not in (",", ".", "<Q>", ";"):
            k += 1
        context = _appositive(toks, end + 1, k)
    if end < len(toks) and toks[end].text.isalpha() and toks[end].lower not in _AFTER_INVERTED:
        return None  # ", suggested Trump might want …": Trump is the clause's subject
    phrase = " ".join(t.text for t in toks[i:end]).replace(" .", ".")
    if dateline(phrase):
        return None
    return Subject(phrase, toks[i].start, toks[end - 1].end, False, context)


# words that may follow the speaker of an inverted verb: "said Peskov on Monday", "…, said X, who"
_AFTER_INVERTED = frozenset(
    "on in at during after before while when who whose and as from with to of late "
    "earlier later told".split()
)


def split_name(phrase: str) -> tuple[str, str]:
    """("CIA Director", "Mike Pompeo") from "CIA Director Mike Pompeo"; name may be ""."""
    words = phrase.split()
    if "of" in words[1:] and words[words.index("of", 1) - 1][:1].isupper():
        words = words[: words.index("of", 1)]  # "Nancy Pelosi of California"
    last_title = -1
    for k, word in enumerate(words):
        low = word.lower().rstrip(".").replace("’", "'")
        if low in TITLES or low in role_sides() or not word[:1].isupper():
            last_title = k
    return " ".join(words[: last_title + 1]), " ".join(words[last_title + 1 :])


def side_of(role_text: str) -> str:
    """Side from role words and countries: "government (Russia)", "experts", or "unknown"."""
    low = " " + " ".join(re.findall(r"[a-z.'-]+", role_text.lower().replace("’", "'"))) + " "
    sides = role_sides()
    found = None
    # party labels first: "Sen. X (D-Mass.)" is a Democrat before being a lawmaker
    ranked = sorted(
        sides.items(), key=lambda kv: (kv[1] not in ("democrats", "republicans"), -len(kv[0]))
    )
    for word, side in ranked:
        if word.endswith("-"):
            if re.search(r"\(\s*" + re.escape(word[0]) + r"-", role_text.lower()):
                found = side
                break
        elif f" {word} " in low or f" {word}. " in low:
            found = side
            break
    if found is None:
        return "unknown"
    if found in ("government", "lawmaker"):
        for word, country in sorted(countries().items(), key=lambda kv: -len(kv[0])):
            if f" {word} " in low or f" {word}'s " in low:
                return f"{found} ({country})"
    return found
