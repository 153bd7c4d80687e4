"""Contrasts on hand-made articles: an outlet that alone quotes a side, alone leads with a fact,
labels a referent differently; and the narrative check that rejects a statement true of every
outlet (and falls back to the code's sentences)."""

from __future__ import annotations

from types import SimpleNamespace

from summarize.articles import Article
from summarize.brief.framing_narrative import check_statement, code_statement
from summarize.framing import compare_outlets
from summarize.framing.contrast import OutletContrasts
from summarize.framing.labels import label_pairs

COMMON = (
    "The city council approved the new bridge budget on Monday after a long debate. "
    "Construction of the bridge over the river will start in the spring. "
    '"It will create jobs," Mayor Anna Berg said of the project. '
)
A = Article.from_text(
    "A1",
    COMMON + "Residents will vote on the toll in a separate referendum next year.",
    source="a.txt",
)
B = Article.from_text(
    "A2",
    COMMON.replace("new bridge budget", "costly bridge plan")
    + "Residents will vote on the toll in a separate referendum next year.",
    source="b.txt",
)
C = Article.from_text(
    "A3",
    "Protesters blocked the town hall entrance for three hours on Monday morning. "
    + COMMON
    + '"This bridge will ruin our neighbourhood," said Karl Weiss, a local shop owner. '
    "Residents will vote on the toll in a separate referendum next year.",
    source="c.txt",
)


def _items(article_id: str, kind: str) -> list[str]:
    comp = compare_outlets([A, B, C])
    oc = comp.contrasts_of(article_id)
    assert oc is not None
    return [c.sentence for c in oc.items if c.kind == kind]


def test_an_outlet_that_alone_quotes_a_voice() -> None:
    only = _items("A3", "only_voice")
    assert any("Karl Weiss" in s for s in only)
    # the mayor is quoted by all three: never a contrast of any of them
    for aid in ("A1", "A2", "A3"):
        assert not any("Berg" in s for s in _items(aid, "only_voice"))


def test_an_outlet_that_alone_leads_with_a_fact() -> None:
    comp = compare_outlets([A, B, C])
    alone = _items("A3", "alone")
    assert any("Protesters blocked" in s for s in alone)
    # the others share their lead: no lead contrast for them
    assert not _items("A1", "lead") and not _items("A2", "lead")
    oc = comp.contrasts_of("A3")
    assert oc is not None and oc.items[0].evidence[0].article_id == "A3"
    e = next(c for c in oc.items if c.kind == "alone").evidence[0]
    assert C.text[e.start : e.end] == e.text


def test_an_outlet_that_labels_a_referent_differently() -> None:
    labels = _items("A2", "label")
    assert any("costly bridge plan" in s or "costly" in s for s in labels), labels
    comp = compare_outlets([A, B, C])
    oc = comp.contrasts_of("A2")
    assert oc is not None
    for c in oc.items:
        for e in c.evidence:  # evidence offsets point at the article's own words
            if c.kind == "label":
                assert B.text[e.start : e.end].lower() in c.sentence.lower()


def test_a_statement_true_of_every_outlet_is_rejected_and_code_sentences_replace_it() -> None:
    comp = compare_outlets([A, B, C])
    oc = comp.contrasts_of("A3")
    assert isinstance(oc, OutletContrasts) and oc.items
    cited = oc.items[0]
    key = cited.keys[0]
    generic = f"{key}: the council approved the bridge; construction will start in the spring."
    reason = check_statement(generic, C, oc, [cited.id], [A, B, C], comp)
    assert reason is None or "true of every outlet" not in reason  # it states the contrast
    everyone = "The council approved the bridge and construction will start in the spring."
    reason = check_statement(everyone, C, oc, [cited.id], [A, B, C], comp)
    assert reason is not None and "does not state" in reason
    # a statement naming a contrast whose words are all in every article
    reason = check_statement(
        "The council approved the bridge on Monday.",
        A,
        OutletContrasts(
            "A1",
            [type(cited)("A1.1", "A1", "wording", "x", 1.0, ("council",), cited.evidence)],
        ),
        ["A1.1"],
        [A, B, C],
        comp,
    )
    assert reason is not None and reason.startswith("true of every outlet")
    fallback = code_statement(oc)
    assert fallback is not None and fallback.source == "code"
    assert fallback.text.startswith(oc.items[0].sentence)


def test_headline_statement_on_an_article_without_one_is_rejected() -> None:
    comp = compare_outlets([A, B, C])
    oc = comp.contrasts_of("A3")
    assert oc is not None
    cited = oc.items[0]
    reason = check_statement(
        f"Its headline stresses {cited.keys[0]}.", C, oc, [cited.id], [A, B, C], comp
    )
    assert reason is not None and "headline" in reason


def test_a_contradicted_only_claim_is_rejected() -> None:
    comp = compare_outlets([A, B, C])
    oc = comp.contrasts_of("A3")
    assert oc is not None
    cited = oc.items[0]
    reason = check_statement(
        f"Only A3 quotes Anna Berg ({cited.keys[0]}).", C, oc, [cited.id], [A, B, C], comp
    )
    assert reason is not None and "contradicts" in reason


def test_label_pairs_do_not_depend_on_the_near_matches_order() -> None:
    """The near matches come as a dict whose order can follow hash seeds: the pairs and their
    orientation must not, and one pair of spans reached through two facts is listed once."""
    sa, sb = A.sentences[0], B.sentences[0]  # "new bridge budget" / "costly bridge plan"
    member = SimpleNamespace(article_id="A3", sentence=C.sentences[1])  # the same sentence
    orders = {"F1": {"A2": (1.0, sb), "A1": (1.0, sa)}, "F2": {"A1": (1.0, sa), "A2": (1.0, sb)}}
    alignment = SimpleNamespace(
        canonical={},
        clusters=[SimpleNamespace(id=f, members=[member]) for f in orders],
        nearness=SimpleNamespace(near=lambda c: orders[c.id]),
    )
    pairs = label_pairs([A, B, C], alignment)  # type: ignore[arg-type]
    got = [(p.fact, p.a.article_id, p.a.text, p.b.article_id, p.b.text) for p in pairs]
    assert ("F1", "A1", "budget", "A2", "plan") in got
    assert all(a < b for _, a, _, b, _ in got)  # one orientation: article order
    assert not any(f == "F2" for f, *_ in got)  # F2 reaches the same spans: listed once
