"""Direct and indirect quotes with their speakers: the one entry point (`find_quotes`) that the
digest, alignment and framing use. The rules (`quote_rules.py`, no model) find every quote;
when the `nlp` extra is installed, spaCy's parse (`speakers_spacy.py`) fills the speakers the
rules leave open. This module only chooses between the two, so neither imports the other's
caller.
"""

from __future__ import annotations

from summarize.articles import Article
from summarize.errors import ConfigError
from summarize.settings import current
from summarize.text import speakers_spacy  # cheap: spaCy itself is imported on first parse
from summarize.text.quote_rules import Quote, find_quotes_rules


def attribution() -> str:
    """Which attribution `find_quotes` uses: "spacy" or "rules" (the run's `text.speakers`)."""
    wanted = current().text.speakers
    if wanted == "spacy" and not speakers_spacy.available():
        raise ConfigError(
            f"text.speakers = spacy but spaCy or {speakers_spacy.MODEL} is not installed "
            "(pip install 'summarize[nlp]')"
        )
    if wanted == "rules" or not speakers_spacy.available():
        return "rules"
    return "spacy"


def find_quotes(article: Article) -> list[Quote]:
    """Direct and indirect quotes in text order, each with speaker, verb and offsets: the rules,
    with spaCy's parse filling the speakers they leave open when the `nlp` extra is installed."""
    if attribution() == "spacy":
        return speakers_spacy.find_quotes_spacy(article)
    return find_quotes_rules(article)


def direct_quotes(article: Article) -> list[Quote]:
    """The direct quotes only (quotation-mark spans): verbatim by construction."""
    return [q for q in find_quotes(article) if q.kind == "direct"]
