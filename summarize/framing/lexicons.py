"""Packaged lexicons and the English-only term lists written for this project.

- VADER (Hutto & Gilbert 2014), MIT, read from the `vaderSentiment` package: valence -4..+4.
- Pattern's English adjective subjectivity lexicon (De Smedt & Daelemans 2012), PDDL (public
  domain), read from the copy the `textblob` package (MIT) ships; read as a file, so nothing of
  TextBlob/NLTK is imported and nothing is downloaded.
- `data/*.tsv`: reporting verbs, hedges/boosters/factives, loaded terms, roles (ours, MIT).
"""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from summarize.errors import ConfigError


def _package_file(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(f"the {package!r} package (a lexicon source) is not installed")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


@lru_cache(maxsize=1)
def vader_valence() -> dict[str, float]:
    """Word -> mean valence (-4..+4); only alphabetic entries (no emoticons or slang codes)."""
    table: dict[str, float] = {}
    path = _package_file("vaderSentiment", "vader_lexicon.txt")
    for line in path.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].replace("-", "").replace("'", "").isalpha():
            table[parts[0].lower()] = float(parts[1])
    return table


@lru_cache(maxsize=1)
def pattern_subjectivity() -> dict[str, tuple[float, float, float]]:
    """Adjective -> (polarity, subjectivity, intensity), averaged over its senses."""
    path = _package_file("textblob", "en", "en-sentiment.xml")
    senses: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for word in ET.parse(path).getroot().iter("word"):
        form = (word.get("form") or "").lower()
        if form.isalpha():
            senses[form].append(
                (
                    float(word.get("polarity", 0)),
                    float(word.get("subjectivity", 0)),
                    float(word.get("intensity", 1)),
                )
            )
    return {
        form: tuple(sum(v[k] for v in vals) / len(vals) for k in range(3))  # type: ignore[misc]
        for form, vals in senses.items()
    }
