"""Verbs, hedges, wording, headline, language guard, comparison: hand-made sentences."""

from __future__ import annotations

import json

from summarize.articles import Article
from summarize.framing import __all__ as public
from summarize.framing import analyze_article, compare_outlets
from summarize.render.framing_md import comparison_markdown

TEXT = (
    "“We will win,” Smith claimed on Tuesday. “The vote is fair,” Jones said.\n\n"
    "The embattled regime may possibly delay the utterly disastrous plan, which reportedly "
    "failed. Officials knew the fact that it was a hoax."
)


def _article(text: str = TEXT, **meta: object) -> Article:
    return Article.from_text("A1", text, source="t", **meta)


def test_public_api_is_pinned() -> None:
    assert public == [
        "ActorTone",
        "ArticleFraming",
        "Flag",
        "FramingComparison",
        "HeadlineCheck",
        "Quote",
        "VerbUse",
        "Voice",
        "analyze_article",
        "compare_outlets",
        "find_quotes",
    ]


def test_claimed_is_loaded_and_said_is_neutral_per_speaker() -> None:
    a = analyze_article(_article())
    verbs = {v.speaker: (v.text, v.category, v.loaded) for v in a.verbs}
    assert verbs["Smith"] == ("claimed", "assertive", True)
    assert verbs["Jones"] == ("said", "neutral", False)
    assert a.loaded_verb_share == 0.5
    assert {v.speaker: v.verbs for v in a.voices} == {
        "Smith": {"assertive": 1},
        "Jones": {"neutral": 1},
    }
    assert a.first_speaker == "Smith"


def test_voice_shares_count_quoted_words() -> None:
    a = analyze_article(_article())
    shares = {v.speaker: (v.quoted_words, v.share) for v in a.voices}
    assert shares == {"Smith": (3, 0.429), "Jones": (4, 0.571)}


def test_hedges_boosters_factives_with_offsets() -> None:
    a = analyze_article(_article())
    cats = {f.text.lower(): f.categories[0] for f in a.markers}
    assert cats["may"] == cats["possibly"] == cats["reportedly"] == "hedge"
    assert cats["knew"] == cats["the fact that"] == "factive"
    for f in a.markers:
        assert TEXT[f.start : f.end] == f.text


def test_loaded_wording_flagged_at_offsets() -> None:
    a = analyze_article(_article())
    flags = {f.text: f for f in a.wording}
    assert "loaded" in flags["regime"].categories
    assert "loaded" in flags["embattled"].categories
    assert "intensifier" in flags["utterly"].categories
    assert "emotive" in flags["disastrous"].categories  # VADER valence -2.9
    assert flags["disastrous"].valence < -2
    hoax = flags["hoax"]
    assert TEXT[hoax.start : hoax.end] == "hoax" and hoax.sentence_index == 3
    assert not hoax.in_quote
    assert a.sentence_scores[2] >= 4 and a.intensity > 0


def test_words_inside_quotes_are_marked_as_the_speakers() -> None:
    a = analyze_article(_article("“This is a disgusting hoax,” Lee said. The sky was blue."))
    hoax = next(f for f in a.wording if f.text == "hoax")
    assert hoax.in_quote
    assert a.rate(a.wording, "loaded") == 0.0  # the outlet's own voice carries none


def test_headline_angle_not_in_body() -> None:
    body = "The council approved the budget on Monday by seven votes to two."
    a = analyze_article(_article(body, title="Council rams through disastrous budget"))
    assert a.headline is not None
    assert "disastrous" in a.headline.loaded_not_in_body
    assert a.headline.verdict != "supported"
    ok = analyze_article(_article(body, title="Council approves budget"))
    assert ok.headline is not None and ok.headline.verdict == "supported"


def test_non_english_is_not_scored_as_neutral() -> None:
    text = (
        "Le gouvernement a annoncé lundi une réforme des retraites que les syndicats "
        "jugent injuste et dangereuse pour les salariés du pays entier et leurs familles."
    )
    a = analyze_article(_article(text))
    assert a.supported is False and "English" in (a.reason or "")
    assert a.wording == [] and a.markers == [] and a.tone == 0.0
    b = analyze_article(Article.from_text("A2", TEXT, source="t", language="de"))
    assert b.supported is False and "'de'" in (b.reason or "")


def test_no_quotes_gives_empty_voice_table() -> None:
    a = analyze_article(_article("Rain fell on the town all day, and the river rose slowly."))
    assert a.quotes == [] and a.voices == [] and a.sides == {} and a.first_speaker is None


def test_comparison_markdown_and_json() -> None:
    one = Article.from_text("A1", TEXT, source="t", outlet="Left Daily", title="Smith wins")
    two = Article.from_text(
        "A2",
        "Smith said the vote was fair. Jones agreed with Smith.",
        source="t",
        outlet="Right Post",
        title="Vote fair, Smith says",
    )
    comp = compare_outlets([one, two])
    assert "Smith" in comp.actors
    md = comparison_markdown(comp)
    assert "| A1 | Left Daily |" in md and "| A2 | Right Post |" in md
    assert "embattled [" in md  # a list term is shown; "claimed" (assertive) is only counted
    assert "claimed [" not in md and "1/2" in md
    data = json.loads(json.dumps(comp.to_dict()))
    first = data["articles"][0]
    assert first["verbs"][0]["text"] == "claimed"
    assert {"quotes", "voices", "sides", "wording", "markers", "headline"} <= set(first)


def test_facts_quote_the_measurements() -> None:
    comp = compare_outlets([_article(outlet="Left Daily")])
    facts = comp.facts()
    assert "A1 (Left Daily): 1 of 2 attributed reporting verbs are loaded (claimed)." in facts
    assert any(f.startswith("A1 (Left Daily): first quoted speaker Smith") for f in facts)
    assert comp.to_dict()["facts"] == facts
