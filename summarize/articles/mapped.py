"""Text that remembers, per character, where it came from in the decoded source.

Every cleaning step works on `Mapped` values, so however much is removed or repaired, each clean
character still knows its source offset. Kept per character (not per run) because ftfy repairs and
markup removal change lengths in small, scattered places; one int per character is cheap at the
sizes we accept (`max_chars`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

import ftfy

from summarize.articles.article import OffsetMap
from summarize.text.controls import BIDI_CONTROLS

_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x0b|\x0c|\x85")
# Invisible characters scraped text carries; they only confuse matching and token counts. Bidi
# controls go too: they could make a quote or title display reordered in every output.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad") | BIDI_CONTROLS


@dataclass(frozen=True)
class Mapped:
    """`text[i]` came from `source[src[i]]` (or was derived from it by normalisation)."""

    text: str
    src: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.text) != len(self.src):  # pragma: no cover - internal invariant
            raise ValueError("text and src differ in length")

    @classmethod
    def of(cls, text: str, start: int = 0) -> Mapped:
        """`text` as it sits at `start` in the source."""
        return cls(text, tuple(range(start, start + len(text))))

    @property
    def source_start(self) -> int:
        return self.src[0] if self.src else -1

    @property
    def source_end(self) -> int:
        return self.src[-1] + 1 if self.src else -1

    def __getitem__(self, item: slice) -> Mapped:
        return Mapped(self.text[item], self.src[item])

    def strip(self) -> Mapped:
        lead = len(self.text) - len(self.text.lstrip())
        kept = len(self.text.rstrip())
        return self[lead:kept] if kept > lead else Mapped("", ())


def join(items: list[Mapped], sep: str = " ") -> Mapped:
    """`sep.join(items)`; each separator maps to the end of the item before it in the source."""
    chars: list[str] = []
    src: list[int] = []
    for item in items:
        if not item.text:
            continue
        if chars:
            chars.append(sep)
            src.extend((src[-1],) * len(sep))
        chars.append(item.text)
        src.extend(item.src)
    return Mapped("".join(chars), tuple(src))


def split_lines(text: str, start: int = 0) -> list[Mapped]:
    """Lines of `text` (which sits at `start` in the source), line breaks dropped."""
    lines: list[Mapped] = []
    pos = 0
    for match in _LINE_BREAK.finditer(text):
        lines.append(Mapped.of(text[pos : match.start()], start + pos))
        pos = match.end()
    lines.append(Mapped.of(text[pos:], start + pos))
    return lines


def fix_unicode(line: Mapped, *, unescape_html: bool | str = "auto") -> Mapped:
    """Repair mojibake and odd code points with ftfy, keeping the source map.

    Curly quotes are kept (they are evidence of what the outlet printed); where ftfy changed
    something, a character diff carries the map across the change.
    """
    config = ftfy.TextFixerConfig(
        uncurl_quotes=False, fix_line_breaks=False, unescape_html=unescape_html, explain=False
    )
    fixed = ftfy.fix_text(line.text, config)
    if fixed == line.text:
        return line
    src: list[int] = []
    matcher = SequenceMatcher(None, line.text, fixed, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            src.extend(line.src[i1:i2])
        elif tag in ("replace", "insert"):
            # A repaired run maps onto the run it replaced, clamped to its last character.
            origin = line.src[i1:i2] or line.src[max(i1 - 1, 0) : i1] or (line.source_start,)
            src.extend(origin[min(k, len(origin) - 1)] for k in range(j2 - j1))
    return Mapped(fixed, tuple(src))


def collapse_whitespace(line: Mapped) -> Mapped:
    """Runs of whitespace become one space, invisible characters go, edges are stripped."""
    chars: list[str] = []
    src: list[int] = []
    for ch, pos in zip(line.text, line.src, strict=True):
        if ch in _INVISIBLE:
            continue
        if ch.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                src.append(pos)
            continue
        chars.append(ch)
        src.append(pos)
    return Mapped("".join(chars), tuple(src)).strip()


def assemble(paragraphs: list[Mapped]) -> tuple[str, OffsetMap]:
    """Join paragraphs with blank lines; compress the per-character map into an `OffsetMap`."""
    whole = join(paragraphs, "\n\n")
    anchors: list[int] = []
    shifts: list[int] = []
    for i, pos in enumerate(whole.src):
        shift = pos - i
        if not shifts or shifts[-1] != shift:
            anchors.append(i)
            shifts.append(shift)
    return whole.text, OffsetMap(tuple(anchors), tuple(shifts))
