"""`summarize stories` end to end on hand-made stories (tests/stories_fixtures.py): the index
(JSON valid against its schema, Markdown, HTML), --index-only with no backend at all, bad
inputs one line each, and an incremental re-run against the SYNTHETIC routing server (answers
hand-written for the tests): story ids stay, unchanged stories are not briefed again, and a
story that gains an article re-uses its cached digests."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from summarize.cli import main

from .fake_servers import Answer, Call, Reply, digest_json, routing_server
from .stories_fixtures import EVENTS, records, write_pool

GOOD = {
    "digest": Reply(content=digest_json("It reports the event.", [], [])),
    "consensus": Reply(content=json.dumps({"sentences": []})),
    "framing": Reply(content=json.dumps({"outlets": []})),
}


def _route(call: Call) -> Answer:
    return Answer(GOOD.get(call.kind, GOOD["digest"]))


def _schema() -> dict[str, Any]:
    text = resources.files("summarize.schemas").joinpath("stories-index-v1.schema.json")
    return dict(json.loads(text.read_text(encoding="utf-8")))


def _index(out: Path) -> dict[str, Any]:
    data = json.loads((out / "index.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, _schema())
    return dict(data)


def test_index_only_needs_no_backend(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # would fail if called
    pool = write_pool(tmp_path / "pool.jsonl", records())
    out = tmp_path / "out"
    code = main(["stories", str(pool), "--index-only", "-o", str(out), "--backend", "openai"])
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err and "backend" not in err
    data = _index(out)
    assert data["articles"] == len(records())
    assert len(data["stories"]) == 4  # flood, strike (+ wire copy), satellite, tomato
    members = [m for s in data["stories"] for m in s["members"]]
    assert sorted(m["source"] for m in members) == sorted(
        f"{pool}#{n}" for n in range(1, len(records()) + 1)
    )
    strike = next(s for s in data["stories"] if "vida" in s["headline"].lower())
    assert strike["articles"] == 4 and strike["counted_articles"] == 3
    assert [m["duplicate_of"] is not None for m in strike["members"]].count(True) == 1
    assert strike["lean_coverage"] == {"left": 1, "center": 1, "right": 1, "unknown": 0}
    assert strike["blind_spot"] is False and strike["status"] == "index-only"
    satellite = next(s for s in data["stories"] if "Sentinel" in s["headline"])
    assert satellite["blind_spot"] is True and satellite["carried_by"] == "left"
    single = next(s for s in data["stories"] if "Tomato" in s["headline"])
    assert single["status"] == "single-outlet" and single["briefing"] == {}
    assert not list((out / "stories").iterdir())
    md = (out / "index.md").read_text(encoding="utf-8")
    assert "only the left carries it" in md and "Tomato harvest" in md
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "default-src 'none'" in page and "<script" not in page


def test_bad_inputs_one_line_each_rest_processed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = write_pool(tmp_path / "pool.jsonl", records(["flood"], wire=False, single=False))
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "feed.xml").write_text("<rss><channel><item><title>cut", encoding="utf-8")
    out = tmp_path / "out"
    code = main(
        [
            "stories",
            str(pool),
            str(tmp_path / "empty.txt"),
            str(tmp_path / "feed.xml"),
            str(tmp_path / "missing.json"),
            "--index-only",
            "-o",
            str(out),
        ]
    )
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err
    for name in ("empty.txt", "feed.xml", "missing.json"):
        assert sum(name in line for line in err.splitlines()) == 1, name
    data = _index(out)
    assert data["articles"] == 3 and len(data["problems"]) == 3


def test_no_usable_input_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["stories", str(tmp_path / "missing.txt"), "--index-only", "-o", str(tmp_path / "out")]
    )
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("summarize: error: no usable articles")


def _run(tmp_path: Path, pool: Path, url: str, *extra: str) -> int:
    return main(
        [
            "stories",
            str(pool),
            "-o",
            str(tmp_path / "out"),
            "--backend",
            "llamacpp",
            "--base-url",
            url,
            "--cache-dir",
            str(tmp_path / "cache"),
            "-q",
            "--format",
            "md,json,html",
            *extra,
        ]
    )


def test_incremental_rerun_keeps_ids_and_reuses_calls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first_rows = [
        *records(["flood"], wire=False, single=False),
        *EVENTS["strike"][:2],
        *records(["satellite"], wire=False, single=False),
    ]
    pool = write_pool(tmp_path / "pool.jsonl", first_rows)
    out = tmp_path / "out"
    with routing_server(_route) as (url, state):
        assert _run(tmp_path, pool, url) == 0
        first_calls = len(state.calls)
        first = _index(out)
        assert {s["status"] for s in first["stories"]} == {"briefed"}
        for story in first["stories"]:
            for fmt in ("md", "json", "html"):
                assert (out / story["briefing"][fmt]).is_file()
        # digests: one per article
        assert [c.kind for c in state.calls].count("digest") == len(first_rows)

        # Same input again: nothing to do.
        assert _run(tmp_path, pool, url) == 0
        assert len(state.calls) == first_calls

        # The strike story gains a third outlet (and the pool a single article).
        write_pool(pool, [*first_rows, EVENTS["strike"][2], records(["x"], wire=False)[0]])
        assert _run(tmp_path, pool, url) == 0
        new_calls = state.calls[first_calls:]
    second = _index(out)
    story_of = {m["key"]: s["id"] for s in second["stories"] for m in s["members"]}
    for old in first["stories"]:  # every old story keeps its id, whatever it gained
        assert {story_of[m["key"]] for m in old["members"]} == {old["id"]}
    strike = next(
        s for s in second["stories"] if len(s["members"]) == 3 and "vida" in json.dumps(s).lower()
    )
    assert strike["id"] in {s["id"] for s in first["stories"]}
    # only the new article's digest is asked; the two old digests come from the cache
    assert [c.kind for c in new_calls].count("digest") == 1
    assert all(c.kind != "digest" or c.article_id == "A3" for c in new_calls)
    tomato = next(s for s in second["stories"] if "Tomato" in s["headline"])
    assert tomato["status"] == "single-outlet"
    assert "Traceback" not in capsys.readouterr().err
