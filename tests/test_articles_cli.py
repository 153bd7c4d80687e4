"""`summarize articles` and the shared input arguments; the package's public names."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

import summarize.articles as articles_api
from summarize.cli import main
from summarize.commands.articles_args import add_input_arguments, load_from_args

SEEDS = Path(__file__).parents[1] / "seeds"
FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def test_public_api_is_pinned() -> None:
    assert sorted(articles_api.__all__) == sorted(
        [
            "FORMATS",
            "Article",
            "DuplicateGroup",
            "InputProblem",
            "LoadResult",
            "OffsetMap",
            "RemovedBlock",
            "Sentence",
            "Span",
            "load_article",
            "load_articles",
        ]
    )


def test_articles_command_markdown_on_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["articles", str(SEEDS)]) == 0
    out, err = capsys.readouterr()
    rows = [line for line in out.splitlines() if line.startswith("| A")]
    assert len(rows) == 5
    assert "related-stories block" in rows[0] and rows[1].endswith("| - |")
    assert "Moscow slams" in rows[1]
    assert err == ""


def test_articles_command_verbose_shows_removed_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["articles", "--verbose", str(SEEDS / "000_22f48ac809cd61f1.txt")]) == 0
    out, err = capsys.readouterr()
    assert "> Read next" in out and "Indonesian" in out
    assert "removed related-stories block: 'Read next'" in err


def test_articles_command_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    post = FIXTURES / "bridge_post.html"
    code = main(["articles", "--format", "json", "--skip-bad", str(empty), str(post), str(post)])
    assert code == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert [a["id"] for a in data["articles"]] == ["A1", "A2"]
    assert data["articles"][0]["outlet"] == "The Easthaven Post"
    assert data["articles"][1]["duplicate_of"] == "A1"
    assert data["duplicates"][0]["ids"] == ["A1", "A2"]
    assert data["problems"] == [{"path": str(empty), "message": "file is empty"}]
    assert f"skipped {empty}: file is empty" in err


def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["articles", str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err
    assert err == f"summarize: error: {tmp_path / 'missing.txt'}: no such file or folder\n"


def test_max_chars_flag(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["articles", "--max-chars", "1000", str(SEEDS)]) == 2
    assert "over the limit of 1,000; split it or raise --max-chars" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["articles", "--max-chars", "0", str(SEEDS)])


def test_shared_input_arguments() -> None:
    parser = argparse.ArgumentParser()
    add_input_arguments(parser)
    args = parser.parse_args([str(SEEDS), "--skip-bad", "--max-chars", "50_000"])
    assert (args.skip_bad, args.max_chars) == (True, 50_000)
    stream = io.StringIO()
    result = load_from_args(args, verbose=True, stream=stream)
    assert len(result.articles) == 5
    assert "A1 000_22f48ac809cd61f1.txt: removed related-stories block" in stream.getvalue()
