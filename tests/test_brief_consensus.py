"""The consensus over aligned sentences: facts ranked by distinct outlets then centrality, the
model's prose kept only when its check passes, otherwise the fact's most representative evidence
sentence verbatim with the fact's citations; a story headline only when the facts carry it."""

from __future__ import annotations

from typing import Any

from summarize.align import ClaimCluster, ClaimRef
from summarize.articles import Article
from summarize.brief.briefing import CitedSentence, Rejected
from summarize.brief.centrality import Centrality, most_representative
from summarize.brief.consensus import (
    _budgeted,
    assemble,
    centrality_of,
    check_sentence,
    rank,
    story_headline,
    write_consensus,
)
from summarize.schema import ConsensusOut, ConsensusSentenceOut
from summarize.verify import CheckedClaim

TEXTS = {
    "A1": "The council approved a budget of 40 million euros on Monday. "
    "The vote came after a long debate. Critics said the plan was rushed.",
    "A2": "On Monday the council approved a 40 million euro budget. "
    "The mayor called it a fair deal. The vote came after a long debate in the chamber.",
    "A3": "The city council approved a budget of 40 million euros on Monday. "
    "Opposition members walked out of the chamber.",
}
ARTICLES = [Article.from_text(k, v, source=f"{k}.txt", title=None) for k, v in TEXTS.items()]
BY_ID = {a.id: a for a in ARTICLES}


def _ref(article_id: str, index: int) -> ClaimRef:
    s = BY_ID[article_id].sentences[index]
    return ClaimRef(article_id, CheckedClaim(s.text, "verified", s, 1.0), kind="sentence")


def _clusters() -> list[ClaimCluster]:
    budget = ClaimCluster("F1", [_ref("A1", 0), _ref("A2", 0), _ref("A3", 0)], ["A1", "A2", "A3"])
    debate = ClaimCluster("F2", [_ref("A1", 1), _ref("A2", 2)], ["A1", "A2"])
    return [debate, budget]  # deliberately out of order


class _Session:
    """Answers the consensus call with a fixed, hand-written ConsensusOut (no model)."""

    def __init__(self, answer: ConsensusOut) -> None:
        self.answer = answer
        self.prompts: list[Any] = []

    def structured(self, prompt: Any, schema: type, max_tokens: int) -> ConsensusOut:
        self.prompts.append(prompt)
        return self.answer


def test_facts_rank_by_distinct_outlets_first() -> None:
    ranked = rank(_clusters(), centrality_of(ARTICLES))
    assert [c.id for c in ranked] == ["F1", "F2"]


def test_representative_sentence_is_the_one_most_like_the_others() -> None:
    texts = [
        "The council approved a budget of 40 million euros.",
        "Council approves budget of 40 million euros after vote.",
        "A budget passed.",
    ]
    assert most_representative(texts, Centrality(texts)) in (0, 1)


def test_a_fact_whose_prose_fails_is_stated_verbatim_with_its_citations() -> None:
    bad = ConsensusOut(
        sentences=[
            ConsensusSentenceOut(text="The council approved a 45 million budget.", facts=["F1"]),
            ConsensusSentenceOut(text="The vote followed a long debate.", facts=["F2"]),
        ]
    )
    sentences, rejected, fallback = write_consensus(_clusters(), ARTICLES, _Session(bad))  # type: ignore[arg-type]
    assert [r.text for r in rejected] == ["The council approved a 45 million budget."]
    assert not fallback  # one model sentence survived
    first, second = sentences
    assert first.facts == ("F1",) and first.sources == ("A1", "A2", "A3")
    assert first.verbatim_from is not None
    aid, index = first.verbatim_from
    assert BY_ID[aid].sentences[index].text == first.text  # verbatim by construction
    assert second.verbatim_from is None and second.sources == ("A1", "A2")


def test_every_fact_is_stated_once_even_when_one_sentence_fuses_two() -> None:
    clusters = {c.id: c for c in _clusters()}
    both = check_sentence(
        ConsensusSentenceOut(
            text="After a long debate the council approved a 40 million euro budget on Monday.",
            facts=["F1", "F2"],
        ),
        clusters,
    )
    assert isinstance(both, CitedSentence)
    ranked = rank(list(clusters.values()), centrality_of(ARTICLES))
    out = assemble([[c] for c in ranked], [both], Centrality([]))
    assert out == [both]


def test_the_evidence_shown_to_the_model_is_bounded() -> None:
    top = rank(_clusters(), centrality_of(ARTICLES))
    views = _budgeted(top, centrality_of(ARTICLES), budget=80)
    assert [v.id for v in views] == ["F1"] and len(views[0].evidence) == 1
    wide = _budgeted(top, centrality_of(ARTICLES), budget=10_000)
    assert [len(v.evidence) for v in wide] == [2, 2]
    for view in wide:  # the second sentence is another outlet's
        assert len(set(view.evidence)) == 2


def test_headline_must_be_carried_by_the_consensus_facts() -> None:
    titled = [
        Article.from_text("A1", TEXTS["A1"], source="a1", title="Council approves 40m budget"),
        Article.from_text("A2", TEXTS["A2"], source="a2", title="Mayor hails a fair deal"),
        Article.from_text("A3", TEXTS["A3"], source="a3", title="Opposition walks out"),
    ]
    clusters = _clusters()
    consensus = [CitedSentence("x", ("F1",), ("A1", "A2", "A3"), 1.0)]
    headline = story_headline(titled, consensus, clusters)
    assert headline is not None and headline.article_id == "A1"
    assert headline.kind == "title" and headline.support >= 0.5
    assert story_headline(titled, [], clusters) is None  # no consensus, no story headline


def test_fact_ids_used_as_words_are_rejected_and_a_trailing_citation_dropped() -> None:
    clusters = {c.id: c for c in _clusters()}
    words = check_sentence(
        ConsensusSentenceOut(text="Both F1 and F2 mention a budget of 40 million.", facts=["F1"]),
        clusters,
    )
    assert isinstance(words, Rejected) and "fact ids" in words.reason
    cited = check_sentence(
        ConsensusSentenceOut(
            text="The council approved a 40 million euro budget (F1).", facts=["F1"]
        ),
        clusters,
    )
    assert isinstance(cited, CitedSentence) and cited.text.endswith("budget.")
