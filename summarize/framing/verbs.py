"""Reporting verbs as a framing measure: each use, with its category and who it reports. The
lexicon itself (forms, categories) is the text layer's `summarize.text.verbs`."""

from __future__ import annotations

from dataclasses import dataclass

from summarize.text.verbs import NEUTRAL, VerbEntry, lookup, verb_forms, verb_pattern

__all__ = ["NEUTRAL", "VerbEntry", "VerbUse", "lookup", "verb_forms", "verb_pattern"]


@dataclass(frozen=True)
class VerbUse:
    """One reporting verb in the text, with its offsets and (when known) who it reports."""

    text: str
    start: int
    end: int
    lemma: str
    category: str
    loaded: bool
    sentence_index: int
    speaker: str | None = None

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)
