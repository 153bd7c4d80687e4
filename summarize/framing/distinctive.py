"""Distinctive wording: which words one outlet uses more than the other outlets of the story.

Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008,
"Fightin' Words", §3.5.2): for outlet i against the pooled others j,

    delta_w = log((y_iw + a_w) / (n_i + a0 - y_iw - a_w))
            - log((y_jw + a_w) / (n_j + a0 - y_jw - a_w))
    z_w     = delta_w / sqrt(1 / (y_iw + a_w) + 1 / (y_jw + a_w))

with a_w = a0 * pi_w, pi_w the word's share of the whole story (all outlets pooled, plus one
pseudo-count per word so a word of one outlet has a prior too). A word every outlet uses for the
event ("war", "peace", "agreement") gets z near 0 or below; a word only one outlet uses gets a
positive z that grows with how often it uses it. With a single outlet there is nothing to
compare against: every z is 0.

Words are the outlet's own (direct quotes masked: a source's words are not the outlet's choice),
lower-cased and stemmed (`summarize.text.words.stem`), so "troops"/"troop" meet.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

from summarize.settings import current
from summarize.text.spans import inside
from summarize.text.words import stem, tokenize


def term(word: str) -> str:
    return stem(word.lower().replace("’", "'").removesuffix("'s"))


def own_terms(text: str, quote_spans: Sequence[tuple[int, int]] = ()) -> Counter[str]:
    """Stemmed words of the outlet's own voice (outside direct quotes)."""
    return Counter(term(t.text) for t in tokenize(text) if not inside(quote_spans, t.start, t.end))


def log_odds(
    counts: Mapping[str, Counter[str]], prior_weight: float | None = None
) -> dict[str, dict[str, float]]:
    """Per outlet (key of `counts`): term -> z-score of its log-odds against the others
    (`prior_weight` a0, default the run's `framing.prior_weight`)."""
    if prior_weight is None:
        prior_weight = current().framing.prior_weight
    pooled: Counter[str] = Counter()
    for c in counts.values():
        pooled.update(c)
    vocab = len(pooled)
    total = sum(pooled.values()) + vocab
    out: dict[str, dict[str, float]] = {}
    for key, mine in counts.items():
        if len(counts) < 2:
            out[key] = dict.fromkeys(mine, 0.0)
            continue
        n_i = sum(mine.values())
        n_j = sum(pooled.values()) - n_i
        z: dict[str, float] = {}
        for w, y_i in mine.items():
            a = prior_weight * (pooled[w] + 1) / total
            y_j = pooled[w] - y_i
            delta = math.log((y_i + a) / (n_i + prior_weight - y_i - a)) - math.log(
                (y_j + a) / (n_j + prior_weight - y_j - a)
            )
            z[w] = delta / math.sqrt(1 / (y_i + a) + 1 / (y_j + a))
        out[key] = z
    return out


def phrase_z(z: Mapping[str, float], phrase: str) -> float:
    """A phrase is as distinctive as its most distinctive word."""
    words = [term(t.text) for t in tokenize(phrase)]
    return max((z.get(w, 0.0) for w in words), default=0.0)
