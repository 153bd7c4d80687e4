"""One failure does not sink the briefing: a failed digest costs its article, a failed consensus
or framing call falls back to what code measured, and the exit code says the briefing is
partial. A backend that fails every call (refused key, nothing answering) still fails at once.
All model answers come from the SYNTHETIC routing server."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from summarize.api import briefing_schema
from summarize.cli import main
from summarize.errors import PARTIAL_EXIT_CODE

from .fake_servers import Answer, Call, Reply, Route, digest_json, routing_server

TEXTS = {
    "a1.txt": "The council approved the budget of 40 million euros on Monday. "
    "Critics said the plan was rushed.",
    "a2.txt": "On Monday the council approved a 40 million euro budget. "
    "The mayor called it a fair deal.",
    "a3.txt": "The city council approved a budget of 40 million euros on Monday. "
    "Opposition members walked out of the chamber.",
}
CLAIM = "The council approved a budget of 40 million euros on Monday."
GOOD = {
    "digest": Reply(content=digest_json("The council approved a budget.", [(CLAIM, 1)], [])),
    "consensus": Reply(content=json.dumps({"sentences": [{"text": CLAIM, "facts": ["F1"]}]})),
    "framing": Reply(
        content=json.dumps(
            {"outlets": [{"id": f"A{k}", "framing": "It leads with the vote."} for k in (1, 2, 3)]}
        )
    ),
}
INVALID = Reply(content="{not json")


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _router(failing: dict[str, Reply]) -> Route:
    """Good answers, except `failing[kind or article id]`."""

    def route(call: Call) -> Answer:
        key = call.article_id if call.article_id in failing else call.kind
        return Answer(failing.get(key or "", GOOD[call.kind]))

    return route


def _brief(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str, *extra: str
) -> tuple[int, str, str]:
    code = main(
        [
            "brief",
            str(_folder(tmp_path)),
            "--backend",
            "llamacpp",
            "--base-url",
            url,
            "--cache-dir",
            str(tmp_path / "cache"),
            "-q",
            *extra,
        ]
    )
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.mark.parametrize("concurrency", ["1", "3"])
def test_an_unusable_digest_costs_only_its_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], concurrency: str
) -> None:
    with routing_server(_router({"A2": INVALID})) as (url, state):
        code, out, err = _brief(
            tmp_path, capsys, url, "--format", "json", "--concurrency", concurrency
        )
    assert code == PARTIAL_EXIT_CODE
    assert state.kinds().count("A2") == 3  # the bounded re-asks, then given up
    data = json.loads(out)
    jsonschema.validate(data, briefing_schema())
    assert [s["article"]["id"] for s in data["sources"]] == ["A1", "A3"]
    [failure] = data["failures"]
    assert failure["stage"] == "digest" and failure["article_id"] == "A2"
    assert failure["source"].endswith("a2.txt") and "unusable" in failure["reason"]
    # the rest is briefed: the two remaining outlets agree, the framing table has all three
    assert data["consensus"]["sentences"] and not data["consensus"]["fallback"]
    assert len(data["framing"]["measures"]["articles"]) == 3
    assert "A2" not in data["omissions"]["by_article"]
    [line] = err.splitlines()
    assert "partial briefing: A2 (" in line and "a2.txt) not briefed" in line


def test_a_rejected_request_for_one_article_is_a_failure_of_that_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rejected = Reply(status=400, body={"error": {"message": "prompt too long"}})
    with routing_server(_router({"A3": rejected})) as (url, _):
        code, out, err = _brief(tmp_path, capsys, url, "--format", "json")
    assert code == PARTIAL_EXIT_CODE
    data = json.loads(out)
    jsonschema.validate(data, briefing_schema())
    assert [f["article_id"] for f in data["failures"]] == ["A3"]
    assert "prompt too long" in data["failures"][0]["reason"]
    assert "partial briefing: A3 (" in err


def test_a_failed_consensus_call_lists_the_facts_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with routing_server(_router({"consensus": INVALID})) as (url, _):
        code, out, err = _brief(tmp_path, capsys, url, "--format", "json")
    assert code == PARTIAL_EXIT_CODE
    data = json.loads(out)
    jsonschema.validate(data, briefing_schema())
    assert data["consensus"]["fallback"] is True
    assert [s["facts"] for s in data["consensus"]["sentences"]] == [["F1"]]
    assert [f["stage"] for f in data["failures"]] == ["consensus"]
    assert "consensus call failed" in err and "agreed facts are listed" in err


def test_a_failed_framing_call_keeps_the_measured_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with routing_server(_router({"framing": INVALID})) as (url, _):
        code, out, err = _brief(tmp_path, capsys, url, "--format", "json", "--concurrency", "2")
    assert code == PARTIAL_EXIT_CODE
    data = json.loads(out)
    jsonschema.validate(data, briefing_schema())
    assert data["framing"]["narrative"] == []
    assert len(data["framing"]["measures"]["articles"]) == 3
    assert [f["stage"] for f in data["failures"]] == ["framing"]
    assert not data["consensus"]["fallback"]
    assert "framing call failed" in err


def test_a_whole_briefing_has_no_failures_key_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with routing_server(_router({})) as (url, _):
        code, out, err = _brief(tmp_path, capsys, url, "--format", "json")
    assert code == 0 and err == ""
    assert "failures" not in json.loads(out)


def test_every_digest_failing_is_a_plain_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    failing = {aid: INVALID for aid in ("A1", "A2", "A3")}
    with routing_server(_router(failing)) as (url, _):
        code, out, err = _brief(tmp_path, capsys, url)
    assert code == 4 and out == ""
    [line] = err.splitlines()
    assert "no article could be briefed (3 digest(s) failed)" in line and "a1.txt" in line


def test_a_refused_key_fails_the_run_at_once_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refused = Reply(status=401, body={"error": {"message": "bad key"}})
    with routing_server(lambda call: Answer(refused)) as (url, state):
        code, out, err = _brief(tmp_path, capsys, url)
    assert code == 4 and out == ""
    [line] = err.splitlines()
    assert "refused the credentials" in line and "partial" not in line
    assert len(state.calls) == 1  # one worker: the first refusal stops the run


def test_article_names_its_file_when_the_digest_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _folder(tmp_path) / "a1.txt"
    with routing_server(lambda call: Answer(INVALID)) as (url, _):
        code = main(["article", str(path), "--backend", "llamacpp", "--base-url", url, "-q"])
    err = capsys.readouterr().err
    assert code == 4
    [line] = err.splitlines()
    assert f"{path}: digest: the model's output was unusable" in line


def test_markdown_lists_the_failed_article_and_the_fallbacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    failing = {"A2": INVALID, "consensus": INVALID, "framing": INVALID}
    with routing_server(_router(failing)) as (url, _):
        code, out, err = _brief(tmp_path, capsys, url)
    assert code == PARTIAL_EXIT_CODE and len(err.splitlines()) == 3
    assert "_Partial briefing: 3 part(s) could not be produced" in out
    [line] = [x for x in out.splitlines() if x.startswith("- not briefed: A2 ")]
    assert "a2.txt`" in line and "unusable after 3 attempts" in line
    assert "_The consensus call failed (consensus: the model" in out
    assert "_The framing comparison call failed (outlets A1–A3: framing: the model" in out
    assert "### A2 " not in out and "### A1 " in out and "### A3 " in out


def test_a_hostile_file_name_of_a_failed_article_stays_inert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from markdown_it import MarkdownIt

    folder = _folder(tmp_path)
    (folder / "a2.txt").rename(folder / "a2`<img src=x onerror=alert(1)>|x.txt")
    with routing_server(_router({"A2": INVALID})) as (url, _):
        code = main(["brief", str(folder), "--backend", "llamacpp", "--base-url", url, "-q"])
    out = capsys.readouterr().out
    assert code == PARTIAL_EXIT_CODE
    [line] = [x for x in out.splitlines() if x.startswith("- not briefed: A2 ")]
    html = MarkdownIt("commonmark", {"html": True}).render(line)
    assert "<img" not in html and "onerror=alert(1)&gt;|x.txt</code>" in html
