"""Characters that change how text is displayed rather than what it says: bidirectional
controls, and the control characters a terminal obeys.

Article text, file names, feed pages and server replies are untrusted. A right-to-left override
in a title makes it display reordered (the "Trojan Source" trick), so bidi controls are dropped
where article text is normalised (`summarize.articles.mapped`). An escape sequence in a file
name or a server's reason phrase can retitle or garble the user's terminal, so every line the
CLI prints on stderr goes through `say`, which shows such characters escaped (`\\x1b`,
`\\u202e`) instead of sending them.
"""

from __future__ import annotations

import sys
import unicodedata
from typing import TextIO

# Embeddings and overrides (U+202A-E), isolates (U+2066-9), the implicit marks (LRM, RLM, ALM).
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)

_KEPT = frozenset("\n\t")  # what a multi-line message may still carry


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str) -> str:
    """`text` with every character a terminal would act on, or that reorders the display,
    written as a visible escape: C0 controls but newline and tab, DEL, C1 controls, bidi
    controls and lone surrogates (a file name's undecodable bytes).

    >>> for_terminal("e\\x1b]0;PWNED\\x07.txt")
    'e\\\\x1b]0;PWNED\\\\x07.txt'
    >>> for_terminal("caf\\u00e9 \\u202egnp.exe")
    'café \\\\u202egnp.exe'
    """
    if text.isprintable():
        return text  # the common case, at C speed
    out = []
    for ch in text:
        if ch in _KEPT:
            out.append(ch)
        elif ch in BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Cs"):
            out.append(_escape(ch))
        else:
            out.append(ch)
    return "".join(out)


def say(message: str, stream: TextIO | None = None) -> None:
    """Print one `summarize: ...` line on stderr (or `stream`), made safe for a terminal."""
    print(f"summarize: {for_terminal(message)}", file=stream or sys.stderr)
