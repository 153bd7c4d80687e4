"""The conflict rules one by one, and the one-cluster-per-claim property."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluation.measure import sentence_digest
from summarize.align import align_articles
from summarize.align.number_conflicts import mentions
from summarize.align.quote_conflicts import similarity
from summarize.align.titles import title_conflicts
from summarize.articles import Article
from summarize.settings import current
from summarize.text.words import comparable


def _article(aid: str, text: str) -> Article:
    return Article.from_text(aid, text, source=f"{aid}.txt")


def test_number_mentions_normalise_values_and_slots() -> None:
    found = {
        (m.slot, m.value, m.approximate)
        for m in mentions(
            "Twenty-six European countries pledged $1.5bn, about 40 troops and 3 percent."
        )
    }
    assert found == {
        ("country", "26", False),
        ("$", "1.5e+09", False),
        ("troop", "40", True),
        ("percent", "3", False),
    }
    assert {m.value for m in mentions("26 countries")} == {
        m.value for m in mentions("twenty-six countries")
    }
    assert mentions("the 1994 Budapest Memorandum") == []
    assert [(m.slot, m.value) for m in mentions("It happened on Friday, September 5")] == [
        ("date", "sep 5"),
        ("weekday", "friday"),
    ]


def _two(a: str, b: str, **kw: object) -> list[tuple[str, tuple[str, ...]]]:
    digests = [sentence_digest(_article("A1", a)), sentence_digest(_article("A2", b))]
    out = align_articles([d.article for d in digests], digests, **kw)  # type: ignore[arg-type]
    return [(d.kind, tuple(v.value for v in d.versions)) for d in out.conflicts]


def test_different_slots_and_approximate_numbers_do_not_conflict() -> None:
    assert (
        _two(
            "A meeting of 35 leaders in Paris agreed on the guarantee plan.",
            "A meeting of 26 countries in Paris agreed on the guarantee plan.",
        )
        == []
    )
    assert (
        _two(
            "More than 60 bodies were recovered from the school rubble.",
            "Rescuers recovered 67 bodies from the school rubble.",
        )
        == []
    )


def test_a_different_weekday_for_the_same_fact_is_a_date_conflict() -> None:
    assert _two(
        "The minister resigned on Friday after the budget vote failed.",
        "The minister resigned on Thursday after the budget vote failed.",
    ) == [("date", ("Friday", "Thursday"))]


def test_numbers_in_unaligned_sentences_are_not_compared() -> None:
    assert (
        _two(
            "The storm destroyed 40 houses near the coast.",
            "The school hired 55 teachers for the new year.",
        )
        == []
    )


def test_titles_former_and_current_conflict_synonyms_do_not() -> None:
    a = _article(
        "A1",
        "Kremlin spokesman Dmitry Peskov spoke. Former President Donald Trump "
        "called. Foreign Minister Anna Berg left.",
    )
    b = _article(
        "A2",
        "Kremlin spokesperson Dmitry Peskov spoke. President Donald Trump "
        "called. Minister Anna Berg left.",
    )
    found = title_conflicts([a, b], {})
    assert [(s, [(v.value, v.article_ids) for v in vs]) for s, vs in found] == [
        ("Donald Trump's title", [("Former President", ("A1",)), ("President", ("A2",))])
    ]


def test_prime_minister_vs_president_and_spelling_variants_of_one_name() -> None:
    a = _article(
        "A1", "President Emmanuel Macron spoke with Ukrainian President Volodymyr Zelenskyy."
    )
    b = _article(
        "A2", "Prime Minister Emmanuel Macron spoke with Ukrainian President Volodymyr Zelensky."
    )
    found = title_conflicts([a, b], {})
    assert [(s, [v.value for v in vs]) for s, vs in found] == [
        ("Emmanuel Macron's title", ["President", "Prime Minister"])
    ]


def test_an_article_using_both_titles_is_not_contradicted() -> None:
    a = _article("A1", "President Donald Trump spoke. Former President Donald Trump laughed.")
    b = _article("A2", "President Donald Trump spoke on Monday.")
    assert title_conflicts([a, b], {}) == []


def test_title_conflicts_skip_wire_copies() -> None:
    a = _article("A1", "President Emmanuel Macron spoke in Paris on Monday.")
    b = _article("A2", "Prime Minister Emmanuel Macron spoke in Paris on Monday.")
    assert title_conflicts([a, b], {"A2": "A1"}) == []


def test_quote_rules() -> None:
    same = comparable("“We will rebuild every house and every road in this valley,”")
    reworded = comparable("We will rebuild every home and every road in the valley.")
    other = comparable("The budget for next year has not been decided by anyone yet.")
    same_min = current().align.quote_same_min
    assert same_min <= similarity(same, reworded) < 97
    assert similarity(same, other) < same_min


def test_excerpts_and_short_fragments_are_not_quote_conflicts() -> None:
    a = (
        "Lopez said: “We will rebuild every house and every road in this valley, and we will "
        "start tomorrow.”"
    )
    b = "“We will rebuild every house and every road in this valley,” Lopez said."
    c = "Lopez called the damage “truly terrible” on Monday."
    d = "Lopez described the damage as “terrible” on Monday."
    assert [k for k, _ in _two(a, b)] == []
    assert [k for k, _ in _two(c, d)] == []


def test_different_speakers_never_make_a_quote_conflict() -> None:
    a = "“We will rebuild every house and every road in this valley,” Lopez said."
    b = "“We will rebuild every home and every road in the valley,” Smith said."
    assert _two(a, b) == []


POOL = [
    "The Red River dam collapsed on Tuesday after days of heavy rain.",
    "Heavy rain caused the Red River dam to collapse on Tuesday.",
    "The flood forced 12,000 residents to leave their homes.",
    "The flood forced 15,000 residents to leave their homes.",
    "Governor Maria Lopez declared a state of emergency.",
    "The city council approved a new budget for public libraries.",
    "Farmers complained about the price of fuel.",
    "Rescue teams searched the valley for missing hikers.",
    "The weather service predicted a dry weekend.",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(st.sampled_from(POOL), min_size=1, max_size=6), min_size=1, max_size=4),
    st.booleans(),
    st.floats(min_value=0, max_value=1),
)
def test_every_sentence_is_in_exactly_one_cluster(
    articles: list[list[str]], with_judge: bool, p: float
) -> None:
    digests = [
        sentence_digest(_article(f"A{k}", "\n\n".join(s))) for k, s in enumerate(articles, 1)
    ]
    judge = (lambda pairs: [p] * len(pairs)) if with_judge else None
    out = align_articles([d.article for d in digests], digests, judge=judge)
    placed = [(m.article_id, m.sentence.index) for c in out.clusters for m in c.members]
    expected = [
        (d.article.id, c.sentence.index)
        for d in digests
        for c in d.verified_claims
        if c.sentence is not None
    ]
    assert sorted(placed) == sorted(expected)
    assert len(placed) == len(set(placed))
    for c in out.clusters:
        assert c.support == len(set(c.sources)) == len({m.article_id for m in c.members})
    assert with_judge or out.judged_pairs == 0
