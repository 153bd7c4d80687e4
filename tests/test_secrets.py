"""No credential reaches stdout, stderr, a log record, an output file or the cache: commands run
with a key in the base URL's userinfo and an API key in the environment, against the SYNTHETIC
fault server (tests/fake_servers.py)."""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path

import pytest

from summarize.cli import main

from .fake_servers import Reply, fake_openai

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "seeds" / "000_22f48ac809cd61f1.txt"
API_KEY = "sk-test-ENVKEY-4f9c2a7e1b"
URL_KEY = "URLKEY-83d1e0aa77"
# A SYNTHETIC digest: the smallest answer DigestOut accepts.
DIGEST = json.dumps({"summary": "A synthetic summary.", "claims": [], "actors": []})


def _everything_written(tmp_path: Path) -> bytes:
    """Every byte the runs left under tmp_path: outputs, cache rows (the sqlite file itself)."""
    return b"".join(p.read_bytes() for p in sorted(tmp_path.rglob("*")) if p.is_file())


def test_no_key_in_any_output_log_or_cache_row(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # the openai and httpx2 loggers included
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    cache_dir = tmp_path / "cache"
    seen = []
    with fake_openai([Reply(content=DIGEST)] * 4) as (url, server):
        keyed = url.replace("http://", f"http://user:{URL_KEY}@")
        config = tmp_path / "config.toml"
        config.write_text(
            f'[backends.box]\nkind = "server"\nbase_url = "{keyed}"\n'
            'api_key_env = "OPENAI_API_KEY"\n'
        )
        monkeypatch.setenv("OPENAI_BASE_URL", keyed)  # the openai profile reads it
        runs = [
            ["backends", "--config", str(config)],
            ["backends", "--config", str(config), "--format", "json"],
            *(
                [
                    *("article", str(ARTICLE), "--backend", backend, "--config", str(config)),
                    *("--cache-dir", str(cache_dir), "--format", fmt),
                    *("-o", str(tmp_path / f"out-{backend}.{fmt}")),
                ]
                for backend, fmt in (("box", "md"), ("openai", "json"))
            ),
            # the same again: answered from the cache this time
            [
                *("article", str(ARTICLE), "--backend", "box", "--config", str(config)),
                *("--cache-dir", str(cache_dir)),
            ],
            ["cache", "info", "--cache-dir", str(cache_dir)],
        ]
        for argv in runs:
            code = main(argv)
            out, err = capsys.readouterr()
            assert code == 0, (argv, err)
            seen += [out, err]
    # the runs did reach the server with the key, so the assertions below could fail
    assert len(server.requests) == 2
    basic = "Basic " + base64.b64encode(f"user:{URL_KEY}".encode()).decode()
    assert {h.get("Authorization") for h in server.headers} == {basic}
    assert len(server.headers) == 2 + 2 + 2  # two `backends` looks at box and openai each
    box = next(line for line in seen[0].splitlines() if line.startswith("| box |"))
    assert "http://127.0.0.1" in box and "reachable (HTTP 200)" in box
    assert (tmp_path / "out-box.md").is_file() and (tmp_path / "out-openai.json").is_file()
    assert "127.0.0.1" in "".join(seen)  # the redacted URL is still shown
    records = [r.getMessage() for r in caplog.records] + [str(r.args) for r in caplog.records]
    written = _everything_written(tmp_path).replace(config.read_bytes(), b"")
    assert list(cache_dir.glob("cache.db*"))
    for secret in (API_KEY, URL_KEY):
        assert secret not in "".join(seen)
        assert not any(secret in text for text in records)
        assert secret.encode() not in written
