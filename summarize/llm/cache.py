"""The response cache: diskcache holding only `str` keys and JSON text values, never pickles.

diskcache pickles anything that is not a primitive, and unpickles whatever a row says is a
pickle (CVE-2025-69872: whoever can write the cache directory can run code). `_TextOnlyDisk`
refuses to store or load pickles at all, and the directory is created user-only (0700).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import diskcache
from platformdirs import user_cache_dir

from summarize.errors import ConfigError

KEY_VERSION = "summarize-cache-v1"


class _TextOnlyDisk(diskcache.Disk):  # type: ignore[misc]
    def put(self, key: Any) -> tuple[Any, bool]:
        if not isinstance(key, str):
            raise TypeError("cache keys must be str")
        return super().put(key)  # type: ignore[no-any-return]

    def get(self, key: Any, raw: bool) -> Any:
        if not raw:
            raise ValueError("refusing to unpickle a cache key")
        return super().get(key, raw)

    def store(self, value: Any, read: bool, key: Any = diskcache.UNKNOWN) -> Any:
        if not isinstance(value, str) or read:
            raise TypeError("cache values must be JSON text")
        return super().store(value, read, key=key)

    def fetch(self, mode: int, filename: Any, value: Any, read: bool) -> Any:
        if mode == diskcache.core.MODE_PICKLE:
            raise ValueError("refusing to unpickle a cache value")
        return super().fetch(mode, filename, value, read)


def default_cache_dir() -> Path:
    env = os.environ.get("SUMMARIZE_CACHE_DIR")
    return Path(env) if env else Path(user_cache_dir("summarize")) / "responses"


def cache_key(parts: dict[str, Any]) -> str:
    """sha256 of canonical JSON (sorted keys, compact), prefixed with the key format version."""
    canonical = json.dumps(
        {"v": KEY_VERSION, **parts}, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


class ResponseCache:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_cache_dir()
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(self.directory, 0o700)  # mkdir's mode is masked and ignored if it existed
        except OSError as exc:
            raise ConfigError(f"{self.directory}: cannot use as cache directory: {exc}") from exc
        self._cache = diskcache.Cache(str(self.directory), disk=_TextOnlyDisk)

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            text = self._cache.get(key)
        except ValueError:
            return None  # a planted pickle row: treat as a miss, never load it
        return json.loads(text) if isinstance(text, str) else None

    def set(self, key: str, value: dict[str, Any]) -> None:
        self._cache.set(key, json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def info(self) -> dict[str, Any]:
        return {
            "directory": str(self.directory),
            "entries": len(self._cache),
            "bytes": self._cache.volume(),
        }

    def clear(self) -> int:
        return int(self._cache.clear())

    def close(self) -> None:
        self._cache.close()
