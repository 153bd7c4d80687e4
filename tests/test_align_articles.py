"""align_articles on hand-made articles: a fact shared in other words, a fact one article alone
carries, a fact another article only touches, a number conflict, presence in the JSON, and a
1,000-article run (the time bound is in bench/scale.py --align, not here)."""

from __future__ import annotations

import sys

from summarize.align import align_articles
from summarize.articles import Article

from .conftest import ROOT


def article(aid: str, *sentences: str, title: str | None = None) -> Article:
    return Article.from_sentences(aid, list(sentences), source=f"test:{aid}", title=title)


A1 = article(
    "A1",
    "The Northvale council approved a 12 million dollar flood barrier on Tuesday.",
    "Mayor Lena Ortiz said the barrier would protect 4,000 homes along the river.",
    "The contractor, Brightwater Dredging, was fined in 2019 for breaching safety rules.",
    "Twenty-six engineers will work on the project.",
)
A2 = article(
    "A2",
    "On Tuesday Northvale councillors approved the flood barrier, which will cost 12 million "
    "dollars.",
    "Ortiz has campaigned on flood protection along the river for years.",
    "Twenty-four engineers will work on the project.",
    "Local shops closed early for the summer festival.",
)


def cluster_of(alignment, aid: str, index: int):  # type: ignore[no-untyped-def]
    return next(
        c
        for c in alignment.clusters
        if any(m.article_id == aid and m.sentence.index == index for m in c.members)
    )


def test_a_fact_in_other_words_is_one_cluster_both_carry() -> None:
    alignment = align_articles([A1, A2])
    c = cluster_of(alignment, "A1", 0)
    assert c.sources == ["A1", "A2"]
    assert {(m.article_id, m.sentence.index) for m in c.members} == {("A1", 0), ("A2", 0)}
    assert alignment.presence(c.id, "A2").status == "carries"
    assert alignment.presence(c.id, "A2").sentence == A2.sentences[0]


def test_single_source_only_when_the_other_article_is_absent_touches_otherwise() -> None:
    alignment = align_articles([A1, A2])
    fined = cluster_of(alignment, "A1", 2)
    assert fined.support == 1
    assert alignment.presence(fined.id, "A2").status == "absent"
    assert fined in alignment.single_source()
    # A2 names Ortiz, flood protection and the river, but not the 4,000 homes: it touches it.
    homes = cluster_of(alignment, "A1", 1)
    assert homes.support == 1
    touch = alignment.presence(homes.id, "A2")
    assert touch.status == "touches"
    assert touch.sentence == A2.sentences[1] and 0 < touch.score < 1
    assert homes not in alignment.single_source()
    # a fact carried by both is never an omission; absence is only claimed on "absent"
    assert alignment.omissions(["A1", "A2"], 2) == {"A1": [], "A2": []}


def test_an_omission_needs_absence_a_touch_is_not_one() -> None:
    a3 = article("A3", "Ortiz said on Tuesday that the river barrier was approved by the council.")
    a4 = article("A4", "The festival drew a record crowd of 30,000 visitors to the old harbour.")
    alignment = align_articles([A1, A2, a3, a4])
    wide = cluster_of(alignment, "A1", 0)
    assert wide.support >= 2
    missing = alignment.omissions(["A1", "A2", "A3", "A4"], 2)
    assert wide in missing["A4"]  # nothing in A4 comes close
    assert alignment.presence(wide.id, "A4").status == "absent"
    if "A3" not in wide.sources:  # A3 touches it (or carries it): never "leaves out"
        assert alignment.presence(wide.id, "A3").status == "touches"
        assert wide not in missing["A3"]


def test_number_conflict_between_aligned_sentences() -> None:
    alignment = align_articles([A1, A2])
    engineers = cluster_of(alignment, "A1", 3)
    assert engineers.sources == ["A1", "A2"]
    (conflict,) = [d for d in alignment.conflicts if d.kind == "number"]
    assert {v.value for v in conflict.versions} == {"Twenty-six engineers", "Twenty-four engineers"}


def test_headline_is_a_unit_and_presence_reaches_the_json() -> None:
    a = article("A1", "Shops closed early for the festival.", title="Council backs flood barrier")
    b = article("A2", "The council backs the flood barrier, its chair said.")
    alignment = align_articles([a, b])
    head = cluster_of(alignment, "A1", -1)
    assert head.sources == ["A1", "A2"]
    data = alignment.to_dict()
    assert data["articles"] == ["A1", "A2"]
    by_id = {c["id"]: c for c in data["clusters"]}
    member = by_id[head.id]["members"][0]
    assert member["unit"] == "title" and member["evidence"]["headline"] is True
    assert by_id[head.id]["presence"]["A2"]["status"] == "carries"
    shops = cluster_of(alignment, "A1", 0)
    assert "A2" not in by_id[shops.id]["presence"]  # absent: not listed


def test_wire_copy_adds_no_support_and_answers_as_its_canonical() -> None:
    copy = Article.from_sentences("A3", [s.text for s in A1.sentences], source="test:A3")
    alignment = align_articles([A1, A2, copy], canonical={"A3": "A1"})
    fined = cluster_of(alignment, "A1", 2)
    assert fined.sources == ["A1"]
    assert alignment.presence(fined.id, "A3").status == "carries"
    assert fined in alignment.single_source()


def test_a_thousand_synthetic_articles_align() -> None:
    sys.path.insert(0, str(ROOT))
    from bench._common import synthetic_articles

    articles = synthetic_articles(1000).articles
    alignment = align_articles(articles)
    shared = alignment.clusters[0]  # every synthetic article opens with the same fact
    assert shared.support == 1000
    assert alignment.single_source()  # each article's own sentences


def test_a_subheading_is_never_listed_as_a_single_source_fact() -> None:
    from summarize.text.headings import is_subheading

    a = Article.from_text(
        "A1",
        "The council closed the harbour bridge on Monday.\n\nStalled diplomacy\n\n"
        "A choir of forty singers performed at the old theatre in the evening.",
        source="a",
    )
    b = Article.from_text(
        "A2", "The harbour bridge was closed by the council on Monday.", source="b"
    )
    al = align_articles([a, b])
    listed = [m.sentence.text for c in al.single_source() for m in c.members]
    assert "Stalled diplomacy" not in listed
    assert any("choir" in t for t in listed)  # a fact only A1 states is still listed
    assert is_subheading("A Fragile Peace Framework — And No Direct Talks Yet")
    assert not is_subheading("Repairs: up to 4 million pounds")  # a list item states a fact


def test_a_fragment_is_never_listed_as_a_single_source_fact() -> None:
    from summarize.text.headings import is_fragment

    a = article("A1", "The council closed the harbour bridge on Monday.", "As opposed...", "Dr.")
    b = article("A2", "The harbour bridge was closed by the council on Monday.")
    listed = [m.sentence.text for c in align_articles([a, b]).single_source() for m in c.members]
    assert listed == []
    assert is_fragment("California Gov.") and is_fragment("At the same...")
    assert not is_fragment("Putin denied it.")  # a short whole sentence states a fact
    assert not is_fragment("Home Secretary Priti Patel has asked all police forces...")


def test_an_acronym_and_its_full_name_are_one_word() -> None:
    # "FTC" / "the Federal Trade Commission": without the acronym the pair shares only
    # "sued" and "Facebook"
    a = article("A1", "The FTC sued Facebook over its purchase of Instagram and WhatsApp.")
    b = article(
        "A2",
        "The Federal Trade Commission sued Facebook, saying the Instagram deal crushed rivals.",
    )
    from summarize.align.units import build_units, raw_units

    units, _ = build_units(raw_units([a, b]))
    assert "ftc" in units[0].words and "ftc" in units[1].words
    plain, _ = build_units(raw_units([b]))  # nobody writes FTC: nothing is added
    assert "ftc" not in plain[0].words


LEDE_A = (
    "The Northvale council on Tuesday closed the harbour bridge to all traffic after inspectors "
    "reported structural damage."
)
LEDE_B = (
    "Engineers found deep cracks in the harbour span, and Northvale officials ordered it shut to "
    "traffic on Tuesday."
)


def _shared_sentences(*articles: Article) -> list[list[tuple[str, int]]]:
    al = align_articles(list(articles))
    return [[(m.article_id, m.sentence.index) for m in c.members] for c in al.shared(2)]


def test_two_ledes_below_the_bar_match_when_the_headlines_agree() -> None:
    from summarize.align.aligner import LEDE_FLOOR, SAME_THRESHOLD

    # A1 names Northvale twice, so the name is no rare anchor (align.anchors): the ledes decide
    a = article("A1", LEDE_A, "Shops in Northvale stayed open.", title="Harbour bridge closed")
    b = article("A2", LEDE_B, "A ferry service will run instead.", title="Northvale bridge shut")
    assert _shared_sentences(a, b) == [[("A1", 0), ("A2", 0)]]
    # the pair is below the SAME bar on its words (0.24): the ledes and headlines decide
    assert LEDE_FLOOR <= 0.24 < SAME_THRESHOLD
    # headlines about something else: no match; the same two sentences further down: no match
    other = article("A2", LEDE_B, "A ferry will run.", title="Ferry timetable changes")
    assert _shared_sentences(a, other) == []
    later = article("A2", "A ferry service will run.", LEDE_B, title="Northvale bridge shut")
    assert _shared_sentences(a, later) == []


def _ransom(number_a: str, number_b: str) -> list[Article]:
    return [
        article(
            "A1",
            f"Hackers behind the attack on the software firm demanded {number_a} in bitcoin to "
            "unlock the files.",
            "Schools in the county reopened on Monday.",
        ),
        article(
            "A2",
            f"The ransomware gang wants a payment of {number_b}, a post on its blog said.",
            "The firm's chief executive apologised to customers.",
        ),
    ]


def test_one_telling_number_matches_a_pair_just_below_the_bar() -> None:
    # the two sentences score between NUMBER_FLOOR and the SAME bar on words alone
    shared = align_articles(_ransom("$70 million", "70 million dollars")).shared(2)
    assert [[(m.article_id, m.sentence.index) for m in f.members] for f in shared] == [
        [("A1", 0), ("A2", 0)]
    ]
    # a year, a small count, a number inside a name say nothing about which fact it is
    for a, b in (("in 2021", "in 2021"), ("one of its", "one of its"), ("COVID-19", "COVID-19")):
        assert align_articles(_ransom(a, b)).shared(2) == [], a
