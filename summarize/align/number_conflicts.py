"""Number and date conflicts inside a cluster: the same slot with different values.

A slot is what a number counts — the first lower-case content word after it ("26 countries",
"35 leaders", "1,000 troops"), "percent", or a currency; dates are weekdays, month-day dates and
years after "in"/"since". Only aligned claims are compared (members of one cluster), so "35
leaders" is never set against "26 countries". Conservative by construction:
- an article counts for a slot only when it gives exactly one value for it in the cluster;
- approximate values ("more than 60", "about 30") never conflict;
- "26" and "twenty-six", "1,000" and "1000", "$1.5bn" and "$1.5 billion" are one value (read
  by `summarize.text.numbers`, the reader the claim checks use too).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from summarize.align.alignment import ClaimCluster, ConflictKind, Version
from summarize.articles import Sentence
from summarize.text.numbers import read_numbers
from summarize.text.words import normalise

_APPROX = re.compile(
    r"\b(?:more than|less than|fewer than|over|under|about|around|nearly|almost|"
    r"roughly|some|approximately|at least|at most|up to|dozens|hundreds|"
    r"thousands|estimated|an estimated)\s*$",
    re.IGNORECASE,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
_MONTH = (
    "|".join(m.capitalize() for m in _MONTHS) + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
)
_MONTH_DAY = re.compile(
    r"\b(?:(?P<m1>" + _MONTH + r")\.?\s+(?P<d1>\d{1,2})(?!\d)"
    r"|(?P<d2>\d{1,2})\s+(?P<m2>" + _MONTH + r")\b)"
)
_YEAR = re.compile(r"\b(?:in|since|during|until)\s+(?P<y>(?:19|20)\d\d)\b(?!\s*[%$])")
_SLOT_SKIP = frozenset("of the a an more than additional other new some about nearly".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True)
class Mention:
    kind: ConflictKind  # "number" or "date"
    slot: str
    value: str  # normalised, for comparing
    surface: str  # as written, for the reader: "26 countries", "$1.5bn", "Friday"
    approximate: bool


def _key(value: float) -> str:
    """The value normalised for comparing: "1.5e+09" for "$1.5bn" and "$1.5 billion"."""
    return f"{value:g}" if value < 1e15 else str(value)


def _slot_after(text: str, pos: int) -> tuple[str, int] | None:
    """(stem, end) of the first lower-case content word after `pos`, skipping capitalised
    modifiers and "of": "26 European countries" and "26 countries" fill the slot "country"."""
    for m in _WORD.finditer(text, pos):
        if m.start() - pos > 40:
            return None
        word = m.group()
        low = word.lower()
        if low in _SLOT_SKIP or word[0].isupper() or low.endswith(("'s", "’s")):
            continue
        if low in _WEEKDAYS or low in _MONTHS:
            return None
        if len(low) > 4 and low.endswith("ies"):
            return low[:-3] + "y", m.end()
        if len(low) > 3 and low.endswith("s") and not low.endswith("ss"):
            return low[:-1], m.end()
        return low, m.end()
    return None


def mentions(text: str) -> list[Mention]:
    text = normalise(text)
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for m in _MONTH_DAY.finditer(text):
        month = (m.group("m1") or m.group("m2")).lower()[:3]
        day = int(m.group("d1") or m.group("d2"))
        out.append(Mention("date", "date", f"{month} {day}", m.group(), False))
        taken.append(m.span())
    for m in _YEAR.finditer(text):
        out.append(Mention("date", "year", m.group("y"), m.group("y"), False))
        taken.append(m.span("y"))
    for m in _WEEKDAY.finditer(text):
        out.append(Mention("date", "weekday", m.group().lower(), m.group(), False))
    for n in read_numbers(text):
        if any(s <= n.num_start < e for s, e in taken):
            continue
        before = text[max(0, n.start - 20) : n.start]
        if before.rstrip().endswith(("S", "No.", "#")) or re.search(r"\d[.:,]?$", before):
            continue
        approximate = bool(_APPROX.search(before))
        surface = text[n.start : n.end].strip()
        if n.percent:
            slot = "percent"
        elif n.currency:
            slot = n.currency
        else:
            if n.digits_only and re.fullmatch(r"(?:19|20)\d\d", n.digits_only):
                continue  # a bare year is a date at best, and often a name ("the 1994 Memorandum")
            found = _slot_after(text, n.end)
            if found is None:
                continue
            slot, end = found
            surface = text[n.start : end].strip()
        out.append(Mention("number", slot, _key(n.value), surface, approximate))
    return out


def number_conflicts(
    clusters: Sequence[ClaimCluster], canonical: Mapping[str, str], article_order: Sequence[str]
) -> list[tuple[ConflictKind, str, list[Version]]]:
    """(kind, subject, versions) for each slot that aligned articles fill differently."""
    position = {aid: k for k, aid in enumerate(article_order)}
    found: list[tuple[ConflictKind, str, list[Version]]] = []
    for cluster in clusters:
        if cluster.support < 2:
            continue
        # (kind, slot) -> article -> {value: (surface, sentence, approximate)}
        slots: dict[tuple[ConflictKind, str], dict[str, dict[str, tuple[str, Sentence, bool]]]] = {}
        for ref in cluster.members:
            aid = canonical.get(ref.article_id, ref.article_id)
            for mention in mentions(ref.sentence.text):
                per_article = slots.setdefault((mention.kind, mention.slot), {})
                values = per_article.setdefault(aid, {})
                values.setdefault(
                    mention.value, (mention.surface, ref.sentence, mention.approximate)
                )
        for (kind, slot), per_article in slots.items():
            single = {aid: next(iter(v.items())) for aid, v in per_article.items() if len(v) == 1}
            if any(approx for _, (_, _, approx) in single.values()):
                continue
            by_value: dict[str, list[tuple[str, str, Sentence]]] = {}
            for aid in sorted(single, key=lambda a: position.get(a, len(position))):
                value, (surface, sentence, _) = single[aid]
                by_value.setdefault(value, []).append((aid, surface, sentence))
            if len(by_value) < 2:
                continue
            versions = [
                Version(
                    value=items[0][1],
                    article_ids=tuple(a for a, _, _ in items),
                    evidence=tuple(s for _, _, s in items),
                )
                for items in by_value.values()
            ]
            found.append((kind, _subject(kind, slot, by_value), versions))
    return found


def _subject(
    kind: ConflictKind, slot: str, by_value: Mapping[str, list[tuple[str, str, Sentence]]]
) -> str:
    if kind == "date":
        return {"weekday": "day of the week", "date": "date", "year": "year"}[slot]
    # the slot and a few words after it in the first version: "countries had agreed to offer"
    _, surface, sentence = next(iter(by_value.values()))[0]
    text = normalise(sentence.text)
    at = text.find(surface)
    tail = text[at + len(surface) :] if at >= 0 else ""
    words = re.split(r"[,.;:!?—–()\"“”]", tail, maxsplit=1)[0].split()[:5]
    if slot == "percent":
        return " ".join(["percentage", *words]).strip()
    if slot in ("$", "€", "£"):
        return " ".join(["amount", *words]).strip()
    noun = surface.split()[-1]  # "26 countries" -> "countries had agreed to offer"
    return " ".join([noun, *words])
