"""One number reader for the claim checks and the number conflicts: "Twenty-six countries" is 26
in both, so it verifies against "26 countries"."""

from __future__ import annotations

import pytest

from summarize.align.number_conflicts import mentions
from summarize.articles import Article
from summarize.text.numbers import numbers_in, read_numbers
from summarize.verify import check_claim


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Twenty-six countries", {"26"}),
        ("twenty six countries", {"26"}),
        ("TWENTY-SIX countries", {"26"}),
        ("three hundred troops", {"300"}),
        ("two hundred and fifty thousand people", {"250000"}),
        ("ninety-nine", {"99"}),
        ("one and two", {"1", "2"}),
        ("one two three", {"1", "2", "3"}),
        ("26 countries", {"26"}),
        ("1,000 troops", {"1000"}),
        ("1000 troops", {"1000"}),
        ("a 1.5 percent rise", {"1.5"}),
        ("12,345.67 euros", {"12345.67"}),
        ("$1.5bn", {"1500000000"}),
        ("$1.5 billion", {"1500000000"}),
        ("1.5bn", {"1500000000"}),
        ("40 million euros", {"40000000"}),
        ("£40m", {"40000000"}),
        ("26%", {"26"}),
        ("3.5 per cent", {"3.5"}),
        ("in 2024.", {"2024"}),
        # not quantities: labels, ordinals, decades, ids, words that contain a number word
        ("S1 G7 5th 1990s A2", set()),
        ("someone often wrote tens", set()),
    ],
)
def test_numbers_in(text: str, values: set[str]) -> None:
    assert numbers_in(text) == values


def test_word_and_digit_numbers_verify_against_each_other() -> None:
    article = Article.from_text(
        "A1", "Twenty-six countries pledged troops on Thursday.", source="a1.txt"
    )
    claim = check_claim("26 countries pledged troops on Thursday.", 1, article)
    assert claim.verified, claim.reason
    article = Article.from_text("A1", "Leaders of 26 countries met in Paris.", source="a1.txt")
    claim = check_claim("Leaders of twenty-six countries met in Paris.", 1, article)
    assert claim.verified, claim.reason
    wrong = check_claim("Leaders of twenty-seven countries met in Paris.", 1, article)
    assert not wrong.verified and "27" in wrong.reason


@pytest.mark.parametrize(
    "text",
    [
        "Twenty-six countries pledged $1.5bn, three hundred troops and 3.5% more.",
        "Leaders of 26 countries agreed; 1,000 troops; two hundred and fifty thousand people.",
    ],
)
def test_the_claim_checks_and_the_conflicts_read_the_same_numbers(text: str) -> None:
    read = {n.value for n in read_numbers(text)}
    conflicts = {float(m.value) for m in mentions(text) if m.kind == "number"}
    assert len(conflicts) >= 3 and conflicts <= read
    assert {float(v) for v in numbers_in(text)} == read
