"""`summarize stories --batch | --batch-export | --batch-import`: the digest stage of every story
to brief goes through the Batch API (or an offline server's results file) first, and the
briefings then ask only their per-story calls live. Against the SYNTHETIC Batch API server
and the SYNTHETIC routing server (both tests/fake_servers.py); every
answer is hand-written for the tests, none is a model's recording."""

from __future__ import annotations

import json
import random
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from summarize.cli import main
from summarize.llm import batch_api
from summarize.llm.prices import price_table

from .fake_servers import (
    Answer,
    Call,
    Reply,
    Result,
    batch_service,
    classify,
    digest_json,
    routing_server,
    schema_name,
)
from .stories_fixtures import records, write_pool

SECRET = "sk-synthetic-key-never-in-files-7731"
# flood (3), strike (3 + a wire copy) and satellite (2) are briefed; the tomato story is not
DIGESTS = 9


def _content(body: dict[str, Any]) -> str:
    """A hand-written answer for whichever structured call this request is."""
    kind = classify(body).kind
    if kind == "consensus":
        return json.dumps({"sentences": []})
    if kind == "framing":
        return json.dumps({"outlets": []})
    if schema_name(body) == "SummaryOut":
        return json.dumps({"summary": "It reports the event."})
    return digest_json("It reports the event.", [], [])


def _index(out: Path) -> dict[str, Any]:
    data = json.loads((out / "index.json").read_text(encoding="utf-8"))
    schema = resources.files("summarize.schemas").joinpath("stories-index-v1.schema.json")
    jsonschema.validate(data, json.loads(schema.read_text(encoding="utf-8")))
    return dict(data)


def _stories(tmp_path: Path, *extra: str) -> list[str]:
    pool = tmp_path / "pool.jsonl"
    if not pool.exists():
        write_pool(pool, records())
    return [
        "stories",
        str(pool),
        "-o",
        str(tmp_path / "out"),
        "--cache-dir",
        str(tmp_path / "cache"),
        "-q",
        *extra,
    ]


def test_batch_prefills_every_digest_and_only_per_story_calls_go_live(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    slept: list[float] = []
    monkeypatch.setattr(batch_api, "_abortable_sleep", lambda _backend: slept.append)
    tries: dict[str, int] = {}
    live: list[Call] = []

    def batched(custom_id: str, body: dict[str, Any]) -> Result:
        tries[custom_id] = tries.get(custom_id, 0) + 1
        if tries[custom_id] == 1 and len(tries) == 4:  # one line fails, the first time only
            return Result(status=500)
        return Result(_content(body))

    def chat(body: dict[str, Any]) -> Result:
        live.append(classify(body))
        return Result(_content(body))

    with batch_service(batched, chat=chat) as (url, state):
        code = main(_stories(tmp_path, "--backend", "openai", "--base-url", url, "--batch"))
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err
    # the digests all came from the batch: live calls are only the per-story stages
    assert live and {c.kind for c in live} <= {"consensus", "framing"}
    assert not any(c.kind == "digest" for c in live)
    assert len(tries) == DIGESTS and sorted(tries.values()) == [1] * (DIGESTS - 1) + [2]
    first, retry = (
        [json.loads(x)["custom_id"] for x in upload.splitlines()] for upload in state.uploads()
    )
    assert len(first) == DIGESTS and len(retry) == 1 and retry[0] in first
    output = next(d for p, d in state.files.values() if p == "batch_output")
    returned = [json.loads(x)["custom_id"] for x in output.splitlines()]
    assert returned != [k for k in first if k in returned]  # results came back out of order
    assert slept  # polled with backoff (the sleep is the test's)
    assert f"digests: {DIGESTS} answer(s) loaded into the cache, 0 failed" in err
    assert "1 retried once" in err and "at batch prices" in err

    data = _index(tmp_path / "out")
    briefed = [s for s in data["stories"] if s["status"] == "briefed"]
    assert len(briefed) == 3
    provenance = data["provenance"]
    report = provenance["batch"]
    assert report["mode"] == "api" and report["stage"] == "digests"
    assert report["requests"] == DIGESTS and report["loaded"] == DIGESTS
    assert report["retried"] == 1 and report["failures"] == [] and len(report["batches"]) == 2
    cost = provenance["cost"]
    assert cost["estimate"] is True and cost["prices_verified"] is False
    assert cost["prices_as_of"] == price_table().as_of
    assert price_table().as_of in cost["about"] and "not verified" in cost["about"]
    assert cost["model"] == "gpt-4o-mini" and cost["batch"]["priced"]
    assert cost["batch"]["batch_usd"] == pytest.approx(cost["batch"]["live_usd"] / 2, abs=1e-6)
    assert cost["live_calls"]["live_usd"] > 0  # the consensus and framing calls, live
    assert 0 < cost["this_run_usd"] < cost["all_live_usd"]
    assert SECRET not in json.dumps(data) and SECRET not in err


def _offline_run(requests: Path, results: Path) -> None:
    """SYNTHETIC stand-in for `vllm run-batch -i requests -o results`: a hand-made answer per
    request in the Batch API output format, lines shuffled."""
    rows = []
    for n, line in enumerate(requests.read_text(encoding="utf-8").splitlines()):
        request = json.loads(line)
        body = {
            "id": f"cmpl-{n}",
            "object": "chat.completion",
            "model": request["body"]["model"],
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": _content(request["body"])},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 300, "completion_tokens": 20, "total_tokens": 320},
        }
        response = {"status_code": 200, "request_id": f"vllm-batch-{n}", "body": body}
        rows.append({"id": f"vllm-{n}", "custom_id": request["custom_id"], "response": response})
    random.Random(3).shuffle(rows)
    results.write_text("".join(json.dumps({**r, "error": None}) + "\n" for r in rows))


def test_export_then_import_then_the_briefings_make_no_live_digest_call(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    requests, results = tmp_path / "digests.jsonl", tmp_path / "results.jsonl"

    def route(call: Call) -> Answer:
        return Answer(Reply(content=_content(call.request)))

    with routing_server(route) as (url, state):
        backend = ["--backend", "vllm", "--base-url", url]
        assert main(_stories(tmp_path, *backend, "--batch-export", str(requests))) == 0
        err = capsys.readouterr().err
        assert state.calls == []  # the export asks nothing
        assert f"wrote {DIGESTS} request(s) to {requests}" in err and "--batch-import" in err
        pending = _index(tmp_path / "out")
        assert [s["status"] for s in pending["stories"]].count("pending") == 3
        assert pending["provenance"]["batch"]["requests"] == DIGESTS
        text = requests.read_text(encoding="utf-8")
        assert "127.0.0.1" not in text and len(text.splitlines()) == DIGESTS

        _offline_run(requests, results)
        assert main(_stories(tmp_path, *backend, "--batch-import", str(results))) == 0
        err = capsys.readouterr().err
        kinds = [c.kind for c in state.calls]
    assert "Traceback" not in err
    assert f"digests: {DIGESTS} answer(s) loaded into the cache, 0 failed" in err
    assert kinds and "digest" not in kinds  # digests from the import; the rest live
    data = _index(tmp_path / "out")
    assert [s["status"] for s in data["stories"]].count("briefed") == 3
    assert data["provenance"]["batch"]["loaded"] == DIGESTS
    # a local server's model is not in the price table: no guess, but the table is named
    cost = data["provenance"]["cost"]
    assert cost["this_run_usd"] is None and cost["prices_as_of"] == price_table().as_of


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["--batch", "--index-only", "--backend", "openai"], "--batch cannot be combined with"),
        (["--batch-export", "x.jsonl", "--index-only"], "--batch-export cannot be combined"),
        (["--batch", "--batch-export", "x.jsonl"], "--batch and --batch-export cannot be"),
        (["--batch", "--backend", "vllm"], "the Batch API is OpenAI's"),
        (["--batch"], "the embedded model runs here"),
        (["--batch", "--backend", "openai", "--no-cache"], "needs the response cache"),
        (["--batch-import", "missing.jsonl", "--backend", "vllm"], "no such results file"),
    ],
)
def test_batch_refusals_are_one_line_before_any_work(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    extra: list[str],
    says: str,
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    monkeypatch.chdir(tmp_path)
    assert main(_stories(tmp_path, *extra)) == 2
    lines = [x for x in capsys.readouterr().err.splitlines() if "error" in x]
    assert len(lines) == 1 and says in lines[0] and "Traceback" not in lines[0]
    assert not (tmp_path / "out").exists()  # nothing written, fetched or called
