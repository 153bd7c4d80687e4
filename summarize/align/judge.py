"""The model as judge of candidate pairs just below the SAME bar (DESIGN §2, docs/ALIGNMENT.md).

Code proposes, the model scores: a mutual-best pair whose lexical score lies in
the settings' [align.judge_floor, align.same_threshold) is asked "does B report the same fact
as A, or part of it?" with one generated token, and joins the SAME pairs when the
yes-probability is >= align.judge_accept.
Measured on the gold (bench/align_gold.py --judge, docs/ALIGNMENT.md): among the band's
mutual-best pairs, at 0.6 the 1.5B embedded model accepted seeds 5 same / 0 different / 1
partial, dev 3 / 0 / 1 (chosen on that same gold); after clustering, pair recall rose only
0.20 -> 0.21 (seeds) and 0.19 -> 0.20 (dev), at precision 1.00. Opt-in (`judge=`): the
briefing does not ask it, since ~1 s a pair buys that little.

Absence is NOT judged: on the gold the same model's yes-probability of an article's best near
candidate (asked in this prompt's words, without the delimiter tags) separated carriers from
non-carriers worse than the near score itself (AUC 0.68 vs 0.73), so the generous bar alone
decides "absent".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class PairJudge(Protocol):
    """P(same fact) for each (a, b) pair of unit texts; None where the judge abstains. The
    model's implementation is `summarize.llm.judge.ModelJudge`: `align` receives a judge and
    imports no model code."""

    def __call__(self, pairs: Sequence[tuple[str, str]]) -> list[float | None]: ...
