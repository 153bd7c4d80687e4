from __future__ import annotations

import os
import stat
from pathlib import Path

import diskcache
import pytest

from summarize.llm.cache import ResponseCache, cache_key


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
    cache = ResponseCache(directory)
    assert cache.get("k") is None
    assert not (tmp_path / "pwned").exists()
    cache.close()


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
