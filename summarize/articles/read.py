"""Bytes to text: refuse binary files, detect the encoding, fail clearly only when it can't be."""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

from charset_normalizer import from_bytes

from summarize.errors import InputError

STDIN = "-"

# Formats people hand us by mistake; naming them beats "cannot decode".
_MAGIC = {
    b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive (or .docx/.epub/.odt)",
    b"\x1f\x8b": "gzip archive",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"\xd0\xcf\x11\xe0": "MS Office document",
    b"\x7fELF": "executable",
    b"SQLite format 3": "SQLite database",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_OK = frozenset("\t\n\r\x0b\x0c")


def read_bytes(path: str | Path) -> bytes:
    """The raw bytes of a file, or of stdin for `-`."""
    name = str(path)
    if name == STDIN:
        return sys.stdin.buffer.read()
    file = Path(path)
    if not file.exists():
        raise InputError(f"{name}: no such file or folder")
    if not file.is_file():
        raise InputError(f"{name}: not a regular file")
    try:
        return file.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from exc


def decode(data: bytes, name: str) -> str:
    """Decode `data` (named `name` in messages): BOM, then UTF-8, then charset detection."""
    if not data.strip():
        problem = "file is empty" if not data else "contains only whitespace"
        raise InputError(f"{name}: {problem}")
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{name}: is a binary file ({kind}), not text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="strict"), name)
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: is a binary file (contains NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(data))
    if not matches:
        raise InputError(f"{name}: cannot detect the text encoding; convert the file to UTF-8")
    best = matches[0]
    # On short Western texts detection wavers between cp125x cousins; cp1252 (what browsers
    # use for "latin-1") is by far the likeliest for news pages, so it wins near-ties.
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos + 0.1:
            best = match
    return _checked(str(best), name)


def _checked(text: str, name: str) -> str:
    """Text full of control characters is binary that happened to decode."""
    sample = text[:8192]
    controls = sum(1 for ch in sample if ch < " " and ch not in _CONTROL_OK)
    if sample and controls / len(sample) > 0.05:
        raise InputError(f"{name}: is a binary file (control characters), not text")
    if not text.strip():
        raise InputError(f"{name}: contains only whitespace")
    return text
