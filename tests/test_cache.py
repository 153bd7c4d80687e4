from __future__ import annotations

import os
import stat
from pathlib import Path

import diskcache
import pytest

from summarize.cli import main
from summarize.errors import ConfigError
from summarize.llm.cache import ResponseCache, UnreadableRow, cache_key


def test_cache_dir_is_user_only(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "c")
    assert stat.S_IMODE(os.stat(cache.directory).st_mode) == 0o700
    cache.close()


def test_values_round_trip_as_json_text(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "c")
    cache.set("k", {"a": [1, "ü"], "big": "x" * 100_000})  # large values go to files as text
    assert cache.get("k") == {"a": [1, "ü"], "big": "x" * 100_000}
    assert cache.info()["entries"] == 1
    assert cache.clear() == 1 and cache.get("k") is None
    cache.close()


def test_a_planted_pickle_is_never_loaded(tmp_path: Path) -> None:
    directory = tmp_path / "c"
    planted = diskcache.Cache(str(directory))  # default Disk pickles non-primitive values

    class Boom:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, ("touch " + str(tmp_path / "pwned"),))

    planted.set("k", Boom())
    planted.close()
    os.chmod(directory, 0o700)
    cache = ResponseCache(directory)
    with pytest.raises(UnreadableRow, match="pickle"):
        cache.get("k")
    assert not (tmp_path / "pwned").exists()
    cache.close()


@pytest.mark.parametrize(
    ("row", "reason"),
    [("{not json", "not JSON"), ("[1, 2]", "not an object"), ('"text"', "not an object")],
)
def test_a_row_that_is_not_a_json_object_is_unreadable(
    tmp_path: Path, row: str, reason: str
) -> None:
    cache = ResponseCache(tmp_path / "c")
    cache._cache.set("k", row)  # planted past `set`, as a broken or hostile writer would
    with pytest.raises(UnreadableRow, match=reason):
        cache.get("k")
    assert cache.get("missing") is None
    cache.close()


def test_a_new_cache_dir_is_created_private(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "new" / "cache")
    assert stat.S_IMODE(os.stat(cache.directory).st_mode) == 0o700
    cache.close()


def test_an_existing_shared_folder_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o755)
    with pytest.raises(ConfigError, match=r"shared: .*others can access it \(mode 0755\)"):
        ResponseCache(shared)
    assert stat.S_IMODE(os.stat(shared).st_mode) == 0o755  # never chmod-ed
    assert list(shared.iterdir()) == []  # nothing written into it


def test_an_existing_private_folder_is_used_as_is(tmp_path: Path) -> None:
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    os.chmod(private, 0o700)
    cache = ResponseCache(private)
    cache.set("k", {"a": 1})
    assert cache.get("k") == {"a": 1}
    cache.close()
    assert stat.S_IMODE(os.stat(private).st_mode) == 0o700


def test_a_file_is_not_a_cache_dir(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(ConfigError, match="not a folder"):
        ResponseCache(path)


def test_cache_dir_flag_on_a_shared_folder_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o755)
    assert main(["cache", "info", "--cache-dir", str(shared)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "others can access it" in err
    assert stat.S_IMODE(os.stat(shared).st_mode) == 0o755


def test_only_str_keys_and_text_values_are_stored(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "c")
    with pytest.raises(TypeError):
        cache._cache.set(("tuple", "key"), "v")
    with pytest.raises(TypeError):
        cache._cache.set("k", {"not": "text"})
    cache.close()


def test_key_is_canonical_and_sensitive_to_every_part() -> None:
    base = {"backend": {"name": "x"}, "request": {"model": "m", "messages": []}, "sample": 0}
    assert cache_key(base) == cache_key(dict(reversed(list(base.items()))))
    assert cache_key(base) != cache_key({**base, "sample": 1})
    assert cache_key(base) != cache_key({**base, "template": {"hash": "sha256:other"}})
