"""Structured model calls: cache lookup, one request, validation, bounded re-asks, usage counts.

Layering of retries (DESIGN §5): the `openai` client alone retries transport failures and
429/5xx (honouring Retry-After). Here tenacity re-asks only when the *output* is unusable —
invalid JSON, schema violation, cut off at `max_tokens` — a bounded number of times, each
attempt with a different sample so a deterministic backend does not repeat the same mistake.
400/401/403/404 are never retried.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

import openai
from pydantic import BaseModel, ValidationError
from tenacity import RetryError, Retrying, retry_if_exception_type, stop_after_attempt

from summarize.errors import (
    AuthenticationError,
    BackendError,
    BackendUnreachable,
    InvalidOutputError,
    RequestRejected,
)
from summarize.llm.cache import ResponseCache, cache_key
from summarize.llm.client import Backend, build_request, redact_url
from summarize.prompts import RenderedPrompt

T = TypeVar("T", bound=BaseModel)


@dataclass
class Usage:
    calls: int = 0  # requests that reached the backend
    cache_hits: int = 0
    reasks: int = 0
    truncated: int = 0  # answers cut at max_tokens (each one re-asked)
    prompt_tokens: int = 0  # billed
    cached_prompt_tokens: int = 0  # served from the backend's prefix cache
    completion_tokens: int = 0
    seconds_in_calls: float = 0.0
    templates: dict[str, str] = field(default_factory=dict)  # id -> "v<N> sha256:..."

    @property
    def evaluated_prompt_tokens(self) -> int:
        return self.prompt_tokens - self.cached_prompt_tokens

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "evaluated_prompt_tokens": self.evaluated_prompt_tokens}


class _Unusable(Exception):
    def __init__(self, reason: str, truncated: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.truncated = truncated


def _schema_hash(schema: type[BaseModel]) -> str:
    text = json.dumps(schema.model_json_schema(), sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def _cached_prompt_tokens(response: dict[str, Any]) -> int:
    usage = response.get("usage") or {}
    details = usage.get("prompt_tokens_details") or {}
    if details.get("cached_tokens"):
        return int(details["cached_tokens"])
    timings = response.get("timings") or {}  # llama.cpp reports its KV-cache reuse here
    return int(timings.get("cache_n") or 0)


class ModelSession:
    def __init__(self, backend: Backend, cache: ResponseCache | None, *, attempts: int = 3) -> None:
        self.backend = backend
        self.cache = cache
        self.attempts = attempts
        self.usage = Usage()
        self._lock = threading.Lock()

    def structured(
        self, prompt: RenderedPrompt, schema: type[T], *, max_tokens: int | None = None
    ) -> T:
        """Ask for JSON matching `schema`; return it validated, or raise InvalidOutputError."""
        profile = self.backend.profile
        max_tokens = max_tokens or profile.max_output_tokens
        base_request = build_request(profile, prompt.messages, schema=schema, max_tokens=max_tokens)
        key = cache_key(
            {
                "backend": self.backend.identity,
                "request": base_request,
                "template": {"id": prompt.template_id, "hash": prompt.template_hash},
                "schema": _schema_hash(schema),
                "sample": 0,
            }
        )
        with self._lock:
            self.usage.templates[prompt.template_id] = f"v{prompt.version} {prompt.template_hash}"
        if self.cache is not None and (hit := self.cache.get(key)) is not None:
            try:
                parsed = self._parse(hit, schema)
            except _Unusable:
                pass  # an entry from an older schema: ask again
            else:
                with self._lock:
                    self.usage.cache_hits += 1
                return parsed

        state = {"max_tokens": max_tokens}
        retrying = Retrying(
            stop=stop_after_attempt(self.attempts),
            retry=retry_if_exception_type(_Unusable),
            reraise=False,
        )
        try:
            for attempt in retrying:
                with attempt:
                    n = attempt.retry_state.attempt_number - 1
                    request = (
                        base_request
                        if n == 0
                        else build_request(
                            profile,
                            prompt.messages,
                            schema=schema,
                            max_tokens=state["max_tokens"],
                            temperature=0.4,
                            seed=n,
                        )
                    )
                    if n:
                        with self._lock:
                            self.usage.reasks += 1
                    response = self._send(request)
                    try:
                        parsed = self._parse(response, schema)
                    except _Unusable as exc:
                        if exc.truncated:
                            state["max_tokens"] = min(
                                state["max_tokens"] * 2, profile.context_size // 2
                            )
                        raise
        except RetryError as exc:
            last = exc.last_attempt.exception()
            reason = last.reason if isinstance(last, _Unusable) else str(last)
            raise InvalidOutputError(
                f"{prompt.template_id}: the model's output was unusable after "
                f"{self.attempts} attempts ({reason})"
            ) from None
        if self.cache is not None:
            self.cache.set(key, response)
        return parsed

    def _send(self, request: dict[str, Any]) -> dict[str, Any]:
        where = redact_url(self.backend.base_url) or "the OpenAI API"
        name = self.backend.profile.name
        started = time.monotonic()
        try:
            completion = self.backend.client.chat.completions.create(**request)
        except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
            hint = self.backend.profile.api_key_env or "the backend's key"
            raise AuthenticationError(
                f"backend {name!r} refused the credentials (HTTP {exc.status_code}); check {hint}"
            ) from None
        except (
            openai.BadRequestError,
            openai.NotFoundError,
            openai.UnprocessableEntityError,
        ) as exc:
            raise RequestRejected(
                f"backend {name!r} rejected the request (HTTP "
                f"{exc.status_code}): {_error_message(exc)}"
            ) from None
        except openai.APITimeoutError:
            raise BackendUnreachable(f"backend {name!r} at {where} timed out") from None
        except openai.APIConnectionError:
            raise BackendUnreachable(
                f"backend {name!r}: nothing answers at {where}; is the server running?"
            ) from None
        except openai.APIStatusError as exc:
            raise BackendError(
                f"backend {name!r} failed after retries (HTTP "
                f"{exc.status_code}): {_error_message(exc)}"
            ) from None
        response: dict[str, Any] = completion.model_dump(mode="json")
        usage = response.get("usage") or {}
        with self._lock:
            self.usage.calls += 1
            self.usage.seconds_in_calls += time.monotonic() - started
            self.usage.prompt_tokens += int(usage.get("prompt_tokens") or 0)
            self.usage.completion_tokens += int(usage.get("completion_tokens") or 0)
            self.usage.cached_prompt_tokens += _cached_prompt_tokens(response)
        return response

    def _parse(self, response: dict[str, Any], schema: type[T]) -> T:
        choices = response.get("choices") or []
        if not choices:
            raise _Unusable("the response had no choices")
        choice = choices[0]
        message = choice.get("message") or {}
        if message.get("refusal"):
            raise _Unusable(f"the model refused: {message['refusal']}")
        if choice.get("finish_reason") == "length":
            with self._lock:
                self.usage.truncated += 1
            raise _Unusable("the answer was cut off at max_tokens", truncated=True)
        content = message.get("content") or ""
        try:
            return schema.model_validate_json(content)
        except ValidationError as exc:
            kind = (
                "invalid JSON"
                if any(e["type"] == "json_invalid" for e in exc.errors())
                else "JSON not matching the schema"
            )
            raise _Unusable(f"{kind}: {exc.errors()[0]['msg']}") from None


def _error_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        err = body.get("error", body)
        if isinstance(err, dict) and err.get("message"):
            return str(err["message"])[:300]
    return str(exc.message)[:300]
