"""Near-duplicates: a wire story under two outlets and one file twice are grouped; seeds are not."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from summarize.articles import load_articles
from summarize.articles.dedupe import linked_pairs, overlap, shingles
from summarize.settings import current

THRESHOLD = current().dedupe.threshold

SEEDS = Path(__file__).parents[1] / "seeds"
FIXTURES = Path(__file__).parent / "fixtures" / "articles"

WIRE = [
    "EASTHAVEN (Coastal Wire) - The harbour bridge in Easthaven was closed on Monday after "
    "engineers discovered cracks in its main span, local officials said.",
    "Council leader Maria Okafor said the council could not take any risk with safety and that "
    "ferries would run every 20 minutes while the bridge stays shut.",
    "About 12,000 vehicles cross the bridge every day. An inspection is expected to take at least "
    "three weeks, and repairs could cost up to 4 million pounds, the council said.",
    "Local businesses on the waterfront warned that a long closure would hurt trade during the "
    "summer season, when visitor numbers usually peak.",
]


def test_wire_reprint_under_another_outlet_is_grouped(tmp_path: Path) -> None:
    original = tmp_path / "coastal_wire.txt"
    original.write_text("\n\n".join(WIRE))
    # the reprint trims the last paragraph, retitles, and adds its own line
    reprint = tmp_path / "harbour_times.txt"
    reprint.write_text(
        "Bridge closed after cracks found\n\n"
        + "\n\n".join(WIRE[:3])
        + "\n\nThe Harbour Times will update this story."
    )
    own = tmp_path / "radio.txt"
    own.write_text(
        "Engineers will spend three weeks inspecting the Easthaven bridge, which "
        "carries 12,000 vehicles a day. Ferries replace it for now, the council said."
    )
    result = load_articles([reprint, own, original])
    (group,) = result.duplicates
    assert group.ids == ("A1", "A3")
    assert group.canonical == "A3"  # the longer, complete text is kept
    assert THRESHOLD <= group.similarity < 1.0
    assert result.duplicate_of("A1") == "A3" and result.duplicate_of("A2") is None
    assert [a.id for a in result.unique_articles] == ["A2", "A3"]
    assert "A1 = A3 are near-duplicates" in str(group)


def test_same_file_twice_is_grouped_with_similarity_one() -> None:
    path = FIXTURES / "bridge_post.html"
    result = load_articles([path, FIXTURES / "bridge_courier.md", path])
    (group,) = result.duplicates
    assert (group.ids, group.canonical, group.similarity) == (("A1", "A3"), "A1", 1.0)


def test_seeds_are_five_different_reports() -> None:
    result = load_articles([SEEDS])
    assert result.duplicates == []
    sets = [shingles(a.text) for a in result.articles]
    worst = max(overlap(a, b) for i, a in enumerate(sets) for b in sets[i + 1 :])
    assert worst < 0.1  # same event, own wording: far below the threshold


def test_fixture_outlets_on_one_event_are_not_duplicates() -> None:
    result = load_articles(
        [
            FIXTURES / "bridge_gazette.txt",
            FIXTURES / "bridge_courier.md",
            FIXTURES / "bridge_post.html",
            FIXTURES / "feed.jsonl",
        ]
    )
    assert result.duplicates == []


def test_overlap_is_containment() -> None:
    long = shingles(" ".join(WIRE))
    short = shingles(WIRE[0])
    assert overlap(long, short) == 1.0
    assert overlap(long, frozenset()) == 0.0


def _pairwise(
    sets: list[frozenset[tuple[str, ...]]], threshold: float
) -> list[tuple[int, int, float]]:
    return [
        (i, j, overlap(sets[i], sets[j]))
        for i in range(len(sets))
        for j in range(i + 1, len(sets))
        if overlap(sets[i], sets[j]) >= threshold
    ]


@pytest.mark.parametrize("threshold", [0.3, THRESHOLD, 0.7, 0.95, 1.0])
def test_indexed_pairs_equal_the_pairwise_loop(threshold: float) -> None:
    rng = random.Random(11)
    vocabulary = [f"w{n}" for n in range(40)]  # small: many shared phrases, many near-misses
    texts = [" ".join(rng.choices(vocabulary, k=rng.randint(0, 60))) for _ in range(60)]
    for k in range(0, 60, 6):  # reprints: cut, extended, edited
        words = texts[k].split()
        texts.append(" ".join([*words[: rng.randint(0, len(words))], "credit", "line"]))
    sets = [shingles(t, size=2) for t in texts] + [shingles(t) for t in texts]
    expected = _pairwise(sets, threshold)
    assert linked_pairs(sets, threshold) == expected
    assert expected  # the case is not vacuous
