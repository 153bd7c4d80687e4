"""The headline check measures the body alone: the same article with and without its headline
repeated as the first line gets the same coverage, tone and verdict."""

from __future__ import annotations

from pathlib import Path

from summarize.articles import Article, load_article
from summarize.framing.headline import check_headline
from summarize.settings import current

TITLE = "Protesters angry as council approves budget"
# The body is calmer than the headline by more than the tolerated gap; counting the headline
# as a body sentence would pull the body's tone within it and flip the verdict.
BODY = (
    "The council approved the budget on Monday. Some protesters were angry. Officials said "
    "they were happy with a good and fair plan that will help families."
)


def _measures(article: Article) -> tuple[object, ...]:
    h = check_headline(article)
    return (h.headline, h.coverage, h.missing_words, h.loaded_not_in_body, h.body_tone, h.verdict)


def test_a_leading_headline_line_does_not_change_the_verdict(tmp_path: Path) -> None:
    without = Article.from_text("A1", BODY, source="a.txt", title=TITLE)
    repeated = Article.from_text("A1", f"{TITLE}\n\n{BODY}", source="a.txt", title=TITLE)
    path = tmp_path / "a.txt"
    path.write_text(f"{TITLE}\n\n{BODY}\n", encoding="utf-8")
    loaded = load_article(str(path))
    assert loaded.title == TITLE and loaded.text.startswith(TITLE)  # the feed-style layout

    check = check_headline(without)
    assert abs(check.headline_tone - check.body_tone) > current().framing.tone_gap_max
    assert check.verdict == "partly"  # words carried, tone not
    assert _measures(repeated) == _measures(without)
    assert _measures(loaded) == _measures(without)


def test_the_body_tone_is_the_same_with_or_without_a_headline() -> None:
    bare = check_headline(Article.from_text("A1", BODY, source="a.txt"))
    assert bare.verdict == "no headline"
    titled = check_headline(Article.from_text("A1", f"{TITLE}\n\n{BODY}", source="a", title=TITLE))
    assert titled.body_tone == bare.body_tone > 0.2
