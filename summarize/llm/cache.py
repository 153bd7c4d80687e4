"""The response cache: diskcache holding only `str` keys and JSON text values, never pickles.

diskcache pickles anything that is not a primitive, and unpickles whatever a row says is a
pickle (CVE-2025-69872: whoever can write the cache directory can run code). `_TextOnlyDisk`
refuses to store or load pickles at all, and the directory is created user-only (0700).

A folder the user names (`--cache-dir`, `$SUMMARIZE_CACHE_DIR`) is never chmod-ed: if it does
not exist it is created 0700; if it exists it must already be private to the user (no group or
other access), else the cache refuses it with one line. Only the default folder, which the tool
owns, is tightened to 0700 when found looser.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import diskcache
from platformdirs import user_cache_dir

from summarize import safejson
from summarize.errors import ConfigError

KEY_VERSION = "summarize-cache-v1"
# How long a call waits for another process's write to the cache database to end (diskcache's
# own default); past it the run ends with one line saying the database is locked.
LOCK_WAIT_SECONDS = 60.0


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


class UnreadableRow(Exception):
    """A cache row that is not a JSON object (planted, truncated, or from a foreign tool)."""


def _builtin_cache_dir() -> Path:
    return Path(user_cache_dir("summarize")) / "responses"


def default_cache_dir() -> Path:
    env = os.environ.get("SUMMARIZE_CACHE_DIR")
    return Path(env) if env else _builtin_cache_dir()


def prepare_directory(directory: Path, *, ours: bool) -> None:
    """Create `directory` 0700, or check that an existing one is private (see module doc)."""
    try:
        directory.mkdir(parents=True, mode=0o700)
    except FileExistsError:
        pass
    else:
        os.chmod(directory, 0o700)  # mkdir's mode is masked by the umask
        return
    if not directory.is_dir():
        raise ConfigError(f"{directory}: cannot use as cache directory: not a folder")
    if os.name == "nt":  # no POSIX modes to check
        return
    info = directory.stat()
    if ours and info.st_uid == os.getuid():
        os.chmod(directory, 0o700)
        return
    if info.st_uid != os.getuid():
        raise ConfigError(f"{directory}: cannot use as cache directory: it belongs to another user")
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o077:
        raise ConfigError(
            f"{directory}: cannot use as cache directory: others can access it (mode "
            f"{mode:04o}); name a new folder, or make this one private (chmod 700) yourself"
        )


def _is_lock_error(exc: sqlite3.DatabaseError) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and any(
        word in str(exc).lower() for word in ("locked", "busy")
    )


def _locked(directory: Path) -> ConfigError:
    holder = _lock_holder(directory / "cache.db") or "another process"
    return ConfigError(
        f"{directory}: the cache database is locked by {holder} (another summarize run, or a "
        f"program reading it) and stayed busy for {LOCK_WAIT_SECONDS:g} s; let it finish and "
        "re-run, or use --no-cache or another --cache-dir"
    )


def _lock_holder(database: Path) -> str | None:
    """`process PID (NAME)` holding a lock on `database`, from /proc/locks (SQLite locks with
    fcntl); None where that cannot be told (not Linux, no such lock any more)."""
    try:
        inode = database.stat().st_ino
        rows = Path("/proc/locks").read_text(encoding="ascii", errors="replace").splitlines()
    except OSError:
        return None
    for row in rows:
        fields = row.split()
        if len(fields) > 5 and fields[5].rsplit(":", 1)[-1] == str(inode):
            pid = fields[4]
            if not pid.isdigit() or int(pid) == os.getpid():
                continue
            try:
                name = Path(f"/proc/{pid}/comm").read_text(encoding="utf-8").strip()
            except OSError:
                name = ""
            return f"process {pid}" + (f" ({name[:40]})" if name.isprintable() and name else "")
    return None


def _check_not_locked(directory: Path) -> None:
    """Wait up to `LOCK_WAIT_SECONDS` for a write lock on an existing cache database, then give
    it back: diskcache's own open waits a fixed 60 s, then calls a locked database an error."""
    database = directory / "cache.db"
    if not database.is_file():
        return
    try:
        conn = sqlite3.connect(str(database), timeout=LOCK_WAIT_SECONDS, isolation_level=None)
    except sqlite3.DatabaseError:
        return  # diskcache's open names what is wrong with it
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.DatabaseError as exc:
        if _is_lock_error(exc):
            raise _locked(directory) from None
    finally:
        conn.close()


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
            prepare_directory(self.directory, ours=self.directory == _builtin_cache_dir())
        except OSError as exc:
            raise ConfigError(f"{self.directory}: cannot use as cache directory: {exc}") from exc
        _check_not_locked(self.directory)
        try:
            self._cache = diskcache.Cache(
                str(self.directory), disk=_TextOnlyDisk, timeout=LOCK_WAIT_SECONDS
            )
        except sqlite3.DatabaseError as exc:
            if _is_lock_error(exc):
                raise _locked(self.directory) from None
            raise ConfigError(
                f"{self.directory}: the cache database is unreadable ({exc}); "
                "remove the folder or name another with --cache-dir"
            ) from None

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored JSON object, None on a miss; UnreadableRow if the row is not one."""
        try:
            with self._locking():
                text = self._cache.get(key)
        except ValueError:
            raise UnreadableRow("a pickled value (never loaded)") from None
        if text is None:
            return None
        if not isinstance(text, str):
            raise UnreadableRow(f"a {type(text).__name__} value, not JSON text")
        try:
            value = safejson.loads(text)
        except ValueError:
            raise UnreadableRow("not JSON") from None
        if not isinstance(value, dict):
            raise UnreadableRow("JSON that is not an object")
        return value

    def set(self, key: str, value: dict[str, Any]) -> None:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        with self._locking():
            self._cache.set(key, text)

    def info(self) -> dict[str, Any]:
        with self._locking():
            return {
                "directory": str(self.directory),
                "entries": len(self._cache),
                "bytes": self._cache.volume(),
            }

    def clear(self) -> int:
        with self._locking():
            return int(self._cache.clear())

    @contextlib.contextmanager
    def _locking(self) -> Iterator[None]:
        """Another process holding the database past the wait is one line saying so."""
        try:
            yield
        except diskcache.Timeout:
            raise _locked(self.directory) from None
        except sqlite3.OperationalError as exc:
            if _is_lock_error(exc):
                raise _locked(self.directory) from None
            raise

    def close(self) -> None:
        self._cache.close()
