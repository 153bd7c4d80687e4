"""Reporting verbs: neutral attribution ("said") vs verbs that judge what was said ("claimed").

>>> lookup("Claimed"), lookup("said").loaded
(VerbEntry(lemma='claim', category='assertive'), False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from summarize.text.lists import phrase_matcher, read_list

NEUTRAL = "neutral"


@dataclass(frozen=True)
class VerbEntry:
    lemma: str
    category: str  # neutral, hedged, assertive, concessive, alarm, emotive, accusatory

    @property
    def loaded(self) -> bool:
        return self.category not in (NEUTRAL, "hedged")


def _regular_forms(lemma: str) -> list[str]:
    head, _, tail = lemma.partition(" ")
    tail = f" {tail}" if tail else ""
    if head.endswith("e"):
        forms = [head + "s", head + "d", head[:-1] + "ing"]
    elif head.endswith(("sh", "ch", "s", "x")):
        forms = [head + "es", head + "ed", head + "ing"]
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        forms = [head[:-1] + "ies", head[:-1] + "ied", head + "ing"]
    else:
        forms = [head + "s", head + "ed", head + "ing"]
    return [lemma] + [f + tail for f in forms]


@lru_cache(maxsize=1)
def verb_forms() -> dict[str, VerbEntry]:
    """Every inflected form (lower case, single spaces) -> its entry."""
    table: dict[str, VerbEntry] = {}
    for row in read_list("reporting_verbs.tsv"):
        entry = VerbEntry(row[0], row[1])
        irregular = [f.strip() for f in row[2].split(",")] if len(row) > 2 and row[2] else []
        for form in [*_regular_forms(row[0]), *irregular]:
            table.setdefault(form, entry)
    return table


@lru_cache(maxsize=1)
def verb_pattern() -> re.Pattern[str]:
    return phrase_matcher(verb_forms())


def lookup(form: str) -> VerbEntry | None:
    return verb_forms().get(" ".join(form.lower().split()))
