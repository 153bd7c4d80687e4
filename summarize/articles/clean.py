"""Boilerplate removal and paragraph assembly on source-mapped lines.

Rules are deliberately narrow: a line is dropped only when it is short and matches a known
boilerplate shape as a whole (or from its start, for prompts), so an article sentence that merely
mentions "subscribers" or "cookies" stays. The one block rule: a standalone "Read next"-style
heading after the article body drops everything from it to the end (outlets append teasers of
unrelated stories there). Everything dropped is returned as `RemovedBlock`s for the user to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from summarize.articles.article import RemovedBlock
from summarize.articles.mapped import Mapped, join
from summarize.settings import current

# Standalone headings that introduce other stories (compared lower-case, end punctuation removed).
_TRAILER_HEADINGS = frozenset(
    {
        "read next",
        "read more",
        "more to read",
        "what to read next",
        "related",
        "related stories",
        "related articles",
        "related content",
        "related coverage",
        "related news",
        "related links",
        "related topics",
        "more stories",
        "more news",
        "more on this story",
        "more on this topic",
        "recommended",
        "recommended stories",
        "recommended for you",
        "recommended reading",
        "most read",
        "most popular",
        "most viewed",
        "trending",
        "trending now",
        "popular now",
        "you may also like",
        "you might also like",
        "you may be interested in",
        "top stories",
        "latest news",
        "latest stories",
        "don't miss",
        "don’t miss",
        "up next",
        "editor's picks",
        "editor’s picks",
        "in other news",
        "more from this section",
        "around the web",
    }
)
_TRAILER_MORE_FROM = re.compile(r"^more (from|in|on) [\w’' .&-]{2,40}$")

_SHARE_WORDS = frozenset(
    {
        "share",
        "share this",
        "share this article",
        "share this story",
        "share this page",
        "share on facebook",
        "share on twitter",
        "share on x",
        "share on linkedin",
        "share on whatsapp",
        "share via email",
        "share via",
        "tweet",
        "email",
        "e-mail",
        "copy link",
        "copy",
        "link",
        "print",
        "facebook",
        "twitter",
        "x",
        "linkedin",
        "whatsapp",
        "pinterest",
        "reddit",
        "telegram",
        "messenger",
        "bluesky",
        "threads",
        "flipboard",
        "comments",
        "save",
        "gift article",
    }
)
_SHARE_SEPARATORS = re.compile(r"\s*[|·•,/]\s*|\s{2,}")

_LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "subscription prompt",
        re.compile(
            r"^(subscribe( now| today| to)?\b|sign up\b|sign in to\b|log in to\b|already a "
            r"(subscriber|member)|become a (member|subscriber|supporter)|support (our|independent|"
            r"quality) journalism|get (our|the) [\w ]{0,30}newsletter|this (article|story|content)"
            r" is "
            r"(only )?(for|available to) (subscribers|members)|to continue reading|continue readin"
            r"g "
            r"(with|for)|register (now|for free)|start your free trial|unlock (this|unlimited|full"
            r")|"
            r"you have (reached|read) (your|\d+)|you('ve| have) \d+ free (articles?|stories) left|"
            r"create a free account)",
            re.I,
        ),
    ),
    (
        "newsletter prompt",
        re.compile(r"^.{0,80}\bnewsletter\b.{0,40}\b(sign up|subscribe|inbox)\b", re.I),
    ),
    (
        "cookie notice",
        re.compile(
            r"^(we|this (site|website)) uses? cookies|\bcookies?\b.{0,120}\b(accept|consent|privac"
            r"y "
            r"policy|cookie (policy|settings))\b|^(accept|reject|manage) (all )?cookies",
            re.I,
        ),
    ),
    (
        "advertisement",
        re.compile(
            r"^(advertisement|advertising|ad|sponsored( content)?|paid content|story continues bel"
            r"ow"
            r"( (the )?advertisement)?|article continues (below|after (this )?advertisement)|conti"
            r"nue "
            r"reading below|scroll (down )?to continue( reading)?)$",
            re.I,
        ),
    ),
    (
        "navigation",
        re.compile(
            r"^(skip to (main )?content|skip navigation|jump to (main )?content|back to top|open m"
            r"enu|"
            r"close menu|main menu|menu|search|home)$",
            re.I,
        ),
    ),
    (
        "social prompt",
        re.compile(
            r"^(follow us on\b|follow @?\w+ on (twitter|x|facebook|instagram)|like us on facebook|"
            r"click (here )?to (share|follow|subscribe|open)|join (us|the conversation) on)",
            re.I,
        ),
    ),
    (
        "copyright notice",
        re.compile(
            r"^(©|\(c\) \d{4}|copyright\s*(©|\(c\)|\d{4})|all rights "
            r"reserved)",
            re.I,
        ),
    ),
    (
        "photo credit",
        re.compile(
            r"^(photo(graph)?|image|picture|video)( credit)?\s*:\s*\S.{0,80}$"
            r"|^image caption$",
            re.I,
        ),
    ),
)
_READ_MORE_LINK = re.compile(
    r"^(read more|read also|also read|see also|related|more)\s*[:»>|-]"
    r"\s*\S",
    re.I,
)
_TERMINAL = tuple(".!?\"'”’:;…)»")


@dataclass(frozen=True)
class Cleaned:
    paragraphs: list[Mapped]
    removed: list[RemovedBlock]


def _heading_key(text: str) -> str:
    return text.strip().rstrip(":.!»>›→ ").strip().lower()


def is_trailer_heading(text: str) -> bool:
    key = _heading_key(text)
    return key in _TRAILER_HEADINGS or bool(_TRAILER_MORE_FROM.match(key))


def boilerplate_reason(text: str) -> str | None:
    """Why a whole line is boilerplate, or None when it may be article text."""
    stripped = text.strip()
    if not stripped or len(stripped.split()) > current().articles.max_boilerplate_words:
        return None
    parts = [p for p in _SHARE_SEPARATORS.split(stripped.lower().rstrip(":")) if p]
    if parts and all(p in _SHARE_WORDS for p in parts):
        return "share buttons"
    if _READ_MORE_LINK.match(stripped):
        return "link to another story"
    for reason, pattern in _LINE_RULES:
        if pattern.search(stripped):
            return reason
    return None


def _removed(reason: str, lines: list[Mapped]) -> RemovedBlock:
    kept = [line for line in lines if line.text.strip()]
    start = kept[0].source_start if kept else -1
    end = kept[-1].source_end if kept else -1
    return RemovedBlock(
        reason=reason,
        text="\n".join(line.text for line in kept),
        source_start=start,
        source_end=end,
    )


def is_hard_wrapped(lines: list[Mapped]) -> bool:
    """True when lines inside blocks break mid-sentence (an e-mail or terminal-width text)."""
    inner = [a.text for a, b in pairwise(lines) if a.text and b.text]
    if len(inner) < 3:
        return False
    wrapped = sum(
        1
        for text in inner
        if len(text) >= current().articles.min_wrap_width and not text.endswith(_TERMINAL)
    )
    return wrapped / len(inner) >= 0.5


def clean_lines(
    lines: list[Mapped],
    *,
    join_wrapped: bool | None = None,
    own_paragraph: frozenset[int] = frozenset(),
) -> Cleaned:
    """Drop boilerplate from whitespace-collapsed `lines` ('' = blank line) and form paragraphs.

    A paragraph is one line, or with `join_wrapped` (detected when None) a blank-line separated
    block; lines whose index is in `own_paragraph` (headings, list items) always stand alone.
    """
    removed: list[RemovedBlock] = []
    kept: list[tuple[int, Mapped]] = []  # blank lines kept as paragraph breaks
    body_chars = body_lines = 0
    for index, line in enumerate(lines):
        if not line.text:
            kept.append((index, line))
            continue
        if (
            is_trailer_heading(line.text)
            and body_lines >= current().articles.min_body_lines
            and body_chars >= current().articles.min_body_chars
        ):
            removed.append(_removed("related-stories block", lines[index:]))
            break
        reason = boilerplate_reason(line.text)
        if reason:
            removed.append(_removed(reason, [line]))
            continue
        kept.append((index, line))
        body_chars += len(line.text)
        body_lines += 1
    if join_wrapped is None:
        join_wrapped = is_hard_wrapped([line for _, line in kept])
    blocks: list[list[Mapped]] = [[]]
    for index, line in kept:
        if not line.text:
            blocks.append([])
        elif not join_wrapped or index in own_paragraph:
            blocks += [[line], []]
        else:
            blocks[-1].append(line)
    paragraphs = [join(block) for block in blocks if block]
    return Cleaned(paragraphs=paragraphs, removed=removed)
