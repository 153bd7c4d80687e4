"""Structured model calls: cache lookup, one request, validation, bounded re-asks, usage counts.

Layering of retries (DESIGN §5): the `openai` client alone retries transport failures and
429/5xx (honouring Retry-After). Here tenacity re-asks only when the *output* is unusable —
invalid JSON, schema violation, cut off at `max_tokens` — a bounded number of times, each
attempt with a different sample so a deterministic backend does not repeat the same mistake.
400/401/403/404 are never retried.

Bounds (see `summarize.llm.transport`): each request — one answer, with the client's own
retries — has an overall deadline of the profile's `timeout` seconds that holds even against a
server trickling its answer, and a body cap of `MAX_RESPONSE_BYTES`. A re-ask is a new request
with a new deadline.

Stopping: `ModelSession.abort()` may be called from any thread (e.g. a Ctrl-C handler). Every
call in flight has its socket shut down and raises `CallAborted` within moments; every later
call raises `CallAborted` at once (abort is final for the session). Answers already received are
in the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import threading
import time
from dataclasses import asdict, dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import httpx2
import openai
from pydantic import BaseModel, ValidationError
from tenacity import RetryError, Retrying, retry_if_exception_type, stop_after_attempt

from summarize import safejson
from summarize.errors import (
    AuthenticationError,
    BackendBusy,
    BackendError,
    BackendUnreachable,
    CallAborted,
    InvalidOutputError,
    RequestRejected,
)
from summarize.llm.cache import ResponseCache, UnreadableRow, cache_key
from summarize.llm.client import Backend, build_request, is_plain_text
from summarize.llm.redact import redact_url
from summarize.llm.transport import (
    CallAbortedError,
    DeadlineExceeded,
    GuardTripped,
    ResponseTooLarge,
)
from summarize.prompts import RenderedPrompt
from summarize.text.abbreviations import continues

T = TypeVar("T", bound=BaseModel)
log = logging.getLogger(__name__)

# The openai client honours a Retry-After up to this long, and gives up on a longer one.
_CLIENT_RETRY_AFTER_LIMIT = 120.0


class _Message(BaseModel):
    content: str | None = None
    refusal: str | None = None


class _TopLogprob(BaseModel):
    token: str
    logprob: float


class _TokenLogprob(_TopLogprob):
    top_logprobs: list[_TopLogprob] = []


class _Logprobs(BaseModel):
    content: list[_TokenLogprob] | None = None


class _Choice(BaseModel):
    message: _Message | None = None
    finish_reason: str | None = None
    logprobs: _Logprobs | None = None


class _Completion(BaseModel):
    """The parts of a chat completion this tool reads, from the wire or from a cache row."""

    choices: list[_Choice]
    usage: dict[str, Any] | None = None


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
    unreadable_cache_rows: int = 0  # corrupt rows met (treated as misses)
    templates: dict[str, str] = field(default_factory=dict)  # id -> "v<N> sha256:..."

    @property
    def evaluated_prompt_tokens(self) -> int:
        return self.prompt_tokens - self.cached_prompt_tokens

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "evaluated_prompt_tokens": self.evaluated_prompt_tokens}


class UnusableAnswer(Exception):
    """An answer that cannot be used (bad JSON, off-schema, cut off, refused); re-asked."""

    def __init__(self, reason: str, truncated: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.truncated = truncated


_Unusable = UnusableAnswer


@dataclass(frozen=True)
class PreparedCall:
    """A structured call ready to send: its cache key, its first request, its token budget."""

    key: str
    request: dict[str, Any]
    max_tokens: int


def _schema_hash(schema: type[BaseModel]) -> str:
    text = json.dumps(schema.model_json_schema(), sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def _count(value: object) -> int:
    """A token count from a server's JSON; anything that is not a count is 0."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _cached_prompt_tokens(response: dict[str, Any]) -> int:
    details = _dict(_dict(response.get("usage")).get("prompt_tokens_details"))
    if cached := _count(details.get("cached_tokens")):
        return cached
    timings = _dict(response.get("timings"))  # llama.cpp reports its KV-cache reuse here
    return _count(timings.get("cache_n"))


def _retry_after(headers: httpx2.Headers) -> float | None:
    """Seconds the server asked us to wait (Retry-After-Ms, Retry-After seconds or date)."""
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) / scale
        except ValueError:
            try:
                seconds = parsedate_to_datetime(value).timestamp() - time.time()
            except (TypeError, ValueError, IndexError):
                continue
        if math.isfinite(seconds):
            return seconds
    return None


class ModelSession:
    def __init__(self, backend: Backend, cache: ResponseCache | None, *, attempts: int = 3) -> None:
        self.backend = backend
        self.cache = cache
        self.attempts = attempts
        self.usage = Usage()
        self._lock = threading.Lock()
        self._warned_unreadable = False

    def abort(self) -> None:
        """Stop every call in flight (and refuse new ones) within moments; thread-safe."""
        self.backend.guard.abort()

    def _unreadable(self, reason: str) -> None:
        """A corrupt cache row is a miss; the first one of the session is said on stderr."""
        with self._lock:
            self.usage.unreadable_cache_rows += 1
            first = not self._warned_unreadable
            self._warned_unreadable = True
        if first:
            where = self.cache.directory if self.cache is not None else "the cache"
            log.warning(
                "summarize: warning: unreadable row in the response cache at %s (%s); "
                "treated as a miss (further ones are counted in the usage)",
                where,
                reason,
            )

    def prepare(
        self, prompt: RenderedPrompt, schema: type[BaseModel], *, max_tokens: int | None = None
    ) -> PreparedCall:
        """The request `structured` would send first, and its cache key, without sending it (a
        batch file carries exactly this request under this key)."""
        max_tokens = max_tokens or self.backend.profile.max_output_tokens
        request = build_request(
            self.backend.profile, prompt.messages, schema=schema, max_tokens=max_tokens
        )
        key = self._call_key(prompt, request, schema=_schema_hash(schema), sample=0)
        return PreparedCall(key, request, max_tokens)

    def _call_key(self, prompt: RenderedPrompt, request: dict[str, Any], **extra: object) -> str:
        """The cache key of `request` rendered from `prompt`; records the template's version in
        the usage (provenance lists every template a run asked)."""
        with self._lock:
            self.usage.templates[prompt.template_id] = f"v{prompt.version} {prompt.template_hash}"
        return cache_key(
            {
                "backend": self.backend.identity,
                "request": request,
                "template": {"id": prompt.template_id, "hash": prompt.template_hash},
                **extra,
            }
        )

    def reask_request(
        self, prompt: RenderedPrompt, schema: type[BaseModel], *, attempt: int, max_tokens: int
    ) -> dict[str, Any]:
        """The request of re-ask `attempt` (1, 2, ...): a different sample, so a deterministic
        backend does not repeat the same mistake."""
        return build_request(
            self.backend.profile,
            prompt.messages,
            schema=schema,
            max_tokens=max_tokens,
            temperature=0.4,
            seed=attempt,
        )

    def cached_answer(self, call: PreparedCall, schema: type[T]) -> T | None:
        """The cached answer to `call`, validated; None on a miss (or an unusable entry)."""
        if self.cache is None or (hit := self._cached(call.key)) is None:
            return None
        try:
            parsed = self._parse(hit, schema)
        except _Unusable:
            return None  # an entry from an older schema: ask again
        with self._lock:
            self.usage.cache_hits += 1
        return parsed

    def accept(self, call_key: str, response: dict[str, Any], schema: type[T]) -> T:
        """Validate an answer obtained elsewhere (a batch result) exactly like a live one and
        cache it under `call_key`; raises UnusableAnswer with the reason if it is not usable."""
        try:
            completion = _Completion.model_validate(response)
        except ValidationError as exc:
            where = ".".join(str(p) for p in exc.errors()[0]["loc"]) or "the body"
            raise _Unusable(f"not a chat completion ({where}: {exc.errors()[0]['msg']})") from None
        parsed = self._parse(completion, schema)
        if self.cache is not None:
            self.cache.set(call_key, response)
        return parsed

    def structured(
        self, prompt: RenderedPrompt, schema: type[T], *, max_tokens: int | None = None
    ) -> T:
        """Ask for JSON matching `schema`; return it validated, or raise InvalidOutputError."""
        profile = self.backend.profile
        call = self.prepare(prompt, schema, max_tokens=max_tokens)
        key, base_request, max_tokens = call.key, call.request, call.max_tokens
        if (hit := self.cached_answer(call, schema)) is not None:
            return hit

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
                        else self.reask_request(
                            prompt, schema, attempt=n, max_tokens=state["max_tokens"]
                        )
                    )
                    if n:
                        with self._lock:
                            self.usage.reasks += 1
                    response, completion = self._send(request)
                    try:
                        parsed = self._parse(completion, schema)
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

    def yes_probability(self, prompt: RenderedPrompt) -> float | None:
        """P(yes) / (P(yes) + P(no)) of the answer's first token, one token generated (DESIGN
        §2: the judge of a candidate pair). From the top log-probabilities when the backend
        returns them, else 1.0 / 0.0 from the answer's word; None when the answer is neither.
        Cached like every call; nothing is re-asked (a judge that cannot answer abstains)."""
        request = build_request(
            self.backend.profile, prompt.messages, max_tokens=1, logprobs=JUDGE_TOP_LOGPROBS
        )
        key = self._call_key(prompt, request, kind="yes_probability")
        completion = self._cached(key) if self.cache is not None else None
        if completion is not None:
            with self._lock:
                self.usage.cache_hits += 1
        else:
            response, completion = self._send(request)
            if self.cache is not None:
                self.cache.set(key, response)
        return _yes_share(completion)

    def _cached(self, key: str) -> _Completion | None:
        assert self.cache is not None
        try:
            row = self.cache.get(key)
        except UnreadableRow as exc:
            self._unreadable(str(exc))
            return None
        if row is None:
            return None
        try:
            return _Completion.model_validate(row)
        except ValidationError:
            self._unreadable("JSON that is not a chat completion")
            return None

    def _send(self, request: dict[str, Any]) -> tuple[dict[str, Any], _Completion]:
        """One request (the client may retry it on the wire) within the profile's deadline."""
        profile = self.backend.profile
        name = profile.name
        started = time.monotonic()
        try:
            with self.backend.guard.call(profile.timeout):
                where = redact_url(self.backend.base_url) or "the OpenAI API"
                raw = self.backend.client.chat.completions.with_raw_response.create(**request)
                body = raw.http_response.content
        except GuardTripped as exc:
            raise self._tripped(exc) from None
        except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
            hint = profile.api_key_env or "the backend's key"
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
                f"{exc.status_code}): {error_message(exc)}"
            ) from None
        except openai.APITimeoutError:
            raise BackendError(
                f"backend {name!r} at {where}: no answer within the {profile.timeout:g} s "
                "timeout (raise it with --timeout or `timeout` in the config)"
            ) from None
        except openai.APIConnectionError as exc:
            raise connection_error(name, where, exc) from None
        except openai.APIStatusError as exc:
            wait = _retry_after(exc.response.headers)
            if wait is not None and wait > _CLIENT_RETRY_AFTER_LIMIT:
                raise BackendBusy(
                    f"backend {name!r} is not taking requests (HTTP {exc.status_code}): the "
                    f"server asked to wait {wait:.0f} s, longer than summarize waits "
                    f"({_CLIENT_RETRY_AFTER_LIMIT:.0f} s); try again later"
                ) from None
            raise BackendError(
                f"backend {name!r} failed after retries (HTTP "
                f"{exc.status_code}): {error_message(exc)}"
            ) from None
        response, completion = _completion_from(body, name)
        usage = _dict(response.get("usage"))
        with self._lock:
            self.usage.calls += 1
            self.usage.seconds_in_calls += time.monotonic() - started
            self.usage.prompt_tokens += _count(usage.get("prompt_tokens"))
            self.usage.completion_tokens += _count(usage.get("completion_tokens"))
            self.usage.cached_prompt_tokens += _cached_prompt_tokens(response)
        return response, completion

    def _tripped(self, exc: GuardTripped) -> BackendError:
        name = self.backend.profile.name
        if isinstance(exc, CallAbortedError):
            return CallAborted(f"backend {name!r}: call aborted")
        if isinstance(exc, ResponseTooLarge):
            return BackendError(
                f"backend {name!r} sent a response over {exc.limit // (1024 * 1024)} MB "
                "(the cap for one answer); not read further"
            )
        assert isinstance(exc, DeadlineExceeded)
        if exc.waited_for is not None:
            return BackendError(
                f"backend {name!r}: the server asked to wait {exc.waited_for:.0f} s before "
                f"retrying, past the {exc.seconds:g} s deadline for one call "
                "(--timeout or `timeout` in the config)"
            )
        return BackendError(
            f"backend {name!r} gave no complete answer within the {exc.seconds:g} s deadline "
            "for one call (raise it with --timeout or `timeout` in the config)"
        )

    def _parse(self, completion: _Completion, schema: type[T]) -> T:
        if not completion.choices:
            raise _Unusable("the response had no choices")
        choice = completion.choices[0]
        message = choice.message or _Message()
        if message.refusal:
            raise _Unusable(f"the model refused: {message.refusal[:300]}")
        content = message.content or ""
        plain = is_plain_text(schema)
        if choice.finish_reason == "length":
            # Plain prose cut at max_tokens keeps its complete sentences (the budget is sized to
            # what the schema keeps anyway); anything else cut off is asked again, with room.
            content = _complete_sentences(content) if plain else ""
            if not content:
                with self._lock:
                    self.usage.truncated += 1
                raise _Unusable("the answer was cut off at max_tokens", truncated=True)
        if plain:
            return _plain(content, schema)
        try:
            return schema.model_validate_json(content)
        except ValidationError as exc:
            kind = (
                "invalid JSON"
                if any(e["type"] == "json_invalid" for e in exc.errors())
                else "JSON not matching the schema"
            )
            raise _Unusable(f"{kind}: {exc.errors()[0]['msg']}") from None


# Enough alternatives that "Yes", "yes", " yes", "No", ... all show up beside each other.
JUDGE_TOP_LOGPROBS = 10


def _yes_share(completion: _Completion) -> float | None:
    if not completion.choices:
        return None
    choice = completion.choices[0]
    tokens = choice.logprobs.content if choice.logprobs is not None else None
    if tokens:
        yes = no = 0.0
        for t in tokens[0].top_logprobs or [tokens[0]]:
            word = t.token.strip().lower()
            if word == "yes":
                yes += math.exp(t.logprob)
            elif word == "no":
                no += math.exp(t.logprob)
        if yes + no > 0:
            return yes / (yes + no)
    word = ((choice.message.content if choice.message else None) or "").strip().lower()
    if word.startswith("yes"):
        return 1.0
    if word.startswith("no"):
        return 0.0
    return None


_LAST_SENTENCE_END = re.compile(r"[.!?][\"”’')]*(?=\s|$)")


def _complete_sentences(content: str) -> str:
    """The text up to its last sentence end ("" when it has none): an answer cut mid-sentence
    without the fragment."""
    ends = [  # not after "Gov." or "U.S." when the text goes on with the sentence
        m
        for m in _LAST_SENTENCE_END.finditer(content)
        if not continues(content[: m.end()], content[m.end() :])
    ]
    return content[: ends[-1].end()].strip() if ends else ""


def _plain(content: str, schema: type[T]) -> T:
    """A plain-text answer into its schema's one string field (a JSON answer is read as JSON)."""
    text = content.strip()
    if text.startswith(("{", "[")):  # answered in JSON anyway (prose never opens so): it must fit
        try:
            data = safejson.loads(text)
        except safejson.TooDeep as exc:
            raise _Unusable(f"{exc} where plain text was asked for") from None
        except ValueError:
            raise _Unusable("invalid JSON where plain text was asked for") from None
        try:
            return schema.model_validate(data)
        except ValidationError as exc:
            raise _Unusable(f"JSON not matching the schema: {exc.errors()[0]['msg']}") from None
    field = next(iter(schema.model_fields))
    text = re.sub(r"^(summary|answer)\s*:\s*", "", text, flags=re.IGNORECASE).strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()  # the whole answer wrapped in quotation marks
    if not text:
        raise _Unusable("the answer was empty")
    try:
        return schema.model_validate({field: " ".join(text.split())})
    except ValidationError as exc:
        raise _Unusable(f"text not matching the schema: {exc.errors()[0]['msg']}") from None


def _completion_from(body: bytes, name: str) -> tuple[dict[str, Any], _Completion]:
    """The body of an HTTP 200 as a chat completion, or one clear BackendError."""
    try:
        response = safejson.loads(body)
    except safejson.TooDeep as exc:
        raise BackendError(
            f"backend {name!r} answered HTTP 200 with a body of {exc} "
            f"({len(body)} bytes); not a chat completion"
        ) from None
    except ValueError:
        raise BackendError(
            f"backend {name!r} answered HTTP 200 with a body that is not JSON "
            f"({len(body)} bytes); is the base URL an OpenAI-compatible API?"
        ) from None
    if not isinstance(response, dict):
        response = {"choices": response}  # let the shape check below name it
    try:
        return response, _Completion.model_validate(response)
    except ValidationError as exc:
        where = ".".join(str(p) for p in exc.errors()[0]["loc"]) or "the body"
        raise BackendError(
            f"backend {name!r} answered HTTP 200 with JSON that is not a chat completion "
            f"({where}: {exc.errors()[0]['msg']})"
        ) from None


def connection_error(name: str, where: str, exc: openai.APIConnectionError) -> BackendError:
    """Name what the transport saw: nothing listening is not a connection dropped mid-answer."""
    cause = exc.__cause__
    if isinstance(cause, httpx2.ConnectError):
        return BackendUnreachable(
            f"backend {name!r}: nothing answers at {where}; is the server running?"
        )
    if isinstance(cause, (httpx2.ReadError, httpx2.RemoteProtocolError, httpx2.WriteError)):
        return BackendError(
            f"backend {name!r} at {where} closed the connection before the answer was "
            "complete (connection reset or server disconnected)"
        )
    detail = type(cause).__name__ if cause is not None else "connection error"
    return BackendError(f"backend {name!r} at {where}: transport failure ({detail})")


def error_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        err = body.get("error", body)
        if isinstance(err, dict) and err.get("message"):
            return str(err["message"])[:300]
    return str(exc.message)[:300]
