"""The ../shared/data cluster reader: on a made-up cluster, and on the real files when present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluation.clusters import read_clusters
from summarize.errors import InputError

DATA = Path(__file__).parents[1].parent / "shared" / "data"


def test_made_up_cluster(tmp_path: Path) -> None:
    record = {
        "cluster_id": "demo-1",
        "dataset": "demo",
        "event": "Bridge closed",
        "date": "2024-05-06",
        "articles": [
            {
                "outlet": "Left Daily",
                "lean": "left",
                "title": "Bridge shut",
                "url": "u1",
                "sentences": ["The bridge shut.", "  Ferries   run. ", "", "Repairs follow."],
                "annotations": [{"sentence_index": 1}],
            },
            {"outlet": "Right Post", "lean": "right", "title": None, "sentences": ["It shut."]},
        ],
        "reference_summary": "The bridge closed.",
        "reference_framing_note": None,
        "reference_article": {"outlet": "Wire", "text": "x"},
    }
    path = tmp_path / "demo.jsonl"
    path.write_text(json.dumps(record) + "\n\n")
    (cluster,) = list(read_clusters(path))
    assert (cluster.cluster_id, cluster.dataset, cluster.event, cluster.date) == (
        "demo-1",
        "demo",
        "Bridge closed",
        "2024-05-06",
    )
    assert cluster.reference_summary == "The bridge closed."
    assert cluster.reference_framing_note is None
    assert cluster.raw["reference_article"]["outlet"] == "Wire"
    left, right = cluster.articles
    assert (left.id, left.outlet, left.lean, left.title, left.source) == (
        "A1",
        "Left Daily",
        "left",
        "Bridge shut",
        "demo:demo-1:1",
    )
    assert right.id == "A2" and right.title is None
    # given sentences are kept one for one, so annotation indexes still point at them
    assert [s.text for s in left.sentences] == [
        "The bridge shut.",
        "Ferries run.",
        "",
        "Repairs follow.",
    ]
    assert left.sentences[1].index == cluster.raw["articles"][0]["annotations"][0]["sentence_index"]
    for s in left.sentences:
        assert left.text[s.start : s.end] == s.text


def test_bad_cluster_lines(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"cluster_id": "x"}\n')
    with pytest.raises(InputError, match="line 1: not a cluster"):
        list(read_clusters(path))
    with pytest.raises(InputError, match="no such file"):
        list(read_clusters(tmp_path / "missing.jsonl"))


@pytest.mark.skipif(not DATA.is_dir(), reason=f"evaluation data not found at {DATA}")
@pytest.mark.parametrize(
    "name", ["allsides_dev.jsonl", "basil_dev.jsonl", "newswcl50.jsonl", "lim2020.jsonl"]
)
def test_shared_data_files_read_with_sentences_kept(name: str) -> None:
    path = DATA / name
    if not path.is_file():
        pytest.skip(f"{path} not found")
    clusters = list(read_clusters(path))
    assert clusters
    for cluster in clusters:
        assert cluster.cluster_id and cluster.articles
        assert [a.id for a in cluster.articles] == [
            f"A{i}" for i in range(1, len(cluster.articles) + 1)
        ]
        for article, raw in zip(cluster.articles, cluster.raw["articles"], strict=True):
            assert len(article.sentences) == len(raw["sentences"])
            assert article.outlet == (raw.get("outlet") or None)
            for sentence in article.sentences:
                assert article.text[sentence.start : sentence.end] == sentence.text
