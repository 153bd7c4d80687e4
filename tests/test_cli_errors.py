"""User mistakes give one clear line and a non-zero exit, never a traceback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from summarize.cli import main

from .conftest import SEEDS
from .fake_servers import Answer, Reply, RouterState, routing_server, web_server

SEED = str(SEEDS / "002_281513aa80b180f8.txt")


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "missing.txt: no such file"),
        ("empty.txt", b"", "empty.txt: file is empty"),
        ("bin.txt", b"\x00\x01\x02" * 50, "bin.txt: is a binary file"),
    ],
)
def test_bad_article_files(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes | None,
    message: str,
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, err = _run(["article", str(path), "--quiet"], capsys)
    assert code == 2
    assert message in err and err.count("\n") == 1


def test_unknown_backend(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(["article", SEED, "--backend", "nope"], capsys)
    assert code == 2 and "unknown backend 'nope'" in err


def test_unreachable_server(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    code, err = _run(["article", SEED, "--backend", "llamacpp", "--base-url", url, "-q"], capsys)
    assert code == 4 and f"nothing answers at {url}" in err


def test_missing_key(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    code, err = _run(["article", SEED, "--backend", "openai", "-q"], capsys)
    assert code == 4 and "set OPENAI_API_KEY" in err


def test_bad_config_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "c.toml"
    config.write_text("default_backend = [")
    code, err = _run(["article", SEED, "--config", str(config)], capsys)
    assert code == 2 and "c.toml: not valid TOML" in err


def test_cache_commands(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["cache", "info", "--cache-dir", str(tmp_path / "c")]) == 0
    assert '"entries": 0' in capsys.readouterr().out
    assert main(["cache", "clear", "--cache-dir", str(tmp_path / "c")]) == 0
    assert "removed 0" in capsys.readouterr().out


def test_backends_lists_every_profile(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    assert main(["backends", "--format", "json"]) == 0
    out = capsys.readouterr().out
    for name in ("embedded", "openai", "ollama", "llamacpp", "vllm", "lmstudio"):
        assert f'"name": "{name}"' in out
    assert "no key: set OPENAI_API_KEY" in out


def test_backends_look_goes_through_the_guarded_transport(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """GET {base}/models: the base URL's query after /models, never in a log line; an HTTP error
    names its status; a server that keeps the headers back past the deadline is unreachable."""
    import logging
    import time

    from summarize.commands.backends import status
    from summarize.llm.profiles import BackendProfile

    caplog.set_level(logging.DEBUG)  # the httpx2 logger included
    pages = {
        "/v1/models?key=S3CR3T-q": Reply(401),
        "/slow/models": Reply(delay=5, body={"data": []}),
    }
    with web_server(pages) as (base, site):
        keyed = BackendProfile("box", "server", base_url=f"{base}/v1?key=S3CR3T-q")
        assert status(keyed) == "answers, but HTTP 401 (check the key)"
        started = time.monotonic()
        slow = BackendProfile("slow", "server", base_url=f"{base}/slow")
        assert status(slow, timeout=0.5) == "unreachable"
        assert time.monotonic() - started < 3
    assert site.hits == ["/v1/models?key=S3CR3T-q", "/slow/models"]
    assert not any("S3CR3T" in r.getMessage() for r in caplog.records)


def _no_calls_server() -> AbstractContextManager[tuple[str, RouterState]]:
    return routing_server(lambda call: Answer(Reply(status=500)))


@pytest.mark.parametrize("command", ["article", "brief"])
@pytest.mark.parametrize("where", ["missing/out.md", "seed.txt/out.md", "."])
def test_output_path_is_checked_before_any_model_call(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, where: str
) -> None:
    (tmp_path / "seed.txt").write_text(Path(SEED).read_text(encoding="utf-8"), encoding="utf-8")
    output = tmp_path / where
    with _no_calls_server() as (url, state):
        code, err = _run(
            [command, SEED, "-o", str(output), "--backend", "llamacpp", "--base-url", url, "-q"],
            capsys,
        )
    assert state.calls == []
    assert code == 2 and err.count("\n") == 1
    assert f"summarize: error: {output}: cannot write output" in err


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv to drop root")
def test_unwritable_output_folder_is_refused_before_any_model_call() -> None:
    # Root writes anywhere, so the run is an unprivileged user's (nobody) when tests run as root.
    drop = (
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
    )
    shared = Path(tempfile.mkdtemp(prefix="summarize-test-"))
    try:
        shared.chmod(0o755)
        locked = shared / "locked"
        locked.mkdir(mode=0o755)
        if not drop:
            locked.chmod(0o555)
        seed = shared / "seed.txt"
        seed.write_text(Path(SEED).read_text(encoding="utf-8"), encoding="utf-8")
        seed.chmod(0o644)
        with _no_calls_server() as (url, state):
            done = subprocess.run(
                [
                    *drop,
                    sys.executable,
                    "-m",
                    "summarize.cli",
                    "article",
                    str(seed),
                    "-o",
                    str(locked / "out.md"),
                    "--backend",
                    "llamacpp",
                    "--base-url",
                    url,
                    "-q",
                ],
                capture_output=True,
                text=True,
                timeout=60,
                env={**os.environ, "SUMMARIZE_CONFIG": str(shared / "none.toml")},
            )
        assert state.calls == []
        assert done.returncode == 2, done.stderr
        assert done.stderr == (
            f"summarize: error: {locked / 'out.md'}: cannot write output: "
            f"{locked}: permission denied\n"
        )
    finally:
        shutil.rmtree(shared, ignore_errors=True)
