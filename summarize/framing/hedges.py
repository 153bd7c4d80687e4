"""Hedges, boosters (certainty), epistemic and factive markers (Hyland 1998; Hooper 1975)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from summarize.articles import Article
from summarize.framing.wording import Flag
from summarize.text.lists import phrase_matcher, read_list
from summarize.text.spans import inside, sentence_index_at


@lru_cache(maxsize=1)
def _terms() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in read_list("hedges.tsv")}


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    return phrase_matcher(_terms())


def find_markers(article: Article, quote_spans: Sequence[tuple[int, int]] = ()) -> list[Flag]:
    """Every hedge/booster/epistemic/factive/implicative marker with offsets into the text."""
    flags = []
    for m in _pattern().finditer(article.text):
        term = " ".join(m.group().lower().split())
        flags.append(
            Flag(
                m.group(),
                m.start(),
                m.end(),
                sentence_index_at(article, m.start()),
                (_terms()[term],),
                0.0,
                inside(quote_spans, m.start(), m.end()),
            )
        )
    return flags
