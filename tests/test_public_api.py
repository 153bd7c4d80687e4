"""The package's public surface is deliberate: adding or removing a name is a visible change."""

from __future__ import annotations

import ast
from pathlib import Path

import jsonschema

import summarize


def test_public_names_are_pinned() -> None:
    assert sorted(summarize.__all__) == [
        "Article",
        "AuthenticationError",
        "BackendError",
        "BackendUnreachable",
        "Briefing",
        "ConfigError",
        "Digest",
        "InputError",
        "InvalidOutputError",
        "LoadResult",
        "ModelSession",
        "ModelSetupError",
        "RequestRejected",
        "Settings",
        "SummarizeError",
        "briefing_schema",
        "build_briefing",
        "build_digest",
        "compare_outlets",
        "load_article",
        "load_articles",
        "load_settings",
        "open_model",
        "render_briefing",
        "render_digest",
    ]
    for name in summarize.__all__:
        assert hasattr(summarize, name)


def test_every_user_error_is_a_summarize_error() -> None:
    for name in (
        "InputError",
        "ConfigError",
        "ModelSetupError",
        "BackendError",
        "BackendUnreachable",
        "AuthenticationError",
        "RequestRejected",
        "InvalidOutputError",
    ):
        assert issubclass(getattr(summarize, name), summarize.SummarizeError)


def test_the_published_schema_is_valid_json_schema() -> None:
    schema = summarize.briefing_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == "summarize/briefing/v3"


def test_the_package_imports_no_evaluation_code() -> None:
    """evaluation/ (gold readers and scorers) is beside the package, not in its wheel: an import
    of it from summarize/ would break every installed copy."""
    package = Path(summarize.__file__).parent
    importers = []
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            if any(
                n == "evaluation" or n.startswith(("evaluation.", "bench", "tests")) for n in names
            ):
                importers.append(path.relative_to(package).as_posix())
    assert importers == []
