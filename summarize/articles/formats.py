"""Plain text and Markdown (with YAML front matter) into source-mapped lines plus metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from summarize.articles.mapped import Mapped, split_lines
from summarize.articles.metadata import Meta, normalize_meta
from summarize.errors import InputError


@dataclass
class Parsed:
    """One article's raw lines (mapped into the decoded source) and what the format told us."""

    lines: list[Mapped]
    meta: Meta = field(default_factory=dict)
    join_wrapped: bool | None = None  # None: detect hard-wrapping
    own_paragraph: frozenset[int] = frozenset()  # line indexes that stand alone (headings)
    html_escapes: bool = True  # let ftfy unescape stray `&amp;` (never after an HTML parser)
    min_words: int = 0  # fewer words after cleaning means "no article here"


def parse_text(text: str) -> Parsed:
    return Parsed(lines=split_lines(text))


_FRONT_MATTER = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M
)
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)")
_HEADING_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_RULE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
# Inline markup whose characters are dropped; link/image targets go, link text stays.
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"(\[)[^\]]*(\]\([^)]*\))")
_REF_LINK = re.compile(r"(\[)[^\]]*(\]\[[^\]]*\])")
_AUTOLINK = re.compile(r"(<)(?:https?://|mailto:)[^>]*(>)")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])|`")
_ESCAPE = re.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!>])")


def parse_markdown(text: str, name: str) -> Parsed:
    meta: Meta = {}
    body_start = 0
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            data = yaml.safe_load(match.group(1))
        except yaml.YAMLError as exc:
            detail = _first_line(exc)
            raise InputError(f"{name}: front matter is not valid YAML ({detail})") from exc
        if data is not None and not isinstance(data, dict):
            raise InputError(
                f"{name}: front matter must be a mapping of fields, not {type(data).__name__}"
            )
        meta = normalize_meta(data or {}, where=f"{name} front matter", strict=False)
        body_start = match.end()
    lines: list[Mapped] = []
    own: set[int] = set()
    in_fence = False
    for line in split_lines(text[body_start:], body_start):
        if _FENCE.match(line.text):
            in_fence = not in_fence
            lines.append(Mapped("", ()))
            continue
        if in_fence or _RULE.match(line.text) or re.match(r"^\[[^\]]+\]:\s", line.text):
            lines.append(Mapped("", ()))  # code, rules and link definitions are not prose
            continue
        stripped, standalone = _strip_markdown(line)
        if standalone:
            own.add(len(lines))
        lines.append(stripped)
    return Parsed(lines=lines, meta=meta, join_wrapped=True, own_paragraph=frozenset(own))


def _strip_markdown(line: Mapped) -> tuple[Mapped, bool]:
    """Drop markup characters from one line; headings and list items stand alone."""
    text = line.text
    drop = [False] * len(text)

    def mark(start: int, end: int) -> None:
        for i in range(start, end):
            drop[i] = True

    standalone = False
    for pattern in (_HEADING, _LIST_ITEM, _QUOTE):
        prefix = pattern.match(text)
        if prefix:
            mark(*prefix.span())
            standalone = standalone or pattern is not _QUOTE
    if _HEADING.match(text):
        close = _HEADING_CLOSE.search(text)
        if close:
            mark(*close.span())
    for pattern in (_IMAGE, _TAG):
        for m in pattern.finditer(text):
            mark(*m.span())
    for pattern in (_LINK, _REF_LINK, _AUTOLINK):
        for m in pattern.finditer(text):
            mark(*m.span(1))
            mark(*m.span(2))
    for pattern in (_EMPHASIS, _ESCAPE):
        for m in pattern.finditer(text):
            if not any(drop[m.start() : m.end()]):
                mark(*m.span())
    kept = [i for i, gone in enumerate(drop) if not gone]
    return Mapped("".join(text[i] for i in kept), tuple(line.src[i] for i in kept)), standalone


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
