"""The one reader of numbers in text, for the claim checks (`summarize.verify`) and for number
conflicts (`summarize.align.number_conflicts`): digits ("26", "1,000", "1.5"), number words
("twenty-six", "twenty six", "three hundred", "two hundred and fifty thousand"), scales
("40 million", "1.5bn", "$40m"), with an optional currency before and percent after.

>>> sorted(numbers_in("Twenty-six countries sent three hundred troops and $1.5bn (3.5%)."))
['1500000000', '26', '3.5', '300']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 10**12,
}
_ABBREVIATIONS = {"m": 1_000_000, "bn": 1_000_000_000, "tn": 10**12}  # only right after digits


def _alternation(words: object) -> str:
    return "|".join(sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


_WORD = _alternation([*UNITS, *TENS])
_SCALE = _alternation(SCALES)
# A run of number words: "twenty-six", "twenty six", "three hundred", "two hundred and fifty
# thousand" (`_split_words` cuts a run that English reads as several numbers).
_WORDS = rf"(?<![\w-])(?:{_WORD})\b(?:(?:[\s-]+|\s+and\s+)(?:{_WORD}|{_SCALE})\b)*"
# Digits not glued to a word ("S1", "G7", "5th", "1990s" are not quantities), then a scale.
_DIGITS = (
    r"(?<![\w.,])\d+(?:[.,]\d+)*(?!\d)"
    rf"(?:\s?(?:{_SCALE})\b|(?:bn|tn|m)\b)?(?![A-Za-z_])"
)
_NUMBER = re.compile(
    rf"(?P<cur>[$€£])?\s?(?P<num>{_DIGITS}|{_WORDS})(?:\s?(?P<pct>%|percent\b|per cent\b))?",
    re.IGNORECASE,
)
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


@dataclass(frozen=True)
class Number:
    start: int  # the match, currency sign and percent included
    end: int
    num_start: int  # where the number itself begins (after any currency sign)
    text: str  # the number as written: "26", "twenty-six", "1.5bn", "three hundred"
    value: float
    currency: str | None
    percent: bool

    @property
    def digits_only(self) -> str | None:
        """The bare digits when written as digits without a scale ("2024"), else None."""
        return self.text if self.text.isdigit() else None


def _digits_value(num: str) -> float | None:
    """ "1,000" is a thousands separator, "1.5" and "1,5" a decimal point."""
    if _THOUSANDS.fullmatch(num):
        num = num.replace(",", "")
    elif num.count(",") == 1 and "." not in num:
        num = num.replace(",", ".")
    try:
        return float(num)
    except ValueError:
        try:
            return float(num.replace(",", ""))
        except ValueError:
            return None


def _words_value(words: list[str]) -> float | None:
    total = current = 0
    seen = False
    for word in words:
        if word in UNITS or word in TENS:
            current += UNITS.get(word, 0) + TENS.get(word, 0)
            seen = True
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
    return float(total + current) if seen else None


def _split_words(text: str) -> list[list[str]]:
    """A run of number words as separate numbers where English would: "twenty six" is one,
    "two three" two (a unit cannot follow a unit, nor a tens word a tens word or a unit)."""
    groups: list[list[str]] = []
    previous = ""
    after_and = False
    for word in re.split(r"[\s-]+", text.lower()):
        if word == "and":  # "hundred and fifty" is one number, "one and two" two
            after_and = previous not in SCALES
            continue
        starts_new = (
            not groups
            or after_and
            or (word in UNITS and (previous in UNITS or (previous in TENS and UNITS[word] >= 10)))
            or (word in TENS and (previous in UNITS or previous in TENS))
        )
        if starts_new:
            groups.append([])
        groups[-1].append(word)
        previous, after_and = word, False
    return groups


def read_numbers(text: str) -> list[Number]:
    """Every number in `text`, in order. A run of words that English reads as several numbers
    ("one two three") gives several, sharing the run's span."""
    found: list[Number] = []
    for m in _NUMBER.finditer(text):
        num = m.group("num")
        currency = m.group("cur")
        percent = bool(m.group("pct"))
        if num[0].isdigit():
            scale = re.search(r"\s?([A-Za-z]+)$", num)
            digits = num[: scale.start()] if scale else num
            value = _digits_value(digits)
            if value is None:
                continue
            if scale:
                word = scale.group(1).lower()
                value *= SCALES.get(word) or _ABBREVIATIONS[word]
            found.append(Number(m.start(), m.end(), m.start("num"), num, value, currency, percent))
            continue
        for group in _split_words(num):
            words_value = _words_value(group)
            if words_value is not None:
                found.append(
                    Number(m.start(), m.end(), m.start("num"), num, words_value, currency, percent)
                )
    return found


def plain(value: float) -> str:
    """A value as a reader writes it: 26, 1.5, 12345.67, 1500000000."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.15g}"


def numbers_in(text: str) -> set[str]:
    """The values of every number in `text`, so "26", "twenty-six" and "twenty six" are one."""
    return {plain(n.value) for n in read_numbers(text)}


def inside_name(n: Number, text: str) -> bool:
    """Is number `n` of `text` part of a name ("COVID-19", "F-35", "G-7")?"""
    return n.num_start >= 2 and text[n.num_start - 1] == "-" and text[n.num_start - 2].isalpha()


def is_telling(n: Number, text: str) -> bool:
    """Can two sentences be matched on number `n` of `text`? Not when it says nothing about
    which fact it is: a year, a count below ten ("one of the", "two months"; a percent or an
    amount of money stays), a number inside a name ("COVID-19", "F-35", "G-7"). Measured on
    AllSides matches (docs/ALIGNMENT.md "Matched on a number")."""
    if inside_name(n, text):
        return False
    if n.currency is not None or n.percent or not n.value.is_integer():
        return True
    year = 1900 <= n.value <= 2100 and n.text.isdigit()
    return not (n.value < 10 or year)


def telling_numbers(text: str) -> set[str]:
    """The values of `numbers_in` that pass `is_telling`."""
    return {plain(n.value) for n in read_numbers(text) if is_telling(n, text)}
