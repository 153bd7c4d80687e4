"""The one place that builds the `openai` client and the one place that builds every request."""

from __future__ import annotations

import copy
import os
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx2
from openai import OpenAI
from openai._models import FinalRequestOptions
from pydantic import BaseModel

from summarize.errors import AuthenticationError, ConfigError
from summarize.llm.profiles import BackendProfile
from summarize.llm.redact import redact_url as redact_url  # re-exported
from summarize.llm.redact import split_query
from summarize.llm.tokens import ApproxCounter, ServerTokenCounter, TokenCounter, tiktoken_counter
from summarize.llm.transport import MAX_RESPONSE_BYTES, CallGuard, guarded_http_client

# Local servers ignore the key, but the client insists on one.
_LOCAL_PLACEHOLDER_KEY = "not-needed"


class Backend:
    """A profile made live: where it answers, the client that talks to it, how it counts tokens.

    The embedded model starts on first use (`start`), so a run answered wholly from the cache
    never loads 1.1 GB of weights. `guard` bounds and aborts the calls made through `client`.
    """

    def __init__(
        self,
        profile: BackendProfile,
        base_url: str | None = None,
        client: OpenAI | None = None,
        counter: TokenCounter | None = None,
        *,
        start: Callable[[], tuple[str, TokenCounter]] | None = None,
        max_retries: int = 2,
    ) -> None:
        self.profile = profile
        self._base_url = base_url
        self._client = client
        self._counter = counter
        self._start = start
        self._max_retries = max_retries
        self._lock = threading.Lock()
        self.guard = getattr(client, "guard", None) or CallGuard()
        self.start_seconds: float | None = None  # how long `start` took, once it has run

    @property
    def started(self) -> bool:
        return self._start is None

    def _ensure_started(self) -> None:
        with self._lock:
            if self._start is not None:
                began = time.monotonic()
                self._base_url, self._counter = self._start()
                self.start_seconds = time.monotonic() - began
                self._client = build_client(
                    self.profile, self._base_url, max_retries=self._max_retries, guard=self.guard
                )
                self._start = None

    @property
    def base_url(self) -> str | None:
        self._ensure_started()
        return self._base_url

    @property
    def client(self) -> OpenAI:
        self._ensure_started()
        assert self._client is not None
        return self._client

    @property
    def counter(self) -> TokenCounter:
        self._ensure_started()
        assert self._counter is not None
        return self._counter

    @property
    def identity(self) -> dict[str, str | None]:
        """What distinguishes this backend's answers, for cache keys and provenance (no secrets)."""
        base = None if self.profile.kind == "embedded" else redact_url(self._base_url)
        return {
            "kind": self.profile.kind,
            "name": self.profile.name,
            "base_url": base,
            "model": self.profile.model,
            "model_path": self.profile.model_path,
        }


class _GuardedOpenAI(OpenAI):
    """The openai client, sleeping between its retries through the guard: a Retry-After that
    would outlast the call's deadline ends the call instead, and abort ends the sleep."""

    def __init__(self, *, guard: CallGuard, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.guard = guard

    def _sleep_for_retry(
        self,
        *,
        retries_taken: int,
        max_retries: int,
        options: FinalRequestOptions,
        response: httpx2.Response | None,
    ) -> None:
        delay = self._calculate_retry_timeout(
            max_retries - retries_taken, options, response.headers if response else None
        )
        self.guard.wait(delay)


def check_key(variable: str, key: str | None) -> None:
    """An API key goes into an HTTP header, which takes printable ASCII only: anything else
    (a pasted typographic dash, a space, a line break) is one error naming the variable, never
    the key.
    """
    if not key:
        return
    bad = next((ch for ch in key if not "!" <= ch <= "~"), None)
    if bad is None:
        return
    what = (
        "a non-ASCII character"
        if not bad.isascii()
        else "a space"
        if bad == " "
        else "a control character"
    )
    raise ConfigError(
        f"{variable}: the key holds {what}, which cannot be sent in an HTTP header; "
        "set it again from the provider's page (not shown here)"
    )


def build_client(
    profile: BackendProfile,
    base_url: str | None,
    *,
    max_retries: int = 2,
    guard: CallGuard | None = None,
    max_bytes: int = MAX_RESPONSE_BYTES,  # batch result files are larger than one answer
) -> OpenAI:
    """The client retries transport errors, 408/409/429/5xx with Retry-After itself; nothing else
    in the tool retries transport errors, so retries never multiply. Its requests go through the
    guarded transport (deadline per call, body cap, abort: see `summarize.llm.transport`)."""
    key: str | None
    if profile.api_key_env:
        key = os.environ.get(profile.api_key_env)
        if not key and profile.kind == "openai":
            raise AuthenticationError(
                f"backend {profile.name!r} needs an API key: set {profile.api_key_env}"
            )
        check_key(profile.api_key_env, key)
    else:
        key = None
    # user:password in the URL becomes Basic auth (as httpx would make it), its query is added
    # below the client by the transport, and the client only ever sees the bare URL: httpx2
    # logs every request's URL at INFO level.
    base_url, query = split_query(base_url)
    parts = urlsplit(base_url or "")
    auth = (
        httpx2.BasicAuth(unquote(parts.username or ""), unquote(parts.password or ""))
        if parts.username or parts.password
        else None
    )
    http_client = guarded_http_client(
        base_url, profile.timeout, auth=auth, max_bytes=max_bytes, query=query
    )
    return _GuardedOpenAI(
        guard=guard or CallGuard(),
        api_key=key or _LOCAL_PLACEHOLDER_KEY,
        base_url=redact_url(base_url),
        max_retries=max_retries,
        timeout=http_client.timeout,
        http_client=http_client,
    )


def open_backend(
    profile: BackendProfile, *, max_retries: int = 2, base_url: str | None = None
) -> Backend:
    """Start (embedded) or locate the backend and build its client.

    `base_url` overrides where an embedded backend is reached: tests replaying cassettes use it
    so that no model needs to be loaded.
    """
    counter: TokenCounter
    if profile.kind == "embedded" and base_url is None:
        from summarize.llm.embedded import embedded_server

        def start() -> tuple[str, TokenCounter]:
            server = embedded_server(profile)
            return server.base_url, ServerTokenCounter(server.root)

        return Backend(profile, start=start, max_retries=max_retries)
    if profile.kind == "openai":
        base_url = base_url or profile.base_url
        counter = tiktoken_counter(profile.model or "gpt-4o-mini")
    else:
        base_url = base_url or profile.base_url
        counter = ApproxCounter()
    client = build_client(profile, base_url, max_retries=max_retries)
    return Backend(profile, base_url, client, counter)


def response_format(profile: BackendProfile, schema: type[BaseModel]) -> dict[str, Any]:
    json_schema = schema.model_json_schema()
    if profile.schema_style == "json_object":
        return {"type": "json_object"}
    if profile.schema_style == "json_schema_strict":
        return {
            "type": "json_schema",
            "json_schema": {
                "name": schema.__name__,
                "strict": True,
                "schema": _strict(json_schema),
            },
        }
    return {"type": "json_schema", "json_schema": {"name": schema.__name__, "schema": json_schema}}


def _strict(schema: dict[str, Any]) -> dict[str, Any]:
    """OpenAI strict mode: every property required, no extra properties, no string lengths."""
    out = copy.deepcopy(schema)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            node.pop("maxLength", None)
            node.pop("default", None)
            if node.get("type") == "object" and "properties" in node:
                node["required"] = list(node["properties"])
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(out)
    return out


def is_plain_text(schema: type[BaseModel]) -> bool:
    """A schema answered in plain text (one string field), not JSON: see `SummaryOut`."""
    return bool(getattr(schema, "plain_text", False))


def build_request(
    profile: BackendProfile,
    messages: list[dict[str, str]],
    *,
    schema: type[BaseModel] | None = None,
    max_tokens: int,
    temperature: float = 0.0,
    seed: int = 0,
    logprobs: int | None = None,
) -> dict[str, Any]:
    """Every chat-completions request the tool sends is built here."""
    messages = [dict(m) for m in messages]
    request: dict[str, Any] = {
        "model": profile.model or "default",
        "messages": messages,
        "temperature": temperature,
        "seed": seed,
        "max_tokens": max_tokens,
    }
    if schema is not None and not is_plain_text(schema):
        request["response_format"] = response_format(profile, schema)
        if profile.schema_style == "json_object":
            # json_object only promises JSON; the schema has to travel in the prompt
            import json

            messages[0]["content"] += (
                "\n\nAnswer with one JSON object matching this JSON "
                f"Schema:\n{json.dumps(schema.model_json_schema())}"
            )
    if logprobs is not None:
        request["logprobs"] = True
        request["top_logprobs"] = logprobs
    return request
