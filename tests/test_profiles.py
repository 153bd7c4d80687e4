from __future__ import annotations

from pathlib import Path

import pytest

from summarize.errors import AuthenticationError, ConfigError
from summarize.llm.client import build_request, open_backend, redact_url
from summarize.llm.profiles import BUILTIN_PROFILES, load_profiles, resolve_profile
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
        ("[backends.ollama]\nschema_style = 'xml'\n", "unknown schema_style"),
        ("default_backend = 'nope'\n", "not defined"),
        ("this is not toml", "not valid TOML"),
    ],
)
def test_bad_config_is_a_clear_config_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_profiles(_config(tmp_path, text))


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
