"""Words: normalising quote marks and dashes, word tokens with offsets, content words, a stem.

>>> normalise("Putin’s  “plan” — ended")
'Putin\\'s "plan" - ended'
>>> sorted(content_words("The troops said they agreed to 26 points"))
['agre', 'point', 'troop']
>>> [(t.text, t.start) for t in tokenize("U.S. troops don't stay", 10)]
[('U.S.', 10), ('troops', 15), ("don't", 22), ('stay', 28)]
>>> comparable("“We’ll see,” he said.")
'well see he said'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarize.text.lists import word_set

_FOLD = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‛": "'",
        "`": "'",
        "–": "-",
        "—": "-",
        "‒": "-",
        "−": "-",
    }
)
STOPWORDS = word_set("stopwords.txt")


def fold_marks(text: str) -> str:
    """Curly and angle quotes to straight ones, dashes to "-"; one character for one, so
    offsets into the result are offsets into `text`."""
    return text.translate(_FOLD)


def normalise(text: str) -> str:
    """Marks folded (`fold_marks`) and whitespace collapsed: the form text is compared in."""
    return " ".join(fold_marks(text).split())


# Words keep inner apostrophes and hyphens ("don't", "so-called"); "U.S." stays one token.
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Za-z0-9]+(?:['’\-][A-Za-z0-9]+)*")


_PLAIN_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower().replace("’", "'")

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Word tokens of `text` with offsets (plus `offset`, where `text` starts in a document)."""
    return [Token(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


def plain_words(text: str) -> list[str]:
    """Every word of `text`, lower-cased, stop words and digits included: what shingles are
    cut from (a wire copy repeats them all).

    >>> plain_words("Putin’s 26 plans")
    ['putin', 's', '26', 'plans']
    """
    return _PLAIN_WORD.findall(text.lower())


def stem(word: str) -> str:
    """A crude, predictable stem so "troops"/"troop" and "agreed"/"agree" meet: one of
    -ing/-ed/-es/-s goes, keeping at least four letters. A possessive stays ("kyiv's"):
    `content_words` drops it first; the headline check does not yet, as its pinned numbers
    were measured without."""
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


# Lower-case words of normalised text for content words: digits are numbers' business.
_CONTENT_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def content_words(text: str) -> set[str]:
    """Stems of the words that carry content: no stop words, no bare digits."""
    words = _CONTENT_WORD.findall(normalise(text).lower())
    return {stem(w.removesuffix("'s")) for w in words if w not in STOPWORDS and not w.isdigit()}


_PUNCT = re.compile(r"[^\w\s%]")


def comparable(text: str) -> str:
    """Lower case, punctuation dropped, whitespace collapsed: for comparing wordings."""
    return " ".join(_PUNCT.sub(" ", normalise(text).lower().replace("'", "")).split())
