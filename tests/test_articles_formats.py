"""Every input format, metadata from files, manifests and guesses, and source offsets per format."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from summarize.articles import Article, load_article, load_articles

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def _paragraphs(article: Article) -> list[str]:
    return [article.text[p.start : p.end] for p in article.paragraphs]


def _assert_sentences_in_source(article: Article, source: str) -> None:
    for sentence in article.sentences:
        start, end = article.source_span(sentence.start, sentence.end)
        assert " ".join(source[start:end].split()) == sentence.text


def test_text_file_cleaned_with_title_and_outlet_from_file_name() -> None:
    article = load_article(FIXTURES / "bridge_gazette.txt")
    assert article.title == "Easthaven closes harbour bridge after cracks found in main span"
    assert article.title_span is not None and article.text[: article.title_span.end] == (
        article.title
    )
    assert article.outlet == "bridge_gazette"
    assert article.label == "bridge_gazette"
    assert [b.reason for b in article.removed] == [
        "share buttons",
        "share buttons",
        "advertisement",
        "subscription prompt",
        "related-stories block",
    ]
    assert "Advertisement" not in article.text and "festival" not in article.text
    assert "Ferries will run every 20 minutes until further notice." in article.text
    _assert_sentences_in_source(article, (FIXTURES / "bridge_gazette.txt").read_text())


def test_markdown_front_matter_and_markup_stripped() -> None:
    path = FIXTURES / "bridge_courier.md"
    article = load_article(path)
    assert (article.outlet, article.title, article.url, article.published, article.lean) == (
        "Easthaven Courier",
        "Harbour bridge shut as engineers find cracks",
        "https://courier.example.org/news/bridge-shut",
        "2024-05-06",
        "center",
    )
    paragraphs = _paragraphs(article)
    assert paragraphs[0] == "Harbour bridge shut as engineers find cracks"
    # soft-wrapped lines join into one paragraph; link targets and emphasis markers go
    assert paragraphs[1] == (
        "The harbour bridge in Easthaven was shut on Monday after an "
        "inspection found cracks in the main span, according to the town "
        "council."
    )
    assert "Inspection: at least three weeks" in paragraphs
    assert not any(ch in article.text for ch in "*#[]")
    source = path.read_text(encoding="utf-8")
    word = article.text.index("Easthaven")
    assert source[article.source_offset(word) :].startswith("Easthaven**")
    assert "tags" not in article.text


def test_html_main_text_metadata_and_offsets_into_the_markup() -> None:
    path = FIXTURES / "bridge_post.html"
    article = load_article(path)
    assert article.outlet == "The Easthaven Post"
    assert article.title == "Cracks close Easthaven bridge"
    assert article.url == "https://post.example.net/2024/05/06/bridge"
    assert article.published == "2024-05-06"
    assert "Home" not in article.text and "Privacy" not in article.text
    assert "tracking" not in article.text
    assert "traffic & pedestrians" in article.text  # entity decoded
    source = path.read_text(encoding="utf-8")
    quote = article.text.index("“Safety comes first,”")
    assert source[article.source_offset(quote) :].startswith("&ldquo;Safety")
    speaker = article.text.index("Maria Okafor")
    assert source[article.source_offset(speaker) :].startswith("Maria Okafor</b>")
    last = article.sentences[-1]
    start, end = article.source_span(last.start, last.end)
    assert source[start:end] == last.text


def test_jsonl_records_with_aliases_and_paragraph_lists() -> None:
    result = load_articles([FIXTURES / "feed.jsonl"])
    wire, radio = result.articles
    assert (wire.source, wire.outlet, wire.title, wire.published, wire.key) == (
        f"{FIXTURES / 'feed.jsonl'}#1",
        "Coastal Wire",
        "Easthaven bridge closed over cracks",
        "2024-05-06",
        "wire-1",
    )
    assert len(wire.paragraphs) == 2
    assert radio.source.endswith("feed.jsonl#2") and len(radio.paragraphs) == 2
    record = json.loads((FIXTURES / "feed.jsonl").read_text().splitlines()[0])
    _assert_sentences_in_source(wire, record["text"])


def test_json_document_with_articles_list_and_sentences() -> None:
    weekly, radio = load_articles([FIXTURES / "records.json"]).articles
    assert weekly.outlet == "Harbour Weekly"
    assert [s.text for s in weekly.sentences] == [
        "Cracks were found in the Easthaven bridge.",
        "It was closed on Monday.",
    ]
    assert radio.outlet == "Easthaven Radio" and radio.title is None


def test_single_json_record(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"outlet": "X News", "body": "A short report. It has two."}))
    article = load_article(path)
    assert article.outlet == "X News" and len(article.sentences) == 2


def test_folder_with_manifest_uses_its_order_metadata_and_ids() -> None:
    result = load_articles([FIXTURES / "set"])
    one, two = result.articles
    assert (one.id, one.outlet, one.lean, one.published, one.key) == (
        "A1",
        "Easthaven Gazette",
        "left",
        "2024-05-06",
        "gazette",
    )
    assert (two.id, two.outlet, two.key) == ("A2", None, "courier")  # null: unset, no guess
    assert two.label == "two.txt"
    assert all("ignored" not in a.source for a in result.articles)


def test_folder_without_manifest_is_sorted_and_filtered(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", "c.html.bak", ".hidden.txt", "notes.pdf"):
        (tmp_path / name).write_text("Some article text about the bridge. It was closed.")
    result = load_articles([tmp_path])
    assert [Path(a.source).name for a in result.articles] == ["a.md", "b.txt"]
    assert result.articles[0].outlet == "a"


def test_csv_manifest_paths_relative_to_it() -> None:
    result = load_articles([FIXTURES / "manifest.csv"])
    gazette, two = result.articles
    assert (gazette.outlet, gazette.lean, gazette.title) == ("Easthaven Gazette", "left", None)
    assert two.source.endswith("two.txt") and two.outlet is None


def test_json_manifest_detected_by_content(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The bridge was closed on Monday. Ferries run instead.")
    (tmp_path / "list.json").write_text(json.dumps([{"path": "a.txt", "outlet": "Wire"}]))
    (article,) = load_articles([tmp_path / "list.json"]).articles
    assert article.outlet == "Wire"


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = "---\noutlet: Piped News\n---\nThe bridge was closed on Monday. Ferries run instead.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    article = load_article("-")
    assert article.source == "<stdin>" and article.outlet == "Piped News"
    assert article.text == "The bridge was closed on Monday. Ferries run instead."


def test_stdin_html_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (FIXTURES / "bridge_post.html").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert load_article("-").outlet == "The Easthaven Post"


def test_ids_follow_input_order_across_inputs() -> None:
    result = load_articles(
        [FIXTURES / "bridge_post.html", FIXTURES / "feed.jsonl", FIXTURES / "bridge_courier.md"]
    )
    assert [(a.id, Path(a.source).name) for a in result.articles] == [
        ("A1", "bridge_post.html"),
        ("A2", "feed.jsonl#1"),
        ("A3", "feed.jsonl#2"),
        ("A4", "bridge_courier.md"),
    ]


def test_outlet_from_url_when_not_named(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text("---\nurl: https://www.example-news.com/a/b\n---\nText here. More text.\n")
    assert load_article(path).outlet == "example-news.com"


def test_latin1_and_mojibake_repaired(tmp_path: Path) -> None:
    text = "Le café a été fermé à cause de la grève. Le maire a parlé à la presse lundi."
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(text.encode("cp1252"))
    assert load_article(legacy).text == text
    mojibake = tmp_path / "mojibake.txt"
    mojibake.write_text("The mayorâ€™s café said â€œnoâ€\x9d. It closed.", encoding="utf-8")
    article = load_article(mojibake)
    assert article.text == "The mayor’s café said “no”. It closed."
    source = mojibake.read_text(encoding="utf-8")
    closed = article.text.index("It closed.")
    assert source[article.source_offset(closed) :] == "It closed."


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("The bridge was closed. Ferries run.".encode("utf-16"))
    assert load_article(path).text == "The bridge was closed. Ferries run."


def test_hard_wrapped_text_joins_lines_into_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.txt"
    path.write_text(
        "The harbour bridge in Easthaven was closed on Monday after\n"
        "engineers found cracks in its main span, the council said on\n"
        "its website late in the evening.\n\n"
        "Ferries will run every twenty minutes while the bridge is\n"
        "closed, and the council will publish updates every morning.\n"
    )
    article = load_article(path)
    assert _paragraphs(article) == [
        "The harbour bridge in Easthaven was closed on Monday after engineers found cracks in "
        "its main span, the council said on its website late in the evening.",
        "Ferries will run every twenty minutes while the bridge is closed, and the council will "
        "publish updates every morning.",
    ]
    _assert_sentences_in_source(article, path.read_text())


def test_whitespace_and_invisible_characters_normalised(tmp_path: Path) -> None:
    path = tmp_path / "spaces.txt"
    path.write_text("The\u00a0bridge   was\tclosed.\u200b Ferries\r\nrun now.\r\n\r\n\r\nEnd here.")
    article = load_article(path)
    assert _paragraphs(article) == ["The bridge was closed. Ferries", "run now.", "End here."]
