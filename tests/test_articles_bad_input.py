"""Bad inputs: one clear message naming the file; `skip_bad` reports them and goes on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from summarize.articles import load_article, load_articles
from summarize.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
GOOD = "The bridge was closed on Monday. Ferries run every twenty minutes instead."


def _error(paths: list[Path | str], **kwargs: Any) -> str:
    with pytest.raises(InputError) as caught:
        load_articles(paths, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "file is empty"),
        (b"  \n\t\r\n  \n", "contains only whitespace"),
        ("   \n\u00a0 \n".encode(), "contains only whitespace"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is a binary file (PDF document)"),
        (b"PK\x03\x04\x14\x00\x06\x00", "is a binary file (ZIP archive"),
        (b"\x00\x01\x02\x03binary\x00\xff\xfe", "is a binary file (contains NUL bytes)"),
        (bytes(range(1, 32)) * 20, "is a binary file (control characters)"),
    ],
)
def test_unusable_file_contents(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    message = _error([path])
    assert message.startswith(f"{path}: ")
    assert expected in message


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xFF, 0xFE, 0x98]) * 40)
    message = _error([path])
    assert message.startswith(f"{path}: ")
    assert "encoding" in message or "binary" in message


def test_file_over_the_limit_is_refused_not_cut(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text((GOOD + "\n") * 200)
    message = _error([path], max_chars=5_000)
    assert message.startswith(f"{path}: is ")
    assert "over the limit of 5,000; split it or raise --max-chars" in message
    assert len(load_article(path).text) > 5_000  # the default limit takes it whole


def test_raw_file_far_beyond_the_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    path.write_text("<p>" + "x " * 60_000 + "</p>")
    assert "bytes, far over the limit" in _error([path], max_chars=1_000)


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    assert _error([missing]) == f"{missing}: no such file or folder"


def test_folder_with_no_supported_files(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    message = _error([tmp_path])
    assert message.startswith(f"{tmp_path}: folder has no supported files")
    assert ".txt" in message and ".html" in message


def test_duplicate_ids_in_manifest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt").write_text(GOOD)
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text("- {path: a.txt, id: wire}\n- {path: b.txt, id: wire}\n")
    assert _error([manifest]) == f"{manifest}: duplicate id 'wire' in entries 1 and 2"


def test_manifest_naming_a_missing_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text("articles:\n  - path: a.txt\n  - path: gone.txt\n")
    missing = tmp_path / "gone.txt"
    assert _error([manifest]) == (f"{missing}: no such file (named in {manifest} entry 2)")
    result = load_articles([manifest], skip_bad=True)
    assert [Path(a.source).name for a in result.articles] == ["a.txt"]
    assert [(p.path, p.message) for p in result.problems] == [
        (str(missing), f"no such file (named in {manifest} entry 2)")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- path: a.txt\n  outet: Wire\n", "unknown field 'outet'"),
        ("- outlet: Wire\n", "needs exactly one 'path'"),
        ("[unclosed", "manifest cannot be parsed"),
        ("just a string\n", "a manifest must list entries"),
    ],
)
def test_malformed_manifests(tmp_path: Path, text: str, expected: str) -> None:
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text(text)
    message = _error([manifest])
    assert message.startswith(str(manifest)) and expected in message


def test_non_article_html() -> None:
    path = FIXTURES / "listing.html"
    message = _error([path])
    assert message.startswith(f"{path}: no article text found")
    assert "navigation, listing or error page" in message


def test_html_with_no_text_at_all(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><body><script>x()</script></body></html>")
    assert _error([path]).startswith(f"{path}: no article text found")


def test_file_that_is_only_boilerplate(tmp_path: Path) -> None:
    path = tmp_path / "promo.txt"
    path.write_text("Advertisement\nSubscribe to our newsletter\nShare this article\n")
    assert _error([path]) == f"{path}: no article text left (only boilerplate)"


def test_bad_json_and_bad_records(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"text": "unterminated')
    assert _error([broken]).startswith(f"{broken}: not valid JSON (line 1")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(
            [
                json.dumps({"text": GOOD}),
                "{oops",
                json.dumps({"title": "x"}),
                json.dumps({"text": GOOD + " Again."}),
            ]
        )
    )
    assert (
        _error([feed]) == f"{feed} line 2: not valid JSON (Expecting property name enclosed "
        "in double quotes)"
    )
    result = load_articles([feed], skip_bad=True)
    assert [a.source for a in result.articles] == [f"{feed}#1", f"{feed}#4"]
    assert [str(p) for p in result.problems] == [
        f"{feed} line 2: not valid JSON (Expecting property name enclosed in double quotes)",
        f"{feed}#3: record has no article text (expected one of: text, body, content, article, "
        "maintext, full_text, html, paragraphs, sentences)",
    ]


def test_skip_bad_goes_on_and_numbers_only_the_good(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    missing = tmp_path / "missing.txt"
    with pytest.raises(InputError, match=r"empty\.txt: file is empty"):
        load_articles([empty, good])
    result = load_articles([empty, missing, good, FIXTURES / "listing.html"], skip_bad=True)
    assert [(a.id, Path(a.source).name) for a in result.articles] == [("A1", "good.txt")]
    assert [Path(p.path).name for p in result.problems] == [
        "empty.txt",
        "missing.txt",
        "listing.html",
    ]
    assert str(result.problems[0]) == f"{empty}: file is empty"


def test_skip_bad_with_nothing_left_still_fails(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    message = _error([empty, tmp_path / "missing.txt"], skip_bad=True)
    assert message.startswith("no usable articles in the input")
    assert "empty.txt: file is empty" in message


def test_no_paths_at_all() -> None:
    assert _error([]) == "no input files given"


def test_load_article_refuses_a_file_holding_several() -> None:
    with pytest.raises(InputError, match="holds 2 articles"):
        load_article(FIXTURES / "feed.jsonl")
