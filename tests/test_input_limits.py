"""Size limits are checked before reading: a huge file is refused from its size, stdin and
growing inputs are read only up to the limit, so memory stays bounded."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from summarize.articles import load_articles
from summarize.articles import read as read_module
from summarize.articles.read import HARD_BYTE_LIMIT, RAW_BYTES_PER_CHAR, byte_limit
from summarize.errors import InputError


def _refuse_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(read_module, "_bounded", fail)


@pytest.mark.parametrize("name", ["big.txt", "big.jsonl", "big.html"])
def test_huge_sparse_file_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    big = tmp_path / name
    with big.open("wb") as handle:
        handle.truncate(1 << 30)  # 1 GiB, sparse: costs no disk
    _refuse_reading(monkeypatch)
    with pytest.raises(InputError) as caught:
        load_articles([big])
    assert str(caught.value) == (
        f"{big}: is 1,073,741,824 bytes, far over the limit of 200,000 characters; "
        "split it or raise --max-chars"
    )
    with pytest.raises(InputError, match="over the hard limit of 268,435,456 bytes"):
        load_articles([big], max_chars=10**9)  # a raised --max-chars still has a ceiling


def test_byte_limit_follows_max_chars_up_to_the_hard_cap() -> None:
    assert byte_limit(1_000) == 1_000 * RAW_BYTES_PER_CHAR
    assert byte_limit(10**12) == HARD_BYTE_LIMIT


class _Endless(io.RawIOBase):
    """A stdin that never ends; counts what was taken from it."""

    def __init__(self) -> None:
        self.taken = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        buffer[:] = b"a" * len(buffer)
        self.taken += len(buffer)
        return len(buffer)


class _Stdin:
    def __init__(self, buffer: _Endless) -> None:
        self.buffer = buffer


def test_stdin_is_read_only_up_to_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    endless = _Endless()
    monkeypatch.setattr("sys.stdin", _Stdin(endless))
    with pytest.raises(InputError, match=r"^<stdin>: is over 20,000 bytes, far over the limit"):
        load_articles(["-"], max_chars=1_000)
    assert endless.taken <= 20_001 + 8192  # the limit plus at most one buffer


def test_file_growing_past_its_size_is_cut_off_at_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing.txt"
    path.write_text("The bridge was closed on Monday. Ferries run every twenty minutes.\n")
    real_fstat = os.fstat

    def small(fd: int) -> os.stat_result:  # the size seen before reading is small...
        info = list(real_fstat(fd))
        info[6] = 10
        return os.stat_result(info)

    monkeypatch.setattr(read_module.os, "fstat", small)
    path.write_text("x" * 50_000)  # ...but the file holds more by the time it is read
    with pytest.raises(InputError, match="is over 20,000 bytes"):
        load_articles([path], max_chars=1_000)


def test_limit_is_per_input(tmp_path: Path) -> None:
    text = "The bridge was closed on Monday. Ferries run every twenty minutes.\n"
    (tmp_path / "a.txt").write_text(text * 10)
    (tmp_path / "b.txt").write_text(text * 10)
    assert len(load_articles([tmp_path], max_chars=1_000).articles) == 2
