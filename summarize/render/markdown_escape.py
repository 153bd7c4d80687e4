"""Untrusted text into Markdown: the one place every renderer escapes article-derived strings.

Article text and metadata (title, outlet, file name, sentences) and the model's answers are data.
Rendered by any CommonMark renderer with raw HTML on (markdown-it, python-markdown with the
`tables` extension, GitHub), what passes through these functions shows the same characters and
never becomes structure: no HTML element, no link, image or autolink, no emphasis, code,
heading, list, quote or table row, and no line break.

Escapes are chosen so both major renderer families read them:
- `<`, `>`, `&` become entities: they stay inert even where Markdown is not parsed (inside a
  raw HTML block such as `<details>`, which python-markdown passes through verbatim);
- Markdown punctuation gets a backslash, and only characters python-markdown can escape too
  (its `ESCAPED_CHARS`; `|` is one once the `tables` extension is loaded);
- the colon of a URL scheme, the dot of `www.` and the `@` of an e-mail address become numeric
  references, so autolinkers (GitHub's extended autolinks) see no URL in the source.

Invariant for callers: a renderer writes untrusted text only through `inline`, `cell` or `code`,
and never writes two lines that are wholly untrusted one after another without a blank line
(quote each removed line as its own paragraph, for instance).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["cell", "code", "inline"]

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Always escaped: links/images ([ ]), emphasis (* _), code (`), headings and their closing run
# (#), escapes themselves (\), and table cell separators (|).
_ALWAYS = re.compile(r"[\\`*\[\]#|]")
# `_` between two letters or digits opens no emphasis in CommonMark or python-markdown: leave
# it readable in file names like `bridge_post.html`.
_UNDERSCORE = re.compile(r"(?<![^\W_])_+|_+(?![^\W_])")
# Block markers that only count at the start of a line: bullets, thematic breaks and setext
# underlines (-, +), ordered-list numbers, and a `~~~` code fence (python-markdown cannot
# backslash-escape `~`, so it becomes a reference).
_LEADING_BULLET = re.compile(r"^([-+])")
_LEADING_TILDE = re.compile(r"^~")
_LEADING_NUMBER = re.compile(r"^(\d{1,9})([.)])")
_SCHEME = re.compile(
    r"\b([A-Za-z][A-Za-z0-9+.\-]{0,31}):(?=//)"
    r"|\b(javascript|vbscript|data|file|mailto|xmpp|tel):",
    re.IGNORECASE,
)
_WWW = re.compile(r"\b(www)\.", re.IGNORECASE)
_EMAIL_AT = re.compile(r"(?<=[\w.+\-])@(?=[\w\-]+\.)")


def _one_line(text: str) -> str:
    """Line breaks and runs of white space become one space; control characters become U+FFFD.

    A newline in a title would end the heading or table row it sits in; leading spaces would
    start a code block; two trailing spaces a hard break. Rendered Markdown collapses white
    space anyway, so the reader sees the same text.
    """
    text = "".join(
        "\ufffd" if unicodedata.category(ch) == "Cc" and not ch.isspace() else ch for ch in text
    )
    return " ".join(text.split())


def _escape_char(match: re.Match[str]) -> str:
    return "\\" + match.group(0)


def _break_scheme(match: re.Match[str]) -> str:
    return (match.group(1) or match.group(2)) + "&#58;"


def _escape(text: object) -> str:
    """Everything but the line-start markers (see `inline`)."""
    s = _one_line(str(text))
    s = _ALWAYS.sub(_escape_char, s)  # first: the backslashes added below must stay single
    s = _UNDERSCORE.sub(lambda m: "\\_" * len(m.group(0)), s)
    s = "".join(_ENTITIES.get(ch, ch) for ch in s)
    s = _SCHEME.sub(_break_scheme, s)
    s = _WWW.sub(r"\1&#46;", s)
    return _EMAIL_AT.sub("&#64;", s)


def inline(text: object) -> str:
    """Untrusted text for a line of Markdown (paragraph, heading, list item, emphasis span).

    >>> inline('<img src=x onerror=alert(1)> [x](javascript:alert(1)) *a* | b')
    '&lt;img src=x onerror=alert(1)&gt; \\\\[x\\\\](javascript&#58;alert(1)) \\\\*a\\\\* \\\\| b'
    >>> inline("- one\\n# two")
    '\\\\- one \\\\# two'
    >>> inline("Fish & chips, 3 > 2, bridge_post.html")
    'Fish &amp; chips, 3 &gt; 2, bridge_post.html'
    """
    s = _escape(text)
    s = _LEADING_BULLET.sub(r"\\\1", s)
    s = _LEADING_TILDE.sub("&#126;", s)
    return _LEADING_NUMBER.sub(r"\1\\\2", s)


def cell(text: object) -> str:
    """Untrusted text for a table cell: `|` escaped (a pipe in a sentence cannot split its
    row), line breaks folded (a newline cannot end it). A cell holds inline Markdown only, so
    the line-start markers `inline` escapes are left readable: `-5%` stays `-5%`.

    >>> cell("Live | BBC\\nNews")
    'Live \\\\| BBC News'
    >>> cell("- 5%")
    '- 5%'
    """
    return _escape(text)


def code(text: object) -> str:
    """Untrusted text as an inline code span, e.g. a file name.

    The fence is one backtick longer than the longest run inside, so no backtick in the text
    can close it; a space pads text that starts or ends with a backtick (both renderers strip
    it). Inside a code span nothing is parsed, so no other escaping is needed or wanted.

    >>> code("a`b.txt")
    '``a`b.txt``'
    >>> code("`x")
    '`` `x ``'
    """
    s = _one_line(str(text))
    if not s:
        return ""
    fence = "`" * (max((len(r) for r in re.findall(r"`+", s)), default=0) + 1)
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return f"{fence}{pad}{s}{pad}{fence}"
