"""Backend profiles as data: built-in defaults, a user TOML file, then environment and flags.

A profile never holds a key, only the *name* of the environment variable that does, so no
secret can end up in the cache key, a cassette, a log or an output file through it.

Config file (`$SUMMARIZE_CONFIG`, else `<user config dir>/summarize/config.toml`):

    default_backend = "ollama"

    [backends.ollama]
    model = "qwen2.5:7b-instruct"
    context_size = 16384

    [backends.gpu-box]              # a new profile: any OpenAI-compatible server
    kind = "server"
    base_url = "http://127.0.0.1:8001/v1"
    model = "Qwen/Qwen2.5-7B-Instruct"
    schema_style = "json_schema"
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal, get_args

from platformdirs import user_config_dir

from summarize.errors import ConfigError

Kind = Literal["openai", "server", "embedded"]
# Which structured-output request a backend accepts: OpenAI strict json_schema, plain
# json_schema (llama.cpp, vLLM, Ollama, LM Studio) or json_object with the schema in the prompt.
SchemaStyle = Literal["json_schema_strict", "json_schema", "json_object"]


@dataclass(frozen=True)
class BackendProfile:
    name: str
    kind: Kind
    base_url: str | None = None  # None: the client's own default (OPENAI_BASE_URL or OpenAI)
    model: str | None = None
    api_key_env: str | None = None  # name of the env var holding the key, never the key
    context_size: int = 8192
    schema_style: SchemaStyle = "json_schema"
    max_output_tokens: int = 2048
    concurrency: int = 1
    timeout: float = 600.0
    model_path: str | None = None  # embedded: a GGUF file; None means the packaged default
    threads: int | None = None  # embedded: CPU threads (None: all cores)

    @property
    def display(self) -> str:
        where = self.base_url or ("in-process" if self.kind == "embedded" else "api.openai.com")
        return f"{self.name} ({self.kind}, model {self.model or 'default'}, {where})"


BUILTIN_PROFILES: dict[str, BackendProfile] = {
    p.name: p
    for p in (
        BackendProfile(
            "embedded",
            "embedded",
            model="qwen2.5-coder-1.5b-instruct-q4_k_m",
            context_size=8192,
            schema_style="json_schema",
            max_output_tokens=1536,
        ),
        BackendProfile(
            "openai",
            "openai",
            model="gpt-4o-mini",
            api_key_env="OPENAI_API_KEY",
            context_size=128_000,
            schema_style="json_schema_strict",
            concurrency=4,
            timeout=120.0,
        ),
        # Ollama truncates prompts to its default context (4k) through the OpenAI API unless the
        # server runs with OLLAMA_CONTEXT_LENGTH; context_size here must match what it runs with.
        BackendProfile(
            "ollama",
            "server",
            base_url="http://127.0.0.1:11434/v1",
            model="qwen2.5:7b-instruct",
            context_size=4096,
        ),
        BackendProfile("llamacpp", "server", base_url="http://127.0.0.1:8080/v1", model="default"),
        BackendProfile(
            "vllm",
            "server",
            base_url="http://127.0.0.1:8000/v1",
            model="Qwen/Qwen2.5-7B-Instruct",
            context_size=32768,
            concurrency=8,
        ),
        BackendProfile("lmstudio", "server", base_url="http://127.0.0.1:1234/v1", model="default"),
    )
}

_FIELD_TYPES = {f.name: f.type for f in fields(BackendProfile)}


def config_path() -> Path:
    env = os.environ.get("SUMMARIZE_CONFIG")
    return Path(env) if env else Path(user_config_dir("summarize")) / "config.toml"


def _read_config(path: Path) -> dict[str, object]:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


def _profile_from_table(
    name: str, table: object, base: BackendProfile | None, path: Path
) -> BackendProfile:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [backends.{name}] must be a table")
    if "api_key" in table:
        raise ConfigError(
            f"{path}: put keys in the environment and name the variable with api_key_env"
        )
    unknown = set(table) - set(_FIELD_TYPES) - {"name"}
    if unknown:
        raise ConfigError(
            f"{path}: [backends.{name}] has unknown keys: {', '.join(sorted(unknown))}"
        )
    if base is None:
        if "kind" not in table:
            raise ConfigError(f'{path}: new backend {name!r} needs kind = "server" or "openai"')
        base = BackendProfile(name=name, kind="server")
    profile = replace(base, **{k: v for k, v in table.items() if k != "name"})
    _check(profile, str(path))
    return profile


def _check(profile: BackendProfile, where: str) -> None:
    if profile.kind not in get_args(Kind):
        raise ConfigError(f"{where}: backend {profile.name!r} has unknown kind {profile.kind!r}")
    if profile.schema_style not in get_args(SchemaStyle):
        raise ConfigError(
            f"{where}: backend {profile.name!r} has unknown schema_style "
            f"{profile.schema_style!r} (one of {', '.join(get_args(SchemaStyle))})"
        )
    if profile.kind == "server" and not profile.base_url:
        raise ConfigError(f"{where}: backend {profile.name!r} needs a base_url")
    if profile.concurrency < 1 or profile.context_size < 256:
        raise ConfigError(
            f"{where}: backend {profile.name!r} needs concurrency >= 1 and context_size >= 256"
        )


def load_profiles(path: Path | None = None) -> tuple[dict[str, BackendProfile], str]:
    """All profiles (built-in, overridden or added by the config file) and the default's name."""
    path = path or config_path()
    config = _read_config(path)
    profiles = dict(BUILTIN_PROFILES)
    tables = config.get("backends", {})
    if not isinstance(tables, dict):
        raise ConfigError(f"{path}: 'backends' must be a table of tables")
    for name, table in tables.items():
        profiles[name] = _profile_from_table(name, table, profiles.get(name), path)
    default = os.environ.get("SUMMARIZE_BACKEND") or config.get("default_backend") or "embedded"
    if not isinstance(default, str) or default not in profiles:
        raise ConfigError(
            f"default backend {default!r} is not defined (known: {', '.join(sorted(profiles))})"
        )
    return profiles, default


def resolve_profile(
    name: str | None = None,
    *,
    model: str | None = None,
    base_url: str | None = None,
    model_path: str | None = None,
    threads: int | None = None,
    concurrency: int | None = None,
    config: Path | None = None,
) -> BackendProfile:
    """The profile to use: flag > $SUMMARIZE_BACKEND > config default > embedded, then overrides."""
    profiles, default = load_profiles(config)
    chosen = name or default
    if chosen not in profiles:
        raise ConfigError(f"unknown backend {chosen!r} (known: {', '.join(sorted(profiles))})")
    profile = profiles[chosen]
    if profile.kind == "openai" and base_url is None and os.environ.get("OPENAI_BASE_URL"):
        base_url = os.environ["OPENAI_BASE_URL"]
    overrides: dict[str, Any] = {
        k: v
        for k, v in {
            "model": model,
            "base_url": base_url,
            "model_path": model_path,
            "threads": threads,
            "concurrency": concurrency,
        }.items()
        if v is not None
    }
    if model_path and profile.kind != "embedded":
        raise ConfigError(
            "--model-path runs a GGUF file in the embedded runtime; use it with --backend embedded"
        )
    profile = replace(profile, **overrides)
    if model_path:
        if not Path(model_path).is_file():
            raise ConfigError(f"{model_path}: model file not found")
        profile = replace(profile, model=Path(model_path).stem)
    _check(profile, "flags")
    return profile
