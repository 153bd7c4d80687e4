"""Each attribution pattern on a hand-made sentence, including the cases that must abstain."""

from __future__ import annotations

import pytest

from summarize.articles import Article
from summarize.text.quote_rules import Quote, find_quotes_rules


def _quote(text: str, fragment: str) -> Quote:
    quotes = find_quotes_rules(Article.from_text("A", text, source="test"))
    return next(q for q in quotes if fragment in q.text)


@pytest.mark.parametrize(
    ("text", "fragment", "speaker", "source"),
    [
        ("“We will not retreat,” Maria Lopez said.", "retreat", "Maria Lopez", "sentence"),
        ("“We will not retreat,” said Maria Lopez.", "retreat", "Maria Lopez", "sentence"),
        (
            "Dmitry Peskov, the Kremlin spokesman, said the offer was dead.",
            "offer was dead",
            "Dmitry Peskov",
            "sentence",
        ),
        (
            "The vote was delayed twice, according to Anna Berg.",
            "vote was delayed",
            "Anna Berg",
            "sentence",
        ),
        (
            "A spokesman for Mr. Hunter, Michael Harrison, said the case was political.",
            "case was political",
            "Michael Harrison",
            "sentence",
        ),
        (
            "Maria Lopez spoke in Lyon. “The plan is sound,” she said.",
            "plan is sound",
            "Maria Lopez",
            "pronoun",
        ),
        (
            "President Omar Haddad left. The president said he felt “very calm” about it.",
            "very calm",
            "Omar Haddad",
            "role",
        ),
        (
            "Omar Haddad on Friday warned that “we are not there yet.”",
            "not there yet",
            "Omar Haddad",
            "sentence",
        ),
        (
            "On Sunday, Sen. Anna Berg, R-S.C., suggested the plan might fail.",
            "plan might fail",
            "Anna Berg",
            "sentence",
        ),
        (
            "This was after Haddad’s account tweeted: “I had to go.”",
            "I had to go",
            "Haddad",
            "sentence",
        ),
        (
            "“Sanctions work,” said Rep. Nancy Pelosi of California.",
            "Sanctions work",
            "Nancy Pelosi",
            "sentence",
        ),
    ],
)
def test_pattern_names_the_speaker(text: str, fragment: str, speaker: str, source: str) -> None:
    q = _quote(text, fragment)
    assert (q.speaker, q.speaker_source) == (speaker, source)


def test_quote_over_several_sentences_is_one_span_with_one_speaker() -> None:
    text = "“We came to talk. We stayed to listen. We leave with a plan,” Anna Berg said."
    q = _quote(text, "We came")
    assert "We leave with a plan" in q.text and q.speaker == "Anna Berg"


def test_quote_paragraph_continues_the_previous_speaker() -> None:
    text = "“The talks failed,” Anna Berg said.\n\n“We will try again in May.”"
    q = _quote(text, "try again")
    assert (q.speaker, q.speaker_source) == ("Anna Berg", "previous")


def test_title_only_speaker_keeps_the_title() -> None:
    q = _quote("“Nobody was hurt,” said the Kremlin spokesman.", "Nobody was hurt")
    assert q.speaker == "the Kremlin spokesman"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        # no named person before the pronoun: abstain rather than guess
        ("“It is over,” he said.", "It is over"),
        # a day opening the sentence is not a person
        ("On Sunday, the storm moved north. “We are safe,” she said.", "We are safe"),
        # a heading is not the subject of the next sentence
        ("A Fragile Peace Framework\n\n“No one called us,” he said.", "No one called"),
        # "suggested Anna Berg might …": the name after the verb is the clause's subject
        ("Critics, suggested Anna Berg might resign over “the deal.”", "the deal"),
        # a role with no titled person of that office stays unresolved, not someone else
        ("Anna Berg spoke first. “It works,” the mayor said.", "It works"),
    ],
)
def test_abstains_instead_of_guessing(text: str, fragment: str) -> None:
    q = _quote(text, fragment)
    assert q.speaker in (None, "the mayor")
    assert q.speaker != "Anna Berg"


def test_verb_with_a_plain_object_does_not_attribute_the_quote() -> None:
    text = "Omar Haddad said he was maintaining a “very good dialogue” with Anna Berg."
    q = _quote(text, "very good dialogue")
    assert (q.speaker, q.verb) == ("Omar Haddad", "said")


def test_hint_at_a_noun_reports_no_clause() -> None:
    text = "Omar Haddad hinted at potential U.S. engagement, though specific plans were not shared."
    quotes = find_quotes_rules(Article.from_text("A", text, source="test"))
    assert not any("engagement" in q.text for q in quotes)


def test_quote_left_open_closes_in_a_later_line_that_does_not_reopen_it() -> None:
    # one sentence per line (annotated data sets): the closer two lines down ends the quote
    text = (
        "“We came to talk,” Anna Berg said. “We stayed.\nWe listened.\n"
        "We leave with a plan.”\nIt rained."
    )
    q = _quote(text, "We stayed")
    assert "We leave with a plan" in q.text and "rained" not in q.text
    assert q.speaker == "Anna Berg"


def test_reopened_or_unclosed_quote_paragraphs_stay_apart() -> None:
    quotes = find_quotes_rules(
        Article.from_text("A", "“We came.\n\n“We stayed,” Anna Berg said.", source="test")
    )
    assert [q.text for q in quotes] == ["We came.", "We stayed,"]
    q = _quote("“We came to talk.\nThe room emptied.\nIt rained.", "We came")
    assert q.text == "We came to talk."


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        # a person named earlier in the pronoun's own sentence outranks an earlier speaker
        (
            "Omar Haddad said he would stay out. Anna Berg said the door was open. Despite Berg’s "
            "offer, she said no serious talks had taken place.",
            "no serious talks",
            "Anna Berg",
        ),
        # (two people in subject position in the sentence before is not settled since issue 24:
        # tests/test_speakers_issue24.py)
        # a role in apposition with its name: "the first lady, Maria Lopez, questioned …"
        (
            "In a statement later in the day, the first lady, Maria Lopez, questioned Ms. "
            "Berg’s judgment.\n\n“That photo is very disturbing,” she said.",
            "very disturbing",
            "Maria Lopez",
        ),
    ],
)
def test_pronoun_takes_the_nearest_fitting_person(text: str, fragment: str, speaker: str) -> None:
    q = _quote(text, fragment)
    assert (q.speaker, q.speaker_source) == (speaker, "pronoun")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        # two people named before the pronoun in its sentence: ambiguous
        (
            "“We agree,” Omar Haddad said. “We do,” Maria Lopez said.\n\nAfter Haddad met "
            "Lopez, he said “nothing was agreed.”",
            "nothing was agreed",
        ),
        # a news organisation is no antecedent for "she"
        ("CNN announced that it would drop the show. “It was wrong,” she said.", "It was wrong"),
        # a document or office without a named owner names nobody
        ("The statement said the case “has no merit.”", "has no merit"),
        ("His office said the trip was “cancelled for now.”", "cancelled for now"),
    ],
)
def test_abstains_on_ambiguous_or_unnamed_speakers(text: str, fragment: str) -> None:
    assert _quote(text, fragment).speaker is None


def test_continued_quote_does_not_carry_over_when_its_sentence_names_someone_else() -> None:
    # the rules cannot tell who "calling" belongs to when two people are named: no carry-over
    text = (
        "“We will not move,” Omar Haddad said.\n"
        "Anna Berg backed Haddad’s position, calling the proposal “absolutely unacceptable.”"
    )
    q = _quote(text, "absolutely unacceptable")
    assert q.speaker != "Omar Haddad"


def test_a_label_in_the_narration_does_not_continue_the_previous_quote() -> None:
    text = (
        "Omar Haddad said: “We will not move.”\n"
        "The remarks follow a pledge by 26 countries, known as the “coalition of the willing.”"
    )
    assert _quote(text, "coalition of the willing").speaker is None


def test_one_person_is_one_voice_with_one_side() -> None:
    text = (
        "Russian President Vladimir Putin said the talks “went nowhere.”\n"
        "“We will wait,” Putin said.\n"
        "He spoke alongside Volodymyr Zelenskyy in Paris, and Zelenskyy said “we are ready.”"
    )
    quotes = find_quotes_rules(Article.from_text("A", text, source="test"))
    speakers = {q.speaker for q in quotes if q.speaker}
    assert speakers == {"Vladimir Putin", "Volodymyr Zelenskyy"}
    assert {q.side for q in quotes if q.speaker == "Vladimir Putin"} == {"government (Russia)"}


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        (
            "Omar Haddad moved quickly to undermine the plan, making clear that the city would "
            "treat it as a threat.",
            "city would treat it",
            "Omar Haddad",
        ),
        (
            "Anna Berg stepped down in February, saying that she had misled the board twice.",
            "misled the board",
            "Anna Berg",
        ),
    ],
)
def test_participle_report_is_an_indirect_quote_of_the_sentence_subject(
    text: str, fragment: str, speaker: str
) -> None:
    q = _quote(text, fragment)
    assert (q.kind, q.speaker) == ("indirect", speaker)


def test_participle_report_of_a_group_or_of_nobody_named() -> None:
    text = "Western governments expressed doubt, pointing out that the treaty was broken twice."
    assert _quote(text, "treaty was broken").speaker == "Western governments"
    text = "The plan drew doubt at once, pointing out that the treaty was broken twice."
    assert _quote(text, "treaty was broken").speaker is None
