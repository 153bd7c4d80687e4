"""Every threshold, weight and budget that decides what a reader sees, in one settings object.

One frozen dataclass per area (trafilatura's `settings.py` is the model); each field says why it
has its value, and the measurement behind it is in the docs it names. Code reads the run's
settings when it uses them (`current()`), so a run can change one without touching the code:

- the config file's `[settings]` table (`[settings.align] carry_bar = 0.7`), see `load()`;
- per run, `--set section.name=value` on `brief`, `framing` and `stories`, or the API's
  `settings=` parameter; `using(s)` activates settings for the code that runs inside it.

The active settings live in a `contextvars.ContextVar`: worker threads see the caller's only
when their work runs in a copy of its context (`submit()` does that for a thread pool).

>>> current().align.carry_bar
0.8
>>> with using(with_pairs(Settings(), ["align.carry_bar=0.7"])):
...     current().align.carry_bar
0.7
>>> current().align.carry_bar
0.8
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal, ParamSpec, TypeVar, cast, get_args, get_type_hints

from summarize.errors import ConfigError

Speakers = Literal["auto", "spacy", "rules"]
# The environment's say over `text.speakers` (docs, benches and CI set it): above the config
# file, below `--set`. Read here, when settings are made, never deep in the text layer.
SPEAKERS_ENV = "SUMMARIZE_SPEAKERS"


@dataclass(frozen=True)
class AlignSettings:
    """Matching facts across articles (docs/ALIGNMENT.md)."""

    # The precise bar: the lowest with no false pair on the seeds was 0.28.
    same_threshold: float = 0.30
    # Below it, a mutual-best pair that states one same telling number ("26 countries", "$4
    # million"; text.numbers.is_telling) is SAME from this score up: on the gold it added 2 true
    # pairs and no false one (dev shared-fact recall 0.44 -> 0.47) and gave 6 more of the 108
    # AllSides clusters a shared fact (docs/ALIGNMENT.md "Matched on a number").
    number_floor: float = 0.20
    # Two ledes (each article's first body sentence, or a clause of it) that are each other's
    # best match state the main event from this score up, when both have >= lede_min_words
    # words, share a name, and the two headlines also score >= lede_headline_floor against each
    # other: on the gold dev 48 -> 49 true pairs and no false one; on the 108 AllSides clusters
    # 23 more shared facts, read by hand 22 the same event and 1 partial; without the headline
    # condition 4 of 48 added pairs were two angles on one story (docs/ALIGNMENT.md "Lede
    # pairs").
    lede_floor: float = 0.15
    lede_min_words: int = 8
    lede_headline_floor: float = 0.10
    # Below the bar, a mutual-best pair of the articles' own sentences that share a rare name
    # (`align.anchors`: written in one sentence of each article, not a person, country or date)
    # is SAME from this score up (docs/ALIGNMENT.md "Matched on a rare name").
    anchor_floor: float = 0.20
    # The generous bars: an article touches a fact when one of its units has a near score >=
    # near_threshold, or holds >= cover_threshold (IDF share) of one fact unit's terms.
    near_threshold: float = 0.15
    cover_threshold: float = 0.25
    # The band below the SAME bar worth a model call, and the yes-probability that accepts.
    judge_floor: float = 0.20
    judge_accept: float = 0.60
    # Pairs judged per alignment, highest lexical score first: ~1 s each on the embedded
    # model; the seeds need ~25.
    judge_budget: int = 40
    # A non-source article whose closest unit reaches this near score (the larger of the
    # lexical score and the IDF share of the fact unit's words it holds) against one of the
    # fact's own units carries the fact, in that unit. On the gold's cells (bench/fact_gold.py;
    # tuned on the seeds and the even dev clusters, odd ones reported untouched) 0.8 added
    # 0 / 1 / 1 false "carries" (seeds / dev-tune / dev-held), 0.7 0 / 1 / 2, 0.6 7 / 3 / 6.
    carry_bar: float = 0.8
    # Two claims of one article are one statement at this rapidfuzz ratio (wire copies and a
    # model's near-repeats score 95+; two different facts of one story stay < 70).
    near_identical: float = 90.0
    # Letters two spellings of a name word must share to count as the same name (details).
    name_prefix: int = 5
    # Sentences listed per article in "unique details", the most details first.
    details_per_article: int = 6
    # The index posts a term unless it is in more than max(index_min_max_df,
    # index_max_df_share x units) units: on a briefing of a few dozen articles nothing is cut.
    index_min_max_df: int = 200
    index_max_df_share: float = 0.02
    # Pair score weights: lexical overlap carries most of the signal; numbers are sparse but
    # decisive; names help least (a weight search on the seeds preferred 0; 0.1 breaks ties).
    w_tfidf: float = 0.5
    w_fuzz: float = 0.2
    w_numbers: float = 0.2
    w_names: float = 0.1
    fuzz_floor: float = 0.45  # token-sort ratio below this adds nothing to the pair score
    # Quotes shorter than this are scare quotes or fragments: outlets pick different fragments
    # of one speech, which is no disagreement about its wording.
    min_quote_words: int = 6
    # Rapidfuzz similarity from which two quotes by one speaker are one quote: on the seeds,
    # different Putin quotes scored <= 56, two renderings of one sentence 60 and 92.
    quote_same_min: float = 60.0
    # At or above this the difference is a typo or transliteration: the same wording.
    quote_identical: float = 97.0
    # partial_ratio only for quotes this long: on short strings a few shared words score high.
    partial_min_words: int = 8
    # Surnames at or above this rapidfuzz ratio are one person ("Zelenskyy", "Zelenskiy",
    # "Zelensky"): for quote speakers and for titled names alike.
    surname_similarity: float = 85.0
    # Only sentences with this many words are split into clauses, and only clauses with this
    # many content words become units (shorter ones are not a checkable fact alone).
    clause_min_words: int = 22
    clause_part_words: int = 4
    # Shorter name words ("Sir", "Fed", "AP") say too little on their own to anchor a pair.
    anchor_min_letters: int = 4


@dataclass(frozen=True)
class VerifySettings:
    """Checking the model's claims and quotes against the article (DESIGN §2, docs/BRIEFING.md)."""

    min_claim_words: int = 4  # fewer content words is a phrase ("legitimate target"), no claim
    support_threshold: float = 0.6  # share of a claim's content words in its evidence sentence
    relocate_threshold: float = 0.75  # a stricter bar for choosing another sentence than cited
    fuzzy_span_threshold: float = 90.0  # rapidfuzz partial ratio of a fuzzy quote/evidence match


@dataclass(frozen=True)
class DigestSettings:
    """One article's digest by the model."""

    max_claims: int = 10  # claims asked for per article (the prompt says so)
    output_tokens: int = 1024  # the digest answer's budget
    # 45 words of summary are ~70 tokens and what SummaryOut keeps ~100: more is only dropped.
    summary_output_tokens: int = 100
    prompt_overhead_tokens: int = 400  # system text, instructions, sentence labels (~330 measured)


@dataclass(frozen=True)
class ConsensusSettings:
    """The consensus facts and their checked sentences (docs/BRIEFING.md)."""

    # Narrative paraphrases more than a claim does, so the bar is below the claim bar (0.6).
    sentence_support_threshold: float = 0.5
    headline_support_threshold: float = 0.5  # the story's headline: its words the facts carry
    max_facts: int = 8  # facts stated in the consensus (each fused by the model or quoted)
    evidence_per_fact: int = 2  # evidence sentences the model sees per fact, other outlets
    # The evidence the model sees is bounded by the articles' own size (chars, ~4 a token): the
    # briefing's prompts stay near the articles' tokens (target <= 1.3x with the digests). Facts
    # that do not fit are stated by their representative sentence, verbatim.
    evidence_share: float = 0.09
    min_evidence_chars: int = 1000
    output_tokens: int = 700  # the consensus answer's budget
    # The model's "fused" sentence is often one outlet's sentence copied, details and numbers
    # included, and passes on the union of the fact's evidence; each outlet it cites must carry
    # this much of it in its own evidence too, or that outlet is not cited. On 48 hand-labelled
    # (sentence, outlet) pairs this drops 3 of the 9 that do not carry the sentence and none of
    # the 39 that do (docs/BRIEFING.md "Citations per outlet").
    source_support_floor: float = 0.2
    # Two ranked facts are one statement when they share an evidence sentence, or when their
    # evidence words (IDF-weighted, summed over their sentences) have at least this cosine: one
    # outlet's statement and another's quote of the same warning are two clusters of the
    # alignment, and stating both says one thing twice. On the gold (bench/align_gold.py
    # "consensus"; seeds and even dev clusters to tune, odd ones untouched) see
    # docs/BRIEFING.md "Each fact once".
    same_statement_cosine: float = 0.30


@dataclass(frozen=True)
class BriefSettings:
    """The story summary and the who-reports-what matrix (docs/BRIEFING.md)."""

    # At most this many sentences, stopping at story_words words: AllSides references average
    # 6 sentences / 122 words; 3 sentences scored R-1 0.41, 4 0.43, 5 0.43 (tuning half).
    story_sentences: int = 4
    story_words: int = 110
    story_min_words: int = 6  # shorter says too little to open a briefing ("Putin denied it.")
    # Score weights (tuning half): centrality + w_cross x mean cosine with the other articles +
    # w_support x (outlets carrying its fact - 1) + w_lede for an article's lede. Each alone
    # moved R-1 by under 0.005; together they favour sentences several outlets carry, which is
    # what a reader should see first.
    w_cross: float = 0.5
    w_support: float = 0.3
    w_lede: float = 0.2
    redundant: float = 0.5  # a candidate this close (cosine) to a chosen one repeats it
    # Sentences scored in full, best by the cheap parts first: bounds the cross-outlet cost for
    # briefings of hundreds of articles (no AllSides cluster or seed article reaches it).
    story_pool: int = 200
    # Rows shown before "more facts": what fits a screen (issue 23 asks <= 25 for the seeds).
    matrix_rows: int = 25
    # Facts given a row at all, chosen by support then centrality before any cell is decided: a
    # cell costs a lookup per article, so 1,000 articles' ~20,000 one-article facts would cost
    # 20 million; no reader reads past a few hundred rows. The seeds have 79.
    matrix_max_rows: int = 300


@dataclass(frozen=True)
class FramingSettings:
    """Framing measured and compared (docs/FRAMING.md)."""

    main_actors: int = 5  # actors per article counted as its main ones
    # Facts are aligned across at most this many articles. The alignment grows with the square
    # of the set (measured on distinct synthetic articles: 1,000 3.9 s, 2,000 14.7 s, 4,000 64 s;
    # 10,000 would take ~15 minutes), and a larger set is no longer one story; beyond it the
    # contrasts that need aligned facts (lead and position, alone and left out, labels) are left
    # out, which `summarize framing` says on stderr.
    align_limit: int = 1000
    lead_sentences: int = 2  # the lead: the headline and the first two body sentences
    # Up to this many holders the others' mean is summed as written; beyond, from the total
    # less the article's own (equal up to float rounding): one pass for a large set.
    exact_sum_holders: int = 64
    late_by: int = 3  # sentences later than the others' median before "main fact late" holds
    share_gap: float = 0.25  # quoted-word share this far from the others' mean is a contrast
    wording_z_min: float = 0.0  # a flagged word is the outlet's own when its log-odds z >= this
    shown: int = 2  # code-written sentences shown for an outlet whose model statement failed
    min_alone_words: int = 8  # a shorter "fact" is a subheading or a caption
    excerpt: int = 160  # characters of a sentence quoted in a code-written contrast
    prior_weight: float = 200.0  # log-odds prior a0: small next to two or more articles' words
    coverage_min: float = 0.6  # share of headline content words the body must use
    tone_gap_max: float = 0.5  # |headline tone - body tone| (VADER compound) tolerated
    max_label_words: int = 4  # a longer replaced stretch is a different clause, not a label
    min_pair_ratio: float = 0.35  # two sentences parallel enough for label slots to line up
    # Up to label_pair_window + 1 articles (a briefing's size), every two sentences of a fact
    # are compared, near matches included. A larger set would make that grow with the square of
    # its size (a fact near all of 1,000 articles was half a million comparisons; 1,000 articles
    # took minutes), so there each fact's own sentences are compared with the next
    # label_large_window articles' and with its label_large_near closest near matches, never two
    # near matches with each other: linear in size.
    label_pair_window: int = 24
    label_large_window: int = 8
    label_large_near: int = 3
    emotive_min: float = 2.0  # VADER valence (-4..+4): 2.0 keeps "attack", "fear", drops "help"
    subjective_min: float = 0.8  # Pattern subjectivity 0..1 (0.6-0.8 differ little on dev)
    outlets_per_call: int = 8  # keeps each framing prompt and answer small; calls grow as N / 8
    # Rapidfuzz ratio: two outlets' model statements this alike say nothing apart.
    same_statement: int = 85


@dataclass(frozen=True)
class DedupeSettings:
    """Near-duplicate articles (wire copies) found before briefing (docs/ARTICLES.md)."""

    shingle_words: int = 5  # words per shingle
    threshold: float = 0.5  # Jaccard of shingle sets from which two articles are one text


@dataclass(frozen=True)
class StorySettings:
    """Story clustering of a day's feeds (docs/STORIES.md)."""

    # Two stories merge while the mean TF-IDF cosine over all their cross pairs (pairs never
    # compared count 0) reaches this bar.
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
    def from_pairs(cls, pairs: Sequence[str]) -> StorySettings:
        """`["join_threshold=0.25", ...]` as settings (bare names are `stories.NAME`).

        >>> StorySettings.from_pairs(["window_days=2"]).window_days
        2.0
        """
        return with_pairs(Settings(stories=cls()), pairs, bare="stories").stories


@dataclass(frozen=True)
class RenderSettings:
    """How much of a measured list the outputs show (the JSON keeps all of it)."""

    evidence_words: int = 12  # flagged words listed per article (Markdown and HTML)
    contrasts_shown: int = 4  # contrast sentences listed per outlet in the Markdown
    evidence_chars: int = 110  # of a contrast's evidence span shown beside its chip (HTML)


@dataclass(frozen=True)
class ArticlesSettings:
    """Cleaning an article's text: boilerplate and page-extraction heuristics (docs/ARTICLES.md)."""

    # Body needed before a trailer heading ("Related") counts as a trailer, not navigation.
    min_body_lines: int = 2
    min_body_chars: int = 200
    max_boilerplate_words: int = 25  # a longer line is prose, whatever it starts with
    min_wrap_width: int = 40  # shorter unfinished lines are headings, not wrapped prose
    # Fewer words after cleaning: a listing, error or login page (excerpts have ~35+).
    min_article_words: int = 25


@dataclass(frozen=True)
class TextSettings:
    """The shared text layer: quotes, speakers, headings (docs/FRAMING.md "Voices")."""

    # Speaker attribution: "auto" is spaCy's parse when the `nlp` extra is installed, else the
    # rules; "spacy" or "rules" force one. Provenance records which ran.
    speakers: Speakers = "auto"
    subheading_max_words: int = 10  # a capitalised line this short without a stop is a heading
    max_carried_paras: int = 8  # mark-less paragraphs a quote left open may run through
    max_verb_distance: int = 20  # tokens between a direct quote and its reporting verb


@dataclass(frozen=True)
class Settings:
    align: AlignSettings = field(default_factory=AlignSettings)
    verify: VerifySettings = field(default_factory=VerifySettings)
    digest: DigestSettings = field(default_factory=DigestSettings)
    consensus: ConsensusSettings = field(default_factory=ConsensusSettings)
    brief: BriefSettings = field(default_factory=BriefSettings)
    framing: FramingSettings = field(default_factory=FramingSettings)
    dedupe: DedupeSettings = field(default_factory=DedupeSettings)
    stories: StorySettings = field(default_factory=StorySettings)
    render: RenderSettings = field(default_factory=RenderSettings)
    articles: ArticlesSettings = field(default_factory=ArticlesSettings)
    text: TextSettings = field(default_factory=TextSettings)


_ACTIVE: contextvars.ContextVar[Settings | None] = contextvars.ContextVar(
    "summarize_settings", default=None
)


_DEFAULTS: dict[str, Settings] = {}  # by $SUMMARIZE_SPEAKERS: read on every use, made once


def current() -> Settings:
    """The run's settings: those activated by `using()`, else the defaults and environment."""
    active = _ACTIVE.get()
    if active is not None:
        return active
    raw = os.environ.get(SPEAKERS_ENV, "")
    made = _DEFAULTS.get(raw)
    if made is None:
        made = _DEFAULTS[raw] = from_environment(Settings())
    return made


@contextmanager
def using(settings: Settings) -> Iterator[Settings]:
    """Activate `settings` for the code inside (and the worker threads it `submit()`s to)."""
    token = _ACTIVE.set(settings)
    try:
        yield settings
    finally:
        _ACTIVE.reset(token)


P = ParamSpec("P")
R = TypeVar("R")


def submit(pool: Executor, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> Future[R]:
    """`pool.submit(fn, ...)` run in a copy of the caller's context: its settings included."""
    context = contextvars.copy_context()
    return pool.submit(lambda: context.run(fn, *args, **kwargs))


def from_environment(settings: Settings) -> Settings:
    """`settings` with the environment's overrides ($SUMMARIZE_SPEAKERS)."""
    raw = os.environ.get(SPEAKERS_ENV, "").strip().lower()
    if not raw:
        return settings
    if raw not in get_args(Speakers):
        raise ConfigError(f"{SPEAKERS_ENV}={raw!r}: use auto, rules or spacy")
    return replace(settings, text=replace(settings.text, speakers=cast(Speakers, raw)))


def load(
    path: Path | None = None, pairs: Sequence[str] = (), *, bare: str | None = None
) -> Settings:
    """The defaults, then the config file's `[settings]`, the environment, then `--set` pairs."""
    from summarize.config import config_path, read_config

    path = path or config_path()
    table = read_config(path).get("settings", {})
    settings = from_table(table, str(path))
    return with_pairs(from_environment(settings), pairs, bare=bare)


def from_table(table: object, where: str) -> Settings:
    """A config file's `[settings]` table (`{"align": {"carry_bar": 0.7}}`) over the defaults."""
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [settings] must be a table of tables ([settings.align] ...)")
    settings = Settings()
    for section, values in table.items():
        if section not in _SECTIONS:
            raise ConfigError(
                f"{where}: [settings.{section}]: unknown section (known: {', '.join(_SECTIONS)})"
            )
        if not isinstance(values, dict):
            raise ConfigError(f"{where}: settings.{section}: must be a table")
        for name, value in values.items():
            settings = _set(settings, section, name, value, where)
    return settings


def with_pairs(settings: Settings, pairs: Sequence[str], *, bare: str | None = None) -> Settings:
    """`settings` with `--set section.name=value` pairs applied; with `bare`, a name without a
    section is that section's (stories' own `--set join_threshold=0.12`)."""
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        key = key.strip().replace("-", "_")
        section, dot, name = key.rpartition(".")
        if not dot and bare is not None:
            section = bare
        if not sep or not section or section not in _SECTIONS:
            raise ConfigError(
                f"--set {pair!r}: expected SECTION.NAME=VALUE with SECTION one of "
                f"{', '.join(_SECTIONS)}"
            )
        settings = _set(settings, section, name, _parse(raw.strip()), f"--set {pair!r}")
    return settings


def _parse(raw: str) -> object:
    """A command-line value as TOML would read it: an int, a float, else the text."""
    for convert in (int, float):
        try:
            return convert(raw)
        except ValueError:
            pass
    return raw


def _set(settings: Settings, section: str, name: str, value: object, where: str) -> Settings:
    part = getattr(settings, section)
    types = _FIELD_TYPES[section]
    if name not in types:
        raise ConfigError(
            f"{where}: settings.{section}.{name}: unknown key (known: {', '.join(types)})"
        )
    kind = types[name]
    key = f"settings.{section}.{name}"
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if kind in (int, float):
        if isinstance(value, bool) or not isinstance(value, int | float) or type(value) is not kind:
            raise ConfigError(f"{where}: {key}: must be {_KIND_NAMES[kind]}, not {value!r}")
        if value < 0:
            raise ConfigError(f"{where}: {key}: must be >= 0, not {value!r}")
    elif value not in get_args(kind):
        choices = ", ".join(str(c) for c in get_args(kind))
        raise ConfigError(f"{where}: {key}: must be one of {choices}, not {value!r}")
    try:
        return replace(settings, **{section: replace(part, **{name: value})})
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None


_KIND_NAMES = {int: "a whole number", float: "a number"}
_SECTIONS: Mapping[str, type] = get_type_hints(Settings)
_FIELD_TYPES: dict[str, dict[str, Any]] = {
    section: get_type_hints(cls) for section, cls in _SECTIONS.items()
}
