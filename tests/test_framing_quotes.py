"""Quotes and speakers on hand-made sentences."""

from __future__ import annotations

from summarize.articles import Article
from summarize.framing import Quote, find_quotes

TEXT = (
    "Kremlin spokesman Dmitry Peskov said the talks were useful. "
    "“We are ready to talk,” Peskov told reporters on Monday.\n\n"
    "“There is no plan,” said Emmanuel Macron, the French president. “None at all.”\n\n"
    "Critics claimed that the deal was a disaster for workers.\n\n"
    "The economy grew 3 percent, a senior administration official said.\n\n"
    'Sen. Elizabeth Warren (D-Mass.) insisted "the bill is dead."\n\n'
    "The defense minister, Itsunori Onodera, who was visiting Washington, said the move was "
    "“not sufficient.”"
)


def _quotes() -> list[Quote]:
    return find_quotes(Article.from_text("A1", TEXT, source="test"))


def _by_text(fragment: str) -> Quote:
    return next(q for q in _quotes() if fragment in q.text)


def test_offsets_point_at_the_quoted_words() -> None:
    for q in _quotes():
        assert TEXT[q.start : q.end] == q.text


def test_direct_quote_speaker_after_quote_and_full_name_merged() -> None:
    q = _by_text("ready to talk")
    assert (q.kind, q.speaker, q.verb) == ("direct", "Dmitry Peskov", "told")
    assert q.side == "government (Russia)"


def test_inverted_attribution_and_continuation() -> None:
    first = _by_text("There is no plan")
    assert (first.speaker, first.verb) == ("Emmanuel Macron", "said")
    assert first.side == "government (France)"
    follow = _by_text("None at all")
    assert follow.speaker == "Emmanuel Macron"
    assert follow.speaker_source == "previous"


def test_indirect_quotes_with_that_clause_and_trailing_attribution() -> None:
    q = _by_text("disaster for workers")
    assert (q.kind, q.speaker, q.verb, q.side) == ("indirect", "Critics", "claimed", "opposition")
    trailing = _by_text("economy grew")
    assert trailing.kind == "indirect"
    assert trailing.speaker == "a senior administration official"
    assert trailing.text == "The economy grew 3 percent"


def test_party_in_parentheses_and_straight_quotes() -> None:
    q = _by_text("bill is dead")
    assert (q.speaker, q.verb, q.side) == ("Elizabeth Warren", "insisted", "democrats")


def test_relative_clause_between_speaker_and_verb() -> None:
    q = _by_text("not sufficient")
    assert q.speaker == "Itsunori Onodera"


def test_pronoun_resolves_to_last_named_speaker() -> None:
    text = 'Mayor Jane Ortiz opened the bridge. "It is a good day," she said.'
    q = find_quotes(Article.from_text("A1", text, source="t"))[0]
    assert (q.speaker, q.speaker_source) == ("Jane Ortiz", "pronoun")


def test_unattributed_scare_quote_has_no_speaker() -> None:
    text = "The so-called “peace plan” was published on Friday."
    (q,) = find_quotes(Article.from_text("A1", text, source="t"))
    assert q.text == "peace plan"
    assert q.speaker is None and q.side == "unknown"


def test_multi_paragraph_quote_runs_to_paragraph_end() -> None:
    text = '"First part of a long statement,\n\n"second part," the minister said.'
    quotes = find_quotes(Article.from_text("A1", text, source="t"))
    assert quotes[0].text == "First part of a long statement,"
    assert quotes[1].speaker == "the minister"


def test_no_quotes_gives_empty_list() -> None:
    assert find_quotes(Article.from_text("A1", "Rain fell on the town all day.", source="t")) == []


def test_participle_opening_is_not_the_speaker() -> None:
    article = Article.from_text(
        "A1",
        "Speaking in Uzhhorod, Zelenskyy praised the allies. "
        '"It would involve thousands," he noted.',
        source="x",
    )
    (quote,) = [q for q in find_quotes(article) if q.kind == "direct"]
    assert quote.speaker == "Zelenskyy"
