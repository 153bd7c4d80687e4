"""The lexical pair score of two alignment units (DESIGN §2, "Align"):

score = W_TFIDF · TF-IDF cosine + W_FUZZ · rapidfuzz token ratio + W_NUMBERS · shared numbers
        + W_NAMES · shared capitalised names,

each part in [0, 1]. `align/index.py` computes the parts along its postings and adds them up
here; the vectors come from `text/vectors.py`.
"""

from __future__ import annotations

# Weights: lexical overlap carries most of the signal; numbers are sparse (0 for most pairs) but
# decisive when present; names help least, since every sentence about one event names the same
# people and places (a weight search on the seeds preferred 0 for names; 0.1 keeps them as a tie
# breaker for corpora with more distinct names). Measured in docs/ALIGNMENT.md.
W_TFIDF = 0.5
W_FUZZ = 0.2
W_NUMBERS = 0.2
W_NAMES = 0.1
FUZZ_FLOOR = 0.45


def fuzz_part(ratio: float) -> float:
    """A rapidfuzz ratio (0-1) as a score part: any two English sentences of similar length
    score ~0.45 (shared letters and stop words); only the part above FUZZ_FLOOR says anything."""
    return max(0.0, (ratio - FUZZ_FLOOR) / (1.0 - FUZZ_FLOOR))


def pair_total(cosine: float, fuzz: float, numbers: float, names: float) -> float:
    return W_TFIDF * cosine + W_FUZZ * fuzz + W_NUMBERS * numbers + W_NAMES * names
