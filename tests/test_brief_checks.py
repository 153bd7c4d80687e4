"""The briefing's own checks on model prose: citations must name consensus facts that carry the
sentence; framing statements may not invent numbers or quotations."""

from __future__ import annotations

from summarize.align import ClaimCluster, ClaimRef
from summarize.articles import Article
from summarize.brief.briefing import CitedSentence, Rejected
from summarize.brief.consensus import check_sentence
from summarize.brief.framing_narrative import check_statement
from summarize.framing.contrast import Contrast, Evidence, OutletContrasts
from summarize.schema import ConsensusSentenceOut
from summarize.verify import check_claim

A1 = Article.from_text(
    "A1",
    "The council approved the budget of 40 million euros on Monday. "
    "Critics said the plan was rushed.",
    source="a1.txt",
)
A2 = Article.from_text(
    "A2",
    'On Monday the council approved a 40 million euro budget. The mayor called it "a fair deal".',
    source="a2.txt",
)


def _facts() -> dict[str, ClaimCluster]:
    c1 = check_claim("The council approved a budget of 40 million euros.", 1, A1)
    c2 = check_claim("The council approved a 40 million euro budget on Monday.", 1, A2)
    assert c1.verified and c2.verified
    return {"F1": ClaimCluster("F1", [ClaimRef("A1", c1), ClaimRef("A2", c2)], ["A1", "A2"])}


def _sentence(text: str, facts: list[str]) -> ConsensusSentenceOut:
    return ConsensusSentenceOut(text=text, facts=facts)


def test_a_supported_sentence_cites_the_articles_of_its_facts() -> None:
    result = check_sentence(
        _sentence("The council approved a 40 million euro budget.", ["F1"]), _facts()
    )
    assert isinstance(result, CitedSentence)
    assert result.sources == ("A1", "A2")


def test_a_fabricated_citation_is_rejected() -> None:
    result = check_sentence(_sentence("The council approved the budget.", ["F7"]), _facts())
    assert isinstance(result, Rejected) and "F7" in result.reason


def test_a_sentence_its_facts_do_not_carry_is_rejected() -> None:
    result = check_sentence(
        _sentence("Protesters blocked the city hall entrance for hours.", ["F1"]), _facts()
    )
    assert isinstance(result, Rejected) and "do not carry" in result.reason


def test_a_changed_number_is_rejected() -> None:
    result = check_sentence(
        _sentence("The council approved a 45 million euro budget.", ["F1"]), _facts()
    )
    assert isinstance(result, Rejected) and "45" in result.reason


def test_framing_statement_with_invented_number_or_quote_is_rejected() -> None:
    item = Contrast(
        "A2.1",
        "A2",
        "verb",
        "A2 reports the mayor with “called”; 1 of 2 verbs.",
        1.5,
        ("called",),
        (Evidence("A2", "called", 0, 6, 1),),
    )
    mine = OutletContrasts("A2", [item])
    ok = "A2 says the mayor called it “a fair deal”; 1 of 2 verbs."
    assert check_statement(ok, A2, mine, ["A2.1"], [A1, A2]) is None
    reason = check_statement(
        "A2 says the mayor called it “a great victory”.", A2, mine, ["A2.1"], [A1, A2]
    )
    assert reason is not None and "not verbatim in A2" in reason
    reason = check_statement("A2 called it loaded 7 times.", A2, mine, ["A2.1"], [A1, A2])
    assert reason is not None and "7" in reason


def test_fact_ids_and_a_true_source_count_are_not_story_numbers() -> None:
    result = check_sentence(
        _sentence("Two outlets report the council approved a 40 million euro budget (F1).", ["F1"]),
        _facts(),
    )
    assert isinstance(result, CitedSentence)
    wrong = check_sentence(
        _sentence("Five outlets report the council approved a 40 million euro budget.", ["F1"]),
        _facts(),
    )
    assert isinstance(wrong, Rejected) and "5" in wrong.reason


def test_a_fragment_is_not_a_claim() -> None:
    checked = check_claim("approved budget", 1, A1)
    assert not checked.verified and "fragment" in checked.reason


def test_prose_quotes_keep_their_marks_only_when_verbatim() -> None:
    from summarize.verify import dequote_unverified

    text, removed = dequote_unverified(
        "The mayor called it 'a fair deal' and 'the best budget ever', A2's readers learn.", [A2]
    )
    assert text == (
        "The mayor called it 'a fair deal' and the best budget ever, A2's readers learn."
    )
    assert removed == ["the best budget ever"]


def test_a_consensus_sentence_with_an_invented_quote_is_rejected() -> None:
    result = check_sentence(
        _sentence("The council approved a 40 million euro budget, 'a historic win'.", ["F1"]),
        _facts(),
    )
    assert isinstance(result, Rejected) and "historic win" in result.reason


A3 = Article.from_text(
    "A3",
    "The council passed the budget 30-12 on Monday, and 40 million euros go to the harbour.",
    source="a3.txt",
)


def _three_facts() -> dict[str, ClaimCluster]:
    refs = [
        ClaimRef(a.id, check_claim(a.sentences[0].text, 1, a)) for a in (A1, A2, A3)
    ]  # each outlet's first sentence, itself as the claim
    return {"F1": ClaimCluster("F1", refs, ["A1", "A2", "A3"])}


def _four_facts() -> dict[str, ClaimCluster]:
    """`_three_facts` and an outlet whose evidence shares almost none of their words."""
    a4 = Article.from_text("A4", "Councillors backed the spending plan.", source="a4.txt")
    facts = _three_facts()
    facts["F1"].members.append(ClaimRef("A4", check_claim(a4.sentences[0].text, 1, a4)))
    facts["F1"].sources.append("A4")
    return facts


def test_a_sentence_cites_only_the_outlets_whose_own_evidence_carries_it() -> None:
    # A3's sentence copied: the union of the evidence carries it, A1's and A2's do not (the
    # vote is a number they never give: support 0)
    copied = (
        "The council passed the budget 30-12 on Monday, and 40 million euros go to the harbour."
    )
    result = check_sentence(_sentence(copied, ["F1"]), _three_facts())
    assert isinstance(result, Rejected) and "fewer than two cited outlets" in result.reason
    assert "A1 0.00" in result.reason and "A2 0.00" in result.reason
    # what all three carry is cited to all three
    shared = check_sentence(
        _sentence("The council approved a 40 million euro budget on Monday.", ["F1"]),
        _three_facts(),
    )
    assert isinstance(shared, CitedSentence) and shared.sources == ("A1", "A2", "A3")
    # an outlet whose evidence shares almost none of the sentence's words is not cited
    facts = _four_facts()
    fewer = check_sentence(_sentence("The council approved the budget on Monday.", ["F1"]), facts)
    assert isinstance(fewer, CitedSentence) and fewer.sources == ("A1", "A2", "A3")


def test_a_source_count_must_match_the_outlets_still_cited() -> None:
    facts = _four_facts()
    counted = check_sentence(
        _sentence("Four outlets report the council approved the budget on Monday.", ["F1"]), facts
    )
    assert isinstance(counted, Rejected) and "counts 4 outlets, 3 carry it" in counted.reason
