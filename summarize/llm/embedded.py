"""The embedded default backend: llama.cpp's HTTP server run in-process by `xllamacpp`.

It listens on 127.0.0.1 on a free port and speaks the OpenAI chat-completions format, so the
rest of the tool talks to it exactly as to any local server. Stopped on `close()` or at exit.
"""

from __future__ import annotations

import atexit
import json
import os
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from summarize.errors import ModelSetupError
from summarize.llm.profiles import BackendProfile
from summarize.llm.weights import DRAFT_MODEL, INSTALL_HINT, ensure_default_model


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class EmbeddedServer:
    def __init__(self, profile: BackendProfile) -> None:
        try:
            import xllamacpp
        except ImportError as exc:
            raise ModelSetupError(
                f"the embedded runtime xllamacpp is not installed; {INSTALL_HINT}"
            ) from exc
        model_path = Path(profile.model_path) if profile.model_path else ensure_default_model()
        params: Any = xllamacpp.CommonParams()
        params.model.path = str(model_path)
        # llama.cpp divides n_ctx among the parallel slots; each slot needs the full context.
        params.n_ctx = profile.context_size * profile.concurrency
        params.n_parallel = profile.concurrency
        params.verbosity = -1  # llama.cpp logs every request on stderr otherwise
        params.hostnames = ["127.0.0.1"]
        params.port = _free_port()
        # On a shared 2-core machine two threads competing with another job ran 8-10x slower
        # than one (DESIGN §2), so the thread count is a setting; None lets llama.cpp decide.
        threads = profile.threads or int(os.environ.get("SUMMARIZE_THREADS", "0")) or None
        if threads:
            params.cpuparams.n_threads = threads
            params.cpuparams_batch.n_threads = threads
        _speculate(params, profile.speculative, threads, xllamacpp.common_speculative_type)
        started = time.monotonic()
        try:
            self._server: Any = xllamacpp.Server(params)
        except Exception as exc:  # the runtime raises plain RuntimeError for unloadable files
            raise ModelSetupError(
                f"{model_path}: the embedded runtime could not load it: {exc}"
            ) from exc
        self.root = f"http://127.0.0.1:{params.port}"
        self.base_url = self.root + "/v1"
        self.model_path = model_path
        self._wait_healthy()
        self.load_seconds = time.monotonic() - started
        atexit.register(self.close)

    def _wait_healthy(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.root + "/health", timeout=5) as response:
                    if json.load(response).get("status") == "ok":
                        return
            except (urllib.error.URLError, OSError, ValueError):
                pass  # 503 while loading, or not yet listening
            time.sleep(0.2)
        raise ModelSetupError(f"the embedded server did not become healthy in {timeout:.0f} s")

    def close(self) -> None:
        server, self._server = getattr(self, "_server", None), None
        if server is not None:
            del server  # the runtime stops its loop in the destructor


def _speculate(params: Any, how: str, threads: int | None, types: Any) -> None:
    """Turn on speculative decoding (see `profiles.Speculative`); the answers stay the model's."""
    spec = params.speculative
    if how == "ngram":
        spec.types = [types.COMMON_SPECULATIVE_TYPE_NGRAM_SIMPLE]
    elif how == "draft":
        spec.draft.mparams.path = str(ensure_default_model(DRAFT_MODEL))
        spec.types = [types.COMMON_SPECULATIVE_TYPE_DRAFT_SIMPLE]
        if threads:
            spec.draft.cpuparams.n_threads = threads
            spec.draft.cpuparams_batch.n_threads = threads


_RUNNING: dict[tuple[str | None, int, int, int | None, str], EmbeddedServer] = {}


def embedded_server(profile: BackendProfile) -> EmbeddedServer:
    """One server per model and settings per process: loading the weights costs seconds."""
    key = (
        profile.model_path,
        profile.context_size,
        profile.concurrency,
        profile.threads,
        profile.speculative,
    )
    if key not in _RUNNING:
        _RUNNING[key] = EmbeddedServer(profile)
    return _RUNNING[key]
