"""The flags shown to a reader (summarize/framing/flags.py), on hand-made sentences."""

from __future__ import annotations

from summarize.articles import Article
from summarize.framing import analyze_article
from summarize.framing.flags import shown_flags
from summarize.text.spans import inside


def _shown(text: str) -> dict[str, tuple[str, ...]]:
    a = analyze_article(Article.from_text("A1", text, source="t"))
    for f in a.flagged:
        assert text[f.start : f.end] == f.text
    return {f.text: f.categories for f in a.flagged}


def test_list_terms_in_the_outlets_voice_are_shown() -> None:
    shown = _shown("The embattled mayor unveiled a sweeping plan on Monday.")
    assert shown == {"embattled": ("loaded",)}  # "sweeping" (intensifier) is only counted


def test_a_capitalised_list_term_inside_a_sentence_is_a_name() -> None:
    assert _shown("The motion was backed by Rep. Louise Slaughter of New York.") == {}
    assert "Slaughter" not in {
        f.text
        for f in analyze_article(
            Article.from_text("A1", "It was backed by Rep. Louise Slaughter.", source="t")
        ).wording
    }
    # at a sentence start the word is the writer's
    assert "Regime" in _shown("Regime forces entered the town on Monday.")


def test_title_case_headline_keeps_its_list_terms() -> None:
    a = analyze_article(
        Article.from_text("A1", "The mayor spoke.", source="t", title="Embattled Mayor Faces Vote")
    )
    assert a.headline is not None and "embattled" in a.headline.loaded_words


def test_emotive_reporting_verb_shown_assertive_not() -> None:
    shown = _shown(
        "“The plan is a failure,” Smith said. “You wasted another week,” Jones chided. "
        "“It will pass,” Brown claimed."
    )
    assert "claimed" not in shown
    assert shown.get("chided") == ("emotive verb",)


def test_implicative_shown() -> None:
    assert _shown("The speaker refused to budge on taxes.") == {"refused to": ("implicative",)}


def test_words_inside_a_direct_quote_are_not_shown() -> None:
    assert _shown("“This regime is a disgrace and a hoax,” Lee said.") == {}


def test_emotive_and_subjective_words_are_counted_not_shown() -> None:
    a = analyze_article(Article.from_text("A1", "The horrible attack killed ten.", source="t"))
    assert any("emotive" in f.categories for f in a.wording)
    assert a.flagged == []
    assert a.to_dict()["flagged"] == []


def test_a_partys_reaction_is_counted_not_shown() -> None:
    a = analyze_article(
        Article.from_text("A1", "The plan drew outrage and a backlash from voters.", source="t")
    )
    assert {f.text for f in a.wording if "loaded" in f.categories} == {"outrage", "backlash"}
    assert a.flagged == []
    assert _shown("The embattled plan drew fury.") == {"embattled": ("loaded",)}


def test_words_of_a_reported_clause_are_left_out() -> None:
    text = "Officials said the bill would invite bogus lawsuits. The bogus plan failed."
    a = analyze_article(Article.from_text("A1", text, source="t"))
    clauses = [(q.start, q.end) for q in a.quotes if q.kind == "indirect"]
    assert clauses and inside(clauses, text.index("bogus"), text.index("bogus") + 5)
    assert [f.start for f in a.flagged] == [text.rindex("bogus")]  # the outlet's own sentence
    every = shown_flags(a.wording, a.markers, a.verbs)
    assert [f.start for f in every] == [text.index("bogus"), text.rindex("bogus")]
