"""Every threshold of story clustering, in one settings object (measured in docs/STORIES.md).

>>> StorySettings().join_threshold
0.1
>>> StorySettings.from_pairs(["window_days=2"]).window_days
2.0
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from summarize.errors import ConfigError


@dataclass(frozen=True)
class StorySettings:
    # Similarity of two articles: cosine of TF-IDF vectors over title and lead content words
    # (stems), with names from the lead as extra features. Two stories merge while the mean
    # similarity over all their cross pairs (pairs never compared count 0) reaches this bar.
    join_threshold: float = 0.1
    title_weight: float = 2.0  # a title word counts this many times a lead word
    entity_weight: float = 1.5  # a name (lead) counts this many times a plain word
    lead_words: int = 80  # the lead: this many words after the title
    # Words in more than max(min_df_cap, df_share x articles) articles are boilerplate or topic
    # words ("coronavirus", a site's tag line): neither features nor candidate links.
    df_share: float = 0.02
    min_df_cap: int = 12
    neighbours: int = 12  # candidate links kept per article (its most similar others)
    # Two dated articles further apart than this are never linked (undated ones always may).
    window_days: float = 4.0
    # A link with an undated end is less certain than one the window vouches for: scaled by this.
    undated_factor: float = 0.67
    # A story is briefed when this many distinct outlets carry it (counted once per wire copy).
    min_outlets: int = 2
    # The blind-spot flag needs at least this many outlets of known lean behind it.
    blind_spot_min_outlets: int = 2

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ConfigError(f"story setting {f.name}: must be a number >= 0, not {value!r}")
        if self.min_outlets < 1 or self.neighbours < 1:
            raise ConfigError("story settings: min_outlets and neighbours must be at least 1")

    @classmethod
    def from_pairs(cls, pairs: list[str]) -> StorySettings:
        """`["join_threshold=0.25", ...]` (the CLI's `--set`) as settings."""
        known = {f.name: f for f in fields(cls)}
        values: dict[str, float | int] = {}
        for pair in pairs:
            name, sep, raw = pair.partition("=")
            name = name.strip().replace("-", "_")
            if not sep or name not in known:
                names = ", ".join(known)
                raise ConfigError(f"--set {pair!r}: expected NAME=VALUE with NAME one of {names}")
            try:
                number = float(raw)
            except ValueError:
                raise ConfigError(f"--set {pair!r}: {raw!r} is not a number") from None
            values[name] = int(number) if isinstance(known[name].default, int) else number
        return cls(**values)  # type: ignore[arg-type]
