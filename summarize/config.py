"""The user's config file: where it is and its TOML, read once per use (profiles and settings).

`$SUMMARIZE_CONFIG`, else `<user config dir>/summarize/config.toml`; a missing file is empty.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir

from summarize.errors import ConfigError


def config_path() -> Path:
    env = os.environ.get("SUMMARIZE_CONFIG")
    return Path(env) if env else Path(user_config_dir("summarize")) / "config.toml"


def read_config(path: Path) -> dict[str, Any]:
    """The file's tables ({} when there is no file); not TOML is a one-line `ConfigError`."""
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
