"""Issue 24: resolve only what the sentence settles, abstain otherwise. Each rule on invented
sentences (names and events made up for these tests)."""

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
        # the person named in the previous sentence's subject, not the topic of this one
        (
            "Anna Berg spoke at the rally in Lyon. Of Omar Haddad, she said he was “a weak "
            "leader.”",
            "weak leader",
            "Anna Berg",
            "pronoun",
        ),
        # "who he said": the subject of "he said", not the name before "who"
        (
            "Omar Haddad took the stage on Monday.\n\nHe spoke of his loyalty to Gov. Anna Berg, "
            "who he said “asked me to stay.”",
            "asked me to stay",
            "Omar Haddad",
            "pronoun",
        ),
        # a chain of the same pronoun: "Berg said …. She hoped …. '…,' she said"
        (
            "Anna Berg said she was glad to be there. She hoped the signs would help.\n\n“It is "
            "a sign of hope,” she said.",
            "sign of hope",
            "Anna Berg",
            "pronoun",
        ),
        # the speaker after a quote that ends in "?" or "!" (the sentence goes on lower-case)
        (
            "Mayor Anna Berg opened the fair.\n\n“Who would refuse that?” the mayor said.",
            "Who would refuse",
            "Anna Berg",
            "role",
        ),
        ("“Nobody wins this way!” Omar Haddad said.", "Nobody wins", "Omar Haddad", "sentence"),
        # a naming verb before the quote: its subject's words, not the next verb's
        (
            "Even as they met, what Omar Haddad called “a special bond,” Anna Berg hinted at "
            "trouble ahead.",
            "special bond",
            "Omar Haddad",
            "sentence",
        ),
        # a quote under a participle is the words of the sentence's subject
        (
            "Omar Haddad told the committee on Tuesday that talks could work, noting that they "
            "would bring “a lasting peace.”",
            "lasting peace",
            "Omar Haddad",
            "sentence",
        ),
        (
            "“Troops there are targets,” Omar Haddad said.\n\nKremlin spokesman Dmitry Peskov "
            "backed the position, calling the plan “absolutely unacceptable.”",
            "absolutely unacceptable",
            "Dmitry Peskov",
            "sentence",
        ),
        (
            "Anna Berg offered to host the talks. But she questioned their value, saying it was "
            "“practically impossible” to agree.",
            "practically impossible",
            "Anna Berg",
            "pronoun",
        ),
        # a coordinated reporting verb: "…, but said …" is the sentence subject's
        (
            "Hosting President Anna Berg of France at the palace, Mr. Haddad again assailed the "
            "plan as “insane,” but said he could agree to “a new deal” if it was strong.",
            "a new deal",
            "Haddad",
            "sentence",
        ),
        # the subject of the pronoun's own sentence is nearer than anyone before it
        (
            "Anna Berg spoke first. Mr. Haddad alluded to the plan when he said the talks were at "
            "“very high levels.”",
            "very high levels",
            "Haddad",
            "pronoun",
        ),
        # the previous sentence is the same "he": the name in its relative clause is no
        # candidate
        (
            "“We disagree on trade,” Omar Haddad said.\n\nHe also played down the pact, which Mr. "
            "Berg left in his first week.\n\n“We are at an early stage,” he said.",
            "early stage",
            "Omar Haddad",
            "pronoun",
        ),
        # a reported clause that introduces the quote with a colon carries over
        (
            "Omar Haddad said he doubted its use:\n\n“I do not see much point.”",
            "much point",
            "Omar Haddad",
            "previous",
        ),
        # "the department": the one "… Department" the article names
        (
            "The Justice Department said the case was closed. The department said the money was "
            "spent despite “numerous warnings.”",
            "numerous warnings",
            "Justice Department",
            "role",
        ),
        # a capitalised role and no name: the one person the article gives that role
        (
            "Sheriff Joe Arpaio spoke in Phoenix.\n\n“I back him,” said America’s Toughest "
            "Sheriff.",
            "I back him",
            "Joe Arpaio",
            "role",
        ),
        # a quote paragraph continues a paragraph with one speaker
        (
            "“We agree,” Omar Haddad said.\n\n“Nothing is settled yet.”",
            "Nothing is settled",
            "Omar Haddad",
            "previous",
        ),
    ],
)
def test_settled_speakers(text: str, fragment: str, speaker: str, source: str) -> None:
    q = _quote(text, fragment)
    assert (q.speaker, q.speaker_source) == (speaker, source)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        # the only person named is two sentences away (another paragraph): abstain
        (
            "Omar Haddad spoke first.\n\nThe talks went on for hours. Officials left late.\n\n"
            "“We are done,” he said.",
            "We are done",
        ),
        # an organisation, outlet or place is no antecedent for "she"
        (
            "The Korean Central News Agency published the report on Friday. “We are done,” she "
            "said.",
            "We are done",
        ),
        # capitalised words that only open sentences are no names
        (
            "Only after the vote did he change course. “It is hard,” he said.",
            "It is hard",
        ),
        (
            "Shortly after the vote, he left the hall. “It is over,” he said.",
            "It is over",
        ),
        # two people in subject position in the sentence before: not settled
        (
            "Omar Haddad explained that the memo cited Anna Berg telling aides that the plan had "
            "“failed.” He also said the aides seemed confused.",
            "aides seemed confused",
        ),
        # "the mayor" when the article has two mayors
        (
            "Mayor Anna Berg met Mayor Omar Haddad in Lyon.\n\n“We agree,” the mayor said.",
            "We agree",
        ),
        # a capitalised role nobody in the article holds
        ("“I back him,” said America’s Toughest Sheriff.", "I back him"),
        # a paragraph with two speakers is not continued
        (
            "“We agree,” Omar Haddad said. “We do not,” Anna Berg said.\n\n“Nothing is settled.”",
            "Nothing is settled",
        ),
        # a fragment inside narration does not continue the previous paragraph's quote
        (
            "“We agree,” Omar Haddad said.\n\nThe deal was seen as “a start” by the delegates.",
            "a start",
        ),
        # a reported clause of a group, then a quote the sentence gives to "he": not carried
        (
            "Aides said he hoped to push back.\n\n“Nobody knows what I will do,” he said.",
            "Nobody knows",
        ),
        # the words of a document "which read": its author is not settled by the sentence
        (
            "The agency Yonhap reports that officials published the notice, which read, “the "
            "tests will stop.”",
            "tests will stop",
        ),
    ],
)
def test_abstains_when_the_sentence_does_not_settle_it(text: str, fragment: str) -> None:
    assert _quote(text, fragment).speaker is None


def test_a_possessive_is_no_first_name() -> None:
    text = "North Korea’s Kim Jong Un met the envoys. “We will stop the tests,” Kim said."
    assert _quote(text, "stop the tests").speaker in ("Kim", "Kim Jong Un")


def test_basil_speaker_line_counts_person_labels_and_forgives_spelling() -> None:
    from bench.framing_eval import person_label, same_surname

    assert person_label("Donald_Trump") == "Donald Trump"
    assert person_label("Bibi_Netanyahu") == "Bibi Netanyahu"
    for group in ("House_Democrats", "Obama_campaign", "Secure_America_Now", "other_pro"):
        assert person_label(group) is None
    assert person_label("plaintiffs") is None
    assert same_surname("Felipe Calder", "Felipe Calderón")  # a truncated, accented label
    assert same_surname("Benjamin Netanyahu", "Netanyhu")  # one letter slipped
    assert same_surname("Bibi Netanyahu", "Benjamin Netanyahu")
    assert not same_surname("Donald Trump", "Mike Pence")
    assert not same_surname("Joe Biden", "Joe Bide")  # short surnames must match exactly


def test_a_slipped_letter_in_a_speaker_name_is_the_same_person() -> None:
    text = (
        "“We are ready to talk,” Rex Tillerson said on Tuesday.\n\n“Let us just meet,” "
        "Tilllerson said."
    )
    quotes = find_quotes_rules(Article.from_text("A", text, source="test"))
    assert {q.speaker for q in quotes} == {"Rex Tillerson"}
