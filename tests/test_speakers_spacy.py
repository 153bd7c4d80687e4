"""The spaCy attribution (the optional `nlp` extra) and how `find_quotes` picks it.

Tests that parse skip when spaCy or its pinned English model is not installed; the selection
tests run everywhere.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from summarize.articles import Article
from summarize.errors import ConfigError
from summarize.settings import SPEAKERS_ENV as ATTRIBUTION_ENV
from summarize.text import speakers_spacy
from summarize.text.quote_finder import attribution
from summarize.text.quote_rules import Quote, find_quotes_rules

needs_spacy = pytest.mark.skipif(
    not speakers_spacy.available(),
    reason=f"spaCy or {speakers_spacy.MODEL} not installed (pip install 'summarize[nlp]')",
)


def _quote(text: str, fragment: str) -> Quote:
    quotes = speakers_spacy.find_quotes_spacy(Article.from_text("A", text, source="test"))
    return next(q for q in quotes if fragment in q.text)


def test_rules_setting_is_rules_and_a_bad_value_is_one_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ATTRIBUTION_ENV, "rules")
    assert attribution() == "rules"
    monkeypatch.setenv(ATTRIBUTION_ENV, "parser")
    with pytest.raises(ConfigError, match=ATTRIBUTION_ENV):
        attribution()


def test_auto_uses_spacy_exactly_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ATTRIBUTION_ENV, raising=False)
    assert attribution() == ("spacy" if speakers_spacy.available() else "rules")


@pytest.mark.skipif(speakers_spacy.available(), reason="spaCy is installed here")
def test_asking_for_spacy_without_the_extra_names_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ATTRIBUTION_ENV, "spacy")
    with pytest.raises(ConfigError, match=r"summarize\[nlp\]"):
        attribution()


def test_rules_run_never_imports_spacy() -> None:
    code = (
        "import sys; from summarize.articles import Article; "
        "from summarize.text.quote_finder import find_quotes; "
        "find_quotes(Article.from_text('A', '“It works,” Anna Berg said.', source='t')); "
        "print('spacy' in sys.modules)"
    )
    env = {"SUMMARIZE_SPEAKERS": "rules", "PATH": ""}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "False"


@needs_spacy
@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        # a long relative clause hides the subject from the rules; the parse still finds it
        (
            "Omar Haddad, the veteran leader of the opposition party who has twice lost a vote of"
            " confidence in parliament and once in the courts, said on Friday: “We are not there"
            " yet.”",
            "not there yet",
            "Omar Haddad",
        ),
        (
            "“We are not there yet,” Omar Haddad, who has led the party since 2010 and has twice"
            " lost a vote of confidence in parliament, told reporters on Friday.",
            "not there yet",
            "Omar Haddad",
        ),
        # (a fragment under a participle, "…, calling the plan '…'", the rules settle since
        # issue 24: tests/test_speakers_issue24.py)
    ],
)
def test_parse_names_the_speaker_the_rules_miss(text: str, fragment: str, speaker: str) -> None:
    article = Article.from_text("A", text, source="test")
    rules = next(q for q in find_quotes_rules(article) if fragment in q.text)
    assert rules.speaker != speaker  # the case is one the rules get wrong or leave open
    q = _quote(text, fragment)
    assert (q.speaker, q.speaker_source) == (speaker, "sentence")


@needs_spacy
@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("“It is over,” he said.", "It is over"),
        ("On Sunday, the storm moved north. “We are safe,” she said.", "We are safe"),
        ("A Fragile Peace Framework\n\n“No one called us,” they said.", "No one called"),
        # a quoted proposal's name under a verb that neither reports nor names is no speech
        (
            "President Omar Haddad has dismissed proposals to deploy a “reassurance force” in the"
            " region.",
            "reassurance force",
        ),
    ],
)
def test_parse_abstains_instead_of_guessing(text: str, fragment: str) -> None:
    assert _quote(text, fragment).speaker is None


@needs_spacy
def test_installed_model_matches_its_pinned_hash() -> None:
    import importlib.util

    spec = importlib.util.find_spec(speakers_spacy.MODEL)
    assert spec is not None and spec.origin is not None
    folder = Path(spec.origin).parent / f"{speakers_spacy.MODEL}-3.8.0"
    assert speakers_spacy.model_tree_sha256(folder) == speakers_spacy.MODEL_TREE_SHA256


def test_a_changed_model_file_changes_the_tree_hash(tmp_path: Path) -> None:
    (tmp_path / "ner").mkdir()
    (tmp_path / "ner" / "model").write_bytes(b"weights")
    before = speakers_spacy.model_tree_sha256(tmp_path)
    (tmp_path / "ner" / "model").write_bytes(b"weightz")
    assert speakers_spacy.model_tree_sha256(tmp_path) != before


@needs_spacy
def test_a_label_inside_a_reported_clause_is_still_the_speakers() -> None:
    text = "Anna Berg complained that the vote would deliver a “solidly Republican” seat."
    assert _quote(text, "solidly Republican").speaker == "Anna Berg"
