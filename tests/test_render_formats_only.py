"""The renderers only format a finished value (issue 25): no module under summarize/render
imports an analysis (alignment details, the consensus writer, the text layer) or the model layer,
the briefing's model imports no analysis, and framing does not import its renderers back."""

from __future__ import annotations

import ast
from pathlib import Path

import summarize

PACKAGE = Path(summarize.__file__).parent


def imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth (lazy imports in functions included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def offending(folder: Path, banned: tuple[str, ...]) -> dict[str, list[str]]:
    out = {}
    for path in sorted(folder.rglob("*.py")):
        bad = sorted(m for m in imports(path) if m.startswith(banned))
        if bad:
            out[str(path.relative_to(PACKAGE))] = bad
    return out


def test_renderers_compute_nothing() -> None:
    banned = (
        "summarize.llm",
        "summarize.brief.consensus",
        "summarize.align.details",
        "summarize.text",
    )
    assert offending(PACKAGE / "render", banned) == {}


def test_the_briefing_model_imports_no_analysis() -> None:
    found = imports(PACKAGE / "brief" / "briefing.py")
    assert not {m for m in found if m.startswith(("summarize.brief.consensus", "summarize.llm"))}
    assert "summarize.align.details.unique_details" not in found


def test_framing_does_not_import_its_renderers() -> None:
    assert offending(PACKAGE / "framing", ("summarize.render",)) == {}


def test_the_format_registry_serves_every_kind_in_every_format() -> None:
    from summarize.render.formats import FORMAT_NAMES, FORMATS

    assert FORMAT_NAMES == ("md", "json", "html")
    for fmt in FORMATS.values():
        assert callable(fmt.briefing) and callable(fmt.framing) and callable(fmt.stories_index)
