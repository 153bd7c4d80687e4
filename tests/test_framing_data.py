"""Framing on the shared evaluation data: robustness only (the numbers live in bench/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarize.articles import Article
from summarize.framing import compare_outlets
from summarize.render.framing_md import comparison_markdown

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.mark.skipif(
    not (DATA / "newswcl50.jsonl").exists(), reason=f"evaluation data not found at {DATA}"
)
def test_every_offset_points_into_the_text_on_real_articles() -> None:
    line = (DATA / "newswcl50.jsonl").read_text(encoding="utf-8").splitlines()[0]
    cluster = json.loads(line)
    articles = [
        Article.from_text(
            f"A{n}", "\n".join(a["sentences"]), source="data", outlet=a["outlet"], title=a["title"]
        )
        for n, a in enumerate(cluster["articles"], 1)
    ]
    comp = compare_outlets(articles)
    assert len(comp.articles) == 5
    for art, fr in zip(articles, comp.articles, strict=True):
        assert fr.supported
        for q in fr.quotes:
            assert art.text[q.start : q.end] == q.text
        for f in [*fr.wording, *fr.markers]:
            assert art.text[f.start : f.end] == f.text
        for v in fr.verbs:
            assert art.text[v.start : v.end] == v.text
    assert sum(len(fr.quotes) for fr in comp.articles) > 10
    assert "| A5 |" in comparison_markdown(comp)
