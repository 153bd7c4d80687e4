"""The numbers a match below the SAME bar may rest on (summarize.text.numbers.telling_numbers)."""

from __future__ import annotations

from summarize.text.numbers import telling_numbers


def test_amounts_shares_and_counts_from_ten_are_telling() -> None:
    text = "They demanded $70 million; 6.5% growth; 559,000 jobs; 26 countries; 8% of patients."
    assert telling_numbers(text) == {"70000000", "6.5", "559000", "26", "8"}


def test_years_small_counts_and_numbers_in_names_are_not() -> None:
    text = "In 2021 one of the two COVID-19 shots, the F-35 and three G-7 members; five terms."
    assert telling_numbers(text) == set()


def test_money_in_the_range_of_years_is_an_amount() -> None:
    assert telling_numbers("It cost $2,000 in total.") == {"2000"}
