"""Bytes to text: refuse binary files, detect the encoding, fail clearly only when it can't be."""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import sys
from pathlib import Path
from typing import BinaryIO

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


# A raw input may be this many bytes per allowed character (HTML pages carry far more markup than
# text), and never more than the hard cap, whatever --max-chars says: beyond it, refuse unread.
RAW_BYTES_PER_CHAR = 20
HARD_BYTE_LIMIT = 256 * 1024 * 1024


def byte_limit(max_chars: int) -> int:
    """The most raw bytes read for one input (file or stdin) under `max_chars`."""
    return min(max_chars * RAW_BYTES_PER_CHAR, HARD_BYTE_LIMIT)


def read_bytes(
    path: str | Path,
    limit: int = HARD_BYTE_LIMIT,
    max_chars: int | None = None,
    *,
    named_in: str | None = None,
) -> bytes:
    """The raw bytes of a regular file, or of stdin for `-`, refused unread beyond `limit`.

    A file is opened once, without following it into a FIFO or device that would block, and its
    size is checked on that descriptor before anything is read; reads stop at `limit + 1` bytes
    in any case (stdin, a file still growing), so memory stays bounded by the limit.
    `named_in` ("manifest.yaml entry 2") ends every message.
    """
    if str(path) == STDIN:
        return _over("<stdin>", _bounded(sys.stdin.buffer, limit), limit, max_chars)
    name = str(path)
    suffix = f" (named in {named_in})" if named_in else ""
    with open_regular(path, named_in=named_in) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise InputError(_too_big(name, size, limit, max_chars))
        try:
            return _over(name, _bounded(handle, limit), limit, max_chars)
        except OSError as exc:
            raise InputError(f"{os_error(name, exc)}{suffix}") from exc


def open_regular(path: str | Path, *, named_in: str | None = None) -> BinaryIO:
    """`path` opened for reading if it is a regular file; else one InputError naming it.

    Opened without blocking and without following it into a FIFO or a device (a FIFO with no
    writer would wait forever, /dev/zero never ends); its type is checked on the descriptor,
    so the file cannot be swapped between the check and the read.
    """
    name = str(path)
    suffix = f" (named in {named_in})" if named_in else ""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError as exc:
        if named_in and not os.path.islink(path):
            raise InputError(f"{name}: no such file{suffix}") from exc
        raise InputError(f"{os_error(name, exc)}{suffix}") from exc
    except OSError as exc:
        raise InputError(f"{os_error(name, exc)}{suffix}") from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"{name}: not a regular file ({_kind(mode)}){suffix}")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def os_error(name: str, exc: OSError) -> InputError:
    """One line for an operating-system error on `name` (or on the path the error names)."""
    where = exc.filename if isinstance(exc.filename, str) else name
    if isinstance(exc, FileNotFoundError):
        what = "no such file or folder"
        if os.path.islink(where):
            what = "is a broken symbolic link"
    elif exc.errno == errno.ELOOP:
        what = "too many levels of symbolic links"
    else:
        reason = (exc.strerror or type(exc).__name__).lower()
        what = f"cannot read ({reason})"
    return InputError(f"{where}: {what}")


def _bounded(stream: BinaryIO, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _over(name: str, data: bytes, limit: int, max_chars: int | None) -> bytes:
    if len(data) > limit:
        raise InputError(_too_big(name, len(data), limit, max_chars, at_least=True))
    return data


def _too_big(
    name: str, size: int, limit: int, max_chars: int | None, at_least: bool = False
) -> str:
    amount = f"over {limit:,}" if at_least else f"{size:,}"
    if max_chars is not None and limit < HARD_BYTE_LIMIT:
        return (
            f"{name}: is {amount} bytes, far over the limit of {max_chars:,} characters; "
            "split it or raise --max-chars"
        )
    return f"{name}: is {amount} bytes, over the hard limit of {HARD_BYTE_LIMIT:,} bytes; split it"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


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
    # Invalid bytes become lone surrogates (U+DC80-DCFF), which valid UTF-8 never yields.
    escaped = data.decode("utf-8", errors="surrogateescape")
    if any(not line.isascii() and not _LEGACY.search(line) for line in escaped.splitlines()):
        # a whole line of UTF-8 text beside invalid bytes: two encodings in one file
        return _checked(_decode_mixed(escaped, name), name)
    best = _detect(data)
    if best is None:
        raise InputError(f"{name}: cannot detect the text encoding; convert the file to UTF-8")
    return _checked(data.decode(best), name)


def _detect(data: bytes) -> str | None:
    """The likeliest legacy encoding of `data` (charset detection), None if none fits."""
    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    # On short Western texts detection wavers between cp125x cousins; cp1252 (what browsers
    # use for "latin-1") is by far the likeliest for news pages, so it wins near-ties.
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos + 0.1:
            best = match
    return str(best.encoding)


_LEGACY = re.compile("[\udc80-\udcff]+")
_MIXED_FALLBACK = "cp1252"  # the legacy half of a mixed file when detection cannot tell


def _decode_mixed(escaped: str, name: str) -> str:
    """A file that mixes UTF-8 with a legacy encoding (pasted or concatenated texts), read
    UTF-8 first, run by run: the valid UTF-8 stays, and each run of invalid bytes is read in
    the one legacy encoding detected over the lines that hold them (cp1252 unless detection
    says otherwise; the runs alone are too short to detect). Decoding the whole file in one
    legacy code page would garble both halves."""
    legacy_lines = [line for line in escaped.splitlines() if _LEGACY.search(line)]
    sample = "\n".join(legacy_lines).encode("utf-8", errors="surrogateescape")
    encoding = _detect(sample) or _MIXED_FALLBACK
    if encoding.lower().replace("-", "_") in ("ascii", "utf_8"):
        encoding = _MIXED_FALLBACK

    def legacy(match: re.Match[str]) -> str:
        return match.group().encode("utf-8", errors="surrogateescape").decode(encoding)

    try:
        return _LEGACY.sub(legacy, escaped)
    except UnicodeDecodeError:
        raise InputError(
            f"{name}: mixes UTF-8 with bytes that are not text in {encoding} either; "
            "convert the file to UTF-8"
        ) from None


def _checked(text: str, name: str) -> str:
    """Text full of control characters is binary that happened to decode."""
    sample = text[:8192]
    controls = sum(1 for ch in sample if ch < " " and ch not in _CONTROL_OK)
    if sample and controls / len(sample) > 0.05:
        raise InputError(f"{name}: is a binary file (control characters), not text")
    if not text.strip():
        raise InputError(f"{name}: contains only whitespace")
    return text
