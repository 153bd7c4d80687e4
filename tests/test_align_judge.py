"""The pair judge of align_articles (SYNTHETIC judges: plain functions, no model) and the
yes-probability read from a chat completion."""

from __future__ import annotations

from collections.abc import Sequence

from summarize.align import align_articles
from summarize.articles import load_articles
from summarize.llm.session import _Completion, _yes_share
from summarize.settings import current


def _seeds():  # type: ignore[no-untyped-def]
    return load_articles(["seeds/"]).articles


class Recorder:
    def __init__(self, answer: float | None) -> None:
        self.answer = answer
        self.asked: list[tuple[str, str]] = []

    def __call__(self, pairs: Sequence[tuple[str, str]]) -> list[float | None]:
        self.asked += pairs
        return [self.answer] * len(pairs)


def test_no_judge_asks_nothing() -> None:
    assert align_articles(_seeds()).judged_pairs == 0


def test_a_judge_saying_no_changes_nothing() -> None:
    arts = _seeds()
    plain = align_articles(arts)
    no = Recorder(0.0)
    judged = align_articles(arts, judge=no)
    assert no.asked and judged.judged_pairs == len(no.asked)
    assert [c.sources for c in judged.clusters] == [c.sources for c in plain.clusters]


def test_a_judge_saying_yes_adds_pairs_within_budget() -> None:
    arts = _seeds()
    yes = Recorder(current().align.judge_accept)
    judged = align_articles(arts, judge=yes, judge_budget=5)
    assert len(yes.asked) == 5
    plain = align_articles(arts)
    assert len(judged.shared()) > len(plain.shared())


def test_an_abstaining_judge_changes_nothing() -> None:
    arts = _seeds()
    judged = align_articles(arts, judge=Recorder(None))
    assert [c.sources for c in judged.clusters] == [
        c.sources for c in align_articles(arts).clusters
    ]


def _completion(top: list[tuple[str, float]], content: str = "Yes") -> _Completion:
    return _Completion.model_validate(
        {
            "choices": [
                {
                    "message": {"content": content},
                    "finish_reason": "length",
                    "logprobs": {
                        "content": [
                            {
                                "token": top[0][0] if top else content,
                                "logprob": top[0][1] if top else 0.0,
                                "top_logprobs": [{"token": t, "logprob": lp} for t, lp in top],
                            }
                        ]
                    },
                }
            ]
        }
    )


def test_yes_share_sums_case_and_space_variants() -> None:
    import math

    c = _completion([("Yes", math.log(0.5)), ("No", math.log(0.2)), (" yes", math.log(0.1))])
    assert abs((_yes_share(c) or 0) - 0.6 / 0.8) < 1e-9


def test_yes_share_falls_back_to_the_word_without_logprobs() -> None:
    no_logprobs = _Completion.model_validate({"choices": [{"message": {"content": "No."}}]})
    assert _yes_share(no_logprobs) == 0.0
    other = _Completion.model_validate({"choices": [{"message": {"content": "Maybe"}}]})
    assert _yes_share(other) is None
