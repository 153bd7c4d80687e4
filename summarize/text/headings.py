"""Lines that title a section instead of stating something, one notion for alignment (never a
single-source fact) and quote attribution (never the sentence a speaker is carried over from);
and pieces too short to state anything."""

from __future__ import annotations

from summarize.settings import current
from summarize.text.names import NOT_NAMES
from summarize.text.words import content_words

# How a sentence ends: its stop, or the closing quote or bracket after one.
SENTENCE_ENDS = (".", "!", "?", '"', "”", "’", "'", ")")


def ends_as_sentence(text: str) -> bool:
    return text.rstrip().endswith(SENTENCE_ENDS)


def is_subheading(text: str) -> bool:
    """A short body line with no sentence end, digit or colon ("Stalled diplomacy", "A Fragile
    Peace Framework — And No Direct Talks Yet") titles a section and states no fact; a list item
    such as "Repairs: up to 4 million pounds" does."""
    line = text.strip()
    return (
        sum(any(ch.isalpha() for ch in w) for w in line.split())
        <= current().text.subheading_max_words
        and not ends_as_sentence(line)
        and ":" not in line
        and not any(ch.isdigit() for ch in line)
    )


def is_fragment(text: str) -> bool:
    """A piece too short to state a fact: an excerpt cut after fewer than three content words
    ("As opposed...", "At the same...") or what a sentence splitter leaves at an abbreviation
    ("Dr.", "California Gov."). A short whole sentence ("Putin denied it.") is not one."""
    line = text.strip()
    if line.endswith(("...", "…")):
        return len(content_words(line)) < 3
    words = line.split()
    last = words[-1] if words else ""
    return len(words) <= 2 and last.endswith(".") and last[:1].isupper() and len(last) <= 5


def title_case(text: str) -> bool:
    """A section title written in title case ("Paris Summit: Europe's Strategic Push")."""
    words = [w for w in text.split() if w[:1].isalpha() and w.lower() not in NOT_NAMES]
    return len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words)
