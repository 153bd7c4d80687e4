"""Several model calls at once, as many as the backend's profile takes (`concurrency`).

llama.cpp's server decodes its slots in one batch, and CPU decoding is bound by memory
bandwidth, so concurrent calls cost little more than one (DESIGN §4); hosted APIs and vLLM take
many. Each call goes through the session as a single call would (cache, usage, re-asks), so a
cached re-run makes no call and a failure is the same error as when called alone.

Errors: a `BackendError` that would fail every call (`fails_run`: refused key, nothing
answering) aborts the session and is raised at once; any other `BackendError` is that item's
result, in its place. Ctrl-C or any other exception aborts the calls in flight (the session's
`abort()`) without waiting for them, and is raised.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from typing import TypeVar

from summarize.errors import BackendError
from summarize.llm.session import ModelSession
from summarize.settings import submit

X = TypeVar("X")
R = TypeVar("R")


def map_calls(
    session: ModelSession,
    call: Callable[[X], R],
    items: Sequence[X],
    *,
    on_done: Callable[[int], None] | None = None,
    name: str = "call",
) -> list[R | BackendError]:
    """`call(item)` for every item, at most the profile's `concurrency` at a time; the results in
    the items' order, a non-fatal `BackendError` in place of its item's result. `on_done(n)` is
    told how many have finished, from the calling thread."""
    if not items:
        return []
    workers = max(1, min(session.backend.profile.concurrency, len(items)))
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)
    results: dict[int, R | BackendError] = {}
    try:
        # each call in a copy of this thread's context: the run's settings reach the workers
        futures: dict[Future[R], int] = {
            submit(pool, call, item): k for k, item in enumerate(items)
        }
        for future in as_completed(futures):
            k = futures[future]
            try:
                results[k] = future.result()
            except BackendError as exc:
                if exc.fails_run:
                    raise
                results[k] = exc
            if on_done is not None:
                on_done(len(results))
    except BaseException:
        # A call in flight may take minutes; the finished ones are already in the cache.
        pool.shutdown(wait=False, cancel_futures=True)
        session.abort()  # the calls in flight end within moments
        raise
    pool.shutdown()
    return [results[k] for k in range(len(items))]
