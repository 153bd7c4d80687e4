"""The lexical pair score of two alignment units (DESIGN §2, "Align"):

score = w_tfidf · TF-IDF cosine + w_fuzz · rapidfuzz token ratio + w_numbers · shared numbers
        + w_names · shared capitalised names (the weights and the fuzz floor: `settings.align`),

each part in [0, 1]. `align/index.py` computes the parts along its postings and adds them up
here; the vectors come from `text/vectors.py`.
"""

from __future__ import annotations

from summarize.settings import AlignSettings

# Both take the run's `AlignSettings` from the caller, which reads it once per unit: these run
# once per candidate pair, the alignment's hot loop.


def fuzz_part(ratio: float, cfg: AlignSettings) -> float:
    """A rapidfuzz ratio (0-1) as a score part: any two English sentences of similar length
    score ~0.45 (shared letters and stop words); only the part above the floor says anything."""
    return max(0.0, (ratio - cfg.fuzz_floor) / (1.0 - cfg.fuzz_floor))


def pair_total(
    cosine: float, fuzz: float, numbers: float, names: float, cfg: AlignSettings
) -> float:
    return cfg.w_tfidf * cosine + cfg.w_fuzz * fuzz + cfg.w_numbers * numbers + cfg.w_names * names
