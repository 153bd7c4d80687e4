"""The words shown to a reader as flagged (loaded wording), chosen by what BASIL's annotators mark.

Of everything the lexicons find, only three kinds are shown as flagged, each in the outlet's own
voice (never inside a direct quote: BASIL marks the writer's bias, a quote is the source's):

- a term of our loaded list (`data/loaded_terms.tsv`; capitalised names are not terms), except
  the terms naming how a party reacted (`data/reaction_terms.txt`: "outrage", "backlash"), which
  report the reaction rather than label it;
- a reporting verb of the `emotive` category ("slammed", "chided", "ripped");
- an implicative ("refused to", "managed to"): it asserts a stance the facts do not.

Emotive (VADER) and subjective (Pattern) words, intensifiers, hedges and the assertive, alarm,
concessive and accusatory reporting verbs stay measured (rates, counts, marks in the HTML text)
but are not listed as flagged: on BASIL's tuning half each of them, and sentences holding several
of them at once, were far less precise (docs/FRAMING.md, "Flags shown to the reader").
"""

from __future__ import annotations

from collections.abc import Sequence

from summarize.framing.verbs import VerbUse
from summarize.framing.wording import Flag
from summarize.text.lists import word_set
from summarize.text.spans import inside

SHOWN_WORDING = frozenset({"loaded"})
SHOWN_VERBS = frozenset({"emotive"})
SHOWN_MARKERS = frozenset({"implicative"})


def _shown_wording(flag: Flag) -> bool:
    # a party's reaction ("outrage over", "a backlash") is reported, not the outlet's label
    reaction = " ".join(flag.text.lower().split()) in word_set("reaction_terms.txt")
    return not flag.in_quote and not reaction and bool(SHOWN_WORDING & set(flag.categories))


def shown_flags(
    wording: Sequence[Flag],
    markers: Sequence[Flag],
    verbs: Sequence[VerbUse],
    reported: Sequence[tuple[int, int]] = (),
) -> list[Flag]:
    """The flags a reader is shown, in text order; one per span (a list term that is also a
    reporting verb, like "slammed", keeps its wording flag).

    `reported`: spans of reported clauses (indirect quotes, "X said that ..."), whose words
    paraphrase the source, not the outlet (`analyze_article` passes its indirect quotes)."""
    found: dict[tuple[int, int], Flag] = {}
    for f in wording:
        if _shown_wording(f):
            found[(f.start, f.end)] = f
    for f in markers:
        if not f.in_quote and SHOWN_MARKERS & set(f.categories):
            found.setdefault((f.start, f.end), f)
    for v in verbs:
        if v.loaded and v.category in SHOWN_VERBS:
            flag = Flag(
                v.text, v.start, v.end, v.sentence_index, (f"{v.category} verb",), 0.0, False
            )
            found.setdefault((v.start, v.end), flag)
    # indirect speech is the source's wording, as a direct quote is
    return [found[k] for k in sorted(found) if not inside(reported, *k)]
