"""One settings object: every tuning constant lives in `summarize/settings.py`, is loaded from the
config file's `[settings]`, changed per run with `--set` or the API, and reaches worker threads;
the speaker engine is a setting and the provenance says which ran. Model answers come from the
SYNTHETIC routing server."""

from __future__ import annotations

import ast
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import jsonschema
import pytest

import summarize
from summarize.api import briefing_schema
from summarize.cli import main
from summarize.errors import ConfigError
from summarize.llm.parallel import map_calls
from summarize.llm.session import ModelSession
from summarize.settings import (
    Settings,
    StorySettings,
    current,
    from_table,
    load,
    submit,
    using,
    with_pairs,
)
from summarize.text import speakers_spacy

from .conftest import SEEDS
from .fake_servers import Answer, Call, Reply, digest_json, routing_server

PACKAGE = Path(summarize.__file__).parent

# Module-level numbers that are not tuning, each with why it stays where it is.
ALLOWED: dict[str, dict[str, str]] = {
    "align/units.py": {"TITLE_INDEX": "a sentinel index (the headline), not a threshold"},
    "articles/read.py": {
        "RAW_BYTES_PER_CHAR": "a safety limit on raw input size, not a judgement",
        "HARD_BYTE_LIMIT": "a safety limit on raw input size, not a judgement",
    },
    "cli.py": {"INTERRUPTED_EXIT_CODE": "an exit code"},
    "errors.py": {"PARTIAL_EXIT_CODE": "an exit code"},
    "commands/articles_args.py": {"DEFAULT_MAX_CHARS": "a flag's default (--max-chars), a limit"},
    "llm/batch_api.py": {
        "MAX_REQUESTS_PER_BATCH": "the provider's Batch API limit",
        "MAX_BATCH_FILE_BYTES": "the provider's Batch API limit",
    },
    "llm/batch_results.py": {
        "MAX_RESULT_FILE_BYTES": "a safety limit on a file read",
        "MAX_RESULT_LINE_BYTES": "a safety limit on a file read",
    },
    "llm/cache.py": {"LOCK_WAIT_SECONDS": "how long to wait for a busy cache, operational"},
    "llm/session.py": {
        "_CLIENT_RETRY_AFTER_LIMIT": "how long a Retry-After is waited, operational",
        "JUDGE_TOP_LOGPROBS": "part of the request (cache key, recordings), not a bar",
    },
    "llm/transport.py": {
        "MAX_RESPONSE_BYTES": "a safety limit on an answer's size",
        "CONNECT_TIMEOUT": "a network timeout, operational",
    },
    "render/html/charts.py": dict.fromkeys(
        ("WIDTH", "LABEL_W", "BAR_W", "ROW_H", "TOP", "MAX_LABEL"), "drawing geometry in pixels"
    ),
    "safejson.py": {"MAX_DEPTH": "a safety limit on JSON nesting"},
    "stories/fetch.py": {"_REDIRECTS": "HTTP status codes"},
    "stories/index.py": {"MAX_INDEX_BYTES": "a safety limit on a file read"},
}


def _numeric(node: ast.expr) -> bool:
    """A number, or numbers combined (`16 * 1024`, `-1`), or a tuple/list/set/frozenset of
    them. Mappings are not scanned: those in the package are vocabularies and orders (number
    words, conflict kinds), not bars."""
    match node:
        case ast.Constant(value=value):
            return isinstance(value, int | float) and not isinstance(value, bool)
        case ast.UnaryOp(operand=operand):
            return _numeric(operand)
        case ast.BinOp(left=left, right=right):
            return _numeric(left) and _numeric(right)
        case ast.Tuple(elts=elts) | ast.List(elts=elts) | ast.Set(elts=elts):
            return bool(elts) and all(_numeric(e) for e in elts)
        case ast.Call(func=ast.Name(id="frozenset" | "set" | "tuple"), args=[arg]):
            return _numeric(arg)
    return False


def numeric_constants(root: Path) -> dict[str, set[str]]:
    """{module path: module-level names assigned a numeric value}, settings.py excluded."""
    found: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel == "settings.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            else:
                continue
            for target in targets:
                if isinstance(target, ast.Name) and _numeric(value):
                    found.setdefault(rel, set()).add(target.id)
    return found


def test_no_tuning_constant_outside_settings() -> None:
    found = numeric_constants(PACKAGE)
    stray = {
        f"{rel}: {name}"
        for rel, names in found.items()
        for name in names
        if name not in ALLOWED.get(rel, {})
    }
    assert not stray, "move these into summarize/settings.py (or allow them with a reason)"
    # the allowlist holds nothing that is gone: each entry is still a constant where it says
    stale = {
        f"{rel}: {name}"
        for rel, names in ALLOWED.items()
        for name in names
        if name not in found.get(rel, set())
    }
    assert not stale


def test_the_scan_finds_what_it_should(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(
        "A = 0.3\nB: int = -2\nC = (1, 2)\nD = frozenset({1})\nE = 16 * 1024\nF = 'x'\n"
        "G = True\ndef f():\n    H = 3\n",
        encoding="utf-8",
    )
    assert numeric_constants(tmp_path) == {"m.py": {"A", "B", "C", "D", "E"}}


def test_values_set_twice_before_are_one_field() -> None:
    s = Settings()
    # EVIDENCE_WORDS was in framing/render.py and render/html/framing_view.py; the 85 surname
    # bar in align/quotes.py and align/titles.py
    assert s.render.evidence_words == 12
    assert s.align.surname_similarity == 85.0
    assert not hasattr(s.align, "speaker_similarity")


def test_config_file_settings_are_loaded(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        'default_backend = "embedded"\n\n[settings.align]\ncarry_bar = 0.7\njudge_budget = 5\n\n'
        '[settings.text]\nspeakers = "rules"\n\n[settings.stories]\nwindow_days = 2\n',
        encoding="utf-8",
    )
    s = load(config)
    assert s.align.carry_bar == 0.7 and s.align.judge_budget == 5
    assert s.text.speakers == "rules"
    assert s.stories.window_days == 2.0 and isinstance(s.stories.window_days, float)
    assert s.verify == Settings().verify  # the rest keeps its defaults
    # the profiles read the same file: a [settings] table is not an unknown key there
    from summarize.llm.profiles import load_profiles

    assert load_profiles(config)[1] == "embedded"
    # flags over the file, the file over the defaults
    assert load(config, ["align.carry_bar=0.9"]).align.carry_bar == 0.9


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[settings.align]\ncary_bar = 0.7\n", "settings.align.cary_bar: unknown key"),
        ("[settings.aline]\ncarry_bar = 0.7\n", "[settings.aline]: unknown section"),
        ('[settings.align]\ncarry_bar = "high"\n', "settings.align.carry_bar: must be a number"),
        ("[settings.align]\njudge_budget = 2.5\n", "judge_budget: must be a whole number"),
        ("[settings.align]\ncarry_bar = true\n", "settings.align.carry_bar: must be a number"),
        ("[settings.align]\ncarry_bar = -1\n", "carry_bar: must be >= 0"),
        ('[settings.text]\nspeakers = "parser"\n', "speakers: must be one of auto, spacy, rules"),
        ("settings = 3\n", "[settings] must be a table"),
        ("[settings]\nalign = 3\n", "settings.align: must be a table"),
    ],
)
def test_a_bad_setting_is_one_line_naming_the_file_and_key(
    tmp_path: Path, toml: str, message: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load(config)
    text = str(caught.value)
    assert message in text and str(config) in text and "\n" not in text


def test_a_bad_setting_from_the_cli_is_exit_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[settings.framing]\nshow = 3\n", encoding="utf-8")
    monkeypatch.setenv("SUMMARIZE_CONFIG", str(config))
    assert main(["framing", str(SEEDS)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "settings.framing.show: unknown key" in err
    assert str(config) in err and "Traceback" not in err
    monkeypatch.delenv("SUMMARIZE_CONFIG")
    # --config names the file the settings come from too
    assert main(["brief", str(SEEDS), "--config", str(config)]) == 2
    assert "settings.framing.show: unknown key" in capsys.readouterr().err
    assert main(["framing", str(SEEDS), "--set", "framing=3"]) == 2
    assert "expected SECTION.NAME=VALUE" in capsys.readouterr().err


def test_set_changes_one_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["framing", str(SEEDS)]) == 0
    before = capsys.readouterr().out
    assert main(["framing", str(SEEDS), "--set", "render.evidence_words=1"]) == 0
    after = capsys.readouterr().out
    assert before != after
    assert "… and 1 more" in after and "… and 1 more" not in before
    # and the run's settings are gone after it
    assert current().render.evidence_words == Settings().render.evidence_words


def test_stories_bare_names_are_stories_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["stories", str(SEEDS), "-o", str(tmp_path / "out"), "--index-only"]
    assert main([*argv, "--set", "joinn=1"]) == 2
    assert "settings.stories.joinn: unknown key" in capsys.readouterr().err
    assert StorySettings.from_pairs(["window_days=2"]).window_days == 2.0
    s = with_pairs(Settings(), ["join_threshold=0.2", "stories.min_outlets=3"], bare="stories")
    assert (s.stories.join_threshold, s.stories.min_outlets) == (0.2, 3)
    with pytest.raises(ConfigError, match=r"SECTION\.NAME"):
        with_pairs(Settings(), ["join_threshold=0.2"])  # brief/framing: no bare names


def test_the_api_takes_settings() -> None:
    loaded = summarize.load_articles([str(SEEDS)])
    assert summarize.compare_outlets(loaded.articles).aligned
    few = with_pairs(Settings(), ["framing.align_limit=3"])
    assert not summarize.compare_outlets(loaded.articles, settings=few).aligned
    assert current().framing.align_limit == Settings().framing.align_limit


def test_an_override_reaches_worker_threads() -> None:
    changed = with_pairs(Settings(), ["align.carry_bar=0.5"])
    session = cast(
        ModelSession,
        SimpleNamespace(backend=SimpleNamespace(profile=SimpleNamespace(concurrency=3))),
    )

    def bar(_: int) -> float:
        return current().align.carry_bar

    with using(changed):
        assert map_calls(session, bar, list(range(6))) == [0.5] * 6
        with ThreadPoolExecutor(max_workers=2) as pool:
            assert submit(pool, bar, 0).result() == 0.5
            assert pool.submit(bar, 0).result() == 0.8  # a plain submit does not carry it
    assert map_calls(session, bar, [1, 2]) == [0.8, 0.8]


def test_the_environment_sets_the_speakers_below_the_flags(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SUMMARIZE_SPEAKERS", "rules")
    assert current().text.speakers == "rules"
    assert load(pairs=["text.speakers=auto"]).text.speakers == "auto"
    monkeypatch.setenv("SUMMARIZE_SPEAKERS", "parser")
    with pytest.raises(ConfigError, match="SUMMARIZE_SPEAKERS"):
        load()


TEXTS = {
    "a1.txt": "The council approved the budget of 40 million euros on Monday. "
    "“It is a fair deal,” Mayor Anna Berg said.",
    "a2.txt": "On Monday the council approved a 40 million euro budget. "
    "The mayor called it a fair deal.",
}
CLAIM = "The council approved a budget of 40 million euros on Monday."


def _route(call: Call) -> Answer:
    if call.kind == "digest":
        return Answer(Reply(content=digest_json("The council approved a budget.", [], [])))
    if call.kind == "consensus":
        return Answer(Reply(content=json.dumps({"sentences": [{"text": CLAIM, "facts": ["F1"]}]})))
    return Answer(Reply(content=json.dumps({"outlets": []})))


def _brief(tmp_path: Path, url: str, fmt: str, *extra: str) -> str:
    folder = tmp_path / "articles"
    folder.mkdir(exist_ok=True)
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    argv = ["brief", str(folder), "--backend", "llamacpp", "--base-url", url, "--no-cache"]
    assert main([*argv, "-q", "--format", fmt, "-o", str(out), *extra]) == 0
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("concurrency", ["1", "3"])
def test_a_set_override_reaches_the_briefing_worker_threads(
    tmp_path: Path, concurrency: str
) -> None:
    """The digests run in the pipeline's digest thread and, with concurrency, map_calls' pool:
    the run's --set must reach the requests they send."""
    with routing_server(_route) as (url, state):
        _brief(tmp_path, url, "json", "--concurrency", concurrency)
        _brief(
            tmp_path,
            url,
            "json",
            "--concurrency",
            concurrency,
            "--set",
            "digest.summary_output_tokens=77",
        )
    sent = [c.request.get("max_tokens") for c in state.calls if c.kind == "digest"]
    assert sent == [100, 100, 77, 77]


@pytest.mark.parametrize(
    "engine",
    [
        "rules",
        pytest.param(
            "spacy",
            marks=pytest.mark.skipif(not speakers_spacy.available(), reason="no nlp extra"),
        ),
    ],
)
def test_the_provenance_says_which_speaker_engine_ran(tmp_path: Path, engine: str) -> None:
    with routing_server(_route) as (url, _):
        data: dict[str, Any] = json.loads(
            _brief(tmp_path, url, "json", "--set", f"text.speakers={engine}")
        )
        markdown = _brief(tmp_path, url, "md", "--set", f"text.speakers={engine}")
        html = _brief(tmp_path, url, "html", "--set", f"text.speakers={engine}")
    jsonschema.validate(data, briefing_schema())
    assert data["provenance"]["speakers"] == engine
    assert f"\n- speakers: {engine}\n" in markdown
    assert f"\n<li>speakers: {engine}</li>\n" in html


def test_from_table_over_the_defaults_only_changes_what_it_names() -> None:
    s = from_table({"consensus": {"max_facts": 3}}, "test")
    assert s.consensus.max_facts == 3
    assert s.consensus.evidence_per_fact == Settings().consensus.evidence_per_fact
    assert s.align == Settings().align
