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

    [settings.align]                # thresholds: see summarize/settings.py
    carry_bar = 0.8
"""

from __future__ import annotations

import os
from dataclasses import fields, replace
from pathlib import Path
from typing import Annotated, Any, Literal, get_type_hints
from urllib.parse import urlsplit

from pydantic import ConfigDict, Field, ValidationError, create_model
from pydantic.dataclasses import dataclass
from pydantic_core import ErrorDetails

from summarize.config import config_path, read_config
from summarize.errors import ConfigError
from summarize.llm.redact import redact_url

Kind = Literal["openai", "server", "embedded"]
# Which structured-output request a backend accepts: OpenAI strict json_schema, plain
# json_schema (llama.cpp, vLLM, Ollama, LM Studio) or json_object with the schema in the prompt.
SchemaStyle = Literal["json_schema_strict", "json_schema", "json_object"]
# Speculative decoding in the embedded runtime: something cheap proposes tokens, the model checks
# them in one batch and keeps those it would have chosen, so greedy answers stay the model's own.
# "ngram": proposals from n-grams already in the prompt and answer (no second model); "draft":
# the packaged Qwen2.5-Coder-0.5B (the `draft` extra) proposes. docs/BENCHMARKS.md measures
# "ngram" (no consistent gain on 2 cores); "draft" is not measured yet.
Speculative = Literal["off", "ngram", "draft"]
# Overall deadline of one model call, in seconds, when the profile names none. The embedded
# 1.5B model can take minutes for one digest on 2 cores; a hosted API answers in seconds.
DEFAULT_TIMEOUT: dict[str, float] = {"embedded": 1800.0, "server": 600.0, "openai": 120.0}
EnvName = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=100)]

# Strict: a config's `concurrency = "4"` is an error, not a silent conversion.
_STRICT = ConfigDict(strict=True, extra="forbid")


@dataclass(frozen=True, config=_STRICT)
class BackendProfile:
    name: str
    kind: Kind
    base_url: str | None = None  # None: the client's own default (OPENAI_BASE_URL or OpenAI)
    model: str | None = None
    api_key_env: EnvName | None = None  # name of the env var holding the key, never the key
    context_size: Annotated[int, Field(ge=256)] = 8192
    schema_style: SchemaStyle = "json_schema"
    max_output_tokens: Annotated[int, Field(ge=1)] = 2048
    concurrency: Annotated[int, Field(ge=1)] = 1
    timeout: Annotated[float, Field(gt=0)] = DEFAULT_TIMEOUT["server"]  # seconds, one call
    model_path: str | None = None  # embedded: a GGUF file; None means the packaged default
    threads: Annotated[int, Field(ge=1)] | None = None  # embedded: CPU threads (None: all)
    speculative: Speculative = "off"  # embedded: see `Speculative`
    # What the model is trusted to write beyond a short summary. A 1.5B model copies sentences
    # back as "claims" and repeats one framing template for every outlet (issue 10), so both
    # are off unless a profile says the model is capable.
    claims: bool = False  # the digest also lists atomic claims with sentence pointers
    framing_narrative: bool = True  # the model's per-outlet framing comparison

    @property
    def display(self) -> str:
        where = redact_url(self.base_url) or (
            "in-process" if self.kind == "embedded" else "api.openai.com"
        )
        return f"{self.name} ({self.kind}, model {self.model or 'default'}, {where})"


BUILTIN_PROFILES: dict[str, BackendProfile] = {
    p.name: p
    for p in (
        BackendProfile(
            "embedded",
            "embedded",
            model="qwen2.5-coder-1.5b-instruct-q4_k_m",
            context_size=8192,  # per slot: each slot has its own 8k KV cache (~235 MB)
            schema_style="json_schema",
            max_output_tokens=1536,
            # Measured on the seeds on 2 idle cores (docs/BENCHMARKS.md, issue 26): one slot
            # 58 s, two 62 s, four 59 s: batching slots did not pay there, and each slot costs
            # its own 8k KV cache (~235 MB; four reach 3.05 GB). Speculation (n-gram lookup)
            # did not pay either. --concurrency (or `concurrency` in the config) gives more
            # slots where more cores make them pay.
            concurrency=1,
            timeout=DEFAULT_TIMEOUT["embedded"],
            framing_narrative=False,
        ),
        BackendProfile(
            "openai",
            "openai",
            model="gpt-4o-mini",
            api_key_env="OPENAI_API_KEY",
            context_size=128_000,
            schema_style="json_schema_strict",
            concurrency=4,
            timeout=DEFAULT_TIMEOUT["openai"],
            claims=True,
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

# The config's [backends.NAME] table: every profile field optional, same types and bounds.
_HINTS = get_type_hints(BackendProfile, include_extras=True)
BackendTable = create_model(  # type: ignore[call-overload]
    "BackendTable",
    __config__=_STRICT,
    **{f.name: (_HINTS[f.name] | None, None) for f in fields(BackendProfile) if f.name != "name"},
)


_KEYS_LIVE_IN_THE_ENV = (
    "put keys in the environment and name the variable with api_key_env "
    '(e.g. api_key_env = "OPENAI_API_KEY")'
)


def _problem(error: ErrorDetails) -> str:
    """One pydantic error as `key: what is wrong`, never echoing the value (it may be a key)."""
    key = ".".join(str(part) for part in error["loc"]) or "value"
    if error["type"] == "extra_forbidden":
        return f"{key}: unknown key"
    if key == "api_key_env" and error["type"] == "string_pattern_mismatch":
        return f"{key}: must be the name of an environment variable (letters, digits, _), not a key"
    value = error.get("input")
    got = f" (got {type(value).__name__})" if error["type"].endswith("_type") else ""
    return f"{key}: {error['msg']}{got}"


def _profile_from_table(
    name: str, table: object, base: BackendProfile | None, path: Path
) -> BackendProfile:
    where = f"{path}: [backends.{name}]"
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    if "api_key" in table:
        raise ConfigError(f"{where} api_key: {_KEYS_LIVE_IN_THE_ENV}")
    unknown = sorted(set(table) - set(BackendTable.model_fields))
    if unknown:
        raise ConfigError(f"{where} has unknown keys: {', '.join(unknown)}")
    try:
        given = BackendTable.model_validate(table).model_dump(exclude_unset=True)
    except ValidationError as exc:
        raise ConfigError(f"{where} {_problem(exc.errors()[0])}") from None
    if base is None:
        if "kind" not in given:
            raise ConfigError(f'{where}: new backend {name!r} needs kind = "server" or "openai"')
        base = BackendProfile(name=name, kind=given["kind"], timeout=DEFAULT_TIMEOUT[given["kind"]])
    profile = replace(base, **given)
    _check(profile, where)
    return profile


def _check(profile: BackendProfile, where: str) -> None:
    """What a single field cannot say: consistency across fields."""
    if profile.kind == "server" and not profile.base_url:
        raise ConfigError(f"{where}: backend {profile.name!r} needs a base_url")
    if profile.base_url:
        parts = urlsplit(profile.base_url)
        try:
            parts.port  # noqa: B018 - raises on a port that is not a number
        except ValueError:
            parts = urlsplit("")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(
                f"{where}: backend {profile.name!r} base_url: not an http(s) URL "
                f"({redact_url(profile.base_url)})"
            )


def load_profiles(path: Path | None = None) -> tuple[dict[str, BackendProfile], str]:
    """All profiles (built-in, overridden or added by the config file) and the default's name."""
    path = path or config_path()
    config = read_config(path)
    if "api_key" in config:
        raise ConfigError(f"{path}: api_key: {_KEYS_LIVE_IN_THE_ENV}")
    unknown = sorted(set(config) - {"default_backend", "backends", "settings"})
    if unknown:
        raise ConfigError(
            f"{path}: unknown top-level keys: {', '.join(unknown)} "
            "(known: default_backend, [backends.NAME], [settings.SECTION])"
        )
    profiles = dict(BUILTIN_PROFILES)
    tables = config.get("backends", {})
    if not isinstance(tables, dict):
        raise ConfigError(f"{path}: 'backends' must be a table of tables")
    for name, table in tables.items():
        profiles[name] = _profile_from_table(name, table, profiles.get(name), path)
    configured = config.get("default_backend")
    if configured is not None and not isinstance(configured, str):
        raise ConfigError(
            f"{path}: default_backend: must be a backend's name (got {type(configured).__name__})"
        )
    default = os.environ.get("SUMMARIZE_BACKEND") or configured or "embedded"
    if default not in profiles:
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
    timeout: float | None = None,
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
            "timeout": timeout,
        }.items()
        if v is not None
    }
    if model_path and profile.kind != "embedded":
        raise ConfigError(
            "--model-path runs a GGUF file in the embedded runtime; use it with --backend embedded"
        )
    try:
        profile = replace(profile, **overrides)
    except ValidationError as exc:
        error = exc.errors()[0]
        flag = "--" + ".".join(str(p) for p in error["loc"]).replace("_", "-")
        raise ConfigError(f"{flag}: {error['msg']}") from None
    if model_path:
        if not Path(model_path).is_file():
            raise ConfigError(f"{model_path}: model file not found")
        profile = replace(profile, model=Path(model_path).stem)
    _check(profile, "flags")
    return profile
