"""Alignment on hand-made articles: one flood, four outlets and a wire copy."""

from __future__ import annotations

import json

import pytest

import summarize.align as align_pkg
from evaluation.measure import sentence_digest
from summarize.align import Alignment, ClaimCluster, align_articles
from summarize.articles import Article
from summarize.digest import Digest
from summarize.verify import CheckedClaim

A1 = (
    "Officials said the Red River dam collapsed early on Tuesday after days of heavy rain.\n\n"
    "The flood forced 12,000 residents to leave their homes in the valley.\n\n"
    "Governor Maria Lopez declared a state of emergency for three counties.\n\n"
    "“We will rebuild every house and every road in this valley,” Lopez said.\n\n"
    "A local bakery donated four hundred loaves of bread to the shelters."
)
A2 = (
    "The Red River dam gave way on Tuesday morning following several days of torrential rain, "
    "officials said.\n\n"
    "The flood forced 15,000 residents to leave their homes in the valley.\n\n"
    "Senator Maria Lopez declared a state of emergency in three counties.\n\n"
    "“We will rebuild every home and every road in the valley,” Lopez said."
)
A3 = (
    "Heavy rain over several days caused the Red River dam to collapse on Tuesday, officials "
    "said.\n\n"
    "“We will rebuild every house and every road in this valley,” Lopez told reporters.\n\n"
    "The city council approved a new budget for public libraries."
)
A4 = (
    "Rescue teams searched the valley for missing hikers on Wednesday.\n\n"
    "The national weather service predicted a dry and sunny weekend.\n\n"
    "Farmers in the north complained about the price of fuel."
)
# A wire copy of A1 under another outlet: a trimmed ending, otherwise the same text.
A5 = A1.rsplit("\n\n", 1)[0]
CANONICAL = {"A5": "A1"}


def _digests(texts: dict[str, str]) -> list[Digest]:
    return [
        sentence_digest(Article.from_text(aid, t, source=f"{aid.lower()}.txt"))
        for aid, t in texts.items()
    ]


@pytest.fixture(scope="module")
def digests() -> list[Digest]:
    return _digests({"A1": A1, "A2": A2, "A3": A3, "A4": A4, "A5": A5})


def align(digests: list[Digest], **kw: object) -> Alignment:
    """`align_articles` over the digests' articles, their sentences as claims."""
    return align_articles([d.article for d in digests], digests, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def result(digests: list[Digest]) -> Alignment:
    return align(digests, canonical=CANONICAL)


def _cluster_of(result: Alignment, article_id: str, fragment: str) -> ClaimCluster:
    hits = [
        c
        for c in result.clusters
        for m in c.members
        if m.article_id == article_id and fragment in m.claim.text
    ]
    assert len(hits) == 1, (article_id, fragment, hits)
    return hits[0]


def test_public_api_is_pinned() -> None:
    assert sorted(align_pkg.__all__) == sorted(
        [
            "Alignment",
            "ClaimCluster",
            "ClaimRef",
            "Conflict",
            "Presence",
            "Version",
            "align_articles",
        ]
    )


def test_consensus_in_three_wordings_is_one_cluster_of_support_three(result: Alignment) -> None:
    dam = _cluster_of(result, "A2", "dam gave way")
    assert dam is _cluster_of(result, "A1", "dam collapsed")
    assert dam is _cluster_of(result, "A3", "caused the Red River dam")
    # the wire copy A5 carries it too, but counts once, with A1
    assert dam.sources == ["A1", "A2", "A3"]
    assert dam.support == 3
    assert {m.article_id for m in dam.members} == {"A1", "A2", "A3", "A5"}
    assert dam in result.shared(3)


def test_cluster_ids_follow_support_then_position(result: Alignment) -> None:
    assert [c.id for c in result.clusters] == [f"F{n}" for n in range(1, len(result.clusters) + 1)]
    supports = [c.support for c in result.clusters]
    assert supports == sorted(supports, reverse=True)
    assert _cluster_of(result, "A1", "dam collapsed").id == "F1"


def test_number_conflict_names_both_versions_and_articles(result: Alignment) -> None:
    numbers = [d for d in result.conflicts if d.kind == "number"]
    assert len(numbers) == 1
    d = numbers[0]
    assert [(v.value, v.article_ids) for v in d.versions] == [
        ("12,000 residents", ("A1",)),
        ("15,000 residents", ("A2",)),
    ]
    assert d.subject.startswith("residents")
    for v in d.versions:
        (sentence,) = v.evidence
        assert v.value in sentence.text


def test_title_conflict(result: Alignment, digests: list[Digest]) -> None:
    titles = [d for d in result.conflicts if d.kind == "title"]
    assert [(d.subject, [(v.value, v.article_ids) for v in d.versions]) for d in titles] == [
        ("Maria Lopez's title", [("Governor", ("A1",)), ("Senator", ("A2",))])
    ]
    texts = {d.article.id: d.article.text for d in digests}
    for v in titles[0].versions:
        s = v.evidence[0]
        assert texts[v.article_ids[0]][s.start : s.end] == s.text


def test_reworded_quote_is_a_conflict_and_the_same_wording_agrees(result: Alignment) -> None:
    quotes = [d for d in result.conflicts if d.kind == "quote"]
    assert len(quotes) == 1
    q = quotes[0]
    assert q.subject == "Maria Lopez's quote"  # the fullest name the speakers are given
    assert [v.article_ids for v in q.versions] == [("A1", "A3"), ("A2",)]
    assert q.versions[1].value == "We will rebuild every home and every road in the valley"


def test_conflict_ids_are_numbered_in_order(result: Alignment) -> None:
    assert [d.id for d in result.conflicts] == ["D1", "D2", "D3"]
    assert [d.kind for d in result.conflicts] == ["number", "title", "quote"]
    for d in result.conflicts:
        assert len(d.versions) >= 2
        assert len({v.value for v in d.versions}) == len(d.versions)


def test_single_source_claim(result: Alignment) -> None:
    bakery = _cluster_of(result, "A1", "bakery")
    assert bakery.support == 1 and bakery.sources == ["A1"]
    assert bakery in result.single_source()


def test_wire_copy_does_not_raise_support(digests: list[Digest]) -> None:
    counted_twice = align(digests)  # without the duplicate map, the copy is a fifth outlet
    counted_once = align(digests, canonical=CANONICAL)
    dam = next(
        c for c in counted_twice.clusters if any("dam gave way" in m.claim.text for m in c.members)
    )
    assert dam.support == 4
    assert max(c.support for c in counted_once.clusters) == 3


def test_omission_of_a_widely_carried_fact(result: Alignment) -> None:
    dam = _cluster_of(result, "A1", "dam collapsed")
    quote = _cluster_of(result, "A1", "We will rebuild")
    missing = result.omissions(["A1", "A2", "A3", "A4", "A5"], min_support=3)
    assert missing["A4"] == [dam, quote]
    assert result.omissions(["A4"], min_support=4) == {"A4": []}
    assert missing["A1"] == missing["A2"] == missing["A3"] == []
    assert missing["A5"] == []  # a copy of A1 carries what A1 carries


def test_unrelated_claims_are_not_merged(result: Alignment) -> None:
    libraries = _cluster_of(result, "A3", "libraries")
    assert libraries.support == 1
    for fragment in ("missing hikers", "weather service", "price of fuel"):
        assert _cluster_of(result, "A4", fragment).support == 1
    # claims about the flood that say different things stay apart
    assert _cluster_of(result, "A1", "dam collapsed") is not _cluster_of(result, "A1", "12,000")


def test_a_bar_that_accepts_every_mutual_best_pair_keeps_the_guard(
    digests: list[Digest],
) -> None:
    lenient = align(digests, canonical=CANONICAL, same_threshold=0.0)
    assert len(lenient.clusters) < len(align(digests, canonical=CANONICAL).clusters)
    for c in lenient.clusters:
        per_article: dict[str, set[int]] = {}
        for m in c.members:
            per_article.setdefault(CANONICAL.get(m.article_id, m.article_id), set()).add(
                m.sentence.index
            )
        assert all(len(s) == 1 for s in per_article.values()), c


def test_unverified_claims_are_left_out(digests: list[Digest]) -> None:
    d = digests[0]
    extra = CheckedClaim("The dam was built in 1950.", "unverified", None, 0.0, "no")
    patched = Digest(
        article=d.article,
        summary="",
        summary_warnings=[],
        claims=[*d.claims, extra],
        quotes=d.quotes,
        actors=[],
    )
    out = align([patched, *digests[1:]], canonical=CANONICAL)
    texts = [m.claim.text for c in out.clusters for m in c.members]
    assert extra.text not in texts
    assert len(texts) == sum(len(x.verified_claims) for x in digests)


def test_deterministic_and_json_ready(digests: list[Digest]) -> None:
    a = align(digests, canonical=CANONICAL).to_dict()
    b = align(digests, canonical=CANONICAL).to_dict()
    assert a == b
    text = json.dumps(a)
    assert '"kind": "number"' in text
    assert a["counts"]["conflicts"] == 3
    assert a["duplicates"] == {"A5": "A1"}


def test_no_digests() -> None:
    out = align([])
    assert (out.clusters, out.conflicts, out.candidate_pairs) == ([], [], 0)
