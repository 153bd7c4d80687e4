"""`summarize batch export` → an offline server's run → `summarize batch import` → the run that
follows makes no model call. The offline run here is SYNTHETIC (`offline_run` writes
hand-made answers in the `vllm run-batch` output format); no model is involved."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from summarize.articles import load_articles
from summarize.cli import main
from summarize.digest import build_digest
from summarize.llm.cache import ResponseCache
from summarize.llm.client import open_backend
from summarize.llm.profiles import resolve_profile
from summarize.llm.session import ModelSession

from .conftest import SEEDS

# Nothing listens on port 9: a live call would fail, so a finished run proves it made none.
BASE_URL = "http://user:pw-secret-5521@127.0.0.1:9/v1"
BACKEND = ["--backend", "vllm", "--base-url", BASE_URL, "--quiet"]
SECRET = "sk-synthetic-key-never-in-files-7731"


def offline_run(requests: Path, results: Path, *, broken: dict[int, str] | None = None) -> None:
    """SYNTHETIC stand-in for `vllm run-batch -i requests -o results`: one hand-made summary
    per request, lines shuffled; `broken` makes line n an HTTP 500 or an off-schema answer."""
    rows = []
    for n, line in enumerate(requests.read_text().splitlines()):
        request = json.loads(line)
        how = (broken or {}).get(n)
        content = json.dumps({"summary": f"Synthetic summary {n}."})
        if how == "off-schema":
            content = json.dumps({"headline": "no summary key"})
        body = {
            "id": f"cmpl-{n}",
            "object": "chat.completion",
            "model": request["body"]["model"],
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 900, "completion_tokens": 40, "total_tokens": 940},
        }
        status = 500 if how == "500" else 200
        response = {"status_code": status, "request_id": f"vllm-batch-{n}", "body": body}
        if status != 200:
            response["body"] = {"error": {"message": "synthetic: engine error"}}
        rows.append({"id": f"vllm-{n}", "custom_id": request["custom_id"], "response": response})
    random.Random(7).shuffle(rows)
    results.write_text("".join(json.dumps({**r, "error": None}) + "\n" for r in rows))


def _session() -> ModelSession:
    profile = resolve_profile("vllm", base_url=BASE_URL)
    return ModelSession(open_backend(profile, max_retries=0), ResponseCache())


def test_export_import_round_trip_then_zero_live_calls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    requests, results = tmp_path / "digests.jsonl", tmp_path / "results.jsonl"
    assert main(["batch", "export", str(SEEDS), "-o", str(requests), *BACKEND]) == 0
    assert "wrote 5 request(s)" in capsys.readouterr().err
    lines = [json.loads(x) for x in requests.read_text().splitlines()]
    assert len(lines) == 5 and len({x["custom_id"] for x in lines}) == 5
    assert all(x["method"] == "POST" and x["url"] == "/v1/chat/completions" for x in lines)
    assert all(x["body"]["model"] == "Qwen/Qwen2.5-7B-Instruct" for x in lines)
    text = requests.read_text()
    assert SECRET not in text and "pw-secret-5521" not in text and "127.0.0.1" not in text

    offline_run(requests, results)
    assert main(["batch", "import", str(results), str(SEEDS), *BACKEND]) == 0
    assert "5 answer(s) loaded into the cache, 0 failed" in capsys.readouterr().err

    session = _session()
    digests = [build_digest(a, session) for a in load_articles([str(SEEDS)]).articles]
    assert session.usage.calls == 0 and session.usage.cache_hits == 5
    assert sorted(d.summary for d in digests) == [f"Synthetic summary {n}." for n in range(5)]
    session.cache.close()  # type: ignore[union-attr]

    assert main(["batch", "export", str(SEEDS), "-o", str(requests), *BACKEND]) == 0
    assert "wrote 0 request(s)" in capsys.readouterr().err and requests.read_text() == ""


def test_import_loads_the_good_lines_and_reports_each_bad_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    requests, results = tmp_path / "digests.jsonl", tmp_path / "results.jsonl"
    assert main(["batch", "export", str(SEEDS), "-o", str(requests), *BACKEND]) == 0
    offline_run(requests, results, broken={1: "500", 3: "off-schema"})
    foreign = {"custom_id": "0" * 64, "response": {"status_code": 200, "body": {}}, "error": None}
    with results.open("a") as handle:
        handle.write("this line is not JSON\n" + json.dumps(foreign) + "\n")
    capsys.readouterr()
    assert main(["batch", "import", str(results), str(SEEDS), *BACKEND]) == 5
    err = capsys.readouterr().err
    assert f"warning: {results}:6: not JSON, skipped" in err
    assert "HTTP 500: synthetic: engine error" in err
    assert "JSON not matching the schema" in err
    assert "3 answer(s) loaded into the cache, 2 failed" in err
    # what failed is simply asked again: the next export holds exactly those two
    assert main(["batch", "export", str(SEEDS), "-o", str(requests), *BACKEND]) == 0
    assert len(requests.read_text().splitlines()) == 2


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--backend", "embedded", "--quiet"], "the embedded model runs here"),
        ([*BACKEND, "--no-cache"], "needs the response cache"),
    ],
)
def test_a_batch_the_tool_cannot_serve_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], needle: str
) -> None:
    out = tmp_path / "x.jsonl"
    assert main(["batch", "export", str(SEEDS), "-o", str(out), *extra]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and needle in err[0] and not out.exists()


@pytest.mark.parametrize(
    ("content", "needle"),
    [(None, "no such file"), ("\n\n", "no batch result lines"), ("[1, 2]\n", "no batch result")],
)
def test_an_unusable_results_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, needle: str
) -> None:
    results = tmp_path / "results.jsonl"
    if content is not None:
        results.write_text(content)
    assert main(["batch", "import", str(results), str(SEEDS), *BACKEND]) == 2
    assert needle in capsys.readouterr().err
