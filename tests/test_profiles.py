from __future__ import annotations

from pathlib import Path

import pytest

from summarize.cli import main
from summarize.errors import AuthenticationError, ConfigError
from summarize.llm.client import build_request, open_backend, redact_url
from summarize.llm.profiles import (
    BUILTIN_PROFILES,
    BackendProfile,
    load_profiles,
    resolve_profile,
)
from summarize.schema import DigestOut


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_embedded_is_the_default_when_nothing_is_configured(tmp_path: Path) -> None:
    assert resolve_profile(config=tmp_path / "none.toml").name == "embedded"


def test_config_overrides_a_builtin_and_adds_a_server(tmp_path: Path) -> None:
    path = _config(
        tmp_path,
        """
default_backend = "box"
[backends.ollama]
model = "llama3.1:8b"
context_size = 16384
[backends.box]
kind = "server"
base_url = "http://127.0.0.1:8001/v1"
schema_style = "json_object"
""",
    )
    profiles, default = load_profiles(path)
    assert default == "box"
    assert profiles["ollama"].model == "llama3.1:8b"
    assert profiles["ollama"].base_url == BUILTIN_PROFILES["ollama"].base_url
    assert profiles["box"].schema_style == "json_object"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[backends.x]\nbase_url = 'http://h'\n", "needs kind"),
        ("[backends.ollama]\nmodle = 'x'\n", "unknown keys: modle"),
        ("[backends.openai]\napi_key = 'sk-123'\n", "api_key_env"),
        ("[backends.ollama]\nschema_style = 'xml'\n", r"schema_style: Input should be 'json_sc"),
        ("default_backend = 'nope'\n", "not defined"),
        ("this is not toml", "not valid TOML"),
        # wrong types name the file, the backend and the key, in one line
        ('[backends.ollama]\nconcurrency = "4"\n', r"\[backends.ollama\] concurrency: .*integer"),
        ('[backends.vllm]\ntimeout = "soon"\n', r"\[backends.vllm\] timeout: .*number"),
        ("[backends.llamacpp]\nbase_url = 42\n", r"\[backends.llamacpp\] base_url: .*string"),
        ("[backends.ollama]\ntimeout = 0\n", r"timeout: .*greater than 0"),
        ("[backends.ollama]\nconcurrency = 0\n", r"concurrency: .*greater than or equal"),
        ("[backends.ollama]\nbase_url = 'ftp://h/v1'\n", r"base_url: not an http\(s\) URL"),
        ("[backends.ollama]\nkind = 'gpu'\n", r"kind: Input should be"),
        ("[backends.embedded]\nspeculative = 'fast'\n", r"speculative: Input should be 'off'"),
        ("backends = 3\n", "must be a table of tables"),
        ("[backends]\nollama = 3\n", r"\[backends.ollama\] must be a table"),
        ("default_backend = 3\n", r"default_backend: .*\(got int\)"),
        ("default-backend = 'ollama'\n", "unknown top-level keys: default-backend"),
        # keys live in the environment, at the top level as inside a backend
        ("api_key = 'sk-top-level'\n", r"api_key: put keys in the environment"),
        ("[backends.ollama]\napi_key_env = 'sk-pasted-key-123'\n", "name of an environment"),
    ],
)
def test_bad_config_is_a_clear_config_error(tmp_path: Path, text: str, message: str) -> None:
    path = _config(tmp_path, text)
    with pytest.raises(ConfigError, match=message) as info:
        load_profiles(path)
    line = str(info.value)
    assert "\n" not in line
    assert line.startswith(str(path)) or "not defined" in line
    assert "sk-" not in line  # a value is never echoed: it may be a key


def test_bad_config_through_the_cli_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _config(tmp_path, '[backends.ollama]\nconcurrency = "4"\n')
    assert main(["backends", "--config", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"summarize: error: {path}: [backends.ollama] concurrency: " + (
        "Input should be a valid integer (got str)"
    )


def test_timeout_defaults_per_kind_and_from_config_and_flag(tmp_path: Path) -> None:
    assert BUILTIN_PROFILES["embedded"].timeout >= 1800  # minutes per digest on 2 cores
    assert BUILTIN_PROFILES["openai"].timeout == 120
    path = _config(
        tmp_path,
        "[backends.ollama]\ntimeout = 30\n[backends.box]\nkind = 'openai'\n",
    )
    profiles, _ = load_profiles(path)
    assert profiles["ollama"].timeout == 30.0
    assert profiles["box"].timeout == 120  # a new profile takes its kind's default
    assert resolve_profile("ollama", timeout=7.5, config=path).timeout == 7.5
    with pytest.raises(ConfigError, match=r"--timeout: .*greater than 0"):
        resolve_profile("ollama", timeout=-1, config=path)


def test_flags_override_and_env_chooses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZE_BACKEND", "vllm")
    p = resolve_profile(
        None, model="m", base_url="http://127.0.0.1:9999/v1", config=tmp_path / "none.toml"
    )
    assert (p.name, p.model, p.base_url) == ("vllm", "m", "http://127.0.0.1:9999/v1")
    with pytest.raises(ConfigError, match="unknown backend 'nope'"):
        resolve_profile("nope", config=tmp_path / "none.toml")
    with pytest.raises(ConfigError, match="--backend embedded"):
        resolve_profile("ollama", model_path="x.gguf", config=tmp_path / "none.toml")


def test_missing_openai_key_is_an_authentication_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(AuthenticationError, match="set OPENAI_API_KEY"):
        open_backend(BUILTIN_PROFILES["openai"])


def test_request_shapes_per_schema_style() -> None:
    messages = [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}]
    strict = build_request(BUILTIN_PROFILES["openai"], messages, schema=DigestOut, max_tokens=9)
    schema = strict["response_format"]["json_schema"]
    assert schema["strict"] is True and schema["schema"]["additionalProperties"] is False
    assert "maxLength" not in str(schema["schema"])
    plain = build_request(BUILTIN_PROFILES["llamacpp"], messages, schema=DigestOut, max_tokens=9)
    assert "maxItems" in str(plain["response_format"])
    from dataclasses import replace

    obj = build_request(
        replace(BUILTIN_PROFILES["ollama"], schema_style="json_object"),
        messages,
        schema=DigestOut,
        max_tokens=9,
    )
    assert obj["response_format"] == {"type": "json_object"}
    assert "JSON Schema" in obj["messages"][0]["content"]
    assert messages[0]["content"] == "s"  # the caller's messages are not mutated


def test_urls_lose_credentials_before_they_are_shown() -> None:
    assert redact_url("https://user:secret@host:8443/v1") == "https://host:8443/v1"
    assert redact_url("http://u:secret@[::1]:8080/v1") == "http://[::1]:8080/v1"
    assert "secret" not in (redact_url("http://u:secret@host:notaport/v1") or "")


def test_display_redacts_the_base_url() -> None:
    profile = BackendProfile("box", "server", base_url="http://user:sk-secret@host:8001/v1")
    assert "sk-secret" not in profile.display and "host:8001/v1" in profile.display
