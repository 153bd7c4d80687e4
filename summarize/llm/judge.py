"""The model as alignment's pair judge (`align.judge.PairJudge`; the band, the bar and the
measurements are in `summarize/align/judge.py` and docs/ALIGNMENT.md)."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from summarize.articles.sanitize import one_line
from summarize.errors import BackendError
from summarize.llm.session import ModelSession
from summarize.prompts import render
from summarize.settings import submit


class ModelJudge:
    """The session's model as `PairJudge`: template `judge`, cached like every call, up to the
    profile's concurrency at once. A call that fails for its own part abstains (the pair stays
    below the bar); one that would fail every call (`fails_run`) is raised."""

    def __init__(self, session: ModelSession) -> None:
        self._session = session

    def _ask(self, pair: tuple[str, str]) -> float | None:
        prompt = render("judge", a=one_line(pair[0]), b=one_line(pair[1]))
        try:
            return self._session.yes_probability(prompt)
        except BackendError as exc:
            if exc.fails_run:
                raise
            return None

    def __call__(self, pairs: Sequence[tuple[str, str]]) -> list[float | None]:
        workers = max(1, min(self._session.backend.profile.concurrency, len(pairs)))
        if workers == 1:
            return [self._ask(p) for p in pairs]
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="judge") as pool:
            return [f.result() for f in [submit(pool, self._ask, p) for p in pairs]]
